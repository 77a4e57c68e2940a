// The real image datasets (assets prepared by scripts/prepare_data.mjs into build/data): sample
// counts, labels, pixel ranges and known dataset statistics; seeded subsets; bad assets and
// configs refused with their reasons.
#include "engine/data/data.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

using namespace ae;

namespace {
const std::string kDataDir = source_path("build/data");
bool have(const char* name) {
    return std::ifstream(kDataDir + "/" + name + ".bin").good();
}
} // namespace

TEST(Datasets, MnistIsTheNpmPackagesTenThousandDigits) {
    if (!have("mnist")) GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    Dataset all;
    ASSERT_TRUE(parse_image_asset(read_text(kDataDir + "/mnist.bin"), "mnist.bin", &all).ok());
    EXPECT_EQ(all.samples(), 10000);
    EXPECT_EQ(all.features(), 784);
    EXPECT_EQ(all.height, 28);
    int counts[10] = {};
    for (int l : all.labels)
        counts[l]++;
    for (int c = 0; c < 10; ++c)
        EXPECT_GT(counts[c], 800) << "digit " << c; // about 1000 each
    EXPECT_EQ(all.x.minCoeff(), 0.0f);
    EXPECT_EQ(all.x.maxCoeff(), 1.0f);
    EXPECT_NEAR(all.x.mean(), 0.1307, 0.01); // MNIST's well-known mean intensity
}

TEST(Datasets, FashionMnistIsSeventyThousandBalancedImages) {
    if (!have("fashion_mnist"))
        GTEST_SKIP() << "build/data/fashion_mnist.bin not prepared (./scripts/build)";
    Dataset all;
    ASSERT_TRUE(
        parse_image_asset(read_text(kDataDir + "/fashion_mnist.bin"), "fashion_mnist.bin", &all)
            .ok());
    EXPECT_EQ(all.samples(), 70000);
    int counts[10] = {};
    for (int l : all.labels)
        counts[l]++;
    for (int c = 0; c < 10; ++c)
        EXPECT_EQ(counts[c], 7000) << "class " << c; // 6000 train + 1000 test
    EXPECT_NEAR(all.x.mean(), 0.2860, 0.005);        // Fashion-MNIST's well-known mean intensity
}

TEST(Datasets, ConfigsPickASeededLabelledSubset) {
    if (!have("mnist")) GTEST_SKIP() << "build/data/mnist.bin not prepared";
    Config c;
    ASSERT_TRUE(parse_config(R"({"data": {"name": "mnist", "samples": 500},
      "model": {"input": 784, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 784, "activation": "sigmoid"}]},
      "train": {"validation_split": 0.2}})",
                             &c)
                    .ok());
    std::unique_ptr<Session> a, b;
    ASSERT_TRUE(open_session(c, &a, kDataDir).ok());
    ASSERT_TRUE(open_session(c, &b, kDataDir).ok());
    EXPECT_EQ(a->x_train().rows(), 400);
    EXPECT_EQ(a->labels_train().size(), 400u);
    EXPECT_EQ(a->labels_val().size(), 100u);
    EXPECT_EQ(a->labels_val(), b->labels_val()); // same seed, same subset
    int distinct[10] = {};
    for (int l : a->labels_train())
        distinct[l] = 1;
    int n = 0;
    for (int d : distinct)
        n += d;
    EXPECT_EQ(n, 10) << "a seeded shuffle, not the first (grouped) digits";
    c.seed = 7;
    std::unique_ptr<Session> other;
    ASSERT_TRUE(open_session(c, &other, kDataDir).ok());
    EXPECT_NE(other->labels_val(), a->labels_val());
}

TEST(Datasets, BadAssetsAndConfigsAreNamed) {
    Dataset d;
    Status s = parse_image_asset("hello", "x.bin", &d);
    EXPECT_NE(s.error.find("x.bin: not an aeplay dataset asset"), std::string::npos) << s.error;
    std::string hdr = "AEPLAYDS";
    for (uint32_t v : {1u, 2u, 28u, 28u, 1u, 10u})
        hdr.append(reinterpret_cast<const char*>(&v), 4);
    s = parse_image_asset(hdr + std::string(10, '\0'), "x.bin", &d);
    EXPECT_NE(s.error.find("x.bin: 42 bytes, expected 1602 (truncated or damaged"),
              std::string::npos)
        << s.error;
    Config c;
    s = parse_config(R"({"data": {"name": "mnist", "samples": 20000}})", &c);
    EXPECT_NE(s.error.find("data.samples: expected an integer from 2 to 10000, got 20000"),
              std::string::npos)
        << s.error;
    s = parse_config(R"({"data": {"name": "fashion_mnist", "features": 100}})", &c);
    EXPECT_NE(
        s.error.find(
            "data.features: \"fashion_mnist\" does not take it (images are 28 x 28 = 784 "
                    "features); used by uniform, well_logs; remove the key"),
        std::string::npos)
        << s.error;
    ASSERT_TRUE(
        parse_config(
            R"({"data": {"name": "mnist"}, "model": {"input": 784, "encoder": [{"type": "dense", "units": 2}],
      "decoder": [{"type": "dense", "units": 784}]}})",
            &c)
            .ok());
    std::unique_ptr<Session> sess;
    s = open_session(c, &sess, "/nonexistent");
    EXPECT_NE(s.error.find("data.name: \"mnist\" needs /nonexistent/mnist.bin, which is missing"),
              std::string::npos)
        << s.error;
}
