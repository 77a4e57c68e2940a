// dataset.cpp: Scaler and the denoising noise (dataset.h).
#include "engine/train/dataset.h"

#include <cmath>

namespace ae {

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

void add_gaussian_noise(MatrixRM& x, double factor, bool clip, double lo, double hi, Rng& rng) {
    float* p = x.data();
    const float f = float(factor), l = float(lo), h = float(hi);
    for (long i = 0; i < x.size(); ++i) {
        float v = p[i] + f * rng.normal();
        if (clip) v = v < l ? l : v > h ? h : v;
        p[i] = v;
    }
}

void add_masking_noise(MatrixRM& x, double fraction, Rng& rng) {
    float* p = x.data();
    for (long i = 0; i < x.size(); ++i)
        if (rng.uniform() < float(fraction)) p[i] = 0.0f;
}

} // namespace ae
