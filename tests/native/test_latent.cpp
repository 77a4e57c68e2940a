// test_latent.cpp: engine/analysis/latent.h against facts.
//   - The prior samples and manifold grid that moved out of Model give the bits they gave there
//     (checksums recorded from Model::manifold_grid / sample_prior / manifold_values at 380d886).
//   - The manifold values against scipy's normal quantiles, and against a bisection on erf here.
//   - Interpolation: exact ends, the linear midpoint, slerp's constant norm and its closed form.
//   - Traversal: the cell centres, the top row largest, an odd grid's centre = the base code.
//   - The latent plane: dims planes round-trip exactly, a PCA plane recovers codes that lie in a
//     plane and projects as Pca::transform does; the plane traversal decodes the lifted points.
// Not here: the page's views (tests/ui), the CLI's sample command (test_vae.cpp).
#include "engine/analysis/analysis.h"
#include "engine/analysis/latent.h"
#include "engine/core/model.h"
#include "test_util.h"

#include <cmath>
#include <cstring>
#include <vector>

using namespace ae;

namespace {

// A small dense VAE (6 -> 5 -> 3 -> 5 -> 6), its weights from Rng(11).
void build_vae(Model* m) {
    Config c;
    c.input = c.data.features = 6;
    c.encoder = {{5, Activation::tanh, Init::glorot_uniform},
                 {3, Activation::linear, Init::glorot_uniform}};
    c.decoder = {{5, Activation::tanh, Init::glorot_uniform},
                 {6, Activation::sigmoid, Init::glorot_uniform}};
    c.variational.on = true;
    c.variational.beta = 1.0;
    m->build(c);
    Rng rng(11);
    m->init(rng);
}

// FNV-1a 64 over the bytes of an array.
uint64_t fnv1a(const void* p, size_t bytes) {
    uint64_t h = 1469598103934665603ull;
    const unsigned char* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < bytes; ++i)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

double norm(const float* z, int k) {
    double s = 0;
    for (int j = 0; j < k; ++j)
        s += double(z[j]) * z[j];
    return std::sqrt(s);
}

// The standard normal's quantile by bisection on Phi(x) = (1 + erf(x / sqrt 2)) / 2, in double.
double quantile_by_bisection(double p) {
    double lo = -10, hi = 10;
    for (int it = 0; it < 200; ++it) {
        const double mid = 0.5 * (lo + hi);
        (0.5 * (1 + std::erf(mid / std::sqrt(2.0))) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

// Recorded from the Model members before the move (380d886, native-release, this model):
// manifold_grid(5, 2, 0), sample_prior(7, seed 123), manifold_values(7). A tiny capacity (2 rows
// per decode chunk) must not change them either.
TEST(Latent, MovedPriorAndManifoldGiveTheSameBits) {
    for (const int capacity : {0, 2}) {
        Model m;
        build_vae(&m);
        if (capacity) m.reserve(capacity);
        std::vector<float> grid(25 * 6), prior(7 * 6);
        manifold_grid(grid.data(), m, 5, 2, 0);
        sample_prior(prior.data(), m, 7, 123);
        EXPECT_EQ(fnv1a(grid.data(), grid.size() * 4), 0xe275bfb0c4e59a2cull) << capacity;
        EXPECT_EQ(fnv1a(prior.data(), prior.size() * 4), 0x7e0c372397d830f3ull) << capacity;
        EXPECT_EQ(grid.front(), 0x1.baeb76p-2f);
        EXPECT_EQ(grid.back(), 0x1.49f704p-1f);
        EXPECT_EQ(prior.front(), 0x1.7c289cp-2f);
        EXPECT_EQ(prior.back(), 0x1.0758e8p-1f);
    }
    const std::vector<double> v = manifold_values(7);
    EXPECT_EQ(fnv1a(v.data(), v.size() * 8), 0x04ce0a4cfe297c7bull);
    EXPECT_EQ(v[6], 0x1.a515208ea7fc2p+0);
    EXPECT_EQ(v[3], 0.0);
}

// Reference: /usr/bin/python3 -c 'import numpy as np, scipy.stats as s;
//   print(list(s.norm.ppf(np.linspace(0.05, 0.95, 10))))'   (scipy 1.10.1, numpy 1.24.2)
// Acklam's approximation: relative error below 1.2e-9, so 3e-9 absolute up to |x| = 1.65.
TEST(Latent, ManifoldValuesAreTheNormalQuantiles) {
    const double scipy10[10] = {-1.6448536269514729,  -1.0364333894937898,  -0.6744897501960817,
                                -0.38532046640756773, -0.12566134685507416, 0.12566134685507388,
                                0.38532046640756773,  0.6744897501960817,   1.0364333894937898,
                                1.6448536269514722};
    const std::vector<double> v = manifold_values(10);
    ASSERT_EQ(v.size(), 10u);
    for (int i = 0; i < 10; ++i) {
        EXPECT_NEAR(v[i], scipy10[i], 3e-9) << i;
        EXPECT_NEAR(v[i], quantile_by_bisection(0.05 + 0.9 * i / 9.0), 3e-9) << i;
    }
    for (const int n : {2, 3, 7, 20}) {
        const std::vector<double> w = manifold_values(n);
        for (int i = 0; i < n; ++i)
            EXPECT_NEAR(w[i], quantile_by_bisection(0.05 + 0.9 * i / double(n - 1)), 3e-9);
    }
    ASSERT_EQ(manifold_values(1).size(), 1u);
    EXPECT_EQ(manifold_values(1)[0], 0.0);
    EXPECT_TRUE(manifold_values(0).empty());
}

// Code (i, j): z[dim_a] = v[j], z[dim_b] = v[n - 1 - i], the rest 0; the grid decodes those codes.
TEST(Latent, ManifoldCodesLayout) {
    const int n = 4, k = 3;
    const std::vector<double> v = manifold_values(n);
    std::vector<float> z(size_t(n) * n * k, 7.0f);
    manifold_codes(z.data(), n, 2, 0, k);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const float* c = &z[(size_t(i) * n + j) * k];
            EXPECT_EQ(c[2], float(v[j]));
            EXPECT_EQ(c[0], float(v[n - 1 - i]));
            EXPECT_EQ(c[1], 0.0f);
        }
    EXPECT_GT(z[0], 0.0f); // top left: dim_b at its largest, dim_a at its smallest
    EXPECT_LT(z[2], 0.0f);
    Model m;
    build_vae(&m);
    std::vector<float> grid(size_t(n) * n * 6), want(grid.size());
    manifold_grid(grid.data(), m, n, 2, 0);
    m.decode(z.data(), n * n, want.data());
    EXPECT_EQ(grid, want);
}

TEST(Latent, LinearInterpolationEndsAndMidpoint) {
    const int k = 5, steps = 9; // t = 0, 1/8, ..., 1: row 4 is t = 0.5
    const float a[k] = {0.3f, -1.7f, 2.25f, 1e-3f, -0.1f}, b[k] = {-0.9f, 0.4f, 2.5f, 3.0f, 7.0f};
    std::vector<float> z(size_t(steps) * k);
    interpolate_codes(z.data(), a, b, Interpolation::linear, steps, k);
    for (int j = 0; j < k; ++j) {
        EXPECT_EQ(z[j], a[j]);
        EXPECT_EQ(z[size_t(steps - 1) * k + j], b[j]);
        EXPECT_EQ(z[4 * k + j], float((double(a[j]) + double(b[j])) / 2)); // one rounding
        for (int i = 0; i < steps; ++i) { // on the segment: between the ends
            const float lo = std::min(a[j], b[j]), hi = std::max(a[j], b[j]);
            EXPECT_GE(z[size_t(i) * k + j], lo);
            EXPECT_LE(z[size_t(i) * k + j], hi);
        }
    }
}

TEST(Latent, SphericalInterpolationKeepsTheNorm) {
    const int k = 4, steps = 11;
    float a[k] = {0.3f, -1.7f, 2.25f, 0.5f}, b[k] = {-0.9f, 0.4f, -2.5f, 3.0f};
    const double na = norm(a, k), nb = norm(b, k);
    for (int j = 0; j < k; ++j) // both of norm 2.5
        a[j] = float(a[j] * 2.5 / na), b[j] = float(b[j] * 2.5 / nb);
    std::vector<float> z(size_t(steps) * k);
    interpolate_codes(z.data(), a, b, Interpolation::spherical, steps, k);
    for (int j = 0; j < k; ++j) {
        EXPECT_EQ(z[j], a[j]);
        EXPECT_EQ(z[size_t(steps - 1) * k + j], b[j]);
    }
    for (int i = 0; i < steps; ++i)
        EXPECT_NEAR(norm(&z[size_t(i) * k], k), 2.5, 2.5 * 1e-6) << i;
    // Closed form: from e1 to e2 (a right angle), step i is (cos, sin) of i / (steps - 1) pi / 2.
    const float e1[2] = {1, 0}, e2[2] = {0, 1};
    std::vector<float> q(size_t(steps) * 2);
    interpolate_codes(q.data(), e1, e2, Interpolation::spherical, steps, 2);
    const double kPi = 3.14159265358979323846;
    for (int i = 0; i < steps; ++i) {
        EXPECT_NEAR(q[2 * i], std::cos(i * kPi / 2 / (steps - 1)), 1e-7);
        EXPECT_NEAR(q[2 * i + 1], std::sin(i * kPi / 2 / (steps - 1)), 1e-7);
    }
    // Opposite codes have no arc: the straight line (the linear rows, bit for bit).
    const float c[2] = {1.5f, -2.0f}, d[2] = {-1.5f, 2.0f};
    std::vector<float> s(size_t(steps) * 2), l(size_t(steps) * 2);
    interpolate_codes(s.data(), c, d, Interpolation::spherical, steps, 2);
    interpolate_codes(l.data(), c, d, Interpolation::linear, steps, 2);
    EXPECT_EQ(s, l);
}

// The decodes are the decoder's outputs of the interpolated codes.
TEST(Latent, InterpolationDecodesTheCodes) {
    Model m;
    build_vae(&m);
    const float a[3] = {0.5f, -1.0f, 2.0f}, b[3] = {-1.5f, 0.25f, 0.0f};
    for (const Interpolation kind : {Interpolation::linear, Interpolation::spherical}) {
        std::vector<float> z(6 * 3), out(6 * 6), want(6 * 6);
        interpolate_codes(z.data(), a, b, kind, 6, 3);
        interpolation(out.data(), m, a, b, kind, 6);
        m.decode(z.data(), 6, want.data());
        EXPECT_EQ(out, want);
    }
}

// Cells of [lo, hi] = [-1.25, 1.75] in 5: centres -0.95, -0.35, 0.25, 0.85, 1.45; the middle one
// is the base's 0.25, so the grid's centre is the base code itself.
TEST(Latent, TraversalGridPositions) {
    const int k = 4, n = 5;
    const float base[k] = {0.25f, -0.5f, 3.0f, 0.75f};
    const TraversalAxis a{2, 3.0f - 1.5f, 3.0f + 1.5f}, b{0, -1.25f, 1.75f};
    std::vector<float> z(size_t(n) * n * k);
    traversal_codes(z.data(), base, a, b, n, k);
    const float* centre = &z[(size_t(2) * n + 2) * k];
    for (int j = 0; j < k; ++j)
        EXPECT_EQ(centre[j], base[j]) << j;
    const double centres_b[n] = {-0.95, -0.35, 0.25, 0.85, 1.45};
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const float* c = &z[(size_t(i) * n + j) * k];
            EXPECT_NEAR(c[2], 1.5 + 0.6 * (j + 0.5), 1e-6); // across: increasing
            EXPECT_NEAR(c[0], centres_b[n - 1 - i], 1e-6);  // row 0 = the top = largest
            EXPECT_EQ(c[1], base[1]);                       // the other dims: the base's
            EXPECT_EQ(c[3], base[3]);
        }
    // Exactly representable: [0, 4] in 4 cells gives 0.5, 1.5, 2.5, 3.5.
    const TraversalAxis exact{1, 0.0f, 4.0f};
    for (int c = 0; c < 4; ++c)
        EXPECT_EQ(traversal_value(exact, c, 4), 0.5f + c);
    // One dim: a row of n codes.
    std::vector<float> row(size_t(4) * k);
    traversal_codes(row.data(), base, exact, {}, 4, k);
    for (int c = 0; c < 4; ++c) {
        EXPECT_EQ(row[size_t(c) * k + 1], 0.5f + c);
        EXPECT_EQ(row[size_t(c) * k + 0], base[0]);
        EXPECT_EQ(row[size_t(c) * k + 2], base[2]);
    }
    Model m;
    build_vae(&m);
    std::vector<float> zz(size_t(n) * n * 3), out(size_t(n) * n * 6), want(out.size());
    const TraversalAxis a3{2, -2.0f, 2.0f}, b3{1, -1.0f, 1.0f};
    traversal_codes(zz.data(), base, a3, b3, n, 3);
    traversal_grid(out.data(), m, base, a3, b3, n);
    m.decode(zz.data(), n * n, want.data());
    EXPECT_EQ(out, want);
}

// A plane of two dims: a point's code has exactly its x, y in those dims and the codes' mean in
// the others; its coordinates are those two dims, so point -> code -> point is exact.
TEST(Latent, PlaneOfTwoDimsRoundTrips) {
    MatrixRM codes(4, 3);
    codes << 1, 2, 3, //
        -1, 0, 5,     //
        3, 4, -1,     //
        1, 2, 1;      // mean (1, 2, 2)
    const LatentPlane p = latent_plane_dims(codes, 2, 0);
    std::vector<float> xy(8);
    codes_to_plane(xy.data(), p, codes.data(), 4);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(xy[2 * i], codes(i, 2));
        EXPECT_EQ(xy[2 * i + 1], codes(i, 0));
    }
    const float pts[6] = {0.1f, -0.7f, 12.5f, 3.25f, -1e-3f, 1e4f};
    std::vector<float> z(9), back(6);
    plane_to_codes(z.data(), p, pts, 3);
    codes_to_plane(back.data(), p, z.data(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(z[3 * i + 2], pts[2 * i]);
        EXPECT_EQ(z[3 * i + 0], pts[2 * i + 1]);
        EXPECT_EQ(z[3 * i + 1], 2.0f); // the mean of dim 1
    }
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(back[i], pts[i]);
    // One latent dim (or the same dim twice): a line, y = 0.
    const LatentPlane line = latent_plane_dims(codes, 1, 1);
    codes_to_plane(xy.data(), line, codes.data(), 4);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(xy[2 * i], codes(i, 1));
        EXPECT_EQ(xy[2 * i + 1], 0.0f);
    }
}

// Codes on a known plane of R^4: the PCA plane projects them as Pca::transform does and lifts the
// projections back to the codes.
TEST(Latent, PcaPlaneRecoversCodesInAPlane) {
    const int n = 40, k = 4;
    const double u[k] = {0.5, 0.5, 0.5, 0.5}, v[k] = {0.5, -0.5, 0.5, -0.5},
                 c0[k] = {1, -2, 0.5, 3};
    MatrixRM codes(n, k);
    Rng rng(5);
    for (int i = 0; i < n; ++i) {
        const double x = 3.0 * rng.normal(), y = 1.0 * rng.normal();
        for (int j = 0; j < k; ++j)
            codes(i, j) = float(c0[j] + x * u[j] + y * v[j]);
    }
    Pca pca;
    pca.fit(codes);
    const LatentPlane p = latent_plane_pca(pca);
    std::vector<float> xy(size_t(n) * 2), z(size_t(n) * k);
    codes_to_plane(xy.data(), p, codes.data(), n);
    const MatrixRM t = pca.transform(codes, 2);
    for (int i = 0; i < n; ++i)
        for (int a = 0; a < 2; ++a)
            EXPECT_NEAR(xy[2 * i + a], t(i, a), 1e-5) << i;
    plane_to_codes(z.data(), p, xy.data(), n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j)
            EXPECT_NEAR(z[size_t(i) * k + j], codes(i, j), 1e-5) << i << ", " << j;
    // The axes are orthonormal and span u, v.
    EXPECT_NEAR((p.axes.transpose() * p.axes - Eigen::Matrix2d::Identity()).norm(), 0.0, 1e-12);
    const Eigen::Map<const Eigen::VectorXd> ue(u, k), ve(v, k);
    EXPECT_NEAR((p.axes * (p.axes.transpose() * ue) - ue).norm(), 0.0, 1e-6);
    EXPECT_NEAR((p.axes * (p.axes.transpose() * ve) - ve).norm(), 0.0, 1e-6);
}

// The page's grid: cell centres of the rectangle, row 0 at the top, lifted and decoded.
TEST(Latent, PlaneTraversalDecodesTheLiftedCellCentres) {
    Model m;
    build_vae(&m);
    MatrixRM codes(2, 3);
    codes << 1, 2, 3, //
        3, 0, -1;     // mean (2, 1, 1)
    const LatentPlane p = latent_plane_dims(codes, 0, 2);
    const float lo[2] = {0.0f, -2.0f}, hi[2] = {4.0f, 2.0f};
    const int n = 4;
    std::vector<float> out(size_t(n) * n * 6), xy(size_t(n) * n * 2), z(size_t(n) * n * 3),
        want(out.size());
    plane_traversal(out.data(), xy.data(), m, p, lo, hi, n);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            EXPECT_EQ(xy[2 * (r * n + c)], 0.5f + c);
            EXPECT_EQ(xy[2 * (r * n + c) + 1], 1.5f - r); // 1.5, 0.5, -0.5, -1.5
        }
    plane_to_codes(z.data(), p, xy.data(), n * n);
    EXPECT_EQ(z[0], 0.5f); // top left: dim 0 = x, dim 2 = y, dim 1 = the mean
    EXPECT_EQ(z[1], 1.0f);
    EXPECT_EQ(z[2], 1.5f);
    m.decode(z.data(), n * n, want.data());
    EXPECT_EQ(out, want);
}
