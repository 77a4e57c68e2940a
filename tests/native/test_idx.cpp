// IDX files (engine/idx.h) and the "idx" data source: hand-built files with known values (bytes
// and big-endian floats, plain and gzip-compressed by Python's gzip module, an independent
// writer), every kind of bad file with its message, and Debian's real Fashion-MNIST files against
// the prepared asset (build/data/fashion_mnist.bin, made from the same files by
// scripts/prepare_data.mjs with node's zlib): the same pixels bit for bit and the same labels.
#include "engine/data/data.h"
#include "engine/data/idx.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cstdlib>
#include <cstring>

using namespace ae;

namespace {

// An IDX file: magic 0 0 type ndims, big-endian dims, then the payload as given.
std::string idx_file(int type, const std::vector<uint32_t>& dims, const std::string& payload) {
    std::string b = {0, 0, char(type), char(dims.size())};
    for (uint32_t d : dims)
        for (int i = 3; i >= 0; --i)
            b += char((d >> (8 * i)) & 0xFF);
    return b + payload;
}

std::string be_float(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// bytes gzip-compressed by Debian's Python (its zlib), mtime 0.
std::string python_gzip(const std::string& bytes) {
    const std::string in = temp_path("gzip_in"), out = temp_path("gzip_out");
    write_file(in, bytes);
    const std::string cmd = "/usr/bin/python3 -c \"import gzip,sys; "
                            "open(sys.argv[2],'wb').write(gzip.compress(open(sys.argv[1],'rb')."
                            "read(), 9, mtime=0))\" " +
                            in + " " + out;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return read_text(out);
}

const std::string kFashion = "/usr/share/datasets/fashion-mnist/";

} // namespace

TEST(Idx, BytesAndFloatsReadAsWritten) {
    // 3 images of 2 x 2 bytes: 0, 1, ..., 11 and 255.
    std::string px;
    for (int i = 0; i < 11; ++i)
        px += char(i);
    px += char(255);
    IdxArray a;
    Status st = parse_idx(idx_file(0x08, {3, 2, 2}, px), "a.idx", 100, &a);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_EQ(a.type, kIdxUbyte);
    EXPECT_EQ(a.dims, (std::vector<int>{3, 2, 2}));
    EXPECT_EQ(a.items(), 3);
    EXPECT_EQ(a.item_size(), 4);
    EXPECT_EQ(a.at(0), 0.0f);
    EXPECT_EQ(a.at(5), 5.0f);
    EXPECT_EQ(a.at(11), 255.0f);
    // Big-endian floats, 1-D: exact values, the sign and a tiny subnormal included.
    const float f[3] = {-1.5f, 3.25e-3f, 1e-40f};
    st = parse_idx(idx_file(0x0D, {3}, be_float(f[0]) + be_float(f[1]) + be_float(f[2])), "f.idx",
                   100, &a);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_EQ(a.type, kIdxFloat);
    EXPECT_EQ(a.item_size(), 1);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(a.at(i), f[i]);
}

TEST(Idx, GzipFilesReadAsThePlainOnes) {
    std::string px;
    for (int i = 0; i < 4 * 28 * 28; ++i)
        px += char((i * 7) % 256);
    const std::string plain = idx_file(0x08, {4, 28, 28}, px), gz = python_gzip(plain);
    ASSERT_EQ(uint8_t(gz[0]), 0x1F);
    IdxArray a, b;
    ASSERT_TRUE(parse_idx(plain, "p.idx", kMaxDataValues, &a).ok());
    const Status st = parse_idx(gz, "p.idx.gz", kMaxDataValues, &b);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_EQ(a.dims, b.dims);
    EXPECT_EQ(a.data, b.data);
    // A damaged gzip file: the CRC-32 catches a flipped byte in a stored stretch, a cut file is
    // cut inside the stream or its trailer.
    std::string flipped = gz;
    flipped[gz.size() - 9] ^= 0x01; // the last byte of the deflate stream
    IdxArray kept;
    kept.type = 99;
    EXPECT_FALSE(parse_idx(flipped, "p.idx.gz", kMaxDataValues, &kept).ok());
    EXPECT_EQ(kept.type, 99);
    Status cut = parse_idx(gz.substr(0, gz.size() / 2), "p.idx.gz", kMaxDataValues, &kept);
    EXPECT_EQ(cut.error.rfind("p.idx.gz: gzip: ", 0), 0u) << cut.error;
    // The inflated size is capped by the caller's limit: 3136 values need 3152 bytes.
    cut = parse_idx(gz, "p.idx.gz", 100, &kept);
    EXPECT_EQ(cut.error, "p.idx.gz: gzip: output larger than 420 bytes");
    EXPECT_EQ(kept.type, 99);
}

TEST(Idx, EveryKindOfBadFileIsNamed) {
    const std::string px12(12, '\x07');
    const struct {
        const char* what;
        std::string bytes;
        const char* message;
    } cases[] = {
        {"too short", std::string("\0\0", 2), "x.idx: truncated: 2 bytes; an IDX file starts"},
        {"wrong magic", "P5\n28 28\n255\n", "x.idx: byte 0: magic 0x50350A32 is not an IDX file's"},
        {"unknown type", idx_file(0x07, {3}, "abc"), "x.idx: byte 0: magic 0x00000701 is not"},
        {"shorts", idx_file(0x0B, {3}, "abcdef"),
         "x.idx: byte 2: type 0x0B (16-bit integers) is not supported; accepted: 0x08 (unsigned "
         "bytes), 0x0D (32-bit floats)"},
        {"doubles", idx_file(0x0E, {1}, "abcdefgh"),
         "x.idx: byte 2: type 0x0E (64-bit floats) is not supported"},
        {"no dimensions", idx_file(0x08, {}, "abc"),
         "x.idx: byte 3: 0 dimensions; accepted: 1 to 4"},
        {"five dimensions", idx_file(0x08, {1, 1, 1, 1, 1}, "a"),
         "x.idx: byte 3: 5 dimensions; accepted: 1 to 4"},
        {"header cut", idx_file(0x08, {3, 2, 2}, "").substr(0, 10),
         "x.idx: truncated: 10 bytes, the header of 3 dimensions takes 16"},
        {"a dimension of 0", idx_file(0x08, {3, 0, 2}, ""),
         "x.idx: byte 8: dimension 2 is 0; every dimension must be at least 1"},
        {"above the limit", idx_file(0x08, {10, 11}, px12),
         "x.idx: byte 8: dimension 2 (11) makes more than the limit of 100 values"},
        {"huge dimensions (their product would overflow)",
         idx_file(0x08, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, ""),
         "x.idx: byte 4: dimension 1 (4294967295) makes more than the limit of 100 values"},
        {"truncated values", idx_file(0x08, {3, 2, 2}, px12.substr(0, 11)),
         "x.idx: truncated: the file ends at byte 27; the dimensions need 12 bytes of values from "
         "byte 16"},
        {"truncated floats", idx_file(0x0D, {3}, px12.substr(0, 11)),
         "x.idx: truncated: the file ends at byte 19; the dimensions need 12 bytes"},
        {"trailing bytes", idx_file(0x08, {3, 2, 2}, px12 + "xyz"),
         "x.idx: 3 unexpected bytes after the values (from byte 28)"},
        {"gzip, not deflate", std::string("\x1f\x8b\x07\x00", 4) + std::string(20, '\0'),
         "x.idx: gzip: byte 2: compression method 7; only 8 (deflate) is accepted"},
        {"gzip too short", std::string("\x1f\x8b\x08", 3),
         "x.idx: gzip: truncated: 3 bytes, a gzip file has at least 18"},
    };
    for (const auto& c : cases) {
        IdxArray a;
        a.type = 99;
        const Status st = parse_idx(c.bytes, "x.idx", 100, &a);
        EXPECT_FALSE(st.ok()) << c.what;
        EXPECT_NE(st.error.find(c.message), std::string::npos)
            << c.what << "\n  expected: " << c.message << "\n  got: " << st.error;
        EXPECT_EQ(a.type, 99) << c.what << ": changed on error";
    }
}

// The "idx" data source: shapes, scaling, labels and the seeded subset.
TEST(Idx, DataSourceImagesLabelsAndSubset) {
    const std::string images = temp_path("img.idx"), labels = temp_path("lab.idx");
    std::string px, lab;
    for (int i = 0; i < 5 * 3 * 2; ++i)
        px += char(i * 8);
    for (int i = 0; i < 5; ++i)
        lab += char(i == 4 ? 6 : i % 2); // classes 0, 1 and 6: 7 class names
    write_file(images, idx_file(0x08, {5, 3, 2}, px));
    write_file(labels, idx_file(0x08, {5}, lab));
    DataConfig dc;
    Config c;
    ASSERT_TRUE(parse_config(R"({"data": {"name": "idx", "images": ")" + images +
                                 R"(", "labels": ")" + labels + R"("},
        "model": {"input": [3, 2, 1], "encoder": [{"type": "flatten"}, {"type": "dense", "units": 2}],
                  "decoder": [{"type": "dense", "units": 6}, {"type": "reshape", "target_shape": [3, 2, 1]}]}})",
                             &c)
                    .ok());
    Dataset d;
    Status st = make_dataset(c.data, c.seed, &d);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_EQ(d.samples(), 5);
    EXPECT_EQ(d.features(), 6);
    EXPECT_EQ(d.height, 3);
    EXPECT_EQ(d.width, 2);
    EXPECT_EQ(d.channels, 1);
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 6; ++j)
            EXPECT_EQ(d.x(i, j), float(uint8_t((i * 6 + j) * 8)) * (1.0f / 255.0f));
    EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 0, 1, 6}));
    EXPECT_EQ(d.class_names.size(), 7u);
    std::unique_ptr<Session> s;
    st = open_session(c, &s);
    EXPECT_TRUE(st.ok()) << st.error;
    // samples 3: a seeded subset; every row is one of the file's images with its own label.
    c.data.samples = 3;
    Dataset sub;
    ASSERT_TRUE(make_dataset(c.data, c.seed, &sub).ok());
    ASSERT_EQ(sub.samples(), 3);
    std::vector<int> seen;
    for (int i = 0; i < 3; ++i) {
        const int k = int(std::lround(sub.x(i, 0) * 255.0f)) / 48; // first pixel = 48 * image
        ASSERT_TRUE(k >= 0 && k < 5);
        EXPECT_EQ(sub.x.row(i), d.x.row(k));
        EXPECT_EQ(sub.labels[i], d.labels[k]);
        seen.push_back(k);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_TRUE(std::unique(seen.begin(), seen.end()) == seen.end()); // no image twice
    // The canonical JSON keeps the files and round-trips.
    Config back;
    ASSERT_TRUE(parse_config(config_to_json(c), &back).ok());
    EXPECT_EQ(back.data.images, images);
    EXPECT_EQ(back.data.labels, labels);
    EXPECT_EQ(back.data.samples, 3);
}

TEST(Idx, DataSourceErrorsNameTheFileAndChangeNothing) {
    const std::string images = temp_path("img.idx"), labels = temp_path("lab.idx"),
                      floats = temp_path("f.idx");
    write_file(images, idx_file(0x08, {4, 2, 2}, std::string(16, '\x10')));
    write_file(floats, idx_file(0x0D, {2, 1}, be_float(1.0f) + be_float(NAN)));
    const std::string model = R"(, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}],
        "decoder": [{"type": "dense", "units": 4}]}})";
    const struct {
        const char* what;
        std::string labels_bytes, data, message;
    } cases[] = {
        {"labels 2-D", idx_file(0x08, {4, 1}, "abcd"), "",
         labels + ": 2 dimensions; labels are 1-D, one per image"},
        {"labels of floats", idx_file(0x0D, {4}, std::string(16, '\0')), "",
         labels + ": byte 2: labels of 32-bit floats; accepted: unsigned bytes (type 0x08)"},
        {"labels count", idx_file(0x08, {3}, "abc"), "",
         labels + ": 3 labels, but " + images + " has 4 images"},
        {"too many samples", idx_file(0x08, {4}, "abcd"), R"(, "samples": 5)",
         "data.samples: 5 is more than the 4 images of " + images},
        {"missing file", "", R"(, "images": "/nonexistent/x.idx")",
         "data.images: cannot open \"/nonexistent/x.idx\""},
        {"not finite", "", R"(, "images": ")" + floats + R"(")",
         floats + ": image 1, value 0 is not a finite number"},
    };
    for (const auto& k : cases) {
        write_file(labels, k.labels_bytes);
        const std::string files =
            k.data.find("images") != std::string::npos
                ? k.data
                : R"(, "images": ")" + images + R"(", "labels": ")" + labels + "\"" + k.data;
        Config c;
        const Status p = parse_config(R"({"data": {"name": "idx")" + files + "}" + model, &c);
        ASSERT_TRUE(p.ok()) << k.what << ": " << p.error;
        std::unique_ptr<Session> s;
        const Status st = open_session(c, &s);
        EXPECT_NE(st.error.find(k.message), std::string::npos)
            << k.what << "\n  expected: " << k.message << "\n  got: " << st.error;
        EXPECT_EQ(s, nullptr) << k.what;
    }
}

TEST(Idx, ConfigFieldsAreChecked) {
    const std::string model = R"(, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}],
        "decoder": [{"type": "dense", "units": 4}]}})";
    const struct {
        const char* data;
        const char* message;
    } cases[] = {
        {R"({"name": "idx"})", "data.images: missing; \"idx\" reads its samples from an IDX file"},
        {R"({"name": "idx", "images": 3})", "data.images: expected a file name, got 3"},
        {R"({"name": "idx", "images": "a", "labels": ""})",
         "data.labels: expected a file name, got the string \"\""},
        {R"({"name": "idx", "images": "a", "normal_classes": [0]})",
         "data.normal_classes: needs data.labels (the classes come from it)"},
        {R"({"name": "idx", "images": "a", "features": 4})", "data.features: \"idx\" does not "
                                                             "take it (the images file's"},
        {R"({"name": "csv", "path": "a", "images": "b"})",
         "data.images: \"csv\" does not take it; used by idx; remove the key"},
    };
    for (const auto& k : cases) {
        Config c;
        c.seed = 999;
        const Status st = parse_config(std::string(R"({"data": )") + k.data + model, &c);
        EXPECT_NE(st.error.find(k.message), std::string::npos)
            << k.data << "\n  expected: " << k.message << "\n  got: " << st.error;
        EXPECT_EQ(c.seed, 999u);
    }
}

// Debian's Fashion-MNIST IDX files: the counts, the pixel range, the labels (6,000 of each class in
// training, 1,000 in the test set), and the same bytes as the prepared asset (train then test).
TEST(Idx, RealFashionMnistEqualsThePreparedAsset) {
    const std::string asset_path = source_path("build/data/fashion_mnist.bin");
    if (!std::ifstream(kFashion + "train-images-idx3-ubyte.gz") || !std::ifstream(asset_path))
        GTEST_SKIP() << "dataset-fashion-mnist or build/data/fashion_mnist.bin missing";
    Dataset asset;
    ASSERT_TRUE(parse_image_asset(read_text(asset_path), "fashion_mnist.bin", &asset).ok());
    ASSERT_EQ(asset.samples(), 70000);
    long offset = 0;
    for (const char* part : {"train", "t10k"}) {
        DataConfig dc;
        dc.name = "idx";
        dc.samples = 0;
        dc.images = kFashion + part + "-images-idx3-ubyte.gz";
        dc.labels = kFashion + part + "-labels-idx1-ubyte.gz";
        Dataset d;
        const Status st = make_dataset(dc, 42, &d);
        ASSERT_TRUE(st.ok()) << st.error;
        const int n = std::string(part) == "train" ? 60000 : 10000;
        ASSERT_EQ(d.samples(), n);
        EXPECT_EQ(d.features(), 784);
        EXPECT_EQ(d.height, 28);
        EXPECT_EQ(d.width, 28);
        EXPECT_EQ(d.channels, 1);
        EXPECT_EQ(d.x.minCoeff(), 0.0f);
        EXPECT_EQ(d.x.maxCoeff(), 1.0f);
        EXPECT_EQ(d.class_names.size(), 10u);
        std::vector<int> per_class(10, 0);
        for (int l : d.labels)
            ++per_class[l];
        EXPECT_EQ(per_class, std::vector<int>(10, n / 10));
        // Bit for bit: the whole block of images and labels.
        EXPECT_EQ(std::memcmp(d.x.data(), asset.x.data() + offset * 784, sizeof(float) * 784 * n),
                  0)
            << part;
        EXPECT_TRUE(std::equal(d.labels.begin(), d.labels.end(), asset.labels.begin() + offset))
            << part;
        offset += n;
    }
}
