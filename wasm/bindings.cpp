// bindings.cpp: the JavaScript API of the engine, as one Embind table.
// Every call that can fail on user input returns "" or an error message (or null), and
// wasm/aeplay.mjs turns that into a thrown Error; the engine itself never throws.
// Arrays handed to JS are new Float32Arrays (copies): a view of WASM memory would die when the
// heap grows. Bulk state (progress, history, summary) crosses as JSON text.
#include "engine/train/config.h"
#include "engine/data/csv.h"
#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "engine/analysis/latent.h"
#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "course/lesson.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"

#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <fstream>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using emscripten::val;

namespace {

// Prepared image datasets (scripts/prepare_data.mjs) live in the module's in-memory file system;
// the caller hands them over with addDatasetAsset (node: read from build/data; the page: fetched).
const char* const kDataDir = "/data";

// What the WASM heap can still allocate: its growth left up to the maximum, plus malloc's free
// space inside the current heap (fragmentation aside).
int64_t heap_left() {
    return int64_t(emscripten_get_heap_max()) - int64_t(emscripten_get_heap_size()) +
           int64_t(mallinfo().fordblks);
}

val copy_to_js(const float* p, size_t n) {
    return val::global("Float32Array").new_(emscripten::typed_memory_view(n, p));
}

val bytes_to_js(const std::string& bytes) { // a new Uint8Array
    return val::global("Uint8Array")
        .new_(emscripten::typed_memory_view(bytes.size(), (const unsigned char*)bytes.data()));
}

// ONNX bytes of a trained model's part, or null with the message in *error (unknown part).
val onnx_to_js(const ae::TrainedModel& m, const std::string& part, std::string* error) {
    ae::OnnxPart p;
    const ae::Status st = ae::parse_onnx_part(part, &p);
    if (!st.ok()) {
        *error = "exportOnnx: " + st.error;
        return val::null();
    }
    const ae::Status ok = ae::onnx_exportable(m);
    if (!ok.ok()) {
        *error = "exportOnnx: " + ok.error;
        return val::null();
    }
    return bytes_to_js(ae::export_onnx(m, p));
}

// Lessons and share links (lesson.h) answer {"value": ...} or {"error": "message"}.
std::string lesson_result(const ae::Status& st, const std::string& value_json) {
    nlohmann::ordered_json j;
    if (st.ok())
        j["value"] = nlohmann::ordered_json::parse(value_json);
    else
        j["error"] = st.error;
    return j.dump();
}

// A lesson's checks on a session: the metrics (task id -> value) and each check's result; and the
// submission the page exports. Free functions over JsSession's session (declared below).
std::string lesson_checks(ae::Session& s, const std::string& lesson_text) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(lesson_text, &l);
    if (!st.ok()) return lesson_result(st, "");
    const auto metrics = ae::lesson_metrics(l, s);
    nlohmann::ordered_json j = {{"metrics", metrics}};
    j["checks"] =
        nlohmann::ordered_json::parse(ae::check_results_json(ae::evaluate_checks(l, metrics)));
    return lesson_result(st, j.dump());
}
std::string lesson_submission(ae::Session& s, const std::string& lesson_text,
                              const std::string& student) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(lesson_text, &l);
    if (!st.ok()) return lesson_result(st, "");
    return lesson_result(st, ae::submission_json(l, student, s.config(), ae::lesson_metrics(l, s)));
}

class JsSession {
  public:
    // Builds the session from a config JSON; "" on success, else the message (old state kept).
    std::string init(const std::string& config_json) {
        std::unique_ptr<ae::Session> s;
        ae::Config c;
        ae::Status st = ae::parse_config(config_json, &c);
        // Refused before the heap would overflow (an out-of-memory abort loses everything).
        if (st.ok())
            st = ae::check_memory_left(c, 0, heap_left(), int64_t(emscripten_get_heap_max()));
        if (st.ok()) st = ae::open_session(c, &s, kDataDir);
        if (!st.ok()) return st.error;
        session_ = std::move(s);
        return "";
    }
    // Resumes from a checkpoint (Session::checkpoint); "" or the message, old state kept.
    std::string resume(const std::string& bytes, const std::string& name) {
        std::unique_ptr<ae::Session> s;
        ae::Status st = ae::resume_session(bytes, name, &s, kDataDir);
        if (!st.ok()) return st.error;
        session_ = std::move(s);
        return "";
    }
    val checkpoint() const {
        if (!session_) return val::null();
        const std::string bytes = session_->checkpoint();
        return val::global("Uint8Array")
            .new_(emscripten::typed_memory_view(bytes.size(), (const unsigned char*)bytes.data()));
    }
    bool ready() const { return bool(session_); }
    int train_batches(int n) { return session_ ? session_->train_batches(n < 0 ? 0 : n) : 0; }
    int train_epoch() { return session_ ? session_->train_epoch() : 0; }
    void set_learning_rate(double lr) {
        if (session_ && lr > 0) session_->set_learning_rate(lr);
    }
    void set_epochs(int e) {
        if (session_ && e >= 1 && e <= ae::kMaxEpochs) session_->set_epochs(e);
    }

    std::string lesson_checks_json(const std::string& lesson_text) {
        if (!session_) return lesson_result(ae::Status::Error("session: not initialized"), "");
        return lesson_checks(*session_, lesson_text);
    }
    std::string submission_json(const std::string& lesson_text, const std::string& student) {
        if (!session_) return lesson_result(ae::Status::Error("session: not initialized"), "");
        return lesson_submission(*session_, lesson_text, student);
    }

    bool vae(const char* what) {
        error_.clear();
        if (session_ && session_->model().variational()) return true;
        error_ = std::string(what) + ": " +
                 (session_ ? "not a variational model (set model.variational in the config)"
                           : "no session");
        return false;
    }

    std::string status_json() const {
        if (!session_) return "null";
        const ae::Progress& p = session_->progress();
        const ae::History& h = session_->history();
        nlohmann::ordered_json j = {{"epoch", p.epoch},
                                    {"epochs", p.epochs},
                                    {"batch", p.batch},
                                    {"batches_per_epoch", p.batches_per_epoch},
                                    {"samples_seen", p.samples_seen},
                                    {"epoch_loss", p.epoch_loss},
                                    {"done", p.done},
                                    {"error", session_->error()},
                                    {"history", {{"loss", h.loss}, {"val_loss", h.val_loss}}}};
        if (session_->model().variational()) // a VAE's terms (session.h)
            for (const auto& [key, v] : {std::pair{"kl", &h.kl},
                                         {"reconstruction", &h.reconstruction},
                                         {"val_kl", &h.val_kl},
                                         {"val_reconstruction", &h.val_reconstruction}})
                j["history"][key] = *v;
        return j.dump();
    }

    std::string summary_json() const {
        if (!session_) return "null";
        const ae::Model& m = session_->model();
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto& r : m.summary_rows())
            rows.push_back({{"name", r.name},
                            {"shape", r.shape},
                            {"params", r.params},
                            {"formula", r.formula}});
        return nlohmann::ordered_json({{"text", m.summary()},
                                       {"rows", rows},
                                       {"params", m.num_params()},
                                       {"input", m.input_dim()},
                                       {"latent", m.latent_dim()}})
            .dump();
    }

    std::string config_json() const {
        return session_ ? ae::config_to_json(session_->config()) : "null";
    }
    // The seeds' evaluation (errors, anomaly threshold mean + k std, PCA at the same k, denoising).
    std::string evaluation_json(double k_std, bool with_errors) {
        return session_ ? ae::evaluation_json(ae::evaluate(*session_, k_std), with_errors) : "null";
    }
    // Denoising at a test-time noise level (denoise.h): the spec's keys over the session's
    // defaults; sample >= 0 adds that sample's rows, sweep_points >= 2 the sweep from 0 to twice
    // the training level. "" on error (lastError() names the field).
    std::string denoise_json(const std::string& spec_json, int sample, int sweep_points) {
        error_.clear();
        if (!session_) {
            error_ = "denoise: no session";
            return "";
        }
        ae::DenoiseSpec spec = ae::default_denoise_spec(session_->config());
        const ae::Status st = ae::parse_denoise_spec(spec_json, &spec);
        if (!st.ok()) {
            error_ = st.error;
            return "";
        }
        const int n = int(ae::denoise_clean_set(*session_).rows());
        if (sample >= n || sweep_points < 0 || sweep_points == 1 || sweep_points > 101) {
            error_ = sample >= n ? "denoise: sample: expected -1 (none) or 0 to " +
                                       std::to_string(n - 1) + ", got " + std::to_string(sample)
                                 : "denoise: sweep: expected 0 (none) or an integer from 2 to "
                                   "101, got " +
                                       std::to_string(sweep_points);
            return "";
        }
        const ae::DenoiseReport r = ae::denoise_report(*session_, spec);
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(
            ae::denoise_json(r, ae::denoise_clean_set(*session_), sample, true));
        if (sweep_points >= 2) {
            const double hi = ae::default_sweep_max(session_->config(), spec.type);
            j["sweep"] = nlohmann::ordered_json::parse(
                ae::denoise_sweep_json(ae::denoise_sweep(*session_, spec, hi, sweep_points)));
        }
        return j.dump();
    }
    // The Analysis tabs' numbers (evaluation.h); "null" without a session or, for the anomaly
    // curves, without ground truth. Options are checked by aeplay.mjs.
    std::string anomaly_curves_json(double k_std) {
        if (!session_) return "null";
        const ae::Evaluation e = ae::evaluate(*session_, k_std);
        const std::vector<int>& truth =
            e.set == "validation" ? session_->anomaly_val() : session_->anomaly_train();
        if (truth.empty()) return "null";
        return ae::anomaly_curves_json(ae::anomaly_curves(e.errors, truth, e.threshold));
    }
    std::string pca_comparison_json() {
        if (!session_) return "null";
        ae::Pca pca;
        pca.fit(session_->x_train());
        return ae::pca_comparison_json(ae::compare_with_pca(*session_, pca));
    }
    std::string probe_json(int folds, int epochs, int max_samples) {
        if (!session_) return "null";
        ae::Pca pca;
        pca.fit(session_->x_train());
        ae::ProbeOptions o;
        o.folds = folds;
        o.epochs = epochs;
        return ae::probe_json(ae::probe_codes(*session_, pca, o, max_samples));
    }
    std::string sensitivity_json(double delta, int max_samples) {
        return session_
                   ? ae::sensitivity_json(ae::session_sensitivity(*session_, delta, max_samples))
                   : "null";
    }
    std::string last_error() const { return error_; }

    // A variational model's views (model.h); null (lastError() says why) for other models.
    // The KL per latent dim on the evaluation split: {per_dim, collapsed, collapsed_below}.
    std::string per_dim_kl_json() {
        if (!vae("perDimKL")) return "null";
        const std::vector<double> kl = session_->kl_per_dim();
        std::vector<bool> collapsed;
        for (double k : kl)
            collapsed.push_back(k < ae::kCollapsedKL);
        return nlohmann::ordered_json({{"per_dim", kl},
                                       {"collapsed", collapsed},
                                       {"collapsed_below", ae::kCollapsedKL}})
            .dump();
    }
    // count decoded prior draws (count x input, the model's scaled units).
    val sample_prior(int count, double seed) {
        if (!vae("samplePrior")) return val::null();
        std::vector<float> out(size_t(count) * session_->model().input_dim());
        ae::sample_prior(out.data(), session_->model(), count, uint64_t(seed));
        return copy_to_js(out.data(), out.size());
    }
    // The n x n manifold grid over latent dims a, b (n * n x input, row-major from the top left).
    val manifold_grid(int n, int a, int b) {
        if (!vae("manifoldGrid")) return val::null();
        const int latent = session_->model().latent_dim();
        if (a < 0 || b < 0 || a >= latent || b >= latent || a == b) {
            error_ = "manifoldGrid: dimA and dimB: expected two different latent dimensions from "
                     "0 to " +
                     std::to_string(latent - 1);
            return val::null();
        }
        std::vector<float> out(size_t(n) * n * session_->model().input_dim());
        ae::manifold_grid(out.data(), session_->model(), n, a, b);
        return copy_to_js(out.data(), out.size());
    }

    val encode(val x) { return run(x, 0); }
    val decode(val z) { return run(z, 1); }
    val reconstruct(val x) { return run(x, 2); }

    // Validation/training sets as the model sees them (after scaling).
    val x_train() const {
        return session_ ? copy_to_js(session_->x_train().data(), session_->x_train().size())
                        : val::null();
    }
    val x_val() const {
        return session_ ? copy_to_js(session_->x_val().data(), session_->x_val().size())
                        : val::null();
    }
    val params() const {
        return session_
                   ? copy_to_js(session_->model().params.data(), session_->model().params.size())
                   : val::null();
    }

    // The trained model as a file's bytes (model_file.h), a new Uint8Array.
    val save_model() {
        if (!session_) return val::null();
        const std::string bytes = ae::save_model(*session_);
        return val::global("Uint8Array")
            .new_(emscripten::typed_memory_view(bytes.size(), (const unsigned char*)bytes.data()));
    }
    // Exports of the current weights (export_onnx.h, export_npz.h), through the model file.
    val export_onnx(const std::string& part) {
        error_.clear();
        ae::TrainedModel m;
        if (!trained(&m)) return val::null();
        return onnx_to_js(m, part, &error_);
    }
    val export_npz() {
        error_.clear();
        ae::TrainedModel m;
        return trained(&m) ? bytes_to_js(ae::export_npz(m)) : val::null();
    }

  private:
    bool trained(ae::TrainedModel* m) {
        if (!session_) {
            error_ = "export: no session";
            return false;
        }
        const ae::Status st = ae::load_model(ae::save_model(*session_), "session", m);
        if (!st.ok()) error_ = st.error;
        return st.ok();
    }
    val run(val in, int what) {
        static const char* kNames[] = {"encode", "decode", "reconstruct"};
        error_.clear();
        if (!session_) {
            error_ = std::string(kNames[what]) + ": no session";
            return val::null();
        }
        ae::Model& m = session_->model();
        const int in_w = what == 1 ? m.latent_dim() : m.input_dim();
        const int out_w = what == 0 ? m.latent_dim() : m.input_dim();
        std::vector<float> x = emscripten::convertJSArrayToNumberVector<float>(in);
        if (x.empty() || x.size() % size_t(in_w) != 0) {
            error_ = std::string(kNames[what]) + ": got " + std::to_string(x.size()) +
                     " values, expected a positive multiple of " + std::to_string(in_w) +
                     (what == 1 ? " (the latent size)" : " (the model's input size)");
            return val::null();
        }
        const int n = int(x.size() / size_t(in_w));
        std::vector<float> out(size_t(n) * out_w);
        if (what == 0)
            m.encode(x.data(), n, out.data());
        else if (what == 1)
            m.decode(x.data(), n, out.data());
        else
            m.reconstruct(x.data(), n, out.data());
        return copy_to_js(out.data(), out.size());
    }

    std::unique_ptr<ae::Session> session_;
    std::string error_;
};

// A loaded model file: seed 002's serving calls in the data's original units.
class JsModel {
  public:
    std::string load(const std::string& bytes, const std::string& name) {
        ae::TrainedModel m;
        ae::Status st = ae::load_model(bytes, name, &m);
        if (!st.ok()) return st.error;
        model_ = std::move(m);
        model_.model.reserve(256);
        loaded_ = true;
        return "";
    }
    std::string info_json() const {
        if (!loaded_) return "null";
        nlohmann::ordered_json j = {
            {"config", nlohmann::ordered_json::parse(ae::config_to_json(model_.config))},
            {"params", model_.model.num_params()},
            {"input", model_.model.input_dim()},
            {"latent", model_.model.latent_dim()},
            {"scaling", ae::kScalingNames[int(model_.scaler.kind)]},
            {"history", {{"loss", model_.history.loss}, {"val_loss", model_.history.val_loss}}},
            {"train_error", {{"mean", model_.train_error_mean}, {"std", model_.train_error_std}}}};
        return j.dump();
    }
    std::string last_error() const { return error_; }
    val encode(val x) { return run(x, 0); }
    val decode(val z) { return run(z, 1); }
    val reconstruct(val x) { return run(x, 2); }
    val score(val x) { return run(x, 3); }
    val export_onnx(const std::string& part) {
        error_.clear();
        if (!loaded_) {
            error_ = "model: nothing loaded";
            return val::null();
        }
        return onnx_to_js(model_, part, &error_);
    }
    val export_npz() {
        error_ = loaded_ ? "" : "model: nothing loaded";
        return loaded_ ? bytes_to_js(ae::export_npz(model_)) : val::null();
    }

  private:
    val run(val in, int what) {
        error_.clear();
        if (!loaded_) {
            error_ = "model: nothing loaded";
            return val::null();
        }
        const int in_w = what == 1 ? model_.model.latent_dim() : model_.model.input_dim();
        std::vector<float> x = emscripten::convertJSArrayToNumberVector<float>(in);
        if (x.empty() || x.size() % size_t(in_w) != 0) {
            static const char* kNames[] = {"encode", "decode", "reconstruct", "score"};
            error_ = std::string(kNames[what]) + ": got " + std::to_string(x.size()) +
                     " values, expected a positive multiple of " + std::to_string(in_w);
            return val::null();
        }
        ae::MatrixRM m = Eigen::Map<ae::MatrixRM>(x.data(), long(x.size() / size_t(in_w)), in_w);
        ae::MatrixRM out;
        ae::Status st;
        if (what == 3) {
            std::vector<double> scores;
            st = ae::serve_score(model_, m, &scores);
            std::vector<float> f(scores.begin(), scores.end());
            return st.ok() ? copy_to_js(f.data(), f.size()) : (error_ = st.error, val::null());
        }
        st = what == 0   ? ae::serve_encode(model_, m, &out)
             : what == 1 ? ae::serve_decode(model_, m, &out)
                         : ae::serve_reconstruct(model_, m, &out);
        if (!st.ok()) {
            error_ = st.error;
            return val::null();
        }
        return copy_to_js(out.data(), size_t(out.size()));
    }
    ae::TrainedModel model_;
    bool loaded_ = false;
    std::string error_;
};

// Stores a prepared dataset asset (mnist, fashion_mnist) for sessions to use: "" or the message.
std::string add_dataset_asset(const std::string& name, const std::string& bytes) {
    if (name != "mnist" && name != "fashion_mnist")
        return "addDatasetAsset: unknown dataset \"" + name + "\"; accepted: mnist, fashion_mnist";
    ae::Dataset check;
    ae::Status st = ae::parse_image_asset(bytes, name + ".bin", &check);
    if (!st.ok()) return st.error;
    mkdir(kDataDir, 0755);
    std::ofstream f(std::string(kDataDir) + "/" + name + ".bin", std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    return f ? "" : "addDatasetAsset: could not store " + name;
}

// Puts a user's file (a CSV upload) into the module's file system as /upload/<name>, where a
// config's data.path can name it: "" or the message. Names are plain file names.
std::string add_file(const std::string& name, const std::string& bytes) {
    if (name.empty() || name.size() > 200 || name.find('/') != std::string::npos || name == "." ||
        name == "..")
        return "addFile: \"" + name.substr(0, 200) +
               "\" is not a plain file name (1 to 200 characters, no '/')";
    if (long(bytes.size()) > ae::kMaxCsvBytes)
        return "addFile: " + name + " is " + std::to_string(bytes.size()) + " bytes; at most " +
               std::to_string(ae::kMaxCsvBytes) + " are accepted";
    mkdir("/upload", 0755);
    std::ofstream f("/upload/" + name, std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    return f ? "" : "addFile: could not store " + name;
}

// Checks a CSV file's text as the CLI reads it: "" or the message naming the line and column.
std::string check_csv(const std::string& text, const std::string& name) {
    ae::CsvTable t;
    return ae::parse_csv(text, name, &t).error;
}

// Validates a config without building anything: "" or the message.
std::string check_config(const std::string& text) {
    ae::Config c;
    return ae::parse_config(text, &c).error;
}

// Canonical JSON of a config (all defaults filled in), or "" when invalid.
std::string canonical_config(const std::string& text) {
    ae::Config c;
    return ae::parse_config(text, &c).ok() ? ae::config_to_json(c) : "";
}

// A lesson as JSON (styled text runs, tasks, locked and hidden controls).
std::string parse_lesson(const std::string& text) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(text, &l);
    return lesson_result(st, st.ok() ? ae::lesson_json(l) : "");
}
// The lesson's config for a student (their variant), canonical.
std::string lesson_config(const std::string& text, const std::string& student) {
    ae::Lesson l;
    ae::Status st = ae::parse_lesson(text, &l);
    ae::Config c;
    if (st.ok()) st = ae::lesson_config_for(l, student, &c);
    return lesson_result(st, st.ok() ? ae::config_to_json(c) : "");
}
// A share link's fragment ("config=..."): the canonical config, or why not.
std::string decode_share_fragment(const std::string& fragment) {
    ae::Config c;
    const ae::Status st = ae::parse_share_fragment(fragment, &c);
    return lesson_result(st, st.ok() ? ae::config_to_json(c) : "");
}

// ROC / PR curves, AUC, AP and the operating point of scores against 0/1 labels (evaluation.h).
std::string anomaly_curves(val scores, val labels, double threshold) {
    const std::vector<double> s = emscripten::convertJSArrayToNumberVector<double>(scores);
    const std::vector<int> l = emscripten::convertJSArrayToNumberVector<int>(labels);
    return ae::anomaly_curves_json(ae::anomaly_curves(s, l, threshold));
}

std::string model_summary(const std::string& text) {
    ae::Config c;
    ae::Status s = ae::parse_config(text, &c);
    if (!s.ok()) return "";
    ae::Model m;
    m.build(c);
    return m.summary();
}

} // namespace

EMSCRIPTEN_BINDINGS(aeplay) {
    emscripten::class_<JsSession>("Session")
        .constructor<>()
        .function("init", &JsSession::init)
        .function("resume", &JsSession::resume)
        .function("checkpoint", &JsSession::checkpoint)
        .function("ready", &JsSession::ready)
        .function("trainBatches", &JsSession::train_batches)
        .function("trainEpoch", &JsSession::train_epoch)
        .function("setLearningRate", &JsSession::set_learning_rate)
        .function("setEpochs", &JsSession::set_epochs)
        .function("statusJson", &JsSession::status_json)
        .function("summaryJson", &JsSession::summary_json)
        .function("configJson", &JsSession::config_json)
        .function("evaluationJson", &JsSession::evaluation_json)
        .function("denoiseJson", &JsSession::denoise_json)
        .function("anomalyCurvesJson", &JsSession::anomaly_curves_json)
        .function("pcaComparisonJson", &JsSession::pca_comparison_json)
        .function("probeJson", &JsSession::probe_json)
        .function("sensitivityJson", &JsSession::sensitivity_json)
        .function("lastError", &JsSession::last_error)
        .function("perDimKlJson", &JsSession::per_dim_kl_json)
        .function("samplePrior", &JsSession::sample_prior)
        .function("manifoldGrid", &JsSession::manifold_grid)
        .function("encode", &JsSession::encode)
        .function("decode", &JsSession::decode)
        .function("reconstruct", &JsSession::reconstruct)
        .function("xTrain", &JsSession::x_train)
        .function("xVal", &JsSession::x_val)
        .function("params", &JsSession::params)
        .function("saveModel", &JsSession::save_model)
        .function("exportOnnx", &JsSession::export_onnx)
        .function("exportNpz", &JsSession::export_npz)
        .function("lessonChecksJson", &JsSession::lesson_checks_json)
        .function("submissionJson", &JsSession::submission_json);
    emscripten::class_<JsModel>("Model")
        .constructor<>()
        .function("load", &JsModel::load)
        .function("infoJson", &JsModel::info_json)
        .function("lastError", &JsModel::last_error)
        .function("encode", &JsModel::encode)
        .function("decode", &JsModel::decode)
        .function("reconstruct", &JsModel::reconstruct)
        .function("score", &JsModel::score)
        .function("exportOnnx", &JsModel::export_onnx)
        .function("exportNpz", &JsModel::export_npz);
    emscripten::function("checkConfig", &check_config);
    emscripten::function("parseLesson", &parse_lesson);
    emscripten::function("lessonConfig", &lesson_config);
    emscripten::function("decodeShareFragment", &decode_share_fragment);
    emscripten::function("addDatasetAsset", &add_dataset_asset);
    emscripten::function("checkCsv", &check_csv);
    emscripten::function("addFile", &add_file);
    emscripten::function("canonicalConfig", &canonical_config);
    emscripten::function("modelSummary", &model_summary);
    emscripten::function("anomalyCurves", &anomaly_curves);
}
