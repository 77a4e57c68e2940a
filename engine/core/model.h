// model.h: an autoencoder as an encoder stack and a decoder stack of layers over one flat buffer.
// Layer types (config.h): dense, conv2d, conv2d_transpose, max_pooling2d, up_sampling2d,
// cropping2d, flatten, reshape, dropout; images are channels-last (h, w, c) as Keras, and every
// activation is stored flat, one sample per row (n, h * w * c).
// encode(), decode() and reconstruct() run the same weights (the seeds' encoder sub-model).
// Layout of `params` (and of `grads`, same offsets): for each layer with weights, in order, the
// kernel then the bias, as Keras stores them: dense W (in, units); conv2d (kh, kw, cin, filters);
// conv2d_transpose (kh, kw, filters, cin); bias (units or filters). Every buffer is allocated by
// reserve(); forward() and backward() never allocate.
// Dropout is on in forward() (masks from the seed's kStreamDropout stream) and off in predict()
// and the inference calls. An activity_regularizer adds its penalty (activity_penalty()) and its
// gradient in backward().
// A variational model (config.variational): the encoder's last layer is the z_mean head; a twin
// dense z_log_var head (params after the decoder's: kernel (in, latent), bias (latent)) reads the
// same input. forward() samples z = z_mean + exp(0.5 z_log_var) * eps, eps ~ N(0, I) from the
// seed's kStreamSampling stream, and sets kl() (the batch mean of KL(q(z|x) || N(0, I)));
// backward() passes the gradient through the sampling and adds beta * dKL. predict() and the
// inference calls use z = z_mean (no sampling) and also set kl(). Not here: the optimizer, the
// training loop, data (see session.h); shape rules (shapes.h); kernels (ops.h, conv.h).
#pragma once

#include "engine/core/common.h"
#include "engine/core/types.h"
#include "engine/core/conv.h"
#include "engine/core/rng.h"
#include <string>
#include <vector>

namespace ae {

struct Layer {
    LayerType type = LayerType::dense;
    Shape in_shape, out_shape;
    int in = 0, out = 0; // flat widths: in_shape.size(), out_shape.size()
    Activation activation = Activation::linear;
    Init kernel_initializer = Init::glorot_uniform;
    // conv2d: its geometry; conv2d_transpose: the adjoint conv2d's (output -> input);
    // max_pooling2d: the windows. Unused by the other types.
    ConvGeom geom{};
    int size[2] = {1, 1};            // up_sampling2d
    int cropping[4] = {0, 0, 0, 0};  // cropping2d: top, bottom, left, right
    double rate = 0.0;               // dropout
    double l1 = 0.0, l2 = 0.0;       // activity_regularizer
    long w_offset = 0, b_offset = 0; // into params / grads
    long kernel_size = 0, bias_size = 0;
    int fan_in = 0, fan_out = 0; // Keras' fans of the kernel, for the initializers
    long num_params() const { return kernel_size + bias_size; }
    // The kernel as a matrix (kernel_size / kernel_cols(), kernel_cols()): its last axis.
    int kernel_cols() const { return type == LayerType::dense ? out : geom.oc; }
    bool has_activation() const {
        return type == LayerType::dense || type == LayerType::conv2d ||
               type == LayerType::conv2d_transpose;
    }
};

struct SummaryRow {
    std::string name;  // "encoder_1 (Dense)"
    std::string shape; // "(None, 64)", "(None, 28, 28, 32)"
    long params = 0;
    std::string formula; // "100 x 64 + 64", "3 x 3 x 1 x 32 + 32"
};

class Model {
  public:
    // Lays out the layers of c.model (shapes already checked by parse_config); weights are zero
    // until init().
    void build(const Config& c);
    // Keras' initializers from the given stream: kernels glorot_uniform or he_normal, biases 0.
    void init(Rng& rng);
    // Allocates activation caches for batches of up to `rows` samples.
    void reserve(int rows);

    int input_dim() const { return input_; }
    int latent_dim() const { return layers_[num_encoder_ - 1].out; }
    bool variational() const { return vae_; }
    double beta() const { return beta_; }
    long log_var_offset() const { return lv_w_; } // the z_log_var head's kernel, then its bias
    int num_layers() const { return int(layers_.size()); }
    int num_encoder_layers() const { return num_encoder_; }
    const Layer& layer(int i) const { return layers_[i]; }
    long num_params() const { return long(params.size()); }
    int capacity() const { return capacity_; }

    // Training path: dropout on; keeps every layer's values for backward.
    // x (n, input) -> returns y of the last layer (n, input). n <= capacity().
    const float* forward(const float* x, int n);
    // The same without dropout (evaluation); also sets activity_penalty().
    const float* predict(const float* x, int n);
    // grads = dL/dparams for the last forward(x, n), given dout = dL/dy_last (n, input); adds the
    // activity regularizers' gradients.
    void backward(const float* x, const float* dout, int n);
    // The activity regularizers' penalty of the last forward() or predict() (0 without any).
    double activity_penalty() const { return penalty_; }
    // A variational model's KL term of the last forward() or predict() (batch mean, nats; 0
    // otherwise), and the eps that forward() drew (n, latent).
    double kl() const { return kl_; }
    const float* last_eps() const { return eps_.data(); }

    // The generators of forward() (dropout, sampling), 6 words each: what a checkpoint keeps.
    void get_rng_state(uint32_t dropout[6], uint32_t sampling[6]) const;
    void set_rng_state(const uint32_t dropout[6], const uint32_t sampling[6]);

    // Inference in chunks of capacity() rows; out must hold n rows of the output width.
    void encode(const float* x, int n, float* z_out);      // (n, input) -> (n, latent)
    void decode(const float* z, int n, float* x_out);      // (n, latent) -> (n, input)
    void reconstruct(const float* x, int n, float* x_out); // (n, input) -> (n, input)
    // A variational model's posterior: z_mean and z_log_var, each (n, latent).
    void encode_stats(const float* x, int n, float* mu, float* log_var);
    // Per latent dimension, KL(q(z_j|x) || N(0, 1)) averaged over the n samples (nats).
    std::vector<double> kl_per_dim(const float* x, int n);
    // Prior samples and the manifold grid over a trained model: engine/analysis/latent.h.

    std::vector<SummaryRow> summary_rows() const;
    // The summary row after which the bottleneck line goes (a VAE's rows: z_mean, z_log_var,
    // sampling).
    int bottleneck_row() const { return num_encoder_ + (vae_ ? 2 : 0); }
    std::string summary() const; // Keras-like table, totals, per-layer walkthrough, compression

    std::vector<float> params, grads;

  private:
    const float* run(int first, int last, const float* x, int n, bool training); // [first, last)
    void run_chunked(int first, int last, const float* x, int n, int in_w, int out_w, float* out);
    float* other(const float* p) { return p == dy_a_.data() ? dy_b_.data() : dy_a_.data(); }
    // z_log_var and the KL from the head's input h and z_mean; returns z (sampled when training)
    const float* bottleneck(const float* h, const float* mu, int n, bool training);
    // dL/dz (n, latent) -> dL/dz_mean into dmu_, the z_log_var head's gradients, and dL/dh of
    // that head into dh_ (when the head's input is not x).
    void bottleneck_backward(const float* h, const float* dz, int n, bool need_dh);

    int input_ = 0, num_encoder_ = 0, capacity_ = 0, max_width_ = 0;
    Shape input_shape_;
    std::vector<Layer> layers_;
    std::vector<std::vector<float>> z_, y_, mask_; // per layer, capacity * out (where used)
    std::vector<std::vector<int>> arg_;            // max_pooling2d: capacity * out
    std::vector<const float*> outs_;               // each layer's output of the last run
    std::vector<float> wt_, dy_a_, dy_b_;          // scratch: a kernel transposed, gradients
    std::vector<float> cols_, sink_, zeros_;       // scratch: im2col, a discarded bias gradient
    Rng dropout_rng_;
    double penalty_ = 0.0;
    // Variational: the z_log_var head (offsets into params, input width), per-batch buffers
    // (capacity * latent; dh_: capacity * lv_in_).
    bool vae_ = false;
    double beta_ = 0.0, kl_ = 0.0;
    long lv_w_ = 0, lv_b_ = 0;
    int lv_in_ = 0;
    std::vector<float> lv_, sd_, eps_, zs_, dmu_, dlv_, dh_;
    Rng sampling_rng_;
};

} // namespace ae
