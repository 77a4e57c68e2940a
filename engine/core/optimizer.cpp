// optimizer.cpp: one update loop per optimizer, see optimizer.h for the formulas.
#include "engine/core/optimizer.h"

#include "engine/core/kernels.h"

#include <algorithm>
#include <cmath>

namespace ae {

void Optimizer::reset(const OptimizerConfig& cfg, long num_params,
                      const std::vector<long>& tensor_sizes) {
    cfg_ = cfg;
    tensor_sizes_ = tensor_sizes.empty() ? std::vector<long>{num_params} : tensor_sizes;
    const bool clipping = cfg.clipnorm > 0 || cfg.global_clipnorm > 0 || cfg.clipvalue > 0;
    clipped_.assign(clipping ? num_params : 0, 0.0f);
    last_norm_ = 0.0;
    last_grads_ = nullptr;
    last_n_ = 0;
    t_ = 0;
    b1_power_ = b2_power_ = 1.0;
    m.assign(num_params, 0.0f);
    v.assign(num_params, 0.0f);
}

namespace {
double sum_of_squares(const float* g, long n) {
    double s = 0.0;
    for (long i = 0; i < n; ++i)
        s += double(g[i]) * double(g[i]);
    return s;
}
} // namespace

double Optimizer::last_gradient_norm() const {
    if (!clipped_.empty() || !last_grads_) return last_norm_;
    return std::sqrt(sum_of_squares(last_grads_, last_n_));
}

const float* Optimizer::clip(const float* g, long n) {
    last_grads_ = g, last_n_ = n;
    if (clipped_.empty()) return g; // the norm (a serial sum in double) only when asked for
    last_norm_ = std::sqrt(sum_of_squares(g, n));
    float* out = clipped_.data();
    if (cfg_.clipvalue > 0) {
        const float c = float(cfg_.clipvalue);
        for (long i = 0; i < n; ++i)
            out[i] = std::min(std::max(g[i], -c), c);
    } else if (cfg_.global_clipnorm > 0) {
        const double c = cfg_.global_clipnorm;
        const float scale = float(c / std::max(last_norm_, c)); // exactly 1 below the bound
        for (long i = 0; i < n; ++i)
            out[i] = g[i] * scale;
    } else {
        const double c = cfg_.clipnorm;
        long at = 0;
        for (long size : tensor_sizes_) {
            const float scale = float(c / std::max(std::sqrt(sum_of_squares(g + at, size)), c));
            for (long i = at; i < at + size; ++i)
                out[i] = g[i] * scale;
            at += size;
        }
    }
    return out;
}

void Optimizer::step(float* p, const float* grads, long n) {
    ++t_;
    const float* g = clip(grads, n);
    const float lr = float(cfg_.learning_rate);
    switch (cfg_.type) {
    case OptimizerType::sgd: {
        const float mu = float(cfg_.momentum);
        if (cfg_.momentum == 0.0) {
            for (long i = 0; i < n; ++i)
                p[i] -= lr * g[i];
        } else if (cfg_.nesterov) {
            for (long i = 0; i < n; ++i) {
                m[i] = mu * m[i] - lr * g[i];
                p[i] += mu * m[i] - lr * g[i];
            }
        } else {
            for (long i = 0; i < n; ++i) {
                m[i] = mu * m[i] - lr * g[i];
                p[i] += m[i];
            }
        }
        break;
    }
    case OptimizerType::adam: {
        const float b1 = float(cfg_.beta_1), b2 = float(cfg_.beta_2), eps = float(cfg_.epsilon);
        // Bias correction in double, powers as running products of the config's doubles (no pow():
        // libm-independent). Not double(b1): GCC 12 -O2 folds double(float(x)) into x here when it
        // pairs the two products, and native then differs from WASM in the last bits.
        b1_power_ *= cfg_.beta_1;
        b2_power_ *= cfg_.beta_2;
        const double b1p = b1_power_, b2p = b2_power_;
        const float alpha = float(double(lr) * std::sqrt(1.0 - b2p) / (1.0 - b1p));
        const float c1 = 1.0f - b1, c2 = 1.0f - b2;
        // m += (g - m) c1; v += (g g - v) c2; p -= (m alpha) / (sqrt(v) + eps), in SIMD.
        kernels::adam_update(p, m.data(), v.data(), g, n, alpha, c1, c2, eps);
        break;
    }
    case OptimizerType::rmsprop: {
        const float rho = float(cfg_.rho), eps = float(cfg_.epsilon), mu = float(cfg_.momentum);
        for (long i = 0; i < n; ++i) {
            v[i] = rho * v[i] + (1.0f - rho) * (g[i] * g[i]);
            const float inc = lr * g[i] / std::sqrt(v[i] + eps);
            if (cfg_.momentum > 0.0) {
                m[i] = mu * m[i] + inc;
                p[i] -= m[i];
            } else {
                p[i] -= inc;
            }
        }
        break;
    }
    }
}

} // namespace ae
