#version 300 es
// heatmap_vs.glsl: a full-screen triangle for heatmap_fs.glsl, no vertex buffers.
// Expects: glDrawArrays(GL_TRIANGLES, 0, 3) with any (even empty) VAO bound.
// Outputs v_uv in [0, 1]^2 over the viewport, v = 0 at the bottom row of the target.
precision highp float;

out vec2 v_uv;

void main() {
    // Vertices (-1,-1), (3,-1), (-1,3) cover the viewport; uv follows clip space.
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
