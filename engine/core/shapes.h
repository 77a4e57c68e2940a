// shapes.h: Keras' shape rules and parameter counts for every layer type, checked once for the
// whole model before anything is allocated. parse_config() uses them to reject impossible shapes
// (messages name the field path: "model.encoder[2].kernel_size"), Model::build() to lay out its
// buffers, the summary to print Keras' "(None, 28, 28, 32)".
//   conv2d, max_pooling2d:  same: out = ceil(in / s);  valid: out = floor((in - k) / s) + 1;
//                           same pads (out - 1) * s + k - in in total, the extra on bottom/right.
//   conv2d_transpose:       same: out = in * s;  valid: out = in * s + max(k - s, 0); it is the
//                           adjoint of the conv2d from its output back to its input, whose
//                           padding it shares.
//   up_sampling2d: in * size;  cropping2d: in - crops;  flatten, reshape, dropout: same values.
// Not here: the kernels (conv.h), the config's JSON (config.cpp).
#pragma once

#include "engine/core/types.h"
#include <string>
#include <vector>

namespace ae {

struct LayerGeom {
    Shape in, out;
    // conv2d, max_pooling2d: padding of the input; conv2d_transpose: of its adjoint conv2d's input
    // (this layer's output).
    int pad_top = 0, pad_left = 0;
    long kernel = 0, bias = 0; // parameter counts (Keras' layouts, see model.h)
};

// The geometry of layer l on input `in`; false with *err naming `path` and the field.
bool layer_geometry(const LayerConfig& l, const Shape& in, const std::string& path, LayerGeom* g,
                    std::string* err);

// Every layer of c (encoder, then decoder); checks that the last output has the input's shape.
Status model_geometry(const Config& c, std::vector<LayerGeom>* out);

} // namespace ae
