// test_images.cpp: the page's image views and the latent space by class, driven headless (as
// test_app.cpp: ImGui without a renderer, the App built natively; image sets read from the
// build's build/data, which ./scripts/build prepares).
// Facts checked: ImageAtlas's colour maps at their ends and middle (grey: 0 -> 0, 1 -> 255;
// residual: 0 -> the heatmap's near-white, -1 / +1 -> its blue / red) and its tile layout
// (every pixel of every tile lands where set, tiles never overlap); with a Fashion-MNIST config,
// the image shape, the legend (the dataset's ten class names), the per-class point counts (equal
// to the labels of an independently created session's validation split), the worst-reconstructed
// list (the top of an independent argsort of the per-sample MSE) and the residual's scale (the
// largest |reconstruction - original| of sample 0, computed here), the traversal grid's and the
// interpolation strip's output counts, and the layout inside 1280x800.
// Not here: GL (tests/page/images.test.mjs looks at the pictures in Chromium).
#include "app_harness.h"
#include "web/app/image_atlas.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include "engine/data/open_session.h"

namespace {

using nlohmann::json;


// A small Fashion-MNIST experiment: 500 images, 100 of them for validation, 2-D bottleneck.
const char* const kFashionConfig = R"({
  "seed": 7,
  "data": {"name": "fashion_mnist", "samples": 500},
  "model": {"input": 784,
    "encoder": [{"type": "dense", "units": 32, "activation": "relu"},
                {"type": "dense", "units": 2, "activation": "linear"}],
    "decoder": [{"type": "dense", "units": 32, "activation": "relu"},
                {"type": "dense", "units": 784, "activation": "sigmoid"}]},
  "train": {"epochs": 1, "batch_size": 50, "validation_split": 0.2, "loss": "binary_crossentropy"}
})";

TEST(ImageAtlas, ColourMapsAtTheirEndsAndMiddle) {
    unsigned char c[3];
    ImageAtlas::gray(0.0f, c);
    EXPECT_EQ(c[0], 0);
    ImageAtlas::gray(1.0f, c);
    EXPECT_EQ(c[0], 255);
    ImageAtlas::gray(0.5f, c);
    EXPECT_EQ(c[0], 128); // round(127.5)
    EXPECT_EQ(c[1], c[0]);
    ImageAtlas::gray(-3.0f, c); // clamped
    EXPECT_EQ(c[0], 0);
    // heatmap_fs.glsl's diverging map: mid (0.969)^3, blue (0.129, 0.400, 0.674), red (0.698,
    // 0.094, 0.169).
    ImageAtlas::diverging(0.0f, c);
    EXPECT_EQ(c[0], 247);
    EXPECT_EQ(c[1], 247);
    EXPECT_EQ(c[2], 247);
    ImageAtlas::diverging(-1.0f, c);
    EXPECT_EQ(c[0], 33);
    EXPECT_EQ(c[1], 102);
    EXPECT_EQ(c[2], 172);
    ImageAtlas::diverging(1.0f, c);
    EXPECT_EQ(c[0], 178);
    EXPECT_EQ(c[1], 24);
    EXPECT_EQ(c[2], 43);
}

TEST(ImageAtlas, EveryTileKeepsItsOwnPixels) {
    const int count = 7, h = 3, w = 5;
    ImageAtlas a;
    a.resize(count, h, w);
    for (int t = 0; t < count; ++t) {
        std::vector<float> v(h * w);
        for (int i = 0; i < h * w; ++i)
            v[i] = float(t * h * w + i) / float(count * h * w); // distinct grey per pixel
        a.set(t, v.data(), ImageAtlas::Map::gray, 0.0f, 1.0f);
    }
    a.upload();
    EXPECT_NE(a.texture(), 0u);
    for (int t = 0; t < count; ++t) {
        for (int r = 0; r < h; ++r)
            for (int c = 0; c < w; ++c) {
                const float v = float(t * h * w + r * w + c) / float(count * h * w);
                const unsigned char* p = a.pixel(t, r, c);
                EXPECT_EQ(p[0], std::lround(v * 255.0f))
                    << "tile " << t << " (" << r << ", " << c << ")";
                EXPECT_EQ(p[3], 255);
            }
        // UVs: a (w, h)-texel rectangle inside [0, 1]; tiles do not overlap.
        const ImVec2 u0 = a.uv0(t), u1 = a.uv1(t);
        EXPECT_GE(u0.x, 0.0f);
        EXPECT_LE(u1.x, 1.0f);
        EXPECT_LE(u1.y, 1.0f);
        for (int o = 0; o < t; ++o) {
            const ImVec2 v0 = a.uv0(o), v1 = a.uv1(o);
            const bool apart = u1.x <= v0.x || v1.x <= u0.x || u1.y <= v0.y || v1.y <= u0.y;
            EXPECT_TRUE(apart) << "tiles " << o << " and " << t;
        }
    }
}

// The brush by its definition: 1 within kInner of the stroke, linear to 0 at kOuter, max-blended.
TEST(DrawingPad, BrushFollowsItsDefinition) {
    DrawingPad pad;
    pad.resize(9, 9);
    pad.stroke(4.5f, 4.5f, 4.5f, 4.5f); // a dot at the centre of pixel (4, 4)
    const float ramp = DrawingPad::kOuter - DrawingPad::kInner;
    EXPECT_EQ(pad.pixels[4 * 9 + 4], 1.0f);
    EXPECT_FLOAT_EQ(pad.pixels[4 * 9 + 5], (DrawingPad::kOuter - 1.0f) / ramp); // 1 px away
    EXPECT_FLOAT_EQ(pad.pixels[5 * 9 + 5], (DrawingPad::kOuter - std::sqrt(2.0f)) / ramp);
    EXPECT_EQ(pad.pixels[4 * 9 + 6], 0.0f); // 2 px away: at kOuter
    EXPECT_EQ(pad.pixels[0], 0.0f);
    // A horizontal segment: every pixel centre on it is 1; a second, fainter pass changes nothing.
    pad.clear();
    pad.stroke(1.5f, 2.5f, 7.5f, 2.5f);
    for (int c = 1; c <= 7; ++c)
        EXPECT_EQ(pad.pixels[2 * 9 + c], 1.0f) << c;
    const std::vector<float> once = pad.pixels;
    pad.stroke(1.5f, 2.5f, 7.5f, 2.5f);
    EXPECT_EQ(pad.pixels, once);
    EXPECT_FLOAT_EQ(pad.ink(), std::accumulate(once.begin(), once.end(), 0.0f));
}

class ImagesTest : public AppHarness {
  protected:
    void SetUp() override {
        ASSERT_TRUE(std::ifstream(kDataDir + "/fashion_mnist.bin").good())
            << kDataDir << "/fashion_mnist.bin missing: run ./scripts/build native";
        AppHarness::SetUp();
        ASSERT_EQ(load_config(kFashionConfig), "");
        frame();
    }
};

TEST_F(ImagesTest, ReconstructionTabShowsTheImagesAndTheWorstSamples) {
    click("tab_reconstruction");
    const json s = status();
    ASSERT_TRUE(s.contains("images")) << s.dump();
    EXPECT_EQ(s["images"]["shape"], json::array({28, 28, 1}));
    EXPECT_EQ(s["images"]["sample_tiles"], 4); // original, autoencoder, residual, PCA
    EXPECT_EQ(s["images"]["strip_tiles"], 2 * 8);

    // The same config, created independently: same seed, so the same (untrained) weights.
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(kFashionConfig, &ref, kDataDir).ok());
    const ae::MatrixRM& x = ref->x_val();
    ASSERT_EQ(x.rows(), 100);
    ae::MatrixRM r(x.rows(), x.cols());
    ref->model().reconstruct(x.data(), int(x.rows()), r.data());
    double res_max = 0;
    for (int j = 0; j < x.cols(); ++j)
        res_max = std::max(res_max, std::fabs(double(r(0, j)) - double(x(0, j))));
    // Sample 0's MSE for the autoencoder and for PCA at k = 2 (the bottleneck), fitted here on the
    // training split: the tab's numbers.
    ae::Pca pca;
    pca.fit(ref->x_train());
    const ae::MatrixRM xp = pca.inverse_transform(pca.transform(x.topRows(1), 2));
    double mse_ae = 0, mse_pca = 0;
    for (int j = 0; j < x.cols(); ++j) {
        mse_ae += std::pow(double(r(0, j)) - double(x(0, j)), 2) / double(x.cols());
        mse_pca += std::pow(double(xp(0, j)) - double(x(0, j)), 2) / double(x.cols());
    }
    EXPECT_EQ(s["reconstruction"]["sample"], 0);
    EXPECT_NEAR(s["reconstruction"]["mse"].get<double>(), mse_ae, 1e-9 * mse_ae);
    EXPECT_NEAR(s["reconstruction"]["pca_mse"].get<double>(), mse_pca, 1e-9 * mse_pca);
    EXPECT_LT(mse_pca, mse_ae); // untrained: PCA wins
    EXPECT_NEAR(s["images"]["residual_max"].get<double>(), res_max, 1e-6);
    std::vector<double> err(x.rows());
    for (int i = 0; i < x.rows(); ++i)
        err[i] =
            (r.row(i).cast<double>() - x.row(i).cast<double>()).squaredNorm() / double(x.cols());
    std::vector<int> order(x.rows());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return err[a] > err[b]; });
    const std::vector<int> worst = s["images"]["worst"];
    ASSERT_EQ(worst.size(), 24u);
    for (size_t j = 0; j < worst.size(); ++j) {
        // Ties within float noise may swap; the errors must match rank by rank.
        EXPECT_NEAR(err[worst[j]], err[order[j]], 1e-5 * err[order[j]]) << "rank " << j;
    }
}

TEST_F(ImagesTest, LatentSpaceIsColouredByClassWithTheLegend) {
    click("tab_latent_space");
    json s = status();
    ASSERT_TRUE(s.contains("latent_space_images")) << s.dump();
    const json& ls = s["latent_space_images"];
    EXPECT_EQ(ls["color"], "label");
    EXPECT_EQ(ls["categories"], 10);
    const json names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    EXPECT_EQ(ls["legend"], names);
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(kFashionConfig, &ref, kDataDir).ok());
    std::vector<int> counts(10, 0);
    for (int c : ref->labels_val())
        ++counts[c];
    EXPECT_EQ(ls["label_counts"].get<std::vector<int>>(), counts);
    EXPECT_EQ(s["latent_space"]["points"], 100); // every validation sample

    // Click in the plane: the decoded point becomes one image.
    click("latent_scatter", 0.3f, 0.6f);
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "point");
    EXPECT_EQ(s["latent_space_images"]["decoded_image_tiles"], 1);
    EXPECT_EQ(s["latent_space"]["decoded_length"], 784);

    click("ls_view_grid");
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "grid");
    const int t = s["latent_space_images"]["traversal_n"];
    EXPECT_EQ(s["latent_space_images"]["traversal_outputs"], t * t);
    EXPECT_EQ(s["latent_space_images"]["traversal_tiles"], t * t);

    click("ls_view_interp");
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "interpolation");
    EXPECT_EQ(s["latent_space_images"]["interp_outputs"], 10);
    EXPECT_EQ(s["latent_space_images"]["interp_tiles"], 10);

    // The PCA view: the same 100 samples at the inputs' first two principal components (PCA
    // fitted on the training split), in the categorical colours.
    click("ls_view_pca");
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "pca");
    const json& ip = s["latent_space"]["input_pca"];
    EXPECT_EQ(ip["points"], 100);
    ae::Pca pca;
    pca.fit(ref->x_train());
    const ae::MatrixRM p = pca.transform(ref->x_val().topRows(2), 2);
    EXPECT_EQ(ip["xy"].get<std::vector<float>>(),
              (std::vector<float>{float(p(0, 0)), float(p(0, 1)), float(p(1, 0)), float(p(1, 1))}));
    const std::vector<double> r = pca.explained_variance_ratio();
    EXPECT_EQ(ip["explained"].get<std::vector<double>>(), (std::vector<double>{r[0], r[1]}));
    EXPECT_GT(r[0], r[1]);

    // Everything the App reports lies inside the display.
    for (const App::Background& b : app_.backgrounds()) {
        EXPECT_GE(b.x, 0);
        EXPECT_GE(b.y, 0);
        EXPECT_LE(b.x + b.w, 1280.5f);
        EXPECT_LE(b.y + b.h, 800.5f);
    }
}

// The drawing pad: a horizontal stroke dragged across the middle of the pad inks the middle rows
// and not the corners; the code shown is the encoder's for exactly those pixels (the same weights:
// same seed), and in a 2-D bottleneck the diamond sits at the code itself. Clear empties it.
TEST_F(ImagesTest, DrawingPadIsEncodedLive) {
    click("tab_latent_space");
    click("ls_view_draw");
    json s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "draw");
    EXPECT_EQ(s["latent_space"]["drawing"]["ink"], 0.0);
    const json r = s["ui"]["pad"];
    const float x0 = r[0], y0 = r[1], w = r[2], h = r[3];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x0 + 0.2f * w, y0 + 0.5f * h);
    frame();
    io.MouseDown[0] = true;
    for (int i = 0; i <= 10; ++i) { // a drag from 20% to 80% of the width
        io.MousePos = ImVec2(x0 + (0.2f + 0.06f * i) * w, y0 + 0.5f * h);
        frame();
    }
    io.MouseDown[0] = false;
    frame();
    s = status();
    const json& d = s["latent_space"]["drawing"];
    EXPECT_GT(d["ink"].get<double>(), 28.0) << "a stroke of about 17 pixels, 3 wide";
    const DrawingPad& pad = app_.drawing();
    ASSERT_EQ(pad.pixels.size(), 784u);
    EXPECT_EQ(pad.pixels[14 * 28 + 14], 1.0f) << "the stroke's middle";
    EXPECT_EQ(pad.pixels[0], 0.0f);
    EXPECT_EQ(pad.pixels[27 * 28 + 27], 0.0f);
    EXPECT_EQ(pad.pixels[2 * 28 + 14], 0.0f) << "far above the stroke";

    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(kFashionConfig, &ref, kDataDir).ok());
    float code[2];
    ref->model().encode(pad.pixels.data(), 1, code); // no scaling in this config
    EXPECT_EQ(d["code"].get<std::vector<float>>(), (std::vector<float>{code[0], code[1]}));
    EXPECT_EQ(d["xy"].get<std::vector<float>>(), (std::vector<float>{code[0], code[1]}));
    std::vector<float> out(784);
    ref->model().reconstruct(pad.pixels.data(), 1, out.data());
    double se = 0;
    for (int j = 0; j < 784; ++j)
        se += double(out[j] - pad.pixels[j]) * double(out[j] - pad.pixels[j]);
    EXPECT_DOUBLE_EQ(d["mse"].get<double>(), se / 784);

    click("pad_clear");
    EXPECT_EQ(status()["latent_space"]["drawing"]["ink"], 0.0);
    EXPECT_TRUE(status()["latent_space"]["drawing"]["code"].empty());
}

} // namespace
