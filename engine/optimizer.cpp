// optimizer.cpp: one update loop per optimizer, see optimizer.h for the formulas.
#include "optimizer.h"

#include <cmath>

namespace ae {

void Optimizer::reset(const OptimizerConfig& cfg, long num_params) {
    cfg_ = cfg;
    t_ = 0;
    b1_power_ = b2_power_ = 1.0;
    m.assign(num_params, 0.0f);
    v.assign(num_params, 0.0f);
}

void Optimizer::step(float* p, const float* g, long n) {
    ++t_;
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
        for (long i = 0; i < n; ++i) {
            m[i] += (g[i] - m[i]) * c1;
            v[i] += (g[i] * g[i] - v[i]) * c2;
            p[i] -= (m[i] * alpha) / (std::sqrt(v[i]) + eps);
        }
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
