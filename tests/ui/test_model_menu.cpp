// test_model_menu.cpp: the Training panel's Model menu (web/panel_model.cpp) driven headless, with
// clicks on the rectangles status_json reports. Natively platform::download_bytes keeps the last
// download in memory (platform::last_download), so the tests read what the browser would save.
// Facts checked: "Download model" gives the session's model file (its weights bit for bit); the
// ONNX / NPZ / CSV entries give the engine's exports of the same weights; opening a corrupt file
// shows the loader's message and leaves the session as it was; opening a good file replaces the
// session with its weights and history.
// Not here: the browser's file picker and download (tests/page/export.test.mjs).
#include "app_harness.h"

#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "engine/io/export_results.h"
#include "engine/io/model_file.h"

#include <gtest/gtest.h>

namespace {

class ModelMenuTest : public AppHarness {
  protected:
    // Opens the menu, clicks the entry, returns the download it made.
    platform::Download choose(const char* entry) {
        click("model_menu");
        EXPECT_TRUE(status()["model_menu_open"].get<bool>());
        click(entry);
        EXPECT_FALSE(status()["model_menu_open"].get<bool>());
        return platform::last_download();
    }
    // A small experiment trained to its end with the Train button: 2 epochs of 160 samples.
    void train_small() {
        ASSERT_EQ(load_config(R"({"seed": 3,
          "data": {"name": "uniform", "samples": 200, "features": 10, "scaling": "minmax"},
          "model": {"input": 10, "encoder": [{"type": "dense", "units": 3, "activation": "relu"}],
                    "decoder": [{"type": "dense", "units": 10, "activation": "sigmoid"}]},
          "train": {"epochs": 2, "batch_size": 32, "validation_split": 0.2}})"),
                  "");
        click("train");
        ASSERT_TRUE(frames_until([](const json& s) { return s["done"].get<bool>(); }, 500));
    }
    std::string open_model(const std::string& name, const std::string& bytes) {
        const auto hold = app_.lock_session();
        return app_.open_model(name, bytes, double(bytes.size()));
    }
};

TEST_F(ModelMenuTest, DownloadsAreTheEnginesFilesOfTheCurrentWeights) {
    train_small();
    const json s = status();
    const platform::Download model = choose("model_download");
    EXPECT_EQ(model.name, "model.aeplay");
    ae::TrainedModel t;
    ASSERT_TRUE(ae::load_model(model.bytes, "model.aeplay", &t).ok());
    EXPECT_EQ(t.config.seed, 3u);
    EXPECT_EQ(t.history.loss, s["history"]["loss"].get<std::vector<double>>());
    EXPECT_EQ(long(t.model.params.size()), s["params"].get<long>());

    const platform::Download onnx = choose("model_onnx_encoder");
    EXPECT_EQ(onnx.name, "model_encoder.onnx");
    EXPECT_EQ(onnx.bytes, ae::export_onnx(t, ae::OnnxPart::encoder));
    EXPECT_EQ(choose("model_onnx_full").bytes, ae::export_onnx(t, ae::OnnxPart::full));
    EXPECT_EQ(choose("model_onnx_decoder").bytes, ae::export_onnx(t, ae::OnnxPart::decoder));
    const platform::Download npz = choose("model_npz");
    EXPECT_EQ(npz.name, "model.npz");
    EXPECT_EQ(npz.bytes, ae::export_npz(t));
    EXPECT_EQ(choose("model_history_csv").bytes, ae::history_csv(t.history));

    const platform::Download errors = choose("model_errors_csv");
    EXPECT_EQ(errors.name, "errors.csv");
    size_t rows = 0;
    for (char c : errors.bytes)
        rows += c == '\n';
    EXPECT_EQ(rows, 1u + 40u); // header + the validation split (20% of 200)
    EXPECT_EQ(errors.bytes.rfind("sample,error,anomaly\n0,", 0), 0u);

    // Reset after the downloads, then reopen the downloaded model (the page test's path).
    click("reset");
    for (int i = 0; i < 30; ++i)
        frame();
    EXPECT_EQ(status()["samples_seen"], 0);
    EXPECT_EQ(open_model("mine.aeplay", model.bytes), "");
    for (int i = 0; i < 30; ++i)
        frame();
    EXPECT_EQ(status()["history"]["loss"], s["history"]["loss"]);
}

TEST_F(ModelMenuTest, ACorruptFileIsRefusedAGoodOneReplacesTheSession) {
    train_small();
    click("model_menu");
    click("model_download");
    const std::string saved = platform::last_download().bytes;
    const json before = status();

    std::string corrupt = saved;
    corrupt[corrupt.size() / 2] ^= 0x55;
    const std::string err = open_model("bad.aeplay", corrupt);
    EXPECT_EQ(err, "bad.aeplay: checksum mismatch: the file is corrupted");
    frame();
    json after = status();
    EXPECT_EQ(after["last_load_error"], err);
    EXPECT_EQ(after["samples_seen"], before["samples_seen"]);
    EXPECT_EQ(after["history"], before["history"]);

    // A new start, then the saved file: back to its weights and history.
    click("reset");
    EXPECT_EQ(status()["samples_seen"], 0);
    EXPECT_EQ(open_model("mine.aeplay", saved), "");
    frame();
    after = status();
    EXPECT_EQ(after["config_source"], "mine.aeplay");
    EXPECT_EQ(after["samples_seen"], 320); // 2 epochs of 160 samples
    EXPECT_EQ(after["history"], before["history"]);
    EXPECT_EQ(after["history"]["loss"].size(), 2u);
    EXPECT_TRUE(after["done"].get<bool>());
    click("model_menu");
    click("model_download");
    EXPECT_EQ(platform::last_download().bytes, saved); // same weights, history, scaler, config
}

} // namespace
