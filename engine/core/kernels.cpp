// kernels.cpp: the SIMD kernels of kernels.h. The three dense products are one register-blocked
// GEMM (Gemm below): tiles of kRows (6 or 4) output rows by 8 (or 4) output columns, accumulators
// in registers, vectorized across the output columns j, so each output still sums its products in
// the naive loop's order. A width of 8 k + 2 (the 10-wide bottleneck) ends in tiles of 8 + 2
// columns, the 2 of two rows sharing one vector; other last 1-3 columns are vectorized across four
// rows. Each column panel is one out-of-line call that sweeps the row tiles (a call per tile cost
// the 64 x 32 x 10 products a fifth of their time).
// No packing: the B operand (W, W^T or dz) is read along its rows, which are already contiguous,
// and a column panel of it (depth x 8 floats) stays in L1 while the row tiles sweep over it.
// Not here: threads, k-blocking (an 8-column panel of B stays in L1 up to a depth of about 1000).
#include "engine/core/kernels.h"

#include "engine/core/ops.h"
#include "engine/core/simd.h"

namespace ae::kernels {

using simd::F4;

namespace {

// Rows per register tile: kRows x 8 columns = 2 kRows accumulators, live with 2 vectors of B and
// one broadcast of A: 6 rows (15 vectors) where 16 registers exist, else 4 (11; WASM: with 6 rows
// V8 spills and the conv seed model trained about 1.4x slower).
constexpr int kRows = simd::kRegisters >= 15 ? 6 : 4;
// Rows of a tile of 8 + 2 columns (tile_pairs): 2.5 kRowsPairs accumulators, 3 vectors of B, a
// broadcast of A and a pair of them: 4 rows (15 vectors) natively, 2 (10) in WASM (with 4, V8
// spilled and the 10-wide products ran at 45% of the peak instead of 75%).
constexpr int kRowsPairs = simd::kRegisters >= 15 ? 4 : 2;

// C[r][j] = (accumulate ? C[r][j] : init ? init[j] : 0), then for p = 0 .. depth-1 in order:
// C[r][j] = C[r][j] + A(r, p) * B[p][j]. A(r, p) = a[r * a_row + p * a_col] (a row of x read
// along p, or a column of x read down p), row p of B at b + p * ldb, row r of C at c + r * ldc.
struct Gemm {
    float* c;
    long ldc;
    const float* a;
    long a_row, a_col;
    const float* b;
    long ldb;
    const float* init;
    bool accumulate;
    int depth;
};

// One tile: rows [row, row + MR) x columns [col, col + 4 NV), and with Half two more columns
// [col + 4 NV, col + 4 NV + 2) in one more vector whose lanes 2 and 3 compute zeros that are never
// stored (the last, odd row of an 8 + 2 column panel). Inlined into its panel's sweep.
template <int MR, int NV, bool Half = false>
inline __attribute__((always_inline)) void tile(const Gemm& g, int row, int col) {
    constexpr int NT = NV + Half; // vectors per row
    const auto load = [](const float* p, int v) {
        return Half && v == NV ? simd::load2(p + 4 * v) : simd::load(p + 4 * v);
    };
    F4 acc[MR][NT];
    for (int r = 0; r < MR; ++r) {
        const float* c = g.c + (row + r) * g.ldc + col;
        for (int v = 0; v < NT; ++v)
            acc[r][v] = g.accumulate ? load(c, v)
                        : g.init     ? load(g.init + col, v)
                                     : simd::set1(0.0f);
    }
    const float* a = g.a + row * g.a_row;
    const float* b = g.b + col;
    const long a_row = g.a_row, a_col = g.a_col, ldb = g.ldb;
    for (int p = 0; p < g.depth; ++p, a += a_col, b += ldb) {
        F4 bv[NT];
        for (int v = 0; v < NT; ++v)
            bv[v] = load(b, v);
        for (int r = 0; r < MR; ++r) {
            const F4 ar = simd::set1(a[r * a_row]);
            for (int v = 0; v < NT; ++v)
                acc[r][v] = simd::add(acc[r][v], simd::mul(ar, bv[v]));
        }
    }
    for (int r = 0; r < MR; ++r) {
        float* c = g.c + (row + r) * g.ldc + col;
        for (int v = 0; v < NV; ++v)
            simd::store(c + 4 * v, acc[r][v]);
        if (Half) simd::store2(c + 4 * NV, acc[r][NV]);
    }
}

// Columns [col, col + 4 NV + 2) of rows [row, row + MR), MR even: the first 4 NV as in tile, the
// last 2 of rows r and r + 1 in one vector, C[r][j], C[r][j + 1], C[r + 1][j], C[r + 1][j + 1],
// times B[p][j], B[p][j + 1] twice and A(r, p), A(r + 1, p) each twice: every lane computes an
// output (./scripts/bench_wasm, 64 x 32 x 10: forward 66-69% of the peak with a half-used vector
// a row, 76-79% so; params 57% and 72-78%).
template <int MR, int NV>
inline __attribute__((always_inline)) void tile_pairs(const Gemm& g, int row, int col) {
    constexpr int NP = MR / 2;
    const int cp = col + 4 * NV; // the paired columns
    F4 acc[MR][NV], accp[NP];
    for (int r = 0; r < MR; ++r) {
        const float* c = g.c + (row + r) * g.ldc + col;
        for (int v = 0; v < NV; ++v)
            acc[r][v] = g.accumulate ? simd::load(c + 4 * v)
                        : g.init     ? simd::load(g.init + col + 4 * v)
                                     : simd::set1(0.0f);
    }
    for (int q = 0; q < NP; ++q) {
        const float* c = g.c + (row + 2 * q) * g.ldc + cp;
        accp[q] = g.accumulate ? simd::join2(simd::load2(c), simd::load2(c + g.ldc))
                  : g.init     ? simd::load2_twice(g.init + cp)
                               : simd::set1(0.0f);
    }
    const float* a = g.a + row * g.a_row;
    const float* b = g.b + col;
    const long a_row = g.a_row, a_col = g.a_col, ldb = g.ldb;
    for (int p = 0; p < g.depth; ++p, a += a_col, b += ldb) {
        F4 bv[NV];
        for (int v = 0; v < NV; ++v)
            bv[v] = simd::load(b + 4 * v);
        const F4 bp = simd::load2_twice(b + 4 * NV);
        for (int q = 0; q < NP; ++q) {
            const F4 a0 = simd::set1(a[2 * q * a_row]), a1 = simd::set1(a[(2 * q + 1) * a_row]);
            for (int v = 0; v < NV; ++v)
                acc[2 * q][v] = simd::add(acc[2 * q][v], simd::mul(a0, bv[v]));
            for (int v = 0; v < NV; ++v)
                acc[2 * q + 1][v] = simd::add(acc[2 * q + 1][v], simd::mul(a1, bv[v]));
            accp[q] = simd::add(accp[q], simd::mul(simd::join2(a0, a1), bp));
        }
    }
    for (int r = 0; r < MR; ++r) {
        float* c = g.c + (row + r) * g.ldc + col;
        for (int v = 0; v < NV; ++v)
            simd::store(c + 4 * v, acc[r][v]);
    }
    for (int q = 0; q < NP; ++q) {
        float* c = g.c + (row + 2 * q) * g.ldc + cp;
        simd::store2(c, accp[q]);
        simd::store2_hi(c + g.ldc, accp[q]);
    }
}

// Rows [0, m) of one column panel of 4 NV + 2 columns: tiles of R (even) rows, then of 2, then the
// last, odd row with a half-used vector. Out of line, as panel.
template <int R, int NV> __attribute__((noinline)) void panel_pairs(const Gemm& g, int m, int col) {
    int row = 0;
    for (; row + R <= m; row += R)
        tile_pairs<R, NV>(g, row, col);
    for (; row + 2 <= m; row += 2)
        tile_pairs<2, NV>(g, row, col);
    if (row < m) tile<1, NV, true>(g, row, col);
}

// Rows [0, m) of one column panel: full tiles of R rows, then the 1 to R - 1 leftover rows. Out of
// line: V8 optimizes a function that is called often, not a long loop inside one call; and a call
// per panel rather than per tile.
template <int R, int NV> __attribute__((noinline)) void panel(const Gemm& g, int m, int col) {
    int row = 0;
    for (; row + R <= m; row += R)
        tile<R, NV>(g, row, col);
    switch (m - row) {
    case 5:
        tile<5, NV>(g, row, col);
        break;
    case 4:
        tile<4, NV>(g, row, col);
        break;
    case 3:
        tile<3, NV>(g, row, col);
        break;
    case 2:
        tile<2, NV>(g, row, col);
        break;
    case 1:
        tile<1, NV>(g, row, col);
        break;
    default:
        break;
    }
}

// The last NC = 1-3 columns of rows [row, row + 4): vectorized across the four rows instead (lane
// r holds C[row + r][j]), each output still summing over p in order; A's four values of a step
// are gathered, B's value broadcast.
template <int NC>
inline __attribute__((always_inline)) void tail_tile(const Gemm& g, int row, int col) {
    F4 acc[NC];
    float* c = g.c + row * g.ldc + col;
    for (int j = 0; j < NC; ++j)
        acc[j] = g.accumulate ? simd::load_strided(c + j, g.ldc)
                 : g.init     ? simd::set1(g.init[col + j])
                              : simd::set1(0.0f);
    const float* a = g.a + row * g.a_row;
    const float* b = g.b + col;
    const long a_row = g.a_row, a_col = g.a_col, ldb = g.ldb;
    for (int p = 0; p < g.depth; ++p, a += a_col, b += ldb) {
        const F4 av = simd::load_strided(a, a_row);
        for (int j = 0; j < NC; ++j)
            acc[j] = simd::add(acc[j], simd::mul(av, simd::set1(b[j])));
    }
    for (int j = 0; j < NC; ++j) {
        float lanes[4];
        simd::store(lanes, acc[j]);
        for (int r = 0; r < 4; ++r)
            c[r * g.ldc + j] = lanes[r];
    }
}

// Rows [row, m) of the last columns, one output at a time in the same order.
void scalar_outputs(const Gemm& g, int row, int m, int col, int cols) {
    for (int r = row; r < m; ++r) {
        float* c = g.c + r * g.ldc;
        for (int j = col; j < col + cols; ++j) {
            float s = g.accumulate ? c[j] : g.init ? g.init[j] : 0.0f;
            const float* a = g.a + r * g.a_row;
            for (int p = 0; p < g.depth; ++p)
                s += a[p * g.a_col] * g.b[p * g.ldb + j];
            c[j] = s;
        }
    }
}

// The last 1-3 columns: tiles of four rows, then the 1-3 leftover rows. Out of line, as panel.
template <int NC> __attribute__((noinline)) void tail_columns(const Gemm& g, int m, int col) {
    int row = 0;
    for (; row + 4 <= m; row += 4)
        tail_tile<NC>(g, row, col);
    scalar_outputs(g, row, m, col, NC);
}

// C (m, cols) as described at Gemm.
void gemm(const Gemm& g, int m, int cols) {
    int col = 0;
    if (cols >= 10 && cols % 8 == 2) { // the last 8 + 2 columns in one pass (10-wide layers)
        for (; col + 10 < cols; col += 8)
            panel<kRows, 2>(g, m, col);
        panel_pairs<kRowsPairs, 2>(g, m, col);
        return;
    }
    for (; col + 8 <= cols; col += 8)
        panel<kRows, 2>(g, m, col);
    if (col + 4 <= cols) {
        panel<kRows, 1>(g, m, col);
        col += 4;
    }
    switch (cols - col) {
    case 3:
        tail_columns<3>(g, m, col);
        break;
    case 2:
        tail_columns<2>(g, m, col);
        break;
    case 1:
        tail_columns<1>(g, m, col);
        break;
    default:
        break;
    }
}

} // namespace

void dense_forward(float* z, const float* x, const float* w, const float* b, int n, int in,
                   int out) {
    // z[i][j] = b[j] + x[i][0] w[0][j] + x[i][1] w[1][j] + ...: A = x by rows, B = W.
    gemm(Gemm{z, out, x, in, 1, w, out, b, false, in}, n, out);
}

void dense_backward_params(float* dw, float* db, const float* x, const float* dz, int n, int in,
                           int out) {
    // dW[k][j] += x[0][k] dz[0][j] + x[1][k] dz[1][j] + ...: A(k, i) = x[i][k], B = dz.
    gemm(Gemm{dw, out, x, 1, in, dz, out, nullptr, true, n}, in, out);
    // db[j] += 1 dz[0][j] + 1 dz[1][j] + ...: the same GEMM with A(0, i) = 1 (1 x is x, exactly),
    // so the sums run in the tiles' side-by-side vectors rather than one column after another (and
    // the last 2 of 10 in SIMD too): the 64 x 32 x 10 params product 73% -> 77% of the peak.
    static const float one = 1.0f;
    gemm(Gemm{db, out, &one, 0, 0, dz, out, nullptr, true, n}, 1, out);
}

void dense_backward_input(float* dx, const float* dz, const float* wt, int n, int in, int out) {
    // dx[i][k] = 0 + dz[i][0] wt[0][k] + dz[i][1] wt[1][k] + ...: A = dz by rows, B = W^T.
    gemm(Gemm{dx, in, dz, out, 1, wt, in, nullptr, false, out}, n, in);
}

void activation_forward(float* y, const float* z, long count, Activation a) {
    const F4 zero = simd::set1(0.0f), slope = simd::set1(float(kLeakyReluSlope));
    long i = 0;
    switch (a) {
    case Activation::relu:
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(z + i);
            simd::store(y + i, simd::select(simd::gt(v, zero), v, zero));
        }
        break;
    case Activation::leaky_relu:
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(z + i);
            simd::store(y + i, simd::select(simd::gt(v, zero), v, simd::mul(slope, v)));
        }
        break;
    case Activation::elu: // z > 0 ? z : alpha float(expm1(double(z)))
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(z + i);
            const F4 e =
                simd::narrow(fm::expm1_d2(simd::widen_lo(v)), fm::expm1_d2(simd::widen_hi(v)));
            simd::store(y + i, simd::select(simd::gt(v, zero), v,
                                            simd::mul(simd::set1(float(kEluAlpha)), e)));
        }
        break;
    case Activation::sigmoid: // fm::sigmoid_f, in float
        for (; i + 4 <= count; i += 4)
            simd::store(y + i, fm::sigmoid_f4(simd::load(z + i)));
        break;
    case Activation::tanh:
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(z + i);
            simd::store(y + i, simd::narrow(fm::tanh_d2(simd::widen_lo(v)),
                                            fm::tanh_d2(simd::widen_hi(v))));
        }
        break;
    case Activation::linear: // a copy
        break;
    }
    activation_forward_naive(y + i, z + i, count - i, a);
}

void activation_backward(float* dz, const float* dy, const float* z, const float* y, long count,
                         Activation a) {
    const F4 zero = simd::set1(0.0f), one = simd::set1(1.0f);
    const F4 slope = simd::set1(float(kLeakyReluSlope)), alpha = simd::set1(float(kEluAlpha));
    long i = 0;
    switch (a) {
    case Activation::linear:
        break;
    case Activation::relu:
        for (; i + 4 <= count; i += 4)
            simd::store(dz + i,
                        simd::select(simd::gt(simd::load(z + i), zero), simd::load(dy + i), zero));
        break;
    case Activation::leaky_relu:
        for (; i + 4 <= count; i += 4) {
            const F4 d = simd::load(dy + i);
            simd::store(dz + i,
                        simd::select(simd::gt(simd::load(z + i), zero), d, simd::mul(slope, d)));
        }
        break;
    case Activation::elu:
        for (; i + 4 <= count; i += 4) {
            const F4 d = simd::load(dy + i);
            const F4 neg = simd::mul(d, simd::add(simd::load(y + i), alpha));
            simd::store(dz + i, simd::select(simd::gt(simd::load(z + i), zero), d, neg));
        }
        break;
    case Activation::sigmoid:
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(y + i);
            simd::store(dz + i, simd::mul(simd::mul(simd::load(dy + i), v), simd::sub(one, v)));
        }
        break;
    case Activation::tanh:
        for (; i + 4 <= count; i += 4) {
            const F4 v = simd::load(y + i);
            simd::store(dz + i, simd::mul(simd::load(dy + i), simd::sub(one, simd::mul(v, v))));
        }
        break;
    }
    activation_backward_naive(dz + i, dy + i, z + i, y + i, count - i, a);
}

void adam_update(float* p, float* m, float* v, const float* g, long n, float alpha, float c1,
                 float c2, float eps) {
    const F4 va = simd::set1(alpha), v1 = simd::set1(c1), v2 = simd::set1(c2);
    const F4 ve = simd::set1(eps);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        const F4 gi = simd::load(g + i);
        const F4 mi = simd::add(simd::load(m + i), simd::mul(simd::sub(gi, simd::load(m + i)), v1));
        const F4 vi = simd::add(simd::load(v + i),
                                simd::mul(simd::sub(simd::mul(gi, gi), simd::load(v + i)), v2));
        const F4 step = simd::div(simd::mul(mi, va), simd::add(simd::sqrt(vi), ve));
        simd::store(m + i, mi);
        simd::store(v + i, vi);
        simd::store(p + i, simd::sub(simd::load(p + i), step));
    }
    adam_update_naive(p + i, m + i, v + i, g + i, n - i, alpha, c1, c2, eps);
}

void copy(float* dst, const float* src, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        const F4 a = simd::load(src + i), b = simd::load(src + i + 4);
        simd::store(dst + i, a);
        simd::store(dst + i + 4, b);
    }
    for (; i < n; ++i)
        dst[i] = src[i];
}

bool all_finite(const float* p, long n) {
    const F4 zero = simd::set1(0.0f);
    F4 a = zero, b = zero; // two independent sums: the loop is not one chain of dependent adds
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        a = simd::add(a, simd::mul(simd::load(p + i), zero));
        b = simd::add(b, simd::mul(simd::load(p + i + 4), zero));
    }
    float lanes[4];
    simd::store(lanes, simd::add(a, b));
    return all_finite_naive(lanes, 4) && all_finite_naive(p + i, n - i);
}

} // namespace ae::kernels
