// export_onnx.cpp: see export_onnx.h. Field numbers are those of onnx/onnx.proto3.
#include "export_onnx.h"
#include "export_layers.h"

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

constexpr int kFloat = 1; // TensorProto.DataType.FLOAT

// GraphProto under construction: nodes (field 1), initializers (5), inputs (11), outputs (12).
class Graph {
  public:
    void initializer(const std::string& name, const std::vector<long>& shape, const float* p) {
        Proto t;
        for (long d : shape)
            t.varint(1, uint64_t(d)); // dims
        t.varint(2, kFloat);          // data_type
        t.bytes(8, name);             // name
        std::string raw;              // raw_data: little-endian floats
        const long n = shape_size(shape);
        for (long i = 0; i < n; ++i) {
            uint32_t u;
            std::memcpy(&u, p + i, 4);
            for (int k = 0; k < 4; ++k)
                raw += char((u >> (8 * k)) & 0xFF);
        }
        t.bytes(9, raw);
        g_.message(5, t);
    }
    // One node with a single output named `out`; alpha > 0 adds the float attribute "alpha".
    std::string node(const std::string& op, const std::vector<std::string>& inputs,
                     const std::string& out, float alpha = 0.0f) {
        Proto n;
        for (const std::string& in : inputs)
            n.bytes(1, in);
        n.bytes(2, out);
        n.bytes(3, out); // the node's name: its output's
        n.bytes(4, op);
        if (alpha > 0.0f) {
            Proto a;
            a.bytes(1, "alpha");
            a.f32(2, alpha);
            a.varint(20, 1); // AttributeType FLOAT
            n.message(5, a);
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
    Proto g_;
};

// One function per layer type: each adds its initializers and nodes after `x` and returns the
// name of its output.

std::string onnx_activation(Graph& g, Activation a, const std::string& name, const std::string& x) {
    switch (a) {
    case Activation::linear:
        return x;
    case Activation::relu:
        return g.node("Relu", {x}, name + "/Relu");
    case Activation::leaky_relu:
        return g.node("LeakyRelu", {x}, name + "/LeakyRelu", float(kLeakyReluSlope));
    case Activation::elu:
        return g.node("Elu", {x}, name + "/Elu", float(kEluAlpha));
    case Activation::sigmoid:
        return g.node("Sigmoid", {x}, name + "/Sigmoid");
    case Activation::tanh:
        return g.node("Tanh", {x}, name + "/Tanh");
    }
    return x;
}

// Dense: z = x W + b (MatMul, Add), x (N, in), W (in, out), b (out), then the activation.
std::string onnx_dense(Graph& g, const ExportLayer& l, const float* params, const std::string& x) {
    const ExportParam& w = l.params[0];
    const ExportParam& b = l.params[1];
    g.initializer(l.name + "/" + w.name, w.shape, params + w.offset);
    g.initializer(l.name + "/" + b.name, b.shape, params + b.offset);
    const std::string xw = g.node("MatMul", {x, l.name + "/" + w.name}, l.name + "/MatMul");
    const std::string z = g.node("Add", {xw, l.name + "/" + b.name}, l.name + "/Add");
    return onnx_activation(g, l.activation, l.name, z);
}

std::string onnx_layer(Graph& g, const ExportLayer& l, const float* params, const std::string& x) {
    switch (l.type) {
    case ExportLayerType::dense:
        return onnx_dense(g, l, params, x);
    default: // refused by onnx_exportable
        return x;
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
        if (t.model.layer(i).type != LayerType::dense)
            return Status::Error(std::string("ONNX export covers dense layers; this model has a ") +
                                 layer_type_name(t.model.layer(i).type) +
                                 " layer (NPZ export writes every weight)");
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
    std::string x = "input";
    if (from_input && scaled) {
        x = g.node("Sub", {x, "scaler/offset"}, "scaler/Sub");
        x = g.node("Div", {x, "scaler/scale"}, "scaler/Div");
    }
    for (const ExportLayer& l : layers)
        if ((l.in_encoder && from_input) || (!l.in_encoder && to_output))
            x = onnx_layer(g, l, t.model.params.data(), x);
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
