#version 300 es
// imgui_fs.glsl: Dear ImGui's triangles: vertex colour times the bound texture (the font atlas,
// whose white texel draws solid shapes, or an image: the heatmap, the scatter, the image atlases).
// Expects: u_texture on texture unit 0, RGBA.
precision mediump float;

uniform sampler2D u_texture;

in vec2 v_uv;
in vec4 v_color;
out vec4 frag_color;

void main() {
    frag_color = v_color * texture(u_texture, v_uv);
}
