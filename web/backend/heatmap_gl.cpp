// heatmap_gl.cpp: the WebGL2 side of WeightHeatmap (web/app/heatmap.h): creating its GL objects and
// drawing or uploading into its texture. Compiled only where platform.h says there is WebGL2
// (AEPLAY_WEBGL); native builds use the null part in web/app/heatmap.cpp. Not here: what is shown,
// the CPU numbers.
#include "web/app/heatmap.h"

#include "web/app/damage.h"
#include "web/backend/platform.h"

#if AEPLAY_WEBGL

#include "shaders.h"
#include "web/backend/gl_util.h"

#include <GLES3/gl3.h>

#include <type_traits>

static_assert(std::is_same<GLuint, unsigned>::value && std::is_same<GLint, int>::value,
              "heatmap.h keeps GL names as unsigned and locations as int");

void WeightHeatmap::prepare() {
    if (!program_ && !pending_program_ && !failed_)
        pending_program_ = gl_program_start(kShader_heatmap_vs, kShader_heatmap_fs);
}

bool WeightHeatmap::init() {
    program_ = pending_program_
                   ? gl_program_finish(pending_program_, "heatmap", &error_)
                   : gl_program(kShader_heatmap_vs, kShader_heatmap_fs, "heatmap", &error_);
    pending_program_ = 0;
    if (!program_) return false;
    loc_weights_ = glGetUniformLocation(program_, "u_weights");
    loc_scale_ = glGetUniformLocation(program_, "u_scale");
    loc_cells_ = glGetUniformLocation(program_, "u_cells");
    loc_target_ = glGetUniformLocation(program_, "u_target");
    glGenVertexArrays(1, &vao_);
    glGenTextures(1, &weights_tex_);
    glGenTextures(1, &color_tex_);
    glGenFramebuffers(1, &fbo_);
    return true;
}

void WeightHeatmap::draw(const float* w, int rows, int cols, int target_w, int target_h) {
    // No state is saved or restored: a glGet of the viewport makes Chromium wait for the GPU
    // process, and main.cpp / imgui_webgl.cpp set all the state they draw with.
    glActiveTexture(GL_TEXTURE0);

    // Weights: one float per texel, sampled exactly (texelFetch), so NEAREST and no mipmaps.
    glBindTexture(GL_TEXTURE_2D, weights_tex_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (rows != rows_ || cols != cols_) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cols, rows, 0, GL_RED, GL_FLOAT, w);
        rows_ = rows;
        cols_ = cols;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, cols, rows, GL_RED, GL_FLOAT, w);
    }

    gl_render_to(color_tex_, fbo_, target_w, target_h, &target_w_, &target_h_);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glUseProgram(program_);
    glBindVertexArray(vao_);
    glBindTexture(GL_TEXTURE_2D, weights_tex_);
    glUniform1i(loc_weights_, 0);
    glUniform1f(loc_scale_, max_abs_ > 0.0f ? 1.0f / max_abs_ : 1.0f);
    glUniform2f(loc_cells_, float(cols), float(rows));
    glUniform2f(loc_target_, float(target_w), float(target_h));
    glDrawArrays(GL_TRIANGLES, 0, 3);
    damage::texture_changed(color_tex_);
}

#endif
