// latent.cpp: prior samples, the manifold grid, traversal, interpolation and the latent plane.
// See latent.h. The prior and manifold code here left Model (model.cpp) unchanged, number for
// number: the same stream, draw order and quantile formula.
#include "engine/analysis/latent.h"
#include "engine/core/fmath.h"
#include "engine/core/rng.h"

#include <algorithm>
#include <cmath>

namespace ae {

void sample_prior(float* out, Model& m, int count, uint64_t seed) {
    Rng rng(seed, kStreamSampling);
    std::vector<float> z(size_t(count) * m.latent_dim()); // row by row, dim by dim
    for (float& v : z)
        v = rng.normal();
    m.decode(z.data(), count, out);
}

namespace {
// The standard normal's inverse CDF (Acklam's rational approximation, relative error < 1.2e-9),
// from + - * / and fm::log_d / fm::sqrt_d only, so every target computes the same bits.
double normal_quantile(double p) {
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                -2.759285104469687e+02, 1.383577518672690e+02,
                                -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                -1.556989798598866e+02, 6.680131188771972e+01,
                                -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                -2.400758277161838e+00, -2.549671010050470e+00,
                                4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                3.754408661907416e+00};
    const double low = 0.02425;
    if (p < low || p > 1.0 - low) { // the tails, by symmetry
        const double q = fm::sqrt_d(-2.0 * fm::log_d(p < low ? p : 1.0 - p));
        const double v = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                         ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
        return p < low ? v : -v;
    }
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}
} // namespace

std::vector<double> manifold_values(int n) {
    std::vector<double> v(std::max(n, 0));
    for (int i = 0; i < n; ++i)
        v[i] = normal_quantile(n == 1 ? 0.5 : 0.05 + 0.9 * double(i) / double(n - 1));
    return v;
}

void manifold_codes(float* z_out, int n, int dim_a, int dim_b, int latent) {
    AE_ASSERT(dim_a >= 0 && dim_a < latent && dim_b >= 0 && dim_b < latent);
    const std::vector<double> v = manifold_values(n);
    std::fill(z_out, z_out + size_t(n) * n * latent, 0.0f);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            float* zij = z_out + (size_t(i) * n + j) * latent;
            zij[dim_a] = float(v[j]);
            zij[dim_b] = float(v[n - 1 - i]);
        }
}

void manifold_grid(float* out, Model& m, int n, int dim_a, int dim_b) {
    const int latent = m.latent_dim();
    std::vector<float> z(size_t(n) * n * latent);
    manifold_codes(z.data(), n, dim_a, dim_b, latent);
    m.decode(z.data(), n * n, out);
}

float traversal_value(const TraversalAxis& axis, int cell, int n) {
    return axis.lo + (float(cell) + 0.5f) / float(n) * (axis.hi - axis.lo);
}

void traversal_codes(float* z_out, const float* base, const TraversalAxis& a,
                     const TraversalAxis& b, int n, int latent) {
    AE_ASSERT(a.dim >= 0 && a.dim < latent && b.dim >= -1 && b.dim < latent);
    const int rows = b.dim >= 0 ? n : 1;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < n; ++j) {
            float* z = z_out + (size_t(i) * n + j) * latent;
            std::copy(base, base + latent, z);
            z[a.dim] = traversal_value(a, j, n);
            if (b.dim >= 0) z[b.dim] = traversal_value(b, n - 1 - i, n);
        }
}

void traversal_grid(float* out, Model& m, const float* base, const TraversalAxis& a,
                    const TraversalAxis& b, int n) {
    const int latent = m.latent_dim(), rows = b.dim >= 0 ? n * n : n;
    std::vector<float> z(size_t(rows) * latent);
    traversal_codes(z.data(), base, a, b, n, latent);
    m.decode(z.data(), rows, out);
}

void interpolate_codes(float* z_out, const float* a, const float* b, Interpolation kind, int steps,
                       int latent) {
    AE_ASSERT(steps >= 2);
    double w = 0.0;
    if (kind == Interpolation::spherical) {
        double ab = 0.0, aa = 0.0, bb = 0.0;
        for (int j = 0; j < latent; ++j)
            ab += double(a[j]) * b[j], aa += double(a[j]) * a[j], bb += double(b[j]) * b[j];
        const double norms = std::sqrt(aa * bb);
        w = norms > 0 ? std::acos(std::clamp(ab / norms, -1.0, 1.0)) : 0.0;
    }
    const double kPi = 3.14159265358979323846;
    const bool arc = kind == Interpolation::spherical && w > 1e-6 && kPi - w > 1e-6;
    const double sin_w = arc ? std::sin(w) : 1.0;
    for (int i = 0; i < steps; ++i) {
        float* z = z_out + size_t(i) * latent;
        if (!arc) {
            const float t = float(i) / float(steps - 1);
            for (int j = 0; j < latent; ++j)
                z[j] = a[j] * (1 - t) + b[j] * t;
            continue;
        }
        // At i = 0 and i = steps - 1 the weights are exactly (1, 0) and (0, 1): sin(w) / sin(w).
        const double t = double(i) / double(steps - 1);
        const double wa = std::sin((1.0 - t) * w) / sin_w, wb = std::sin(t * w) / sin_w;
        for (int j = 0; j < latent; ++j)
            z[j] = float(wa * a[j] + wb * b[j]);
    }
}

void interpolation(float* out, Model& m, const float* a, const float* b, Interpolation kind,
                   int steps) {
    const int latent = m.latent_dim();
    std::vector<float> z(size_t(steps) * latent);
    interpolate_codes(z.data(), a, b, kind, steps, latent);
    m.decode(z.data(), steps, out);
}

LatentPlane latent_plane_dims(const MatrixRM& codes, int dim_x, int dim_y) {
    const int latent = int(codes.cols());
    AE_ASSERT(dim_x >= 0 && dim_x < latent && dim_y >= 0 && dim_y < latent);
    LatentPlane p;
    p.origin = codes.rows() ? Eigen::VectorXd(codes.cast<double>().colwise().mean().transpose())
                            : Eigen::VectorXd::Zero(latent);
    p.origin(dim_x) = 0.0;
    p.origin(dim_y) = 0.0;
    p.axes = Eigen::MatrixXd::Zero(latent, 2);
    p.axes(dim_x, 0) = 1.0;
    if (dim_y != dim_x) p.axes(dim_y, 1) = 1.0;
    return p;
}

LatentPlane latent_plane_pca(const Pca& pca) {
    AE_ASSERT(pca.dims() >= 2);
    LatentPlane p;
    p.origin = pca.mean();
    p.axes = pca.components(2);
    return p;
}

void codes_to_plane(float* xy_out, const LatentPlane& plane, const float* codes, int n) {
    const int latent = plane.latent();
    for (int i = 0; i < n; ++i) {
        const float* z = codes + size_t(i) * latent;
        for (int a = 0; a < 2; ++a) {
            double s = 0.0;
            for (int j = 0; j < latent; ++j)
                s += (double(z[j]) - plane.origin(j)) * plane.axes(j, a);
            xy_out[2 * i + a] = float(s);
        }
    }
}

void plane_to_codes(float* z_out, const LatentPlane& plane, const float* xy, int n) {
    const int latent = plane.latent();
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < latent; ++j)
            z_out[size_t(i) * latent + j] = float(plane.origin(j) + xy[2 * i] * plane.axes(j, 0) +
                                                  xy[2 * i + 1] * plane.axes(j, 1));
}

void plane_traversal(float* out, float* xy_out, Model& m, const LatentPlane& plane,
                     const float lo[2], const float hi[2], int n) {
    AE_ASSERT(plane.latent() == m.latent_dim());
    const size_t cells = size_t(n) * n;
    std::vector<float> xy(cells * 2), z(cells * plane.latent());
    const float origin[2] = {0.0f, 0.0f};
    traversal_codes(xy.data(), origin, {0, lo[0], hi[0]}, {1, lo[1], hi[1]}, n, 2);
    plane_to_codes(z.data(), plane, xy.data(), int(cells));
    m.decode(z.data(), int(cells), out);
    if (xy_out) std::copy(xy.begin(), xy.end(), xy_out);
}

} // namespace ae
