// test_kernels.cpp: the SIMD kernels (engine/kernels.h) give exactly the bits of their naive twins
// (ops.h's *_naive loops, adam_update_naive), at sizes below, at and above the register tile
// (6 or, in WASM, 4 rows x 8 columns; for widths 8 k + 2, tiles of 8 + 2 columns whose last 2
// pair two rows, 4 or 2 rows a tile, then 2, then an odd row) and with every remainder (db too:
// the same GEMM with a column of ones), for every activation, and at the
// depths of the conv layers (up to 1152). Equality is bitwise (a -0 for a +0 or another NaN
// payload fails). The inputs span 2^-12 .. 2^12 in magnitude, so any
// change in the order of a sum changes the result: OrderSensitivity proves the comparison sees it.
// Also fmath.h's two-lane exp, expm1, tanh and sigmoid against the scalar ones, bit for bit, on
// the specials, the branch edges and random doubles over the whole range.
#include "engine/core/fmath.h"
#include "engine/core/kernels.h"
#include "engine/core/ops.h"
#include "engine/core/optimizer.h"
#include "engine/core/rng.h"
#include "engine/core/simd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace ae;

namespace {

// 2, 10, 18: widths of 8 k + 2, the GEMM's tiles of 8 + 2 columns (below, at and above one panel).
const int kSizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 16, 17, 18, 31, 64, 100, 129};

// Signed values of mixed magnitude, with a sprinkling of exact zeros of both signs.
std::vector<float> values(size_t count, Rng& r) {
    std::vector<float> v(count);
    for (float& x : v) {
        const float e = float(int(r.uniform() * 25.0f) - 12); // exponent -12 .. 12
        x = r.uniform(-1.0f, 1.0f) * std::ldexp(1.0f, int(e));
        const float u = r.uniform();
        if (u < 0.03f) x = 0.0f;
        if (u > 0.97f) x = -0.0f;
    }
    return v;
}

// Index of the first element whose bits differ, or -1.
long first_difference(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return 0;
    for (size_t i = 0; i < a.size(); ++i) {
        uint32_t ua, ub;
        std::memcpy(&ua, &a[i], 4);
        std::memcpy(&ub, &b[i], 4);
        if (ua != ub) return long(i);
    }
    return -1;
}

#define EXPECT_SAME_BITS(fast, naive, what)                                                        \
    do {                                                                                           \
        const long at = first_difference(fast, naive);                                             \
        EXPECT_EQ(at, -1) << what << ": element " << at << " fast " << (fast)[at] << " naive "     \
                          << (naive)[at];                                                          \
    } while (0)

} // namespace

TEST(Kernels, DenseForwardMatchesNaive) {
    Rng r(1);
    for (int n : kSizes)
        for (int in : kSizes)
            for (int out : kSizes) {
                const auto x = values(size_t(n) * in, r), w = values(size_t(in) * out, r);
                const auto b = values(out, r);
                std::vector<float> fast(size_t(n) * out, 7.0f), naive(size_t(n) * out, -7.0f);
                kernels::dense_forward(fast.data(), x.data(), w.data(), b.data(), n, in, out);
                dense_forward_naive(naive.data(), x.data(), w.data(), b.data(), n, in, out);
                EXPECT_SAME_BITS(fast, naive, "n " << n << " in " << in << " out " << out);
            }
}

TEST(Kernels, DenseBackwardParamsMatchesNaive) {
    Rng r(2);
    for (int n : kSizes)
        for (int in : kSizes)
            for (int out : kSizes) {
                const auto x = values(size_t(n) * in, r), dz = values(size_t(n) * out, r);
                // Accumulates: start both from the same nonzero gradients.
                auto dw_fast = values(size_t(in) * out, r), db_fast = values(out, r);
                auto dw_naive = dw_fast, db_naive = db_fast;
                kernels::dense_backward_params(dw_fast.data(), db_fast.data(), x.data(), dz.data(),
                                               n, in, out);
                dense_backward_params_naive(dw_naive.data(), db_naive.data(), x.data(), dz.data(),
                                            n, in, out);
                EXPECT_SAME_BITS(dw_fast, dw_naive, "dW n " << n << " in " << in << " out " << out);
                EXPECT_SAME_BITS(db_fast, db_naive, "db n " << n << " in " << in << " out " << out);
            }
}

TEST(Kernels, DenseBackwardInputMatchesNaive) {
    Rng r(3);
    for (int n : kSizes)
        for (int in : kSizes)
            for (int out : kSizes) {
                const auto dz = values(size_t(n) * out, r), wt = values(size_t(out) * in, r);
                std::vector<float> fast(size_t(n) * in, 7.0f), naive(size_t(n) * in, -7.0f);
                kernels::dense_backward_input(fast.data(), dz.data(), wt.data(), n, in, out);
                dense_backward_input_naive(naive.data(), dz.data(), wt.data(), n, in, out);
                EXPECT_SAME_BITS(fast, naive, "n " << n << " in " << in << " out " << out);
            }
}

// The conv layers' deep sums (im2col's kh kw cin columns, or oh ow rows for the kernel's
// gradient): every product at depths up to 1152, B's rows wide or narrow.
TEST(Kernels, DenseProductsAtConvDepths) {
    Rng r(6);
    for (int depth : {255, 256, 257, 511, 512, 600, 1152})
        for (int m : {5, 13})
            for (int width : {9, 64}) {
                const std::string what = "depth " + std::to_string(depth) + " m " +
                                         std::to_string(m) + " width " + std::to_string(width);
                // forward and input: depth = in (resp. out); params: depth = n.
                const auto x = values(size_t(m) * depth, r), w = values(size_t(depth) * width, r);
                const auto b = values(width, r);
                std::vector<float> fast(size_t(m) * width), naive(fast.size(), 1.0f);
                kernels::dense_forward(fast.data(), x.data(), w.data(), b.data(), m, depth, width);
                dense_forward_naive(naive.data(), x.data(), w.data(), b.data(), m, depth, width);
                EXPECT_SAME_BITS(fast, naive, "forward " << what);

                kernels::dense_backward_input(fast.data(), x.data(), w.data(), m, width, depth);
                dense_backward_input_naive(naive.data(), x.data(), w.data(), m, width, depth);
                EXPECT_SAME_BITS(fast, naive, "input " << what);

                const auto dz = values(size_t(depth) * width, r), xs = values(size_t(depth) * m, r);
                auto dw_fast = values(size_t(m) * width, r), db_fast = values(width, r);
                auto dw_naive = dw_fast, db_naive = db_fast;
                kernels::dense_backward_params(dw_fast.data(), db_fast.data(), xs.data(), dz.data(),
                                               depth, m, width);
                dense_backward_params_naive(dw_naive.data(), db_naive.data(), xs.data(), dz.data(),
                                            depth, m, width);
                EXPECT_SAME_BITS(dw_fast, dw_naive, "params dW " << what);
                EXPECT_SAME_BITS(db_fast, db_naive, "params db " << what);
            }
}

// The public names run the kernels for float and the plain loops for double.
TEST(Kernels, OpsDispatchFloatToTheKernels) {
    Rng r(4);
    const int n = 5, in = 17, out = 9;
    const auto x = values(size_t(n) * in, r), w = values(size_t(in) * out, r), b = values(out, r);
    std::vector<float> viaops(size_t(n) * out), fast(size_t(n) * out);
    dense_forward(viaops.data(), x.data(), w.data(), b.data(), n, in, out);
    kernels::dense_forward(fast.data(), x.data(), w.data(), b.data(), n, in, out);
    EXPECT_SAME_BITS(viaops, fast, "dense_forward<float>");
    // double: the naive loop, whose float-rounded result is within double's rounding of it.
    std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()), bd(b.begin(), b.end());
    std::vector<double> zd(size_t(n) * out);
    dense_forward(zd.data(), xd.data(), wd.data(), bd.data(), n, in, out);
    for (size_t i = 0; i < zd.size(); ++i) {
        double s = bd[i % out];
        for (int k = 0; k < in; ++k)
            s += xd[(i / out) * in + k] * wd[size_t(k) * out + i % out];
        EXPECT_EQ(zd[i], s);
    }
}

// The test would see a kernel that sums in another order: summing k backwards, as a kernel that
// split or reversed the reduction would, changes bits at these magnitudes.
TEST(Kernels, OrderSensitivity) {
    Rng r(5);
    const int n = 16, in = 100, out = 16;
    const auto x = values(size_t(n) * in, r), w = values(size_t(in) * out, r), b = values(out, r);
    std::vector<float> naive(size_t(n) * out), reversed(size_t(n) * out);
    dense_forward_naive(naive.data(), x.data(), w.data(), b.data(), n, in, out);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < out; ++j) {
            float s = b[j];
            for (int k = in - 1; k >= 0; --k)
                s += x[size_t(i) * in + k] * w[size_t(k) * out + j];
            reversed[size_t(i) * out + j] = s;
        }
    int differing = 0;
    for (size_t i = 0; i < naive.size(); ++i)
        differing += naive[i] != reversed[i];
    EXPECT_GT(differing, int(naive.size()) / 2);
}

TEST(Kernels, ActivationsMatchNaive) {
    const Activation all[] = {Activation::linear, Activation::relu,    Activation::leaky_relu,
                              Activation::elu,    Activation::sigmoid, Activation::tanh};
    Rng r(6);
    for (Activation a : all)
        for (int count : {0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 64, 100, 129, 6400}) {
            // z of moderate size (sigmoid and tanh saturate above ~20), exact zeros included.
            auto z = values(count, r);
            for (float& v : z)
                v = std::fmod(v, 24.0f);
            std::vector<float> y_fast(count, 7.0f), y_naive(count, -7.0f);
            kernels::activation_forward(y_fast.data(), z.data(), count, a);
            activation_forward_naive(y_naive.data(), z.data(), count, a);
            EXPECT_SAME_BITS(y_fast, y_naive, "forward " << int(a) << " count " << count);

            const auto dy = values(count, r);
            std::vector<float> dz_fast(count, 7.0f), dz_naive(count, -7.0f);
            kernels::activation_backward(dz_fast.data(), dy.data(), z.data(), y_naive.data(), count,
                                         a);
            activation_backward_naive(dz_naive.data(), dy.data(), z.data(), y_naive.data(), count,
                                      a);
            EXPECT_SAME_BITS(dz_fast, dz_naive, "backward " << int(a) << " count " << count);
        }
}

// ReLU's kink and NaN: z = 0, -0 and NaN all take the z <= 0 branch in both (an SSE or WASM
// max/min would not: they order -0 below 0 or propagate NaN).
TEST(Kernels, ActivationEdgeValues) {
    const float nan = std::nanf("");
    const std::vector<float> z = {0.0f, -0.0f, nan, 1.0f, -1.0f, -0.0f, nan, 2.0f};
    const std::vector<float> dy(z.size(), 3.0f);
    for (Activation a : {Activation::relu, Activation::leaky_relu}) {
        std::vector<float> y_fast(z.size()), y_naive(z.size()), dz_fast(z.size()),
            dz_naive(z.size());
        kernels::activation_forward(y_fast.data(), z.data(), long(z.size()), a);
        activation_forward_naive(y_naive.data(), z.data(), long(z.size()), a);
        EXPECT_SAME_BITS(y_fast, y_naive, "forward " << int(a));
        kernels::activation_backward(dz_fast.data(), dy.data(), z.data(), y_naive.data(),
                                     long(z.size()), a);
        activation_backward_naive(dz_naive.data(), dy.data(), z.data(), y_naive.data(),
                                  long(z.size()), a);
        EXPECT_SAME_BITS(dz_fast, dz_naive, "backward " << int(a));
    }
    std::vector<float> y(z.size());
    kernels::activation_forward(y.data(), z.data(), long(z.size()), Activation::relu);
    EXPECT_EQ(std::signbit(y[1]), false); // relu(-0) = +0, as z > 0 ? z : 0
    EXPECT_EQ(y[2], 0.0f);                // relu(NaN) = 0
}

TEST(Kernels, AdamMatchesNaive) {
    Rng r(7);
    for (int n : kSizes) {
        auto p_fast = values(n, r), m_fast = values(n, r), v_fast = values(n, r);
        for (float& v : v_fast)
            v = std::fabs(v); // a second moment is never negative
        auto p_naive = p_fast, m_naive = m_fast, v_naive = v_fast;
        for (int step = 0; step < 3; ++step) {
            const auto g = values(n, r);
            kernels::adam_update(p_fast.data(), m_fast.data(), v_fast.data(), g.data(), n, 1e-3f,
                                 0.1f, 0.001f, 1e-7f);
            kernels::adam_update_naive(p_naive.data(), m_naive.data(), v_naive.data(), g.data(), n, 1e-3f,
                              0.1f, 0.001f, 1e-7f);
        }
        EXPECT_SAME_BITS(p_fast, p_naive, "p n " << n);
        EXPECT_SAME_BITS(m_fast, m_naive, "m n " << n);
        EXPECT_SAME_BITS(v_fast, v_naive, "v n " << n);
    }
}

// ---------------------------------------------------------------------------------------------
// fmath.h's two-lane functions give, lane by lane, the scalar functions' bits.

namespace {

uint32_t bits_of(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
uint64_t bits_of(double d) {
    uint64_t u;
    std::memcpy(&u, &d, 8);
    return u;
}

// Inputs that reach every branch of the scalar code: the specials, the clamping edges and their
// neighbours one ulp away, exp's rounding boundaries (t = x log2 e at k +- 0.5), double and float
// denormals, then random values at every scale and random bit patterns over the whole range.
std::vector<double> fmath_inputs() {
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> x = {0.0,
                             -0.0,
                             inf,
                             -inf,
                             std::nan(""),
                             -std::nan(""),
                             std::numeric_limits<double>::denorm_min(),
                             -std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(),
                             1e-40,
                             -1e-40,
                             1e-300};
    for (double edge : {709.0, -708.0, 20.0, -20.0, 0.34, -0.34, 1.0, -1.0, 10.0, -10.0})
        for (double d : {edge, std::nextafter(edge, inf), std::nextafter(edge, -inf)})
            x.push_back(d);
    for (int k = -1021; k <= 1023; k += 7)
        for (double d : {(k + 0.5) * 0.6931471805599453, (k - 0.5) * 0.6931471805599453})
            if (d >= -708.0 && d <= 709.0)
                for (double e : {d, std::nextafter(d, inf), std::nextafter(d, -inf)})
                    x.push_back(e);
    Rng r(11);
    for (double scale : {1e-3, 0.3, 1.0, 5.0, 25.0, 800.0})
        for (int i = 0; i < 2000; ++i)
            x.push_back(scale * (2.0 * double(r.next_u32()) / 4294967296.0 - 1.0));
    for (int i = 0; i < 4000; ++i) {
        const uint64_t u = uint64_t(r.next_u32()) << 32 | r.next_u32();
        double d;
        std::memcpy(&d, &u, 8);
        x.push_back(d);
    }
    if (x.size() % 2) x.push_back(0.5);
    return x;
}

template <class Scalar, class TwoLane>
void expect_lanes_match(const char* name, Scalar scalar, TwoLane two_lane) {
    const std::vector<double> x = fmath_inputs();
    int mismatches = 0;
    for (size_t i = 0; i < x.size(); i += 2) {
        // Through float lanes would lose the doubles' bits: set the two lanes directly.
        simd::D2 in;
        std::memcpy(&in, &x[i], sizeof in);
        const simd::D2 out = two_lane(in);
        double lanes[2];
        std::memcpy(lanes, &out, sizeof lanes);
        for (int l = 0; l < 2; ++l) {
            const double want = scalar(x[i + l]);
            if (bits_of(lanes[l]) != bits_of(want) && ++mismatches <= 5)
                ADD_FAILURE() << name << "(" << x[i + l] << "): two lanes " << lanes[l]
                              << ", scalar " << want;
        }
    }
    EXPECT_EQ(mismatches, 0) << name << " over " << x.size() << " inputs";
}

} // namespace

TEST(FmathTwoLanes, MatchScalarBits) {
    static_assert(sizeof(simd::D2) == 2 * sizeof(double), "D2 is two packed doubles");
    expect_lanes_match("exp", fm::exp_d, [](simd::D2 v) { return fm::exp_d2(v); });
    expect_lanes_match("expm1", fm::expm1_d, [](simd::D2 v) { return fm::expm1_d2(v); });
    expect_lanes_match("tanh", fm::tanh_d, [](simd::D2 v) { return fm::tanh_d2(v); });
}

// fm::sigmoid_f4 against fm::sigmoid_f on every kind of float: each 2^k boundary of the range
// reduction's n (at -(k +- 0.5) ln 2), the +-87 cut, specials and random bit patterns.
TEST(FmathFourLanes, SigmoidMatchesScalarBits) {
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> x = {0.0f,   -0.0f,  inf,     -inf,    std::nanf(""), -std::nanf(""),
                            1e-45f, -1e-45f, 1e-38f, -1e-38f, 87.0f,         -87.0f,
                            88.0f,  -88.0f, 3.4e38f, -3.4e38f};
    for (float edge : {87.0f, -87.0f, 1.0f, -1.0f})
        x.insert(x.end(), {std::nextafter(edge, inf), std::nextafter(edge, -inf)});
    for (int k = 0; k <= 127; ++k)
        for (float d : {float((k + 0.5) * 0.6931471805599453), float((k - 0.5) * 0.6931471805599453)})
            for (float e : {d, -d, std::nextafter(d, inf), std::nextafter(-d, -inf)})
                x.push_back(e);
    Rng r(13);
    for (float scale : {1e-3f, 1.0f, 8.0f, 100.0f})
        for (int i = 0; i < 2000; ++i)
            x.push_back(r.uniform(-scale, scale));
    for (int i = 0; i < 4000; ++i) {
        const uint32_t u = r.next_u32() | ((r.next_u32() & 1) ? 0x00400000u : 0u);
        float f;
        std::memcpy(&f, &u, 4);
        x.push_back(f);
    }
    while (x.size() % 4)
        x.push_back(0.5f);
    int mismatches = 0, nans = 0;
    for (size_t i = 0; i < x.size(); i += 4) {
        float lanes[4];
        simd::store(lanes, fm::sigmoid_f4(simd::load(&x[i])));
        for (int l = 0; l < 4; ++l) {
            const float want = fm::sigmoid_f(x[i + l]);
            nans += want != want;
            if (bits_of(lanes[l]) != bits_of(want) && ++mismatches <= 5)
                ADD_FAILURE() << "sigmoid(" << x[i + l] << "): four lanes " << lanes[l]
                              << ", scalar " << want;
        }
    }
    EXPECT_EQ(mismatches, 0) << "over " << x.size() << " inputs";
    EXPECT_GT(nans, 2); // the NaN lanes were reached (and compared bit for bit)
    EXPECT_EQ(fm::sigmoid_f(0.0f), 0.5f);
    EXPECT_EQ(fm::sigmoid_f(-100.0f), 0.0f);
    EXPECT_EQ(fm::sigmoid_f(100.0f), 1.0f);
}

// The inputs do reach the branches the selects replace, and the functions have their values
// there (so a bitwise match is not a match of two constant outputs).
TEST(FmathTwoLanes, InputsCoverEveryBranch) {
    const std::vector<double> x = fmath_inputs();
    int nan = 0, over = 0, under = 0, small = 0, saturated = 0, middle = 0;
    for (double v : x) {
        nan += v != v;
        over += v > 709.0;
        under += v < -708.0;
        small += v > -0.34 && v < 0.34;
        saturated += v > 20.0 || v < -20.0;
        middle += v >= -20.0 && v <= 20.0 && !(v > -0.34 && v < 0.34);
    }
    for (int count : {nan, over, under, small, saturated, middle})
        EXPECT_GT(count, 2);
    EXPECT_NEAR(fm::exp_d(1.0), 2.718281828459045, 1e-15);
    EXPECT_EQ(fm::sigmoid_d(0.0), 0.5);
    EXPECT_NEAR(fm::tanh_d(0.5), 0.46211715726000974, 1e-16);
    EXPECT_NEAR(fm::expm1_d(1e-5), 1.0000050000166667e-05, 4e-21);
}

// The float activations built on them (kernels.cpp) at every magnitude, with the specials: the
// elementwise tests above keep |z| < 24.
TEST(Kernels, SmoothActivationsAtEveryMagnitude) {
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> z = {0.0f,    -0.0f,  inf,     -inf,    std::nanf(""), 1e-45f,
                            -1e-45f, 1e-38f, 88.7f,   -87.3f,  100.0f,        -100.0f,
                            1e30f,   -1e30f, 3.4e38f, -3.4e38f};
    Rng r(12);
    for (int i = 0; i < 4000; ++i) {
        // Quiet NaNs only: tanh's NaN branch returns its input, and the compiler may then pass a
        // signalling NaN through float(double(z)) unquieted (no arithmetic produces one).
        uint32_t u = r.next_u32();
        if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu)) u |= 0x00400000u;
        float f;
        std::memcpy(&f, &u, 4);
        z.push_back(f);
    }
    for (Activation a : {Activation::elu, Activation::sigmoid, Activation::tanh}) {
        std::vector<float> y_fast(z.size(), 7.0f), y_naive(z.size(), -7.0f);
        kernels::activation_forward(y_fast.data(), z.data(), long(z.size()), a);
        activation_forward_naive(y_naive.data(), z.data(), long(z.size()), a);
        EXPECT_SAME_BITS(y_fast, y_naive, "activation " << int(a));
    }
}

// The weights check after each step: true for finite values of every size (huge, denormal, -0),
// false with one NaN, Inf or -Inf at any position, in the lanes, the two sums or the tail.
TEST(Kernels, AllFiniteMatchesNaive) {
    Rng r(13);
    const float bad[] = {std::nanf(""), std::numeric_limits<float>::infinity(),
                         -std::numeric_limits<float>::infinity()};
    for (int n : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 100, 129, 17838}) {
        auto p = values(n, r);
        if (n > 2) p[0] = 3.4e38f, p[1] = -1e-45f, p[2] = -0.0f;
        EXPECT_TRUE(kernels::all_finite(p.data(), n)) << "n " << n;
        EXPECT_TRUE(all_finite_naive(p.data(), n)) << "n " << n;
        std::vector<int> positions;
        for (int at = 0; at < n; at += (n > 200 ? 997 : 1))
            positions.push_back(at);
        if (n > 0) positions.push_back(n - 1); // the tail after the last block of 8
        for (int at : positions)
            for (float b : bad) {
                auto q = p;
                q[at] = b;
                EXPECT_FALSE(kernels::all_finite(q.data(), n)) << "n " << n << " at " << at;
                EXPECT_FALSE(all_finite_naive(q.data(), n)) << "n " << n << " at " << at;
            }
    }
}
