// drawing_pad.h: a small grayscale canvas (28 x 28 for MNIST) painted with a round brush whose
// strokes look like MNIST's: about 3 pixels wide with grey, antialiased edges. Pure CPU and
// deterministic (tests repeat a stroke and compare pixels). Not here: mouse handling, encoding
// the drawing and showing it (tab_latent_space.cpp).
#pragma once

#include <vector>

struct DrawingPad {
    int height = 0, width = 0;
    std::vector<float> pixels; // (height, width) row-major, in [0, 1]

    void resize(int h, int w); // and clears
    void clear();
    // Paints the segment from (ax, ay) to (bx, by), in pixels (x right, y down, the pixel (r, c)
    // covers [c, c+1) x [r, r+1)): each pixel takes the brighter of its value and the brush's,
    // 1 within kInner of the segment, falling linearly to 0 at kOuter.
    void stroke(float ax, float ay, float bx, float by);
    float ink() const; // the sum of the pixels

    static constexpr float kInner = 0.9f, kOuter = 2.0f;
};
