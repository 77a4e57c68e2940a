// image_atlas.cpp: see image_atlas.h. The CPU side (pixels, colour maps, ImGui items); natively
// (no WebGL2, platform.h) also the null upload. Not here: the GL upload
// (web/backend/image_atlas_gl.cpp).
#include "web/app/image_atlas.h"

#include "web/app/damage.h"

#include "web/backend/platform.h"

#include <algorithm>
#include <cmath>

void ImageAtlas::gray(float t, unsigned char rgb[3]) {
    const unsigned char v = (unsigned char)std::lround(std::clamp(t, 0.0f, 1.0f) * 255.0f);
    rgb[0] = rgb[1] = rgb[2] = v;
}

void ImageAtlas::diverging(float t, unsigned char rgb[3]) {
    static const float neg[3] = {0.129f, 0.400f, 0.674f}, mid[3] = {0.969f, 0.969f, 0.969f},
                       pos[3] = {0.698f, 0.094f, 0.169f};
    const float a = std::pow(std::clamp(std::fabs(t), 0.0f, 1.0f), 0.75f); // as heatmap_fs.glsl
    const float* end = t < 0 ? neg : pos;
    for (int c = 0; c < 3; ++c)
        rgb[c] = (unsigned char)std::lround((mid[c] + (end[c] - mid[c]) * a) * 255.0f);
}

void ImageAtlas::resize(int count, int height, int width) {
    count_ = std::max(count, 0);
    height_ = std::max(height, 1);
    width_ = std::max(width, 1);
    cols_ = std::max(1, int(std::ceil(std::sqrt(double(count_)))));
    rows_ = std::max(1, (count_ + cols_ - 1) / cols_);
    atlas_w_ = cols_ * (width_ + 1);
    atlas_h_ = rows_ * (height_ + 1);
    pixels_.assign(size_t(atlas_w_) * atlas_h_ * 4, 0);
}

void ImageAtlas::set(int tile, const float* values, Map map, float lo, float hi) {
    if (tile < 0 || tile >= count_) return;
    const int x0 = (tile % cols_) * (width_ + 1), y0 = (tile / cols_) * (height_ + 1);
    const float span = hi - lo > 1e-12f ? hi - lo : 1.0f;
    const float scale = hi > 1e-12f ? hi : 1.0f;
    for (int r = 0; r < height_; ++r)
        for (int c = 0; c < width_; ++c) {
            const float v = values[r * width_ + c];
            unsigned char* p = &pixels_[(size_t(y0 + r) * atlas_w_ + x0 + c) * 4];
            if (map == Map::gray)
                gray((v - lo) / span, p);
            else
                diverging(v / scale, p);
            p[3] = 255;
        }
}

ImVec2 ImageAtlas::uv0(int tile) const {
    return ImVec2(float((tile % cols_) * (width_ + 1)) / float(std::max(atlas_w_, 1)),
                  float((tile / cols_) * (height_ + 1)) / float(std::max(atlas_h_, 1)));
}

ImVec2 ImageAtlas::uv1(int tile) const {
    const ImVec2 a = uv0(tile);
    return ImVec2(a.x + float(width_) / float(std::max(atlas_w_, 1)),
                  a.y + float(height_) / float(std::max(atlas_h_, 1)));
}

void ImageAtlas::draw(ImDrawList* dl, int tile, ImVec2 p0, ImVec2 p1) const {
    if (texture_ && tile >= 0 && tile < count_)
        dl->AddImage((ImTextureID)(intptr_t)texture_, p0, p1, uv0(tile), uv1(tile));
    dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p1.x + 1, p1.y + 1), IM_COL32(70, 78, 96, 255));
}

bool ImageAtlas::item(const char* id, int tile, ImVec2 size) const {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id, size);
    draw(ImGui::GetWindowDrawList(), tile, p0, ImVec2(p0.x + size.x, p0.y + size.y));
    if (ImGui::IsItemHovered())
        ImGui::GetWindowDrawList()->AddRect(ImVec2(p0.x - 1, p0.y - 1),
                                            ImVec2(p0.x + size.x + 1, p0.y + size.y + 1),
                                            IM_COL32(255, 255, 255, 220), 0, 0, 1.5f);
    return pressed;
}

const unsigned char* ImageAtlas::pixel(int tile, int row, int col) const {
    const int x0 = (tile % cols_) * (width_ + 1), y0 = (tile / cols_) * (height_ + 1);
    return &pixels_[(size_t(y0 + row) * atlas_w_ + x0 + col) * 4];
}

#if !AEPLAY_WEBGL // no GL: the pixels are kept, nothing is uploaded (the GL one:
                  // web/backend/image_atlas_gl.cpp)

void ImageAtlas::upload() {
    texture_ = 3; // never rendered: ImGui::Image only records it
    uploaded_w_ = atlas_w_;
    uploaded_h_ = atlas_h_;
    damage::texture_changed(texture_);
}

#endif
