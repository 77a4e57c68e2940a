// fmath.h: portable elementary functions (exp, expm1, log, tanh, sigmoid).
// Why not <cmath>: glibc (native) and musl (emscripten) implement expf/logf/tanhf differently,
// and a one-ulp difference in an activation grows over an epoch of training. These versions use
// only IEEE-exact operations (+ - * /, sqrt, frexp/ldexp-style bit work) in a fixed order, so
// native and WASM builds compute the same bits. They are evaluated in double (relative error
// below 1e-15) and rounded once when called for float; the exception is the sigmoid over float,
// which is float arithmetic throughout (sigmoid_f, 2 ulp: it runs on every output of most models).
// Requires -ffp-contract=off.
// The two-lane versions at the end (exp_d2, expm1_d2 and tanh_d2, over simd.h's D2) run
// the scalar code's operations in its order on each lane, branches turned into selects, so each
// lane gives the scalar function's bits (tests/native/test_kernels.cpp; in WASM the golden runs
// check them). They serve the SIMD activations of kernels.cpp.
#pragma once

#include "engine/core/simd.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace ae::fm {

inline double sqrt_d(double x) {
    return std::sqrt(x);
} // IEEE correctly rounded everywhere

// 2^n for integer n in [-1022, 1023].
inline double pow2i(int n) {
    const uint64_t bits = uint64_t(n + 1023) << 52;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// e^r - 1 for |r| <= 0.35: Taylor to degree 13 (truncation below 1e-17), in Horner form from
// the 1/13! coefficient down to 1/1!.
constexpr double kExpTaylor[13] = {1.0 / 6227020800.0,
                                   1.0 / 479001600.0,
                                   1.0 / 39916800.0,
                                   1.0 / 3628800.0,
                                   1.0 / 362880.0,
                                   1.0 / 40320.0,
                                   1.0 / 5040.0,
                                   1.0 / 720.0,
                                   1.0 / 120.0,
                                   1.0 / 24.0,
                                   1.0 / 6.0,
                                   0.5,
                                   1.0};
inline double exp_small(double r) {
    double p = kExpTaylor[0];
    for (int i = 1; i < 13; ++i)
        p = p * r + kExpTaylor[i];
    return p * r;
}

constexpr double kLog2e = 1.4426950408889634;
constexpr double kLn2Hi = 6.93147180369123816490e-01; // Cody-Waite split of ln 2
constexpr double kLn2Lo = 1.90821492927058770002e-10;

inline double exp_d(double x) {
    if (x != x) return x;
    if (x > 709.0) return std::numeric_limits<double>::infinity();
    if (x < -708.0) return 0.0;
    const double t = x * kLog2e;
    const int n = int(t < 0 ? t - 0.5 : t + 0.5);
    const double r = (x - n * kLn2Hi) - n * kLn2Lo;
    return (1.0 + exp_small(r)) * pow2i(n);
}

inline double expm1_d(double x) {
    if (x > -0.34 && x < 0.34) return exp_small(x);
    return exp_d(x) - 1.0;
}

inline double log_d(double x) {
    if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0.0) return -std::numeric_limits<double>::infinity();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e;
    double m = std::frexp(x, &e); // exact: x = m * 2^e, m in [0.5, 1)
    if (m < 0.70710678118654752) {
        m *= 2.0;
        e -= 1;
    }
    // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    return (e * ln2_hi + 2.0 * s * p) + e * ln2_lo;
}

inline double tanh_d(double x) {
    if (x != x) return x;
    if (x > 20.0) return 1.0;
    if (x < -20.0) return -1.0;
    const double u = expm1_d(2.0 * x);
    return u / (u + 2.0);
}

inline double sigmoid_d(double x) {
    if (x >= 0.0) return 1.0 / (1.0 + exp_d(-x));
    const double z = exp_d(x);
    return z / (1.0 + z);
}

// Scalar-generic front ends used by the templated layer code.
template <class T> inline T exp(T x) {
    return T(exp_d(double(x)));
}
template <class T> inline T expm1(T x) {
    return T(expm1_d(double(x)));
}
template <class T> inline T log(T x) {
    return T(log_d(double(x)));
}
template <class T> inline T tanh(T x) {
    return T(tanh_d(double(x)));
}
// ---------------------------------------------------------------------------------------------
// Float sigmoid, for the float training path (ops.h's activation over float, kernels.cpp's SIMD
// loop): the logistic output layer of every image and min-max-scaled model runs it on each output
// of each sample, forward, and in double (above) it was a sixth of a dense training step in WASM.
// Float arithmetic only, at most 2 ulp from the correctly rounded value (tests/native/
// test_rng_fmath.cpp measures it over all magnitudes); sigmoid_f4 (below) gives its bits lane by
// lane, so natively and in WASM the results are identical.
//   e = e^-|x| = 2^n e^r, n = round(-|x| log2 e), r = -|x| - n ln 2 (Cody-Waite, ln2_hi has 9
//   significant bits so n ln2_hi is exact); e^r on |r| <= ln2 / 2 by Cephes' expf polynomial
//   (relative error below 1 ulp); 2^n built in the exponent field.
//   sigmoid = (x >= 0 ? 1 : e) / (1 + e): one division, never a cancellation.
// Below -87 (x beyond +-87), e^-|x| would leave the normal floats: e = 0, so the sigmoid is exactly
// 0 or 1 (the true values are within 1.7e-38 of them). NaN returns x.
constexpr float kLog2eF = 1.44269504088896341f;
constexpr float kLn2HiF = 0.693359375f;
constexpr float kLn2LoF = -2.12194440e-4f;
constexpr float kRoundF = 12582912.0f;  // 1.5 * 2^23: (t + it) - it rounds t to a whole number
constexpr float kPow2BiasF = 8388735.0f; // 2^23 + 127: n + it holds n + 127 in the low bits
constexpr float kExpPolyF[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                                4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};

// 2^n for whole n in [-126, 127] (n + 127 shifted into the exponent field).
inline float pow2f(float n) {
    const float biased = n + kPow2BiasF;
    uint32_t bits;
    std::memcpy(&bits, &biased, sizeof bits);
    bits <<= 23;
    float r;
    std::memcpy(&r, &bits, sizeof r);
    return r;
}

inline float sigmoid_f(float x) {
    if (x != x) return x;
    const bool positive = x >= 0.0f;
    const float a = positive ? -x : x; // -|x|
    const float t = a * kLog2eF;
    const float n = (t + kRoundF) - kRoundF;
    const float r = (a - n * kLn2HiF) - n * kLn2LoF;
    float p = kExpPolyF[0];
    for (int i = 1; i < 6; ++i)
        p = p * r + kExpPolyF[i];
    float e = ((p * (r * r) + r) + 1.0f) * pow2f(n);
    if (a < -87.0f) e = 0.0f;
    return (positive ? 1.0f : e) / (1.0f + e);
}

template <class T> inline T sigmoid(T x) {
    if constexpr (std::is_same_v<T, float>)
        return sigmoid_f(x);
    else
        return T(sigmoid_d(double(x)));
}

// ---------------------------------------------------------------------------------------------
// Two lanes at once: each lane computes exactly what the scalar function above computes.

inline simd::D2 exp_small(simd::D2 r) {
    simd::D2 p = simd::set1d(kExpTaylor[0]);
    for (int i = 1; i < 13; ++i)
        p = simd::add(simd::mul(p, r), simd::set1d(kExpTaylor[i]));
    return simd::mul(p, r);
}

inline simd::D2 exp_d2(simd::D2 x) {
    using namespace simd;
    const D2 half = set1d(0.5);
    const D2 t = mul(x, set1d(kLog2e));
    const D2 n = trunc(select(lt(t, set1d(0.0)), sub(t, half), add(t, half)));
    const D2 r = sub(sub(x, mul(n, set1d(kLn2Hi))), mul(n, set1d(kLn2Lo)));
    D2 e = mul(add(set1d(1.0), exp_small(r)), pow2(n)); // garbage where the selects below apply
    e = select(lt(x, set1d(-708.0)), set1d(0.0), e);
    e = select(gt(x, set1d(709.0)), set1d(std::numeric_limits<double>::infinity()), e);
    return select(is_nan(x), x, e);
}

inline simd::D2 expm1_d2(simd::D2 x) {
    using namespace simd;
    const D2 small = exp_small(x), large = sub(exp_d2(x), set1d(1.0));
    return select(gt(x, set1d(-0.34)), select(lt(x, set1d(0.34)), small, large), large);
}

inline simd::D2 tanh_d2(simd::D2 x) {
    using namespace simd;
    const D2 u = expm1_d2(mul(set1d(2.0), x));
    D2 y = div(u, add(u, set1d(2.0)));
    y = select(lt(x, set1d(-20.0)), set1d(-1.0), y);
    y = select(gt(x, set1d(20.0)), set1d(1.0), y);
    return select(is_nan(x), x, y);
}

// Four float lanes, each giving sigmoid_f's bits.
inline simd::F4 sigmoid_f4(simd::F4 x) {
    using namespace simd;
    const F4 zero = set1(0.0f), one = set1(1.0f);
    const F4 positive = ge(x, zero);
    const F4 a = select(positive, neg(x), x);
    const F4 t = mul(a, set1(kLog2eF));
    const F4 n = sub(add(t, set1(kRoundF)), set1(kRoundF));
    const F4 r = sub(sub(a, mul(n, set1(kLn2HiF))), mul(n, set1(kLn2LoF)));
    F4 p = set1(kExpPolyF[0]);
    for (int i = 1; i < 6; ++i)
        p = add(mul(p, r), set1(kExpPolyF[i]));
    F4 e = mul(add(add(mul(p, mul(r, r)), r), one), pow2(n));
    e = select(gt(set1(-87.0f), a), zero, e);
    const F4 y = div(select(positive, one, e), add(one, e));
    return select(is_nan(x), x, y);
}

} // namespace ae::fm
