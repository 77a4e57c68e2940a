// simd.h: four float lanes, one small vocabulary for every build. The one place that picks the
// instruction set: wasm_simd128.h under __wasm_simd128__ (emscripten -msimd128), SSE2 natively on
// x86-64 (always present there), else plain scalar code over four floats.
// Every operation rounds exactly as the scalar float operation on each lane (IEEE add, sub, mul,
// div and sqrt are correctly rounded in all three), and there is no fused multiply-add: mul then
// add, so a kernel written with these gives the same bits as its scalar loop in every build.
// Comparisons are ordered (false when a lane is NaN), as the scalar `z > 0` they replace.
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
// mask ? a : b per lane (mask from gt).
inline F4 select(F4 mask, F4 a, F4 b) {
    return {wasm_v128_bitselect(a.v, b.v, mask.v)};
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
inline F4 select(F4 mask, F4 a, F4 b) {
    return {_mm_or_ps(_mm_and_ps(mask.v, a.v), _mm_andnot_ps(mask.v, b.v))};
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
#undef AE_SIMD_LANEWISE
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

#endif

} // namespace ae::simd
