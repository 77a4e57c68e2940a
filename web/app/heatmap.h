// heatmap.h: the first dense layer's kernel as a coloured image, drawn by a GLSL ES 3.00 shader.
// The weights (in, out) go to an R32F texture (width out, height in); shaders/heatmap_fs.glsl
// maps them through a diverging colour map into an RGBA8 texture (an FBO) of the requested
// size, which the page shows with ImGui::Image. Must be called outside ImGui's rendering (the
// App calls it while building the frame); it leaves its framebuffer, viewport and program bound
// (main.cpp and imgui_webgl.cpp set all the state they draw with).
// Native builds (AEPLAY_WEBGL 0, see platform.h) have no GL: update() computes the same numbers,
// draws nothing, and texture() returns a placeholder id that ImGui::Image only records, so the
// App lays out and runs exactly as on the page.
// Not here: choosing which weights to show, tooltips (app.cpp).
#pragma once

class WeightHeatmap {
  public:
    // w: row-major (rows, cols). Returns false (and keeps no state) if GL setup failed.
    bool update(const float* w, int rows, int cols, int target_w, int target_h);
    // Starts compiling the shader program without waiting for it (the first update() takes it):
    // the page's first frame calls this and shows the heatmap on the next.
    void prepare();
    unsigned texture() const { return color_tex_; } // for ImGui::Image; 0 until the first update
    float max_abs() const { return max_abs_; }
    const char* error() const { return error_; }

  private:
    bool init();
    // The GL part: uploads w (rows, cols) and renders the colour map into color_tex_ at
    // (target_w, target_h), scaled by 1 / max_abs_.
    void draw(const float* w, int rows, int cols, int target_w, int target_h);

    // GL object names and uniform locations (GLuint and GLint), kept out of this header so that
    // it needs no GL headers.
    unsigned pending_program_ = 0; // started by prepare(), not yet checked
    unsigned program_ = 0, vao_ = 0, weights_tex_ = 0, color_tex_ = 0, fbo_ = 0;
    int loc_weights_ = -1, loc_scale_ = -1, loc_cells_ = -1, loc_target_ = -1;
    int rows_ = 0, cols_ = 0, target_w_ = 0, target_h_ = 0;
    float max_abs_ = 0.0f;
    bool failed_ = false;
    const char* error_ = nullptr;
};
