// fmath.h: portable elementary functions (exp, expm1, log, tanh, sigmoid).
// Why not <cmath>: glibc (native) and musl (emscripten) implement expf/logf/tanhf differently,
// and a one-ulp difference in an activation grows over an epoch of training. These versions use
// only IEEE-exact operations (+ - * /, sqrt, frexp/ldexp-style bit work) in a fixed order, so
// native and WASM builds compute the same bits. They are evaluated in double (relative error
// below 1e-15) and rounded once when called for float. Requires -ffp-contract=off.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

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

// e^r for |r| <= 0.35: Taylor to degree 13 (truncation below 1e-17).
inline double exp_small(double r) {
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    return p * r; // e^r - 1
}

inline double exp_d(double x) {
    if (x != x) return x;
    if (x > 709.0) return std::numeric_limits<double>::infinity();
    if (x < -708.0) return 0.0;
    const double log2e = 1.4426950408889634;
    const double ln2_hi = 6.93147180369123816490e-01; // Cody-Waite split of ln 2
    const double ln2_lo = 1.90821492927058770002e-10;
    const double t = x * log2e;
    const int n = int(t < 0 ? t - 0.5 : t + 0.5);
    const double r = (x - n * ln2_hi) - n * ln2_lo;
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
template <class T> inline T sigmoid(T x) {
    return T(sigmoid_d(double(x)));
}

} // namespace ae::fm
