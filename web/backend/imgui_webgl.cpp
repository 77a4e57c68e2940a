// imgui_webgl.cpp: see imgui_webgl.h. Shaders come from shaders/imgui_{vs,fs}.glsl via shaders.h.
// Compiled only where platform.h says there is WebGL2; the native builds compile an empty file.
#include "web/backend/imgui_webgl.h"

#include "web/backend/platform.h"

#if AEPLAY_WEBGL

#include "web/app/damage.h"
#include "web/backend/gl_util.h"
#include "shaders.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

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
    damage::texture_changed(g_font_tex);
}

namespace {

damage::Tracker g_tracker;
Stats g_stats;
bool g_check = false;
std::vector<uint32_t> g_indices; // this frame's triangles, per rect, as indices of all vertices
std::vector<unsigned char> g_pixels[2]; // the check's two readbacks

struct Draw {
    damage::Rect scissor;
    GLuint texture;
    size_t first, count; // in g_indices
};
std::vector<Draw> g_draws;

void set_scissor(const damage::Rect& r, int fb_h) { // GL's origin is the bottom left
    glScissor(r.x0, fb_h - r.y1, r.x1 - r.x0, r.y1 - r.y0);
}
void clear_to(uint32_t rgba) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(rgba);
    glClearColor(c.x, c.y, c.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

// Redraws `rects` of the canvas: the clear colour, the fills, then every triangle of `data` that
// can reach the rect, scissored to its clip rect within the rect.
void draw_rects(const ImDrawData& data, int fb_w, int fb_h, uint32_t clear_rgba,
                const damage::Fill* fills, int n_fills, const std::vector<damage::Rect>& rects) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fb_w, fb_h);
    glDisable(GL_BLEND);
    glEnable(GL_SCISSOR_TEST);
    for (const damage::Rect& rect : rects) {
        set_scissor(rect, fb_h);
        clear_to(clear_rgba);
        for (int i = 0; i < n_fills; ++i) {
            const damage::Rect r = damage::intersection(fills[i].rect, rect);
            if (r.x0 >= r.x1 || r.y0 >= r.y1) continue;
            set_scissor(r, fb_h);
            clear_to(fills[i].rgba);
        }
    }

    // Which triangles each rect needs: a rect redraws only what reaches it.
    const ImVec2 origin = data.DisplayPos;
    g_indices.clear();
    g_draws.clear();
    for (const damage::Rect& rect : rects) {
        uint32_t base = 0; // the list's first vertex among all lists'
        for (int n = 0; n < data.CmdListsCount; ++n) {
            const ImDrawList* list = data.CmdLists[n];
            const ImDrawVert* vtx = list->VtxBuffer.Data;
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                if (cmd.UserCallback) continue; // the page adds none (damage.h redraws all if so)
                const damage::Rect clip =
                    damage::intersection(damage::cmd_clip(cmd, origin), rect);
                if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
                const ImDrawIdx* t = list->IdxBuffer.Data + cmd.IdxOffset;
                const size_t first = g_indices.size();
                for (unsigned k = 0; k + 2 < cmd.ElemCount; k += 3) {
                    const damage::Rect r =
                        damage::triangle_covered(vtx[t[k]], vtx[t[k + 1]], vtx[t[k + 2]],
                                                 origin, clip);
                    if (r.x0 >= r.x1 || r.y0 >= r.y1) continue;
                    g_indices.push_back(base + t[k]);
                    g_indices.push_back(base + t[k + 1]);
                    g_indices.push_back(base + t[k + 2]);
                }
                if (g_indices.size() > first)
                    g_draws.push_back(Draw{clip, GLuint(intptr_t(cmd.GetTexID())), first,
                                           g_indices.size() - first});
            }
            base += uint32_t(list->VtxBuffer.Size);
        }
    }
    if (g_draws.empty()) return;

    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glUseProgram(g_program);
    glUniform2f(g_loc_scale, 2.0f / fb_w, -2.0f / fb_h);
    glUniform1i(g_loc_texture, 0);
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    glUniform2f(g_loc_white, white.x, white.y);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
    // All lists' vertices one after another, then this frame's indices: no buffer is
    // reallocated in a frame once they have grown.
    reserve(GL_ARRAY_BUFFER, GLsizeiptr(data.TotalVtxCount) * sizeof(ImDrawVert), &g_vbo_bytes);
    reserve(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(g_indices.size() * sizeof(uint32_t)), &g_ebo_bytes);
    size_t vtx_at = 0;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        const size_t bytes = size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert);
        glBufferSubData(GL_ARRAY_BUFFER, GLintptr(vtx_at), GLsizeiptr(bytes), list->VtxBuffer.Data);
        vtx_at += bytes;
    }
    glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, 0, GLsizeiptr(g_indices.size() * sizeof(uint32_t)),
                    g_indices.data());
    GLuint bound = 0;
    for (const Draw& d : g_draws) {
        set_scissor(d.scissor, fb_h);
        if (d.texture != bound) {
            glBindTexture(GL_TEXTURE_2D, d.texture);
            glUniform1i(g_loc_font_bound, d.texture == g_font_tex);
            bound = d.texture;
        }
        glDrawElements(GL_TRIANGLES, GLsizei(d.count), GL_UNSIGNED_INT,
                       (void*)(d.first * sizeof(uint32_t)));
    }
    glBindVertexArray(0);
}

} // namespace

void render(const ImDrawData* data, int fb_w, int fb_h, uint32_t clear_rgba,
            const damage::Fill* fills, int n_fills) {
    if (!g_program || !data || fb_w <= 0 || fb_h <= 0) return;
    const std::vector<damage::Rect>& rects =
        g_tracker.update(*data, fb_w, fb_h, clear_rgba, fills, n_fills);
    ++g_stats.frames;
    if (!rects.empty()) {
        draw_rects(*data, fb_w, fb_h, clear_rgba, fills, n_fills, rects);
        ++g_stats.frames_drawn;
        g_stats.tiles_redrawn += g_tracker.tiles_damaged();
        g_stats.tiles += g_tracker.tiles();
        g_stats.last_rects = rects;
    }
    if (!g_check) return;
    // The check: what the canvas shows now against a full redraw of the same frame.
    const size_t bytes = size_t(fb_w) * size_t(fb_h) * 4;
    for (int i = 0; i < 2; ++i) {
        if (i == 1) draw_rects(*data, fb_w, fb_h, clear_rgba, fills, n_fills, {{0, 0, fb_w, fb_h}});
        g_pixels[i].resize(bytes);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, g_pixels[i].data());
    }
    long differ = 0;
    for (size_t p = 0; p < bytes; p += 4)
        differ += std::memcmp(&g_pixels[0][p], &g_pixels[1][p], 3) != 0; // alpha is always 1
    ++g_stats.checked_frames;
    g_stats.checked_pixels += long(fb_w) * fb_h;
    g_stats.mismatched_pixels += differ;
}

void set_check(bool on) { g_check = on; }
const Stats& stats() { return g_stats; }

} // namespace imgui_webgl

#endif // AEPLAY_WEBGL: native builds (tests/ui) compile nothing here
