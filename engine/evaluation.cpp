// evaluation.cpp: see evaluation.h.
#include "evaluation.h"

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
    return e;
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
                  e.reconstruction.mse < e.pca_mse
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
    return s;
}

} // namespace ae
