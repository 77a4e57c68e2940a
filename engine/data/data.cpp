// data.cpp: the datasets (see data.h): the seeds' synthetic sets, well logs, image assets, CSV,
// IDX.
#include "engine/data/data.h"
#include "engine/data/csv.h"
#include "engine/data/idx.h"
#include "engine/core/rng.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

namespace ae {

// Label names as Keras' dataset pages list them.
std::vector<std::string> dataset_class_names(const std::string& name) {
    if (name == "mnist") return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (name == "fashion_mnist")
        return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    if (name == "well_logs") return {"normal", "spike", "dropout", "shift"};
    return {};
}

namespace {

// make_dataset calls one of these per experiment. Each stays its own function (noinline): inlined,
// they made make_dataset 15 KB of wasm, and the loop of the default dataset (uniform, half a
// million values) made V8 compile all of it again with its optimizing compiler during the page's
// first frame, after the one call had returned (a running wasm function cannot switch to the
// optimized code). Apart, the function that tiers up is the small one that ran the loop.
// Well logs (data.h). Every log draws the same count of random numbers whatever the noise level,
// so noise 0 and noise s with one seed give the same layers (the tests measure the noise so).
__attribute__((noinline)) void make_well_logs(const DataConfig& cfg, Rng& rng, Dataset* d) {
    const int n = cfg.samples, len = cfg.features;
    d->x.resize(n, len);
    d->labels.assign(n, kLogNormal);
    for (int r = 0; r < n; ++r) {
        const int layers = 3 + int(rng.below(4));
        double top[6], width[6], level[6]; // boundary j is the top of layer j + 1
        for (int j = 0; j < layers; ++j) {
            const bool shale = rng.uniform() < 0.5f;
            level[j] = shale ? rng.uniform(75.0f, 135.0f) : rng.uniform(20.0f, 55.0f);
        }
        for (int j = 0; j + 1 < layers; ++j) {
            top[j] = len * (0.1 + 0.8 * double(rng.uniform()));
            const bool sharp = rng.uniform() < 0.5f;
            width[j] = sharp ? 0.0 : double(rng.uniform(2.0f, 10.0f)); // samples
        }
        for (int j = 1; j + 1 < layers; ++j) // insertion sort of the tops (keeps their widths)
            for (int k = j; k > 0 && top[k] < top[k - 1]; --k) {
                std::swap(top[k], top[k - 1]);
                std::swap(width[k], width[k - 1]);
            }
        const double trend = rng.uniform(0.0f, 20.0f);
        for (int i = 0; i < len; ++i) {
            double v = level[0];
            for (int j = 0; j + 1 < layers; ++j) {
                const double step = width[j] == 0.0
                                        ? (i >= top[j] ? 1.0 : 0.0)
                                        : 0.5 * (1.0 + fm::tanh_d((i - top[j]) / width[j]));
                v += (level[j + 1] - v) * step; // a blend: stays between the levels
            }
            v += trend * (1.0 - fm::exp_d(-3.0 * i / double(len - 1)));
            v += cfg.noise * double(rng.normal());
            d->x(r, i) = float(v);
        }
    }
    // The anomalies, after every clean log: which logs (a seeded subset), then each one's kind.
    const int count = int(std::floor(cfg.anomalies * n + 0.5));
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order.data(), n);
    for (int a = 0; a < count; ++a) {
        const int r = order[a];
        const int kind = 1 + int(rng.below(3));
        d->labels[r] = kind;
        float* log = &d->x(r, 0);
        if (kind == kLogSpike) { // 1 to 3 hot spots
            const int spikes = 1 + int(rng.below(3));
            for (int k = 0; k < spikes; ++k) {
                const int at = int(rng.below(uint32_t(len)));
                log[at] += rng.uniform(60.0f, 150.0f);
            }
        } else if (kind == kLogDropout) { // the tool reads a near-zero constant
            const int seg = len / 16 + int(rng.below(uint32_t(len / 8)));
            const int start = int(rng.below(uint32_t(len - seg + 1)));
            const float reading = rng.uniform(0.0f, 5.0f);
            for (int i = start; i < start + seg; ++i)
                log[i] = reading;
        } else { // a segment shifted up (a miscalibrated run)
            const int seg = len / 8 + int(rng.below(uint32_t(len / 4)));
            const int start = int(rng.below(uint32_t(len - seg + 1)));
            const float offset = rng.uniform(30.0f, 60.0f);
            for (int i = start; i < start + seg; ++i)
                log[i] += offset;
        }
    }
    d->anomaly.resize(n);
    for (int r = 0; r < n; ++r)
        d->anomaly[r] = d->labels[r] != kLogNormal;
    d->class_names = dataset_class_names("well_logs");
}

// The user's CSV file (data.h). Header "auto": the first line is a header when one of its
// fields is a word over a number in the line below.
__attribute__((noinline)) Status make_csv(const DataConfig& cfg, const DataFiles& files,
                                          Dataset* d) {
    const DataSource source = files.find(cfg.path);
    const std::string& path = source.name; // what the messages call the file
    std::string text;
    Status read = source.read("data.path", size_t(kMaxCsvBytes), &text);
    if (!read.ok()) return read;
    std::vector<std::string> header, first, label_text;
    std::vector<float> values;
    long cols = -1, first_line = 0, rows = 0;
    int label = cfg.label_index;
    auto is_number = [](const std::string& s) {
        double v;
        return csv_number(s, &v);
    };
    auto resolve_label = [&]() -> Status {
        if (!cfg.label_column.empty()) {
            if (header.empty())
                return Status::Error(
                    "data.label_column: \"" + cfg.label_column + "\" is a name, but " + path +
                    " has no header line; give the column's 0-based index instead");
            for (size_t j = 0; j < header.size(); ++j)
                if (header[j] == cfg.label_column) label = int(j);
            if (label < 0) {
                std::string all;
                for (size_t j = 0; j < header.size(); ++j)
                    all += (j ? ", " : "") + header[j];
                return Status::Error("data.label_column: no column named \"" + cfg.label_column +
                                     "\" in " + path + "; its columns: " + all);
            }
        }
        if (label >= cols)
            return Status::Error("data.label_column: index " + std::to_string(label) + ", but " +
                                 path + " has " + std::to_string(cols) + " columns (0 to " +
                                 std::to_string(cols - 1) + ")");
        if (cols - (label >= 0) < 1)
            return Status::Error(path + ": no feature columns besides the label column");
        return Status::Ok();
    };
    auto add_row = [&](long line, const std::vector<std::string>& fields) -> Status {
        const std::string where = path + ": line " + std::to_string(line);
        if (long(fields.size()) != cols)
            return Status::Error(
                where + ": " + std::to_string(fields.size()) + " columns, but the " +
                (rows ? "rows above have " : "first line has ") + std::to_string(cols));
        for (long j = 0; j < cols; ++j) {
            const std::string cell = csv_trim(fields[j]);
            const std::string column = "column " + std::to_string(j + 1) +
                                       (header.empty() ? "" : " (\"" + header[j] + "\")");
            if (cell.empty())
                return Status::Error(where + ", " + column + ": missing value; expected " +
                                     (j == label ? "a label" : "a number") +
                                     " (fill or drop rows with missing values first)");
            if (j == label) {
                label_text.push_back(cell);
                continue;
            }
            double v = 0;
            if (!csv_number(cell, &v))
                return Status::Error(where + ", " + column + ": \"" + cell.substr(0, 40) +
                                     "\" is not a number; every column but the label column " +
                                     "(data.label_column) must hold numbers");
            if (!std::isfinite(v) || std::fabs(v) > 3.4028234663852886e38)
                return Status::Error(where + ", " + column + ": " + cell +
                                     " is not a finite 32-bit number");
            values.push_back(float(v));
        }
        if (++rows > kMaxSamples)
            return Status::Error(path + ": more than " + std::to_string(kMaxSamples) + " rows");
        if (long(values.size()) > kMaxDataValues)
            return Status::Error(path + ": more than the limit of " +
                                 std::to_string(kMaxDataValues) + " values");
        return Status::Ok();
    };
    // The first line waits for the second to tell whether it is a header.
    auto start = [&](bool first_is_header) -> Status {
        if (first_is_header)
            for (const auto& h : first)
                header.push_back(csv_trim(h));
        Status s = resolve_label();
        if (s.ok() && !first_is_header) s = add_row(first_line, first);
        return s;
    };
    Status s = for_each_csv_row(text, path, [&](long line, const std::vector<std::string>& fields) {
        if (cols < 0) {
            cols = long(fields.size());
            first = fields, first_line = line;
            return Status::Ok();
        }
        if (first_line > 0) {
            bool word_over_number = false;
            for (size_t j = 0; j < fields.size() && j < first.size(); ++j)
                word_over_number |= !is_number(first[j]) && is_number(fields[j]);
            Status st = start(cfg.header == 1 || (cfg.header < 0 && word_over_number));
            first_line = 0;
            if (!st.ok()) return st;
        }
        return add_row(line, fields);
    });
    if (s.ok() && first_line > 0) { // a one-line file
        bool words = false;
        for (const auto& v : first)
            words |= !is_number(v);
        s = start(cfg.header == 1 || (cfg.header < 0 && words));
    }
    if (!s.ok()) return s;
    if (rows < 2)
        return Status::Error(path + ": " + std::to_string(rows) + " rows of data" +
                             (header.empty() ? "" : " after the header") +
                             "; at least 2 are needed");
    const long features = cols - (label >= 0);
    for (long j = 0; j < cols; ++j)
        d->column_names.push_back(header.empty() ? "column " + std::to_string(j + 1) : header[j]);
    if (features > kMaxUnits)
        return Status::Error(path + ": " + std::to_string(features) + " feature columns; at most " +
                             std::to_string(kMaxUnits));
    d->x.resize(rows, features);
    std::copy(values.begin(), values.end(), d->x.data());
    if (label >= 0) {
        // Class ids when every label is an integer 0..999, else words numbered as they come.
        bool ids = true;
        int max_id = 0;
        for (const auto& t : label_text) {
            double v = 0;
            ids = ids && csv_number(t, &v) && v == std::floor(v) && v >= 0 && v < 1000;
            if (ids) max_id = std::max(max_id, int(v));
        }
        d->labels.resize(rows);
        if (ids) {
            for (long i = 0; i < rows; ++i) {
                double v = 0;
                csv_number(label_text[i], &v);
                d->labels[i] = int(v);
            }
            for (int c = 0; c <= max_id; ++c)
                d->class_names.push_back(std::to_string(c));
        } else {
            for (long i = 0; i < rows; ++i) {
                const auto it =
                    std::find(d->class_names.begin(), d->class_names.end(), label_text[i]);
                d->labels[i] = int(it - d->class_names.begin());
                if (it == d->class_names.end()) d->class_names.push_back(label_text[i]);
                if (d->class_names.size() > 1000)
                    return Status::Error("data.label_column: more than 1000 distinct labels in " +
                                         path + "; expected class names or ids");
            }
        }
    }
    return Status::Ok();
}
// The image sets (mnist, fashion_mnist): a seeded subset, in a seeded order, of the asset that
// ./scripts/build prepares (data_dir/<name>.bin).
__attribute__((noinline)) Status make_image_set(const DataConfig& cfg, Rng& rng,
                                                const std::string& data_dir, Dataset* d) {
    const std::string path =
        (data_dir.empty() ? std::string("data") : data_dir) + "/" + cfg.name + ".bin";
    std::string bytes;
    // Bounded as any file: a header, a byte label and at most kMaxDataValues byte pixels.
    const Status read = DataSource::file(path).read(
        "data.name", 32 + size_t(kMaxSamples) + size_t(kMaxDataValues), &bytes);
    if (!read.ok())
        return Status::Error(
            "data.name: \"" + cfg.name + "\" needs " + path +
            ", which is missing (./scripts/build prepares it from the npm/Debian packages): " +
            read.error);
    Dataset all;
    Status st = parse_image_asset(bytes, path, &all);
    if (!st.ok()) return st;
    if (cfg.samples > all.samples())
        return Status::Error("data.samples: " + std::to_string(cfg.samples) + " is more than the " +
                             std::to_string(all.samples()) + " images of " + cfg.name);
    // A seeded subset in a seeded order (the npm digits come grouped by class).
    std::vector<int> order(all.samples());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order.data(), int(order.size()));
    d->x.resize(cfg.samples, all.features());
    d->labels.resize(cfg.samples);
    for (int i = 0; i < cfg.samples; ++i) {
        d->x.row(i) = all.x.row(order[i]);
        d->labels[i] = all.labels[order[i]];
    }
    d->height = all.height, d->width = all.width, d->channels = all.channels;
    d->class_names = dataset_class_names(cfg.name);
    return Status::Ok();
}

// The user's IDX files (data.h): images (the first dimension counts them), optional labels.
__attribute__((noinline)) Status make_idx(const DataConfig& cfg, const DataFiles& files, Rng& rng,
                                          Dataset* d) {
    const size_t max_bytes = 20 + 4 * size_t(kMaxDataValues);
    const DataSource images_source = files.find(cfg.images);
    const DataSource labels_source = files.find(cfg.labels);
    const std::string& images_name = images_source.name;
    const std::string& labels_name = labels_source.name;
    std::string bytes;
    IdxArray images, labels;
    Status s = images_source.read("data.images", max_bytes, &bytes);
    if (s.ok()) s = parse_idx(bytes, images_name, kMaxDataValues, &images);
    if (!s.ok()) return s;
    const long n = images.items(), features = images.item_size();
    if (n < 2 || n > kMaxSamples)
        return Status::Error(images_name + ": dimension 1: " + std::to_string(n) +
                             " images; accepted: 2 to " + std::to_string(kMaxSamples));
    if (features > kMaxUnits)
        return Status::Error(images_name + ": " + std::to_string(features) +
                             " values per image; accepted: at most " + std::to_string(kMaxUnits));
    if (!cfg.labels.empty()) {
        s = labels_source.read("data.labels", max_bytes, &bytes);
        if (s.ok()) s = parse_idx(bytes, labels_name, kMaxSamples, &labels);
        if (!s.ok()) return s;
        if (labels.dims.size() != 1)
            return Status::Error(labels_name + ": " + std::to_string(labels.dims.size()) +
                                 " dimensions; labels are 1-D, one per image");
        if (labels.type != kIdxUbyte)
            return Status::Error(labels_name + ": byte 2: labels of 32-bit floats; accepted: "
                                              "unsigned bytes (type 0x08), one class id each");
        if (labels.items() != n)
            return Status::Error(labels_name + ": " + std::to_string(labels.items()) +
                                 " labels, but " + images_name + " has " + std::to_string(n) +
                                 " images");
    }
    if (cfg.samples > n)
        return Status::Error("data.samples: " + std::to_string(cfg.samples) + " is more than the " +
                             std::to_string(n) + " images of " + images_name);
    // All images in the file's order, or a seeded subset in a seeded order (as mnist).
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    if (cfg.samples > 0) rng.shuffle(order.data(), int(n));
    const long m = cfg.samples > 0 ? cfg.samples : n;
    d->x.resize(m, features);
    for (long i = 0; i < m; ++i)
        for (long j = 0; j < features; ++j) {
            const float v = images.at(order[i] * features + j);
            if (!std::isfinite(v))
                return Status::Error(images_name + ": image " + std::to_string(order[i]) +
                                     ", value " + std::to_string(j) +
                                     " is not a finite number; accepted: finite 32-bit floats");
            // Bytes scale to [0, 1] as the prepared image assets do (parse_image_asset).
            d->x(i, j) = images.type == kIdxUbyte ? v * (1.0f / 255.0f) : v;
        }
    const std::vector<int>& dims = images.dims; // (n, h, w) or (n, h, w, c): an image
    if (dims.size() >= 3)
        d->height = dims[1], d->width = dims[2], d->channels = dims.size() == 4 ? dims[3] : 1;
    if (!labels.dims.empty()) {
        int classes = 0;
        d->labels.resize(m);
        for (long i = 0; i < m; ++i) {
            d->labels[i] = int(labels.at(order[i]));
            classes = std::max(classes, d->labels[i] + 1);
        }
        for (int c = 0; c < classes; ++c)
            d->class_names.push_back(std::to_string(c));
    }
    return Status::Ok();
}
} // namespace

Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out, const DataFiles& files) {
    const std::string& data_dir = files.data_dir;
    Rng rng(seed, kStreamData);
    Dataset d;
    d.name = cfg.name;
    if (cfg.name == "uniform") {
        d.x.resize(cfg.samples, cfg.features);
        float* p = d.x.data();
        for (long i = 0; i < d.x.size(); ++i)
            p[i] = rng.uniform();
    } else if (cfg.name == "sequences") {
        const int n = cfg.samples;
        d.x.resize(n, 5);
        // numpy builds seq_1 whole, then seq_2, ...: same order here, column by column.
        for (int c = 0; c < 5; ++c) {
            const bool descending = (c == 1 || c == 3);
            for (int i = 0; i < n; ++i) {
                const double t = n > 1 ? 100.0 * i / (n - 1) : 0.0; // np.linspace(0, 100, n)
                const double base = descending ? 100.0 - t : t;
                d.x(i, c) = float(base + rng.uniform(float(-cfg.noise), float(cfg.noise)));
            }
        }
    } else if (cfg.name == "mnist" || cfg.name == "fashion_mnist") {
        Status st = make_image_set(cfg, rng, data_dir, &d);
        if (!st.ok()) return st;
    } else if (cfg.name == "well_logs") {
        make_well_logs(cfg, rng, &d);
    } else if (cfg.name == "csv") {
        Status st = make_csv(cfg, files, &d);
        if (!st.ok()) return st;
    } else if (cfg.name == "idx") {
        Status st = make_idx(cfg, files, rng, &d);
        if (!st.ok()) return st;
    } else {
        return Status::Error(
            "data.name: unknown dataset \"" + cfg.name +
            "\"; accepted: uniform, sequences, mnist, fashion_mnist, well_logs, csv, idx");
    }
    *out = std::move(d);
    return Status::Ok();
}

Status parse_image_asset(const std::string& b, const std::string& name, Dataset* out) {
    auto u32 = [&](size_t at) {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= uint32_t(uint8_t(b[at + i])) << (8 * i);
        return v;
    };
    if (b.size() < 32 || std::memcmp(b.data(), "AEPLAYDS", 8) != 0)
        return Status::Error(
            name + ": not an aeplay dataset asset (run ./scripts/build to prepare it again)");
    if (u32(8) != 1)
        return Status::Error(name + ": dataset asset version " + std::to_string(u32(8)) +
                             " is not 1");
    const uint64_t n = u32(12), h = u32(16), w = u32(20), c = u32(24), classes = u32(28);
    // Each size is bounded before their product is taken: three 32-bit sizes can wrap 64 bits.
    const uint64_t units = uint64_t(kMaxUnits);
    if (n == 0 || n > uint64_t(kMaxSamples) || h == 0 || w == 0 || c == 0 || h > units ||
        w > units || c > units || h * w * c > units || classes > 1000)
        return Status::Error(name + ": implausible sizes in the header (" + std::to_string(n) +
                             " samples of " + std::to_string(h) + " x " + std::to_string(w) +
                             " x " + std::to_string(c) + ", " + std::to_string(classes) +
                             " classes; accepted: 1 to " + std::to_string(kMaxSamples) +
                             " samples of at most " + std::to_string(kMaxUnits) +
                             " values, up to 1000 classes)");
    if (b.size() != 32 + n + n * h * w * c)
        return Status::Error(name + ": " + std::to_string(b.size()) + " bytes, expected " +
                             std::to_string(32 + n + n * h * w * c) +
                             " (truncated or damaged; run ./scripts/build to prepare it again)");
    Dataset d;
    d.name = name;
    d.height = int(h), d.width = int(w), d.channels = int(c);
    d.labels.resize(n);
    for (uint64_t i = 0; i < n; ++i) {
        d.labels[i] = uint8_t(b[32 + i]);
        if (uint64_t(d.labels[i]) >= classes)
            return Status::Error(name + ": label " + std::to_string(d.labels[i]) + " out of range");
    }
    d.x.resize(long(n), long(h * w * c));
    const uint8_t* px = reinterpret_cast<const uint8_t*>(b.data()) + 32 + n;
    for (long i = 0; i < d.x.size(); ++i)
        d.x.data()[i] = float(px[i]) * (1.0f / 255.0f);
    *out = std::move(d);
    return Status::Ok();
}

} // namespace ae
