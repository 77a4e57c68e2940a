#version 300 es
// points_fs.glsl: colours one point of the latent-space scatter as a round, anti-aliased disc.
// Colour: with u_categories = 0, viridis (sequential, colour-blind safe; a degree-6 polynomial
// fit of matplotlib's map, the same coefficients as PointScatter::viridis on the CPU) at v_value
// in [0, 1]; with u_categories = m > 0, v_value is a class index 0..m-1 and the colour is
// u_palette[v_value] (the page's categorical palette, ui::kClassColors).
// Flagged points (v_flag > 0.5) get a light outline ring.
// Expects: GL_POINTS from points_vs.glsl, premultiplied-free alpha blending
// (SRC_ALPHA, ONE_MINUS_SRC_ALPHA) into an RGBA8 target cleared to the plot background.
precision highp float;

in float v_value;
in float v_flag;
out vec4 frag_color;

uniform int u_categories;   // 0: colour map; else the number of classes in u_palette
uniform vec3 u_palette[10]; // rgb in [0, 1]

vec3 viridis(float t) {
    const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
    const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
    const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
    const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
    const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
    const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
    const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    t = clamp(t, 0.0, 1.0);
    return clamp(c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6))))), 0.0, 1.0);
}

void main() {
    float r = length(gl_PointCoord - 0.5) * 2.0; // 0 at the centre, 1 at the edge
    float edge = fwidth(r);
    float alpha = 1.0 - smoothstep(1.0 - edge, 1.0, r);
    if (alpha <= 0.0) discard;
    vec3 c = u_categories > 0 ? u_palette[clamp(int(v_value + 0.5), 0, u_categories - 1)] : viridis(v_value);
    if (v_flag > 0.5) c = mix(c, vec3(1.0, 0.42, 0.42), smoothstep(0.62 - edge, 0.62, r)); // red ring
    frag_color = vec4(c, alpha * (v_flag > 0.5 ? 1.0 : 0.85));
}
