// export_layers.h: a trained model as the list of layers the exporters write (ONNX, NPZ).
// Each layer says its Keras-style name, its type, its per-sample input and output shapes, its
// activation, its geometry (image layers) and where its parameters are in Model::params, with
// their Keras names and shapes. An exporter has one function per layer type over this description.
// Not here: the file formats (export_onnx.h, export_npz.h), the scaler (the exporters add it).
#pragma once

#include "engine/core/model.h"

#include <algorithm>
#include <string>
#include <vector>

namespace ae {

struct ExportParam {
    std::string name;        // Keras' variable name in the layer: "kernel", "bias"
    std::vector<long> shape; // as Keras stores it: kernel (in, out), bias (out)
    long offset = 0;         // into Model::params, row-major
};

struct ExportLayer {
    std::string name; // "encoder_1", "decoder_2" (the summary's names)
    LayerType type = LayerType::dense;
    Shape in_shape, out_shape; // per sample: (h, w, c) images or flat vectors
    Activation activation = Activation::linear;
    // conv2d, max_pooling2d: the geometry; conv2d_transpose: the adjoint conv2d's (model.h).
    ConvGeom geom{};
    int size[2] = {1, 1};           // up_sampling2d
    int cropping[4] = {0, 0, 0, 0}; // cropping2d: top, bottom, left, right
    std::vector<ExportParam> params;
    bool in_encoder = true; // the encoder part ends at the latent layer
};

inline std::vector<ExportLayer> export_layers(const Model& m) {
    std::vector<ExportLayer> out;
    for (int i = 0; i < m.num_layers(); ++i) {
        const Layer& d = m.layer(i);
        ExportLayer l;
        l.in_encoder = i < m.num_encoder_layers();
        const int k = l.in_encoder ? i + 1 : i - m.num_encoder_layers() + 1;
        l.name = std::string(l.in_encoder ? "encoder_" : "decoder_") + std::to_string(k);
        l.type = d.type;
        l.in_shape = d.in_shape;
        l.out_shape = d.out_shape;
        l.activation = d.activation;
        l.geom = d.geom;
        l.size[0] = d.size[0], l.size[1] = d.size[1];
        std::copy(d.cropping, d.cropping + 4, l.cropping);
        const ConvGeom& g = d.geom;
        switch (d.type) {
        case LayerType::dense:
            l.params = {{"kernel", {d.in, d.out}, d.w_offset}, {"bias", {d.out}, d.b_offset}};
            break;
        case LayerType::conv2d: // Keras' kernel (kh, kw, in channels, filters)
            l.params = {{"kernel", {g.kh, g.kw, g.ic, g.oc}, d.w_offset},
                        {"bias", {d.bias_size}, d.b_offset}};
            break;
        case LayerType::conv2d_transpose: // the adjoint conv2d's geometry: (kh, kw, filters, in)
            l.params = {{"kernel", {g.kh, g.kw, g.ic, g.oc}, d.w_offset},
                        {"bias", {d.bias_size}, d.b_offset}};
            break;
        default: // no parameters
            break;
        }
        out.push_back(l);
    }
    return out;
}

inline long shape_size(const std::vector<long>& shape) {
    long n = 1;
    for (long s : shape)
        n *= s;
    return n;
}

} // namespace ae
