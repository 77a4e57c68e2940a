// damage.h: which parts of the canvas a frame changes, so that the page redraws only those.
//   - Why: on a machine without a GPU Chromium rasterizes WebGL on the CPU (SwiftShader), and a
//     frame costs its pixels. In headless Chromium here one full-canvas textured pass (1280 x 800)
//     costs as much as everything else in a frame: the page drew 25 frames/s while training, a
//     canvas that only clears 51, and the page with its draws scissored to one pixel 50.
//   - How: the canvas keeps its pixels between frames (preserveDrawingBuffer, main.cpp). The canvas
//     is cut into kTile x kTile tiles, and each tile gets a hash of everything drawn into it, in
//     order: the clear colour, the solid fills covering it, and each triangle whose bounding box
//     (inside its clip rect) reaches it, with its three vertices (position, uv, colour), its clip
//     rect, its texture and that texture's generation. A tile whose hash equals last frame's shows
//     the same pixels (up to a 64-bit collision); the others are redrawn, merged into rects.
//   - Textures whose pixels change while ImGui draws them (the heatmap, the scatter, the image
//     atlases; the font atlas) must call texture_changed(), or the tiles showing them go stale.
// Pure bookkeeping: no GL, so the native UI tests check it on the App's real draw lists.
// Not here: drawing the rects (imgui_webgl.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

struct ImDrawData;
struct ImDrawCmd;
struct ImDrawVert;
struct ImVec2;

namespace damage {

// Pixels, top-left origin, half-open: [x0, x1) x [y0, y1).
struct Rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// A solid rect drawn before ImGui's lists (the panels' opaque backgrounds), colour as 0xAABBGGRR.
struct Fill {
    Rect rect;
    uint32_t rgba = 0;
};

// The texture named `texture` (a GL name, as in ImTextureID) got new pixels.
void texture_changed(unsigned texture);
uint32_t texture_generation(unsigned texture);

class Tracker {
  public:
    static constexpr int kTile = 32;

    // Hashes this frame's tiles. Returns the rects to redraw: the tiles whose hash differs from
    // the last call's, merged (each row's runs, extended down over equal runs); empty when the
    // frame shows what the last one did; the whole canvas after a size change or invalidate().
    const std::vector<Rect>& update(const ImDrawData& data, int fb_w, int fb_h, uint32_t clear_rgba,
                                    const Fill* fills, int n_fills);
    // The next update() returns the whole canvas (after its pixels were lost or drawn otherwise).
    void invalidate() { all_ = true; }

    int tiles() const { return cols_ * rows_; }
    int tiles_damaged() const { return damaged_; } // by the last update()

  private:
    void add(const Rect& r, uint64_t h); // mixes h into the tiles r touches
    int w_ = 0, h_ = 0, cols_ = 0, rows_ = 0, damaged_ = 0;
    bool all_ = true;
    std::vector<uint64_t> hash_, prev_, vertex_hashes_;
    std::vector<uint8_t> dirty_;
    std::vector<Rect> rects_;
    std::vector<size_t> open_, next_; // rects ending on the row above / on this row
};

// The rect's tiles cover the pixels it draws; merged rects are disjoint (tests/ui/test_damage.cpp).
inline bool intersects(const Rect& a, const Rect& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
inline Rect intersection(const Rect& a, const Rect& b) {
    Rect r;
    r.x0 = a.x0 > b.x0 ? a.x0 : b.x0;
    r.y0 = a.y0 > b.y0 ? a.y0 : b.y0;
    r.x1 = a.x1 < b.x1 ? a.x1 : b.x1;
    r.y1 = a.y1 < b.y1 ? a.y1 : b.y1;
    return r;
}

// The pixels a triangle with these bounds can cover, clipped to `clip` (ImGui's clip rect, in
// pixels): a superset of what the rasterizer and the scissor let through. Empty (x0 >= x1) when
// nothing shows.
Rect covered(float min_x, float min_y, float max_x, float max_y, const Rect& clip);
// ImGui's clip rect (x0, y0, x1, y1 floats, minus the display origin) as the scissor the
// renderer sets: whole pixels, truncated as glScissor's integer arguments are.
Rect clip_rect(float x0, float y0, float x1, float y1);
// A command's clip rect on the canvas (its ClipRect minus the display origin), via clip_rect().
Rect cmd_clip(const ImDrawCmd& cmd, const ImVec2& origin);
// covered() for the triangle (a, b, c), positions minus the display origin.
Rect triangle_covered(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c,
                      const ImVec2& origin, const Rect& clip);

} // namespace damage
