// imgui_webgl.h: draws Dear ImGui's frame with WebGL2: the page's renderer, in place of
// imgui_impl_opengl3's RenderDrawData.
//   - It sets every GL state it uses and reads none back. In Chromium a glGet of state the
//     WebGL client does not cache (viewport, scissor box, blend functions: imgui_impl_opengl3
//     saves eight of them each frame) waits for the GPU process to finish all queued work, so
//     every frame of the main thread waited for SwiftShader to rasterize and swap the previous
//     one (most of a frame's time on a machine without a GPU).
//   - Vertices and indices of all draw lists go into two buffers that only grow: no frame
//     allocates GL storage (ANGLE backs each glBufferData with new memory that SwiftShader
//     zero-fills). One upload per list, one scissor (+ texture when it changes) + draw per command.
//   - Solid shapes skip the texture fetch (shaders/imgui_fs.glsl).
//   - Textures are GL names in ImTextureID: the font atlas (upload_fonts) and the page's images.
// Only where platform.h says there is WebGL2 (main.cpp, the browser's entry point, calls it).
// Not here: input and windows (imgui_impl_glfw), glyph rasterization (ImGui's font atlas), the
// panels' background clears (main.cpp).
#pragma once

struct ImDrawData;

namespace imgui_webgl {

// Compiles the program and creates the buffers; false (with the GL log on stderr) on failure.
bool init();
// ImGui's font atlas (RGBA32) -> a texture; call again after the atlas was rebuilt.
void upload_fonts();
// Draws `data` into the default framebuffer of size (fb_w, fb_h), alpha blended (straight alpha);
// leaves blending and the scissor test on.
void render(const ImDrawData* data, int fb_w, int fb_h);

} // namespace imgui_webgl
