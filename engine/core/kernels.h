// kernels.h: the fast float kernels behind ops.h (SIMD over simd.h's four lanes, register-blocked
// GEMM). Each computes exactly what its naive twin in ops.h computes, bit for bit: every output
// element goes through the same float operations in the same order (sums over k, i or j run in
// the naive loop's order; lanes only run different outputs side by side), so swapping one for the
// other changes nothing, natively or in WASM. tests/native/test_kernels.cpp compares them.
// ops.h's public functions call these for float; double (the gradient checks) stays naive.
// Not here: allocation (the GEMMs block in registers straight from the callers' row-major arrays,
// so they need no packing buffers), threads, conv.
#pragma once

#include "engine/core/types.h"
#include <cmath>

namespace ae::kernels {

// z (n, out) = x (n, in) W (in, out) + b (out).
void dense_forward(float* z, const float* x, const float* w, const float* b, int n, int in,
                   int out);
// dW (in, out) += x^T dz, db (out) += sum_i dz; x (n, in), dz (n, out).
void dense_backward_params(float* dw, float* db, const float* x, const float* dz, int n, int in,
                           int out);
// dx (n, in) = dz (n, out) W^T, with wt = W^T (out, in).
void dense_backward_input(float* dx, const float* dz, const float* wt, int n, int in, int out);

// Elementwise activations over count values, all in SIMD (elu and tanh forward through fmath.h's
// two-lane functions in double, sigmoid through its four-lane float one; each gives the bits of
// the scalar function the naive loop calls).
void activation_forward(float* y, const float* z, long count, Activation a);
void activation_backward(float* dz, const float* dy, const float* z, const float* y, long count,
                         Activation a);

// Adam's update, elementwise over n parameters (the expression of Optimizer::step):
// m += (g - m) c1; v += (g g - v) c2; p -= (m alpha) / (sqrt(v) + eps).
void adam_update(float* p, float* m, float* v, const float* g, long n, float alpha, float c1,
                 float c2, float eps);

// Adam's elementwise update as a plain loop: the reference for adam_update above (its SIMD
// twin, which Optimizer::step() runs and which gives the same bits).
inline void adam_update_naive(float* p, float* m, float* v, const float* g, long n, float alpha,
                              float c1, float c2, float eps) {
    for (long i = 0; i < n; ++i) {
        m[i] += (g[i] - m[i]) * c1;
        v[i] += (g[i] * g[i] - v[i]) * c2;
        p[i] -= (m[i] * alpha) / (std::sqrt(v[i]) + eps);
    }
}

// dst[0, n) = src[0, n), four lanes at a time; the ranges must not overlap. For the batch rows
// a training step gathers: emscripten's memcpy copies them (400 bytes a row for 100 features) a
// word at a time, and std::copy there was 5% of a dense step in WASM.
void copy(float* dst, const float* src, long n);

// Whether all n values are finite (ops.h's all_finite_naive, four lanes and two sums at a time).
bool all_finite(const float* p, long n);

} // namespace ae::kernels
