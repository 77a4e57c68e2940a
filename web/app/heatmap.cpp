// heatmap.cpp: see heatmap.h. Shaders come from shaders/heatmap_{vs,fs}.glsl via shaders.h.
// The CPU side; natively (no WebGL2, platform.h) also the null GL part: nothing drawn.
// Not here: the GL calls (web/backend/heatmap_gl.cpp).
#include "web/app/heatmap.h"

#include "web/app/damage.h"

#include "web/backend/platform.h"

#include <cmath>
#include <cstdio>

bool WeightHeatmap::update(const float* w, int rows, int cols, int target_w, int target_h) {
    if (failed_) return false;
    if (!color_tex_ && !init()) {
        failed_ = true;
        return false;
    }
    if (rows <= 0 || cols <= 0 || target_w <= 0 || target_h <= 0) return false;
    float m = 0.0f;
    for (long i = 0; i < long(rows) * cols; ++i)
        m = std::fmax(m, std::fabs(w[i]));
    max_abs_ = m;
    draw(w, rows, cols, target_w, target_h);
    return true;
}

#if !AEPLAY_WEBGL // no GL: the same bookkeeping, nothing drawn (the GL one:
                  // web/backend/heatmap_gl.cpp)

namespace {
constexpr unsigned kPlaceholderTexture = 1; // never rendered: ImGui::Image only records it
}

void WeightHeatmap::prepare() {}

bool WeightHeatmap::init() {
    color_tex_ = kPlaceholderTexture;
    return true;
}

void WeightHeatmap::draw(const float*, int rows, int cols, int target_w, int target_h) {
    rows_ = rows;
    cols_ = cols;
    target_w_ = target_w;
    target_h_ = target_h;
    damage::texture_changed(color_tex_);
}

#endif
