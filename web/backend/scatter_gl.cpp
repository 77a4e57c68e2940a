// scatter_gl.cpp: the WebGL2 side of PointScatter (web/app/scatter.h): creating its GL objects and
// drawing or uploading into its texture. Compiled only where platform.h says there is WebGL2
// (AEPLAY_WEBGL); native builds use the null part in web/app/scatter.cpp. Not here: what is shown,
// the CPU numbers.
#include "web/app/scatter.h"

#include "web/app/damage.h"
#include "web/app/plots.h"
#include "web/backend/platform.h"

#if AEPLAY_WEBGL

#include "shaders.h"
#include "web/backend/gl_util.h"

#include <GLES3/gl3.h>
#include <imgui.h>

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

    gl_render_to(color_tex_, fbo_, target_w, target_h, &target_w_, &target_h_);
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

#endif
