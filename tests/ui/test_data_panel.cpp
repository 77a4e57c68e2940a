// test_data_panel.cpp: the dataset section of the page's App, headless (as test_app.cpp): a CSV
// file handed over as the page's picker / drop does becomes the draft's data with model.input set
// to its feature count, and Apply trains on exactly its rows; a bad file shows the engine's message
// (file, line, column) and changes neither the session nor the draft; IDX images and labels (in
// either order) become the draft's idx data with model.input their pixel count, and bad IDX input
// (not IDX, truncated, labels alone, a label count that differs) is refused by name; the well-log
// example's status numbers are the engine's.
#include "app_harness.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <fstream>
#include <sstream>
#include "engine/data/open_session.h"

namespace {

using nlohmann::json;

class DataPanelTest : public AppHarness {
  protected:
    std::string import_csv(const std::string& name, const std::string& text) {
        const auto hold = app_.lock_session();
        return app_.import_csv(name, text, double(text.size()));
    }
    std::string import_idx(const std::vector<std::pair<std::string, std::string>>& files) {
        std::vector<App::Upload> uploads;
        for (const auto& [name, bytes] : files)
            uploads.push_back({name, bytes, double(bytes.size())});
        const auto hold = app_.lock_session();
        return app_.import_idx(uploads);
    }
};

// An IDX file of unsigned bytes: magic 0 0 8 ndims, big-endian dims, then the values.
std::string idx_bytes(const std::vector<uint32_t>& dims, const std::string& values) {
    std::string b = {0, 0, 8, char(dims.size())};
    for (uint32_t d : dims)
        for (int i = 3; i >= 0; --i)
            b += char((d >> (8 * i)) & 0xFF);
    return b + values;
}

// n images of 8 x 8 (a bright square whose place depends on the class) and their labels.
std::pair<std::string, std::string> idx_set(int n) {
    std::string px, labels;
    for (int i = 0; i < n; ++i) {
        const int c = i % 3;
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x)
                px += char(x / 3 == c && y / 3 == c ? 220 : (x + y + i) % 7);
        labels += char(c);
    }
    return {idx_bytes({uint32_t(n), 8, 8}, px), idx_bytes({uint32_t(n)}, labels)};
}

TEST_F(DataPanelTest, AGoodCsvBecomesTheDraftAndApplyTrainsOnIt) {
    std::string text = "x1,x2,x3,x4,kind\n";
    for (int i = 0; i < 30; ++i)
        text += std::to_string(i) + "," + std::to_string(i * i % 11) + ",0.5," +
                std::to_string(30 - i) + (i % 3 ? ",a\n" : ",b\n");
    EXPECT_EQ(import_csv("my data.csv", text), "");
    frame();
    json s = status();
    EXPECT_EQ(s["data"]["draft_name"], "csv");
    // "kind" holds words: it becomes the label column, the other 4 are the features.
    EXPECT_EQ(s["data"]["csv"]["label_column"], 4);
    EXPECT_EQ(s["data"]["draft_input"], 4);
    EXPECT_EQ(s["data"]["csv"]["rows"], 30);
    EXPECT_EQ(s["data"]["csv"]["columns"], 5);
    EXPECT_EQ(s["data"]["csv"]["name"], "my data.csv");
    EXPECT_EQ(s["config_error"], "");
    EXPECT_EQ(s["data"]["name"], "uniform"); // not applied yet
    click("apply");
    s = status();
    EXPECT_EQ(s["data"]["name"], "csv");
    EXPECT_EQ(s["data"]["features"], 4);
    EXPECT_EQ(s["data"]["train_rows"], 24);                       // validation_split 0.2 of 30
    EXPECT_EQ(s["data"]["class_names"], json::array({"b", "a"})); // in order of first appearance
}

TEST_F(DataPanelTest, ANumericCsvAppliesWithItsFeatureCount) {
    std::string text = "a,b,c\n";
    for (int i = 0; i < 40; ++i)
        text +=
            std::to_string(i % 7) + "," + std::to_string(i) + "," + std::to_string(i % 3) + "\n";
    ASSERT_EQ(import_csv("abc.csv", text), "");
    frame();
    json s = status();
    EXPECT_EQ(s["data"]["draft_input"], 3);
    EXPECT_EQ(s["config_error"], "");
    click("apply");
    s = status();
    EXPECT_EQ(s["data"]["name"], "csv");
    EXPECT_EQ(s["data"]["features"], 3);
    // The default example's validation_split 0.2: Keras keeps the first 32 of 40 rows to train.
    EXPECT_EQ(s["data"]["train_rows"], 32);
    EXPECT_EQ(s["data"]["val_rows"], 8);
    EXPECT_EQ(s["epoch"], 0);
}

TEST_F(DataPanelTest, ABadCsvShowsTheMessageAndChangesNothing) {
    const std::string before_cfg = [&] {
        const auto hold = app_.lock_session();
        return app_.config_json();
    }();
    const std::string err = import_csv("bad.csv", "a,b\n1,2\n3,\n");
    EXPECT_NE(err.find("bad.csv: line 3, column 2 (\"b\"): missing value"), std::string::npos)
        << err;
    frame();
    const json s = status();
    EXPECT_NE(s["data"]["message"].get<std::string>().find("Could not use bad.csv: line 3"),
              std::string::npos);
    EXPECT_EQ(s["data"]["draft_name"], "uniform");
    EXPECT_EQ(s["data"]["draft_input"], 100);
    EXPECT_FALSE(s["data"].contains("csv"));
    const auto hold = app_.lock_session();
    EXPECT_EQ(app_.config_json(), before_cfg);
}

TEST_F(DataPanelTest, IdxImagesAndLabelsBecomeTheDraftAndApplyTrainsOnThem) {
    const auto [images, labels] = idx_set(40);
    // Labels first: the dimensions, not the order, say which file is which.
    EXPECT_EQ(import_idx({{"my-labels-idx1-ubyte", labels}, {"my-images-idx3-ubyte", images}}), "");
    frame();
    json s = status();
    EXPECT_EQ(s["data"]["draft_name"], "idx");
    EXPECT_EQ(s["data"]["draft_input"], 64);
    EXPECT_EQ(s["data"]["idx"]["images"], "my-images-idx3-ubyte");
    EXPECT_EQ(s["data"]["idx"]["labels"], "my-labels-idx1-ubyte");
    EXPECT_EQ(s["data"]["idx"]["samples"], 40);
    EXPECT_EQ(s["data"]["idx"]["height"], 8);
    EXPECT_EQ(s["data"]["idx"]["classes"], 3);
    EXPECT_EQ(s["config_error"], "");
    EXPECT_EQ(s["data"]["name"], "uniform");              // not applied yet
    EXPECT_GT(s["ui"]["open_idx"][2].get<double>(), 0.0); // the button is drawn
    click("apply");
    s = status();
    EXPECT_EQ(s["data"]["name"], "idx");
    EXPECT_EQ(s["data"]["features"], 64);
    EXPECT_EQ(s["data"]["train_rows"], 32); // validation_split 0.2 of 40
    EXPECT_EQ(s["data"]["class_names"], json::array({"0", "1", "2"}));
}

TEST_F(DataPanelTest, IdxFilesOfTheSameNameBothKeepTheirBytes) {
    // Images and labels named alike (from two folders): stored apart, both read back at Apply.
    const auto [images, labels] = idx_set(40);
    ASSERT_EQ(import_idx({{"train.gz", images}, {"train.gz", labels}}), "");
    click("apply");
    const json s = status();
    EXPECT_EQ(s["config_error"], "");
    EXPECT_EQ(s["data"]["name"], "idx");
    EXPECT_EQ(s["data"]["features"], 64);
    EXPECT_EQ(s["data"]["train_rows"], 32);
    EXPECT_EQ(s["data"]["class_names"], json::array({"0", "1", "2"}));
}

TEST_F(DataPanelTest, IdxLabelsLetTheModelTrainOnOneClass) {
    const auto [images, labels] = idx_set(40); // labels i % 3
    ASSERT_EQ(import_idx({{"images-idx3-ubyte", images}, {"labels-idx1-ubyte", labels}}), "");
    frame();
    choose("idx_normal", 2); // "all classes", "class 0", "class 1", ...
    frame();
    EXPECT_EQ(status()["config_error"], "");
    click("apply");
    const json s = status();
    EXPECT_EQ(s["data"]["name"], "idx");
    // Of the first 32 (the training split), the samples labelled 1: i = 1, 4, ..., 31.
    EXPECT_EQ(s["data"]["train_rows"], 11);
    const auto hold = app_.lock_session();
    EXPECT_EQ(json::parse(app_.config_json())["data"]["normal_classes"], json::array({1}));
}

TEST_F(DataPanelTest, BadIdxInputIsRefusedByNameAndChangesNothing) {
    const std::string before_cfg = [&] {
        const auto hold = app_.lock_session();
        return app_.config_json();
    }();
    const auto [images, labels] = idx_set(20);
    const std::string labels9 = idx_set(9).second;
    const struct {
        std::vector<std::pair<std::string, std::string>> files;
        std::string error; // the start of the message
    } cases[] = {
        {{{"notes.txt", "hello, world\n"}}, "notes.txt: byte 0: magic 0x68656C6C is not an IDX"},
        {{{"cut-images-idx3-ubyte", images.substr(0, 100)}}, "cut-images-idx3-ubyte: truncated"},
        {{{"t-labels-idx1-ubyte", labels}}, "t-labels-idx1-ubyte: labels only (1 dimension, 20"},
        {{{"i-idx3-ubyte", images}, {"l-idx1-ubyte", labels9}},
         "l-idx1-ubyte: 9 labels, but i-idx3-ubyte has 20 images"},
    };
    for (const auto& c : cases) {
        const std::string err = import_idx(c.files);
        EXPECT_EQ(err.rfind(c.error, 0), 0u) << err;
        frame();
        const json s = status();
        EXPECT_EQ(s["data"]["message"].get<std::string>().rfind("Could not use " + c.error, 0), 0u)
            << s["data"]["message"];
        EXPECT_EQ(s["data"]["draft_name"], "uniform");
        EXPECT_EQ(s["data"]["draft_input"], 100);
        EXPECT_FALSE(s["data"].contains("idx"));
        const auto hold = app_.lock_session();
        EXPECT_EQ(app_.config_json(), before_cfg);
    }
}

TEST_F(DataPanelTest, TheWellLogExampleReportsTheEnginesNumbers) {
    std::ifstream f(std::string(AEPLAY_SOURCE_DIR) + "/examples/well_logs_anomaly.json");
    std::stringstream text;
    text << f.rdbuf();
    {
        const auto hold = app_.lock_session();
        ASSERT_EQ(app_.load_config(text.str(), "well_logs_anomaly.json"), "");
    }
    frame();
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(text.str(), &ref).ok());
    int anomalies = 0;
    for (int a : ref->anomaly_val())
        anomalies += a;
    const json s = status();
    EXPECT_EQ(s["data"]["name"], "well_logs");
    EXPECT_EQ(s["data"]["features"], 128);
    EXPECT_EQ(s["data"]["train_rows"], ref->x_train().rows());
    EXPECT_EQ(s["data"]["val_rows"], 200);
    EXPECT_EQ(s["data"]["anomalies_val"], anomalies);
    EXPECT_GT(anomalies, 5); // about a tenth of 200
    EXPECT_EQ(s["data"]["class_names"], json::array({"normal", "spike", "dropout", "shift"}));
}

} // namespace
