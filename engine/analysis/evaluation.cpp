// evaluation.cpp: see evaluation.h.
#include "engine/analysis/evaluation.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace ae {

Evaluation evaluate(Session& s, double k_std, const Pca* fitted) {
    Evaluation e;
    const bool val = s.x_val().rows() > 0;
    const MatrixRM& clean = val ? s.x_val() : s.x_train();
    const MatrixRM& input = val ? s.x_val_input() : s.x_train_input();
    const int n = int(clean.rows()), d = int(clean.cols());
    e.set = val ? "validation" : "training";
    e.samples = n;
    MatrixRM recon(n, d);
    s.model().reconstruct(input.data(), n, recon.data());
    e.errors = per_sample_errors(clean.data(), recon.data(), n, d, true);
    const std::vector<double> abs_err = per_sample_errors(clean.data(), recon.data(), n, d, false);
    e.per_sample = error_stats(e.errors);
    e.reconstruction.mse = e.per_sample.mean;
    e.reconstruction.rmse = std::sqrt(e.reconstruction.mse);
    e.reconstruction.mae = error_stats(abs_err).mean;
    e.k_std = k_std;
    e.threshold = threshold_mean_k_std(e.errors, k_std);
    for (double v : e.errors)
        e.flagged += v > e.threshold;

    Pca own;
    if (!fitted) own.fit(s.x_train());
    const Pca& pca = fitted ? *fitted : own;
    e.pca_k = std::min(s.model().latent_dim(), d);
    e.pca_mse = pca.reconstruction_mse(clean, e.pca_k);
    const auto ratio = pca.explained_variance_ratio();
    for (int i = 0; i < e.pca_k; ++i)
        e.pca_explained += ratio[i];

    if (s.config().train.noise.type != NoiseType::none) {
        e.denoising = true;
        double se = 0.0;
        for (long i = 0; i < clean.size(); ++i) {
            const double r = double(input.data()[i]) - double(clean.data()[i]);
            se += r * r;
        }
        e.mse_noisy = clean.size() ? se / double(clean.size()) : 0.0;
        e.mse_denoised = e.reconstruction.mse;
        e.noise_reduction_percent =
            e.mse_noisy > 0 ? (1.0 - e.mse_denoised / e.mse_noisy) * 100.0 : 0.0;
    }

    for (const auto* half : {&s.config().encoder, &s.config().decoder})
        for (const LayerConfig& l : *half)
            e.sparse = e.sparse || l.l1 > 0 || l.l2 > 0;
    if (e.sparse && n > 0) {
        const int k = s.model().latent_dim();
        MatrixRM codes(n, k);
        s.model().encode(input.data(), n, codes.data());
        double sum = 0.0;
        long inactive = 0;
        std::vector<bool> active(k, false);
        for (int r = 0; r < n; ++r)
            for (int j = 0; j < k; ++j) {
                const double v = codes(r, j);
                sum += v;
                const bool off = std::fabs(v) < kInactiveCode;
                inactive += off;
                if (!off) active[j] = true;
            }
        e.code_units = k;
        e.code_mean_activation = sum / (double(n) * k);
        e.code_inactive_fraction = double(inactive) / (double(n) * k);
        for (bool a : active)
            e.code_dead_units += !a;
    }
    if (s.model().variational() && n > 0) {
        e.variational = true;
        e.kl_per_dim = s.model().kl_per_dim(input.data(), n);
        for (double k : e.kl_per_dim)
            e.collapsed_dims += k < kCollapsedKL;
    }
    return e;
}

namespace {
// The split evaluate() uses: validation when there is one, else training.
const MatrixRM& eval_set(const Session& s) {
    return s.x_val().rows() > 0 ? s.x_val() : s.x_train();
}
const MatrixRM& eval_input(const Session& s) {
    return s.x_val().rows() > 0 ? s.x_val_input() : s.x_train_input();
}
const std::vector<int>& eval_labels(const Session& s) {
    return s.x_val().rows() > 0 ? s.labels_val() : s.labels_train();
}
// JSON has no NaN or infinity: null stands for "not defined".
nlohmann::ordered_json number(double v) {
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}
nlohmann::ordered_json numbers(const std::vector<double>& v) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (double x : v)
        a.push_back(number(x));
    return a;
}
} // namespace

AnomalyCurves anomaly_curves(const std::vector<double>& scores, const std::vector<int>& labels,
                             double threshold) {
    AnomalyCurves a;
    a.roc = roc_curve(scores, labels);
    a.pr = pr_curve(scores, labels);
    a.auc = roc_auc(scores, labels);
    a.ap = average_precision(scores, labels);
    a.at = operating_point(scores, labels, threshold);
    return a;
}

std::string anomaly_curves_json(const AnomalyCurves& a) {
    const BinaryCounts& c = a.at.counts;
    nlohmann::ordered_json j = {
        {"roc",
         {{"fpr", a.roc.fpr}, {"tpr", a.roc.tpr}, {"thresholds", numbers(a.roc.thresholds)}}},
        {"pr",
         {{"precision", a.pr.precision}, {"recall", a.pr.recall}, {"thresholds", a.pr.thresholds}}},
        {"auc", number(a.auc)},
        {"ap", number(a.ap)},
        {"at",
         {{"threshold", a.at.threshold},
          {"tp", c.tp},
          {"fp", c.fp},
          {"tn", c.tn},
          {"fn", c.fn},
          {"precision", c.precision()},
          {"recall", c.recall()},
          {"f1", c.f1()},
          {"fpr", a.at.fpr},
          {"tpr", a.at.tpr}}},
    };
    return j.dump();
}

std::vector<double> decoder_pca_angles_deg(const Session& s, const Pca& pca, std::string* why) {
    const Eigen::MatrixXd basis = decoder_subspace(s.model(), why);
    if (basis.size() == 0) return {};
    std::vector<double> a = principal_angles(basis, pca.components(int(basis.cols())));
    for (double& v : a)
        v *= 180.0 / M_PI;
    return a;
}

PcaComparison compare_with_pca(Session& s, const Pca& pca) {
    PcaComparison c;
    const MatrixRM& clean = eval_set(s);
    const int n = int(clean.rows()), d = int(clean.cols());
    c.explained_variance_ratio = pca.explained_variance_ratio();
    c.pca_mse = pca.reconstruction_mse_curve(clean, std::min(d, 64));
    c.ae_k = s.model().latent_dim();
    MatrixRM recon(n, d);
    s.model().reconstruct(eval_input(s).data(), n, recon.data());
    c.ae_mse = error_stats(per_sample_errors(clean.data(), recon.data(), n, d, true)).mean;
    c.angles_deg = decoder_pca_angles_deg(s, pca, &c.angles_why);
    return c;
}

std::string pca_comparison_json(const PcaComparison& c) {
    nlohmann::ordered_json j = {
        {"explained_variance_ratio", c.explained_variance_ratio},
        {"pca_mse", c.pca_mse},
        {"autoencoder", {{"k", c.ae_k}, {"mse", c.ae_mse}}},
        {"principal_angles_deg", c.angles_deg},
    };
    if (!c.angles_why.empty()) j["principal_angles_why"] = c.angles_why;
    return j.dump();
}

ProbeCodesJob::ProbeCodesJob(Session& s, const Pca& pca, const ProbeOptions& o, int max_samples)
    : folds_(o.folds) {
    const std::vector<int>& labels = eval_labels(s);
    if (labels.empty()) {
        p_.why = "the probe needs class labels (mnist, fashion_mnist, well logs)";
        return;
    }
    const MatrixRM& clean = eval_set(s);
    const int n = std::min(int(clean.rows()), std::max(max_samples, 1));
    const MatrixRM x = clean.topRows(n);
    const std::vector<int> y(labels.begin(), labels.begin() + n);
    p_.samples = n;
    p_.pca_k = std::min(s.model().latent_dim(), int(x.cols()));
    MatrixRM codes(n, s.model().latent_dim());
    s.model().encode(x.data(), n, codes.data());
    jobs_.push_back(std::make_unique<ProbeJob>(x, y, o));
    jobs_.push_back(std::make_unique<ProbeJob>(pca.transform(x, p_.pca_k), y, o));
    jobs_.push_back(std::make_unique<ProbeJob>(codes, y, o));
}

bool ProbeCodesJob::step() {
    if (at_ >= int(jobs_.size())) return true;
    if (!jobs_[at_]->step()) return false;
    if (++at_ < int(jobs_.size())) return false;
    p_.raw = jobs_[0]->result();
    p_.pca = jobs_[1]->result();
    p_.autoencoder = jobs_[2]->result();
    if (p_.raw.folds == 0)
        p_.why = "the probe needs at least " + std::to_string(folds_) +
                 " samples and two classes in the evaluation split";
    jobs_.clear();
    return true;
}

double ProbeCodesJob::progress() const {
    if (jobs_.empty()) return 1.0;
    return (at_ + (at_ < int(jobs_.size()) ? jobs_[at_]->progress() : 0.0)) / jobs_.size();
}

ProbeComparison probe_codes(Session& s, const Pca& pca, const ProbeOptions& o, int max_samples) {
    ProbeCodesJob job(s, pca, o, max_samples);
    while (!job.step()) {
    }
    return job.result();
}

std::string probe_json(const ProbeComparison& p) {
    auto one = [](const ProbeResult& r) {
        return nlohmann::ordered_json{
            {"mean", r.mean}, {"std", r.std}, {"folds", r.fold_accuracy}, {"features", r.features}};
    };
    nlohmann::ordered_json j = {{"samples", p.samples}, {"pca_k", p.pca_k}};
    if (!p.why.empty()) {
        j["why"] = p.why;
        return j.dump();
    }
    j["classes"] = p.raw.classes;
    j["chance"] = p.raw.chance;
    j["raw"] = one(p.raw);
    j["pca"] = one(p.pca);
    j["autoencoder"] = one(p.autoencoder);
    return j.dump();
}

Sensitivity session_sensitivity(Session& s, double delta, int max_samples) {
    if (max_samples <= 0) max_samples = s.model().input_dim() <= 100 ? 256 : 32;
    return sensitivity(s.model(), eval_set(s), delta, max_samples);
}

std::string sensitivity_json(const Sensitivity& s) {
    return nlohmann::ordered_json{{"delta", s.delta},
                                  {"samples", s.samples},
                                  {"base_mse", s.base_mse},
                                  {"increase", s.increase}}
        .dump();
}

std::string evaluation_json(const Evaluation& e, bool with_errors) {
    nlohmann::ordered_json j = {
        {"set", e.set},
        {"samples", e.samples},
        {"reconstruction",
         {{"mse", e.reconstruction.mse},
          {"rmse", e.reconstruction.rmse},
          {"mae", e.reconstruction.mae}}},
        {"per_sample_error",
         {{"mean", e.per_sample.mean},
          {"std", e.per_sample.std},
          {"min", e.per_sample.min},
          {"max", e.per_sample.max}}},
        {"anomaly",
         {{"rule", "mean + k std"},
          {"k", e.k_std},
          {"threshold", e.threshold},
          {"flagged", e.flagged}}},
        {"pca",
         {{"k", e.pca_k},
          {"fit_on", "training"},
          {"mse", e.pca_mse},
          {"explained_variance_ratio", e.pca_explained},
          {"autoencoder_mse", e.reconstruction.mse},
          {"better", e.reconstruction.mse < e.pca_mse ? "autoencoder" : "pca"}}},
    };
    if (e.denoising)
        j["denoising"] = {{"mse_noisy", e.mse_noisy},
                          {"mse_denoised", e.mse_denoised},
                          {"noise_reduction_percent", e.noise_reduction_percent}};
    if (e.sparse)
        j["codes"] = {{"units", e.code_units},
                      {"mean_activation", e.code_mean_activation},
                      {"inactive_fraction", e.code_inactive_fraction},
                      {"inactive_below", kInactiveCode},
                      {"dead_units", e.code_dead_units}};
    if (e.variational) {
        std::vector<bool> collapsed;
        for (double k : e.kl_per_dim)
            collapsed.push_back(k < kCollapsedKL);
        j["latent_kl"] = {{"per_dim", e.kl_per_dim},
                          {"collapsed", collapsed},
                          {"collapsed_below", kCollapsedKL},
                          {"collapsed_dims", e.collapsed_dims}};
    }
    if (with_errors) j["errors"] = e.errors;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string evaluation_text(const Evaluation& e) {
    char b[1024];
    std::string s;
    std::snprintf(b, sizeof b,
                  "Reconstruction on the %s split (%d samples): MSE %.6f, RMSE %.6f, MAE %.6f\n",
                  e.set.c_str(), e.samples, e.reconstruction.mse, e.reconstruction.rmse,
                  e.reconstruction.mae);
    s += b;
    std::snprintf(b, sizeof b, "Per-sample error: mean %.6f, std %.6f, max %.6f\n",
                  e.per_sample.mean, e.per_sample.std, e.per_sample.max);
    s += b;
    std::snprintf(b, sizeof b,
                  "Anomaly threshold (mean + %g std): %.6f; anomalies detected: %d / %d\n", e.k_std,
                  e.threshold, e.flagged, e.samples);
    s += b;
    std::snprintf(b, sizeof b,
                  "PCA with k = %d (fit on the training split): MSE %.6f, explained variance "
                  "%.2f%%; autoencoder MSE "
                  "%.6f: %s\n",
                  e.pca_k, e.pca_mse, e.pca_explained * 100.0, e.reconstruction.mse,
                  e.pca_explained >= 1.0 - 1e-9 // k = every input dimension: exact, no contest
                      ? "PCA keeps every dimension here (the bottleneck is not narrower than the "
                        "input), so it is exact; compare at a narrower bottleneck"
                  : e.reconstruction.mse < e.pca_mse
                      ? "the autoencoder reconstructs better"
                      : "PCA reconstructs better (the AE may need more training)");
    s += b;
    if (e.denoising) {
        std::snprintf(
            b, sizeof b,
            "Denoising: MSE noisy vs clean %.6f, denoised vs clean %.6f, noise reduction %.1f%%\n",
            e.mse_noisy, e.mse_denoised, e.noise_reduction_percent);
        s += b;
    }
    if (e.sparse) {
        std::snprintf(b, sizeof b,
                      "Bottleneck codes (%d units): mean activation %.6f, inactive values %.1f%%, "
                      "units never active %d\n",
                      e.code_units, e.code_mean_activation, e.code_inactive_fraction * 100.0,
                      e.code_dead_units);
        s += b;
    }
    for (size_t j = 0; j < e.kl_per_dim.size(); ++j) {
        const bool collapsed = e.kl_per_dim[j] < kCollapsedKL;
        std::snprintf(b, sizeof b, "latent dim %zu: KL %.3f nats: %s\n", j, e.kl_per_dim[j],
                      collapsed ? "collapsed (inactive: its posterior is the prior)" : "active");
        s += b;
    }
    return s;
}

} // namespace ae
