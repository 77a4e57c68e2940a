// The variational autoencoder (config.variational, model.h): its KL term against the closed form
// and a Monte-Carlo estimate, the reparameterization gradient of the whole loss against central
// differences in double (dense and conv), Keras' parameter counts of the Keras VAE example, the
// config's checks, checkpoints that resume bit for bit, the prior samples and the manifold grid,
// and a 2-D-latent VAE trained on MNIST digits.
// The CLI: train prints the terms per epoch and the KL per latent dim, sample writes the model's
// prior samples and manifold grid. Not here: native-vs-WASM parity (tests/wasm/vae.test.mjs).
#include "engine/data/csv.h"
#include "engine/analysis/evaluation.h"
#include "engine/analysis/latent.h"
#include "engine/core/model.h"
#include "engine/io/model_file.h"
#include "engine/core/ops.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>

using namespace ae;

namespace {

bool have_mnist() {
    return std::ifstream(source_path("build/data/mnist.bin")).good();
}

// A dense VAE on `input` uniform features: input -> hidden (tanh) -> latent -> hidden -> input.
Config dense_vae(int input, int hidden, int latent, double beta) {
    Config c;
    c.input = c.data.features = input;
    c.encoder = {{hidden, Activation::tanh, Init::glorot_uniform},
                 {latent, Activation::linear, Init::glorot_uniform}};
    c.decoder = {{hidden, Activation::tanh, Init::glorot_uniform},
                 {input, Activation::sigmoid, Init::glorot_uniform}};
    c.variational.on = true;
    c.variational.beta = beta;
    return c;
}

// One layer of the model in double, through the same layer math (ops.h, conv.h).
std::vector<double> layer_forward(const Layer& l, const double* p, const std::vector<double>& in,
                                  int n) {
    std::vector<double> z(size_t(n) * l.out, 0.0), y(size_t(n) * l.out, 0.0);
    std::vector<double> cols(size_t(l.geom.rows()) * l.geom.cols() + 1);
    switch (l.type) {
    case LayerType::dense:
        dense_forward(z.data(), in.data(), p + l.w_offset, p + l.b_offset, n, l.in, l.out);
        break;
    case LayerType::conv2d:
        conv2d_forward(z.data(), in.data(), p + l.w_offset, p + l.b_offset, n, l.geom, cols.data());
        break;
    case LayerType::conv2d_transpose: {
        std::vector<double> wt(l.kernel_size);
        transpose(wt.data(), p + l.w_offset, l.geom.cols(), l.geom.oc);
        conv2d_transpose_forward(z.data(), in.data(), wt.data(), p + l.b_offset, n, l.geom,
                                 cols.data());
        break;
    }
    case LayerType::flatten:
    case LayerType::reshape:
        return in;
    default:
        ADD_FAILURE() << "layer type not covered by the reference";
        return in;
    }
    activation_forward(y.data(), z.data(), long(n) * l.out, l.activation);
    return y;
}

// The whole VAE loss in double for params p with the given eps (n, latent): reconstruction (the
// config's loss summed over a sample's values, batch mean) + beta * KL (batch mean).
double vae_loss_d(const Model& m, const std::vector<double>& p, const std::vector<float>& x,
                  const std::vector<float>& eps, int n, Loss loss) {
    const int e = m.num_encoder_layers(), k = m.latent_dim(), d = m.input_dim();
    std::vector<double> cur(x.begin(), x.end()), h;
    for (int i = 0; i < e; ++i) {
        h = cur;
        cur = layer_forward(m.layer(i), p.data(), cur, n);
    }
    const Layer& head = m.layer(e - 1);
    std::vector<double> lv(size_t(n) * k);
    dense_forward(lv.data(), h.data(), p.data() + m.log_var_offset(),
                  p.data() + m.log_var_offset() + head.kernel_size, n, head.in, k);
    double kl = 0.0;
    std::vector<double> z(size_t(n) * k);
    for (size_t i = 0; i < z.size(); ++i) {
        kl += -0.5 * (1.0 + lv[i] - cur[i] * cur[i] - std::exp(lv[i]));
        z[i] = cur[i] + std::exp(0.5 * lv[i]) * double(eps[i]);
    }
    cur = z;
    for (int i = e; i < m.num_layers(); ++i)
        cur = layer_forward(m.layer(i), p.data(), cur, n);
    const std::vector<double> t(x.begin(), x.end());
    return loss_forward_backward<double>(nullptr, cur.data(), t.data(), n, d, loss, double(d)) +
           m.beta() * kl / n;
}

// Model::backward after forward (eps drawn there) against central differences of vae_loss_d with
// that eps held fixed: the reparameterization gradient, KL's own gradient and every layer's.
void check_vae_gradient(const Config& c, int n, Loss loss) {
    Model m;
    m.build(c);
    Rng rng(99);
    m.init(rng);
    for (auto& p : m.params)
        p += 0.1f * (rng.uniform() - 0.5f); // non-zero biases, log_var away from 0
    std::vector<float> x(size_t(n) * c.input);
    for (auto& v : x)
        v = 0.05f + 0.9f * rng.uniform();
    m.reserve(n);
    const int d = c.input;
    const float* y = m.forward(x.data(), n);
    std::vector<float> grad(x.size());
    const double loss_f =
        loss_forward_backward(grad.data(), y, x.data(), n, d, loss, double(d)) + m.beta() * m.kl();
    m.backward(x.data(), grad.data(), n);
    const std::vector<float> eps(m.last_eps(), m.last_eps() + long(n) * m.latent_dim());
    std::vector<double> p(m.params.begin(), m.params.end());
    EXPECT_NEAR(vae_loss_d(m, p, x, eps, n, loss), loss_f, 1e-4 * std::fabs(loss_f));
    const double h = 1e-6;
    double worst = 0.0;
    for (size_t i = 0; i < p.size(); ++i) {
        const double keep = p[i];
        p[i] = keep + h;
        const double lp = vae_loss_d(m, p, x, eps, n, loss);
        p[i] = keep - h;
        const double lm = vae_loss_d(m, p, x, eps, n, loss);
        p[i] = keep;
        const double num = (lp - lm) / (2 * h);
        EXPECT_NEAR(m.grads[i], num, 1e-5 + 1e-4 * std::fabs(num))
            << "param " << i << " of " << p.size() << " (z_log_var head from " << m.log_var_offset()
            << ")";
        worst = std::max(worst, std::fabs(m.grads[i] - num) / std::max(1.0, std::fabs(num)));
    }
    std::printf("  %zu params, largest relative gradient error %.2e\n", p.size(), worst);
}

} // namespace

// Hand-picked posteriors: mu = (1, -2), log_var = (0, ln 4) through a linear head with zero
// kernels. KL per dim = 0.5 (mu^2 + var - 1 - log_var): 0.5 and 0.5 (4 + 4 - 1 - ln 4).
TEST(Vae, KlMatchesTheClosedForm) {
    Config c = dense_vae(3, 4, 2, 1.0);
    Model m;
    m.build(c);
    std::fill(m.params.begin(), m.params.end(), 0.0f);
    const Layer& head = m.layer(1);
    m.params[head.b_offset] = 1.0f, m.params[head.b_offset + 1] = -2.0f;
    const long lv_b = m.log_var_offset() + head.kernel_size;
    m.params[lv_b] = 0.0f, m.params[lv_b + 1] = float(std::log(4.0));
    const float x[6] = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    m.reserve(2);
    m.predict(x, 2);
    const double ln4 = double(float(std::log(4.0)));
    const double kl0 = 0.5, kl1 = 0.5 * (4.0 + 4.0 - 1.0 - ln4);
    EXPECT_NEAR(m.kl(), kl0 + kl1, 1e-6); // exp(log_var) of the float ln 4 is 4 to 1e-7
    const std::vector<double> per_dim = m.kl_per_dim(x, 2);
    ASSERT_EQ(per_dim.size(), 2u);
    EXPECT_NEAR(per_dim[0], kl0, 1e-12);
    EXPECT_NEAR(per_dim[1], kl1, 1e-6);
    float mu[4], lv[4];
    m.encode_stats(x, 2, mu, lv);
    EXPECT_EQ(mu[2], 1.0f);
    EXPECT_EQ(lv[3], float(std::log(4.0)));

    // At the prior itself (mu = 0, log_var = 0) the KL is exactly 0.
    std::fill(m.params.begin(), m.params.end(), 0.0f);
    m.predict(x, 2);
    EXPECT_EQ(m.kl(), 0.0);
    EXPECT_EQ(m.kl_per_dim(x, 2), std::vector<double>(2, 0.0));
}

// KL(q || p) = E_q[log q(z) - log p(z)], estimated from 400,000 draws of the engine's Rng.
TEST(Vae, KlMatchesAMonteCarloEstimate) {
    const double mu = 0.7, log_var = -1.3, sd = std::exp(0.5 * log_var);
    const double closed = -0.5 * (1.0 + log_var - mu * mu - std::exp(log_var));
    Rng rng(5, kStreamSampling);
    double sum = 0.0;
    const int draws = 400000;
    for (int i = 0; i < draws; ++i) {
        const double e = rng.normal(), z = mu + sd * e;
        // log q(z) - log p(z) = -0.5 e^2 - log sd + 0.5 z^2 (the 2 pi terms cancel)
        sum += -0.5 * e * e - std::log(sd) + 0.5 * z * z;
    }
    EXPECT_NEAR(sum / draws, closed, 0.01 * closed); // MC standard error ~0.2% here
}

TEST(Vae, ReparameterizationGradientDense) {
    for (Loss loss : {Loss::mse, Loss::binary_crossentropy})
        check_vae_gradient(dense_vae(6, 5, 3, 0.7), 4, loss);
}

// A tiny conv VAE: conv2d (stride 2, same) -> flatten -> z_mean (2); dense -> reshape ->
// conv2d_transpose (stride 2, same).
TEST(Vae, ReparameterizationGradientConv) {
    Config c;
    const std::string json = R"({"data": {"name": "uniform", "features": 36},
      "model": {"input": [6, 6, 1], "variational": {"beta": 1.5},
        "encoder": [{"type": "conv2d", "filters": 2, "kernel_size": 3, "strides": 2,
                     "padding": "same", "activation": "tanh"},
                    {"type": "flatten"}, {"type": "dense", "units": 2}],
        "decoder": [{"type": "dense", "units": 18, "activation": "tanh"},
                    {"type": "reshape", "target_shape": [3, 3, 2]},
                    {"type": "conv2d_transpose", "filters": 1, "kernel_size": 3, "strides": 2,
                     "padding": "same", "activation": "sigmoid"}]}})";
    const Status st = parse_config(json, &c);
    ASSERT_TRUE(st.ok()) << st.error;
    check_vae_gradient(c, 3, Loss::binary_crossentropy);
}

// The Keras VAE example's conv encoder and decoder: every count from Keras' formulas, and the
// example's totals (encoder 69,076, decoder 65,089).
TEST(Vae, KerasExampleParameterCounts) {
    const Config c = load_example("examples/vae_conv_mnist.json");
    Model m;
    m.build(c);
    const long conv1 = 3 * 3 * 1 * 32 + 32, conv2 = 3 * 3 * 32 * 64 + 64;
    const long dense16 = 7 * 7 * 64 * 16 + 16, head = 16 * 2 + 2;
    const long dec_dense = 2 * 7 * 7 * 64 + 7 * 7 * 64, t64 = 3 * 3 * 64 * 64 + 64;
    const long t32 = 3 * 3 * 32 * 64 + 32, t1 = 3 * 3 * 1 * 32 + 1;
    EXPECT_EQ(conv1 + conv2 + dense16 + 2 * head, 69076);
    EXPECT_EQ(dec_dense + t64 + t32 + t1, 65089);
    EXPECT_EQ(m.num_params(), 69076 + 65089);
    const std::vector<SummaryRow> rows = m.summary_rows();
    // input, conv, conv, flatten, dense, z_mean, z_log_var, sampling, then the decoder's 5
    ASSERT_EQ(rows.size(), 13u);
    EXPECT_EQ(rows[5].name, "z_mean (Dense)");
    EXPECT_EQ(rows[5].params, head);
    EXPECT_EQ(rows[6].name, "z_log_var (Dense)");
    EXPECT_EQ(rows[6].params, head);
    EXPECT_EQ(rows[7].name, "sampling (Sampling)");
    EXPECT_EQ(rows[7].params, 0);
    EXPECT_EQ(rows[7].shape, "(None, 2)");
    EXPECT_EQ(rows[8].params, dec_dense);
    EXPECT_EQ(rows[12].params, t1);
    long sum = 0;
    for (const SummaryRow& r : rows)
        sum += r.params;
    EXPECT_EQ(sum, m.num_params());
    EXPECT_EQ(m.bottleneck_row(), 7);
    EXPECT_NE(m.summary().find("Total params: 134,165"), std::string::npos);
}

TEST(Vae, ConfigChecksAndRoundTrip) {
    const std::string base = R"({"data": {"name": "uniform", "features": 8},
      "model": {"input": 8, %s
        "encoder": [{"type": "dense", "units": 4, "activation": "relu"}, %s],
        "decoder": [{"type": "dense", "units": 8, "activation": "sigmoid"}]}})";
    auto make = [&](const std::string& va, const std::string& last) {
        char b[1024];
        std::snprintf(b, sizeof b, base.c_str(), va.c_str(), last.c_str());
        return std::string(b);
    };
    const std::string linear = R"({"type": "dense", "units": 2})";
    Config c;
    ASSERT_TRUE(parse_config(make(R"("variational": {"beta": 0.5},)", linear), &c).ok());
    EXPECT_TRUE(c.variational.on);
    EXPECT_EQ(c.variational.beta, 0.5);
    Config again;
    ASSERT_TRUE(parse_config(config_to_json(c), &again).ok());
    EXPECT_TRUE(again.variational.on);
    EXPECT_EQ(again.variational.beta, 0.5);
    ASSERT_TRUE(parse_config(make(R"("variational": {},)", linear), &c).ok());
    EXPECT_EQ(c.variational.beta, 1.0);
    ASSERT_TRUE(parse_config(make("", linear), &c).ok());
    EXPECT_FALSE(c.variational.on);
    EXPECT_EQ(config_to_json(c).find("variational"), std::string::npos);

    const struct {
        std::string va, last, field;
    } bad[] = {
        {R"("variational": {"beta": -1},)", linear, "model.variational.beta: expected a number"},
        {R"("variational": {"beta": "1"},)", linear, "model.variational.beta: expected"},
        {R"("variational": {"bta": 1},)", linear, "model.variational.bta: unknown key"},
        {R"("variational": 1,)", linear, "model.variational: expected an object"},
        {R"("variational": {},)", R"({"type": "dense", "units": 2, "activation": "relu"})",
         "model.encoder[1].activation: a variational model's last encoder layer"},
        {R"("variational": {},)", R"({"type": "dropout", "rate": 0.1})",
         "model.encoder[1].type: a variational model's last encoder layer"},
    };
    for (const auto& b : bad) {
        const Status st = parse_config(make(b.va, b.last), &c);
        ASSERT_FALSE(st.ok()) << b.va << b.last;
        EXPECT_EQ(st.error.rfind(b.field, 0), 0u) << st.error;
    }
}

// Inference uses z = z_mean: reconstruct() and predict() agree and repeat bit for bit; decode of
// encode is reconstruct.
TEST(Vae, InferenceIsDeterministicAtTheMean) {
    Config c = dense_vae(6, 5, 3, 1.0);
    Model m;
    m.build(c);
    Rng rng(3);
    m.init(rng);
    std::vector<float> x(5 * 6), a(x.size()), b(x.size()), z(5 * 3), y(x.size());
    for (auto& v : x)
        v = rng.uniform();
    m.reconstruct(x.data(), 5, a.data());
    m.reconstruct(x.data(), 5, b.data());
    EXPECT_EQ(a, b);
    m.encode(x.data(), 5, z.data());
    m.decode(z.data(), 5, y.data());
    EXPECT_EQ(a, y);
    // forward() samples: a different output from the mean's
    const float* f = m.forward(x.data(), 5);
    EXPECT_NE(std::vector<float>(f, f + x.size()), a);
}

// Checkpoints keep the sampling (and dropout) generators: stopping mid-epoch and resuming gives
// the uninterrupted run's history and weights bit for bit.
TEST(Vae, CheckpointResumesBitIdentically) {
    const std::string json = R"({"seed": 7, "data": {"name": "uniform", "samples": 300,
      "features": 10},
      "model": {"input": 10, "variational": {"beta": 0.5},
        "encoder": [{"type": "dense", "units": 8, "activation": "relu"},
                    {"type": "dropout", "rate": 0.2}, {"type": "dense", "units": 2}],
        "decoder": [{"type": "dense", "units": 8, "activation": "relu"},
                    {"type": "dense", "units": 10, "activation": "sigmoid"}]},
      "train": {"epochs": 4, "batch_size": 32, "validation_split": 0.2,
                "loss": "binary_crossentropy"}})";
    std::unique_ptr<Session> whole, part, resumed;
    ASSERT_TRUE(open_session(json, &whole).ok());
    while (!whole->done())
        whole->train_epoch();
    ASSERT_EQ(whole->history().kl.size(), 4u);
    ASSERT_EQ(whole->history().val_reconstruction.size(), 4u);
    for (int stop_after : {1, 5, 8, 13}) { // 8 batches per epoch
        ASSERT_TRUE(open_session(json, &part).ok());
        part->train_batches(stop_after);
        const std::string blob = part->checkpoint();
        part.reset();
        const Status st = resume_session(blob, "autosave", &resumed);
        ASSERT_TRUE(st.ok()) << st.error;
        while (!resumed->done())
            resumed->train_batches(3);
        const History &a = resumed->history(), &b = whole->history();
        EXPECT_EQ(a.loss, b.loss) << "stopped after " << stop_after;
        EXPECT_EQ(a.val_loss, b.val_loss);
        EXPECT_EQ(a.kl, b.kl);
        EXPECT_EQ(a.reconstruction, b.reconstruction);
        EXPECT_EQ(a.val_kl, b.val_kl);
        EXPECT_EQ(a.val_reconstruction, b.val_reconstruction);
        EXPECT_EQ(resumed->model().params, whole->model().params);
    }
    // The terms add up: loss = reconstruction + beta * kl (per epoch, and on validation).
    const History& h = whole->history();
    for (size_t e = 0; e < h.loss.size(); ++e) {
        EXPECT_NEAR(h.loss[e], h.reconstruction[e] + 0.5 * h.kl[e], 1e-9 * h.loss[e]);
        EXPECT_NEAR(h.val_loss[e], h.val_reconstruction[e] + 0.5 * h.val_kl[e],
                    1e-9 * h.val_loss[e]);
    }
}

// The standard normal's quantiles at linspace(0.05, 0.95, n): the 95% quantile 1.6448536269514722
// (tables), symmetric, 0 in the middle of an odd n.
TEST(Vae, ManifoldValuesAreNormalQuantiles) {
    const std::vector<double> v = manifold_values(5); // p = .05, .275, .5, .725, .95
    ASSERT_EQ(v.size(), 5u);
    EXPECT_NEAR(v[4], 1.6448536269514722, 1e-8);
    EXPECT_NEAR(v[3], 0.59776012604247, 1e-8); // qnorm(0.725)
    EXPECT_EQ(v[2], 0.0);
    EXPECT_NEAR(v[0], -v[4], 1e-12);
    EXPECT_NEAR(v[1], -v[3], 1e-12);
    EXPECT_NEAR(manifold_values(30)[29], 1.6448536269514722, 1e-8);
}

// The grid decodes z[dim_a] = v[column], z[dim_b] = v[n - 1 - row], other dims 0; the prior
// samples are the decodes of Rng(seed, kStreamSampling)'s normals.
TEST(Vae, ManifoldGridAndPriorSamples) {
    Config c = dense_vae(6, 5, 3, 1.0);
    Model m;
    m.build(c);
    Rng rng(11);
    m.init(rng);
    const int n = 3;
    std::vector<float> grid(size_t(n) * n * 6), one(6);
    manifold_grid(grid.data(), m, n, 2, 0);
    const std::vector<double> v = manifold_values(n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const float z[3] = {float(v[n - 1 - i]), 0.0f, float(v[j])};
            m.decode(z, 1, one.data());
            EXPECT_EQ(std::vector<float>(grid.begin() + (i * n + j) * 6,
                                         grid.begin() + (i * n + j + 1) * 6),
                      one);
        }
    std::vector<float> a(4 * 6), b(4 * 6), c2(4 * 6), z(4 * 3), want(4 * 6);
    sample_prior(a.data(), m, 4, 123);
    sample_prior(b.data(), m, 4, 123);
    sample_prior(c2.data(), m, 4, 124);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c2);
    Rng r(123, kStreamSampling);
    for (auto& e : z)
        e = r.normal();
    m.decode(z.data(), 4, want.data());
    EXPECT_EQ(a, want);
}

// A 2-D-latent VAE on 2,000 MNIST digits for 5 epochs: both latent dims carry information (KL
// above the collapse threshold), the KL is positive, and the validation reconstruction term is
// far better than at initialization.
TEST(Vae, TrainsOnMnistWithTwoActiveDims) {
    if (!have_mnist()) GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    Config c = load_example("examples/vae_mnist_2d.json");
    c.data.samples = 2000;
    c.train.epochs = 5;
    std::unique_ptr<Session> s;
    const Status st = open_session(c, &s, source_path("build/data"));
    ASSERT_TRUE(st.ok()) << st.error;
    const LossParts init = s->evaluate_parts(s->x_val(), s->x_val());
    while (s->train_epoch() > 0) {
    }
    ASSERT_TRUE(s->error().empty()) << s->error();
    const History& h = s->history();
    ASSERT_EQ(h.val_reconstruction.size(), 5u);
    const std::vector<double> kl = s->kl_per_dim();
    std::printf("  val reconstruction %.2f -> %.2f, val KL %.3f -> %.3f, per-dim KL %.3f %.3f\n",
                init.reconstruction, h.val_reconstruction.back(), init.kl, h.val_kl.back(), kl[0],
                kl[1]);
    EXPECT_GT(h.val_kl.back(), 0.5);
    EXPECT_LT(h.val_reconstruction.back(), 0.5 * init.reconstruction);
    EXPECT_LT(h.loss.back(), h.loss.front());
    ASSERT_EQ(kl.size(), 2u);
    EXPECT_GT(kl[0], kCollapsedKL);
    EXPECT_GT(kl[1], kCollapsedKL);
    EXPECT_NEAR(kl[0] + kl[1], h.val_kl.back(), 1e-6 * h.val_kl.back());
}

namespace {
// Runs the CLI with args; returns its stdout (stderr to a temp file), the exit code in *rc.
std::string run_cli(const std::string& args, int* rc) {
    const std::string cmd = std::string(AEPLAY_CLI) + " " + args + " 2>" + temp_path("err");
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char b[4096];
    for (size_t n; p && (n = std::fread(b, 1, sizeof b, p)) > 0;)
        out.append(b, n);
    *rc = p ? pclose(p) : -1;
    return out;
}
} // namespace

TEST(Vae, CliTrainPrintsTheTermsAndSampleWritesTheModelsDecodes) {
    const std::string cfg = temp_path("c.json"), model = temp_path("m.aemodel"),
                      csv = temp_path("s.csv");
    std::ofstream(cfg) << R"({"seed": 3, "data": {"name": "uniform", "samples": 200, "features": 6},
      "model": {"input": 6, "variational": {"beta": 1},
        "encoder": [{"type": "dense", "units": 5, "activation": "tanh"}, {"type": "dense", "units": 3}],
        "decoder": [{"type": "dense", "units": 6, "activation": "sigmoid"}]},
      "train": {"epochs": 2, "validation_split": 0.25, "loss": "binary_crossentropy"}})";
    int rc = 0;
    const std::string out = run_cli("train " + cfg + " --save " + model, &rc);
    ASSERT_EQ(rc, 0) << out;
    EXPECT_NE(out.find(" - reconstruction: "), std::string::npos) << out;
    EXPECT_NE(out.find(" - kl: "), std::string::npos);
    EXPECT_NE(out.find(" - val_kl: "), std::string::npos);
    for (const char* dim : {"latent dim 0: KL ", "latent dim 1: KL ", "latent dim 2: KL "})
        EXPECT_NE(out.find(dim), std::string::npos) << dim << "\n" << out;

    TrainedModel m;
    ASSERT_TRUE(load_model(read_text(model), model, &m).ok());
    ASSERT_EQ(m.history.kl.size(), 2u); // the model file keeps the terms
    for (const bool grid : {false, true}) {
        run_cli("sample --model " + model +
                    (grid ? " --grid 4 --dims 2,0" : " --count 5 --seed 9") + " --out " + csv,
                &rc);
        ASSERT_EQ(rc, 0);
        CsvTable t;
        ASSERT_TRUE(parse_csv(read_text(csv), csv, &t).ok());
        const int rows = grid ? 16 : 5;
        ASSERT_EQ(t.values.rows(), rows);
        std::vector<float> want(size_t(rows) * 6);
        m.model.reserve(16);
        if (grid)
            manifold_grid(want.data(), m.model, 4, 2, 0);
        else
            sample_prior(want.data(), m.model, 5, 9);
        for (int i = 0; i < rows * 6; ++i) // the CSV's %.9g round-trips a float
            EXPECT_EQ(t.values.data()[i], want[i]) << (grid ? "grid" : "prior") << " value " << i;
    }
    run_cli("sample --model " + model + " --grid 3 --dims 1,1", &rc);
    EXPECT_NE(rc, 0);
}
