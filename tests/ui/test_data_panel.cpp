// test_data_panel.cpp: the dataset section of the page's App, headless (as test_app.cpp): a CSV
// file handed over as the page's picker / drop does becomes the draft's data with model.input set
// to its feature count, and Apply trains on exactly its rows; a bad file shows the engine's message
// (file, line, column) and changes neither the session nor the draft; the well-log example's
// status numbers are the engine's.
#include "app_harness.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <fstream>
#include <sstream>

namespace {

using nlohmann::json;

class DataPanelTest : public AppHarness {
  protected:
    std::string import_csv(const std::string& name, const std::string& text) {
        const auto hold = app_.lock_session();
        return app_.import_csv(name, text, double(text.size()));
    }
};

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
    ASSERT_TRUE(ae::Session::create(text.str(), &ref).ok());
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
