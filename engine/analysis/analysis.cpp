// analysis.cpp: errors, thresholds, classification metrics, PCA and noise. See analysis.h.
#include "engine/analysis/analysis.h"
#include "engine/core/model.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ae {

std::vector<double> per_sample_errors(const float* x, const float* xr, int n, int d, bool squared) {
    std::vector<double> e(n, 0.0);
    for (int i = 0; i < n; ++i) {
        double s = 0.0;
        for (int j = 0; j < d; ++j) {
            const double r = double(x[long(i) * d + j]) - double(xr[long(i) * d + j]);
            s += squared ? r * r : std::fabs(r);
        }
        e[i] = d ? s / d : 0.0;
    }
    return e;
}

ErrorStats error_stats(const std::vector<double>& e) {
    ErrorStats s;
    if (e.empty()) return s;
    double sum = 0.0;
    s.min = s.max = e[0];
    for (double v : e) {
        sum += v;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
    }
    s.mean = sum / double(e.size());
    double ss = 0.0;
    for (double v : e)
        ss += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(ss / double(e.size()));
    return s;
}

double threshold_mean_k_std(const std::vector<double>& e, double k) {
    const ErrorStats s = error_stats(e);
    return s.mean + k * s.std;
}

double percentile(std::vector<double> e, double p) {
    if (e.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(e.begin(), e.end());
    const double pos = std::clamp(p, 0.0, 100.0) / 100.0 * double(e.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, e.size() - 1);
    const double t = pos - double(lo);
    return e[lo] + (e[hi] - e[lo]) * t;
}

BinaryCounts classify(const std::vector<double>& scores, const std::vector<int>& labels,
                      double threshold) {
    BinaryCounts c;
    for (size_t i = 0; i < scores.size() && i < labels.size(); ++i) {
        const bool flagged = scores[i] > threshold, positive = labels[i] != 0;
        if (flagged && positive)
            ++c.tp;
        else if (flagged)
            ++c.fp;
        else if (positive)
            ++c.fn;
        else
            ++c.tn;
    }
    return c;
}

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
    // Mann-Whitney U from average ranks: ties share their rank, i.e. count one half.
    const size_t n = std::min(scores.size(), labels.size());
    std::vector<size_t> idx(n);
    std::iota(idx.begin(), idx.end(), size_t(0));
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    double rank_sum_pos = 0.0;
    long pos = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && scores[idx[j]] == scores[idx[i]])
            ++j;
        const double avg_rank = 0.5 * double(i + 1 + j); // ranks i+1 .. j
        for (size_t t = i; t < j; ++t)
            if (labels[idx[t]]) {
                rank_sum_pos += avg_rank;
                ++pos;
            }
        i = j;
    }
    const long neg = long(n) - pos;
    if (pos == 0 || neg == 0) return std::numeric_limits<double>::quiet_NaN();
    return (rank_sum_pos - double(pos) * double(pos + 1) / 2.0) / (double(pos) * double(neg));
}

namespace {
// sklearn's _binary_clf_curve: scores sorted decreasing (stable); at the last index of each
// distinct score, the counts of positives (tps) and negatives (fps) scoring at least that much.
struct ClfCurve {
    std::vector<double> tps, fps, thresholds; // thresholds decreasing
};
ClfCurve binary_clf_curve(const std::vector<double>& scores, const std::vector<int>& labels) {
    const size_t n = std::min(scores.size(), labels.size());
    std::vector<size_t> idx(n);
    std::iota(idx.begin(), idx.end(), size_t(0));
    std::stable_sort(idx.begin(), idx.end(),
                     [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    ClfCurve c;
    double tp = 0.0;
    for (size_t i = 0; i < n; ++i) {
        tp += labels[idx[i]] != 0;
        if (i + 1 == n || scores[idx[i + 1]] != scores[idx[i]]) {
            c.tps.push_back(tp);
            c.fps.push_back(double(i + 1) - tp);
            c.thresholds.push_back(scores[idx[i]]);
        }
    }
    return c;
}
} // namespace

RocCurve roc_curve(const std::vector<double>& scores, const std::vector<int>& labels) {
    const ClfCurve c = binary_clf_curve(scores, labels);
    RocCurve r;
    if (c.tps.empty() || c.tps.back() == 0 || c.fps.back() == 0) return r;
    r.fpr.push_back(0.0);
    r.tpr.push_back(0.0);
    r.thresholds.push_back(std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < c.tps.size(); ++i) {
        r.fpr.push_back(c.fps[i] / c.fps.back());
        r.tpr.push_back(c.tps[i] / c.tps.back());
        r.thresholds.push_back(c.thresholds[i]);
    }
    return r;
}

PrCurve pr_curve(const std::vector<double>& scores, const std::vector<int>& labels) {
    const ClfCurve c = binary_clf_curve(scores, labels);
    PrCurve r;
    if (c.tps.empty() || c.tps.back() == 0) return r;
    for (size_t i = c.tps.size(); i-- > 0;) { // increasing thresholds, decreasing recall
        r.precision.push_back(c.tps[i] / (c.tps[i] + c.fps[i]));
        r.recall.push_back(c.tps[i] / c.tps.back());
        r.thresholds.push_back(c.thresholds[i]);
    }
    r.precision.push_back(1.0);
    r.recall.push_back(0.0);
    return r;
}

double average_precision(const std::vector<double>& scores, const std::vector<int>& labels) {
    const PrCurve c = pr_curve(scores, labels);
    if (c.precision.empty()) return std::numeric_limits<double>::quiet_NaN();
    double ap = 0.0;
    for (size_t i = 0; i + 1 < c.precision.size(); ++i)
        ap += (c.recall[i] - c.recall[i + 1]) * c.precision[i];
    return ap;
}

double trapezoid_area(const std::vector<double>& x, const std::vector<double>& y) {
    double a = 0.0;
    for (size_t i = 1; i < x.size() && i < y.size(); ++i)
        a += (x[i] - x[i - 1]) * 0.5 * (y[i] + y[i - 1]);
    return a;
}

OperatingPoint operating_point(const std::vector<double>& scores, const std::vector<int>& labels,
                               double threshold) {
    OperatingPoint p;
    p.threshold = threshold;
    p.counts = classify(scores, labels, threshold);
    const long neg = p.counts.fp + p.counts.tn, pos = p.counts.tp + p.counts.fn;
    p.fpr = neg ? double(p.counts.fp) / double(neg) : 0.0;
    p.tpr = pos ? double(p.counts.tp) / double(pos) : 0.0;
    return p;
}

void Pca::fit(const MatrixRM& x) {
    const Eigen::MatrixXd xd = x.cast<double>();
    mean_eigen_ = xd.colwise().mean().transpose();
    const Eigen::MatrixXd xc = xd.rowwise() - mean_eigen_.transpose();
    const Eigen::MatrixXd cov = (xc.transpose() * xc) / double(std::max<Eigen::Index>(x.rows(), 1));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const int d = int(x.cols());
    components_.resize(d, d);
    variance_.assign(d, 0.0);
    for (int j = 0; j < d; ++j) { // ascending -> descending
        components_.col(j) = eig.eigenvectors().col(d - 1 - j);
        variance_[j] = std::max(0.0, eig.eigenvalues()(d - 1 - j));
    }
    mean_.assign(mean_eigen_.data(), mean_eigen_.data() + d);
}

std::vector<double> Pca::explained_variance_ratio() const {
    const double total = std::accumulate(variance_.begin(), variance_.end(), 0.0);
    std::vector<double> r(variance_.size(), 0.0);
    if (total > 0)
        for (size_t i = 0; i < r.size(); ++i)
            r[i] = variance_[i] / total;
    return r;
}

MatrixRM Pca::transform(const MatrixRM& x, int k) const {
    k = std::clamp(k, 0, dims());
    const Eigen::MatrixXd xc = x.cast<double>().rowwise() - mean_eigen_.transpose();
    return (xc * components_.leftCols(k)).cast<float>();
}

MatrixRM Pca::inverse_transform(const MatrixRM& codes) const {
    const int k = int(codes.cols());
    const Eigen::MatrixXd r =
        (codes.cast<double>() * components_.leftCols(k).transpose()).rowwise() +
        mean_eigen_.transpose();
    return r.cast<float>();
}

double Pca::reconstruction_mse(const MatrixRM& x, int k) const {
    k = std::clamp(k, 0, dims());
    const Eigen::MatrixXd xc = x.cast<double>().rowwise() - mean_eigen_.transpose();
    const Eigen::MatrixXd vk = components_.leftCols(k);
    const Eigen::MatrixXd resid = xc - (xc * vk) * vk.transpose();
    return x.size() ? resid.squaredNorm() / double(x.size()) : 0.0;
}

std::vector<double> Pca::reconstruction_mse_curve(const MatrixRM& x, int k_max) const {
    k_max = std::clamp(k_max, 0, dims());
    std::vector<double> mse(k_max, 0.0);
    if (x.size() == 0) return mse;
    const Eigen::MatrixXd xc = x.cast<double>().rowwise() - mean_eigen_.transpose();
    const Eigen::MatrixXd proj = xc * components_.leftCols(k_max); // (n, k_max)
    double resid = xc.squaredNorm();
    for (int k = 0; k < k_max; ++k) {
        resid -= proj.col(k).squaredNorm();
        mse[k] = std::max(0.0, resid) / double(x.size());
    }
    return mse;
}

std::vector<double> principal_angles(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    AE_ASSERT(a.rows() == b.rows());
    if (a.cols() == 0 || b.cols() == 0) return {};
    // Thin Q factors: orthonormal bases of span(a) (d, ka) and span(b) (d, kb).
    const Eigen::MatrixXd qa = Eigen::HouseholderQR<Eigen::MatrixXd>(a).householderQ() *
                               Eigen::MatrixXd::Identity(a.rows(), a.cols());
    const Eigen::MatrixXd qb = Eigen::HouseholderQR<Eigen::MatrixXd>(b).householderQ() *
                               Eigen::MatrixXd::Identity(b.rows(), b.cols());
    const Eigen::MatrixXd m = qa.transpose() * qb;                                    // (ka, kb)
    const Eigen::VectorXd sv = Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues(); // descending
    std::vector<double> angles(sv.size());
    for (Eigen::Index i = 0; i < sv.size(); ++i)
        angles[i] = std::acos(std::clamp(sv(i), -1.0, 1.0));
    return angles;
}

Eigen::MatrixXd decoder_subspace(const Model& m, std::string* why) {
    const int decoder_layers = m.num_layers() - m.num_encoder_layers();
    const Layer& last = m.layer(m.num_layers() - 1);
    if (decoder_layers != 1 || last.type != LayerType::dense ||
        last.activation != Activation::linear) {
        if (why)
            *why = "defined for a decoder of one dense layer with a linear activation (this one "
                   "has " +
                   std::to_string(decoder_layers) + " layer" + (decoder_layers == 1 ? "" : "s") +
                   (decoder_layers == 1 ? ", not linear" : "") + ")";
        return Eigen::MatrixXd();
    }
    // Kernel W (k, d), row-major as Keras stores it; its rows span the outputs' directions.
    Eigen::MatrixXd basis(last.out, last.in);
    for (int r = 0; r < last.in; ++r)
        for (int c = 0; c < last.out; ++c)
            basis(c, r) = m.params[size_t(last.w_offset + long(r) * last.out + c)];
    if (why) why->clear();
    return basis;
}

} // namespace ae
