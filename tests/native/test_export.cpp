// Exports for other tools: the NPZ archive loaded by NumPy (np.load, Debian's /usr/bin/python3)
// and run there as an independent forward pass (tests/reference/npz_forward.py), its names,
// dtypes and shapes, zip's CRC-32 against its published check value, the ONNX part names, and a
// session opened from a model file (the page's "Open model").
// ONNX Runtime runs the ONNX exports in tests/wasm/onnx.test.mjs.
#include "export_npz.h"
#include "export_onnx.h"
#include "test_util.h"

#include <cmath>
#include <nlohmann/json.hpp>

using namespace ae;

namespace {
bool have_numpy() {
    return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

// A small model trained for a few epochs, as a user would save and reload it.
TrainedModel trained(const std::string& config_json) {
    std::unique_ptr<Session> s;
    const Status st = Session::create(config_json, &s);
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

TEST(OpenModel, ASessionFromAModelFileHasItsWeightsHistoryAndOutputs) {
    std::unique_ptr<Session> s;
    ASSERT_TRUE(Session::create(relu_linear("standard"), &s).ok());
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
