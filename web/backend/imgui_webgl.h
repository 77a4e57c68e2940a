// imgui_webgl.h: draws Dear ImGui's frame with WebGL2: the page's renderer, in place of
// imgui_impl_opengl3's RenderDrawData.
//   - It sets every GL state it uses and reads none back. In Chromium a glGet of state the
//     WebGL client does not cache (viewport, scissor box, blend functions: imgui_impl_opengl3
//     saves eight of them each frame) waits for the GPU process to finish all queued work, so
//     every frame of the main thread waited for SwiftShader to rasterize and swap the previous
//     one (most of a frame's time on a machine without a GPU).
//   - Redraws only what changed since the last frame (damage.h: 32 px tiles hashed by what they
//     show), directly into the default framebuffer, which keeps its pixels between frames
//     (preserveDrawingBuffer, main.cpp). A frame that changes nothing makes no GL call at all.
//   - Vertices of all draw lists go into one buffer, and the triangles each damaged rect needs
//     into one index buffer: both only grow, so no frame allocates GL storage (ANGLE backs each
//     glBufferData with new memory that SwiftShader zero-fills). One scissor (+ texture when it
//     changes) + draw per command and rect.
//   - Solid shapes skip the texture fetch (shaders/imgui_fs.glsl).
//   - Textures are GL names in ImTextureID: the font atlas (upload_fonts) and the page's images.
// Only where platform.h says there is WebGL2 (main.cpp, the browser's entry point, calls it).
// Not here: input and windows (imgui_impl_glfw), glyph rasterization (ImGui's font atlas), which
// tiles changed (damage.cpp).
#pragma once

#include "web/app/damage.h"

#include <cstdint>
#include <vector>

struct ImDrawData;

namespace imgui_webgl {

// Compiles the program and creates the buffers; false (with the GL log on stderr) on failure.
bool init();
// ImGui's font atlas (RGBA32) -> a texture; call again after the atlas was rebuilt.
void upload_fonts();
// Brings the default framebuffer of size (fb_w, fb_h) to show this frame: cleared to clear_rgba
// (0xAABBGGRR), the `fills`, then `data` alpha blended (straight alpha). Redraws only the tiles
// whose content changed; leaves the scissor test on.
void render(const ImDrawData* data, int fb_w, int fb_h, uint32_t clear_rgba,
            const damage::Fill* fills, int n_fills);

// What render() did, since the page started (window.aeplay.renderStats()).
struct Stats {
    long frames = 0, frames_drawn = 0; // calls; calls that redrew something
    long tiles = 0, tiles_redrawn = 0;  // summed over the frames drawn
    long checked_frames = 0, checked_pixels = 0, mismatched_pixels = 0; // set_check
    std::vector<damage::Rect> last_rects; // what the last frame drawn redrew
};
const Stats& stats();
// Tests: after every frame, read the canvas back, redraw all of it, read it again, and count the
// pixels that differ (stats().mismatched_pixels: must stay 0). Slow: two full readbacks a frame.
void set_check(bool on);

} // namespace imgui_webgl
