// image_atlas.h: many small images (e.g. 28 x 28 digits) packed into one RGBA8 texture, shown with
// ImGui (draw() / uv0() uv1() for ImGui::Image). One texture per grid of images, not one per
// image: a traversal grid of 12 x 12 decoder outputs is one upload and one texture.
//   - set(tile, values, map, lo, hi): one image, row-major (height, width) floats, coloured on the
//     CPU: Map::gray maps [lo, hi] to black..white (clamped); Map::diverging maps [-hi, hi] to
//     blue..near-white..red (the weight heatmap's colours, ColorBrewer RdBu; colour-blind safe for
//     the common red-green deficiencies), for residuals (reconstruction - original).
//   - upload(): sends the pixels to GL after the tiles of this refresh are set. Tiles sit in a
//     grid with a 1-pixel gap, sampled with NEAREST filtering (pixels stay crisp when enlarged).
// Native builds (AEPLAY_WEBGL 0, see platform.h) have no GL: the pixels are computed the same
// (tests read them), upload() only records, texture() is a placeholder id ImGui::Image records.
// Not here: which images to show and their layout (the tab_*.cpp files).
#pragma once

#include <imgui.h>

#include <vector>

class ImageAtlas {
  public:
    enum class Map { gray, diverging };

    // Room for `count` tiles of (height, width) pixels, all transparent until set().
    void resize(int count, int height, int width);
    void set(int tile, const float* values, Map map, float lo, float hi);
    void upload(); // GL: (re)creates the texture when the atlas size changed

    unsigned texture() const { return texture_; } // 0 until the first upload
    int count() const { return count_; }
    int tile_height() const { return height_; }
    int tile_width() const { return width_; }
    ImVec2 uv0(int tile) const;
    ImVec2 uv1(int tile) const;
    // The tile stretched over [p0, p1] with a thin frame.
    void draw(ImDrawList* dl, int tile, ImVec2 p0, ImVec2 p1) const;
    // The tile as an ImGui item of `size` at the cursor (hover, click); returns true when clicked.
    bool item(const char* id, int tile, ImVec2 size) const;
    // RGBA of pixel (row, col) of a tile, for tests.
    const unsigned char* pixel(int tile, int row, int col) const;

    // The colour maps on the CPU (also used for colour bars): gray t in [0, 1], diverging t in
    // [-1, 1]; rgb in [0, 255].
    static void gray(float t, unsigned char rgb[3]);
    static void diverging(float t, unsigned char rgb[3]);

  private:
    int count_ = 0, height_ = 0, width_ = 0, cols_ = 1, rows_ = 1, atlas_w_ = 0, atlas_h_ = 0;
    std::vector<unsigned char> pixels_; // (atlas_h_, atlas_w_, 4)
    unsigned texture_ = 0;              // a GLuint
    int uploaded_w_ = 0, uploaded_h_ = 0;
};
