#version 300 es
// imgui_vs.glsl: Dear ImGui's vertices (web/imgui_webgl.cpp): position in device pixels, texture
// coordinate, colour (four normalized bytes).
// Expects: u_scale = (2 / framebuffer width, -2 / framebuffer height), so that pixel (0, 0) is the
// top left corner of the framebuffer; u_white_uv = the font atlas' white texel (ImGui's solid
// shapes use it at all three vertices), u_font_bound = 1 when the bound texture is the font atlas
// (an image's texture coordinates could equal the white texel's).
precision highp float;

layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
uniform vec2 u_scale;
uniform vec2 u_white_uv;
uniform int u_font_bound;

out vec2 v_uv;
out vec4 v_color;
flat out int v_solid; // the provoking (last) vertex decides for the triangle

void main() {
    v_uv = a_uv;
    v_color = a_color;
    v_solid = u_font_bound == 1 && a_uv == u_white_uv ? 1 : 0;
    gl_Position = vec4(a_pos * u_scale + vec2(-1.0, 1.0), 0.0, 1.0);
}
