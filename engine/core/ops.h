// ops.h: the math of a dense autoencoder, forward and backward side by side.
// Plain loops over raw row-major arrays, templated on the scalar so that the gradient checks run
// the very same code in double. Outputs first, sizes last. Every reduction runs in one fixed order
// (and the build uses -ffp-contract=off), so native and WASM produce identical bits; the compiler
// may still vectorize across the output index, which does not reorder any sum.
// The dense products and the activations are written twice: the plain loop (*_naive, the
// reference) and, for float, the SIMD kernels of kernels.h, which give the same bits faster; the
// public names below call the kernels for float and the plain loops otherwise.
// Not here: allocation (the caller owns every buffer), threading, SIMD intrinsics.
#pragma once

#include "engine/core/fmath.h"
#include "engine/core/kernels.h"
#include "engine/core/types.h"

#include <type_traits>

namespace ae {

constexpr double kLeakyReluSlope = 0.2; // Keras 3's `leaky_relu` activation (negative_slope)
constexpr double kEluAlpha = 1.0;       // Keras' `elu` activation
constexpr double kBceEpsilon = 1e-7;    // Keras' backend epsilon, clips predictions for BCE

// ---------------------------------------------------------------------------------------------
// Dense: z = x W + b.   x (n, in), W (in, out) as Keras' kernel, b (out), z (n, out).

template <class T>
void dense_forward_naive(T* z, const T* x, const T* w, const T* b, int n, int in, int out) {
    for (int i = 0; i < n; ++i) {
        T* zi = z + (long)i * out;
        const T* xi = x + (long)i * in;
        for (int j = 0; j < out; ++j)
            zi[j] = b[j];
        for (int k = 0; k < in; ++k) {
            const T xik = xi[k];
            const T* wk = w + (long)k * out;
            for (int j = 0; j < out; ++j)
                zi[j] += xik * wk[j];
        }
    }
}

// Gradient of the parameters, accumulated: dW += x^T dz, db += sum_i dz.
template <class T>
void dense_backward_params_naive(T* dw, T* db, const T* x, const T* dz, int n, int in, int out) {
    for (int i = 0; i < n; ++i) {
        const T* xi = x + (long)i * in;
        const T* dzi = dz + (long)i * out;
        for (int j = 0; j < out; ++j)
            db[j] += dzi[j];
        for (int k = 0; k < in; ++k) {
            const T xik = xi[k];
            T* dwk = dw + (long)k * out;
            for (int j = 0; j < out; ++j)
                dwk[j] += xik * dzi[j];
        }
    }
}

// Gradient with respect to the input, overwritten: dx = dz W^T. wt is W transposed, (out, in),
// so that the inner loop runs along contiguous memory and keeps the sum order over j fixed.
template <class T>
void dense_backward_input_naive(T* dx, const T* dz, const T* wt, int n, int in, int out) {
    for (int i = 0; i < n; ++i) {
        T* dxi = dx + (long)i * in;
        const T* dzi = dz + (long)i * out;
        for (int k = 0; k < in; ++k)
            dxi[k] = T(0);
        for (int j = 0; j < out; ++j) {
            const T d = dzi[j];
            const T* wtj = wt + (long)j * in;
            for (int k = 0; k < in; ++k)
                dxi[k] += d * wtj[k];
        }
    }
}

template <class T> void transpose(T* dst, const T* src, int rows, int cols) {
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            dst[(long)c * rows + r] = src[(long)r * cols + c];
}

// ---------------------------------------------------------------------------------------------
// Activations: y = f(z) elementwise over count values.

template <class T> void activation_forward_naive(T* y, const T* z, long count, Activation a) {
    switch (a) {
    case Activation::linear:
        for (long i = 0; i < count; ++i)
            y[i] = z[i];
        break;
    case Activation::relu:
        for (long i = 0; i < count; ++i)
            y[i] = z[i] > T(0) ? z[i] : T(0);
        break;
    case Activation::leaky_relu:
        for (long i = 0; i < count; ++i)
            y[i] = z[i] > T(0) ? z[i] : T(kLeakyReluSlope) * z[i];
        break;
    case Activation::elu:
        for (long i = 0; i < count; ++i)
            y[i] = z[i] > T(0) ? z[i] : T(kEluAlpha) * fm::expm1(z[i]);
        break;
    case Activation::sigmoid:
        for (long i = 0; i < count; ++i)
            y[i] = fm::sigmoid(z[i]);
        break;
    case Activation::tanh:
        for (long i = 0; i < count; ++i)
            y[i] = fm::tanh(z[i]);
        break;
    }
}

// dz = dy * f'(z), from the forward's z and y. At a kink (z == 0) the derivative is the one of
// the z < 0 side, as TensorFlow's ReluGrad (z > 0 ? dy : 0).
template <class T>
void activation_backward_naive(T* dz, const T* dy, const T* z, const T* y, long count,
                               Activation a) {
    switch (a) {
    case Activation::linear:
        for (long i = 0; i < count; ++i)
            dz[i] = dy[i];
        break;
    case Activation::relu:
        for (long i = 0; i < count; ++i)
            dz[i] = z[i] > T(0) ? dy[i] : T(0);
        break;
    case Activation::leaky_relu:
        for (long i = 0; i < count; ++i)
            dz[i] = z[i] > T(0) ? dy[i] : T(kLeakyReluSlope) * dy[i];
        break;
    case Activation::elu:
        for (long i = 0; i < count; ++i)
            dz[i] = z[i] > T(0) ? dy[i] : dy[i] * (y[i] + T(kEluAlpha));
        break;
    case Activation::sigmoid:
        for (long i = 0; i < count; ++i)
            dz[i] = dy[i] * y[i] * (T(1) - y[i]);
        break;
    case Activation::tanh:
        for (long i = 0; i < count; ++i)
            dz[i] = dy[i] * (T(1) - y[i] * y[i]);
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// The public kernels: SIMD for float (kernels.h, same bits as the naive twins), naive otherwise.

template <class T>
void dense_forward(T* z, const T* x, const T* w, const T* b, int n, int in, int out) {
    if constexpr (std::is_same_v<T, float>)
        kernels::dense_forward(z, x, w, b, n, in, out);
    else
        dense_forward_naive(z, x, w, b, n, in, out);
}

template <class T>
void dense_backward_params(T* dw, T* db, const T* x, const T* dz, int n, int in, int out) {
    if constexpr (std::is_same_v<T, float>)
        kernels::dense_backward_params(dw, db, x, dz, n, in, out);
    else
        dense_backward_params_naive(dw, db, x, dz, n, in, out);
}

template <class T>
void dense_backward_input(T* dx, const T* dz, const T* wt, int n, int in, int out) {
    if constexpr (std::is_same_v<T, float>)
        kernels::dense_backward_input(dx, dz, wt, n, in, out);
    else
        dense_backward_input_naive(dx, dz, wt, n, in, out);
}

template <class T> void activation_forward(T* y, const T* z, long count, Activation a) {
    if constexpr (std::is_same_v<T, float>)
        kernels::activation_forward(y, z, count, a);
    else
        activation_forward_naive(y, z, count, a);
}

template <class T>
void activation_backward(T* dz, const T* dy, const T* z, const T* y, long count, Activation a) {
    if constexpr (std::is_same_v<T, float>)
        kernels::activation_backward(dz, dy, z, y, count, a);
    else
        activation_backward_naive(dz, dy, z, y, count, a);
}

// ---------------------------------------------------------------------------------------------
// Whether all n values are finite: NaN or Inf anywhere makes its product with 0 NaN, and so the
// sum; finite values add up +-0. (kernels::all_finite is the SIMD twin; the answer does not depend
// on the order of the sum.)
inline bool all_finite_naive(const float* p, long n) {
    float acc = 0.0f;
    for (long i = 0; i < n; ++i)
        acc += p[i] * 0.0f;
    return acc == 0.0f;
}

// ---------------------------------------------------------------------------------------------
// Losses, Keras' reduction: mean over features, then mean over the batch, i.e. sum / (n * d).
// Returns the loss of this batch (accumulated in double) and writes dL/dpred into grad.
// scale multiplies both (a VAE's reconstruction term sums over the features: scale = d).

template <class T>
double loss_forward_backward(T* grad, const T* pred, const T* target, int n, int d, Loss loss,
                             double scale = 1.0) {
    const long count = (long)n * d;
    const double inv = scale / double(count);
    const T tinv = T(inv);
    double sum = 0.0;
    switch (loss) {
    case Loss::mse:
        for (long i = 0; i < count; ++i) {
            const T e = pred[i] - target[i];
            sum += double(e) * double(e);
            if (grad) grad[i] = T(2) * e * tinv;
        }
        break;
    case Loss::mae:
        for (long i = 0; i < count; ++i) {
            const T e = pred[i] - target[i];
            sum += e < T(0) ? -double(e) : double(e);
            if (grad) grad[i] = (e > T(0) ? T(1) : e < T(0) ? T(-1) : T(0)) * tinv;
        }
        break;
    case Loss::binary_crossentropy: {
        const T lo = T(kBceEpsilon), hi = T(1) - T(kBceEpsilon);
        for (long i = 0; i < count; ++i) {
            const T p = pred[i] < lo ? lo : pred[i] > hi ? hi : pred[i];
            const T t = target[i];
            sum -=
                double(t) * fm::log_d(double(p)) + double(T(1) - t) * fm::log_d(double(T(1) - p));
            if (grad) {
                const bool inside = pred[i] >= lo && pred[i] <= hi; // clip passes gradient inside
                grad[i] = inside ? (-t / p + (T(1) - t) / (T(1) - p)) * tinv : T(0);
            }
        }
        break;
    }
    }
    return sum * inv;
}

} // namespace ae
