// Exports for other tools: the NPZ archive loaded by NumPy (np.load, Debian's /usr/bin/python3)
// and run there as an independent forward pass (tests/reference/npz_forward.py), its names,
// dtypes and shapes, zip's CRC-32 against its published check value, the ONNX part names, the
// ONNX graph of a convolutional model with odd sizes read back by a small protobuf reader (node op
// types in order, hand-computed pads, initializer shapes, a transposed kernel's values), and a
// session opened from a model file (the page's "Open model").
// ONNX Runtime runs the ONNX exports in tests/wasm/onnx.test.mjs.
#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

using namespace ae;

namespace {
bool have_numpy() {
    return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

// A small model trained for a few epochs, as a user would save and reload it.
TrainedModel trained(const std::string& config_json) {
    std::unique_ptr<Session> s;
    const Status st = open_session(config_json, &s);
    EXPECT_TRUE(st.ok()) << st.error;
    while (!s->done())
        s->train_epoch();
    TrainedModel t;
    EXPECT_TRUE(load_model(save_model(*s), "m.aeplay", &t).ok());
    return t;
}

// Every activation, in two models; scaled (standard, minmax) and unscaled data.
const char* kAllActivations = R"({"seed": 5,
  "data": {"name": "uniform", "samples": 200, "features": 12, "scaling": "standard"},
  "model": {"input": 12,
    "encoder": [{"type": "dense", "units": 8, "activation": "elu"},
                {"type": "dense", "units": 3, "activation": "leaky_relu"}],
    "decoder": [{"type": "dense", "units": 8, "activation": "tanh"},
                {"type": "dense", "units": 12, "activation": "sigmoid"}]},
  "train": {"epochs": 3, "batch_size": 32}})";
const char* kReluLinear = R"({"seed": 6,
  "data": {"name": "uniform", "samples": 200, "features": 10, "scaling": "%s"},
  "model": {"input": 10, "encoder": [{"type": "dense", "units": 4, "activation": "relu"}],
            "decoder": [{"type": "dense", "units": 10, "activation": "linear"}]},
  "train": {"epochs": 3, "batch_size": 32}})";

std::string relu_linear(const char* scaling) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, kReluLinear, scaling);
    return buf;
}

// Raw inputs around the data's range, some outside it.
MatrixRM inputs(int n, int d) {
    MatrixRM x(n, d);
    Rng rng(99, kStreamInit);
    for (long i = 0; i < x.size(); ++i)
        x.data()[i] = 1.4f * rng.uniform() - 0.2f;
    return x;
}

nlohmann::json numpy_forward(const TrainedModel& t, const MatrixRM& x) {
    const std::string npz = temp_path("export.npz");
    std::ofstream(npz, std::ios::binary) << export_npz(t);
    nlohmann::json req;
    req["npz"] = npz;
    for (long i = 0; i < x.rows(); ++i)
        req["x"].push_back(std::vector<float>(x.row(i).data(), x.row(i).data() + x.cols()));
    const std::string in = temp_path("npz_req.json"), out = temp_path("npz_out.json");
    std::ofstream(in) << req.dump();
    const std::string cmd = "/usr/bin/python3 " + source_path("tests/reference/npz_forward.py") +
                            " <" + in + " >" + out;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return nlohmann::json::parse(read_text(out));
}

void expect_numpy_agrees(TrainedModel& t) {
    const MatrixRM x = inputs(16, t.model.input_dim());
    MatrixRM z, xr;
    ASSERT_TRUE(serve_encode(t, x, &z).ok());
    ASSERT_TRUE(serve_reconstruct(t, x, &xr).ok());
    const auto ref = numpy_forward(t, x);
    for (long i = 0; i < x.rows(); ++i) {
        for (long j = 0; j < z.cols(); ++j)
            ASSERT_NEAR(z(i, j), ref["encoded"][i][j].get<double>(), 1e-5) << i << "," << j;
        for (long j = 0; j < xr.cols(); ++j) {
            const double r = ref["reconstructed"][i][j].get<double>();
            ASSERT_NEAR(xr(i, j), r, 1e-5 * std::max(1.0, std::fabs(r))) << i << "," << j;
        }
    }
}
} // namespace

TEST(Export, Crc32MatchesTheCheckValue) {
    EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u); // the CRC-32/ISO-HDLC check value
    EXPECT_EQ(crc32("", 0), 0u);
}

TEST(Export, NpzForwardPassInNumpyMatchesTheEngine) {
    if (!have_numpy()) GTEST_SKIP() << "/usr/bin/python3 with numpy not installed";
    TrainedModel all = trained(kAllActivations);
    expect_numpy_agrees(all);
    for (const char* scaling : {"none", "minmax"}) {
        TrainedModel t = trained(relu_linear(scaling));
        expect_numpy_agrees(t);
    }
}

TEST(Export, NpzHasKerasNamesAndShapes) {
    if (!have_numpy()) GTEST_SKIP() << "/usr/bin/python3 with numpy not installed";
    const TrainedModel t = trained(kAllActivations);
    const auto arrays = numpy_forward(t, inputs(1, 12))["arrays"];
    const nlohmann::json expected = {{"encoder_1/kernel", {12, 8}}, {"encoder_1/bias", {8}},
                                     {"encoder_2/kernel", {8, 3}},  {"encoder_2/bias", {3}},
                                     {"decoder_1/kernel", {3, 8}},  {"decoder_1/bias", {8}},
                                     {"decoder_2/kernel", {8, 12}}, {"decoder_2/bias", {12}},
                                     {"scaler/offset", {12}},       {"scaler/scale", {12}}};
    EXPECT_EQ(arrays.size(), expected.size() + 1); // and "config"
    for (const auto& [name, shape] : expected.items()) {
        ASSERT_TRUE(arrays.contains(name)) << name << " in " << arrays.dump();
        EXPECT_EQ(arrays[name]["shape"], shape) << name;
        EXPECT_EQ(arrays[name]["dtype"], "float32") << name;
    }
    EXPECT_EQ(arrays["config"]["dtype"], "uint8");
    // Without a scaler there are no scaler arrays.
    const auto plain = numpy_forward(trained(relu_linear("none")), inputs(1, 10))["arrays"];
    EXPECT_FALSE(plain.contains("scaler/offset"));
    EXPECT_EQ(plain.size(), 5u);
}

TEST(Export, SameModelGivesTheSameBytes) {
    const TrainedModel a = trained(kAllActivations), b = trained(kAllActivations);
    EXPECT_EQ(export_npz(a), export_npz(b));
    EXPECT_EQ(export_onnx(a, OnnxPart::full), export_onnx(b, OnnxPart::full));
    EXPECT_NE(export_onnx(a, OnnxPart::encoder), export_onnx(a, OnnxPart::full));
}

TEST(Export, OnnxPartNames) {
    OnnxPart p = OnnxPart::full;
    EXPECT_TRUE(parse_onnx_part("encoder", &p).ok());
    EXPECT_EQ(p, OnnxPart::encoder);
    EXPECT_TRUE(parse_onnx_part("decoder", &p).ok());
    EXPECT_EQ(p, OnnxPart::decoder);
    const Status st = parse_onnx_part("middle", &p);
    EXPECT_EQ(st.error, "ONNX part: \"middle\" is not a part; accepted: encoder, decoder, full");
    EXPECT_EQ(p, OnnxPart::decoder); // unchanged
}

namespace {
// A protobuf message read back: each field number's values, varints as numbers and
// length-delimited fields as bytes (an independent reader of what export_onnx writes).
struct Fields {
    std::map<int, std::vector<uint64_t>> ints;
    std::map<int, std::vector<std::string>> bytes;
};

Fields read_proto(const std::string& s) {
    Fields f;
    size_t at = 0;
    auto varint = [&]() {
        uint64_t v = 0;
        for (int shift = 0;; shift += 7) {
            const uint8_t b = uint8_t(s.at(at++));
            v |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
    };
    while (at < s.size()) {
        const uint64_t key = varint();
        const int field = int(key >> 3), wire = int(key & 7);
        if (wire == 0) {
            f.ints[field].push_back(varint());
        } else if (wire == 2) {
            const size_t n = size_t(varint());
            f.bytes[field].push_back(s.substr(at, n));
            at += n;
        } else {
            EXPECT_EQ(wire, 5) << "field " << field;
            at += 4;
        }
    }
    return f;
}

struct OnnxNode {
    std::string op;
    std::map<std::string, std::vector<long>> ints; // INTS attributes
};

// The graph's nodes in order and its initializers (name -> dims, raw bytes).
struct OnnxGraph {
    std::vector<OnnxNode> nodes;
    std::map<std::string, std::vector<long>> dims;
    std::map<std::string, std::string> raw;
    std::vector<std::string> ops() const {
        std::vector<std::string> out;
        for (const OnnxNode& n : nodes)
            out.push_back(n.op);
        return out;
    }
};

OnnxGraph read_onnx(const std::string& bytes) {
    const Fields model = read_proto(bytes);
    EXPECT_EQ(model.ints.at(1), std::vector<uint64_t>{8}); // ir_version
    EXPECT_EQ(read_proto(model.bytes.at(8).at(0)).ints.at(2), std::vector<uint64_t>{17}); // opset
    const Fields graph = read_proto(model.bytes.at(7).at(0));
    OnnxGraph g;
    for (const std::string& n : graph.bytes.at(1)) {
        const Fields node = read_proto(n);
        OnnxNode o{node.bytes.at(4).at(0), {}};
        if (node.bytes.count(5))
            for (const std::string& a : node.bytes.at(5)) {
                const Fields attr = read_proto(a);
                if (attr.ints.at(20).at(0) != 7) continue; // INTS only
                std::vector<long>& v = o.ints[attr.bytes.at(1).at(0)];
                for (uint64_t x : attr.ints.at(8))
                    v.push_back(long(int64_t(x)));
            }
        g.nodes.push_back(o);
    }
    for (const std::string& t : graph.bytes.at(5)) {
        const Fields tensor = read_proto(t);
        const std::string name = tensor.bytes.at(8).at(0);
        for (uint64_t d : tensor.ints.at(1))
            g.dims[name].push_back(long(d));
        g.raw[name] = tensor.bytes.at(9).at(0);
    }
    return g;
}

// Every layer type on odd sizes: valid and `same` windows that pad only at the bottom / right,
// a conv2d_transpose whose kernel is smaller than its stride (output_padding), cropping.
const char* kOddConv = R"({"seed": 8,
  "data": {"name": "uniform", "samples": 64, "features": 126, "scaling": "minmax"},
  "model": {"input": [9, 7, 2],
    "encoder": [
      {"type": "conv2d", "filters": 3, "kernel_size": 3, "strides": 2, "activation": "relu"},
      {"type": "max_pooling2d", "pool_size": 2, "padding": "same"},
      {"type": "dropout", "rate": 0.1},
      {"type": "flatten"},
      {"type": "dense", "units": 5, "activation": "tanh"}],
    "decoder": [
      {"type": "dense", "units": 12, "activation": "elu"},
      {"type": "reshape", "target_shape": [2, 2, 3]},
      {"type": "up_sampling2d", "size": [2, 3]},
      {"type": "conv2d_transpose", "filters": 4, "kernel_size": [1, 2], "strides": [2, 3]},
      {"type": "conv2d", "filters": 3, "kernel_size": [2, 3], "strides": [1, 2],
       "padding": "same", "activation": "leaky_relu"},
      {"type": "conv2d_transpose", "filters": 2, "kernel_size": 3, "strides": 2,
       "activation": "sigmoid"},
      {"type": "cropping2d", "cropping": [[4, 4], [6, 6]]}]},
  "train": {"epochs": 1, "batch_size": 16}})";
} // namespace

TEST(Export, OnnxGraphOfAConvModelWithOddSizes) {
    const TrainedModel t = trained(kOddConv);
    ASSERT_TRUE(onnx_exportable(t).ok());
    const OnnxGraph full = read_onnx(export_onnx(t, OnnxPart::full));
    // clang-format off
    const std::vector<std::string> ops = {
        "Sub", "Div",                                 // the scaler
        "Reshape", "Transpose", "Conv", "Relu",       // flat -> NCHW, encoder_1
        "MaxPool",                                    // encoder_2 (dropout: nothing)
        "Transpose", "Reshape",                       // encoder_4 flatten: NHWC, then flat
        "MatMul", "Add", "Tanh",                      // encoder_5
        "MatMul", "Add", "Elu",                       // decoder_1 (decoder_2 reshape: lazy)
        "Reshape", "Transpose", "Resize",             // decoder_3
        "ConvTranspose",                              // decoder_4 (linear)
        "Conv", "LeakyRelu",                          // decoder_5
        "ConvTranspose", "Sigmoid",                   // decoder_6
        "Slice",                                      // decoder_7
        "Transpose", "Reshape", "Mul", "Add", "Identity"}; // flat, raw units, "output"
    // clang-format on
    EXPECT_EQ(full.ops(), ops);
    // Pads (top, left, bottom, right), hand-computed from Keras' rules:
    // encoder_1 valid 3x3 / 2 on 9 x 7 -> 4 x 3: the windows end exactly at rows 8 and 6.
    EXPECT_EQ(full.nodes[4].ints.at("pads"), (std::vector<long>{0, 0, 0, 0}));
    EXPECT_EQ(full.nodes[4].ints.at("strides"), (std::vector<long>{2, 2}));
    // encoder_2 same 2x2 / 2 on 4 x 3 -> 2 x 2: one padded column on the right.
    EXPECT_EQ(full.nodes[6].ints.at("pads"), (std::vector<long>{0, 0, 0, 1}));
    // decoder_4 valid (1, 2) / (2, 3) on 4 x 6 -> 8 x 18 (Keras: in * s + max(k - s, 0)):
    // ONNX's 2 * 3 + 1 = 7 and 3 * 5 + 2 = 17 need one row and column of output_padding.
    EXPECT_EQ(full.nodes[18].ints.at("pads"), (std::vector<long>{0, 0, 0, 0}));
    EXPECT_EQ(full.nodes[18].ints.at("output_padding"), (std::vector<long>{1, 1}));
    // decoder_5 same (2, 3) / (1, 2) on 8 x 18 -> 8 x 9: totals 1 and 1, both after.
    EXPECT_EQ(full.nodes[19].ints.at("pads"), (std::vector<long>{0, 0, 1, 1}));
    // decoder_6 valid 3x3 / 2 on 8 x 9 -> 17 x 19 = 2 * 7 + 3, 2 * 8 + 3: no padding.
    EXPECT_EQ(full.nodes[21].ints.at("pads"), (std::vector<long>{0, 0, 0, 0}));
    EXPECT_EQ(full.nodes[21].ints.count("output_padding"), 0u);
    // NHWC <-> NCHW.
    EXPECT_EQ(full.nodes[3].ints.at("perm"), (std::vector<long>{0, 3, 1, 2}));
    EXPECT_EQ(full.nodes[7].ints.at("perm"), (std::vector<long>{0, 2, 3, 1}));

    // Initializers: ONNX's kernel layouts, Keras' names.
    const std::map<std::string, std::vector<long>> shapes = {
        {"encoder_1/kernel", {3, 2, 3, 3}}, // (filters, in, kh, kw)
        {"encoder_1/bias", {3}},
        {"encoder_5/kernel", {12, 5}},
        {"decoder_4/kernel", {3, 4, 1, 2}}, // ConvTranspose: (in, filters, kh, kw)
        {"decoder_4/bias", {4}},
        {"decoder_5/kernel", {3, 4, 2, 3}},
        {"decoder_6/kernel", {3, 2, 3, 3}},
        {"decoder_6/bias", {2}},
        {"decoder_3/scales", {4}},
        {"decoder_7/starts", {2}},
        {"scaler/offset", {126}}};
    for (const auto& [name, dims] : shapes)
        EXPECT_EQ(full.dims.at(name), dims) << name;
    // encoder_1's ONNX kernel [o][i][y][x] is Keras' [y][x][i][o] (kernel (3, 3, 2, 3)).
    const Layer& c1 = t.model.layer(0);
    for (const int flat : {0, 1, 17, 40, 53}) { // (o, i, y, x) over (3, 2, 3, 3)
        const int o = flat / 18, i = flat / 9 % 2, y = flat / 3 % 3, x = flat % 3;
        float v;
        std::memcpy(&v, full.raw.at("encoder_1/kernel").data() + 4 * flat, 4);
        EXPECT_EQ(v, t.model.params[c1.w_offset + ((y * 3 + x) * 2 + i) * 3 + o]) << flat;
    }
    // decoder_4's ONNX kernel [c_in][f][y][x] is Keras' (1, 2, filters 4, in 3) [y][x][f][c_in].
    const Layer& t4 = t.model.layer(8);
    for (const int flat : {0, 5, 13, 23}) { // (c_in, f, y, x) over (3, 4, 1, 2)
        const int ci = flat / 8, f = flat / 2 % 4, x = flat % 2;
        float v;
        std::memcpy(&v, full.raw.at("decoder_4/kernel").data() + 4 * flat, 4);
        EXPECT_EQ(v, t.model.params[t4.w_offset + (x * 4 + f) * 3 + ci]) << flat;
    }
    // decoder_7 keeps rows [4, 13) and columns [6, 13) of 17 x 19.
    const std::string& ends = full.raw.at("decoder_7/ends");
    int64_t e[2];
    std::memcpy(e, ends.data(), 16);
    EXPECT_EQ(e[0], 13);
    EXPECT_EQ(e[1], 13);

    // The encoder ends flat at the latent layer; the decoder starts there.
    const std::vector<std::string> enc = read_onnx(export_onnx(t, OnnxPart::encoder)).ops();
    EXPECT_EQ(std::vector<std::string>(enc.end() - 4, enc.end()),
              (std::vector<std::string>{"MatMul", "Add", "Tanh", "Identity"}));
    const std::vector<std::string> dec = read_onnx(export_onnx(t, OnnxPart::decoder)).ops();
    EXPECT_EQ(std::vector<std::string>(dec.begin(), dec.begin() + 3),
              (std::vector<std::string>{"MatMul", "Add", "Elu"}));
    EXPECT_EQ(dec.size(), ops.size() - 12); // no Sub, Div, encoder layers
}

TEST(OpenModel, ASessionFromAModelFileHasItsWeightsHistoryAndOutputs) {
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(relu_linear("standard"), &s).ok());
    s->train_epoch();
    s->train_epoch(); // 2 of 3 epochs: the opened session can finish the run
    TrainedModel t;
    ASSERT_TRUE(load_model(save_model(*s), "m.aeplay", &t).ok());
    std::unique_ptr<Session> o;
    const Status st = session_from_model(t, "m.aeplay", &o);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_EQ(o->model().params, s->model().params);
    EXPECT_EQ(o->history().loss, s->history().loss);
    EXPECT_EQ(o->history().val_loss, s->history().val_loss);
    EXPECT_EQ(o->progress().epoch, 2);
    EXPECT_EQ(o->progress().samples_seen, s->progress().samples_seen);
    EXPECT_FALSE(o->done());
    EXPECT_EQ(o->evaluate_loss(o->x_val()), s->evaluate_loss(s->x_val()));
    EXPECT_EQ(o->train_epoch(), o->progress().batches_per_epoch);
    EXPECT_TRUE(o->done());
    EXPECT_EQ(o->history().loss.size(), 3u);
    EXPECT_TRUE(std::isfinite(o->history().loss.back()));
}

TEST(OpenModel, AModelWhoseDataChangedIsRefused) {
    TrainedModel t = trained(relu_linear("minmax"));
    t.scaler.offset[0] += 1.0f;
    std::unique_ptr<Session> o;
    const Status st = session_from_model(t, "m.aeplay", &o);
    EXPECT_EQ(st.error, "m.aeplay: the data rebuilt from its config differ from the data it was "
                        "trained on (the saved scaler does not match)");
    EXPECT_EQ(o, nullptr);
}
