// test_app.cpp: the page's App (web/app.cpp) driven headless for N frames: ImGui with no renderer
// and no window, the App built natively (platform.h: steady_clock, a GL-less heatmap, training
// time-sliced in frame() exactly like aeplay.js). Buttons are clicked like a user would: mouse
// moves to the centre of the rectangle the App reports in status_json's "ui", presses, releases.
// Facts checked: the default experiment (seed 000, 17,838 params, 50 epochs) is loaded; Train
// trains the golden run's numbers (tests/golden/seed000_history.json, 1e-6 relative); Pause
// stops; Step runs exactly one mini-batch (64, or the remainder that closes the epoch); a bad
// config is refused with the engine's message and leaves the session alone, a good one replaces
// it; the layout stays inside the display at 1280x800 and 1920x1080 over 300 frames.
// Not here: anything GL or browser (tests/page drives the real page in Chromium).
#include "app_harness.h"
#include "imgui_internal.h" // GetFocusID: where keyboard navigation is

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>
#include <string>
#include <utility>
#include "engine/data/open_session.h"

namespace {

using nlohmann::json;

constexpr int kDefaultParams = 17838; // seed 000: 100-64-32-10-32-64-100
constexpr int kDefaultEpochs = 50;
constexpr int kBatchSize = 64;
constexpr int kTrainSamples = 4000; // 5000 samples, validation_split 0.2 (Keras: the first 80%)
const char* const kButtons[] = {"train", "pause", "step", "reset"};

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class AppTest : public AppHarness {
  protected:
    // Applies examples/<name> with `samples` and `epochs` and trains it to the end from the Train
    // button; returns the config applied (empty after a failed assertion).
    json train_example(const std::string& name, int samples, int epochs) {
        json cfg = json::parse(read_text(kSourceDir + "/examples/" + name));
        cfg["data"]["samples"] = samples;
        cfg["train"]["epochs"] = epochs;
        EXPECT_EQ(load_config(cfg.dump()), "");
        frame();
        click("train");
        EXPECT_TRUE(frames_until([](const json& s) { return s["done"] == true; }, 5000));
        return cfg;
    }

    // Every rectangle the App reports lies inside the display; returns the first one that does
    // not, or "".
    std::string rect_outside_display(const json& s) {
        const ImVec2 d = ImGui::GetIO().DisplaySize;
        for (const char* name : kButtons) {
            const json& r = s["ui"][name];
            const float x = r[0], y = r[1], w = r[2], h = r[3];
            if (!(w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= d.x && y + h <= d.y))
                return std::string(name) + " " + r.dump();
        }
        for (const App::Background& b : app_.backgrounds())
            if (!(b.w >= 0 && b.h >= 0 && b.x >= 0 && b.y >= 0 && b.x + b.w <= d.x + 0.5f &&
                  b.y + b.h <= d.y + 0.5f))
                return "background " + std::to_string(b.x) + "," + std::to_string(b.y) + " " +
                       std::to_string(b.w) + "x" + std::to_string(b.h);
        return "";
    }

    ImGuiContext* context_ = nullptr;
    App app_;
};

TEST_F(AppTest, StartsWithTheDefaultExample) {
    const json s = status();
    EXPECT_EQ(s["ready"], true);
    EXPECT_EQ(s["threads"], false); // native: time-sliced like aeplay.js
    EXPECT_EQ(s["training"], false);
    EXPECT_EQ(s["params"], kDefaultParams);
    EXPECT_EQ(s["epoch"], 0);
    EXPECT_EQ(s["epochs"], kDefaultEpochs);
    EXPECT_EQ(s["samples_seen"], 0);
    EXPECT_EQ(s["batches_per_epoch"], (kTrainSamples + kBatchSize - 1) / kBatchSize);
    EXPECT_EQ(s["error"], "");
    EXPECT_EQ(s["config_error"], "");
    EXPECT_TRUE(s["history"]["loss"].empty());
    EXPECT_EQ(rect_outside_display(s), "");
    // The four buttons sit side by side, left to right, on one row.
    const json& ui = s["ui"];
    for (int i = 1; i < 4; ++i) {
        EXPECT_GT(ui[kButtons[i]][0].get<float>(),
                  ui[kButtons[i - 1]][0].get<float>() + ui[kButtons[i - 1]][2].get<float>())
            << kButtons[i];
        EXPECT_EQ(ui[kButtons[i]][1], ui["train"][1]) << kButtons[i];
    }
}

TEST_F(AppTest, TrainButtonTrainsTheGoldenRun) {
    click("train");
    ASSERT_EQ(status()["training"], true);
    ASSERT_TRUE(frames_until([](const json& s) { return s["epoch"] >= 2; }, 5000));

    const json s = status();
    const json& loss = s["history"]["loss"];
    const json& val_loss = s["history"]["val_loss"];
    ASSERT_GE(loss.size(), 2u);
    ASSERT_EQ(loss.size(), val_loss.size());
    EXPECT_EQ(loss.size(), size_t(s["epoch"].get<int>()));

    const json golden = json::parse(read_text(kSourceDir + "/tests/golden/seed000_history.json"));
    ASSERT_EQ(golden["params"], kDefaultParams);
    for (size_t e = 0; e < loss.size(); ++e) {
        for (const char* key : {"loss", "val_loss"}) {
            const double got = s["history"][key][e], want = golden["history"][key][e];
            ASSERT_TRUE(std::isfinite(got)) << key << " epoch " << e + 1;
            EXPECT_NEAR(got, want, 1e-6 * std::fabs(want)) << key << " epoch " << e + 1;
        }
    }
}

TEST_F(AppTest, PauseStopsAndStepRunsOneBatch) {
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["samples_seen"] > 0; }, 100));
    click("pause");
    json s = status();
    ASSERT_EQ(s["training"], false);
    const long paused_at = s["samples_seen"];
    for (int i = 0; i < 30; ++i)
        frame();
    s = status();
    EXPECT_EQ(s["samples_seen"], paused_at);
    EXPECT_EQ(s["training"], false);

    // Step: one mini-batch each, training stays off. Step through the end of the epoch: its last
    // batch is the remainder (4000 = 62 x 64 + 32) and closes the epoch (one more history entry).
    const int batches_per_epoch = s["batches_per_epoch"];
    const int start_epoch = s["epoch"];
    bool saw_remainder = false;
    for (int i = 0; i < batches_per_epoch && !saw_remainder; ++i) {
        const json before = status();
        click("step");
        const json after = status();
        const bool last = before["batch"] == batches_per_epoch - 1;
        const long expected =
            last ? kTrainSamples - kBatchSize * (batches_per_epoch - 1) : kBatchSize;
        ASSERT_EQ(after["samples_seen"].get<long>() - before["samples_seen"].get<long>(), expected)
            << "step from batch " << before["batch"];
        ASSERT_EQ(after["training"], false);
        if (last) {
            saw_remainder = true;
            EXPECT_EQ(after["epoch"], start_epoch + 1);
            EXPECT_EQ(after["batch"], 0);
            EXPECT_EQ(after["history"]["loss"].size(), size_t(start_epoch + 1));
        } else {
            EXPECT_EQ(after["batch"], before["batch"].get<int>() + 1);
        }
    }
    EXPECT_TRUE(saw_remainder);
}

// The Latent space tab: opened by a click on its tab, it shows every sample of the evaluation set
// (seed 000: the validation split, 1000 samples) projected with PCA of the 10-wide codes; a click
// in the scatter decodes that point into a full output (100 features) and marks it, and the
// point follows the mouse while the button is held.
TEST_F(AppTest, LatentSpaceTabDecodesTheClickedPoint) {
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["epoch"] >= 1; }, 2000));
    click("pause");
    click("tab_latent_space");
    json s = status();
    ASSERT_EQ(s["analysis_tab"], "Latent space");
    ASSERT_TRUE(s.contains("latent_space"));
    EXPECT_EQ(s["latent_space"]["points"], 1000);
    EXPECT_EQ(s["analysis"]["samples"], 1000);
    EXPECT_EQ(s["latent_space"]["projection"], "pca");
    EXPECT_TRUE(s["latent_space"]["decoded_point"].is_null());
    EXPECT_EQ(s["latent_space"]["decoded_length"], 0);

    // The scatter sits inside the display, below the tab bar.
    const json r = s["ui"]["latent_scatter"];
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ASSERT_GT(r[2].get<float>(), 50);
    ASSERT_GT(r[3].get<float>(), 50);
    EXPECT_LE(r[0].get<float>() + r[2].get<float>(), d.x);
    EXPECT_LE(r[1].get<float>() + r[3].get<float>(), d.y);
    EXPECT_GT(r[1].get<float>(), s["ui"]["tab_latent_space"][1].get<float>());

    click("latent_scatter");
    s = status();
    ASSERT_TRUE(s["latent_space"]["decoded_point"].is_array());
    EXPECT_EQ(s["latent_space"]["decoded_length"], 100);
    const float x0 = s["latent_space"]["decoded_point"][0],
                y0 = s["latent_space"]["decoded_point"][1];

    // Drag right and up with the button held: the decoded point follows (x grows, y grows).
    ImGuiIO& io = ImGui::GetIO();
    const float cx = r[0].get<float>() + r[2].get<float>() * 0.5f,
                cy = r[1].get<float>() + r[3].get<float>() * 0.5f;
    io.MousePos = ImVec2(cx, cy);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MousePos = ImVec2(cx + r[2].get<float>() * 0.25f, cy - r[3].get<float>() * 0.25f);
    frame();
    s = status();
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    EXPECT_GT(s["latent_space"]["decoded_point"][0].get<float>(), x0);
    EXPECT_GT(s["latent_space"]["decoded_point"][1].get<float>(), y0);
}

TEST_F(AppTest, BadConfigIsRefusedGoodConfigReplacesTheSession) {
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["epoch"] >= 1; }, 5000));
    click("pause");
    const json before = status();
    ASSERT_EQ(before["training"], false);

    const std::string error = load_config(R"({"seed": -1})");
    EXPECT_NE(error.find("seed:"), std::string::npos) << error;
    frame();
    json s = status();
    EXPECT_EQ(s["last_load_error"], error);
    for (const char* key : {"params", "epoch", "batch", "samples_seen", "history", "error"})
        EXPECT_EQ(s[key], before[key]) << key;

    EXPECT_EQ(load_config(read_text(kSourceDir + "/examples/seed001_linear.json")), "");
    frame();
    s = status();
    EXPECT_EQ(s["params"], 57); // 5-5-2-5 linear: (5*5+5) + (5*2+2) + (2*5+5)
    EXPECT_EQ(s["epoch"], 0);
    EXPECT_EQ(s["epochs"], 1000);
    EXPECT_EQ(s["samples_seen"], 0);
    EXPECT_EQ(s["training"], false);
    EXPECT_EQ(s["last_load_error"], "");
    EXPECT_TRUE(s["history"]["loss"].empty());
    EXPECT_EQ(rect_outside_display(s), "");
}

// The PCA tab on seed 001 (scaled, lr 0.01, 100 epochs): the principal angles between the linear
// decoder's subspace and PCA's are recorded from epoch 0 on, the smaller one falls, and the last
// record and the MSE-over-k curve equal the engine's on an independent session of the same config.
TEST_F(AppTest, PcaTabRecordsPrincipalAnglesAsTheEngineComputesThem) {
    json cfg = json::parse(read_text(kSourceDir + "/examples/seed001_linear.json"));
    cfg["data"]["scaling"] = "standard";
    cfg["train"]["epochs"] = 100;
    cfg["train"]["optimizer"]["learning_rate"] = 0.01;
    ASSERT_EQ(load_config(cfg.dump()), "");
    frame();
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["done"] == true; }, 5000));
    click("tab_pca");
    const json s = status();
    ASSERT_EQ(s["analysis_tab"], "PCA vs autoencoder");
    ASSERT_TRUE(s.contains("principal_angles")) << s.dump();
    const json& pa = s["principal_angles"];
    ASSERT_GE(pa["epochs"].size(), 2u);
    EXPECT_EQ(pa["epochs"][0], 0);
    EXPECT_EQ(pa["epochs"].back(), 100);
    for (size_t i = 1; i < pa["epochs"].size(); ++i)
        EXPECT_GT(pa["epochs"][i].get<double>(), pa["epochs"][i - 1].get<double>());
    ASSERT_EQ(pa["degrees"].size(), 2u); // k = 2 angles, ascending
    const double first = pa["degrees"][0][0], last = pa["degrees"][0].back();
    EXPECT_LT(last, first * 0.25) << first << " -> " << last;

    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(cfg.dump(), &ref).ok());
    while (!ref->done())
        ref->train_epoch();
    ae::Pca pca;
    pca.fit(ref->x_train());
    std::string why;
    const std::vector<double> angles = ae::decoder_pca_angles_deg(*ref, pca, &why);
    ASSERT_EQ(angles.size(), 2u);
    EXPECT_EQ(pa["degrees"][0].back().get<double>(), angles[0]);
    EXPECT_EQ(pa["degrees"][1].back().get<double>(), angles[1]);
    const ae::PcaComparison c = ae::compare_with_pca(*ref, pca);
    EXPECT_EQ(s["analysis"]["pca_mse_over_k"].get<std::vector<double>>(), c.pca_mse);
    EXPECT_EQ(s["analysis"]["ae_mse"].get<double>(), c.ae_mse);
}

// The Features tab: without labels it has no probe; "Run sensitivity" gives the engine's numbers
// for the trained session (seed 000, 1000 samples, one epoch).
TEST_F(AppTest, FeaturesTabSensitivityMatchesTheEngine) {
    const json cfg = train_example("seed000_dense.json", 1000, 1);
    click("tab_features");
    ASSERT_EQ(status()["analysis_tab"], "Features");
    click("run_sensitivity");
    const json s = status();
    ASSERT_TRUE(s.contains("sensitivity"));
    EXPECT_FALSE(s.contains("probe"));
    EXPECT_EQ(s["sensitivity"]["epoch"], 1);
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(cfg.dump(), &ref).ok());
    while (!ref->done())
        ref->train_epoch();
    const ae::Sensitivity e = ae::session_sensitivity(*ref, 1.0, 256);
    EXPECT_EQ(s["sensitivity"]["samples"], 200); // the validation split is smaller than 256
    EXPECT_EQ(s["sensitivity"]["increase"].get<std::vector<double>>(), e.increase);
    EXPECT_EQ(s["sensitivity"]["base_mse"].get<double>(), e.base_mse);
}

// The probe runs a slice per frame (MNIST's 784 raw features take many frames): the page keeps
// drawing, reports its progress, and ends on ae::probe_codes' numbers for the same session.
TEST_F(AppTest, FeaturesTabProbeRunsInSlicesToTheEnginesNumbers) {
    const json cfg = train_example("mnist_dense.json", 600, 1);
    click("tab_features");
    ASSERT_EQ(status()["analysis_tab"], "Features");
    click("run_probe");
    int frames_running = 0;
    double last = 0.0;
    ASSERT_TRUE(frames_until(
        [&](const json& s) {
            if (!s.contains("probe_progress")) return s.contains("probe");
            EXPECT_GE(s["probe_progress"].get<double>(), last); // never goes back
            last = s["probe_progress"].get<double>();
            ++frames_running;
            return false;
        },
        20000));
    EXPECT_GT(frames_running, 10) << "the probe ran in slices, not in one frame";
    const json p = status()["probe"];
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(cfg.dump(), &ref, kDataDir).ok());
    while (!ref->done())
        ref->train_epoch();
    ae::Pca pca;
    pca.fit(ref->x_train());
    const ae::ProbeComparison e = ae::probe_codes(*ref, pca, ae::ProbeOptions{});
    EXPECT_EQ(p["epoch"], 1);
    EXPECT_EQ(p["raw"]["folds"].get<std::vector<double>>(), e.raw.fold_accuracy);
    EXPECT_EQ(p["pca"]["folds"].get<std::vector<double>>(), e.pca.fold_accuracy);
    EXPECT_EQ(p["autoencoder"]["folds"].get<std::vector<double>>(), e.autoencoder.fold_accuracy);
    EXPECT_GT(e.raw.mean, 2 * e.raw.chance) << "digits are far above chance for a linear probe";
}

// The keyboard: Space trains and pauses; with a panel focused, the arrow keys move ImGui's
// navigation cursor from widget to widget (keyboard navigation is on), and then Space belongs to
// the focused widget, not to training.
TEST_F(AppTest, KeyboardTrainsAndNavigates) {
    ImGuiIO& io = ImGui::GetIO();
    ASSERT_TRUE(io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard);
    press(ImGuiKey_Space);
    EXPECT_EQ(status()["training"], true);
    const long seen = status()["samples_seen"].get<long>();
    frame();
    EXPECT_GT(status()["samples_seen"].get<long>(), seen) << "Space started training";
    press(ImGuiKey_Space);
    EXPECT_EQ(status()["training"], false);

    click("step"); // focuses the Training panel (and trains one batch)
    const ImGuiID before = ImGui::GetFocusID();
    press(ImGuiKey_RightArrow);
    EXPECT_TRUE(io.NavVisible);
    const ImGuiID after = ImGui::GetFocusID();
    EXPECT_NE(after, 0u);
    EXPECT_NE(after, before) << "the arrow moved the focus to another widget";
    press(ImGuiKey_Space); // presses the focused widget; training stays paused
    EXPECT_EQ(status()["training"], false);
}

// The Errors, PCA and Features tabs, each drawn for 60 frames while seed 000 trains (ImGui's
// asserts are on): nothing leaves the display, and the Errors tab's threshold follows its rule.
TEST_F(AppTest, AnalysisTabsDrawWhileTraining) {
    click("train");
    for (const char* tab : {"tab_errors", "tab_pca", "tab_features"}) {
        click(tab);
        for (int i = 0; i < 60; ++i) {
            frame();
            ASSERT_EQ(rect_outside_display(status()), "") << tab << " frame " << i;
        }
    }
    click("pause");
    click("tab_errors");
    const json s = status();
    ASSERT_EQ(s["analysis_tab"], "Errors & anomalies");
    EXPECT_EQ(s["analysis"]["threshold_mode"], "mean + k std");
    EXPECT_DOUBLE_EQ(s["analysis"]["threshold"].get<double>(),
                     s["analysis"]["error_mean"].get<double>() +
                         3 * s["analysis"]["error_std"].get<double>());
    EXPECT_EQ(s["analysis"]["ground_truth"], false);
    EXPECT_EQ(s["principal_angles"]["why"],
              "defined for a decoder of one dense layer with a linear activation (this one has 3 "
              "layers)");
}

// Training and drawing for 300 frames at each size: nothing crashes (ImGui's own asserts are on,
// see imgui_test_config.h) and the layout never leaves the display.
class AppLayoutTest : public AppTest, public ::testing::WithParamInterface<std::pair<int, int>> {
  protected:
    void SetUp() override { start(float(GetParam().first), float(GetParam().second)); }
};

TEST_P(AppLayoutTest, StaysInsideTheDisplayOver300Frames) {
    EXPECT_EQ(rect_outside_display(status()), "");
    click("train");
    for (int i = 0; i < 300; ++i) {
        frame();
        const json s = status();
        ASSERT_EQ(rect_outside_display(s), "") << "frame " << i;
        ASSERT_EQ(s["error"], "") << "frame " << i;
    }
    const json s = status();
    EXPECT_GT(s["samples_seen"].get<long>(), 0);
    EXPECT_EQ(s["history"]["loss"].size(), s["history"]["val_loss"].size());
}

INSTANTIATE_TEST_SUITE_P(Sizes, AppLayoutTest,
                         ::testing::Values(std::make_pair(1280, 800), std::make_pair(1920, 1080)),
                         [](const ::testing::TestParamInfo<std::pair<int, int>>& info) {
                             return std::to_string(info.param.first) + "x" +
                                    std::to_string(info.param.second);
                         });

} // namespace

// The Denoising tab (web/tab_denoise.cpp): after training examples/denoise_sequences.json, its
// numbers are the engine's denoise_report at the tab's level (defaults: the config's train.noise),
// a click on the level slider recomputes them at the new level, the sweep runs over 0 to twice
// the training level, and all six tabs fit side by side in the Analysis panel at 1280x800.
TEST_F(AppTest, DenoiseTabShowsTheEngineReportAtTheSliderLevel) {
    const std::string text = read_text(kSourceDir + "/examples/denoise_sequences.json");
    ASSERT_EQ(load_config(text), "");
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["done"] == true; }, 5000));
    click("tab_denoise");
    json s = status();
    ASSERT_EQ(s["analysis_tab"], "Denoising");
    ASSERT_TRUE(s.contains("denoise"));
    EXPECT_EQ(s["denoise"]["type"], "gaussian");
    EXPECT_EQ(s["denoise"]["level"].get<double>(), 0.3); // the config's factor

    // The same experiment trained by the engine directly, reported at the page's level.
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(text, &ref).ok());
    while (!ref->done())
        ref->train_epoch();
    auto expect_engine_numbers = [&](const json& st) {
        ae::DenoiseSpec spec = ae::default_denoise_spec(ref->config());
        spec.factor = st["denoise"]["level"].get<double>();
        const ae::DenoiseReport r = ae::denoise_report(*ref, spec);
        EXPECT_EQ(st["denoise"]["samples"], r.samples);
        EXPECT_EQ(st["denoise"]["mse_noisy"].get<double>(), r.mse_noisy);
        EXPECT_EQ(st["denoise"]["mse_denoised"].get<double>(), r.mse_denoised);
        EXPECT_EQ(st["denoise"]["noise_reduction_percent"].get<double>(),
                  r.noise_reduction_percent);
    };
    expect_engine_numbers(s);
    const json levels = s["denoise"]["sweep"]["levels"];
    ASSERT_EQ(levels.size(), 9u);
    EXPECT_DOUBLE_EQ(levels.back().get<double>(), 0.6);

    // A click at a quarter of the slider's width: a lower level, new numbers, the same sweep.
    const json r = s["ui"]["denoise_level"];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r[0].get<float>() + r[2].get<float>() * 0.25f,
                         r[1].get<float>() + r[3].get<float>() * 0.5f);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    const json after = status();
    const double level = after["denoise"]["level"];
    EXPECT_GT(level, 0.05);
    EXPECT_LT(level, 0.25);
    EXPECT_LT(after["denoise"]["mse_noisy"].get<double>(), s["denoise"]["mse_noisy"].get<double>());
    expect_engine_numbers(after);
    EXPECT_EQ(after["denoise"]["sweep"], s["denoise"]["sweep"]);

    // The seven tabs: one row, left to right, none overlapping, none shrunk below its label (ImGui
    // squeezes tabs that do not fit), inside the display.
    const std::pair<const char*, const char*> tabs[] = {{"tab_reconstruction", "Reconstruction"},
                                                        {"tab_errors", "Errors"},
                                                        {"tab_pca", "PCA"},
                                                        {"tab_latent", "Codes"},
                                                        {"tab_latent_space", "Latent space"},
                                                        {"tab_denoise", "Denoise"},
                                                        {"tab_features", "Features"}};
    float right = 0;
    for (const auto& [tab, label] : tabs) {
        const json t = after["ui"][tab];
        EXPECT_EQ(t[1].get<float>(), after["ui"]["tab_denoise"][1].get<float>()) << tab;
        EXPECT_GE(t[0].get<float>(), right) << tab;
        EXPECT_GE(t[2].get<float>(), ImGui::CalcTextSize(label).x) << tab;
        right = t[0].get<float>() + t[2].get<float>();
    }
    EXPECT_LE(right, ImGui::GetIO().DisplaySize.x);
}

// The Denoising tab on image data (MNIST, 28 x 28): the noisy / denoised / clean images are drawn
// as one rectangle per pixel, which must stay inside ImGui's 16-bit draw lists (IM_ASSERT on in
// this build), and the numbers are still the engine's. The App reads the image sets from the
// build's build/data (scripts/build prepares them).
TEST_F(AppTest, DenoiseTabDrawsImagesWithinTheDrawListLimits) {
    const std::string build_dir = kSourceDir + "/build";
    if (!std::ifstream(build_dir + "/data/mnist.bin"))
        GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    const std::string text = R"({"seed": 5, "data": {"name": "mnist", "samples": 300},
      "model": {"input": 784, "encoder": [{"type": "dense", "units": 32, "activation": "relu"}],
                "decoder": [{"type": "dense", "units": 784, "activation": "sigmoid"}]},
      "train": {"epochs": 2, "validation_split": 0.2,
                "noise": {"type": "gaussian", "factor": 0.5}}})";
    const std::string error = load_config(text);
    std::unique_ptr<ae::Session> ref;
    const bool created = ae::open_session(text, &ref, build_dir + "/data").ok();
    ASSERT_EQ(error, "");
    ASSERT_TRUE(created);
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["done"] == true; }, 5000));
    click("tab_denoise");
    for (int i = 0; i < 5; ++i)
        frame(); // the images drawn a few times (a vertex overflow asserts in Render)
    const json s = status();
    ASSERT_EQ(s["analysis_tab"], "Denoising");
    EXPECT_EQ(s["denoise"]["type"], "gaussian"); // no noisy pixel is black: the most rectangles
    EXPECT_EQ(s["denoise"]["level"].get<double>(), 0.5);
    while (!ref->done())
        ref->train_epoch();
    const ae::DenoiseReport r = ae::denoise_report(*ref, ae::default_denoise_spec(ref->config()));
    EXPECT_EQ(s["denoise"]["samples"], 60);
    EXPECT_EQ(s["denoise"]["mse_noisy"].get<double>(), r.mse_noisy);
    EXPECT_EQ(s["denoise"]["mse_denoised"].get<double>(), r.mse_denoised);
}

// The accessible layer: the canvas described in text (training state and losses, the Analysis
// numbers) and events announced (training started, paused, finished), as a screen reader gets
// them through the page's aria-live region.
TEST_F(AppTest, DescribesTheCanvasAndAnnouncesTrainingEvents) {
    json a = status()["a11y"];
    EXPECT_NE(a["description"].get<std::string>().find("an autoencoder of 17838 parameters"),
              std::string::npos)
        << a["description"];
    EXPECT_NE(a["announcement"].get<std::string>().find("Not started: epoch 0 of 50"),
              std::string::npos)
        << a["announcement"];
    click("train");
    EXPECT_EQ(status()["a11y"]["announcement"].get<std::string>().rfind("Training: epoch", 0), 0u)
        << status()["a11y"];
    ASSERT_TRUE(frames_until([](const json& s) { return s["epoch"].get<int>() >= 2; }, 2000));
    click("pause");
    a = status()["a11y"];
    const std::string said = a["announcement"];
    EXPECT_EQ(said.rfind("Paused: epoch", 0), 0u) << said;
    EXPECT_NE(said.find("Training loss"), std::string::npos) << said;
    EXPECT_NE(said.find("validation loss"), std::string::npos) << said;
    click("tab_errors"); // evaluates the model
    // The description follows within kDescribeMs of wall time.
    const auto t0 = std::chrono::steady_clock::now();
    while (status()["a11y"]["description"].get<std::string>().find("reconstruction MSE") ==
               std::string::npos &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
        frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const std::string d = status()["a11y"]["description"];
    EXPECT_NE(d.find("Paused: epoch"), std::string::npos) << d;
    EXPECT_NE(d.find("Anomaly threshold mean + 3 std"), std::string::npos) << d;
}
