// aeplay: the command line of AE Playground.
//   aeplay summary CONFIG.json               print the model summary (Keras-like) and exit
//   aeplay train CONFIG.json [--out R.json]  train with one progress line per epoch, then the
//   seeds'
//                                            evaluation (errors, anomaly threshold, PCA at the same
//                                            k, denoising); write history, metrics, evaluation,
//                                            params, seed and timing
//   aeplay config CONFIG.json                print the config with every default filled in
//   aeplay encode|decode|reconstruct|score --model M --input FILE.csv [--out FILE.csv|.json] [--k
//   K]
//                                            seed 002's serving calls over a saved model, in the
//                                            data's original units (the saved scaler is applied);
//                                            score: per-sample anomaly score and whether it is
//                                            above the training errors' mean + k std (k = 3)
//   aeplay denoise CONFIG.json [--noise gaussian|masking] [--factor F] [--fraction P] [--clip
//   true|false] [--noise-seed S] [--sweep N] [--epochs N] [--out R.json] [--quiet]
//                                            train, then the denoising report at a test-time
//                                            noise level (defaults: the config's train.noise,
//                                            else gaussian 0.3 clipped; seed: the config's) and,
//                                            with --sweep, the MSEs at N levels from 0 to twice
//                                            the training level
//   aeplay export --model M [--onnx OUT.onnx] [--part encoder|decoder|full] [--npz OUT.npz]
//                                            the model for other tools: ONNX (default part: full;
//                                            raw units in and out) and NumPy's NPZ (export_*.h)
//   aeplay sample --model M [--count N] [--seed S] [--grid N [--dims A,B]] [--out FILE.csv]
//                                            a variational model's decoded draws from the prior
//                                            N(0, I) (default 16, seed 1), or with --grid the
//                                            N x N manifold grid over latent dims A, B (default
//                                            0,1) at the normal's quantiles of
//                                            linspace(0.05, 0.95), row-major from the top left;
//                                            one CSV row per image, in the data's units
//   aeplay grade LESSON.json SUBMISSION.json [--out results.json] [--data-dir DIR]
//                                            re-run a student's submission and write
//                                            Gradescope's results.json (default: stdout)
// Options for train: --epochs N (override), --save M (the trained model file), --quiet,
// --history H.csv|.json (loss and val_loss per epoch), --errors E.csv|.json (the evaluated
// split's per-sample errors and anomaly flags; JSON: the whole evaluation with its errors),
// --analysis (also the Analysis tabs' numbers: anomaly curves against ground truth, PCA's MSE
// over k and the principal angles, the linear probe on raw / PCA / AE codes, sensitivity),
// --data-dir DIR (the prepared mnist / fashion_mnist assets; default: build/data).
// Exit codes: 0 ok, 1 training stopped (NaN), 2 bad input (message on stderr, names the problem).
#include "engine/train/config.h"
#include "engine/data/csv.h"
#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "engine/analysis/latent.h"
#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "engine/io/export_results.h"
#include "course/lesson.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace {

// Where the prepared image datasets are: --data-dir, else build/data beside build/native/aeplay.
std::string g_data_dir;

int usage(const char* msg = nullptr) {
    if (msg) std::fprintf(stderr, "aeplay: %s\n", msg);
    std::fprintf(stderr,
                 "usage: aeplay summary CONFIG.json\n"
                 "       aeplay config CONFIG.json\n"
                 "       aeplay train CONFIG.json [--out RESULT.json] [--save MODEL] "
                 "[--epochs N] [--quiet] [--analysis] [--history H.csv|.json] "
                 "[--errors E.csv|.json]\n"
                 "       aeplay encode|decode|reconstruct|score --model MODEL --input "
                 "FILE.csv [--out FILE.csv|FILE.json] [--k K]\n"
                 "       aeplay sample --model MODEL [--count N] [--seed S] [--grid N] "
                 "[--dims A,B] [--out FILE.csv]\n"
                 "       aeplay export --model MODEL [--onnx OUT.onnx] "
                 "[--part encoder|decoder|full] [--npz OUT.npz]\n"
                 "       aeplay denoise CONFIG.json [--noise gaussian|masking] [--factor F] "
                 "[--fraction P] [--clip true|false] [--noise-seed S] [--sweep N] "
                 "[--epochs N] [--out RESULT.json] [--quiet]\n"
                 "       aeplay grade LESSON.json SUBMISSION.json [--out results.json]\n");
    return 2;
}

bool read_file(const char* path, std::string* out, std::string* err, size_t limit) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        *err = std::string(path) + ": cannot open (" + std::strerror(errno) + ")";
        return false;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    *out = ss.str();
    if (out->size() > limit) {
        *err = std::string(path) + ": " + std::to_string(out->size()) + " bytes; at most " +
               std::to_string(limit) + " are accepted here";
        return false;
    }
    return true;
}

bool load_config(const char* path, ae::Config* c) {
    std::string text, err;
    if (!read_file(path, &text, &err, 1u << 20)) {
        std::fprintf(stderr, "aeplay: %s\n", err.c_str());
        return false;
    }
    ae::Status s = ae::parse_config(text, c);
    if (!s.ok()) {
        std::fprintf(stderr, "aeplay: %s: %s\n", path, s.error.c_str());
        return false;
    }
    return true;
}

nlohmann::ordered_json metrics_json(const ae::Metrics& m) {
    return {{"mse", m.mse}, {"rmse", m.rmse}, {"mae", m.mae}};
}

// The Analysis tabs' numbers, printed and returned for the result file.
nlohmann::ordered_json analysis_json(ae::Session& s, const ae::Evaluation& ev) {
    nlohmann::ordered_json a;
    const std::vector<int>& truth = ev.set == "validation" ? s.anomaly_val() : s.anomaly_train();
    if (!truth.empty()) {
        const ae::AnomalyCurves c = ae::anomaly_curves(ev.errors, truth, ev.threshold);
        a["anomaly"] = nlohmann::ordered_json::parse(ae::anomaly_curves_json(c));
        std::printf("Anomalies against ground truth at the threshold: TP %ld, FP %ld, TN %ld, FN "
                    "%ld; precision %.4f, recall %.4f, F1 %.4f; ROC AUC %.4f, AP %.4f\n",
                    c.at.counts.tp, c.at.counts.fp, c.at.counts.tn, c.at.counts.fn,
                    c.at.counts.precision(), c.at.counts.recall(), c.at.counts.f1(), c.auc, c.ap);
    }
    ae::Pca pca;
    pca.fit(s.x_train());
    const ae::PcaComparison pc = ae::compare_with_pca(s, pca);
    a["pca"] = nlohmann::ordered_json::parse(ae::pca_comparison_json(pc));
    std::printf("PCA MSE for k = 1..%zu:", pc.pca_mse.size());
    for (double v : pc.pca_mse)
        std::printf(" %.6g", v);
    std::printf("\n");
    if (pc.angles_deg.empty()) {
        std::printf("Principal angles: not defined: %s\n", pc.angles_why.c_str());
    } else {
        std::printf("Principal angles between the decoder's subspace and PCA's top %d (degrees):",
                    pc.ae_k);
        for (double v : pc.angles_deg)
            std::printf(" %.4f", v);
        std::printf("\n");
    }
    const ae::ProbeComparison pr = ae::probe_codes(s, pca, ae::ProbeOptions{});
    a["probe"] = nlohmann::ordered_json::parse(ae::probe_json(pr));
    if (!pr.why.empty())
        std::printf("Linear probe: %s\n", pr.why.c_str());
    else
        std::printf("Linear probe (%d-fold CV on %d samples, chance %.4f): raw %.4f +- %.4f, PCA "
                    "(k = %d) %.4f +- %.4f, autoencoder %.4f +- %.4f\n",
                    pr.raw.folds, pr.samples, pr.raw.chance, pr.raw.mean, pr.raw.std, pr.pca_k,
                    pr.pca.mean, pr.pca.std, pr.autoencoder.mean, pr.autoencoder.std);
    const ae::Sensitivity se = ae::session_sensitivity(s);
    a["sensitivity"] = nlohmann::ordered_json::parse(ae::sensitivity_json(se));
    std::vector<int> order(se.increase.size());
    for (size_t j = 0; j < order.size(); ++j)
        order[j] = int(j);
    std::stable_sort(order.begin(), order.end(),
                     [&](int i, int j) { return se.increase[i] > se.increase[j]; });
    std::printf("Sensitivity (+-%g std, %d samples), top features:", se.delta, se.samples);
    for (size_t t = 0; t < order.size() && t < 5; ++t)
        std::printf(" #%d +%.6g", order[t], se.increase[order[t]]);
    std::printf("\n");
    return a;
}

bool write_output(const char* path, const std::string& text); // stdout when path is null
bool ends_with(const std::string& s, const char* suffix);

int cmd_train(const char* path, int argc, char** argv) {
    const char* out_path = nullptr;
    const char* save_path = nullptr;
    const char *history_path = nullptr, *errors_path = nullptr;
    long epochs_override = 0;
    bool quiet = false, analysis = false;
    for (int i = 0; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--out") && i + 1 < argc)
            out_path = argv[++i];
        else if (!std::strcmp(argv[i], "--save") && i + 1 < argc)
            save_path = argv[++i];
        else if (!std::strcmp(argv[i], "--history") && i + 1 < argc)
            history_path = argv[++i];
        else if (!std::strcmp(argv[i], "--errors") && i + 1 < argc)
            errors_path = argv[++i];
        else if (!std::strcmp(argv[i], "--epochs") && i + 1 < argc) {
            char* end = nullptr;
            epochs_override = std::strtol(argv[++i], &end, 10);
            if (*end || epochs_override < 1 || epochs_override > ae::kMaxEpochs)
                return usage("--epochs: expected an integer from 1 to 100000");
        } else if (!std::strcmp(argv[i], "--quiet"))
            quiet = true;
        else if (!std::strcmp(argv[i], "--analysis"))
            analysis = true;
        else if (!std::strcmp(argv[i], "--data-dir") && i + 1 < argc)
            g_data_dir = argv[++i];
        else
            return usage((std::string("unknown option ") + argv[i]).c_str());
    }
    ae::Config c;
    if (!load_config(path, &c)) return 2;
    if (epochs_override) c.train.epochs = int(epochs_override);
    std::unique_ptr<ae::Session> s;
    ae::Status st = ae::open_session(c, &s, g_data_dir);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s: %s\n", path, st.error.c_str());
        return 2;
    }
    std::printf("Training %s: %ld parameters, %d training and %d validation samples, seed %llu\n",
                path, s->model().num_params(), int(s->x_train().rows()), int(s->x_val().rows()),
                (unsigned long long)c.seed);
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    while (!s->done()) {
        const auto te = clock::now();
        s->train_epoch();
        const double dt = std::chrono::duration<double>(clock::now() - te).count();
        const auto& h = s->history();
        if (!quiet && !h.loss.empty() && int(h.loss.size()) == s->progress().epoch) {
            std::printf("Epoch %d/%d - loss: %.6f", int(h.loss.size()), c.train.epochs,
                        h.loss.back());
            if (!h.kl.empty())
                std::printf(" - reconstruction: %.6f - kl: %.6f", h.reconstruction.back(),
                            h.kl.back());
            if (!h.val_loss.empty()) std::printf(" - val_loss: %.6f", h.val_loss.back());
            if (!h.val_kl.empty())
                std::printf(" - val_reconstruction: %.6f - val_kl: %.6f",
                            h.val_reconstruction.back(), h.val_kl.back());
            std::printf(" - %.3fs\n", dt);
            std::fflush(stdout);
        }
    }
    const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
    const auto& h = s->history();
    nlohmann::ordered_json r;
    r["seed"] = c.seed;
    r["params"] = s->model().num_params();
    r["config"] = nlohmann::ordered_json::parse(ae::config_to_json(c));
    r["history"] = {{"loss", h.loss}, {"val_loss", h.val_loss}};
    if (s->model().variational())
        for (const auto& [key, v] : {std::pair{"kl", &h.kl},
                                     {"reconstruction", &h.reconstruction},
                                     {"val_kl", &h.val_kl},
                                     {"val_reconstruction", &h.val_reconstruction}})
            r["history"][key] = *v;
    nlohmann::ordered_json m;
    if (!h.loss.empty()) m["loss"] = h.loss.back();
    if (!h.val_loss.empty()) m["val_loss"] = h.val_loss.back();
    m["train"] = metrics_json(s->evaluate_metrics(s->x_train()));
    if (s->x_val().rows() > 0) m["val"] = metrics_json(s->evaluate_metrics(s->x_val()));
    if (!h.loss.empty() && !h.val_loss.empty()) {
        const double ratio = h.val_loss.back() / h.loss.back();
        m["val_train_ratio"] = ratio;
        m["overfitting"] = ratio > 1.5;
        std::printf("Final training loss: %.6f\nFinal validation loss: %.6f\nVal/Train loss ratio: "
                    "%.2f\n%s\n",
                    h.loss.back(), h.val_loss.back(), ratio,
                    ratio > 1.5 ? "WARNING: Possible overfitting (ratio > 1.5)"
                                : "OK: No significant overfitting");
    } else if (!h.loss.empty()) {
        std::printf("Final training loss: %.6f\n", h.loss.back());
    }
    r["metrics"] = m;
    const ae::Evaluation ev = ae::evaluate(*s, 3.0);
    std::printf("%s", ae::evaluation_text(ev).c_str());
    r["evaluation"] = nlohmann::ordered_json::parse(ae::evaluation_json(ev));
    if (analysis) r["analysis"] = analysis_json(*s, ev);
    r["timing"] = {
        {"seconds", seconds},
        {"samples_per_second", seconds > 0 ? double(s->progress().samples_seen) / seconds : 0.0}};
    if (!s->error().empty()) r["error"] = s->error();
    if (out_path) {
        std::ofstream f(out_path);
        if (!f) {
            std::fprintf(stderr, "aeplay: %s: cannot write (%s)\n", out_path, std::strerror(errno));
            return 2;
        }
        f << r.dump(2) << "\n";
    }
    if (history_path) {
        const std::string text =
            ends_with(history_path, ".json") ? r["history"].dump(2) + "\n" : ae::history_csv(h);
        if (!write_output(history_path, text)) return 2;
    }
    if (errors_path) {
        const std::string text = ends_with(errors_path, ".json")
                                     ? ae::evaluation_json(ev, true) + "\n"
                                     : ae::errors_csv(ev);
        if (!write_output(errors_path, text)) return 2;
    }
    if (save_path) {
        const std::string bytes = ae::save_model(*s);
        std::ofstream f(save_path, std::ios::binary);
        if (!f || !f.write(bytes.data(), std::streamsize(bytes.size()))) {
            std::fprintf(stderr, "aeplay: %s: cannot write (%s)\n", save_path,
                         std::strerror(errno));
            return 2;
        }
        std::printf("Saved the model to %s (%zu bytes)\n", save_path, bytes.size());
    }
    if (!s->error().empty()) {
        std::fprintf(stderr, "aeplay: %s\n", s->error().c_str());
        return 1;
    }
    return 0;
}

bool write_output(const char* path, const std::string& text) {
    if (!path) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    std::ofstream f(path, std::ios::binary);
    if (!f || !f.write(text.data(), std::streamsize(text.size()))) {
        std::fprintf(stderr, "aeplay: %s: cannot write (%s)\n", path, std::strerror(errno));
        return false;
    }
    return true;
}

bool ends_with(const std::string& s, const char* suffix) {
    const size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// encode | decode | reconstruct | score over a saved model and a CSV file.
int cmd_serve(const std::string& cmd, int argc, char** argv) {
    const char *model_path = nullptr, *input_path = nullptr, *out_path = nullptr;
    double k = 3.0;
    for (int i = 0; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!std::strcmp(argv[i], "--input") && i + 1 < argc)
            input_path = argv[++i];
        else if (!std::strcmp(argv[i], "--out") && i + 1 < argc)
            out_path = argv[++i];
        else if (!std::strcmp(argv[i], "--k") && i + 1 < argc) {
            char* end = nullptr;
            k = std::strtod(argv[++i], &end);
            if (*end || !(k >= 0 && k <= 100)) return usage("--k: expected a number from 0 to 100");
        } else
            return usage((std::string("unknown option ") + argv[i]).c_str());
    }
    if (!model_path) return usage((cmd + ": --model MODEL is required").c_str());
    if (!input_path) return usage((cmd + ": --input FILE.csv is required").c_str());
    std::string bytes, text, err;
    if (!read_file(model_path, &bytes, &err, size_t(1) << 30) ||
        !read_file(input_path, &text, &err, size_t(ae::kMaxCsvBytes))) {
        std::fprintf(stderr, "aeplay: %s\n", err.c_str());
        return 2;
    }
    ae::TrainedModel m;
    ae::Status st = ae::load_model(bytes, model_path, &m);
    ae::CsvTable table;
    if (st.ok()) st = ae::parse_csv(text, input_path, &table);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s\n", st.error.c_str());
        return 2;
    }
    m.model.reserve(256);
    ae::MatrixRM out;
    std::vector<double> scores;
    if (cmd == "encode")
        st = ae::serve_encode(m, table.values, &out);
    else if (cmd == "decode")
        st = ae::serve_decode(m, table.values, &out);
    else if (cmd == "reconstruct")
        st = ae::serve_reconstruct(m, table.values, &out);
    else
        st = ae::serve_score(m, table.values, &scores);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s: %s\n", input_path, st.error.c_str());
        return 2;
    }
    const bool json = out_path && ends_with(out_path, ".json");
    std::string result;
    if (cmd == "score") {
        const double threshold = m.train_error_mean + k * m.train_error_std;
        int flagged = 0;
        for (double v : scores)
            flagged += v > threshold;
        if (json) {
            std::vector<bool> anomaly;
            for (double v : scores)
                anomaly.push_back(v > threshold);
            result = nlohmann::ordered_json({{"score", scores},
                                             {"anomaly", anomaly},
                                             {"threshold", threshold},
                                             {"k", k},
                                             {"rule", "training per-sample MSE mean + k std"}})
                         .dump(2) +
                     "\n";
        } else {
            result = "score,anomaly\n";
            char b[64];
            for (double v : scores) {
                std::snprintf(b, sizeof b, "%.9g,%d\n", v, v > threshold ? 1 : 0);
                result += b;
            }
        }
        std::fprintf(
            stderr, "aeplay: %d of %zu samples above the threshold %.6g (training mean + %g std)\n",
            flagged, scores.size(), threshold, k);
    } else if (json) {
        std::vector<std::vector<float>> rows(out.rows());
        for (long i = 0; i < out.rows(); ++i)
            rows[i].assign(out.row(i).data(), out.row(i).data() + out.cols());
        result =
            nlohmann::ordered_json({{cmd == "encode" ? "codes" : "values", rows}}).dump() + "\n";
    } else {
        result = ae::to_csv(out.data(), int(out.rows()), int(out.cols()),
                            cmd == "reconstruct" ? table.header : std::vector<std::string>{});
    }
    return write_output(out_path, result) ? 0 : 2;
}

// sample: a variational model's prior samples or manifold grid, decoded (model.h).
int cmd_sample(int argc, char** argv) {
    const char *model_path = nullptr, *out_path = nullptr;
    long count = 16, seed = 1, grid = 0;
    int dims[2] = {0, 1};
    auto integer = [](const char* text, long lo, long hi, long* out) {
        char* end = nullptr;
        *out = std::strtol(text, &end, 10);
        return !*end && *out >= lo && *out <= hi;
    };
    for (int i = 0; i < argc; ++i) {
        const bool more = i + 1 < argc;
        if (!std::strcmp(argv[i], "--model") && more)
            model_path = argv[++i];
        else if (!std::strcmp(argv[i], "--out") && more)
            out_path = argv[++i];
        else if (!std::strcmp(argv[i], "--count") && more) {
            if (!integer(argv[++i], 1, 10000, &count))
                return usage("--count: expected an integer from 1 to 10000");
        } else if (!std::strcmp(argv[i], "--seed") && more) {
            if (!integer(argv[++i], 0, 2147483647L, &seed))
                return usage("--seed: expected an integer from 0 to 2147483647");
        } else if (!std::strcmp(argv[i], "--grid") && more) {
            if (!integer(argv[++i], 1, 100, &grid))
                return usage("--grid: expected an integer from 1 to 100");
        } else if (!std::strcmp(argv[i], "--dims") && more) {
            if (std::sscanf(argv[++i], "%d,%d", &dims[0], &dims[1]) != 2)
                return usage("--dims: expected two latent dimensions, e.g. 0,1");
        } else
            return usage((std::string("unknown option ") + argv[i]).c_str());
    }
    if (!model_path) return usage("sample: --model MODEL is required");
    std::string bytes, err;
    if (!read_file(model_path, &bytes, &err, size_t(1) << 30)) {
        std::fprintf(stderr, "aeplay: %s\n", err.c_str());
        return 2;
    }
    ae::TrainedModel m;
    const ae::Status st = ae::load_model(bytes, model_path, &m);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s\n", st.error.c_str());
        return 2;
    }
    if (!m.model.variational()) {
        std::fprintf(stderr,
                     "aeplay: %s: not a variational model (its config has no "
                     "model.variational); sample needs one\n",
                     model_path);
        return 2;
    }
    const int latent = m.model.latent_dim();
    for (int d : dims)
        if (d < 0 || d >= latent || dims[0] == dims[1]) {
            std::fprintf(stderr,
                         "aeplay: --dims: expected two different latent dimensions from 0 to "
                         "%d, got %d,%d\n",
                         latent - 1, dims[0], dims[1]);
            return 2;
        }
    const int rows = grid ? int(grid * grid) : int(count);
    ae::MatrixRM out(rows, m.model.input_dim());
    m.model.reserve(256);
    if (grid)
        ae::manifold_grid(out.data(), m.model, int(grid), dims[0], dims[1]);
    else
        ae::sample_prior(out.data(), m.model, rows, uint64_t(seed));
    m.scaler.inverse_transform(out.data(), out.rows());
    return write_output(out_path, ae::to_csv(out.data(), rows, int(out.cols()), {})) ? 0 : 2;
}

// export: a saved model for other tools, ONNX and/or NPZ (engine/export_onnx.h, export_npz.h).
int cmd_export(int argc, char** argv) {
    const char *model_path = nullptr, *onnx_path = nullptr, *npz_path = nullptr;
    std::string part_name = "full";
    for (int i = 0; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!std::strcmp(argv[i], "--onnx") && i + 1 < argc)
            onnx_path = argv[++i];
        else if (!std::strcmp(argv[i], "--npz") && i + 1 < argc)
            npz_path = argv[++i];
        else if (!std::strcmp(argv[i], "--part") && i + 1 < argc)
            part_name = argv[++i];
        else
            return usage((std::string("unknown option ") + argv[i]).c_str());
    }
    if (!model_path) return usage("export: --model MODEL is required");
    if (!onnx_path && !npz_path)
        return usage("export: nothing to write; give --onnx OUT.onnx and/or --npz OUT.npz");
    ae::OnnxPart part = ae::OnnxPart::full;
    ae::Status st = ae::parse_onnx_part(part_name, &part);
    if (!st.ok()) return usage(("--part: " + st.error).c_str());
    std::string bytes, err;
    if (!read_file(model_path, &bytes, &err, size_t(1) << 30)) {
        std::fprintf(stderr, "aeplay: %s\n", err.c_str());
        return 2;
    }
    ae::TrainedModel m;
    st = ae::load_model(bytes, model_path, &m);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s\n", st.error.c_str());
        return 2;
    }
    if (onnx_path) {
        const ae::Status ok = ae::onnx_exportable(m);
        if (!ok.ok()) {
            std::fprintf(stderr, "aeplay: %s: %s\n", model_path, ok.error.c_str());
            return 2;
        }
        if (!write_output(onnx_path, ae::export_onnx(m, part))) return 2;
        std::printf("Wrote the %s as ONNX to %s\n",
                    part == ae::OnnxPart::full ? "full model" : part_name.c_str(), onnx_path);
    }
    if (npz_path) {
        if (!write_output(npz_path, ae::export_npz(m))) return 2;
        std::printf("Wrote the weights as NPZ to %s\n", npz_path);
    }
    return 0;
}

// denoise: trains the config (as train does, without its printout) and reports how well the model
// removes test-time noise. The noise options go through the engine's parse_denoise_spec, so a bad
// value gets the same message as in the JS API.
int cmd_denoise(const char* path, int argc, char** argv) {
    nlohmann::json opts = nlohmann::json::object();
    const char* out_path = nullptr;
    long epochs_override = 0, sweep_points = 0;
    bool quiet = false;
    auto number = [](const char* text, double* x) {
        char* end = nullptr;
        *x = std::strtod(text, &end);
        return *text && !*end;
    };
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        double x = 0;
        if (a == "--quiet") {
            quiet = true;
            continue;
        }
        if (i + 1 >= argc) return usage((a + ": expected a value after it").c_str());
        const char* v = argv[++i];
        if (a == "--noise")
            opts["type"] = v;
        else if (a == "--factor" || a == "--fraction" || a == "--noise-seed") {
            if (!number(v, &x))
                return usage((a + ": expected a number, got \"" + v + "\"").c_str());
            opts[a == "--noise-seed" ? "seed" : a.substr(2)] = x;
        } else if (a == "--clip") {
            if (std::strcmp(v, "true") && std::strcmp(v, "false"))
                return usage("--clip: expected true or false");
            opts["clip"] = !std::strcmp(v, "true");
        } else if (a == "--sweep") {
            if (!number(v, &x) || x < 2 || x > 101 || x != std::floor(x))
                return usage("--sweep: expected an integer from 2 to 101");
            sweep_points = long(x);
        } else if (a == "--epochs") {
            if (!number(v, &x) || x < 1 || x > ae::kMaxEpochs || x != std::floor(x))
                return usage("--epochs: expected an integer from 1 to 100000");
            epochs_override = long(x);
        } else if (a == "--out")
            out_path = v;
        else if (a == "--data-dir")
            g_data_dir = v;
        else
            return usage(("unknown option " + a).c_str());
    }
    ae::Config c;
    if (!load_config(path, &c)) return 2;
    if (epochs_override) c.train.epochs = int(epochs_override);
    ae::DenoiseSpec spec = ae::default_denoise_spec(c);
    ae::Status st = ae::parse_denoise_spec(
        opts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), &spec);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s\n", st.error.c_str());
        return 2;
    }
    std::unique_ptr<ae::Session> s;
    st = ae::open_session(c, &s, g_data_dir);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s: %s\n", path, st.error.c_str());
        return 2;
    }
    while (!s->done()) {
        s->train_epoch();
        const auto& h = s->history();
        if (!quiet && !h.loss.empty() && int(h.loss.size()) == s->progress().epoch) {
            std::printf("Epoch %d/%d - loss: %.6f", int(h.loss.size()), c.train.epochs,
                        h.loss.back());
            if (!h.val_loss.empty()) std::printf(" - val_loss: %.6f", h.val_loss.back());
            std::printf("\n");
        }
    }
    const ae::DenoiseReport r = ae::denoise_report(*s, spec);
    ae::DenoiseSweep w;
    if (sweep_points)
        w = ae::denoise_sweep(*s, spec, ae::default_sweep_max(c, spec.type), int(sweep_points));
    std::printf("%s", ae::denoise_text(r, sweep_points ? &w : nullptr).c_str());
    if (out_path) {
        nlohmann::ordered_json j;
        j["config"] = nlohmann::ordered_json::parse(ae::config_to_json(c));
        j["history"] = {{"loss", s->history().loss}, {"val_loss", s->history().val_loss}};
        j["denoising"] =
            nlohmann::ordered_json::parse(ae::denoise_json(r, ae::denoise_clean_set(*s), -1, true));
        if (sweep_points) j["sweep"] = nlohmann::ordered_json::parse(ae::denoise_sweep_json(w));
        if (!write_output(out_path, j.dump(2) + "\n")) return 2;
    }
    if (!s->error().empty()) {
        std::fprintf(stderr, "aeplay: %s\n", s->error().c_str());
        return 1;
    }
    return 0;
}

// Gradescope runs this in its autograder: results.json is written even for a submission that
// cannot be read (score 0, the message as output), and the exit code says what happened.
int cmd_grade(int argc, char** argv) {
    if (argc < 2) return usage("grade needs LESSON.json and SUBMISSION.json");
    std::string out_path;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--out") && i + 1 < argc)
            out_path = argv[++i];
        else if (!std::strcmp(argv[i], "--data-dir") && i + 1 < argc)
            g_data_dir = argv[++i];
        else
            return usage((std::string("unknown option ") + argv[i]).c_str());
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto write = [&](const std::string& results) {
        if (out_path.empty()) {
            std::printf("%s\n", results.c_str());
            return true;
        }
        std::ofstream f(out_path, std::ios::binary);
        f << results << "\n";
        if (!f) std::fprintf(stderr, "aeplay: %s: cannot write\n", out_path.c_str());
        return bool(f);
    };
    std::string text, err;
    ae::Lesson lesson;
    if (!read_file(argv[0], &text, &err, ae::kMaxLessonBytes)) {
        std::fprintf(stderr, "aeplay: %s\n", err.c_str());
        return 2;
    }
    ae::Status st = ae::parse_lesson(text, &lesson);
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s: %s\n", argv[0], st.error.c_str());
        return 2;
    }
    ae::Submission sub;
    if (!read_file(argv[1], &text, &err, ae::kMaxSubmissionBytes))
        st = ae::Status::Error(err);
    else if (!(st = ae::parse_submission(text, &sub)).ok())
        st.error = std::string(argv[1]) + ": " + st.error;
    if (!st.ok()) {
        std::fprintf(stderr, "aeplay: %s\n", st.error.c_str());
        write(ae::grade_error_json(st.error));
        return 2;
    }
    const ae::GradeResult g = ae::grade(lesson, sub, g_data_dir);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::ordered_json results = nlohmann::ordered_json::parse(g.results_json);
    results["execution_time"] = seconds;
    if (!write(results.dump(2))) return 2;
    std::fprintf(stderr, "graded %s for %s: %g / %g in %.1f s\n", lesson.id.c_str(),
                 sub.student.empty() ? "(no student id)" : sub.student.c_str(), g.score,
                 g.max_score, seconds);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    {
        char exe[4096];
        const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        std::string dir = n > 0 ? std::string(exe, size_t(n)) : std::string(argv[0]);
        dir = dir.substr(0, dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/'));
        g_data_dir = (dir.empty() ? std::string(".") : dir) + "/../data";
    }
    const std::string cmd = argv[1];
    if (cmd == "summary" || cmd == "config") {
        if (argc != 3) return usage();
        ae::Config c;
        if (!load_config(argv[2], &c)) return 2;
        if (cmd == "config") {
            std::printf("%s\n", ae::config_to_json(c).c_str());
            return 0;
        }
        ae::Model m;
        m.build(c);
        std::printf("%s", m.summary().c_str());
        return 0;
    }
    if (cmd == "train") return cmd_train(argv[2], argc - 3, argv + 3);
    if (cmd == "denoise") return cmd_denoise(argv[2], argc - 3, argv + 3);
    if (cmd == "export") return cmd_export(argc - 2, argv + 2);
    if (cmd == "sample") return cmd_sample(argc - 2, argv + 2);
    if (cmd == "grade") return cmd_grade(argc - 2, argv + 2);
    if (cmd == "encode" || cmd == "decode" || cmd == "reconstruct" || cmd == "score")
        return cmd_serve(cmd, argc - 2, argv + 2);
    return usage(("unknown command \"" + cmd + "\"").c_str());
}
