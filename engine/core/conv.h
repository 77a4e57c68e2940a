// conv.h: the image layers' math, forward and backward side by side, per batch of n samples in
// channels-last layout (h, w, c) as Keras. Templated on the scalar so that the gradient checks run
// the very same code in double; outputs first, sizes last; every sum runs in one fixed order.
//   conv2d            via im2col: one sample's patches cols (oh * ow, kh * kw * cin) times the
//                     kernel (kh * kw * cin, filters), Keras' layout, with ops.h's dense GEMMs.
//   conv2d_transpose  the adjoint of the conv2d from its output back to its input (Keras' kernel
//                     (kh, kw, filters, cin) is that conv2d's kernel).
//   max_pooling2d     keeps the argmax of each window for backward; ties go to the first maximum
//                     in row-major window order; `same` padding never wins (it is not a value).
//   up_sampling2d     nearest (each value repeated size_h x size_w); backward sums the copies.
//   cropping2d        a copy of the kept window; backward puts dy back, zeros elsewhere.
//   dropout           y = x * mask with mask 0 or 1 / (1 - rate) (drawn by the caller).
// Not here: allocation (the caller owns every buffer, cols included), shape rules (shapes.h).
#pragma once

#include "engine/core/ops.h"

namespace ae {

// A conv2d from an input (ih, iw, ic) to an output (oh, ow, oc), kernel (kh, kw), strides
// (sh, sw), padding pt rows above and pl columns left (the rest below / right is implied).
struct ConvGeom {
    int ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, pt, pl;
    int rows() const { return oh * ow; }      // im2col rows per sample
    int cols() const { return kh * kw * ic; } // im2col columns = kernel rows
    long in_size() const { return long(ih) * iw * ic; }
    long out_size() const { return long(oh) * ow * oc; }
};

// cols (oh * ow, kh * kw * ic) <- the patches of one sample x (ih, iw, ic); 0 in the padding.
template <class T> void im2col(T* cols, const T* x, const ConvGeom& g) {
    for (int oy = 0; oy < g.oh; ++oy)
        for (int ox = 0; ox < g.ow; ++ox) {
            T* row = cols + (long(oy) * g.ow + ox) * g.cols();
            for (int ky = 0; ky < g.kh; ++ky) {
                const int iy = oy * g.sh + ky - g.pt;
                for (int kx = 0; kx < g.kw; ++kx) {
                    const int ix = ox * g.sw + kx - g.pl;
                    T* dst = row + (long(ky) * g.kw + kx) * g.ic;
                    const bool inside = iy >= 0 && iy < g.ih && ix >= 0 && ix < g.iw;
                    const T* src = x + (long(iy) * g.iw + ix) * g.ic;
                    for (int c = 0; c < g.ic; ++c)
                        dst[c] = inside ? src[c] : T(0);
                }
            }
        }
}

// x (ih, iw, ic) += the patches cols scattered back (the adjoint of im2col); x is not cleared.
template <class T> void col2im_add(T* x, const T* cols, const ConvGeom& g) {
    for (int oy = 0; oy < g.oh; ++oy)
        for (int ox = 0; ox < g.ow; ++ox) {
            const T* row = cols + (long(oy) * g.ow + ox) * g.cols();
            for (int ky = 0; ky < g.kh; ++ky) {
                const int iy = oy * g.sh + ky - g.pt;
                if (iy < 0 || iy >= g.ih) continue;
                for (int kx = 0; kx < g.kw; ++kx) {
                    const int ix = ox * g.sw + kx - g.pl;
                    if (ix < 0 || ix >= g.iw) continue;
                    const T* src = row + (long(ky) * g.kw + kx) * g.ic;
                    T* dst = x + (long(iy) * g.iw + ix) * g.ic;
                    for (int c = 0; c < g.ic; ++c)
                        dst[c] += src[c];
                }
            }
        }
}

// ---------------------------------------------------------------------------------------------
// conv2d: y = conv(x, w) + b.   x (n, ih, iw, ic), w (kh, kw, ic, oc), b (oc), y (n, oh, ow, oc).
// cols: scratch of g.rows() * g.cols().

template <class T>
void conv2d_forward(T* y, const T* x, const T* w, const T* b, int n, const ConvGeom& g, T* cols) {
    for (int i = 0; i < n; ++i) {
        im2col(cols, x + i * g.in_size(), g);
        dense_forward(y + i * g.out_size(), cols, w, b, g.rows(), g.cols(), g.oc);
    }
}

// dw += sum over samples of cols(x)^T dy, db += sum of dy over samples and positions.
template <class T>
void conv2d_backward_params(T* dw, T* db, const T* x, const T* dy, int n, const ConvGeom& g,
                            T* cols) {
    for (int i = 0; i < n; ++i) {
        im2col(cols, x + i * g.in_size(), g);
        dense_backward_params(dw, db, cols, dy + i * g.out_size(), g.rows(), g.cols(), g.oc);
    }
}

// dx = col2im(dy w^T), overwritten. wt is w transposed, (oc, kh * kw * ic).
template <class T>
void conv2d_backward_input(T* dx, const T* dy, const T* wt, int n, const ConvGeom& g, T* cols) {
    for (int i = 0; i < n; ++i) {
        dense_backward_input(cols, dy + i * g.out_size(), wt, g.rows(), g.cols(), g.oc);
        T* dxi = dx + i * g.in_size();
        for (long k = 0; k < g.in_size(); ++k)
            dxi[k] = T(0);
        col2im_add(dxi, cols, g);
    }
}

// ---------------------------------------------------------------------------------------------
// conv2d_transpose: y = conv^T(x, w) + b, the adjoint of the conv2d g from y's shape to x's.
// x (n, oh, ow, oc), w (kh, kw, ic, oc) = Keras' (kh, kw, filters, cin), b (ic),
// y (n, ih, iw, ic). wt is w transposed (oc, kh * kw * ic).

template <class T>
void conv2d_transpose_forward(T* y, const T* x, const T* wt, const T* b, int n, const ConvGeom& g,
                              T* cols) {
    conv2d_backward_input(y, x, wt, n, g, cols);
    for (long p = 0; p < long(n) * g.ih * g.iw; ++p)
        for (int c = 0; c < g.ic; ++c)
            y[p * g.ic + c] += b[c];
}

// dw += sum over samples of cols(dy)^T x; db += sum of dy per channel. sink: scratch of g.oc.
template <class T>
void conv2d_transpose_backward_params(T* dw, T* db, const T* x, const T* dy, int n,
                                      const ConvGeom& g, T* cols, T* sink) {
    conv2d_backward_params(dw, sink, dy, x, n, g, cols);
    for (long p = 0; p < long(n) * g.ih * g.iw; ++p)
        for (int c = 0; c < g.ic; ++c)
            db[c] += dy[p * g.ic + c];
}

// dx = conv(dy, w), overwritten. zeros: g.oc zeros (the conv's bias).
template <class T>
void conv2d_transpose_backward_input(T* dx, const T* dy, const T* w, int n, const ConvGeom& g,
                                     T* cols, const T* zeros) {
    conv2d_forward(dx, dy, w, zeros, n, g, cols);
}

// ---------------------------------------------------------------------------------------------
// max_pooling2d: x (n, ih, iw, c) -> y (n, oh, ow, c), windows (kh, kw) as in ConvGeom (ic = oc
// = c). arg (n, oh, ow, c): the index of the maximum within its sample's x.

template <class T> void max_pool_forward(T* y, int* arg, const T* x, int n, const ConvGeom& g) {
    for (int i = 0; i < n; ++i) {
        const T* xi = x + i * g.in_size();
        for (int oy = 0; oy < g.oh; ++oy)
            for (int ox = 0; ox < g.ow; ++ox)
                for (int c = 0; c < g.ic; ++c) {
                    int best = -1;
                    for (int ky = 0; ky < g.kh; ++ky) {
                        const int iy = oy * g.sh + ky - g.pt;
                        if (iy < 0 || iy >= g.ih) continue;
                        for (int kx = 0; kx < g.kw; ++kx) {
                            const int ix = ox * g.sw + kx - g.pl;
                            if (ix < 0 || ix >= g.iw) continue;
                            const int at = (iy * g.iw + ix) * g.ic + c;
                            if (best < 0 || xi[at] > xi[best]) best = at;
                        }
                    }
                    const long o = i * g.out_size() + (long(oy) * g.ow + ox) * g.ic + c;
                    arg[o] = best;
                    y[o] = xi[best];
                }
    }
}

// dx = dy routed to each window's maximum (summed where windows share it), overwritten.
template <class T>
void max_pool_backward(T* dx, const T* dy, const int* arg, int n, const ConvGeom& g) {
    for (long k = 0; k < n * g.in_size(); ++k)
        dx[k] = T(0);
    for (int i = 0; i < n; ++i)
        for (long o = 0; o < g.out_size(); ++o)
            dx[i * g.in_size() + arg[i * g.out_size() + o]] += dy[i * g.out_size() + o];
}

// ---------------------------------------------------------------------------------------------
// up_sampling2d (nearest): x (n, h, w, c) -> y (n, h * sh, w * sw, c).

template <class T>
void upsample_forward(T* y, const T* x, int n, int h, int w, int c, int sh, int sw) {
    const int oh = h * sh, ow = w * sw;
    for (int i = 0; i < n; ++i)
        for (int oy = 0; oy < oh; ++oy)
            for (int ox = 0; ox < ow; ++ox) {
                const T* src = x + ((long(i) * h + oy / sh) * w + ox / sw) * c;
                T* dst = y + ((long(i) * oh + oy) * ow + ox) * c;
                for (int k = 0; k < c; ++k)
                    dst[k] = src[k];
            }
}

// dx = the sum of dy over each value's copies, overwritten (in row-major order of the copies).
template <class T>
void upsample_backward(T* dx, const T* dy, int n, int h, int w, int c, int sh, int sw) {
    const int oh = h * sh, ow = w * sw;
    for (long k = 0; k < long(n) * h * w * c; ++k)
        dx[k] = T(0);
    for (int i = 0; i < n; ++i)
        for (int oy = 0; oy < oh; ++oy)
            for (int ox = 0; ox < ow; ++ox) {
                const T* src = dy + ((long(i) * oh + oy) * ow + ox) * c;
                T* dst = dx + ((long(i) * h + oy / sh) * w + ox / sw) * c;
                for (int k = 0; k < c; ++k)
                    dst[k] += src[k];
            }
}

// ---------------------------------------------------------------------------------------------
// cropping2d: x (n, h, w, c) -> y (n, h - top - bottom, w - left - right, c).

template <class T>
void crop_forward(T* y, const T* x, int n, int h, int w, int c, int top, int bottom, int left,
                  int right) {
    const int oh = h - top - bottom, ow = w - left - right;
    for (int i = 0; i < n; ++i)
        for (int oy = 0; oy < oh; ++oy) {
            const T* src = x + ((long(i) * h + oy + top) * w + left) * c;
            T* dst = y + (long(i) * oh + oy) * ow * c;
            for (long k = 0; k < long(ow) * c; ++k)
                dst[k] = src[k];
        }
}

// dx = dy in the kept window, 0 in the cropped border; overwritten.
template <class T>
void crop_backward(T* dx, const T* dy, int n, int h, int w, int c, int top, int bottom, int left,
                   int right) {
    const int oh = h - top - bottom, ow = w - left - right;
    for (long k = 0; k < long(n) * h * w * c; ++k)
        dx[k] = T(0);
    for (int i = 0; i < n; ++i)
        for (int oy = 0; oy < oh; ++oy) {
            const T* src = dy + (long(i) * oh + oy) * ow * c;
            T* dst = dx + ((long(i) * h + oy + top) * w + left) * c;
            for (long k = 0; k < long(ow) * c; ++k)
                dst[k] = src[k];
        }
}

// ---------------------------------------------------------------------------------------------
// dropout: y = x * mask; its backward is the same product dx = dy * mask.

template <class T> void mask_multiply(T* y, const T* x, const T* mask, long count) {
    for (long k = 0; k < count; ++k)
        y[k] = x[k] * mask[k];
}

// ---------------------------------------------------------------------------------------------
// Activity regularizer (Keras; tf.keras, and Keras 3 since keras-team/keras#22021, divide by the
// batch size): penalty = (l1 * sum |y| + l2 * sum y^2) / n over a batch of n
// samples of `width` values; returns it and adds its gradient to dy (sign(0) = 0, as tf.sign).

template <class T> double activity_penalty(const T* y, int n, long width, double l1, double l2) {
    double s1 = 0.0, s2 = 0.0;
    for (long k = 0; k < long(n) * width; ++k) {
        s1 += y[k] < T(0) ? -double(y[k]) : double(y[k]);
        s2 += double(y[k]) * double(y[k]);
    }
    return (l1 * s1 + l2 * s2) / double(n);
}

template <class T>
void activity_penalty_backward(T* dy_out, const T* dy, const T* y, int n, long width, double l1,
                               double l2) {
    const T a = T(l1 / double(n)), b = T(2.0 * l2 / double(n));
    for (long k = 0; k < long(n) * width; ++k) {
        const T s = y[k] > T(0) ? T(1) : y[k] < T(0) ? T(-1) : T(0);
        dy_out[k] = dy[k] + a * s + b * y[k];
    }
}

} // namespace ae
