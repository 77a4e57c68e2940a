// Analysis: PCA against closed-form cases, ROC AUC and threshold metrics against hand-computed
// values, numpy-compatible percentiles, denoising, and the seeds' evaluation end to end.
#include "analysis.h"
#include "evaluation.h"
#include "session.h"
#include "test_util.h"

#include <Eigen/Geometry>

using namespace ae;

namespace {
// Data with an exactly known covariance: the 2^3 full factorial design (+-1 in each column) has
// mean 0 and covariance I (1/n normalisation). X = Z diag(s) Q^T + mu has covariance Q diag(s^2)
// Q^T.
MatrixRM known_covariance_data(const double s[3]) {
    Eigen::Matrix3d q; // a rotation (orthonormal columns)
    const double c = std::cos(0.7), sn = std::sin(0.7);
    q << c, -sn, 0, sn, c, 0, 0, 0, 1;
    const Eigen::Matrix3d r =
        q * Eigen::AngleAxisd(0.4, Eigen::Vector3d(1, 0, 0)).toRotationMatrix();
    MatrixRM x(8, 3);
    for (int i = 0; i < 8; ++i) {
        const Eigen::Vector3d z((i & 1) ? 1 : -1, (i & 2) ? 1 : -1, (i & 4) ? 1 : -1);
        const Eigen::Vector3d v =
            r * Eigen::Vector3d(z(0) * s[0], z(1) * s[1], z(2) * s[2]) + Eigen::Vector3d(5, -2, 1);
        for (int j = 0; j < 3; ++j)
            x(i, j) = float(v(j));
    }
    return x;
}
} // namespace

TEST(Pca, KnownCovarianceGivesKnownEigenvaluesAndErrors) {
    const double s[3] = {3.0, 2.0, 0.5}; // variances 9, 4, 0.25
    const MatrixRM x = known_covariance_data(s);
    Pca pca;
    pca.fit(x);
    ASSERT_EQ(pca.dims(), 3);
    EXPECT_NEAR(pca.explained_variance()[0], 9.0, 1e-5);
    EXPECT_NEAR(pca.explained_variance()[1], 4.0, 1e-5);
    EXPECT_NEAR(pca.explained_variance()[2], 0.25, 1e-5);
    const auto ratio = pca.explained_variance_ratio();
    EXPECT_NEAR(ratio[0], 9.0 / 13.25, 1e-6);
    EXPECT_NEAR(ratio[0] + ratio[1], 13.0 / 13.25, 1e-6);
    // Reconstruction MSE at k = (sum of the discarded eigenvalues) / d.
    EXPECT_NEAR(pca.reconstruction_mse(x, 3), 0.0, 1e-9);
    EXPECT_NEAR(pca.reconstruction_mse(x, 2), 0.25 / 3.0, 1e-6);
    EXPECT_NEAR(pca.reconstruction_mse(x, 1), 4.25 / 3.0, 1e-6);
    EXPECT_NEAR(pca.reconstruction_mse(x, 0), 13.25 / 3.0, 1e-5);
    // transform + inverse_transform agree with reconstruction_mse.
    const MatrixRM back = pca.inverse_transform(pca.transform(x, 2));
    EXPECT_NEAR((back - x).squaredNorm() / double(x.size()), 0.25 / 3.0, 1e-5);
    // The codes of the first component have variance 9.
    const MatrixRM codes = pca.transform(x, 1);
    EXPECT_NEAR(codes.squaredNorm() / 8.0, 9.0, 1e-4);
}

TEST(Metrics, RocAucAgainstHandComputedCases) {
    // sklearn's documented example: 0.75.
    EXPECT_NEAR(roc_auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75, 1e-12);
    // Ties count one half: pairs (2 vs 1) win, (2 vs 2) tie, (3 vs 1), (3 vs 2) win -> 3.5 / 4.
    EXPECT_NEAR(roc_auc({1, 2, 2, 3}, {0, 0, 1, 1}), 0.875, 1e-12);
    EXPECT_NEAR(roc_auc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5, 1e-12);
    EXPECT_NEAR(roc_auc({3, 2, 1}, {1, 0, 0}), 1.0, 1e-12);
    EXPECT_NEAR(roc_auc({3, 2, 1}, {0, 0, 1}), 0.0, 1e-12);
    EXPECT_TRUE(std::isnan(roc_auc({1, 2}, {1, 1})));
}

TEST(Metrics, PrecisionRecallF1AtAThreshold) {
    const std::vector<double> scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    const std::vector<int> labels = {0, 0, 1, 0, 1, 1};
    const BinaryCounts c = classify(scores, labels, 0.35); // flagged: 0.4, 0.5, 0.6
    EXPECT_EQ(c.tp, 2);
    EXPECT_EQ(c.fp, 1);
    EXPECT_EQ(c.fn, 1);
    EXPECT_EQ(c.tn, 2);
    EXPECT_NEAR(c.precision(), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(c.recall(), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(c.f1(), 2.0 / 3.0, 1e-12);
    EXPECT_EQ(classify(scores, labels, 0.6).tp, 0); // strictly greater, as `errors > threshold`
}

TEST(Metrics, StatsThresholdAndNumpyPercentiles) {
    const std::vector<double> e = {1, 2, 3, 4};
    const ErrorStats s = error_stats(e);
    EXPECT_DOUBLE_EQ(s.mean, 2.5);
    EXPECT_DOUBLE_EQ(s.std, std::sqrt(1.25)); // population std, numpy's default
    EXPECT_DOUBLE_EQ(s.max, 4);
    EXPECT_DOUBLE_EQ(threshold_mean_k_std(e, 3), 2.5 + 3 * std::sqrt(1.25));
    EXPECT_DOUBLE_EQ(percentile(e, 50), 2.5); // np.percentile([1,2,3,4], 50)
    EXPECT_NEAR(percentile(e, 90), 3.7, 1e-12);
    EXPECT_DOUBLE_EQ(percentile(e, 0), 1);
    EXPECT_DOUBLE_EQ(percentile(e, 100), 4);
}

TEST(Noise, GaussianIsClippedAndHasTheFactorsSpread) {
    MatrixRM x = MatrixRM::Constant(200, 100, 0.5f);
    Rng rng(3);
    add_gaussian_noise(x, 0.1, true, 0.0, 1.0, rng);
    double sum = 0, ss = 0;
    for (long i = 0; i < x.size(); ++i) {
        ASSERT_GE(x.data()[i], 0.0f);
        ASSERT_LE(x.data()[i], 1.0f);
        sum += x.data()[i] - 0.5;
        ss += (x.data()[i] - 0.5) * (x.data()[i] - 0.5);
    }
    EXPECT_NEAR(sum / x.size(), 0.0, 0.003);
    EXPECT_NEAR(std::sqrt(ss / x.size()), 0.1, 0.003); // 5 sigma from the clip: unaffected
    MatrixRM m = MatrixRM::Constant(100, 100, 1.0f);
    add_masking_noise(m, 0.25, rng);
    EXPECT_NEAR(1.0 - m.sum() / double(m.size()), 0.25, 0.02);
}

// A denoiser on seed 001's sequences (scaled to [0, 1], Gaussian noise 0.1): the reconstruction of
// the noisy input is closer to the clean data than the noisy input is. Recorded numbers, fixed
// seed.
TEST(Denoising, SequencesDenoiserLowersTheErrorToClean) {
    Config c = load_example("examples/seed001_linear.json");
    c.data.samples = 400;
    c.data.scaling = Scaling::minmax;
    c.train.epochs = 300;
    c.train.validation_split =
        0.0; // sequences are ordered: a tail split lies outside the scaler's range
    c.train.optimizer.learning_rate = 0.01;
    c.train.noise.type = NoiseType::gaussian;
    c.train.noise.factor = 0.1;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(Session::create(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    const Evaluation e = evaluate(*s);
    ASSERT_TRUE(e.denoising);
    EXPECT_EQ(e.set, "training");
    EXPECT_NEAR(e.mse_noisy, 0.01, 0.002); // noise variance 0.1^2 (a little less after clipping)
    EXPECT_LT(e.mse_denoised, 0.5 * e.mse_noisy) << e.mse_denoised << " vs " << e.mse_noisy;
    EXPECT_GT(e.noise_reduction_percent, 50.0);
    std::printf("sequences denoiser: noisy %.6f -> denoised %.6f (%.1f%% reduction)\n", e.mse_noisy,
                e.mse_denoised, e.noise_reduction_percent);
}

TEST(Evaluation, Seed000NumbersAreConsistent) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 1000;
    c.train.epochs = 3;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(Session::create(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    const Evaluation e = evaluate(*s);
    EXPECT_EQ(e.samples, 200);
    EXPECT_NEAR(e.reconstruction.mse, s->history().val_loss.back(), 1e-7); // MSE loss = val_loss
    EXPECT_NEAR(e.reconstruction.rmse, std::sqrt(e.reconstruction.mse), 1e-12);
    EXPECT_EQ(int(e.errors.size()), 200);
    EXPECT_NEAR(e.threshold, e.per_sample.mean + 3 * e.per_sample.std, 1e-12);
    int flagged = 0;
    for (double v : e.errors)
        flagged += v > e.threshold;
    EXPECT_EQ(flagged, e.flagged);
    EXPECT_EQ(e.pca_k, 10);
    // Uniform iid features: k = 10 of 100 equal-variance directions explain about 10% (a bit more
    // from sampling noise), and PCA's MSE is about 90% of the total variance 1/12.
    EXPECT_GT(e.pca_explained, 0.10);
    EXPECT_LT(e.pca_explained, 0.20);
    EXPECT_NEAR(e.pca_mse, (1.0 - e.pca_explained) / 12.0, 0.006);
    EXPECT_FALSE(e.denoising);
}
