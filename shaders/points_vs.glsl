#version 300 es
// points_vs.glsl: places the latent-space scatter's points (GL_POINTS) for points_fs.glsl.
// Expects: attribute 0 = vec4(x, y, value, flag) per point, x and y in [0, 1] over the target
// (y up), value in [0, 1] (colour map position) or a class index (see points_fs.glsl), flag 1.0 for a point to emphasise (e.g. above
// the anomaly threshold), else 0.0; u_point_px = diameter of an ordinary point in pixels.
// Outputs v_value, v_flag; flagged points are 1.8x larger (the fragment shader outlines them).
precision highp float;

layout(location = 0) in vec4 a_point;
uniform float u_point_px;

out float v_value;
out float v_flag;

void main() {
    v_value = a_point.z;
    v_flag = a_point.w;
    gl_PointSize = a_point.w > 0.5 ? u_point_px * 1.8 : u_point_px;
    gl_Position = vec4(a_point.xy * 2.0 - 1.0, 0.0, 1.0);
}
