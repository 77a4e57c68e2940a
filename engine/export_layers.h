// export_layers.h: a trained model as the list of layers the exporters write (ONNX, NPZ).
// Each layer says its Keras-style name, its type, its per-sample input and output shapes, its
// activation and where its parameters are in Model::params, with their Keras names and shapes.
// An exporter has one function per layer type over this description.
// Not here: the file formats (export_onnx.h, export_npz.h), the scaler (the exporters add it).
#pragma once

#include "model.h"

#include <string>
#include <vector>

namespace ae {

// conv2d and conv2d_transpose: NPZ writes their kernels; ONNX does not export them yet
// (onnx_exportable). other: a layer without parameters (pooling, up-sampling, reshape, ...).
enum class ExportLayerType { dense, conv2d, conv2d_transpose, other };

struct ExportParam {
    std::string name;        // Keras' variable name in the layer: "kernel", "bias"
    std::vector<long> shape; // as Keras stores it: kernel (in, out), bias (out)
    long offset = 0;         // into Model::params, row-major
};

struct ExportLayer {
    std::string name; // "encoder_1", "decoder_2" (the summary's names)
    ExportLayerType type = ExportLayerType::dense;
    std::vector<long> in_shape, out_shape; // per sample, without the batch dimension
    Activation activation = Activation::linear;
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
        l.in_shape = {d.in};
        l.out_shape = {d.out};
        l.activation = d.activation;
        const ConvGeom& g = d.geom;
        switch (d.type) {
        case LayerType::dense:
            l.type = ExportLayerType::dense;
            l.params = {{"kernel", {d.in, d.out}, d.w_offset}, {"bias", {d.out}, d.b_offset}};
            break;
        case LayerType::conv2d: // Keras' kernel (kh, kw, in channels, filters)
            l.type = ExportLayerType::conv2d;
            l.params = {{"kernel", {g.kh, g.kw, g.ic, g.oc}, d.w_offset},
                        {"bias", {d.bias_size}, d.b_offset}};
            break;
        case LayerType::conv2d_transpose: // the adjoint conv2d's geometry: (kh, kw, filters, in)
            l.type = ExportLayerType::conv2d_transpose;
            l.params = {{"kernel", {g.kh, g.kw, g.ic, g.oc}, d.w_offset},
                        {"bias", {d.bias_size}, d.b_offset}};
            break;
        default:
            l.type = ExportLayerType::other;
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
