// analysis.h: what the seeds do with a trained autoencoder, as plain functions over row-major data.
//   - Reconstruction errors: per sample (mean over features) and their mean / std / max (seed 000).
//   - Anomaly thresholds: mean + k std (seeds 000 and 002, k = 3) or a percentile (numpy's linear
//     interpolation); with labels, the confusion counts, precision, recall, F1 and the ROC AUC
//     (ties count one half, as sklearn's roc_auc_score).
//   - PCA (exact, Eigen's self-adjoint eigensolver on the covariance, 1/n as numpy/sklearn):
//     explained variance (ratio), projection, reconstruction and its MSE at k components.
//   - Noise for denoising (seed 000: x + factor * N(0, 1), clipped to [0, 1]; masking noise).
// Not here: training (session.h), plotting (the page).
#pragma once

#include "common.h"
#include "rng.h"
#include <vector>

namespace ae {

// errors[i] = mean over d of (x - xr)^2 (squared) or |x - xr| (absolute).
std::vector<double> per_sample_errors(const float* x, const float* xr, int n, int d,
                                      bool squared = true);

struct ErrorStats {
    double mean = 0, std = 0, min = 0, max = 0; // std: population (numpy's .std())
};
ErrorStats error_stats(const std::vector<double>& e);

double threshold_mean_k_std(const std::vector<double>& e, double k);
double percentile(std::vector<double> e, double p); // p in [0, 100], numpy's default (linear)

struct BinaryCounts {
    long tp = 0, fp = 0, tn = 0, fn = 0;
    double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0.0; }
    double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0.0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};
// Flagged = score > threshold (the seeds' `errors > threshold`); labels: 1 = anomaly.
BinaryCounts classify(const std::vector<double>& scores, const std::vector<int>& labels,
                      double threshold);
// Probability that a random positive scores above a random negative (ties 1/2). NaN without both
// classes.
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);

class Pca {
  public:
    // Fits on x (n, d): mean, and the covariance's eigenpairs sorted by decreasing eigenvalue.
    void fit(const MatrixRM& x);
    int dims() const { return int(mean_.size()); }
    const std::vector<double>& explained_variance() const { return variance_; } // eigenvalues
    std::vector<double> explained_variance_ratio() const;
    // codes (n, k) = (x - mean) V_k;  reconstruction (n, d) = codes V_k^T + mean.
    MatrixRM transform(const MatrixRM& x, int k) const;
    MatrixRM inverse_transform(const MatrixRM& codes) const;
    double reconstruction_mse(const MatrixRM& x, int k) const; // mean over samples and features

  private:
    Eigen::VectorXd mean_eigen_;
    Eigen::MatrixXd components_; // (d, d), column j = j-th principal axis
    std::vector<double> mean_, variance_;
};

// x += factor * N(0, 1), then clipped to [lo, hi] when clip is set (seed 000: 0.3, [0, 1]).
void add_gaussian_noise(MatrixRM& x, double factor, bool clip, double lo, double hi, Rng& rng);
// Each value set to 0 with probability fraction (masking noise, Vincent et al. 2008).
void add_masking_noise(MatrixRM& x, double fraction, Rng& rng);

} // namespace ae
