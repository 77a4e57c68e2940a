// data.cpp: the synthetic datasets of the seeds.
#include "data.h"
#include "rng.h"

#include <cmath>

namespace ae {

Status make_dataset(const DataConfig& cfg, uint64_t seed, Dataset* out) {
    Rng rng(seed, kStreamData);
    Dataset d;
    d.name = cfg.name;
    if (cfg.name == "uniform") {
        d.x.resize(cfg.samples, cfg.features);
        float* p = d.x.data();
        for (long i = 0; i < d.x.size(); ++i) p[i] = rng.uniform();
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
    } else {
        return Status::Error("data.name: unknown dataset \"" + cfg.name + "\"; accepted: uniform, sequences");
    }
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
            for (long i = 0; i < n; ++i) ss += (x(i, j) - mean) * (x(i, j) - mean);
            const double sd = n ? std::sqrt(ss / double(n)) : 0.0;
            offset[j] = float(mean);
            scale[j] = sd > 0.0 ? float(sd) : 1.0f;
        }
    }
}

void Scaler::transform(MatrixRM& x) const {
    if (kind == Scaling::none) return;
    for (long i = 0; i < x.rows(); ++i)
        for (long j = 0; j < x.cols(); ++j) x(i, j) = (x(i, j) - offset[j]) / scale[j];
}

void Scaler::inverse_transform(float* x, long rows) const {
    if (kind == Scaling::none) return;
    const long d = long(offset.size());
    for (long i = 0; i < rows; ++i)
        for (long j = 0; j < d; ++j) x[i * d + j] = x[i * d + j] * scale[j] + offset[j];
}

} // namespace ae
