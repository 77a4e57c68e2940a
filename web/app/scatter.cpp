// scatter.cpp: see scatter.h. Shaders come from shaders/points_{vs,fs}.glsl via shaders.h.
// The CPU side; natively (no WebGL2, platform.h) also the null GL part: nothing drawn.
// Not here: the GL calls (web/backend/scatter_gl.cpp).
#include "web/app/scatter.h"

#include "web/app/damage.h"

#include "web/app/plots.h"
#include "web/backend/platform.h"

#include <algorithm>
#include <cstdio>

void PointScatter::viridis(float t, float rgb[3]) {
    // The coefficients of points_fs.glsl's viridis(), per channel.
    static const float c[7][3] = {
        {0.2777273272234177f, 0.005407344544966578f, 0.3340998053353061f},
        {0.1050930431085774f, 1.404613529898575f, 1.384590162594685f},
        {-0.3308618287255563f, 0.214847559468213f, 0.09509516302823659f},
        {-4.634230498983486f, -5.799100973351585f, -19.33244095627987f},
        {6.228269936347081f, 14.17993336680509f, 56.69055260068105f},
        {4.776384997670288f, -13.74514537774601f, -65.35303263337234f},
        {-5.435455855934631f, 4.645852612178535f, 26.3124352495832f},
    };
    t = std::clamp(t, 0.0f, 1.0f);
    for (int ch = 0; ch < 3; ++ch) {
        float v = c[6][ch];
        for (int i = 5; i >= 0; --i)
            v = c[i][ch] + t * v;
        rgb[ch] = std::clamp(v, 0.0f, 1.0f);
    }
}

void PointScatter::set_categories(const float* rgb, int count) {
    categories_ = rgb ? std::clamp(count, 0, kMaxCategories) : 0;
    for (int i = 0; i < categories_ * 3; ++i)
        palette_[i] = rgb[i];
}

bool PointScatter::update(const ScatterPoint* points, int n, int target_w, int target_h,
                          float point_px) {
    if (failed_) return false;
    if (!color_tex_ && !init()) {
        failed_ = true;
        return false;
    }
    if (n < 0 || target_w <= 0 || target_h <= 0) return false;
    draw(points, n, target_w, target_h, point_px);
    n_ = n;
    return true;
}

#if !AEPLAY_WEBGL // no GL: the same bookkeeping, nothing drawn (the GL one:
                  // web/backend/scatter_gl.cpp)

namespace {
constexpr unsigned kPlaceholderTexture = 2; // never rendered: ImGui::Image only records it
}

bool PointScatter::init() {
    color_tex_ = kPlaceholderTexture;
    return true;
}

void PointScatter::draw(const ScatterPoint*, int n, int target_w, int target_h, float) {
    capacity_ = std::max(capacity_, n);
    target_w_ = target_w;
    target_h_ = target_h;
    damage::texture_changed(color_tex_);
}

#endif
