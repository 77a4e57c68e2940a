// analysis.cpp: errors, thresholds, classification metrics, PCA and noise. See analysis.h.
#include "analysis.h"

#include <Eigen/Eigenvalues>
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

void add_gaussian_noise(MatrixRM& x, double factor, bool clip, double lo, double hi, Rng& rng) {
    float* p = x.data();
    const float f = float(factor), l = float(lo), h = float(hi);
    for (long i = 0; i < x.size(); ++i) {
        float v = p[i] + f * rng.normal();
        if (clip) v = v < l ? l : v > h ? h : v;
        p[i] = v;
    }
}

void add_masking_noise(MatrixRM& x, double fraction, Rng& rng) {
    float* p = x.data();
    for (long i = 0; i < x.size(); ++i)
        if (rng.uniform() < float(fraction)) p[i] = 0.0f;
}

} // namespace ae
