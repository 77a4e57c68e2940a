#version 300 es
// imgui_fs.glsl: Dear ImGui's triangles: vertex colour times the bound texture (the font atlas,
// or an image: the heatmap, the scatter, the image atlases). Solid shapes (rectangles, lines,
// plots: about half of a frame's pixels) skip the texture: its white texel would multiply by 1,
// and on a CPU rasterizer (SwiftShader) the fetch is most of a pixel's cost.
// Expects: u_texture on texture unit 0, RGBA.
precision mediump float;

uniform sampler2D u_texture;

in vec2 v_uv;
in vec4 v_color;
flat in int v_solid;
out vec4 frag_color;

void main() {
    if (v_solid == 1)
        frag_color = v_color;
    else
        frag_color = v_color * texture(u_texture, v_uv);
}
