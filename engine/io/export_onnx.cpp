// export_onnx.cpp: see export_onnx.h. Field numbers are those of onnx/onnx.proto3.
#include "engine/io/export_onnx.h"
#include "engine/io/export_layers.h"

#include <algorithm>
#include <cstring>

namespace ae {

namespace {

// Protobuf wire format: varints (wire type 0), 32-bit (5), length-delimited (2).
class Proto {
  public:
    void varint(int field, uint64_t v) {
        key(field, 0);
        raw_varint(v);
    }
    void f32(int field, float v) {
        key(field, 5);
        uint32_t u;
        std::memcpy(&u, &v, 4);
        for (int i = 0; i < 4; ++i)
            s_ += char((u >> (8 * i)) & 0xFF);
    }
    void bytes(int field, const std::string& v) {
        key(field, 2);
        raw_varint(v.size());
        s_ += v;
    }
    void message(int field, const Proto& m) { bytes(field, m.s_); }
    const std::string& str() const { return s_; }

  private:
    void key(int field, int wire) { raw_varint(uint64_t(field) << 3 | uint64_t(wire)); }
    void raw_varint(uint64_t v) {
        while (v >= 0x80) {
            s_ += char(uint8_t(v) | 0x80);
            v >>= 7;
        }
        s_ += char(v);
    }
    std::string s_;
};

constexpr int kFloat = 1, kInt64 = 7; // TensorProto.DataType

// A node attribute: a float, a string or a list of ints (AttributeProto's f, s, ints).
struct Attr {
    std::string name;
    int type = 0; // AttributeProto.AttributeType: FLOAT 1, STRING 3, INTS 7
    float f = 0.0f;
    std::string s;
    std::vector<long> ints;
};
Attr attr_f(const std::string& name, float v) {
    return {name, 1, v, {}, {}};
}
Attr attr_s(const std::string& name, const std::string& v) {
    return {name, 3, 0.0f, v, {}};
}
Attr attr_ints(const std::string& name, std::vector<long> v) {
    return {name, 7, 0.0f, {}, std::move(v)};
}

// GraphProto under construction: nodes (field 1), initializers (5), inputs (11), outputs (12).
class Graph {
  public:
    void initializer(const std::string& name, const std::vector<long>& shape, const float* p) {
        std::string raw; // raw_data: little-endian floats
        const long n = shape_size(shape);
        for (long i = 0; i < n; ++i) {
            uint32_t u;
            std::memcpy(&u, p + i, 4);
            for (int k = 0; k < 4; ++k)
                raw += char((u >> (8 * k)) & 0xFF);
        }
        tensor(name, shape, kFloat, raw);
    }
    // A 1-D int64 tensor (shapes, perms, slice bounds); returns its name.
    std::string initializer_i64(const std::string& name, const std::vector<long>& values) {
        std::string raw; // little-endian int64s
        for (long v : values) {
            const uint64_t u = uint64_t(int64_t(v));
            for (int k = 0; k < 8; ++k)
                raw += char((u >> (8 * k)) & 0xFF);
        }
        tensor(name, {long(values.size())}, kInt64, raw);
        return name;
    }
    // One node with a single output named `out` (also the node's name); returns `out`. An empty
    // input name is an omitted optional input.
    std::string node(const std::string& op, const std::vector<std::string>& inputs,
                     const std::string& out, const std::vector<Attr>& attrs = {}) {
        Proto n;
        for (const std::string& in : inputs)
            n.bytes(1, in);
        n.bytes(2, out);
        n.bytes(3, out);
        n.bytes(4, op);
        for (const Attr& a : attrs) {
            Proto p;
            p.bytes(1, a.name);
            if (a.type == 1) p.f32(2, a.f);
            if (a.type == 3) p.bytes(4, a.s);
            for (long v : a.ints)
                p.varint(8, uint64_t(int64_t(v))); // unpacked repeated int64
            p.varint(20, uint64_t(a.type));
            n.message(5, p);
        }
        g_.message(1, n);
        return out;
    }
    // A float tensor (N, width) with N dynamic: field 11 for a graph input, 12 for an output.
    void value_info(int field, const std::string& name, long width) {
        Proto batch, feat, shape, tensor, type, vi;
        batch.bytes(2, "N");             // Dimension.dim_param
        feat.varint(1, uint64_t(width)); // Dimension.dim_value
        shape.message(1, batch);
        shape.message(1, feat);
        tensor.varint(1, kFloat); // TypeProto.Tensor.elem_type
        tensor.message(2, shape);
        type.message(1, tensor); // TypeProto.tensor_type
        vi.bytes(1, name);
        vi.message(2, type);
        g_.message(field, vi);
    }
    Proto& proto() { return g_; }

  private:
    void tensor(const std::string& name, const std::vector<long>& shape, int type,
                const std::string& raw) {
        Proto t;
        for (long d : shape)
            t.varint(1, uint64_t(d)); // dims
        t.varint(2, uint64_t(type));  // data_type
        t.bytes(8, name);             // name
        t.bytes(9, raw);              // raw_data
        g_.message(5, t);
    }
    Proto g_;
};

// The value flowing between layers: flat (N, size) in the engine's channels-last order, or an
// image in ONNX's (N, c, h, w). Layers convert it only when they need the other form.
struct Flow {
    std::string x;
    bool nchw = false;
};

// (N, h * w * c) channels-last -> (N, c, h, w): Reshape to (N, h, w, c), Transpose.
void to_nchw(Graph& g, Flow& f, const Shape& s, const std::string& name) {
    if (f.nchw) return;
    const std::string shape = g.initializer_i64(name + "/nhwc_shape", {-1, s.h, s.w, s.c});
    const std::string nhwc = g.node("Reshape", {f.x, shape}, name + "/to_nhwc");
    f.x = g.node("Transpose", {nhwc}, name + "/to_nchw", {attr_ints("perm", {0, 3, 1, 2})});
    f.nchw = true;
}

// (N, c, h, w) -> (N, h * w * c) channels-last, as Keras flattens: Transpose, Reshape.
void to_flat(Graph& g, Flow& f, const Shape& s, const std::string& name) {
    if (!f.nchw) return;
    const std::string nhwc =
        g.node("Transpose", {f.x}, name + "/to_nhwc", {attr_ints("perm", {0, 2, 3, 1})});
    const std::string shape = g.initializer_i64(name + "/flat_shape", {-1, s.size()});
    f.x = g.node("Reshape", {nhwc, shape}, name + "/to_flat");
    f.nchw = false;
}

// One function per layer type: each adds its initializers and nodes after `f` and moves it to
// the layer's output.

std::string onnx_activation(Graph& g, Activation a, const std::string& name, const std::string& x) {
    switch (a) {
    case Activation::linear:
        return x;
    case Activation::relu:
        return g.node("Relu", {x}, name + "/Relu");
    case Activation::leaky_relu:
        return g.node("LeakyRelu", {x}, name + "/LeakyRelu",
                      {attr_f("alpha", float(kLeakyReluSlope))});
    case Activation::elu:
        return g.node("Elu", {x}, name + "/Elu", {attr_f("alpha", float(kEluAlpha))});
    case Activation::sigmoid:
        return g.node("Sigmoid", {x}, name + "/Sigmoid");
    case Activation::tanh:
        return g.node("Tanh", {x}, name + "/Tanh");
    }
    return x;
}

// Dense: z = x W + b (MatMul, Add), x (N, in), W (in, out), b (out), then the activation.
void onnx_dense(Graph& g, const ExportLayer& l, const float* params, Flow& f) {
    const ExportParam& w = l.params[0];
    const ExportParam& b = l.params[1];
    g.initializer(l.name + "/" + w.name, w.shape, params + w.offset);
    g.initializer(l.name + "/" + b.name, b.shape, params + b.offset);
    const std::string xw = g.node("MatMul", {f.x, l.name + "/" + w.name}, l.name + "/MatMul");
    const std::string z = g.node("Add", {xw, l.name + "/" + b.name}, l.name + "/Add");
    f.x = onnx_activation(g, l.activation, l.name, z);
}

// The kernel w (kh, kw, ic, oc) of a conv2d geometry, as ONNX orders it: (oc, ic, kh, kw). This
// is Conv's weight for a conv2d and ConvTranspose's (in channels, filters, kh, kw) for a
// conv2d_transpose, whose Keras kernel (kh, kw, filters, in) is its adjoint conv2d's.
std::vector<float> onnx_kernel(const float* w, const ConvGeom& c) {
    std::vector<float> out(size_t(c.kh) * c.kw * c.ic * c.oc);
    for (int o = 0; o < c.oc; ++o)
        for (int i = 0; i < c.ic; ++i)
            for (int y = 0; y < c.kh; ++y)
                for (int x = 0; x < c.kw; ++x)
                    out[((size_t(o) * c.ic + i) * c.kh + y) * c.kw + x] =
                        w[((size_t(y) * c.kw + x) * c.ic + i) * c.oc + o];
    return out;
}

// A window's padding after the last row / column: what the windows of a conv2d geometry reach
// beyond the input (Keras' `same` puts the extra there), 0 when they stop short (`valid`).
int pad_after(int in, int out, int k, int s, int before) {
    return std::max((out - 1) * s + k - in - before, 0);
}

// Conv (or ConvTranspose) with the kernel and bias initializers, then the activation.
void onnx_conv(Graph& g, const ExportLayer& l, const float* params, Flow& f) {
    to_nchw(g, f, l.in_shape, l.name);
    const ConvGeom& c = l.geom;
    const ExportParam& w = l.params[0];
    const ExportParam& b = l.params[1];
    const std::vector<float> kernel = onnx_kernel(params + w.offset, c);
    g.initializer(l.name + "/kernel", {c.oc, c.ic, c.kh, c.kw}, kernel.data());
    g.initializer(l.name + "/bias", b.shape, params + b.offset);
    std::vector<Attr> attrs = {attr_ints("kernel_shape", {c.kh, c.kw}),
                               attr_ints("strides", {c.sh, c.sw})};
    std::string op = "Conv";
    if (l.type == LayerType::conv2d) {
        attrs.push_back(attr_ints("pads", {c.pt, c.pl, pad_after(c.ih, c.oh, c.kh, c.sh, c.pt),
                                           pad_after(c.iw, c.ow, c.kw, c.sw, c.pl)}));
    } else {
        // ConvTranspose from (oh, ow) to (ih, iw): s * (in - 1) + k - begin - end + output_padding.
        // The end padding is what the adjoint conv2d's windows reach beyond (ih, iw); when they
        // stop short (kernel smaller than the stride), output_padding adds the missing rows,
        // which hold the bias only, as in the engine.
        op = "ConvTranspose";
        const int eh = (c.oh - 1) * c.sh + c.kh - c.ih - c.pt;
        const int ew = (c.ow - 1) * c.sw + c.kw - c.iw - c.pl;
        attrs.push_back(attr_ints("pads", {c.pt, c.pl, std::max(eh, 0), std::max(ew, 0)}));
        if (eh < 0 || ew < 0)
            attrs.push_back(attr_ints("output_padding", {std::max(-eh, 0), std::max(-ew, 0)}));
    }
    const std::string z =
        g.node(op, {f.x, l.name + "/kernel", l.name + "/bias"}, l.name + "/" + op, attrs);
    f.x = onnx_activation(g, l.activation, l.name, z);
}

// MaxPool over the same windows: ONNX's pads are never a window's maximum, as in the engine.
void onnx_max_pool(Graph& g, const ExportLayer& l, Flow& f) {
    to_nchw(g, f, l.in_shape, l.name);
    const ConvGeom& c = l.geom;
    f.x = g.node("MaxPool", {f.x}, l.name + "/MaxPool",
                 {attr_ints("kernel_shape", {c.kh, c.kw}), attr_ints("strides", {c.sh, c.sw}),
                  attr_ints("pads", {c.pt, c.pl, pad_after(c.ih, c.oh, c.kh, c.sh, c.pt),
                                     pad_after(c.iw, c.ow, c.kw, c.sw, c.pl)})});
}

// Resize by integer scales, nearest: output (y, x) reads input (floor(y / sh), floor(x / sw)),
// each value repeated sh x sw times.
void onnx_upsample(Graph& g, const ExportLayer& l, Flow& f) {
    to_nchw(g, f, l.in_shape, l.name);
    const float scales[4] = {1.0f, 1.0f, float(l.size[0]), float(l.size[1])};
    g.initializer(l.name + "/scales", {4}, scales);
    f.x = g.node("Resize", {f.x, "", l.name + "/scales"}, l.name + "/Resize",
                 {attr_s("mode", "nearest"), attr_s("coordinate_transformation_mode", "asymmetric"),
                  attr_s("nearest_mode", "floor")});
}

// Slice rows [top, h - bottom) and columns [left, w - right) (axes 2 and 3 of NCHW).
void onnx_crop(Graph& g, const ExportLayer& l, Flow& f) {
    to_nchw(g, f, l.in_shape, l.name);
    const int* c = l.cropping;
    const std::string starts = g.initializer_i64(l.name + "/starts", {c[0], c[2]});
    const std::string ends =
        g.initializer_i64(l.name + "/ends", {l.in_shape.h - c[1], l.in_shape.w - c[3]});
    const std::string axes = g.initializer_i64(l.name + "/axes", {2, 3});
    f.x = g.node("Slice", {f.x, starts, ends, axes}, l.name + "/Slice");
}

void onnx_layer(Graph& g, const ExportLayer& l, const float* params, Flow& f) {
    switch (l.type) {
    case LayerType::dense:
        to_flat(g, f, l.in_shape, l.name);
        onnx_dense(g, l, params, f);
        break;
    case LayerType::conv2d:
    case LayerType::conv2d_transpose:
        onnx_conv(g, l, params, f);
        break;
    case LayerType::max_pooling2d:
        onnx_max_pool(g, l, f);
        break;
    case LayerType::up_sampling2d:
        onnx_upsample(g, l, f);
        break;
    case LayerType::cropping2d:
        onnx_crop(g, l, f);
        break;
    case LayerType::flatten:
    case LayerType::reshape: // the flat values are the output's, channels-last
        to_flat(g, f, l.in_shape, l.name);
        break;
    case LayerType::dropout: // the identity at inference
        break;
    }
}

} // namespace

Status parse_onnx_part(const std::string& name, OnnxPart* out) {
    if (name == "encoder")
        *out = OnnxPart::encoder;
    else if (name == "decoder")
        *out = OnnxPart::decoder;
    else if (name == "full")
        *out = OnnxPart::full;
    else
        return Status::Error("ONNX part: \"" + name +
                             "\" is not a part; accepted: encoder, decoder, full");
    return Status::Ok();
}

Status onnx_exportable(const TrainedModel& t) {
    for (int i = 0; i < t.model.num_layers(); ++i)
        switch (t.model.layer(i).type) { // every layer type has its ONNX ops (onnx_layer)
        case LayerType::dense:
        case LayerType::conv2d:
        case LayerType::conv2d_transpose:
        case LayerType::max_pooling2d:
        case LayerType::up_sampling2d:
        case LayerType::cropping2d:
        case LayerType::flatten:
        case LayerType::reshape:
        case LayerType::dropout:
            break;
        }
    return Status::Ok();
}

std::string export_onnx(const TrainedModel& t, OnnxPart part) {
    const std::vector<ExportLayer> layers = export_layers(t.model);
    const bool scaled = t.scaler.kind != Scaling::none;
    const bool from_input = part != OnnxPart::decoder, to_output = part != OnnxPart::encoder;
    Graph g;
    if (scaled) {
        const long d = long(t.scaler.offset.size());
        g.initializer("scaler/offset", {d}, t.scaler.offset.data());
        g.initializer("scaler/scale", {d}, t.scaler.scale.data());
    }
    Flow f{"input", false};
    if (from_input && scaled) {
        f.x = g.node("Sub", {f.x, "scaler/offset"}, "scaler/Sub");
        f.x = g.node("Div", {f.x, "scaler/scale"}, "scaler/Div");
    }
    Shape last;
    for (const ExportLayer& l : layers)
        if ((l.in_encoder && from_input) || (!l.in_encoder && to_output)) {
            onnx_layer(g, l, t.model.params.data(), f);
            last = l.out_shape;
        }
    to_flat(g, f, last, "output");
    std::string x = f.x;
    if (to_output && scaled) {
        x = g.node("Mul", {x, "scaler/scale"}, "scaler/Mul");
        x = g.node("Add", {x, "scaler/offset"}, "scaler/Add");
    }
    // The graph's output is named "output": an Identity renames the last value.
    g.node("Identity", {x}, "output");
    const long in_w = from_input ? t.model.input_dim() : t.model.latent_dim();
    const long out_w = to_output ? t.model.input_dim() : t.model.latent_dim();
    g.value_info(11, "input", in_w);
    g.value_info(12, "output", out_w);
    const char* part_name = part == OnnxPart::encoder   ? "encoder"
                            : part == OnnxPart::decoder ? "decoder"
                                                        : "full";
    g.proto().bytes(2, std::string("aeplay_") + part_name); // graph name

    Proto opset;
    opset.bytes(1, "");  // the default domain (ai.onnx)
    opset.varint(2, 17); // opset version
    Proto model;
    model.varint(1, 8); // ir_version
    model.bytes(2, "aeplay");
    model.bytes(3, "0.1.0");
    model.message(7, g.proto());
    model.message(8, opset);
    return model.str();
}

} // namespace ae
