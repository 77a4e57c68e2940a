// model.h: a dense autoencoder as an encoder stack and a decoder stack over one flat buffer.
// encode(), decode() and reconstruct() run the same weights (the seeds' encoder sub-model).
// Layout of `params` (and of `grads`, same offsets): for each layer in order, the kernel W
// (in, out) row-major as Keras stores it, then the bias b (out). Every buffer is allocated by
// reserve(); forward() and backward() never allocate.
// Not here: the optimizer, the training loop, data (see session.h).
#pragma once

#include "common.h"
#include "config.h"
#include "rng.h"
#include <string>
#include <vector>

namespace ae {

struct DenseLayer {
    int in = 0, out = 0;
    Activation activation = Activation::linear;
    Init kernel_initializer = Init::glorot_uniform;
    long w_offset = 0, b_offset = 0; // into params / grads
    long num_params() const { return long(in) * out + out; }
};

struct SummaryRow {
    std::string name;  // "encoder_1 (Dense)"
    std::string shape; // "(None, 64)"
    long params = 0;
    std::string formula; // "100 x 64 + 64"
};

class Model {
  public:
    // Lays out the layers of c.model; weights are zero until init().
    void build(const Config& c);
    // Keras' initializers from the given stream: kernels glorot_uniform or he_normal, biases 0.
    void init(Rng& rng);
    // Allocates activation caches for batches of up to `rows` samples.
    void reserve(int rows);

    int input_dim() const { return input_; }
    int latent_dim() const { return layers_[num_encoder_ - 1].out; }
    int num_layers() const { return int(layers_.size()); }
    int num_encoder_layers() const { return num_encoder_; }
    const DenseLayer& layer(int i) const { return layers_[i]; }
    long num_params() const { return long(params.size()); }
    int capacity() const { return capacity_; }

    // Training path: forward keeps z and y of every layer for backward.
    // x (n, input) -> returns y of the last layer (n, input). n <= capacity().
    const float* forward(const float* x, int n);
    // grads = dL/dparams for the last forward(x, n), given dout = dL/dy_last (n, input).
    void backward(const float* x, const float* dout, int n);

    // Inference in chunks of capacity() rows; out must hold n rows of the output width.
    void encode(const float* x, int n, float* z_out);      // (n, input) -> (n, latent)
    void decode(const float* z, int n, float* x_out);      // (n, latent) -> (n, input)
    void reconstruct(const float* x, int n, float* x_out); // (n, input) -> (n, input)

    std::vector<SummaryRow> summary_rows() const;
    std::string summary() const; // Keras-like table, totals, per-layer walkthrough, compression

    std::vector<float> params, grads;

  private:
    const float* run(int first, int last, const float* x, int n); // layers [first, last)
    void run_chunked(int first, int last, const float* x, int n, int in_w, int out_w, float* out);

    int input_ = 0, num_encoder_ = 0, capacity_ = 0, max_width_ = 0;
    std::vector<DenseLayer> layers_;
    std::vector<std::vector<float>> z_, y_; // per layer, capacity * out
    std::vector<float> wt_, dy_a_, dy_b_;   // scratch: W^T, gradient ping-pong
};

} // namespace ae
