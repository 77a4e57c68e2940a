// scatter.cpp: see scatter.h. Shaders come from shaders/points_{vs,fs}.glsl via shaders.h.
// The GL part is compiled where platform.h says there is WebGL2; elsewhere a null one.
#include "scatter.h"

#include "damage.h"

#include "platform.h"
#include "plots.h"

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
        for (int i = 5; i >= 0; --i) v = c[i][ch] + t * v;
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

#if AEPLAY_WEBGL

#include "gl_util.h"
#include "shaders.h"

#include <GLES3/gl3.h>

#include <type_traits>

static_assert(std::is_same<GLuint, unsigned>::value && std::is_same<GLint, int>::value,
              "scatter.h keeps GL names as unsigned and locations as int");

bool PointScatter::init() {
    program_ = gl_program(kShader_points_vs, kShader_points_fs, "points", &error_);
    if (!program_) return false;
    loc_point_px_ = glGetUniformLocation(program_, "u_point_px");
    loc_categories_ = glGetUniformLocation(program_, "u_categories");
    loc_palette_ = glGetUniformLocation(program_, "u_palette");
    GLint prev_vao = 0, prev_buffer = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev_buffer);
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, sizeof(ScatterPoint), nullptr);
    glBindVertexArray(GLuint(prev_vao));
    glBindBuffer(GL_ARRAY_BUFFER, GLuint(prev_buffer));
    glGenTextures(1, &color_tex_);
    glGenFramebuffers(1, &fbo_);
    return true;
}

void PointScatter::draw(const ScatterPoint* points, int n, int target_w, int target_h,
                        float point_px) {
    // No state is saved or restored: a glGet of the viewport or blend functions makes Chromium
    // wait for the GPU process, and main.cpp / imgui_webgl.cpp set all the state they draw with.
    glActiveTexture(GL_TEXTURE0);

    // Points: one upload per refresh; the buffer grows, never shrinks.
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    const GLsizeiptr bytes = GLsizeiptr(sizeof(ScatterPoint)) * n;
    if (n > capacity_) {
        glBufferData(GL_ARRAY_BUFFER, bytes, points, GL_DYNAMIC_DRAW);
        capacity_ = n;
    } else if (n > 0) {
        glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, points);
    }

    // Colour target.
    glBindTexture(GL_TEXTURE_2D, color_tex_);
    if (target_w != target_w_ || target_h != target_h_) {
        gl_color_target(color_tex_, fbo_, target_w, target_h);
        target_w_ = target_w;
        target_h_ = target_h;
    }

    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, target_w, target_h);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(kPlotBackground); // the charts' background
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE); // keep alpha 1
    glUseProgram(program_);
    glBindVertexArray(vao_);
    glUniform1f(loc_point_px_, point_px);
    glUniform1i(loc_categories_, categories_);
    if (categories_ > 0) glUniform3fv(loc_palette_, categories_, palette_);
    if (n > 0) glDrawArrays(GL_POINTS, 0, n);
    damage::texture_changed(color_tex_);
}

#else // no GL: the same bookkeeping, nothing drawn

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
