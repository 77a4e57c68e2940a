// data.cpp: the synthetic datasets of the seeds.
#include "data.h"
#include "rng.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

namespace ae {

namespace {
// Label names as Keras' dataset pages list them.
std::vector<std::string> class_names_of(const std::string& name) {
    if (name == "mnist") return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (name == "fashion_mnist")
        return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return {};
}
} // namespace


Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out,
                    const std::string& data_dir) {
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
        const std::string path =
            (data_dir.empty() ? std::string("data") : data_dir) + "/" + cfg.name + ".bin";
        std::ifstream f(path, std::ios::binary);
        if (!f)
            return Status::Error(
                "data.name: \"" + cfg.name + "\" needs " + path +
                ", which is missing (./scripts/build prepares it from the npm/Debian packages)");
        std::ostringstream ss;
        ss << f.rdbuf();
        Dataset all;
        Status st = parse_image_asset(ss.str(), path, &all);
        if (!st.ok()) return st;
        if (cfg.samples > all.samples())
            return Status::Error("data.samples: " + std::to_string(cfg.samples) +
                                 " is more than the " + std::to_string(all.samples()) +
                                 " images of " + cfg.name);
        // A seeded subset in a seeded order (the npm digits come grouped by class).
        std::vector<int> order(all.samples());
        std::iota(order.begin(), order.end(), 0);
        rng.shuffle(order.data(), int(order.size()));
        d.x.resize(cfg.samples, all.features());
        d.labels.resize(cfg.samples);
        for (int i = 0; i < cfg.samples; ++i) {
            d.x.row(i) = all.x.row(order[i]);
            d.labels[i] = all.labels[order[i]];
        }
        d.height = all.height, d.width = all.width, d.channels = all.channels;
        d.class_names = class_names_of(cfg.name);
    } else {
        return Status::Error("data.name: unknown dataset \"" + cfg.name +
                             "\"; accepted: uniform, sequences, mnist, fashion_mnist");
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
    if (n == 0 || n > uint64_t(kMaxSamples) || h == 0 || w == 0 || c == 0 ||
        h * w * c > uint64_t(kMaxUnits) || classes > 1000)
        return Status::Error(name + ": implausible sizes in the header");
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

void Scaler::fit(Scaling k, const MatrixRM& x) {
    kind = k;
    offset.clear();
    scale.clear();
    if (k == Scaling::none) return;
    const int d = int(x.cols());
    const long n = long(x.rows());
    offset.assign(d, 0.0f);
    scale.assign(d, 1.0f);
    for (int j = 0; j < d; ++j) {
        double lo = n ? x(0, j) : 0.0, hi = lo, sum = 0.0;
        for (long i = 0; i < n; ++i) {
            const double v = x(i, j);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            sum += v;
        }
        if (k == Scaling::minmax) {
            offset[j] = float(lo);
            scale[j] = hi > lo ? float(hi - lo) : 1.0f;
        } else {
            const double mean = n ? sum / double(n) : 0.0;
            double ss = 0.0;
            for (long i = 0; i < n; ++i)
                ss += (x(i, j) - mean) * (x(i, j) - mean);
            const double sd = n ? std::sqrt(ss / double(n)) : 0.0;
            offset[j] = float(mean);
            scale[j] = sd > 0.0 ? float(sd) : 1.0f;
        }
    }
}

void Scaler::transform(MatrixRM& x) const {
    if (kind == Scaling::none) return;
    for (long i = 0; i < x.rows(); ++i)
        for (long j = 0; j < x.cols(); ++j)
            x(i, j) = (x(i, j) - offset[j]) / scale[j];
}

void Scaler::inverse_transform(float* x, long rows) const {
    if (kind == Scaling::none) return;
    const long d = long(offset.size());
    for (long i = 0; i < rows; ++i)
        for (long j = 0; j < d; ++j)
            x[i * d + j] = x[i * d + j] * scale[j] + offset[j];
}

} // namespace ae
