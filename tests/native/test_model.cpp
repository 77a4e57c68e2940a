// The model and the session: the seed model's parameter counts and summary, shared weights of
// encode/decode/reconstruct, Keras' validation split, determinism and resumability, NaN handling,
// and the closed-form truth of a linear autoencoder (the best rank-2 reconstruction).
#include "engine/data/data.h"
#include "engine/core/model.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <Eigen/Eigenvalues>

using namespace ae;

TEST(Model, Seed000ParameterCounts) {
    const Config c = load_example("examples/seed000_dense.json");
    Model m;
    m.build(c);
    EXPECT_EQ(m.num_params(), 17838);
    // The seed's walkthrough: 100*64+64, 64*32+32, 32*10+10, 10*32+32, 32*64+64, 64*100+100
    const long expected[] = {6464, 2080, 330, 352, 2112, 6500};
    ASSERT_EQ(m.num_layers(), 6);
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(m.layer(i).num_params(), expected[i]) << "layer " << i;
    EXPECT_EQ(m.latent_dim(), 10);
    const std::string s = m.summary();
    EXPECT_NE(s.find("Total params: 17,838"), std::string::npos) << s;
    EXPECT_NE(s.find("encoder_1 (Dense)"), std::string::npos) << s;
    EXPECT_NE(s.find("100 x 64 + 64 = 6464"), std::string::npos) << s;
    EXPECT_NE(s.find("64 x 100 + 100 = 6500"), std::string::npos) << s;
    EXPECT_NE(s.find("Compression ratio: 100:10 = 10:1"), std::string::npos) << s;
}

TEST(Model, Seed001ParameterCounts) {
    const Config c = load_example("examples/seed001_linear.json");
    Model m;
    m.build(c);
    EXPECT_EQ(m.num_params(), 30 + 12 + 15); // 5*5+5, 5*2+2, 2*5+5
    EXPECT_NE(m.summary().find("Compression ratio: 5:2 = 2.5:1"), std::string::npos) << m.summary();
}

TEST(Model, GlorotUniformLimitsAndMoments) {
    const Config c = load_example("examples/seed000_dense.json");
    Model m;
    m.build(c);
    Rng rng(5, kStreamInit);
    m.init(rng);
    const Layer& l = m.layer(0); // 100 x 64: limit sqrt(6 / 164)
    const double limit = std::sqrt(6.0 / 164.0);
    double sum = 0, sq = 0;
    const long nw = long(l.in) * l.out;
    for (long i = 0; i < nw; ++i) {
        const double w = m.params[l.w_offset + i];
        EXPECT_LE(std::fabs(w), limit);
        sum += w;
        sq += w * w;
    }
    EXPECT_NEAR(sum / nw, 0.0, 0.01);
    EXPECT_NEAR(sq / nw, limit * limit / 3.0, 0.1 * limit * limit / 3.0); // variance of U(-a, a)
    for (int i = 0; i < l.out; ++i)
        EXPECT_EQ(m.params[l.b_offset + i], 0.0f); // zero biases
}

TEST(Model, HeNormalIsTruncatedWithKerasStddev) {
    Config c = load_example("examples/seed000_dense.json");
    for (auto& l : c.encoder)
        l.kernel_initializer = Init::he_normal;
    Model m;
    m.build(c);
    Rng rng(5, kStreamInit);
    m.init(rng);
    const Layer& l = m.layer(0);
    const double stddev = std::sqrt(2.0 / 100.0) / 0.87962566103423978;
    double sq = 0;
    const long nw = long(l.in) * l.out;
    for (long i = 0; i < nw; ++i) {
        const double w = m.params[l.w_offset + i];
        EXPECT_LE(std::fabs(w), 2.0 * stddev + 1e-6);
        sq += w * w;
    }
    // Truncation at 2 stddev scales the variance by 0.774; with Keras' correction it is 2 / fan_in.
    EXPECT_NEAR(sq / nw, 2.0 / 100.0, 0.1 * 2.0 / 100.0);
}

TEST(Model, EncodeDecodeShareTheWeightsOfReconstruct) {
    const Config c = load_example("examples/seed000_dense.json");
    Model m;
    m.build(c);
    Rng rng(1);
    m.init(rng);
    m.reserve(64);
    const int n = 300; // more than one chunk of 64
    std::vector<float> x(n * 100), z(n * 10), xr(n * 100), xr2(n * 100);
    for (auto& v : x)
        v = rng.uniform();
    m.encode(x.data(), n, z.data());
    m.decode(z.data(), n, xr.data());
    m.reconstruct(x.data(), n, xr2.data());
    EXPECT_EQ(xr, xr2);
    // The bottleneck is relu: codes are >= 0.
    for (float v : z)
        EXPECT_GE(v, 0.0f);
}

TEST(Session, ValidationSplitIsTheLastFractionBeforeShuffling) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 1000;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    Dataset d;
    ASSERT_TRUE(make_dataset(c.data, c.seed, &d).ok());
    ASSERT_EQ(s->x_train().rows(), 800);
    ASSERT_EQ(s->x_val().rows(), 200);
    EXPECT_TRUE(s->x_val() == d.x.bottomRows(200));
    EXPECT_TRUE(s->x_train() == d.x.topRows(800));
    EXPECT_EQ(s->progress().batches_per_epoch, 13); // ceil(800 / 64)
}

TEST(Session, SameSeedSameNumbersAndSlicingDoesNotMatter) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 600;
    c.train.epochs = 3;
    std::unique_ptr<Session> a, b, d;
    ASSERT_TRUE(open_session(c, &a).ok());
    ASSERT_TRUE(open_session(c, &b).ok());
    while (!a->done())
        a->train_epoch();
    while (!b->done())
        b->train_batches(1); // one batch at a time, as the page does
    EXPECT_EQ(a->history().loss, b->history().loss);
    EXPECT_EQ(a->history().val_loss, b->history().val_loss);
    EXPECT_EQ(a->model().params, b->model().params);
    c.seed = 43;
    ASSERT_TRUE(open_session(c, &d).ok());
    while (!d->done())
        d->train_epoch();
    EXPECT_NE(a->history().loss, d->history().loss);
}

TEST(Session, TrainingReducesTheLossOnTheSeedModel) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 1000;
    c.train.epochs = 5;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    const auto& h = s->history();
    ASSERT_EQ(h.loss.size(), 5u);
    ASSERT_EQ(h.val_loss.size(), 5u);
    // Uniform [0,1) data: predicting 0.5 everywhere gives MSE 1/12 = 0.0833; training must at least
    // learn that, and history.loss must be the mean of the epoch's batch losses.
    EXPECT_LT(h.val_loss.back(), 0.0840);
    EXPECT_LT(h.loss.back(), h.loss.front());
    EXPECT_NEAR(s->evaluate_loss(s->x_val()), h.val_loss.back(), 1e-12);
}

TEST(Session, NanStopsTrainingRestoresWeightsAndSaysWhy) {
    Config c = load_example("examples/seed001_linear.json");
    c.train.optimizer.type = OptimizerType::sgd;
    c.train.optimizer.learning_rate = 5.0; // unscaled 0..100 data: diverges at once
    c.train.epochs = 50;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    EXPECT_NE(s->error().find("loss became"), std::string::npos) << s->error();
    EXPECT_NE(s->error().find("learning_rate 5 is likely too high"), std::string::npos)
        << s->error();
    for (float p : s->model().params)
        ASSERT_TRUE(std::isfinite(p));
}

// The run above diverges; with clipvalue (Keras' name) the same run stays finite to the end. The
// error message names the way out.
TEST(Session, GradientClippingKeepsADivergingRunFinite) {
    Config c = load_example("examples/seed001_linear.json");
    c.train.optimizer.type = OptimizerType::sgd;
    c.train.optimizer.learning_rate = 5.0;
    c.train.epochs = 5;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    EXPECT_NE(s->error().find("train.optimizer.clipnorm"), std::string::npos) << s->error();
    c.train.optimizer.clipvalue = 1e-3;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    EXPECT_EQ(s->error(), "");
    ASSERT_EQ(s->history().loss.size(), 5u);
    for (double l : s->history().loss)
        EXPECT_TRUE(std::isfinite(l));
}

// Seed 001's 5-2-5 linear autoencoder: the best any rank-2 affine map can do is PCA with 2
// components on the centred data; its MSE is the sum of the 3 smallest covariance eigenvalues
// divided by 5 (Eckart-Young). Training must get within 5% of that truth. The data are
// standardized first (fitted on the training split, as seed 002 does): unscaled, the mean of ~50
// must be learned by the biases at Adam's step size and training stalls about 8% above.
TEST(Session, LinearAutoencoderFindsThePrincipalSubspace) {
    Config c = load_example("examples/seed001_linear.json");
    c.train.batch_size = 100; // full batch
    c.data.scaling = Scaling::standard;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    // Two near-equal noise eigenvalues make the second direction slow to find at one rate;
    // a step schedule (larger, then smaller) reaches the optimum.
    int epochs = 0;
    for (double lr : {0.01, 0.001}) {
        s->set_learning_rate(lr);
        epochs += 10000;
        s->set_epochs(epochs);
        while (!s->done())
            s->train_epoch();
    }

    const MatrixRMd x = s->x_train().cast<double>();
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const MatrixRMd xc = x.rowwise() - mean;
    const Eigen::MatrixXd cov = (xc.transpose() * xc) / double(x.rows());
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const Eigen::VectorXd ev = eig.eigenvalues(); // ascending
    const double best = (ev(0) + ev(1) + ev(2)) / 5.0;
    const double got = s->evaluate_metrics(s->x_train()).mse;
    EXPECT_GT(best, 1e-4); // noise of variance 0.75 on columns of variance ~833: far from 0
    EXPECT_LT(got, best * 1.05) << "AE MSE " << got << " vs best rank-2 " << best;
    EXPECT_GE(got, best * (1 - 1e-4)) << "no rank-2 map can beat PCA";
}
