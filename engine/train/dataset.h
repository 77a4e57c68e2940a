// dataset.h: the samples a session trains on, and what the session does to them before training.
//   - Dataset: one sample per row (row-major floats), with labels, class names, anomaly ground
//     truth and image sizes where the data have them. The data layer (engine/data) makes one from
//     a config's data section, a file or bytes; a session takes it whole (Session::create).
//   - Scaler: per-feature scaling fitted on the training split (seed 002's MinMaxScaler).
//   - Noise: the corrupted copies a denoising autoencoder sees (seed 000).
// Not here: reading files or generating data (engine/data), the split (Session::create).
#pragma once

#include "engine/core/rng.h"
#include "engine/core/types.h"
#include <string>
#include <vector>

namespace ae {

struct Dataset {
    std::string name;
    MatrixRM x;              // (samples, features)
    std::vector<int> labels; // per sample, for labelled sets (images, well_logs, csv with labels)
    std::vector<std::string> class_names; // names of the label values 0..C-1 (legends), or empty
    std::vector<int> anomaly; // per sample 1 = anomaly, 0 = normal, where the data know; else empty
    int height = 0, width = 0, channels = 0; // image sets: 28, 28, 1
    std::vector<std::string> column_names;   // csv: the file's columns (header names or "column N")
    int samples() const { return int(x.rows()); }
    int features() const { return int(x.cols()); }
};

// Per-feature affine scaling, x_scaled = (x - offset) / scale, as sklearn's scalers:
//   minmax   : offset = min, scale = max - min               (MinMaxScaler, to [0, 1])
//   standard : offset = mean, scale = population std (ddof 0) (StandardScaler)
// A constant feature gets scale 1. Fitted on the training split only.
struct Scaler {
    Scaling kind = Scaling::none;
    std::vector<float> offset, scale; // empty for none
    void fit(Scaling kind, const MatrixRM& x);
    void transform(MatrixRM& x) const;
    void inverse_transform(float* x, long rows) const;
};

// x += factor * N(0, 1), then clipped to [lo, hi] when clip is set (seed 000: 0.3, [0, 1]).
void add_gaussian_noise(MatrixRM& x, double factor, bool clip, double lo, double hi, Rng& rng);
// Each value set to 0 with probability fraction (masking noise, Vincent et al. 2008).
void add_masking_noise(MatrixRM& x, double fraction, Rng& rng);

} // namespace ae
