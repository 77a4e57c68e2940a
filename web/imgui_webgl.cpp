// imgui_webgl.cpp: see imgui_webgl.h. Shaders come from shaders/imgui_{vs,fs}.glsl via shaders.h.
// Compiled only where platform.h says there is WebGL2; the native builds compile an empty file.
#include "imgui_webgl.h"

#include "platform.h"

#if AEPLAY_WEBGL

#include "gl_util.h"
#include "shaders.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace imgui_webgl {
namespace {
GLuint g_program = 0, g_vao = 0, g_vbo = 0, g_ebo = 0, g_font_tex = 0;
GLint g_loc_scale = -1, g_loc_texture = -1, g_loc_white = -1, g_loc_font_bound = -1;
GLsizeiptr g_vbo_bytes = 0, g_ebo_bytes = 0; // capacity of the two buffers

// Makes `buffer` (bound to `target`) hold at least `bytes`: it only grows, by powers of two, so
// that after the first frames no frame allocates (glBufferData on every frame makes ANGLE create
// new storage, which SwiftShader zero-fills: about 10 ms of the GPU process per frame).
void reserve(GLenum target, GLsizeiptr bytes, GLsizeiptr* capacity) {
    if (bytes <= *capacity) return;
    GLsizeiptr c = 64 * 1024;
    while (c < bytes)
        c *= 2;
    glBufferData(target, c, nullptr, GL_DYNAMIC_DRAW);
    *capacity = c;
}

// The three attributes of ImDrawVert (pos, uv, col), starting `first` bytes into the vertex buffer.
void set_vertex_layout(size_t first) {
    const GLsizei stride = sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          (void*)(first + offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          (void*)(first + offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          (void*)(first + offsetof(ImDrawVert, col)));
}
} // namespace

bool init() {
    const char* error = nullptr;
    g_program = gl_program(kShader_imgui_vs, kShader_imgui_fs, "imgui", &error);
    if (!g_program) return false;
    g_loc_scale = glGetUniformLocation(g_program, "u_scale");
    g_loc_texture = glGetUniformLocation(g_program, "u_texture");
    g_loc_white = glGetUniformLocation(g_program, "u_white_uv");
    g_loc_font_bound = glGetUniformLocation(g_program, "u_font_bound");
    glGenVertexArrays(1, &g_vao);
    glGenBuffers(1, &g_vbo);
    glGenBuffers(1, &g_ebo);
    // The VAO keeps the element buffer and the three attributes of ImDrawVert (pos, uv, col).
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_ebo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    set_vertex_layout(0);
    glBindVertexArray(0);
    ImGui::GetIO().BackendRendererName = "aeplay_webgl";
    return true;
}

void upload_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    if (!g_font_tex) glGenTextures(1, &g_font_tex);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, g_font_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)g_font_tex);
}

void render(const ImDrawData* data, int fb_w, int fb_h) {
    if (!g_program || fb_w <= 0 || fb_h <= 0) return;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fb_w, fb_h);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(g_program);
    glUniform2f(g_loc_scale, 2.0f / fb_w, -2.0f / fb_h);
    glUniform1i(g_loc_texture, 0);
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    glUniform2f(g_loc_white, white.x, white.y);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
    // All lists go into the two buffers one after another: no buffer is reallocated in a frame.
    reserve(GL_ARRAY_BUFFER, GLsizeiptr(data->TotalVtxCount) * sizeof(ImDrawVert), &g_vbo_bytes);
    reserve(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(data->TotalIdxCount) * sizeof(ImDrawIdx),
            &g_ebo_bytes);
    // ImGui positions are in the display's coordinates; the page runs ImGui in device pixels
    // (main.cpp: FramebufferScale 1), so only DisplayPos is subtracted.
    const ImVec2 origin = data->DisplayPos;
    const GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    size_t vtx_at = 0, idx_at = 0; // bytes
    GLuint bound = 0;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        const size_t vtx_bytes = size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert);
        const size_t idx_bytes = size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx);
        glBufferSubData(GL_ARRAY_BUFFER, GLintptr(vtx_at), GLsizeiptr(vtx_bytes),
                        list->VtxBuffer.Data);
        glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, GLintptr(idx_at), GLsizeiptr(idx_bytes),
                        list->IdxBuffer.Data);
        set_vertex_layout(vtx_at); // the list's indices count from its first vertex
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) { // the page adds none; honour ImGui's own
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState)
                    cmd.UserCallback(list, &cmd);
                continue;
            }
            const float x0 = cmd.ClipRect.x - origin.x, y0 = cmd.ClipRect.y - origin.y;
            const float x1 = cmd.ClipRect.z - origin.x, y1 = cmd.ClipRect.w - origin.y;
            if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
            glScissor(int(x0), int(fb_h - y1), int(x1 - x0), int(y1 - y0)); // GL: bottom left
            const GLuint texture = GLuint(intptr_t(cmd.GetTexID()));
            if (texture != bound) {
                glBindTexture(GL_TEXTURE_2D, texture);
                glUniform1i(g_loc_font_bound, texture == g_font_tex);
                bound = texture;
            }
            glDrawElements(GL_TRIANGLES, GLsizei(cmd.ElemCount), index_type,
                           (void*)(idx_at + size_t(cmd.IdxOffset) * sizeof(ImDrawIdx)));
        }
        vtx_at += vtx_bytes;
        idx_at += idx_bytes;
    }
    glBindVertexArray(0);
}

} // namespace imgui_webgl

#endif // AEPLAY_WEBGL: native builds (tests/ui) compile nothing here
