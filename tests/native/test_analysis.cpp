// Analysis: PCA against closed-form cases, ROC AUC and threshold metrics against hand-computed
// values, numpy-compatible percentiles, denoising, and the seeds' evaluation end to end.
#include "engine/analysis/analysis.h"
#include "engine/analysis/evaluation.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <Eigen/Geometry>
#include <Eigen/QR>
#include <cmath>

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
    ASSERT_TRUE(open_session(c, &s).ok());
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
    ASSERT_TRUE(open_session(c, &s).ok());
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

// sklearn's documented roc_curve example (y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]) and a
// case with tied scores, each counted by hand: a threshold counts `score >= t`.
TEST(Curves, RocCurveAgainstHandComputedCases) {
    const RocCurve r = roc_curve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    EXPECT_EQ(r.fpr, (std::vector<double>{0, 0, 0.5, 0.5, 1}));
    EXPECT_EQ(r.tpr, (std::vector<double>{0, 0.5, 0.5, 1, 1}));
    ASSERT_EQ(r.thresholds.size(), 5u);
    EXPECT_TRUE(std::isinf(r.thresholds[0]));
    EXPECT_EQ(std::vector<double>(r.thresholds.begin() + 1, r.thresholds.end()),
              (std::vector<double>{0.8, 0.4, 0.35, 0.1}));
    // Ties: the two samples scoring 2 (one of each class) enter together, a diagonal step.
    const RocCurve t = roc_curve({1, 2, 2, 3}, {0, 0, 1, 1});
    EXPECT_EQ(t.fpr, (std::vector<double>{0, 0, 0.5, 1}));
    EXPECT_EQ(t.tpr, (std::vector<double>{0, 0.5, 1, 1}));
    EXPECT_EQ(std::vector<double>(t.thresholds.begin() + 1, t.thresholds.end()),
              (std::vector<double>{3, 2, 1}));
    EXPECT_DOUBLE_EQ(trapezoid_area(t.fpr, t.tpr), 0.875); // = roc_auc with ties counted 1/2
    EXPECT_TRUE(roc_curve({1, 2}, {1, 1}).fpr.empty());    // one class only: no curve
}

TEST(Curves, RocTrapezoidAreaEqualsRocAucWithManyTies) {
    Rng rng(7);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> scores(200);
        std::vector<int> labels(200);
        for (int i = 0; i < 200; ++i) {
            labels[i] = rng.uniform() < 0.3f;
            // Ten score levels, shifted up for positives: many ties inside and across classes.
            scores[i] = std::floor(10.0 * rng.uniform() + 3.0 * labels[i] * rng.uniform()) / 10.0;
        }
        const RocCurve r = roc_curve(scores, labels);
        EXPECT_NEAR(trapezoid_area(r.fpr, r.tpr), roc_auc(scores, labels), 1e-12) << trial;
    }
}

TEST(Curves, PrecisionRecallCurveAndAveragePrecision) {
    // sklearn's documented example: precision [0.5, 2/3, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0],
    // thresholds [0.1, 0.35, 0.4, 0.8], average precision 0.8333.
    const PrCurve p = pr_curve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    ASSERT_EQ(p.precision.size(), 5u);
    const std::vector<double> prec = {0.5, 2.0 / 3.0, 0.5, 1, 1};
    for (size_t i = 0; i < prec.size(); ++i)
        EXPECT_DOUBLE_EQ(p.precision[i], prec[i]) << i;
    EXPECT_EQ(p.recall, (std::vector<double>{1, 1, 0.5, 0.5, 0}));
    EXPECT_EQ(p.thresholds, (std::vector<double>{0.1, 0.35, 0.4, 0.8}));
    EXPECT_NEAR(average_precision({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.5 + 0.5 * 2.0 / 3.0,
                1e-12);
    // Ties: thresholds 1, 2, 3 give (P, R) = (2/4, 1), (2/3, 1), (1/1, 1/2); AP = 1/2 * 1 + 1/2 *
    // 2/3.
    const PrCurve t = pr_curve({1, 2, 2, 3}, {0, 0, 1, 1});
    EXPECT_EQ(t.recall, (std::vector<double>{1, 1, 0.5, 0}));
    EXPECT_DOUBLE_EQ(t.precision[1], 2.0 / 3.0);
    EXPECT_NEAR(average_precision({1, 2, 2, 3}, {0, 0, 1, 1}), 0.5 + 0.5 * 2.0 / 3.0, 1e-12);
    // A perfect ranking has AP 1; without positives AP is undefined.
    EXPECT_DOUBLE_EQ(average_precision({0.1, 0.2, 0.9}, {0, 0, 1}), 1.0);
    EXPECT_TRUE(std::isnan(average_precision({0.1, 0.2}, {0, 0})));
}

TEST(Curves, OperatingPointUsesTheSeedsStrictRule) {
    // > 0.35 flags 0.4 (negative) and 0.8 (positive): one of each outcome.
    const OperatingPoint p = operating_point({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}, 0.35);
    EXPECT_EQ(p.counts.tp, 1);
    EXPECT_EQ(p.counts.fp, 1);
    EXPECT_EQ(p.counts.tn, 1);
    EXPECT_EQ(p.counts.fn, 1);
    EXPECT_DOUBLE_EQ(p.fpr, 0.5);
    EXPECT_DOUBLE_EQ(p.tpr, 0.5);
    EXPECT_DOUBLE_EQ(p.counts.f1(), 0.5);
}

TEST(Pca, MseCurveEqualsDiscardedEigenvaluesOverFeatures) {
    const double s[3] = {3.0, 2.0, 0.5};
    const MatrixRM x = known_covariance_data(s);
    Pca pca;
    pca.fit(x);
    const std::vector<double> curve = pca.reconstruction_mse_curve(x, 10); // clamped to d = 3
    ASSERT_EQ(curve.size(), 3u);
    EXPECT_NEAR(curve[0], 4.25 / 3.0, 1e-6);
    EXPECT_NEAR(curve[1], 0.25 / 3.0, 1e-6);
    EXPECT_NEAR(curve[2], 0.0, 1e-9);
    // Correlated random data (d = 8): the curve equals the direct MSE at every k, and the identity
    // MSE(k) = sum of the discarded eigenvalues / d holds on the data PCA was fitted on.
    Rng rng(11);
    MatrixRM y(300, 8);
    for (int i = 0; i < 300; ++i) {
        const float a = rng.normal(), b = rng.normal();
        for (int j = 0; j < 8; ++j)
            y(i, j) = a * float(j) + b * float(8 - j) * 0.3f + 0.2f * rng.normal();
    }
    pca.fit(y);
    const std::vector<double> c = pca.reconstruction_mse_curve(y, 8);
    for (int k = 1; k <= 8; ++k) {
        double discarded = 0.0;
        for (int j = k; j < 8; ++j)
            discarded += pca.explained_variance()[j];
        EXPECT_NEAR(c[k - 1], pca.reconstruction_mse(y, k), 1e-9 * (1 + c[0])) << k;
        EXPECT_NEAR(c[k - 1], discarded / 8.0, 1e-6 * (1 + c[0])) << k;
    }
}

TEST(Subspaces, PrincipalAnglesOfPlanesAtKnownAngles) {
    const double t = 0.3, u = 1.1;
    // In R^3: span(e1, e2) and span(e1, cos t e2 + sin t e3) share e1 and meet at angle t.
    Eigen::MatrixXd a(3, 2), b(3, 2);
    a << 1, 0, 0, 1, 0, 0;
    b << 1, 0, 0, std::cos(t), 0, std::sin(t);
    std::vector<double> ang = principal_angles(a, b);
    ASSERT_EQ(ang.size(), 2u);
    EXPECT_NEAR(ang[0], 0.0, 1e-7);
    EXPECT_NEAR(ang[1], t, 1e-12);
    // Non-orthonormal bases of the same planes give the same angles.
    Eigen::MatrixXd a2(3, 2), b2(3, 2);
    a2 << 2, 1, 0, 3, 0, 0;
    b2 << 1, 4, 0, 4 * std::cos(t), 0, 4 * std::sin(t);
    ang = principal_angles(a2, b2);
    EXPECT_NEAR(ang[0], 0.0, 1e-7);
    EXPECT_NEAR(ang[1], t, 1e-12);
    // In R^4: span(e1, e2) and span(cos t e1 + sin t e3, cos u e2 + sin u e4): angles t and u.
    Eigen::MatrixXd c(4, 2), e(4, 2);
    c << 1, 0, 0, 1, 0, 0, 0, 0;
    e << std::cos(t), 0, 0, std::cos(u), std::sin(t), 0, 0, std::sin(u);
    ang = principal_angles(c, e);
    EXPECT_NEAR(ang[0], t, 1e-12);
    EXPECT_NEAR(ang[1], u, 1e-12);
    // Orthogonal lines: pi / 2.
    EXPECT_NEAR(principal_angles(Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0, 0, 2))[0], M_PI / 2,
                1e-12);
}

TEST(Subspaces, DecoderSubspaceIsTheKernelsRowSpaceOfALinearDecoder) {
    Config c = load_example("examples/seed001_linear.json");
    Model m;
    m.build(c);
    Rng rng(5, kStreamInit);
    m.init(rng);
    std::string why;
    const Eigen::MatrixXd basis = decoder_subspace(m, &why);
    EXPECT_EQ(why, "");
    ASSERT_EQ(basis.rows(), 5);
    ASSERT_EQ(basis.cols(), 2);
    // Decoding any code lies in bias + span(basis): the residual after projecting is zero.
    const float z[2] = {0.7f, -1.3f};
    float out[5];
    m.decode(z, 1, out);
    const Layer& last = m.layer(m.num_layers() - 1);
    Eigen::VectorXd v(5);
    for (int j = 0; j < 5; ++j)
        v(j) = out[j] - m.params[size_t(last.b_offset + j)];
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(basis).householderQ() *
                              Eigen::MatrixXd::Identity(5, 2);
    EXPECT_LT((v - q * (q.transpose() * v)).norm(), 1e-5 * (1 + v.norm()));
    // A non-linear decoder has no subspace; the reason says what is needed.
    Model deep;
    deep.build(load_example("examples/seed000_dense.json"));
    EXPECT_EQ(decoder_subspace(deep, &why).size(), 0);
    EXPECT_NE(why.find("one dense layer with a linear activation"), std::string::npos) << why;
}

// Seed 001: the 5-2-5 linear autoencoder learns the PCA subspace. Its data are one ramp (two
// columns descending) plus small uniform noise: one large eigenvalue, four nearly equal small ones,
// so the top-1 axis is well defined and the second is not. The angle between PCA's first axis and
// the decoder's plane falls to about zero as it trains.
TEST(Subspaces, LinearAutoencoderLearnsTheFirstPrincipalAxis) {
    Config c = load_example("examples/seed001_linear.json");
    c.data.scaling = Scaling::standard;
    c.train.epochs = 400;
    c.train.optimizer.learning_rate = 0.01;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    Pca pca;
    pca.fit(s->x_train());
    EXPECT_GT(pca.explained_variance_ratio()[0], 0.99);
    auto angle_to_first_axis = [&]() {
        std::string why;
        return principal_angles(decoder_subspace(s->model(), &why), pca.components(1))[0];
    };
    const double before = angle_to_first_axis();
    while (!s->done())
        s->train_epoch();
    const double after = angle_to_first_axis();
    std::printf("seed 001: angle between PCA's first axis and the decoder's plane %.2f deg at init "
                "-> %.4f deg after 400 epochs\n",
                before * 180 / M_PI, after * 180 / M_PI);
    EXPECT_GT(before, 5 * M_PI / 180);
    EXPECT_LT(after, 0.5 * M_PI / 180);
}
