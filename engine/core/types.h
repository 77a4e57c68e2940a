// types.h: the experiment's vocabulary, plain data: the enums and structs an experiment is made
// of (layers, model, data, training), the shape of a tensor, the limits checked before anything
// is allocated, and the names the config file uses for each enum value.
// Every layer reads these; only train/config.h turns JSON into them (and checks them), and only
// core/model.h builds a network from them. Nothing here allocates, parses or computes.
#pragma once

#include "engine/core/common.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ae {

enum class Activation { linear, relu, leaky_relu, elu, sigmoid, tanh };
enum class Loss { mse, mae, binary_crossentropy };
enum class Init { glorot_uniform, he_normal, zeros };
enum class Scaling { none, minmax, standard };
enum class OptimizerType { sgd, adam, rmsprop };

// Layer types and their Keras arguments (Keras' names and defaults). Only the fields of a layer's
// type are read; shapes are channels-last (h, w, c) as Keras.
enum class LayerType {
    dense,
    conv2d,
    conv2d_transpose,
    max_pooling2d,
    up_sampling2d,
    cropping2d,
    flatten,
    reshape,
    dropout
};
enum class Padding { valid, same };

struct LayerConfig {
    LayerConfig() = default;
    // A dense layer, as {units, activation, kernel_initializer}.
    LayerConfig(int units_, Activation activation_, Init init_)
        : units(units_), activation(activation_), kernel_initializer(init_) {}

    int units = 0; // dense
    Activation activation = Activation::linear;
    Init kernel_initializer = Init::glorot_uniform;
    LayerType type = LayerType::dense;
    int filters = 0;                  // conv2d, conv2d_transpose
    int kernel_size[2] = {0, 0};      // conv2d, conv2d_transpose: (kh, kw)
    int pool_size[2] = {2, 2};        // max_pooling2d
    int size[2] = {2, 2};             // up_sampling2d (nearest)
    int strides[2] = {1, 1};          // conv: default 1; max_pooling2d: default pool_size
    Padding padding = Padding::valid; // conv, max_pooling2d
    int cropping[4] = {0, 0, 0, 0};   // cropping2d: top, bottom, left, right
    std::vector<int> target_shape;    // reshape: [n] or [h, w, c]
    double rate = 0.0;                // dropout
    double l1 = 0.0, l2 = 0.0;        // activity_regularizer on the layer's output
};

// A tensor's shape without the batch: an image (h, w, c) or a vector (c) when !image.
struct Shape {
    int h = 1, w = 1, c = 0;
    bool image = false;
    long size() const { return long(h) * w * c; }
    std::string keras() const; // "(None, 28, 28, 1)" or "(None, 64)"
    bool operator==(const Shape& o) const {
        return h == o.h && w == o.w && c == o.c && image == o.image;
    }
};

struct DataConfig {
    // "uniform" (seed 000), "sequences" (seed 001), "mnist", "fashion_mnist", "well_logs"
    // (synthetic gamma-ray logs), "csv" (the user's file), "idx" (the user's IDX files)
    std::string name = "uniform";
    int samples = 1000; // csv: all rows of the file (the key is rejected); idx: 0 = all images
    // The model's input width: uniform's columns, well_logs' depth samples per log (default 128);
    // sequences always have 5, images 784, csv the file's numeric columns but the label.
    int features = 100;
    // sequences: uniform noise in [-noise, noise] (default 1.5);
    // well_logs: Gaussian noise, standard deviation in API units (default 3).
    double noise = 1.5;
    Scaling scaling = Scaling::none; // fitted on the training split only (seed 002)
    double anomalies = 0.0;          // well_logs: fraction of logs (0 to 0.5) with one anomaly
    // Labelled data: the training split keeps only these classes (after the validation split);
    // anomaly ground truth = label not in the list. Empty: keep all.
    std::vector<int> normal_classes;
    std::string path;         // csv: the file (CLI: relative to the current directory)
    std::string label_column; // csv: a header name, or empty
    int label_index = -1;     // csv: a 0-based column index, or -1
    int header = -1;          // csv: -1 auto (detect), 0 no header line, 1 first line is a header
    std::string images;       // idx: the images file (plain or .gz; CLI: relative to the cwd)
    std::string labels;       // idx: the labels file (1-D unsigned bytes), or empty
};

struct OptimizerConfig {
    OptimizerType type = OptimizerType::adam;
    double learning_rate = 0.001;
    double beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7; // adam (epsilon also rmsprop)
    double rho = 0.9;                                    // rmsprop
    double momentum = 0.0;                               // sgd, rmsprop
    bool nesterov = false;                               // sgd
    // Gradient clipping, Keras' names and rules (at most one is set; 0 = off), applied before
    // the update: clipnorm scales each weight tensor's gradient (a kernel, a bias) to an L2 norm
    // of at most clipnorm; global_clipnorm scales all gradients together to a joint norm of at
    // most global_clipnorm; clipvalue clips each gradient value to [-clipvalue, clipvalue].
    double clipnorm = 0.0, global_clipnorm = 0.0, clipvalue = 0.0;
};

// Denoising (seed 000): the model sees corrupted inputs and is trained to output the clean ones.
// The corrupted copies are drawn once, from the seed (stream kStreamNoise), as the seed does.
enum class NoiseType { none, gaussian, masking };
struct NoiseConfig {
    NoiseType type = NoiseType::none;
    double factor = 0.3;    // gaussian: x + factor * N(0, 1)
    bool clip = true;       // gaussian: clip to [0, 1] afterwards (seed 000)
    double fraction = 0.25; // masking: each value set to 0 with this probability
};

struct TrainConfig {
    int epochs = 1;
    int batch_size = 32;
    bool shuffle = true;
    double validation_split = 0.0;
    Loss loss = Loss::mse;
    OptimizerConfig optimizer;
    NoiseConfig noise;
};

// A variational autoencoder (Kingma & Welling; Keras' VAE example): the encoder's last layer
// (dense, linear) is the z_mean head, the model adds a twin z_log_var head on the same input and
// samples z = z_mean + exp(0.5 z_log_var) eps while training. Loss = reconstruction (summed over a
// sample's values) + beta * KL(q(z|x) || N(0, I)), both averaged over the batch.
struct VariationalConfig {
    bool on = false;
    double beta = 1.0; // >= 0; 0 trains a plain autoencoder with a noisy bottleneck
};

struct Config {
    uint64_t seed = 42;
    DataConfig data;
    int input = 0;     // the flat input width (h * w * c for images)
    Shape input_shape; // "input": [h, w, c]; when !input_shape.image the input is (input)
    std::vector<LayerConfig> encoder, decoder;
    VariationalConfig variational; // "model": {"variational": {"beta": 1}, ...}
    TrainConfig train;
};

// Limits, checked before anything is allocated.
constexpr int kMaxUnits = 4096;
constexpr int kMaxLayers = 32;
constexpr int kMaxSamples = 1000000;
constexpr long kMaxDataValues = 64L * 1024 * 1024; // samples * features
constexpr long kMaxParams = 16L * 1024 * 1024;
constexpr int kMaxEpochs = 100000;
// What one session may hold at its peak (data and their split and noisy copies, a whole image
// asset while it is subset, weights with gradients and optimizer state, activations of a batch):
// the browser's WASM heap grows to 2 GiB at most and the page needs the rest.
constexpr int64_t kMaxSessionBytes = 1000LL * 1000 * 1000;

// The model's input shape: input_shape for an image input, else (input).
Shape input_shape_of(const Config& c);

const char* activation_name(Activation a);
const char* layer_type_name(LayerType t);
const char* loss_name(Loss l);
const char* init_name(Init i);
const char* optimizer_name(OptimizerType t);

// The whole list of accepted names, for messages and for the page's combo boxes.
extern const char* const kActivationNames[6];
extern const char* const kLayerTypeNames[9];
extern const char* const kPaddingNames[2];
extern const char* const kLossNames[3];
extern const char* const kOptimizerNames[3];
extern const char* const kInitNames[3];
extern const char* const kDataNames[7];
extern const char* const kScalingNames[3];
extern const char* const kNoiseNames[3];

} // namespace ae
