// analysis.h: what the seeds do with a trained autoencoder, as plain functions over row-major data.
//   - Reconstruction errors: per sample (mean over features) and their mean / std / max (seed 000).
//   - Anomaly thresholds: mean + k std (seeds 000 and 002, k = 3) or a percentile (numpy's linear
//     interpolation); with labels, the confusion counts, precision, recall, F1 and the ROC AUC
//     (ties count one half, as sklearn's roc_auc_score).
//   - ROC and precision-recall curves with sklearn's semantics (roc_curve with
//     drop_intermediate=False, precision_recall_curve, average_precision_score), and the operating
//     point of one threshold (the seeds' rule: flagged = score > threshold).
//   - PCA (exact, Eigen's self-adjoint eigensolver on the covariance, 1/n as numpy/sklearn):
//     explained variance (ratio), projection, reconstruction and its MSE at k components, and the
//     MSE for every k = 1..K from one projection.
//   - Principal angles between two subspaces (Bjorck & Golub: QR of both bases, singular values of
//     Qa^T Qb) and the decoder's subspace of a linear decoder, to compare a linear AE with PCA.
// Not here: training (session.h), plotting (the page).
#pragma once

#include "engine/core/common.h"
#include "engine/core/rng.h"
#include <algorithm>
#include <string>
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

// sklearn's roc_curve(drop_intermediate=False): thresholds are +inf then the distinct scores in
// decreasing order; fpr[i], tpr[i] = rates of `score >= thresholds[i]`. Empty without both classes.
struct RocCurve {
    std::vector<double> fpr, tpr, thresholds;
};
RocCurve roc_curve(const std::vector<double>& scores, const std::vector<int>& labels);

// sklearn's precision_recall_curve: thresholds = the distinct scores in increasing order;
// precision[i], recall[i] of `score >= thresholds[i]`, plus a last point (precision 1, recall 0).
// Empty without a positive label.
struct PrCurve {
    std::vector<double> precision, recall, thresholds;
};
PrCurve pr_curve(const std::vector<double>& scores, const std::vector<int>& labels);
// sklearn's average_precision_score: sum over thresholds of (R_n - R_{n-1}) P_n (no interpolation).
// NaN without a positive label.
double average_precision(const std::vector<double>& scores, const std::vector<int>& labels);
// Area under a polyline by the trapezoid rule (x in any monotone order; the sign follows x).
double trapezoid_area(const std::vector<double>& x, const std::vector<double>& y);

// One threshold on the curves: flagged = score > threshold (the seeds' rule), its counts and rates.
struct OperatingPoint {
    double threshold = 0.0;
    BinaryCounts counts;
    double fpr = 0.0, tpr = 0.0; // fp / negatives, tp / positives (0 when a class is absent)
};
OperatingPoint operating_point(const std::vector<double>& scores, const std::vector<int>& labels,
                               double threshold);

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
    // reconstruction_mse(x, k) for k = 1..k_max (clamped to dims()), element k-1, from one
    // projection: ||r_k||^2 = ||x - mean||^2 - sum_{j<=k} ||(x - mean) v_j||^2 (V orthonormal).
    std::vector<double> reconstruction_mse_curve(const MatrixRM& x, int k_max) const;
    const Eigen::VectorXd& mean() const { return mean_eigen_; } // (d)
    // The first k principal axes as columns, (d, k).
    Eigen::MatrixXd components(int k) const {
        return components_.leftCols(std::clamp(k, 0, dims()));
    }

  private:
    Eigen::VectorXd mean_eigen_;
    Eigen::MatrixXd components_; // (d, d), column j = j-th principal axis
    std::vector<double> mean_, variance_;
};

// Principal angles (radians, ascending, min(ka, kb) of them) between span(a) and span(b), bases
// as columns: a (d, ka), b (d, kb). 0 = a shared direction, pi/2 = orthogonal.
std::vector<double> principal_angles(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

class Model;
// The decoder's output subspace: when the decoder is one dense layer with a linear activation,
// x_hat = z W + b lies in b + span(rows of W), W (k, d); returns those rows as columns (d, k).
// For any other decoder the subspace is not defined (the outputs form a curved manifold): returns
// an empty matrix and says why in *why.
Eigen::MatrixXd decoder_subspace(const Model& m, std::string* why);


} // namespace ae
