// bindings.cpp: the JavaScript API of the engine, as one Embind table.
// One rule across the boundary: every call that can fail returns a result object,
//   { ok: true, value } or { ok: false, error: "the engine's message" },
// and wasm/aeplay.mjs (unwrap) turns a failed one into a thrown AeplayError. Nothing here throws
// or aborts on user input, and nothing is ignored: arguments arrive as JS values (val) and are
// checked here, where the limits live (kMaxEpochs, the model's sizes), so a message names the
// argument, what is accepted and what came. checkConfig and checkCsv are validators: a bad config
// or CSV is their answer ("" or the message), not a failure.
// Arrays handed to JS are new Float32Arrays / Uint8Arrays (copies): a view of WASM memory would
// die when the heap grows. Bulk state (progress, history, summary) crosses as JSON text.
// Files: addFile holds a user's bytes in the module's one DataFiles (engine/data/source.h) under
// "/upload/<name>", the key a config names; every session reads its data through it, so messages
// name the user's file ("iris.csv: line 3: ..."). The prepared image assets stay in MEMFS /data.
#include "course/lesson.h"
#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "engine/analysis/latent.h"
#include "engine/data/csv.h"
#include "engine/data/open_session.h"
#include "engine/data/source.h"
#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "engine/io/model_file.h"
#include "engine/train/config.h"
#include "engine/train/session.h"

#include <cmath>
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

// The user's files (addFile), held by key for every session of this module.
ae::DataFiles& data_files() {
    static ae::DataFiles files(kDataDir);
    return files;
}

// ---- The result shape -------------------------------------------------------------------------

val ok(val value = val::undefined()) {
    val r = val::object();
    r.set("ok", true);
    r.set("value", value);
    return r;
}
val fail(const std::string& error) {
    val r = val::object();
    r.set("ok", false);
    r.set("error", error);
    return r;
}
val fail(const ae::Status& st) {
    return fail(st.error);
}
val ok_text(const std::string& text) {
    return ok(val(text));
}

// ---- Arguments: JS values checked where the limits are known -----------------------------------

// A number as JS prints it (1e-6 -> "0.000001", NaN -> "NaN").
std::string number_text(double v) {
    return val::global("String")(val(v)).as<std::string>();
}

// How a message shows a value it refuses (the config parser's words: the string "x", an array).
std::string js_text(const val& v) {
    const std::string type = v.typeOf().as<std::string>();
    if (type == "number") return number_text(v.as<double>());
    if (type == "string") return "the string \"" + v.as<std::string>().substr(0, 40) + "\"";
    if (type == "boolean") return v.as<bool>() ? "true" : "false";
    if (v.isNull()) return "null";
    if (type == "undefined") return "undefined";
    if (val::global("Array").call<bool>("isArray", v)) return "an array";
    return "a" + std::string(type == "object" ? "n " : " ") + type;
}

// An integer argument from lo to hi into *out, or the message naming it and the range.
ae::Status integer_arg(const std::string& what, const val& v, double lo, double hi, int64_t* out) {
    if (v.typeOf().as<std::string>() == "number") {
        const double d = v.as<double>();
        if (d >= lo && d <= hi && d == std::floor(d)) {
            *out = int64_t(d);
            return ae::Status::Ok();
        }
    }
    return ae::Status::Error(what + ": expected an integer from " + number_text(lo) + " to " +
                             number_text(hi) + ", got " + js_text(v));
}
ae::Status integer_arg(const std::string& what, const val& v, double lo, double hi, int* out) {
    int64_t i = 0;
    ae::Status st = integer_arg(what, v, lo, hi, &i);
    *out = int(i);
    return st;
}
// A number argument in [lo, hi] (NaN never is), or the message; `range` words it when given.
ae::Status number_arg(const std::string& what, const val& v, double lo, double hi, double* out,
                      const std::string& range = "") {
    if (v.typeOf().as<std::string>() == "number") {
        const double d = v.as<double>();
        if (d >= lo && d <= hi) {
            *out = d;
            return ae::Status::Ok();
        }
    }
    return ae::Status::Error(
        what + ": expected " +
        (range.empty() ? "a number from " + number_text(lo) + " to " + number_text(hi) : range) +
        ", got " + js_text(v));
}
ae::Status bool_arg(const std::string& what, const val& v, bool* out) {
    if (v.typeOf().as<std::string>() == "boolean") {
        *out = v.as<bool>();
        return ae::Status::Ok();
    }
    return ae::Status::Error(what + ": expected true or false, got " + js_text(v));
}
bool is_array_like(const val& v) {
    return val::global("Array").call<bool>("isArray", v) ||
           val::global("ArrayBuffer").call<bool>("isView", v);
}

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

// ONNX bytes of a trained model's part, or the message (unknown part, a model ONNX cannot hold).
val onnx_to_js(const ae::TrainedModel& m, const std::string& part) {
    ae::OnnxPart p;
    const ae::Status st = ae::parse_onnx_part(part, &p);
    if (!st.ok()) return fail("exportOnnx: " + st.error);
    const ae::Status ok_model = ae::onnx_exportable(m);
    if (!ok_model.ok()) return fail("exportOnnx: " + ok_model.error);
    return ok(bytes_to_js(ae::export_onnx(m, p)));
}

// A lesson's checks on a session: the metrics (task id -> value) and each check's result; and the
// submission the page exports (JSON text).
val lesson_checks(ae::Session& s, const std::string& lesson_text) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(lesson_text, &l);
    if (!st.ok()) return fail(st);
    const auto metrics = ae::lesson_metrics(l, s);
    nlohmann::ordered_json j = {{"metrics", metrics}};
    j["checks"] =
        nlohmann::ordered_json::parse(ae::check_results_json(ae::evaluate_checks(l, metrics)));
    return ok_text(j.dump());
}
val lesson_submission(ae::Session& s, const std::string& lesson_text, const std::string& student) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(lesson_text, &l);
    if (!st.ok()) return fail(st);
    return ok_text(ae::submission_json(l, student, s.config(), ae::lesson_metrics(l, s)));
}

// (n, in_w) floats from a JS array, or the message naming the call and the width expected.
ae::Status rows_arg(const char* what, const val& in, int in_w, const char* width_name,
                    std::vector<float>* x) {
    if (!is_array_like(in))
        return ae::Status::Error(std::string(what) +
                                 ": expected a Float32Array or an array of numbers, got " +
                                 js_text(in));
    *x = emscripten::convertJSArrayToNumberVector<float>(in);
    if (x->empty() || x->size() % size_t(in_w) != 0)
        return ae::Status::Error(std::string(what) + ": got " + std::to_string(x->size()) +
                                 " values, expected a positive multiple of " +
                                 std::to_string(in_w) + width_name);
    return ae::Status::Ok();
}

class JsSession {
  public:
    // Builds the session from a config JSON; the old state is kept on failure.
    val init(const std::string& config_json) {
        std::unique_ptr<ae::Session> s;
        ae::Config c;
        ae::Status st = ae::parse_config(config_json, &c);
        // Refused before the heap would overflow (an out-of-memory abort loses everything).
        if (st.ok())
            st = ae::check_memory_left(c, 0, heap_left(), int64_t(emscripten_get_heap_max()));
        if (st.ok()) st = ae::open_session(c, &s, data_files());
        if (!st.ok()) return fail(st);
        session_ = std::move(s);
        return ok();
    }
    // Resumes from a checkpoint (Session::checkpoint); the old state is kept on failure.
    val resume(const std::string& bytes, const std::string& name) {
        std::unique_ptr<ae::Session> s;
        ae::Status st = ae::resume_session(bytes, name, &s, data_files());
        if (!st.ok()) return fail(st);
        session_ = std::move(s);
        return ok();
    }
    val checkpoint() const {
        if (!session_) return no_session();
        return ok(bytes_to_js(session_->checkpoint()));
    }
    bool ready() const { return bool(session_); }
    val train_batches(val n) {
        if (!session_) return no_session();
        int count = 0;
        const ae::Status st = integer_arg("trainBatches: n", n, 0, 2147483647, &count);
        if (!st.ok()) return fail(st);
        return ok(val(session_->train_batches(count)));
    }
    val train_epoch() {
        if (!session_) return no_session();
        return ok(val(session_->train_epoch()));
    }
    // The same range as the config's train.optimizer.learning_rate.
    val set_learning_rate(val lr) {
        if (!session_) return no_session();
        double v = 0;
        ae::Status st =
            number_arg("setLearningRate: lr", lr, 0, 100, &v, "a number above 0 and at most 100");
        if (st.ok() && v <= 0)
            st = ae::Status::Error("setLearningRate: lr: expected a number above 0 and at most "
                                   "100, got " +
                                   js_text(lr));
        if (!st.ok()) return fail(st);
        session_->set_learning_rate(v);
        return ok();
    }
    val set_epochs(val epochs) {
        if (!session_) return no_session();
        int e = 0;
        const ae::Status st = integer_arg("setEpochs: epochs", epochs, 1, ae::kMaxEpochs, &e);
        if (!st.ok()) return fail(st);
        session_->set_epochs(e);
        return ok();
    }

    val lesson_checks_json(const std::string& lesson_text) {
        if (!session_) return no_session();
        return lesson_checks(*session_, lesson_text);
    }
    val submission_json(const std::string& lesson_text, const std::string& student) {
        if (!session_) return no_session();
        return lesson_submission(*session_, lesson_text, student);
    }

    val status_json() const {
        if (!session_) return no_session();
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
        return ok_text(j.dump());
    }

    val summary_json() const {
        if (!session_) return no_session();
        const ae::Model& m = session_->model();
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto& r : m.summary_rows())
            rows.push_back({{"name", r.name},
                            {"shape", r.shape},
                            {"params", r.params},
                            {"formula", r.formula}});
        return ok_text(nlohmann::ordered_json({{"text", m.summary()},
                                               {"rows", rows},
                                               {"params", m.num_params()},
                                               {"input", m.input_dim()},
                                               {"latent", m.latent_dim()}})
                           .dump());
    }

    val config_json() const {
        if (!session_) return no_session();
        return ok_text(ae::config_to_json(session_->config()));
    }
    // The seeds' evaluation (errors, anomaly threshold mean + k std, PCA at the same k, denoising).
    val evaluation_json(val k_std, val with_errors) {
        if (!session_) return no_session();
        double k = 0;
        bool errors = false;
        ae::Status st = number_arg("evaluate: k", k_std, 0, 100, &k);
        if (st.ok()) st = bool_arg("evaluate: errors", with_errors, &errors);
        if (!st.ok()) return fail(st);
        return ok_text(ae::evaluation_json(ae::evaluate(*session_, k), errors));
    }
    // Denoising at a test-time noise level (denoise.h): the spec's keys over the session's
    // defaults; sample >= 0 adds that sample's rows, sweep_points >= 2 the sweep from 0 to twice
    // the training level.
    val denoise_json(const std::string& spec_json, val sample_arg, val sweep_arg) {
        if (!session_) return no_session();
        ae::DenoiseSpec spec = ae::default_denoise_spec(session_->config());
        ae::Status st = ae::parse_denoise_spec(spec_json, &spec);
        if (!st.ok()) return fail(st);
        const int n = int(ae::denoise_clean_set(*session_).rows());
        int sample = 0, sweep_points = 0;
        if (!integer_arg("", sample_arg, -1, n - 1, &sample).ok())
            return fail("denoise: sample: expected -1 (none) or 0 to " + std::to_string(n - 1) +
                        ", got " + js_text(sample_arg));
        if (!integer_arg("", sweep_arg, 0, 101, &sweep_points).ok() || sweep_points == 1)
            return fail("denoise: sweep: expected 0 (none) or an integer from 2 to 101, got " +
                        js_text(sweep_arg));
        const ae::DenoiseReport r = ae::denoise_report(*session_, spec);
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(
            ae::denoise_json(r, ae::denoise_clean_set(*session_), sample, true));
        if (sweep_points >= 2) {
            const double hi = ae::default_sweep_max(session_->config(), spec.type);
            j["sweep"] = nlohmann::ordered_json::parse(
                ae::denoise_sweep_json(ae::denoise_sweep(*session_, spec, hi, sweep_points)));
        }
        return ok_text(j.dump());
    }
    // The Analysis tabs' numbers (evaluation.h); the anomaly curves are "null" without ground
    // truth (a value, not a failure).
    val anomaly_curves_json(val k_std) {
        if (!session_) return no_session();
        double k = 0;
        const ae::Status st = number_arg("anomalyCurves: k", k_std, 0, 100, &k);
        if (!st.ok()) return fail(st);
        const ae::Evaluation e = ae::evaluate(*session_, k);
        const std::vector<int>& truth =
            e.set == "validation" ? session_->anomaly_val() : session_->anomaly_train();
        if (truth.empty()) return ok_text("null");
        return ok_text(ae::anomaly_curves_json(ae::anomaly_curves(e.errors, truth, e.threshold)));
    }
    val pca_comparison_json() {
        if (!session_) return no_session();
        ae::Pca pca;
        pca.fit(session_->x_train());
        return ok_text(ae::pca_comparison_json(ae::compare_with_pca(*session_, pca)));
    }
    val probe_json(val folds_arg, val epochs_arg, val max_samples_arg) {
        if (!session_) return no_session();
        ae::ProbeOptions o;
        int max_samples = 0;
        ae::Status st = integer_arg("probe: folds", folds_arg, 2, 20, &o.folds);
        if (st.ok()) st = integer_arg("probe: epochs", epochs_arg, 1, 10000, &o.epochs);
        if (st.ok())
            st = integer_arg("probe: maxSamples", max_samples_arg, o.folds, 1000000, &max_samples);
        if (!st.ok()) return fail(st);
        ae::Pca pca;
        pca.fit(session_->x_train());
        return ok_text(ae::probe_json(ae::probe_codes(*session_, pca, o, max_samples)));
    }
    val sensitivity_json(val delta_arg, val max_samples_arg) {
        if (!session_) return no_session();
        double delta = 0;
        int max_samples = 0;
        ae::Status st = number_arg("sensitivity: delta", delta_arg, 1e-6, 100, &delta);
        if (st.ok())
            st = integer_arg("sensitivity: maxSamples", max_samples_arg, 0, 1000000, &max_samples);
        if (!st.ok()) return fail(st);
        return ok_text(
            ae::sensitivity_json(ae::session_sensitivity(*session_, delta, max_samples)));
    }

    // A variational model's views (model.h); a failure on other models.
    // The KL per latent dim on the evaluation split: {per_dim, collapsed, collapsed_below}.
    val per_dim_kl_json() {
        const ae::Status st = vae("perDimKL");
        if (!st.ok()) return fail(st);
        const std::vector<double> kl = session_->kl_per_dim();
        std::vector<bool> collapsed;
        for (double k : kl)
            collapsed.push_back(k < ae::kCollapsedKL);
        return ok_text(
            nlohmann::ordered_json(
                {{"per_dim", kl}, {"collapsed", collapsed}, {"collapsed_below", ae::kCollapsedKL}})
                .dump());
    }
    // count decoded prior draws (count x input, the model's scaled units).
    val sample_prior(val count_arg, val seed_arg) {
        ae::Status st = vae("samplePrior");
        int count = 0;
        int64_t seed = 0;
        if (st.ok()) st = integer_arg("samplePrior: count", count_arg, 1, 10000, &count);
        if (st.ok()) st = integer_arg("samplePrior: seed", seed_arg, 0, 2147483647, &seed);
        if (!st.ok()) return fail(st);
        std::vector<float> out(size_t(count) * session_->model().input_dim());
        ae::sample_prior(out.data(), session_->model(), count, uint64_t(seed));
        return ok(copy_to_js(out.data(), out.size()));
    }
    // The n x n manifold grid over latent dims a, b (n * n x input, row-major from the top left).
    val manifold_grid(val n_arg, val a_arg, val b_arg) {
        ae::Status st = vae("manifoldGrid");
        int n = 0, a = 0, b = 0;
        if (st.ok()) st = integer_arg("manifoldGrid: n", n_arg, 1, 100, &n);
        if (!st.ok()) return fail(st);
        const int latent = session_->model().latent_dim();
        const std::string dims = "manifoldGrid: dimA and dimB: expected two different latent "
                                 "dimensions from 0 to " +
                                 std::to_string(latent - 1);
        if (!integer_arg("", a_arg, 0, latent - 1, &a).ok() ||
            !integer_arg("", b_arg, 0, latent - 1, &b).ok() || a == b)
            return fail(dims + ", got " + js_text(a_arg) + " and " + js_text(b_arg));
        std::vector<float> out(size_t(n) * n * session_->model().input_dim());
        ae::manifold_grid(out.data(), session_->model(), n, a, b);
        return ok(copy_to_js(out.data(), out.size()));
    }

    val encode(val x) { return run(x, 0); }
    val decode(val z) { return run(z, 1); }
    val reconstruct(val x) { return run(x, 2); }

    // Validation/training sets as the model sees them (after scaling).
    val x_train() const {
        if (!session_) return no_session();
        return ok(copy_to_js(session_->x_train().data(), session_->x_train().size()));
    }
    val x_val() const {
        if (!session_) return no_session();
        return ok(copy_to_js(session_->x_val().data(), session_->x_val().size()));
    }
    val params() const {
        if (!session_) return no_session();
        return ok(copy_to_js(session_->model().params.data(), session_->model().params.size()));
    }

    // The trained model as a file's bytes (model_file.h), a new Uint8Array.
    val save_model() {
        if (!session_) return no_session();
        return ok(bytes_to_js(ae::save_model(*session_)));
    }
    // Exports of the current weights (export_onnx.h, export_npz.h), through the model file.
    val export_onnx(const std::string& part) {
        ae::TrainedModel m;
        const ae::Status st = trained(&m);
        return st.ok() ? onnx_to_js(m, part) : fail(st);
    }
    val export_npz() {
        ae::TrainedModel m;
        const ae::Status st = trained(&m);
        return st.ok() ? ok(bytes_to_js(ae::export_npz(m))) : fail(st);
    }

  private:
    static val no_session() { return fail("session: not initialized"); }
    ae::Status vae(const char* what) const {
        if (session_ && session_->model().variational()) return ae::Status::Ok();
        return ae::Status::Error(
            std::string(what) + ": " +
            (session_ ? "not a variational model (set model.variational in the config)"
                      : "no session"));
    }
    ae::Status trained(ae::TrainedModel* m) {
        if (!session_) return ae::Status::Error("export: no session");
        return ae::load_model(ae::save_model(*session_), "session", m);
    }
    val run(val in, int what) {
        static const char* kNames[] = {"encode", "decode", "reconstruct"};
        if (!session_) return fail(std::string(kNames[what]) + ": no session");
        ae::Model& m = session_->model();
        const int in_w = what == 1 ? m.latent_dim() : m.input_dim();
        const int out_w = what == 0 ? m.latent_dim() : m.input_dim();
        std::vector<float> x;
        const ae::Status st =
            rows_arg(kNames[what], in, in_w,
                     what == 1 ? " (the latent size)" : " (the model's input size)", &x);
        if (!st.ok()) return fail(st);
        const int n = int(x.size() / size_t(in_w));
        std::vector<float> out(size_t(n) * out_w);
        if (what == 0)
            m.encode(x.data(), n, out.data());
        else if (what == 1)
            m.decode(x.data(), n, out.data());
        else
            m.reconstruct(x.data(), n, out.data());
        return ok(copy_to_js(out.data(), out.size()));
    }

    std::unique_ptr<ae::Session> session_;
};

// A loaded model file: seed 002's serving calls in the data's original units.
class JsModel {
  public:
    val load(const std::string& bytes, const std::string& name) {
        ae::TrainedModel m;
        ae::Status st = ae::load_model(bytes, name, &m);
        if (!st.ok()) return fail(st);
        model_ = std::move(m);
        model_.model.reserve(256);
        loaded_ = true;
        return ok();
    }
    val info_json() const {
        if (!loaded_) return not_loaded();
        nlohmann::ordered_json j = {
            {"config", nlohmann::ordered_json::parse(ae::config_to_json(model_.config))},
            {"params", model_.model.num_params()},
            {"input", model_.model.input_dim()},
            {"latent", model_.model.latent_dim()},
            {"scaling", ae::kScalingNames[int(model_.scaler.kind)]},
            {"history", {{"loss", model_.history.loss}, {"val_loss", model_.history.val_loss}}},
            {"train_error", {{"mean", model_.train_error_mean}, {"std", model_.train_error_std}}}};
        return ok_text(j.dump());
    }
    val encode(val x) { return run(x, 0); }
    val decode(val z) { return run(z, 1); }
    val reconstruct(val x) { return run(x, 2); }
    val score(val x) { return run(x, 3); }
    val export_onnx(const std::string& part) {
        return loaded_ ? onnx_to_js(model_, part) : not_loaded();
    }
    val export_npz() { return loaded_ ? ok(bytes_to_js(ae::export_npz(model_))) : not_loaded(); }

  private:
    static val not_loaded() { return fail("model: nothing loaded"); }
    val run(val in, int what) {
        static const char* kNames[] = {"encode", "decode", "reconstruct", "score"};
        if (!loaded_) return not_loaded();
        const int in_w = what == 1 ? model_.model.latent_dim() : model_.model.input_dim();
        std::vector<float> x;
        ae::Status st = rows_arg(kNames[what], in, in_w, "", &x);
        if (!st.ok()) return fail(st);
        ae::MatrixRM m = Eigen::Map<ae::MatrixRM>(x.data(), long(x.size() / size_t(in_w)), in_w);
        ae::MatrixRM out;
        if (what == 3) {
            std::vector<double> scores;
            st = ae::serve_score(model_, m, &scores);
            if (!st.ok()) return fail(st);
            std::vector<float> f(scores.begin(), scores.end());
            return ok(copy_to_js(f.data(), f.size()));
        }
        st = what == 0   ? ae::serve_encode(model_, m, &out)
             : what == 1 ? ae::serve_decode(model_, m, &out)
                         : ae::serve_reconstruct(model_, m, &out);
        if (!st.ok()) return fail(st);
        return ok(copy_to_js(out.data(), size_t(out.size())));
    }
    ae::TrainedModel model_;
    bool loaded_ = false;
};

// Stores a prepared dataset asset (mnist, fashion_mnist) for sessions to use.
val add_dataset_asset(const std::string& name, const std::string& bytes) {
    if (name != "mnist" && name != "fashion_mnist")
        return fail("addDatasetAsset: name: unknown dataset \"" + name.substr(0, 40) +
                    "\"; accepted: mnist, fashion_mnist");
    ae::Dataset check;
    ae::Status st = ae::parse_image_asset(bytes, name + ".bin", &check);
    if (!st.ok()) return fail(st);
    mkdir(kDataDir, 0755);
    std::ofstream f(std::string(kDataDir) + "/" + name + ".bin", std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    return f ? ok() : fail("addDatasetAsset: could not store " + name);
}

// Holds a user's file (a CSV or IDX upload) in the module's DataFiles under "/upload/<name>", the
// key a config's data.path / data.images / data.labels names; messages call it <name>. Returns
// the key. Names are plain file names; a second file of the same name replaces the first.
val add_file(const std::string& name, std::string bytes) {
    if (name.empty() || name.size() > 200 || name.find('/') != std::string::npos || name == "." ||
        name == "..")
        return fail("addFile: name: \"" + name.substr(0, 200) +
                    "\" is not a plain file name (1 to 200 characters, no '/')");
    if (long(bytes.size()) > ae::kMaxCsvBytes)
        return fail("addFile: " + name + " is " + std::to_string(bytes.size()) +
                    " bytes; at most " + std::to_string(ae::kMaxCsvBytes) + " are accepted");
    const std::string key = "/upload/" + name;
    data_files().add(key, name, std::move(bytes));
    return ok(val(key));
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

// Canonical JSON of a config (all defaults filled in).
val canonical_config(const std::string& text) {
    ae::Config c;
    const ae::Status st = ae::parse_config(text, &c);
    return st.ok() ? ok_text(ae::config_to_json(c)) : fail(st);
}

// A lesson as JSON (styled text runs, tasks, locked and hidden controls).
val parse_lesson(const std::string& text) {
    ae::Lesson l;
    const ae::Status st = ae::parse_lesson(text, &l);
    return st.ok() ? ok_text(ae::lesson_json(l)) : fail(st);
}
// The lesson's config for a student (their variant), canonical.
val lesson_config(const std::string& text, const std::string& student) {
    ae::Lesson l;
    ae::Status st = ae::parse_lesson(text, &l);
    ae::Config c;
    if (st.ok()) st = ae::lesson_config_for(l, student, &c);
    return st.ok() ? ok_text(ae::config_to_json(c)) : fail(st);
}
// A share link's fragment ("config=..."): the canonical config.
val decode_share_fragment(const std::string& fragment) {
    ae::Config c;
    const ae::Status st = ae::parse_share_fragment(fragment, &c);
    return st.ok() ? ok_text(ae::config_to_json(c)) : fail(st);
}

// ROC / PR curves, AUC, AP and the operating point of scores against 0/1 labels (evaluation.h);
// a label counts as 1 when it is true or a non-zero number.
val anomaly_curves(val scores, val labels, val threshold_arg) {
    if (!is_array_like(scores))
        return fail("anomalyCurves: scores: expected an array of numbers, got " + js_text(scores));
    if (!is_array_like(labels))
        return fail("anomalyCurves: labels: expected an array of 0/1, got " + js_text(labels));
    const int n_scores = scores["length"].as<int>(), n_labels = labels["length"].as<int>();
    if (n_scores != n_labels)
        return fail("anomalyCurves: " + std::to_string(n_scores) + " scores but " +
                    std::to_string(n_labels) + " labels");
    double threshold = 0; // +-Infinity are thresholds too (nothing / everything flagged)
    const ae::Status st = number_arg("anomalyCurves: threshold", threshold_arg, -HUGE_VAL, HUGE_VAL,
                                     &threshold, "a number (not NaN)");
    if (!st.ok()) return fail(st);
    const std::vector<double> s = emscripten::convertJSArrayToNumberVector<double>(scores);
    const std::vector<double> raw = emscripten::convertJSArrayToNumberVector<double>(labels);
    std::vector<int> l(raw.size());
    for (size_t i = 0; i < raw.size(); ++i)
        l[i] = raw[i] != 0 && !std::isnan(raw[i]);
    return ok_text(ae::anomaly_curves_json(ae::anomaly_curves(s, l, threshold)));
}

val model_summary(const std::string& text) {
    ae::Config c;
    const ae::Status st = ae::parse_config(text, &c);
    if (!st.ok()) return fail(st);
    ae::Model m;
    m.build(c);
    return ok_text(m.summary());
}

} // namespace

// The table. Result objects ({ok, value} / {ok, error}) from every call but ready(), checkConfig
// and checkCsv, which cannot fail.
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
