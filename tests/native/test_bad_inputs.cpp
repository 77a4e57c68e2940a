// The bad-input corpus (tests/corpus/bad_inputs.json): every format aeplay reads, each case with
// the message the user must see; nothing is returned or changed on error. The same corpus runs
// through the JS API in tests/wasm/api.test.mjs.
#include "engine/data/csv.h"
#include "engine/data/data.h"
#include "engine/analysis/denoise.h"
#include "engine/io/export_onnx.h"
#include "course/lesson.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <nlohmann/json.hpp>

using namespace ae;

namespace {
std::string base64_decode(const std::string& in) {
    std::string out;
    uint32_t val = 0;
    int bits = -8;
    for (unsigned char ch : in) {
        const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char* p = std::strchr(table, ch);
        if (!p || ch == 0) continue;                          // '=' padding and anything else
        val = ((val << 6) | uint32_t(p - table)) & 0xFFFFFFu; // 24 bits are all a byte needs
        bits += 6;
        if (bits >= 0) {
            out.push_back(char((val >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}
} // namespace

TEST(BadInputs, EveryCaseOfTheCorpusGivesItsMessage) {
    const auto corpus =
        nlohmann::json::parse(read_text(source_path("tests/corpus/bad_inputs.json")));
    const auto& cases = corpus["cases"];
    EXPECT_GE(cases.size(), 50u);
    std::map<std::string, int> per_format;
    for (const auto& k : cases) {
        const std::string fmt = k["format"], what = k["what"], expected = k["expected"];
        const std::string input = k.contains("input_base64") ? base64_decode(k["input_base64"])
                                                             : k["input"].get<std::string>();
        Status st;
        bool untouched = true;
        if (fmt == "config") {
            Config c;
            c.seed = 999;
            st = parse_config(input, &c);
            untouched = c.seed == 999;
        } else if (fmt == "csv") {
            CsvTable t;
            t.header = {"kept"};
            st = parse_csv(input, "data.csv", &t);
            untouched = t.header == std::vector<std::string>{"kept"};
        } else if (fmt == "model") {
            TrainedModel m;
            m.train_error_mean = 7.0;
            st = load_model(input, "model.aemodel", &m);
            untouched = m.train_error_mean == 7.0;
        } else if (fmt == "checkpoint") {
            std::unique_ptr<Session> s;
            st = resume_session(input, "autosave", &s);
            untouched = s == nullptr;
        } else if (fmt == "csv_dataset") { // a user's CSV file as data.path of a csv config
            const std::string path = temp_path("data.csv");
            std::ofstream(path, std::ios::binary) << input;
            Config c;
            ASSERT_TRUE(parse_config(R"({"data": {"name": "csv", "path": ")" + path + R"("},
              "model": {"input": 1, "encoder": [{"type": "dense", "units": 1}], "decoder": [{"type": "dense", "units": 1}]}})",
                                     &c)
                            .ok());
            std::unique_ptr<Session> s;
            st = open_session(c, &s);
            untouched = s == nullptr;
        } else if (fmt == "idx_dataset") { // the user's IDX images (and labels) of an idx config
            const std::string images = temp_path("images.idx"), labels = temp_path("labels.idx");
            std::ofstream(images, std::ios::binary) << input;
            std::string data = R"("name": "idx", "images": ")" + images + "\"";
            if (k.contains("labels_base64")) {
                std::ofstream(labels, std::ios::binary) << base64_decode(k["labels_base64"]);
                data += R"(, "labels": ")" + labels + "\"";
            }
            Config c;
            ASSERT_TRUE(parse_config("{\"data\": {" + data + R"(},
              "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 4}]}})",
                                     &c)
                            .ok());
            std::unique_ptr<Session> s;
            st = open_session(c, &s);
            untouched = s == nullptr;
        } else if (fmt == "dataset") {
            Dataset d;
            d.name = "kept";
            st = parse_image_asset(input, "mnist.bin", &d);
            untouched = d.name == "kept";
        } else if (fmt == "denoise") {
            DenoiseSpec spec;
            spec.seed = 999;
            st = parse_denoise_spec(input, &spec);
            untouched = spec.seed == 999 && spec.factor == DenoiseSpec().factor;
        } else if (fmt == "export_part") {
            OnnxPart part = OnnxPart::decoder;
            st = parse_onnx_part(input, &part);
            untouched = part == OnnxPart::decoder;
        } else if (fmt == "lesson") {
            Lesson l;
            l.id = "kept";
            st = parse_lesson(input, &l);
            untouched = l.id == "kept";
        } else if (fmt == "url_state") { // the text after '#' of a share link
            Config c;
            c.seed = 999;
            st = parse_share_fragment(input, &c);
            untouched = c.seed == 999;
        } else {
            ADD_FAILURE() << "unknown format " << fmt;
            continue;
        }
        ++per_format[fmt];
        EXPECT_FALSE(st.ok()) << fmt << ": " << what;
        EXPECT_NE(st.error.find(expected), std::string::npos)
            << fmt << ": " << what << "\n  expected: " << expected << "\n  got: " << st.error;
        EXPECT_TRUE(untouched) << fmt << ": " << what << " changed the output on error";
    }
    for (const char* f : {"config", "csv", "model", "checkpoint", "dataset", "csv_dataset",
                          "denoise", "lesson", "url_state", "idx_dataset"})
        EXPECT_GE(per_format[f], 3) << f;
}
