// Finite-difference gradient checks, in double, of every op: dense (parameters and input), each
// activation (away from and at its kink), each loss, and the whole Model's backward wiring.
#include "engine/core/model.h"
#include "engine/core/ops.h"
#include "engine/core/rng.h"
#include "test_util.h"

#include <vector>

using namespace ae;

namespace {

const Activation kAllActivations[] = {Activation::linear,     Activation::relu,
                                      Activation::leaky_relu, Activation::elu,
                                      Activation::sigmoid,    Activation::tanh};

std::vector<double> random_vec(Rng& rng, long n, double lo, double hi) {
    std::vector<double> v(n);
    for (auto& x : v)
        x = lo + (hi - lo) * rng.uniform();
    return v;
}

// Keeps values away from a kink at 0 so that central differences are valid there.
void push_off_zero(std::vector<double>& v, double margin) {
    for (auto& x : v)
        if (std::fabs(x) < margin) x = x < 0 ? -margin : margin;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
    return s;
}

} // namespace

// L = sum(c * f(z)); dL/dz from activation_backward against central differences.
TEST(GradientCheck, EveryActivation) {
    Rng rng(7);
    for (Activation a : kAllActivations) {
        const long n = 64;
        auto z = random_vec(rng, n, -3, 3);
        push_off_zero(z, 1e-3);
        const auto c = random_vec(rng, n, -1, 1);
        std::vector<double> y(n), dz(n);
        activation_forward(y.data(), z.data(), n, a);
        activation_backward(dz.data(), c.data(), z.data(), y.data(), n, a);
        const double h = 1e-6;
        for (long i = 0; i < n; ++i) {
            double zp = z[i] + h, zm = z[i] - h, yp, ym;
            activation_forward(&yp, &zp, 1, a);
            activation_forward(&ym, &zm, 1, a);
            const double num = c[i] * (yp - ym) / (2 * h);
            EXPECT_NEAR(dz[i], num, 1e-7 * std::max(1.0, std::fabs(num)))
                << activation_name(a) << " at z=" << z[i];
        }
    }
}

// At the kink z == 0 the derivative is the left one, as TensorFlow's ReluGrad: relu 0,
// leaky_relu the slope, elu alpha * e^0 = 1.
TEST(GradientCheck, KinksTakeTheLeftDerivative) {
    const double z = 0.0, dy = 1.0;
    double y, dz;
    activation_forward(&y, &z, 1, Activation::relu);
    activation_backward(&dz, &dy, &z, &y, 1, Activation::relu);
    EXPECT_EQ(dz, 0.0);
    activation_forward(&y, &z, 1, Activation::leaky_relu);
    activation_backward(&dz, &dy, &z, &y, 1, Activation::leaky_relu);
    EXPECT_EQ(dz, kLeakyReluSlope);
    activation_forward(&y, &z, 1, Activation::elu);
    activation_backward(&dz, &dy, &z, &y, 1, Activation::elu);
    EXPECT_EQ(dz, 1.0);
}

TEST(GradientCheck, EveryLoss) {
    Rng rng(11);
    const int n = 5, d = 7;
    for (Loss loss : {Loss::mse, Loss::mae, Loss::binary_crossentropy}) {
        std::vector<double> pred = random_vec(rng, n * d, 0.05, 0.95),
                            target = random_vec(rng, n * d, 0.0, 1.0);
        if (loss == Loss::mae) // keep |pred - target| away from 0, the kink of abs
            for (int i = 0; i < n * d; ++i)
                if (std::fabs(pred[i] - target[i]) < 1e-3) pred[i] += 2e-3;
        std::vector<double> grad(n * d);
        loss_forward_backward(grad.data(), pred.data(), target.data(), n, d, loss);
        const double h = 1e-6;
        for (int i = 0; i < n * d; ++i) {
            auto p = pred;
            p[i] += h;
            const double lp =
                loss_forward_backward<double>(nullptr, p.data(), target.data(), n, d, loss);
            p[i] -= 2 * h;
            const double lm =
                loss_forward_backward<double>(nullptr, p.data(), target.data(), n, d, loss);
            EXPECT_NEAR(grad[i], (lp - lm) / (2 * h), 1e-8) << loss_name(loss) << " element " << i;
        }
    }
}

TEST(GradientCheck, LossValuesAgainstClosedForm) {
    const double pred[4] = {0.2, 0.9, 0.5, 1.0}, target[4] = {0.0, 1.0, 1.0, 1.0};
    // mse: (0.04 + 0.01 + 0.25 + 0) / 4
    EXPECT_NEAR(loss_forward_backward<double>(nullptr, pred, target, 2, 2, Loss::mse), 0.075,
                1e-15);
    // mae: (0.2 + 0.1 + 0.5 + 0) / 4
    EXPECT_NEAR(loss_forward_backward<double>(nullptr, pred, target, 2, 2, Loss::mae), 0.2, 1e-15);
    // bce: -(log 0.8 + log 0.9 + log 0.5 + log(1 - 1e-7)) / 4, pred 1.0 clipped to 1 - 1e-7
    const double bce = -(std::log(0.8) + std::log(0.9) + std::log(0.5) + std::log(1 - 1e-7)) / 4;
    EXPECT_NEAR(
        loss_forward_backward<double>(nullptr, pred, target, 2, 2, Loss::binary_crossentropy), bce,
        1e-12);
}

// Dense: L = sum(c * (x W + b)); dW, db and dx against central differences, at several shapes
// including 1-wide and odd sizes.
TEST(GradientCheck, DenseParamsAndInput) {
    Rng rng(3);
    const int shapes[][3] = {{1, 1, 1}, {3, 5, 2}, {7, 4, 9}, {2, 13, 1}};
    for (const auto& s : shapes) {
        const int n = s[0], in = s[1], out = s[2];
        auto x = random_vec(rng, long(n) * in, -1, 1), w = random_vec(rng, long(in) * out, -1, 1),
             b = random_vec(rng, out, -1, 1), c = random_vec(rng, long(n) * out, -1, 1);
        auto L = [&](const std::vector<double>& xx, const std::vector<double>& ww,
                     const std::vector<double>& bb) {
            std::vector<double> z(long(n) * out);
            dense_forward(z.data(), xx.data(), ww.data(), bb.data(), n, in, out);
            return dot(z, c);
        };
        std::vector<double> dw(w.size(), 0.0), db(b.size(), 0.0), dx(x.size()), wt(w.size());
        dense_backward_params(dw.data(), db.data(), x.data(), c.data(), n, in, out);
        transpose(wt.data(), w.data(), in, out);
        dense_backward_input(dx.data(), c.data(), wt.data(), n, in, out);
        const double h = 1e-6;
        for (size_t i = 0; i < w.size(); ++i) {
            auto wp = w, wm = w;
            wp[i] += h;
            wm[i] -= h;
            EXPECT_NEAR(dw[i], (L(x, wp, b) - L(x, wm, b)) / (2 * h), 1e-8);
        }
        for (size_t i = 0; i < b.size(); ++i) {
            auto bp = b, bm = b;
            bp[i] += h;
            bm[i] -= h;
            EXPECT_NEAR(db[i], (L(x, w, bp) - L(x, w, bm)) / (2 * h), 1e-8);
        }
        for (size_t i = 0; i < x.size(); ++i) {
            auto xp = x, xm = x;
            xp[i] += h;
            xm[i] -= h;
            EXPECT_NEAR(dx[i], (L(xp, w, b) - L(xm, w, b)) / (2 * h), 1e-8);
        }
    }
}

// The Model's backward (float, flat buffers, ping-pong scratch) against central differences of
// the loss computed in double through the same layer math with the model's weights.
TEST(GradientCheck, WholeModelEveryActivationAndLoss) {
    for (Activation act : kAllActivations)
        for (Loss loss : {Loss::mse, Loss::mae, Loss::binary_crossentropy}) {
            Config c;
            c.input = 6;
            c.data.features = 6;
            c.encoder = {{5, act, Init::glorot_uniform}, {3, act, Init::glorot_uniform}};
            c.decoder = {{4, act, Init::glorot_uniform},
                         {6, Activation::sigmoid, Init::glorot_uniform}};
            Model m;
            m.build(c);
            Rng rng(99);
            m.init(rng);
            for (auto& p : m.params)
                p += 0.05f * (rng.uniform() - 0.5f); // non-zero biases too
            const int n = 4;
            std::vector<float> x(n * 6);
            for (auto& v : x)
                v = rng.uniform();
            std::vector<float> grad(n * 6);
            m.reserve(n);
            const float* y = m.forward(x.data(), n);
            loss_forward_backward(grad.data(), y, x.data(), n, 6, loss);
            m.backward(x.data(), grad.data(), n);

            auto loss_d = [&](const std::vector<double>& p) {
                std::vector<double> cur(x.begin(), x.end()), z, a;
                for (int l = 0; l < m.num_layers(); ++l) {
                    const Layer& L = m.layer(l);
                    z.assign(long(n) * L.out, 0.0);
                    a.assign(long(n) * L.out, 0.0);
                    dense_forward(z.data(), cur.data(), p.data() + L.w_offset,
                                  p.data() + L.b_offset, n, L.in, L.out);
                    activation_forward(a.data(), z.data(), long(n) * L.out, L.activation);
                    cur = a;
                }
                std::vector<double> t(x.begin(), x.end());
                return loss_forward_backward<double>(nullptr, cur.data(), t.data(), n, 6, loss);
            };
            std::vector<double> p(m.params.begin(), m.params.end());
            const double h = 1e-6;
            for (size_t i = 0; i < p.size(); ++i) {
                auto pp = p, pm = p;
                pp[i] += h;
                pm[i] -= h;
                const double num = (loss_d(pp) - loss_d(pm)) / (2 * h);
                // float forward/backward vs double differences: tolerance scaled to float precision
                EXPECT_NEAR(m.grads[i], num, 2e-4 + 2e-3 * std::fabs(num))
                    << activation_name(act) << "/" << loss_name(loss) << " param " << i;
            }
        }
}
