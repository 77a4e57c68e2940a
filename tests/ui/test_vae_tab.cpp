// test_vae_tab.cpp: a variational autoencoder in the page's App, headless (app_harness.h).
// Facts checked: examples/vae_mnist_2d.json trains from the Train button to the engine's history
// (loss, kl, reconstruction and their validation values, bit for bit with a Session trained
// here); the Latent space tab offers the prior and manifold views; the prior view decodes 16
// samples from seed 1, New samples moves to seed 2 and other samples, the per-dim KL is the
// engine's; the manifold view decodes a 10 x 10 grid; a plain autoencoder has neither view.
// Not here: how the images look (tests/page/vae.test.mjs takes screenshots).
#include "app_harness.h"

#include <fstream>
#include <sstream>
#include "engine/data/open_session.h"

namespace {

class VaeTabTest : public AppHarness {};

TEST_F(VaeTabTest, TrainsAndShowsPriorSamplesKlAndTheManifold) {
    if (!std::ifstream(kDataDir + "/mnist.bin"))
        GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    std::ifstream f(kSourceDir + "/examples/vae_mnist_2d.json");
    std::stringstream ss;
    ss << f.rdbuf();
    json cfg = json::parse(ss.str());
    cfg["data"]["samples"] = 300;
    cfg["train"]["epochs"] = 2;
    ASSERT_EQ(load_config(cfg.dump()), "");
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(cfg.dump(), &ref, kDataDir).ok());
    while (!ref->done())
        ref->train_epoch();
    frame();
    click("train");
    ASSERT_TRUE(frames_until([](const json& s) { return s["done"] == true; }, 5000));
    json s = status();
    const ae::History& h = ref->history();
    EXPECT_EQ(s["history"]["loss"].get<std::vector<double>>(), h.loss);
    EXPECT_EQ(s["history"]["kl"].get<std::vector<double>>(), h.kl);
    EXPECT_EQ(s["history"]["reconstruction"].get<std::vector<double>>(), h.reconstruction);
    EXPECT_EQ(s["history"]["val_kl"].get<std::vector<double>>(), h.val_kl);
    EXPECT_EQ(s["history"]["val_reconstruction"].get<std::vector<double>>(), h.val_reconstruction);

    click("tab_latent_space");
    frame();
    ASSERT_GT(status()["ui"]["ls_view_prior"][2].get<float>(), 0);
    click("ls_view_prior");
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "prior");
    EXPECT_EQ(s["vae"]["prior_seed"], 1);
    EXPECT_EQ(s["vae"]["prior_outputs"], 16);
    EXPECT_EQ(s["vae"]["prior_tiles"], 16);
    EXPECT_EQ(s["vae"]["per_dim_kl"].get<std::vector<double>>(), ref->kl_per_dim());
    EXPECT_EQ(s["vae"]["collapsed"].size(), 2u);
    ASSERT_GT(s["ui"]["new_samples"][2].get<float>(), 0);
    click("new_samples");
    EXPECT_EQ(status()["vae"]["prior_seed"], 2);

    click("ls_view_manifold");
    s = status();
    EXPECT_EQ(s["latent_space_images"]["view"], "manifold");
    EXPECT_EQ(s["vae"]["manifold_outputs"], 100);
    EXPECT_EQ(s["vae"]["manifold_tiles"], 100);
    for (int i = 0; i < 5; ++i)
        frame(); // 100 tiles drawn a few times (a vertex overflow asserts in Render)

    // A plain autoencoder: no VAE views, no VAE status.
    ASSERT_EQ(load_config(R"({"data": {"name": "uniform", "samples": 100, "features": 4},
      "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}],
                "decoder": [{"type": "dense", "units": 4}]}})"),
              "");
    for (int i = 0; i < 3; ++i)
        frame();
    s = status();
    EXPECT_FALSE(s.contains("vae"));
    EXPECT_FALSE(s["history"].contains("kl"));
}

} // namespace
