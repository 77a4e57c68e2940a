#version 300 es
// heatmap_fs.glsl: draws a weight matrix as a heatmap with a diverging colour map
// (negative blue, zero near-white, positive red), one cell per weight, thin grid lines when the
// cells are large enough.
// Expects: u_weights, an R32F texture of width = output units, height = input features, sampled
// with texelFetch (no filtering, so no float-linear extension is needed); u_scale = 1 / max|w|
// (values are mapped to [-1, 1] and clamped); u_cells = texture size; u_target = target size in
// pixels. Draws rows top to bottom as input 0..n-1 (v_uv.y = 1 is the top row).
precision highp float;
precision highp sampler2D;

uniform sampler2D u_weights;
uniform float u_scale;
uniform vec2 u_cells;
uniform vec2 u_target;

in vec2 v_uv;
out vec4 frag_color;

// Diverging map in the spirit of ColorBrewer's RdBu: t in [-1, 1].
vec3 diverging(float t) {
    vec3 neg = vec3(0.129, 0.400, 0.674);  // blue
    vec3 mid = vec3(0.969, 0.969, 0.969);  // near white
    vec3 pos = vec3(0.698, 0.094, 0.169);  // red
    float a = pow(clamp(abs(t), 0.0, 1.0), 0.75); // lift small weights a little
    return t < 0.0 ? mix(mid, neg, a) : mix(mid, pos, a);
}

void main() {
    vec2 cell_f = vec2(v_uv.x, 1.0 - v_uv.y) * u_cells;
    ivec2 cell = clamp(ivec2(floor(cell_f)), ivec2(0), ivec2(u_cells) - 1);
    float w = texelFetch(u_weights, cell, 0).r;
    vec3 c = diverging(w * u_scale);

    // Grid lines between cells, only when a cell spans at least 6 target pixels.
    vec2 px_per_cell = u_target / u_cells;
    vec2 in_cell = fract(cell_f) * px_per_cell;
    float line = (px_per_cell.x >= 6.0 && in_cell.x < 1.0) || (px_per_cell.y >= 6.0 && in_cell.y < 1.0) ? 1.0 : 0.0;
    c = mix(c, vec3(0.15), 0.35 * line);
    frag_color = vec4(c, 1.0);
}
