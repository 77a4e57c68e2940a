// The engine's forward pass, loss and gradients against an independent NumPy implementation in
// float64 (tests/reference/dense_autoencoder.py, run with Debian's /usr/bin/python3), for the
// seed 000 model and every activation and loss.
#include "engine/core/model.h"
#include "engine/core/ops.h"
#include "test_util.h"

#include <cstdio>
#include <nlohmann/json.hpp>

using namespace ae;

namespace {
bool have_numpy() {
    return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

nlohmann::json run_reference(const nlohmann::json& req) {
    const std::string in = temp_path("numpy_req.json"), out = temp_path("numpy_out.json");
    std::ofstream(in) << req.dump();
    const std::string cmd = "/usr/bin/python3 " +
                            source_path("tests/reference/dense_autoencoder.py") + " <" + in + " >" +
                            out;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return nlohmann::json::parse(read_text(out));
}

void compare_with_numpy(const Config& c, uint64_t seed) {
    Model m;
    m.build(c);
    Rng rng(seed, kStreamInit);
    m.init(rng);
    for (auto& p : m.params)
        p += 0.05f * (rng.uniform() - 0.5f); // non-zero biases
    const int n = 16, d = c.input;
    std::vector<float> x(size_t(n) * d);
    for (auto& v : x)
        v = rng.uniform();
    m.reserve(n);
    const float* y = m.forward(x.data(), n);
    std::vector<float> g(size_t(n) * d), y_copy(y, y + size_t(n) * d);
    const double loss = loss_forward_backward(g.data(), y, x.data(), n, d, c.train.loss);
    m.backward(x.data(), g.data(), n);

    nlohmann::json req;
    req["loss"] = loss_name(c.train.loss);
    for (int i = 0; i < m.num_layers(); ++i)
        req["layers"].push_back({{"in", m.layer(i).in},
                                 {"out", m.layer(i).out},
                                 {"activation", activation_name(m.layer(i).activation)}});
    req["params"] = m.params;
    for (int i = 0; i < n; ++i)
        req["x"].push_back(
            std::vector<float>(x.begin() + long(i) * d, x.begin() + long(i + 1) * d));
    const auto ref = run_reference(req);

    EXPECT_NEAR(loss, ref["loss"].get<double>(), 1e-6 * std::max(1.0, std::fabs(loss)));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            ASSERT_NEAR(y_copy[size_t(i) * d + j], ref["output"][i][j].get<double>(), 1e-5);
    const auto& rg = ref["grads"];
    ASSERT_EQ(rg.size(), m.grads.size());
    double scale = 0;
    for (const auto& v : rg)
        scale = std::max(scale, std::fabs(v.get<double>()));
    for (size_t i = 0; i < m.grads.size(); ++i)
        ASSERT_NEAR(m.grads[i], rg[i].get<double>(), 1e-4 * scale)
            << activation_name(c.encoder[0].activation) << " param " << i;
}
} // namespace

TEST(NumpyReference, Seed000ModelLossOutputAndGradients) {
    if (!have_numpy())
        GTEST_SKIP()
            << "/usr/bin/python3 with numpy not installed (scripts/setup installs python3-numpy)";
    compare_with_numpy(load_example("examples/seed000_dense.json"), 1);
}

TEST(NumpyReference, EveryActivationAndLoss) {
    if (!have_numpy()) GTEST_SKIP() << "/usr/bin/python3 with numpy not installed";
    for (Activation a : {Activation::linear, Activation::relu, Activation::leaky_relu,
                         Activation::elu, Activation::sigmoid, Activation::tanh})
        for (Loss l : {Loss::mse, Loss::mae, Loss::binary_crossentropy}) {
            Config c;
            c.input = c.data.features = 12;
            c.encoder = {{7, a, Init::glorot_uniform}, {3, a, Init::glorot_uniform}};
            c.decoder = {{7, a, Init::glorot_uniform},
                         {12, Activation::sigmoid, Init::glorot_uniform}};
            c.train.loss = l;
            compare_with_numpy(c, 2);
        }
}
