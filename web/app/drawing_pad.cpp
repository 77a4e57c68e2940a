// drawing_pad.cpp: see drawing_pad.h.
#include "web/app/drawing_pad.h"

#include <algorithm>
#include <cmath>

void DrawingPad::resize(int h, int w) {
    height = h;
    width = w;
    pixels.assign(size_t(h) * w, 0.0f);
}

void DrawingPad::clear() {
    std::fill(pixels.begin(), pixels.end(), 0.0f);
}

void DrawingPad::stroke(float ax, float ay, float bx, float by) {
    const float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const int r0 = std::max(0, int(std::floor(std::min(ay, by) - kOuter))),
              r1 = std::min(height - 1, int(std::ceil(std::max(ay, by) + kOuter))),
              c0 = std::max(0, int(std::floor(std::min(ax, bx) - kOuter))),
              c1 = std::min(width - 1, int(std::ceil(std::max(ax, bx) + kOuter)));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const float px = c + 0.5f, py = r + 0.5f; // the pixel's centre
            // Distance to the segment: to the nearest point a + t (b - a), t in [0, 1].
            const float t =
                len2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.0f, 1.0f) : 0.0f;
            const float ex = px - (ax + t * dx), ey = py - (ay + t * dy);
            const float d = std::sqrt(ex * ex + ey * ey);
            const float v = std::clamp((kOuter - d) / (kOuter - kInner), 0.0f, 1.0f);
            float& p = pixels[size_t(r) * width + c];
            p = std::max(p, v);
        }
}

float DrawingPad::ink() const {
    float s = 0.0f;
    for (float p : pixels)
        s += p;
    return s;
}
