// Probe and sensitivity: the softmax probe (finite-difference gradient, separable data at 100%, a
// two-Gaussian case near its Bayes accuracy, stratified folds) and sensitivity on linear
// autoencoders whose answer is known in closed form.
#include "engine/core/model.h"
#include "engine/analysis/probe.h"
#include "engine/core/rng.h"
#include "test_util.h"

#include <cmath>

using namespace ae;

TEST(Probe, SoftmaxLossGradientMatchesCentralDifferences) {
    const int n = 6, d = 4, c = 3;
    Rng rng(3);
    std::vector<double> x(n * d);
    for (double& v : x)
        v = rng.normal();
    const std::vector<int> y = {0, 2, 1, 1, 0, 2};
    SoftmaxModel m{d, c, std::vector<double>(d * c), std::vector<double>(c)};
    for (double& v : m.w)
        v = 0.5 * rng.normal();
    for (double& v : m.b)
        v = 0.5 * rng.normal();
    const double l2 = 0.1, h = 1e-6;
    SoftmaxModel g;
    softmax_loss(m, x.data(), y.data(), n, l2, &g);
    for (int t = 0; t < d * c + c; ++t) {
        double& p = t < d * c ? m.w[t] : m.b[t - d * c];
        const double keep = p;
        p = keep + h;
        const double up = softmax_loss(m, x.data(), y.data(), n, l2, nullptr);
        p = keep - h;
        const double down = softmax_loss(m, x.data(), y.data(), n, l2, nullptr);
        p = keep;
        const double analytic = t < d * c ? g.w[t] : g.b[t - d * c];
        EXPECT_NEAR(analytic, (up - down) / (2 * h), 1e-7) << "parameter " << t;
    }
    // Zero weights: every class has probability 1/c, loss log c.
    SoftmaxModel zero{d, c, std::vector<double>(d * c, 0.0), std::vector<double>(c, 0.0)};
    EXPECT_NEAR(softmax_loss(zero, x.data(), y.data(), n, l2, nullptr), std::log(3.0), 1e-12);
}

TEST(Probe, LinearlySeparableClassesAreClassifiedPerfectly) {
    // Three clusters of radius 1 around (0, 0), (10, 0), (0, 10): separable by a wide margin.
    Rng rng(4);
    const int n = 90;
    MatrixRM x(n, 2);
    std::vector<int> y(n);
    for (int i = 0; i < n; ++i) {
        y[i] = i % 3;
        x(i, 0) = (y[i] == 1 ? 10.0f : 0.0f) + rng.uniform(-1, 1);
        x(i, 1) = (y[i] == 2 ? 10.0f : 0.0f) + rng.uniform(-1, 1);
    }
    const ProbeResult r = cross_validate_probe(x, y, ProbeOptions{});
    ASSERT_EQ(r.folds, 5);
    EXPECT_EQ(r.classes, 3);
    EXPECT_DOUBLE_EQ(r.mean, 1.0);
    EXPECT_DOUBLE_EQ(r.std, 0.0);
    EXPECT_NEAR(r.chance, 1.0 / 3.0, 1e-12);
}

TEST(Probe, TwoGaussiansReachTheBayesAccuracy) {
    // Classes N((-1, 0), I) and N((+1, 0), I), equal priors: the Bayes rule x0 > 0 is linear and
    // right with probability Phi(1) = 0.8413. A second, pure-noise feature must not hurt much.
    Rng rng(9);
    const int n = 4000;
    MatrixRM x(n, 2);
    std::vector<int> y(n);
    for (int i = 0; i < n; ++i) {
        y[i] = i & 1;
        x(i, 0) = (y[i] ? 1.0f : -1.0f) + rng.normal();
        x(i, 1) = rng.normal();
    }
    const ProbeResult r = cross_validate_probe(x, y, ProbeOptions{});
    const double bayes = 0.5 * std::erfc(-1.0 / std::sqrt(2.0));
    EXPECT_NEAR(bayes, 0.8413, 1e-4);
    // Standard error of an accuracy over 4000 samples: sqrt(0.84 * 0.16 / 4000) = 0.006.
    EXPECT_NEAR(r.mean, bayes, 0.02) << r.mean;
    EXPECT_NEAR(r.chance, 0.5, 1e-12);
    std::printf("two Gaussians: probe %.4f +- %.4f over 5 folds, Bayes %.4f\n", r.mean, r.std,
                bayes);
}

TEST(Probe, FoldsAreStratifiedAndTheRunIsDeterministic) {
    // 30 of class 0, 10 of class 1: each of 5 test folds holds 6 and 2, so a probe that learned
    // nothing but the majority would score exactly 0.75 on each fold; accuracies are multiples of
    // 1/8.
    Rng rng(2);
    MatrixRM x(40, 3);
    std::vector<int> y(40);
    for (int i = 0; i < 40; ++i) {
        y[i] = i < 30 ? 0 : 1;
        for (int j = 0; j < 3; ++j)
            x(i, j) = rng.normal();
    }
    const ProbeResult a = cross_validate_probe(x, y, ProbeOptions{});
    ASSERT_EQ(a.fold_accuracy.size(), 5u);
    for (double acc : a.fold_accuracy)
        EXPECT_DOUBLE_EQ(acc * 8, std::round(acc * 8)) << acc;
    EXPECT_DOUBLE_EQ(a.chance, 0.75);
    const ProbeResult b = cross_validate_probe(x, y, ProbeOptions{});
    EXPECT_EQ(a.fold_accuracy, b.fold_accuracy);
    // Fewer samples than folds, or one class only: no result.
    EXPECT_EQ(cross_validate_probe(x.topRows(3), {0, 1, 0}, ProbeOptions{}).folds, 0);
    EXPECT_EQ(cross_validate_probe(x, std::vector<int>(40, 1), ProbeOptions{}).folds, 0);
}

namespace {
// A 3-2-3 linear autoencoder that passes features 0 and 1 through and drops feature 2
// (reconstructed as 0): encoder W = [[1, 0], [0, 1], [0, 0]], decoder W = [[1, 0, 0], [0, 1, 0]].
Model pass_two_of_three() {
    Config c;
    EXPECT_TRUE(parse_config(R"({"data": {"name": "uniform", "features": 3}, "model": {"input": 3,
        "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 3}]}})",
                             &c)
                    .ok());
    Model m;
    m.build(c);
    std::fill(m.params.begin(), m.params.end(), 0.0f);
    const Layer& enc = m.layer(0);
    const Layer& dec = m.layer(1);
    m.params[size_t(enc.w_offset + 0 * 2 + 0)] = 1.0f;
    m.params[size_t(enc.w_offset + 1 * 2 + 1)] = 1.0f;
    m.params[size_t(dec.w_offset + 0 * 3 + 0)] = 1.0f;
    m.params[size_t(dec.w_offset + 1 * 3 + 1)] = 1.0f;
    return m;
}
} // namespace

TEST(Sensitivity, OnlyTheDroppedFeatureMatters) {
    // Perturbing x0 or x1 is reconstructed exactly: no increase. Perturbing x2 by +-s (s = delta
    // std_2) turns its error (x2)^2 into (x2 +- s)^2: averaged over both signs the increase per
    // sample is s^2, i.e. s^2 / 3 of the mean over 3 features.
    Model m = pass_two_of_three();
    Rng rng(8);
    MatrixRM x(50, 3);
    for (long t = 0; t < x.size(); ++t)
        x.data()[t] = rng.uniform();
    double mean2 = 0, sq2 = 0;
    for (int i = 0; i < 50; ++i)
        mean2 += x(i, 2) / 50.0;
    for (int i = 0; i < 50; ++i)
        sq2 += (x(i, 2) - mean2) * (x(i, 2) - mean2) / 50.0;
    for (double delta : {0.5, 1.0}) {
        const Sensitivity s = sensitivity(m, x, delta);
        ASSERT_EQ(s.increase.size(), 3u);
        EXPECT_EQ(s.samples, 50);
        EXPECT_NEAR(s.increase[0], 0.0, 1e-9);
        EXPECT_NEAR(s.increase[1], 0.0, 1e-9);
        EXPECT_NEAR(s.increase[2], delta * delta * sq2 / 3.0, 1e-6) << delta;
        double base = 0;
        for (int i = 0; i < 50; ++i)
            base += double(x(i, 2)) * x(i, 2) / 150.0;
        EXPECT_NEAR(s.base_mse, base, 1e-7);
    }
    // max_samples uses the first rows only.
    EXPECT_EQ(sensitivity(m, x, 1.0, 10).samples, 10);
}
