// imgui_stb.cpp: the page's stb_truetype and stb_rect_pack (the font rasterizer and the atlas
// packer Dear ImGui builds its font atlas with), compiled here instead of inside imgui_draw.cpp
// (CMake defines IMGUI_DISABLE_STB_TRUETYPE_IMPLEMENTATION and
// IMGUI_DISABLE_STB_RECT_PACK_IMPLEMENTATION for the page's ImGui).
// Why: inside imgui_draw.cpp every stb function is static, and the compiler merges each one that
// has a single caller into ImFontAtlasBuildWithStbTruetype: a 22 KB wasm function whose pixel
// loops make V8 re-compile it with its optimizing compiler on the first frame (1-1.5 s of a
// background thread on a 2-core machine, for code that never runs again). Out here the loops
// stay in their own small functions. Same sources, same settings as ImGui's, same pixels.
// Only the page links this file; the headless UI tests (tests/ui) keep ImGui's built-in copy.
#include "imgui.h"
#include "imgui_internal.h"

#define STBRP_ASSERT(x)                                                                            \
    do {                                                                                           \
        IM_ASSERT(x);                                                                              \
    } while (0)
#define STBRP_SORT ImQsort
#define STB_RECT_PACK_IMPLEMENTATION
#include "imstb_rectpack.h"

#define STBTT_malloc(x, u) ((void)(u), IM_ALLOC(x))
#define STBTT_free(x, u) ((void)(u), IM_FREE(x))
#define STBTT_assert(x)                                                                            \
    do {                                                                                           \
        IM_ASSERT(x);                                                                              \
    } while (0)
#define STBTT_fmod(x, y) ImFmod(x, y)
#define STBTT_sqrt(x) ImSqrt(x)
#define STBTT_pow(x, y) ImPow(x, y)
#define STBTT_fabs(x) ImFabs(x)
#define STBTT_ifloor(x) ((int)ImFloorSigned(x))
#define STBTT_iceil(x) ((int)ImCeil(x))
#define STB_TRUETYPE_IMPLEMENTATION
#include "imstb_truetype.h"
