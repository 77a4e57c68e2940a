// model_file.h: a trained model in one file, and the seed 002 serving calls over it.
// The file holds everything needed to use the model later: the config (canonical JSON), the seed,
// the training history, the fitted scaler, the weights, and the training split's per-sample error
// mean and std (for anomaly thresholds mean + k std). Round trips are bit-exact.
//
// Layout (little-endian):
//   "AEPLAYMD" | u32 format version | u32 header length | header JSON | f32 params[N] |
//   f32 scaler offset[d], f32 scaler scale[d] (only when scaling != none) | u64 FNV-1a of all
//   before
// A newer format version, a truncated file, trailing bytes or a wrong checksum is a clear error;
// nothing is returned on error. Order: the 16-byte prefix (magic, version, header length within
// the file), then the checksum over everything before it, then the header JSON and the sizes it
// declares: a damaged byte after the prefix is always "checksum mismatch".
#pragma once

#include "engine/core/model.h"
#include "engine/data/source.h"
#include "engine/train/session.h"

#include <string>
#include <vector>

namespace ae {

constexpr uint32_t kModelFormatVersion = 1;

struct TrainedModel {
    Config config;
    Model model;
    Scaler scaler;
    History history;
    double train_error_mean = 0.0, train_error_std = 0.0; // per-sample MSE on the training split
};

std::string save_model(Session& s); // the file's bytes
Status load_model(const std::string& bytes, const std::string& name, TrainedModel* out);

// A session from a trained model (the page's "Open model"): the data rebuilt from its config
// and seed (their scaler must equal the saved one, else the data changed and it is an error),
// then its weights and history (Session::restore_trained). name: the file's, for messages.
Status session_from_model(const TrainedModel& m, const std::string& name,
                          std::unique_ptr<Session>* out, const DataFiles& files = {});

// Serving (seed 002): inputs and outputs in the data's original units; the scaler is applied
// inside. Sizes are checked: x has a multiple of the input width, z of the latent width.
Status serve_encode(TrainedModel& m, const MatrixRM& x, MatrixRM* z);
Status serve_decode(TrainedModel& m, const MatrixRM& z, MatrixRM* x);
Status serve_reconstruct(TrainedModel& m, const MatrixRM& x, MatrixRM* xr);
// Anomaly score: per-sample MSE between the scaled input and its reconstruction (as in training).
Status serve_score(TrainedModel& m, const MatrixRM& x, std::vector<double>* scores);

} // namespace ae
