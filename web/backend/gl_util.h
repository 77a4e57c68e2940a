// gl_util.h: the WebGL2 steps the page's offscreen views share (heatmap_gl.cpp, scatter_gl.cpp):
// compiling a shader program and rendering into an RGBA8 colour texture attached to an FBO.
// Only where platform.h says there is WebGL2 (AEPLAY_WEBGL); native builds never include it.
// Not here: drawing. The views leave the state they set (nothing is read back: a glGet waits for
// Chromium's GPU process); main.cpp and imgui_webgl.cpp set all the state they draw with.
#pragma once

// Compiles and links a program from GLSL ES 3.00 sources; 0 on failure (the shader and program
// logs go to stderr, `*error` names what failed for the page).
unsigned gl_program(const char* vs_source, const char* fs_source, const char* what,
                    const char** error);
// The same in two steps, so that the GPU process compiles while the page does other work:
// start returns at once (it asks GL nothing); finish waits for the link and checks it (the
// program, or 0 as above).
unsigned gl_program_start(const char* vs_source, const char* fs_source);
unsigned gl_program_finish(unsigned program, const char* what, const char** error);

// Sizes `texture` to (w, h) RGBA8 with linear filtering, clamped, and attaches it to `fbo` (left
// bound to GL_FRAMEBUFFER). The texture is left bound to GL_TEXTURE_2D.
void gl_color_target(unsigned texture, unsigned fbo, int w, int h);
// The offscreen render target the heatmap and the scatter draw into (their `texture` + `fbo`,
// shown with ImGui::Image): (re)sized to (w, h) when that differs from (*cur_w, *cur_h), then
// its framebuffer bound and the viewport set to it. Leaves the texture bound to GL_TEXTURE_2D.
void gl_render_to(unsigned texture, unsigned fbo, int w, int h, int* cur_w, int* cur_h);
