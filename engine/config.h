// config.h: the experiment config, one JSON document that drives the page, the JS API and the CLI.
// Keras' names throughout (units, activation, batch_size, validation_split, learning_rate).
// parse_config() validates everything before anything is built: an unknown key, a wrong type or an
// impossible shape is an error naming the field path ("model.encoder[1].units") and what is
// accepted; JSON syntax errors name the line and column. config_to_json() writes the canonical
// form back (all defaults filled in), which parses to the same Config.
//
// Defaults (Keras' where Keras has one): seed 42, activation "linear", kernel_initializer
// "glorot_uniform", epochs 1, batch_size 32, shuffle true, validation_split 0, loss "mse",
// optimizer "adam" with learning_rate 0.001 (sgd: 0.01), beta_1 0.9, beta_2 0.999,
// epsilon 1e-7, rho 0.9, momentum 0, nesterov false.
#pragma once

#include "common.h"
#include "ops.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ae {

enum class Init { glorot_uniform, he_normal, zeros };
enum class Scaling { none, minmax, standard };
enum class OptimizerType { sgd, adam, rmsprop };

struct LayerConfig {
    int units = 0;
    Activation activation = Activation::linear;
    Init kernel_initializer = Init::glorot_uniform;
};

struct DataConfig {
    // "uniform" (seed 000), "sequences" (seed 001), "mnist", "fashion_mnist", "well_logs"
    // (synthetic gamma-ray logs), "csv" (the user's file)
    std::string name = "uniform";
    int samples = 1000; // csv: all rows of the file (the key is rejected)
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
};

struct OptimizerConfig {
    OptimizerType type = OptimizerType::adam;
    double learning_rate = 0.001;
    double beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7; // adam (epsilon also rmsprop)
    double rho = 0.9;                                    // rmsprop
    double momentum = 0.0;                               // sgd, rmsprop
    bool nesterov = false;                               // sgd
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

struct Config {
    uint64_t seed = 42;
    DataConfig data;
    int input = 0;
    std::vector<LayerConfig> encoder, decoder;
    TrainConfig train;
};

// Limits, checked before anything is allocated.
constexpr int kMaxUnits = 4096;
constexpr int kMaxLayers = 32;
constexpr int kMaxSamples = 1000000;
constexpr long kMaxDataValues = 64L * 1024 * 1024; // samples * features
constexpr long kMaxParams = 16L * 1024 * 1024;
constexpr int kMaxEpochs = 100000;

Status parse_config(const std::string& json_text, Config* out);
std::string config_to_json(const Config& c, int indent = 2);

const char* activation_name(Activation a);
const char* loss_name(Loss l);
const char* init_name(Init i);
const char* optimizer_name(OptimizerType t);

// The whole list of accepted names, for messages and for the page's combo boxes.
extern const char* const kActivationNames[6];
extern const char* const kLossNames[3];
extern const char* const kOptimizerNames[3];
extern const char* const kInitNames[3];
extern const char* const kDataNames[6];
extern const char* const kScalingNames[3];
extern const char* const kNoiseNames[3];

} // namespace ae
