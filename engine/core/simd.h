// simd.h: four float lanes, one small vocabulary for every build. The one place that picks the
// instruction set: wasm_simd128.h under __wasm_simd128__ (emscripten -msimd128), SSE2 natively on
// x86-64 (always present there), else plain scalar code over four floats.
// Every operation rounds exactly as the scalar float operation on each lane (IEEE add, sub, mul,
// div and sqrt are correctly rounded in all three), and there is no fused multiply-add: mul then
// add, so a kernel written with these gives the same bits as its scalar loop in every build.
// Comparisons are ordered (false when a lane is NaN), as the scalar `z > 0` they replace.
// D2 is two double lanes under the same rules, for fmath.h's two-lane exp, expm1 and tanh
// (evaluated in double as the scalar ones are): widen floats, compute, narrow back to float.
// Not here: horizontal sums (they would reorder a reduction), FMA, min/max (their NaN and -0
// rules differ between SSE and WASM; use gt + select).
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ae::simd {

#if defined(__wasm_simd128__)

struct F4 {
    v128_t v;
};
// F4 values a loop can keep live in registers: V8 spills beyond about 12 (measured: a 14-value
// loop runs 2x slower).
constexpr int kRegisters = 12;
// Loads and stores need no alignment.
inline F4 load(const float* p) {
    return {wasm_v128_load(p)};
}
// p[0], p[stride], p[2 stride], p[3 stride]
inline F4 load_strided(const float* p, long stride) {
    return {wasm_f32x4_make(p[0], p[stride], p[2 * stride], p[3 * stride])};
}
inline void store(float* p, F4 a) {
    wasm_v128_store(p, a.v);
}
// p[0], p[1] into lanes 0, 1; lanes 2, 3 zero. store2 writes lanes 0, 1 only.
inline F4 load2(const float* p) {
    return {wasm_v128_load64_zero(p)};
}
inline void store2(float* p, F4 a) {
    wasm_v128_store64_lane(p, a.v, 0);
}
// Lanes 2, 3 to p[0], p[1].
inline void store2_hi(float* p, F4 a) {
    wasm_v128_store64_lane(p, a.v, 1);
}
// p[0], p[1], p[0], p[1].
inline F4 load2_twice(const float* p) {
    return {wasm_v128_load64_splat(p)};
}
// a's lanes 0, 1 then b's lanes 0, 1.
inline F4 join2(F4 a, F4 b) {
    return {wasm_i32x4_shuffle(a.v, b.v, 0, 1, 4, 5)};
}
inline F4 set1(float x) {
    return {wasm_f32x4_splat(x)};
}
inline F4 add(F4 a, F4 b) {
    return {wasm_f32x4_add(a.v, b.v)};
}
inline F4 sub(F4 a, F4 b) {
    return {wasm_f32x4_sub(a.v, b.v)};
}
inline F4 mul(F4 a, F4 b) {
    return {wasm_f32x4_mul(a.v, b.v)};
}
inline F4 div(F4 a, F4 b) {
    return {wasm_f32x4_div(a.v, b.v)};
}
inline F4 sqrt(F4 a) {
    return {wasm_f32x4_sqrt(a.v)};
}
// Lane mask: all ones where a > b.
inline F4 gt(F4 a, F4 b) {
    return {wasm_f32x4_gt(a.v, b.v)};
}
inline F4 ge(F4 a, F4 b) {
    return {wasm_f32x4_ge(a.v, b.v)};
}
// All ones where a is NaN.
inline F4 is_nan(F4 a) {
    return {wasm_f32x4_ne(a.v, a.v)};
}
// -a: the sign flipped.
inline F4 neg(F4 a) {
    return {wasm_f32x4_neg(a.v)};
}
// 2^n for whole n in [-126, 127]: n + (2^23 + 127) is exact and holds n + 127 in its low mantissa
// bits; shifting left by 23 moves them into the exponent field (as fmath.h's pow2f).
inline F4 pow2(F4 n) {
    return {wasm_i32x4_shl(wasm_f32x4_add(n.v, wasm_f32x4_splat(8388735.0f)), 23)};
}
// mask ? a : b per lane (mask from gt).
inline F4 select(F4 mask, F4 a, F4 b) {
    return {wasm_v128_bitselect(a.v, b.v, mask.v)};
}

// Two double lanes.
struct D2 {
    v128_t v;
};
// Lanes 0-1 (widen_lo) or 2-3 (widen_hi) of a as doubles (exact).
inline D2 widen_lo(F4 a) {
    return {wasm_f64x2_promote_low_f32x4(a.v)};
}
inline D2 widen_hi(F4 a) {
    return {wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a.v, a.v, 2, 3, 2, 3))};
}
// lo's two lanes then hi's, each rounded to the nearest float (as float(double)).
inline F4 narrow(D2 lo, D2 hi) {
    return {wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo.v),
                               wasm_f32x4_demote_f64x2_zero(hi.v), 0, 1, 4, 5)};
}
inline D2 set1d(double x) {
    return {wasm_f64x2_splat(x)};
}
inline D2 add(D2 a, D2 b) {
    return {wasm_f64x2_add(a.v, b.v)};
}
inline D2 sub(D2 a, D2 b) {
    return {wasm_f64x2_sub(a.v, b.v)};
}
inline D2 mul(D2 a, D2 b) {
    return {wasm_f64x2_mul(a.v, b.v)};
}
inline D2 div(D2 a, D2 b) {
    return {wasm_f64x2_div(a.v, b.v)};
}
// -a: the sign flipped, as the scalar unary minus (not 0 - a, which maps +0 to +0).
inline D2 neg(D2 a) {
    return {wasm_f64x2_neg(a.v)};
}
inline D2 gt(D2 a, D2 b) {
    return {wasm_f64x2_gt(a.v, b.v)};
}
inline D2 lt(D2 a, D2 b) {
    return {wasm_f64x2_lt(a.v, b.v)};
}
inline D2 ge(D2 a, D2 b) {
    return {wasm_f64x2_ge(a.v, b.v)};
}
// All ones where a is NaN.
inline D2 is_nan(D2 a) {
    return {wasm_f64x2_ne(a.v, a.v)};
}
inline D2 select(D2 mask, D2 a, D2 b) {
    return {wasm_v128_bitselect(a.v, b.v, mask.v)};
}
// Rounded toward zero, as the scalar int(a), for |a| < 2^31.
inline D2 trunc(D2 a) {
    return {wasm_f64x2_trunc(a.v)};
}
// 2^n for whole n in [-1022, 1023]: n + 1023 in the exponent field. n + (2^52 + 1023) is exact and
// holds n + 1023 in its low mantissa bits; shifting left by 52 moves them into the exponent.
inline D2 pow2(D2 n) {
    return {wasm_i64x2_shl(wasm_f64x2_add(n.v, wasm_f64x2_splat(4503599627371519.0)), 52)};
}

#elif defined(__SSE2__)

struct F4 {
    __m128 v;
};
constexpr int kRegisters = 16; // xmm0-15 on x86-64
inline F4 load(const float* p) {
    return {_mm_loadu_ps(p)};
}
inline F4 load_strided(const float* p, long stride) {
    return {_mm_set_ps(p[3 * stride], p[2 * stride], p[stride], p[0])};
}
inline void store(float* p, F4 a) {
    _mm_storeu_ps(p, a.v);
}
inline F4 load2(const float* p) {
    return {_mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(p))};
}
inline void store2(float* p, F4 a) {
    _mm_storel_pi(reinterpret_cast<__m64*>(p), a.v);
}
inline void store2_hi(float* p, F4 a) {
    _mm_storeh_pi(reinterpret_cast<__m64*>(p), a.v);
}
inline F4 load2_twice(const float* p) { // not _mm_load1_pd: p is 4-byte aligned, not 8
    const __m128 lo = _mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(p));
    return {_mm_movelh_ps(lo, lo)};
}
inline F4 join2(F4 a, F4 b) {
    return {_mm_movelh_ps(a.v, b.v)};
}
inline F4 set1(float x) {
    return {_mm_set1_ps(x)};
}
inline F4 add(F4 a, F4 b) {
    return {_mm_add_ps(a.v, b.v)};
}
inline F4 sub(F4 a, F4 b) {
    return {_mm_sub_ps(a.v, b.v)};
}
inline F4 mul(F4 a, F4 b) {
    return {_mm_mul_ps(a.v, b.v)};
}
inline F4 div(F4 a, F4 b) {
    return {_mm_div_ps(a.v, b.v)};
}
inline F4 sqrt(F4 a) {
    return {_mm_sqrt_ps(a.v)};
}
inline F4 gt(F4 a, F4 b) {
    return {_mm_cmpgt_ps(a.v, b.v)};
}
inline F4 ge(F4 a, F4 b) {
    return {_mm_cmpge_ps(a.v, b.v)};
}
inline F4 is_nan(F4 a) {
    return {_mm_cmpunord_ps(a.v, a.v)};
}
inline F4 neg(F4 a) {
    return {_mm_xor_ps(a.v, _mm_set1_ps(-0.0f))};
}
inline F4 pow2(F4 n) {
    const __m128 biased = _mm_add_ps(n.v, _mm_set1_ps(8388735.0f));
    return {_mm_castsi128_ps(_mm_slli_epi32(_mm_castps_si128(biased), 23))};
}
inline F4 select(F4 mask, F4 a, F4 b) {
    return {_mm_or_ps(_mm_and_ps(mask.v, a.v), _mm_andnot_ps(mask.v, b.v))};
}

struct D2 {
    __m128d v;
};
inline D2 widen_lo(F4 a) {
    return {_mm_cvtps_pd(a.v)};
}
inline D2 widen_hi(F4 a) {
    return {_mm_cvtps_pd(_mm_movehl_ps(a.v, a.v))};
}
inline F4 narrow(D2 lo, D2 hi) {
    return {_mm_movelh_ps(_mm_cvtpd_ps(lo.v), _mm_cvtpd_ps(hi.v))};
}
inline D2 set1d(double x) {
    return {_mm_set1_pd(x)};
}
inline D2 add(D2 a, D2 b) {
    return {_mm_add_pd(a.v, b.v)};
}
inline D2 sub(D2 a, D2 b) {
    return {_mm_sub_pd(a.v, b.v)};
}
inline D2 mul(D2 a, D2 b) {
    return {_mm_mul_pd(a.v, b.v)};
}
inline D2 div(D2 a, D2 b) {
    return {_mm_div_pd(a.v, b.v)};
}
inline D2 neg(D2 a) {
    return {_mm_xor_pd(a.v, _mm_set1_pd(-0.0))};
}
inline D2 gt(D2 a, D2 b) {
    return {_mm_cmpgt_pd(a.v, b.v)};
}
inline D2 lt(D2 a, D2 b) {
    return {_mm_cmplt_pd(a.v, b.v)};
}
inline D2 ge(D2 a, D2 b) {
    return {_mm_cmpge_pd(a.v, b.v)};
}
inline D2 is_nan(D2 a) {
    return {_mm_cmpunord_pd(a.v, a.v)};
}
inline D2 select(D2 mask, D2 a, D2 b) {
    return {_mm_or_pd(_mm_and_pd(mask.v, a.v), _mm_andnot_pd(mask.v, b.v))};
}
inline D2 trunc(D2 a) {
    return {_mm_cvtepi32_pd(_mm_cvttpd_epi32(a.v))};
}
inline D2 pow2(D2 n) {
    const __m128d biased = _mm_add_pd(n.v, _mm_set1_pd(4503599627371519.0));
    return {_mm_castsi128_pd(_mm_slli_epi64(_mm_castpd_si128(biased), 52))};
}

#else

// Scalar fallback: the same operations lane by lane (a mask lane is 1 or 0).
struct F4 {
    float v[4];
};
constexpr int kRegisters = 16; // as SSE2, so the scalar build runs the same tiles
inline F4 load(const float* p) {
    return {{p[0], p[1], p[2], p[3]}};
}
inline F4 load_strided(const float* p, long stride) {
    return {{p[0], p[stride], p[2 * stride], p[3 * stride]}};
}
inline void store(float* p, F4 a) {
    for (int l = 0; l < 4; ++l)
        p[l] = a.v[l];
}
inline F4 load2(const float* p) {
    return {{p[0], p[1], 0.0f, 0.0f}};
}
inline void store2(float* p, F4 a) {
    p[0] = a.v[0], p[1] = a.v[1];
}
inline void store2_hi(float* p, F4 a) {
    p[0] = a.v[2], p[1] = a.v[3];
}
inline F4 load2_twice(const float* p) {
    return {{p[0], p[1], p[0], p[1]}};
}
inline F4 join2(F4 a, F4 b) {
    return {{a.v[0], a.v[1], b.v[0], b.v[1]}};
}
inline F4 set1(float x) {
    return {{x, x, x, x}};
}
#define AE_SIMD_LANEWISE(name, expr)                                                               \
    inline F4 name(F4 a, F4 b) {                                                                   \
        F4 r;                                                                                      \
        for (int l = 0; l < 4; ++l)                                                                \
            r.v[l] = (expr);                                                                       \
        return r;                                                                                  \
    }
AE_SIMD_LANEWISE(add, a.v[l] + b.v[l])
AE_SIMD_LANEWISE(sub, a.v[l] - b.v[l])
AE_SIMD_LANEWISE(mul, a.v[l] * b.v[l])
AE_SIMD_LANEWISE(div, a.v[l] / b.v[l])
AE_SIMD_LANEWISE(gt, a.v[l] > b.v[l] ? 1.0f : 0.0f)
AE_SIMD_LANEWISE(ge, a.v[l] >= b.v[l] ? 1.0f : 0.0f)
#undef AE_SIMD_LANEWISE
inline F4 is_nan(F4 a) {
    F4 r;
    for (int l = 0; l < 4; ++l)
        r.v[l] = a.v[l] != a.v[l] ? 1.0f : 0.0f;
    return r;
}
inline F4 neg(F4 a) {
    return {{-a.v[0], -a.v[1], -a.v[2], -a.v[3]}};
}
inline F4 pow2(F4 n) {
    F4 r;
    for (int l = 0; l < 4; ++l) {
        const float biased = n.v[l] + 8388735.0f;
        unsigned bits;
        __builtin_memcpy(&bits, &biased, sizeof bits);
        bits <<= 23;
        __builtin_memcpy(&r.v[l], &bits, sizeof bits);
    }
    return r;
}
inline F4 sqrt(F4 a) {
    F4 r;
    for (int l = 0; l < 4; ++l)
        r.v[l] = __builtin_sqrtf(a.v[l]);
    return r;
}
inline F4 select(F4 mask, F4 a, F4 b) {
    F4 r;
    for (int l = 0; l < 4; ++l)
        r.v[l] = mask.v[l] != 0.0f ? a.v[l] : b.v[l];
    return r;
}

struct D2 {
    double v[2];
};
inline D2 widen_lo(F4 a) {
    return {{double(a.v[0]), double(a.v[1])}};
}
inline D2 widen_hi(F4 a) {
    return {{double(a.v[2]), double(a.v[3])}};
}
inline F4 narrow(D2 lo, D2 hi) {
    return {{float(lo.v[0]), float(lo.v[1]), float(hi.v[0]), float(hi.v[1])}};
}
inline D2 set1d(double x) {
    return {{x, x}};
}
#define AE_SIMD_LANEWISE_D2(name, expr)                                                            \
    inline D2 name(D2 a, D2 b) {                                                                   \
        D2 r;                                                                                      \
        for (int l = 0; l < 2; ++l)                                                                \
            r.v[l] = (expr);                                                                       \
        return r;                                                                                  \
    }
AE_SIMD_LANEWISE_D2(add, a.v[l] + b.v[l])
AE_SIMD_LANEWISE_D2(sub, a.v[l] - b.v[l])
AE_SIMD_LANEWISE_D2(mul, a.v[l] * b.v[l])
AE_SIMD_LANEWISE_D2(div, a.v[l] / b.v[l])
AE_SIMD_LANEWISE_D2(gt, a.v[l] > b.v[l] ? 1.0 : 0.0)
AE_SIMD_LANEWISE_D2(lt, a.v[l] < b.v[l] ? 1.0 : 0.0)
AE_SIMD_LANEWISE_D2(ge, a.v[l] >= b.v[l] ? 1.0 : 0.0)
#undef AE_SIMD_LANEWISE_D2
inline D2 neg(D2 a) {
    return {{-a.v[0], -a.v[1]}};
}
inline D2 is_nan(D2 a) {
    return {{a.v[0] != a.v[0] ? 1.0 : 0.0, a.v[1] != a.v[1] ? 1.0 : 0.0}};
}
inline D2 select(D2 mask, D2 a, D2 b) {
    return {{mask.v[0] != 0.0 ? a.v[0] : b.v[0], mask.v[1] != 0.0 ? a.v[1] : b.v[1]}};
}
// Outside (-2^31, 2^31), and for NaN, 0 (int() of those would be undefined).
inline D2 trunc(D2 a) {
    D2 r;
    for (int l = 0; l < 2; ++l)
        r.v[l] = a.v[l] > -2147483648.0 && a.v[l] < 2147483648.0 ? double(int(a.v[l])) : 0.0;
    return r;
}
inline D2 pow2(D2 n) {
    D2 r;
    for (int l = 0; l < 2; ++l) {
        const unsigned long long bits = (unsigned long long)(int(n.v[l]) + 1023) << 52;
        __builtin_memcpy(&r.v[l], &bits, sizeof bits);
    }
    return r;
}

#endif

} // namespace ae::simd
