// test_experiment_controls.cpp: the Experiment panel's denoising, gradient-clipping, variational
// and sparsity controls, and the image views of the first layer's weights and of sensitivity,
// driven headless (ImGui without a renderer, as test_app.cpp).
// Facts checked: choosing gaussian or masking input noise, a clipping rule, the variational
// checkbox and an L1 weight changes the draft exactly as the config format writes it (and
// "Apply & reset" makes it the session's config); a variational model on a relu code is refused
// with the engine's message naming the field; on Fashion-MNIST the first layer's units are 28 x 28
// images whose pixels are the weights in the diverging map scaled per unit (checked against the
// model's kernel), and sensitivity is one image of 28 x 28 whose brightest pixel is the largest
// increase.
// Not here: GL (tests/page looks at the pictures in Chromium).
#include "app_harness.h"
#include "web/app/image_atlas.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

namespace {

class ExperimentControls : public AppHarness {
  protected:
    // Tall enough that the Experiment panel shows every section without scrolling.
    void SetUp() override { start(1280, 2400); }

    // Clicks the input the App reports as `name`, replaces its text and presses Enter.
    void type_into(const char* name, const char* text) {
        click(name);
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = true;
        press(ImGuiKey_A);
        io.KeyCtrl = false;
        io.AddInputCharactersUTF8(text);
        frame();
        press(ImGuiKey_Enter);
    }
};

TEST_F(ExperimentControls, NoiseClippingVariationalAndSparsityEditTheDraft) {
    ASSERT_TRUE(status()["draft"]["train"].value("noise", json()).is_null()) << "no noise yet";
    choose("noise", 1); // gaussian
    json d = status()["draft"];
    ASSERT_TRUE(d.is_object()) << status()["draft_error"];
    EXPECT_EQ(d["train"]["noise"]["type"], "gaussian");
    EXPECT_EQ(d["train"]["noise"]["factor"], 0.3); // seed 000's factor, the default
    EXPECT_EQ(d["train"]["noise"]["clip"], true);
    choose("noise", 2); // masking
    d = status()["draft"];
    EXPECT_EQ(d["train"]["noise"]["type"], "masking");
    EXPECT_EQ(d["train"]["noise"]["fraction"], 0.25);

    choose("clip", 1); // clipnorm, 1 by default
    d = status()["draft"];
    EXPECT_EQ(d["train"]["optimizer"]["clipnorm"], 1.0);
    choose("clip", 3); // clipvalue keeps the value, the other rules are off
    d = status()["draft"];
    EXPECT_EQ(d["train"]["optimizer"]["clipvalue"], 1.0);
    EXPECT_FALSE(d["train"]["optimizer"].contains("clipnorm"));

    type_into("l1", "0.001");
    d = status()["draft"];
    const json& code = d["model"]["encoder"].back();
    ASSERT_TRUE(code.contains("activity_regularizer")) << code.dump();
    EXPECT_EQ(code["activity_regularizer"]["l1"], 0.001);

    // Applied, the session trains with what was chosen.
    click("apply");
    const json applied = json::parse(app_.config_json());
    EXPECT_EQ(applied["train"]["noise"]["type"], "masking");
    EXPECT_EQ(applied["train"]["optimizer"]["clipvalue"], 1.0);
    EXPECT_EQ(applied["model"]["encoder"].back()["activity_regularizer"]["l1"], 0.001);

    // The default model's code is relu: a variational model needs a linear z_mean layer.
    click("vae");
    const json s = status();
    EXPECT_TRUE(s["draft"].is_null());
    const std::string err = s["draft_error"];
    EXPECT_NE(err.find("variational"), std::string::npos) << err;
    EXPECT_NE(err.find("activation"), std::string::npos) << err;
    EXPECT_EQ(json::parse(app_.config_json()), applied) << "the session is unchanged";
}

class WeightImages : public AppHarness {
  protected:
    void SetUp() override {
        ASSERT_TRUE(std::ifstream(kDataDir + "/fashion_mnist.bin").good())
            << kDataDir << "/fashion_mnist.bin missing: run ./scripts/build native";
        AppHarness::SetUp();
        ASSERT_EQ(load_config(R"({"seed": 3, "data": {"name": "fashion_mnist", "samples": 300},
          "model": {"input": 784,
            "encoder": [{"type": "dense", "units": 24, "activation": "relu"},
                        {"type": "dense", "units": 2, "activation": "linear"}],
            "decoder": [{"type": "dense", "units": 784, "activation": "sigmoid"}]},
          "train": {"epochs": 1, "batch_size": 50, "validation_split": 0.2}})"),
                  "");
        frame();
    }
};

TEST_F(WeightImages, FirstLayerUnitsAreImagesOfTheirWeights) {
    const json s = status();
    ASSERT_EQ(s["weight_tiles"]["count"], 24) << "every unit (at most 64)";
    EXPECT_EQ(s["weight_tiles"]["shape"], json::array({28, 28}));
    const json r = s["ui"]["weight_tiles"];
    EXPECT_GT(r[2].get<float>(), 100) << "the grid has room";
    const ImageAtlas& a = app_.weight_tiles();
    const ae::Model& m = app_.view().model();
    const ae::Layer& l = m.layer(0);
    // Pixels constant over the training images (their weights never learn) are shown neutral.
    const ae::MatrixRM& x = app_.view().x_train_input();
    std::vector<bool> still(784, true);
    for (long i = 1; i < x.rows(); ++i)
        for (int p = 0; p < 784; ++p)
            if (x(i, p) != x(0, p)) still[p] = false;
    const int n_still = int(std::count(still.begin(), still.end(), true));
    ASSERT_GT(n_still, 0) << "the corners of 240 Fashion-MNIST images are all 0";
    ASSERT_LT(n_still, 200);
    EXPECT_EQ(s["weight_tiles"]["still_pixels"], n_still);
    const int corner = 0, lit = 405;
    ASSERT_TRUE(still[corner]);
    ASSERT_FALSE(still[lit]);
    unsigned char neutral[3];
    ImageAtlas::diverging(0.0f, neutral);
    for (int u : {0, 7, 23}) {
        float most = 0;
        for (int p = 0; p < 784; ++p)
            if (!still[p])
                most = std::max(most, std::fabs(m.params[l.w_offset + long(p) * 24 + u]));
        for (int p = 0; p < 784; ++p) {
            unsigned char want[3];
            ImageAtlas::diverging(still[p] ? 0.0f : m.params[l.w_offset + long(p) * 24 + u] / most,
                                  want);
            const unsigned char* got = a.pixel(u, p / 28, p % 28);
            ASSERT_EQ(got[0], want[0]) << "unit " << u << " pixel " << p;
            ASSERT_EQ(got[2], want[2]) << "unit " << u << " pixel " << p;
        }
        EXPECT_EQ(a.pixel(u, 0, 0)[1], neutral[1]);
        EXPECT_NE(a.pixel(u, lit / 28, lit % 28)[1], neutral[1]) << "a learned weight is not 0";
    }
    // Off: the matrix heatmap again.
    click("weights_as_images");
    EXPECT_EQ(status()["weight_tiles"]["count"], 0);
}

TEST_F(WeightImages, SensitivityOfImagesIsAnImage) {
    click("tab_features");
    click("run_sensitivity");
    const json s = status();
    EXPECT_GT(s["ui"]["sens_image"][2].get<float>(), 40) << "drawn as an image";
    const ImageAtlas& a = app_.sens_image();
    ASSERT_EQ(a.count(), 1);
    EXPECT_EQ(a.tile_height(), 28);
    // The brightest pixel is white: the largest increase, scaled to 1.
    int white = 0;
    for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c)
            white += a.pixel(0, r, c)[0] == 255;
    EXPECT_GE(white, 1);
}

} // namespace
