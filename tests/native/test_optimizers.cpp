// Optimizer steps against values computed by hand from Keras' update rules (written out in the
// comments), not by re-running the engine's code.
#include "engine/core/optimizer.h"
#include "test_util.h"

using namespace ae;

namespace {
std::vector<float> run(const OptimizerConfig& cfg, std::vector<float> grads_per_step,
                       float p0 = 1.0f) {
    Optimizer o;
    o.reset(cfg, 1);
    std::vector<float> out;
    float p = p0;
    for (float g : grads_per_step) {
        o.step(&p, &g, 1);
        out.push_back(p);
    }
    return out;
}
} // namespace

TEST(Optimizer, SgdPlain) {
    OptimizerConfig c;
    c.type = OptimizerType::sgd;
    c.learning_rate = 0.1;
    const auto p = run(c, {1.0f, 1.0f});
    EXPECT_FLOAT_EQ(p[0], 0.9f); // 1 - 0.1 * 1
    EXPECT_FLOAT_EQ(p[1], 0.8f);
}

TEST(Optimizer, SgdMomentum) {
    OptimizerConfig c;
    c.type = OptimizerType::sgd;
    c.learning_rate = 0.1;
    c.momentum = 0.9;
    const auto p = run(c, {1.0f, 1.0f, 1.0f});
    // m1 = -0.1, p = 0.9; m2 = 0.9 * -0.1 - 0.1 = -0.19, p = 0.71; m3 = -0.271, p = 0.439
    EXPECT_NEAR(p[0], 0.9, 1e-6);
    EXPECT_NEAR(p[1], 0.71, 1e-6);
    EXPECT_NEAR(p[2], 0.439, 1e-6);
}

TEST(Optimizer, SgdNesterov) {
    OptimizerConfig c;
    c.type = OptimizerType::sgd;
    c.learning_rate = 0.1;
    c.momentum = 0.9;
    c.nesterov = true;
    const auto p = run(c, {1.0f, 1.0f});
    // m1 = -0.1, p += 0.9 * -0.1 - 0.1 -> 0.81; m2 = -0.19, p += 0.9 * -0.19 - 0.1 -> 0.539
    EXPECT_NEAR(p[0], 0.81, 1e-6);
    EXPECT_NEAR(p[1], 0.539, 1e-6);
}

TEST(Optimizer, AdamWithBiasCorrection) {
    OptimizerConfig c; // Keras defaults: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7
    const auto p = run(c, {0.5f, -0.25f});
    // Step 1: m = 0.05, v = 0.00025, alpha = 0.001 sqrt(0.001) / 0.1 = 3.16227766e-4,
    //   p = 1 - 0.05 alpha / (sqrt(0.00025) + 1e-7) = 1 - 9.99993675e-4 = 0.999000006325
    EXPECT_NEAR(p[0], 0.999000006325, 2e-7);
    // Step 2: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
    //   alpha = 0.001 sqrt(1 - 0.998001) / (1 - 0.81) = 0.001 * 0.0447101778 / 0.19
    //   = 2.35316725e-4, step = 0.02 alpha / (0.0176706536 + 1e-7) = 2.66335532e-4 -> p =
    //   0.998733671
    EXPECT_NEAR(p[1], 0.998733671, 2e-7);
}

TEST(Optimizer, RmspropKeras3) {
    OptimizerConfig c;
    c.type = OptimizerType::rmsprop;
    c.learning_rate = 0.01;
    const auto p = run(c, {2.0f, 2.0f});
    // v1 = 0.1 * 4 = 0.4, step = 0.01 * 2 / sqrt(0.4 + 1e-7) = 0.0316227727 -> 0.968377227
    EXPECT_NEAR(p[0], 0.968377227, 1e-6);
    // v2 = 0.36 + 0.4 = 0.76, step = 0.02 / sqrt(0.7600001) = 0.0229415720 -> 0.945435655
    EXPECT_NEAR(p[1], 0.945435655, 1e-6);
}

TEST(Optimizer, RmspropMomentum) {
    OptimizerConfig c;
    c.type = OptimizerType::rmsprop;
    c.learning_rate = 0.01;
    c.momentum = 0.5;
    const auto p = run(c, {2.0f, 2.0f});
    // m1 = inc1 = 0.0316227727 -> 0.968377227; m2 = 0.5 m1 + 0.0229415720 = 0.0387529584 ->
    // 0.929624269
    EXPECT_NEAR(p[0], 0.968377227, 1e-6);
    EXPECT_NEAR(p[1], 0.929624269, 1e-6);
}

// Gradient clipping, Keras 3's rules (BaseOptimizer._clip_gradients), with sgd lr 1 so that the
// update is p -= clipped g and the clipped gradient can be read off the parameters.
namespace {
std::vector<float> clipped(const OptimizerConfig& clip, std::vector<float> g,
                           const std::vector<long>& tensors) {
    OptimizerConfig c = clip;
    c.type = OptimizerType::sgd;
    c.learning_rate = 1.0;
    Optimizer o;
    o.reset(c, long(g.size()), tensors);
    std::vector<float> p(g.size(), 0.0f);
    o.step(p.data(), g.data(), long(g.size()));
    for (float& x : p)
        x = -x;
    return p;
}
} // namespace

TEST(Optimizer, ClipnormScalesEachTensorOnItsOwn) {
    OptimizerConfig c;
    c.clipnorm = 1.0;
    // Tensor 1 = (3, 4, 0): norm 5 -> (0.6, 0.8, 0). Tensor 2 = (0.1, 0): norm below 1, kept.
    const auto g = clipped(c, {3, 4, 0, 0.1f, 0}, {3, 2});
    EXPECT_FLOAT_EQ(g[0], 0.6f);
    EXPECT_FLOAT_EQ(g[1], 0.8f);
    EXPECT_EQ(g[2], 0.0f);
    EXPECT_EQ(g[3], 0.1f); // bit-exact: the scale is exactly 1
    EXPECT_EQ(g[4], 0.0f);
}

TEST(Optimizer, GlobalClipnormScalesAllTensorsTogether) {
    OptimizerConfig c;
    c.global_clipnorm = 1.0;
    // Joint norm of (3, 4, 0, 0, 12) is 13: everything times 1/13.
    const auto g = clipped(c, {3, 4, 0, 0, 12}, {3, 2});
    EXPECT_FLOAT_EQ(g[0], 3.0f / 13);
    EXPECT_FLOAT_EQ(g[1], 4.0f / 13);
    EXPECT_FLOAT_EQ(g[4], 12.0f / 13);
}

TEST(Optimizer, ClipvalueClipsEachValue) {
    OptimizerConfig c;
    c.clipvalue = 0.5;
    const auto g = clipped(c, {3, -4, 0.25f, -0.5f, 0.5f}, {});
    EXPECT_EQ(g, (std::vector<float>{0.5f, -0.5f, 0.25f, -0.5f, 0.5f}));
}

TEST(Optimizer, NoClippingBelowTheBoundIsBitIdentical) {
    OptimizerConfig plain, c;
    c.clipnorm = 1e6;
    plain.type = c.type = OptimizerType::adam;
    const std::vector<float> g = {0.3f, -0.2f, 1e-4f};
    Optimizer a, b;
    a.reset(plain, 3);
    b.reset(c, 3, {2, 1});
    std::vector<float> pa = {1, 2, 3}, pb = pa;
    for (int i = 0; i < 5; ++i) {
        a.step(pa.data(), g.data(), 3);
        b.step(pb.data(), g.data(), 3);
    }
    EXPECT_EQ(pa, pb);
    EXPECT_NEAR(b.last_gradient_norm(), std::sqrt(0.09 + 0.04 + 1e-8), 1e-7);
    // Without clipping the norm is summed when asked for, from the same gradients: same bits.
    EXPECT_EQ(a.last_gradient_norm(), b.last_gradient_norm());
}
