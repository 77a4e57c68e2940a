// optimizer.h: Keras' optimizers as one loop over the flat parameter buffer.
// Formulas follow Keras 3 (keras/src/optimizers/{sgd,adam,rmsprop}.py), in float:
//   sgd      : m = momentum*m - lr*g;  p += nesterov ? momentum*m - lr*g : m   (momentum 0: p -=
//   lr*g) adam     : m += (g - m)(1 - b1);  v += (g^2 - v)(1 - b2);
//              alpha = lr sqrt(1 - b2^t) / (1 - b1^t);  p -= alpha m / (sqrt(v) + eps)
//   rmsprop  : v = rho v + (1 - rho) g^2;  inc = lr g / sqrt(v + eps);
//              momentum > 0: m = momentum*m + inc, p -= m;  else p -= inc
// Gradient clipping (Keras 3's BaseOptimizer._clip_gradients) runs first, into a scratch copy of
// the gradients: clipnorm per weight tensor (g * c / max(|g|, c)), global_clipnorm over all of
// them, clipvalue per value. Norms are summed in double in a fixed order (same bits natively and
// in WASM).
// State (m, v, step count, clip scratch) is sized once by reset(); step() never allocates.
#pragma once

#include "engine/core/types.h"
#include <cmath>
#include <vector>

namespace ae {

class Optimizer {
  public:
    // tensor_sizes: the parameter buffer's weight tensors in order (kernel, bias, ...) for
    // clipnorm; empty = one tensor.
    void reset(const OptimizerConfig& cfg, long num_params,
               const std::vector<long>& tensor_sizes = {});
    void step(float* params, const float* grads, long n);
    // The L2 norm of all gradients the last step() received, before clipping. Without clipping
    // step() does not need it: it is summed here, from the caller's gradient buffer, which must
    // still hold those gradients (the session asks right after a step whose weights blew up).
    double last_gradient_norm() const;
    long iterations() const { return t_; }
    void set_learning_rate(double lr) { cfg_.learning_rate = lr; }
    const OptimizerConfig& config() const { return cfg_; }
    // Checkpoints: the step count and the bias-correction products, beside m and v.
    void get_state(long* t, double* b1_power, double* b2_power) const {
        *t = t_, *b1_power = b1_power_, *b2_power = b2_power_;
    }
    void set_state(long t, double b1_power, double b2_power) {
        t_ = t, b1_power_ = b1_power, b2_power_ = b2_power;
    }
    std::vector<float> m, v; // moments (adam: m, v; sgd: m = velocity; rmsprop: v, m = momentum)

  private:
    const float* clip(const float* g, long n); // g, or the clipped copy in clipped_

    OptimizerConfig cfg_;
    std::vector<long> tensor_sizes_;
    std::vector<float> clipped_;
    double last_norm_ = 0.0;            // with clipping: computed by step()
    const float* last_grads_ = nullptr; // without: the last step()'s gradients (n values)
    long last_n_ = 0;
    long t_ = 0;
    double b1_power_ = 1.0, b2_power_ = 1.0; // beta_1^t, beta_2^t
};

} // namespace ae
