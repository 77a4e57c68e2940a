// evaluation.h: the seeds' evaluation of a trained autoencoder, in one call, for the CLI, the JS
// API and the page. On the validation split (the seeds' X_test) when there is one, else on the
// training split:
//   - reconstruction MSE / RMSE / MAE and the per-sample errors' mean, std, max (seed 000)
//   - the anomaly threshold mean + k std and how many samples exceed it (seeds 000, 002)
//   - PCA with k = the bottleneck width, fitted on the training split (the seed fits it on the
//     test set itself, which flatters PCA): its MSE and explained variance beside the AE's MSE
//   - denoising, when train.noise is set: MSE of noisy vs clean, of denoised vs clean, and the
//     noise reduction in percent (seed 000)
#pragma once

#include "analysis.h"
#include "session.h"

#include <string>
#include <vector>

namespace ae {

struct Evaluation {
    std::string set; // "validation" or "training"
    int samples = 0;
    Metrics reconstruction;
    ErrorStats per_sample;
    std::vector<double> errors; // per-sample MSE, in sample order
    double k_std = 3.0, threshold = 0.0;
    int flagged = 0;
    int pca_k = 0;
    double pca_mse = 0.0, pca_explained = 0.0; // explained variance ratio of the k components
    bool denoising = false;
    double mse_noisy = 0.0, mse_denoised = 0.0, noise_reduction_percent = 0.0;
};

// pca: a Pca already fitted on s.x_train() (the page keeps one per session), or null to fit here.
Evaluation evaluate(Session& s, double k_std = 3.0, const Pca* pca = nullptr);
std::string evaluation_json(const Evaluation& e, bool with_errors = false);
std::string evaluation_text(const Evaluation& e); // the seeds' printout, one finding per line

} // namespace ae
