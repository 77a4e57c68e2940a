// evaluation.h: the seeds' evaluation of a trained autoencoder, in one call, for the CLI, the JS
// API and the page. On the validation split (the seeds' X_test) when there is one, else on the
// training split:
//   - reconstruction MSE / RMSE / MAE and the per-sample errors' mean, std, max (seed 000)
//   - the anomaly threshold mean + k std and how many samples exceed it (seeds 000, 002)
//   - PCA with k = the bottleneck width, fitted on the training split (the seed fits it on the
//     test set itself, which flatters PCA): its MSE and explained variance beside the AE's MSE
//   - denoising, when train.noise is set: MSE of noisy vs clean, of denoised vs clean, and the
//     noise reduction in percent (seed 000)
//   - a variational model's KL per latent dimension and which dims collapsed to the prior
// And the deeper views of the Analysis tabs, on the same split:
//   - anomaly detection against ground truth: ROC and PR curves, AUC, AP, the operating point
//   - PCA beside the AE: PCA's MSE for k = 1..min(d, 64), the AE at its k, principal angles
//     between a linear decoder's subspace and the top-k PCA subspace (degrees)
//   - the linear probe on raw inputs, PCA codes (k = bottleneck) and AE codes; sensitivity
#pragma once

#include "engine/analysis/analysis.h"
#include "engine/analysis/probe.h"

#include "engine/train/session.h"
#include <memory>

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
    // Sparse autoencoders (an activity_regularizer on any layer): the bottleneck's codes on the
    // same split. A value is inactive when |code| < kInactiveCode; a unit is dead when all of its
    // values are.
    bool sparse = false;
    double code_mean_activation = 0.0, code_inactive_fraction = 0.0;
    int code_units = 0, code_dead_units = 0;
    // Variational autoencoders: the KL per latent dimension (nats, mean over the split); a
    // dimension below kCollapsedKL is inactive (its posterior collapsed to the prior).
    bool variational = false;
    std::vector<double> kl_per_dim;
    int collapsed_dims = 0;
};
constexpr double kInactiveCode = 1e-6;

// pca: a Pca already fitted on s.x_train() (the page keeps one per session), or null to fit here.
Evaluation evaluate(Session& s, double k_std = 3.0, const Pca* pca = nullptr);
std::string evaluation_json(const Evaluation& e, bool with_errors = false);
std::string evaluation_text(const Evaluation& e); // the seeds' printout, one finding per line

// Scores (per-sample errors) against ground truth (1 = anomaly) at one threshold.
struct AnomalyCurves {
    RocCurve roc;
    PrCurve pr;
    double auc = 0.0, ap = 0.0; // NaN without both classes
    OperatingPoint at;
};
AnomalyCurves anomaly_curves(const std::vector<double>& scores, const std::vector<int>& labels,
                             double threshold);
std::string anomaly_curves_json(const AnomalyCurves& a);

struct PcaComparison {
    std::vector<double> explained_variance_ratio; // per component, all d
    std::vector<double> pca_mse;                  // k = 1..K, K = min(d, 64), on the split
    int ae_k = 0;
    double ae_mse = 0.0;
    std::vector<double> angles_deg; // decoder subspace vs top-ae_k PCA subspace, ascending
    std::string angles_why;         // why there are no angles (non-linear decoder), else empty
};
PcaComparison compare_with_pca(Session& s, const Pca& pca); // pca fitted on s.x_train()
// The principal angles alone (cheap: the page records them at every evaluation while training).
std::vector<double> decoder_pca_angles_deg(const Session& s, const Pca& pca, std::string* why);
std::string pca_comparison_json(const PcaComparison& c);

struct ProbeComparison {
    int samples = 0, pca_k = 0;
    ProbeResult raw, pca, autoencoder;
    std::string why; // why there is no result (no labels), else empty
};
// On the first max_samples samples of the split with their class labels (500 keeps the 15 fits
// to a few seconds in the browser for 784 features).
ProbeComparison probe_codes(Session& s, const Pca& pca, const ProbeOptions& o,
                            int max_samples = 500);
// probe_codes in small steps (the page runs a few milliseconds of it per frame): the encoding and
// the PCA projection happen at construction, then each step() is one ProbeJob step of the raw,
// PCA and autoencoder probes in turn. The result equals probe_codes', bit for bit.
class ProbeCodesJob {
  public:
    ProbeCodesJob(Session& s, const Pca& pca, const ProbeOptions& o, int max_samples = 500);
    bool step(); // true when finished
    double progress() const;
    const ProbeComparison& result() const { return p_; }

  private:
    ProbeComparison p_;
    std::vector<std::unique_ptr<ProbeJob>> jobs_; // raw, pca, autoencoder; empty: no labels
    int at_ = 0, folds_ = 0;
};
std::string probe_json(const ProbeComparison& p);

// On the first max_samples samples of the split; 0 = 256 for up to 100 features, else 32 (the
// cost is 2 d reconstructions of them).
Sensitivity session_sensitivity(Session& s, double delta = 1.0, int max_samples = 0);
std::string sensitivity_json(const Sensitivity& s);

} // namespace ae
