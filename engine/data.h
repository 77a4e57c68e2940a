// data.h: datasets as row-major float matrices, one sample per row.
// The seeds' synthetic sets, generated from the project's seeded Rng (stream kStreamData):
//   uniform   : samples x features, each value uniform in [0, 1)     (seed 000's np.random.rand)
//   sequences : samples x 5, columns linspace(0, 100) (columns 2 and 4 run 100 -> 0) plus uniform
//               noise in [-noise, noise], unscaled, as seed 001 builds them.
// Not here: file loaders, scaling (later issues).
#pragma once

#include "common.h"
#include "config.h"
#include <vector>

namespace ae {

struct Dataset {
    std::string name;
    MatrixRM x; // (samples, features)
    int samples() const { return int(x.rows()); }
    int features() const { return int(x.cols()); }
};

Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out);

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
