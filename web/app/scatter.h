// scatter.h: many points in a plane, each coloured by a value, drawn by a GLSL ES 3.00 shader.
// update() uploads the points once (one VBO of x, y, value, flag per point: x and y already
// normalised to [0, 1] over the plot, value to [0, 1] for the colour map) and renders them as
// GL_POINTS (shaders/points_{vs,fs}.glsl) into an RGBA8 texture (an FBO) of the requested size,
// which the page shows with ImGui::Image. Flagged points are drawn larger, outlined, and after
// the others (on top). The colour map is viridis (colour-blind safe, sequential); viridis() gives
// the same colours on the CPU for a colour bar. set_categories() switches to categorical colours:
// each point's value is then a class index into the given palette (at most kMaxCategories). Must be
// called outside ImGui's rendering; it leaves its framebuffer, viewport, program, VAO, buffer,
// texture and blending set (main.cpp and imgui_webgl.cpp set all they draw with). Native builds (AEPLAY_WEBGL 0, see platform.h) have no GL: update()
// keeps the counts, draws nothing, and texture() returns a placeholder id that ImGui::Image only
// records. Not here: choosing the points, axes, hover and clicks (app.cpp).
#pragma once

struct ScatterPoint {
    float x, y;  // in [0, 1] over the plot, y up
    float value; // in [0, 1]: position on the colour map; or a class index (set_categories)
    float flag;  // 1: drawn larger and outlined (e.g. above the anomaly threshold), else 0
};

class PointScatter {
  public:
    // point_px: diameter of an ordinary point in target pixels. Returns false (and draws
    // nothing) if GL setup failed.
    bool update(const ScatterPoint* points, int n, int target_w, int target_h, float point_px);
    // Categorical colours for the next update(): rgb (count, 3) in [0, 1]; count 0 (or null):
    // back to the colour map.
    static constexpr int kMaxCategories = 10;
    void set_categories(const float* rgb, int count);
    int categories() const { return categories_; }
    unsigned texture() const { return color_tex_; } // for ImGui::Image; 0 until the first update
    int points() const { return n_; }
    int target_w() const { return target_w_; }
    int target_h() const { return target_h_; }
    const char* error() const { return error_; }

    // The shader's colour map on the CPU: t in [0, 1] -> rgb in [0, 1].
    static void viridis(float t, float rgb[3]);

  private:
    bool init();
    void draw(const ScatterPoint* points, int n, int target_w, int target_h, float point_px);

    // GL object names and uniform locations (GLuint and GLint), kept out of this header so that
    // it needs no GL headers.
    unsigned program_ = 0, vao_ = 0, vbo_ = 0, color_tex_ = 0, fbo_ = 0;
    int loc_point_px_ = -1, loc_categories_ = -1, loc_palette_ = -1;
    int categories_ = 0;
    float palette_[kMaxCategories * 3] = {};
    int n_ = 0, capacity_ = 0, target_w_ = 0, target_h_ = 0;
    bool failed_ = false;
    const char* error_ = nullptr;
};
