// The data sources of issue 3: synthetic well logs (shape, determinism, injected anomalies exactly
// where the labels say, measured noise level), normal_classes (train on some classes, score all),
// and the user's CSV files (header detection, quotes, label columns, errors naming file, line and
// column, scaling fitted on the training rows and stored with the model), and the CLI on both.
#include "engine/data/data.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

using namespace ae;

namespace {

DataConfig logs(int samples, int features, double noise, double anomalies) {
    Config c;
    EXPECT_TRUE(parse_config(R"({"data": {"name": "well_logs"}, "model": {"input": 128,
        "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 128}]}})",
                             &c)
                    .ok());
    c.data.samples = samples, c.data.features = features, c.data.noise = noise;
    c.data.anomalies = anomalies;
    return c.data;
}

// The positions where two logs differ.
std::vector<int> differing(const MatrixRM& a, const MatrixRM& b, int row) {
    std::vector<int> at;
    for (int i = 0; i < a.cols(); ++i)
        if (a(row, i) != b(row, i)) at.push_back(i);
    return at;
}

bool contiguous(const std::vector<int>& at) {
    return !at.empty() && at.back() - at.front() + 1 == int(at.size());
}

std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = temp_path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// A csv config over `path` with a dense 2-unit model of `input` features.
std::string csv_config(const std::string& path, int input, const std::string& extra = "",
                       const std::string& train = "{}") {
    const std::string n = std::to_string(input);
    return R"({"data": {"name": "csv", "path": ")" + path + "\"" + extra +
           R"(}, "model": {"input": )" + n +
           R"(, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": )" +
           n + "}]}, \"train\": " + train + "}";
}

Status load_csv(const std::string& text, const std::string& extra, Dataset* d) {
    Config c;
    Status s = parse_config(csv_config(write_temp("data.csv", text), 1, extra), &c);
    if (!s.ok()) return s;
    return make_dataset(c.data, c.seed, d);
}

} // namespace

TEST(WellLogs, ShapeLabelsAndPlausibleGammaRay) {
    Dataset d;
    ASSERT_TRUE(make_dataset(logs(300, 64, 3.0, 0.2), 42, &d).ok());
    EXPECT_EQ(d.samples(), 300);
    EXPECT_EQ(d.features(), 64);
    ASSERT_EQ(d.labels.size(), 300u);
    ASSERT_EQ(d.anomaly.size(), 300u);
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"normal", "spike", "dropout", "shift"}));
    int kinds[4] = {}, anomalies = 0;
    for (int i = 0; i < 300; ++i) {
        ASSERT_GE(d.labels[i], 0);
        ASSERT_LE(d.labels[i], 3);
        kinds[d.labels[i]]++;
        EXPECT_EQ(d.anomaly[i], d.labels[i] != 0);
        anomalies += d.anomaly[i];
    }
    EXPECT_EQ(anomalies, 60); // 0.2 x 300
    for (int k = 1; k < 4; ++k)
        EXPECT_GT(kinds[k], 5) << d.class_names[k];
    // Clean logs in API units: sand 20-55, shale 75-135, + trend 0-20, + noise sd 3.
    Dataset clean;
    ASSERT_TRUE(make_dataset(logs(300, 64, 3.0, 0.0), 42, &clean).ok());
    EXPECT_GT(clean.x.minCoeff(), 0.0f);
    EXPECT_LT(clean.x.maxCoeff(), 175.0f);
    EXPECT_GT(clean.x.mean(), 40.0f);
    EXPECT_LT(clean.x.mean(), 110.0f);
}

TEST(WellLogs, SameSeedSameBitsOtherSeedOtherLogs) {
    Dataset a, b, c;
    ASSERT_TRUE(make_dataset(logs(100, 32, 3.0, 0.3), 5, &a).ok());
    ASSERT_TRUE(make_dataset(logs(100, 32, 3.0, 0.3), 5, &b).ok());
    ASSERT_TRUE(make_dataset(logs(100, 32, 3.0, 0.3), 6, &c).ok());
    EXPECT_EQ(std::memcmp(a.x.data(), b.x.data(), sizeof(float) * a.x.size()), 0);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_NE(std::memcmp(a.x.data(), c.x.data(), sizeof(float) * a.x.size()), 0);
    EXPECT_NE(a.labels, c.labels);
}

// Each anomalous log differs from its clean twin (same seed, anomalies 0) only where its label's
// kind of anomaly was injected, by the kind's amount; normal logs are their twins bit for bit.
TEST(WellLogs, AnomaliesAreWhereTheLabelsSay) {
    const int len = 96;
    Dataset d, twin;
    ASSERT_TRUE(make_dataset(logs(400, len, 3.0, 0.5), 11, &d).ok());
    ASSERT_TRUE(make_dataset(logs(400, len, 3.0, 0.0), 11, &twin).ok());
    int checked[4] = {};
    for (int r = 0; r < 400; ++r) {
        const std::vector<int> at = differing(d.x, twin.x, r);
        const int kind = d.labels[r];
        ++checked[kind];
        if (kind == kLogNormal) {
            EXPECT_TRUE(at.empty()) << "normal log " << r;
        } else if (kind == kLogSpike) {
            ASSERT_GE(at.size(), 1u) << r;
            EXPECT_LE(at.size(), 3u) << r;
            for (int i : at)
                EXPECT_GE(d.x(r, i) - twin.x(r, i), 59.99f) << r << " at " << i;
        } else if (kind == kLogDropout) {
            EXPECT_TRUE(contiguous(at)) << r;
            EXPECT_GE(int(at.size()), len / 16 - 1) << r; // a twin value may equal the reading
            EXPECT_LE(int(at.size()), len / 16 + len / 8 - 1) << r;
            for (int i : at) {
                EXPECT_EQ(d.x(r, i), d.x(r, at[0])) << "a constant reading, log " << r;
                EXPECT_GE(d.x(r, i), 0.0f);
                EXPECT_LT(d.x(r, i), 5.0f);
            }
        } else {
            ASSERT_TRUE(contiguous(at)) << r;
            EXPECT_GE(int(at.size()), len / 8) << r;
            EXPECT_LE(int(at.size()), len / 8 + len / 4 - 1) << r;
            const float offset = d.x(r, at[0]) - twin.x(r, at[0]);
            EXPECT_GE(offset, 29.99f);
            EXPECT_LT(offset, 60.01f);
            for (int i : at)
                EXPECT_NEAR(d.x(r, i) - twin.x(r, i), offset, 1e-4f) << r << " at " << i;
        }
    }
    EXPECT_EQ(checked[0], 200);
    for (int k = 1; k < 4; ++k)
        EXPECT_GT(checked[k], 40);
}

// With one seed, noise 0 and noise s draw the same layers; the difference is the noise alone.
TEST(WellLogs, MeasuredNoiseIsTheConfiguredStandardDeviation) {
    for (double sd : {1.0, 5.0}) {
        Dataset quiet, noisy;
        ASSERT_TRUE(make_dataset(logs(200, 64, 0.0, 0.0), 3, &quiet).ok());
        ASSERT_TRUE(make_dataset(logs(200, 64, sd, 0.0), 3, &noisy).ok());
        const Eigen::ArrayXXd e = (noisy.x - quiet.x).cast<double>().array();
        const double mean = e.mean();
        const double measured = std::sqrt((e - mean).square().mean());
        EXPECT_NEAR(mean, 0.0, 0.05 * sd); // 12800 draws: sd of the mean ~0.009 sd
        EXPECT_NEAR(measured, sd, 0.03 * sd) << "noise " << sd; // sd of the estimate ~0.006 sd
    }
}

TEST(NormalClasses, TrainOnNormalLogsScoreAll) {
    Config c;
    ASSERT_TRUE(parse_config(R"({"seed": 9, "data": {"name": "well_logs", "samples": 200,
      "features": 32, "anomalies": 0.3, "normal_classes": [0]},
      "model": {"input": 32, "encoder": [{"type": "dense", "units": 4}], "decoder": [{"type": "dense", "units": 32}]},
      "train": {"validation_split": 0.25}})",
                             &c)
                    .ok());
    Dataset d;
    ASSERT_TRUE(make_dataset(c.data, c.seed, &d).ok());
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    // Keras' split first (150 / 50), then the training rows of class 0 only, in order.
    int normal_in_train = 0;
    for (int i = 0; i < 150; ++i)
        if (d.labels[i] == 0) {
            ASSERT_LT(normal_in_train, s->x_train().rows());
            EXPECT_EQ(s->x_train().row(normal_in_train), d.x.row(i));
            ++normal_in_train;
        }
    EXPECT_EQ(s->x_train().rows(), normal_in_train);
    EXPECT_LT(normal_in_train, 150);
    EXPECT_EQ(s->labels_train(), std::vector<int>(normal_in_train, 0));
    EXPECT_EQ(s->anomaly_train(), std::vector<int>(normal_in_train, 0));
    ASSERT_EQ(s->x_val().rows(), 50);
    EXPECT_EQ(s->x_val(), d.x.bottomRows(50));
    EXPECT_EQ(s->labels_val(), std::vector<int>(d.labels.begin() + 150, d.labels.end()));
    EXPECT_EQ(s->anomaly_val(), std::vector<int>(d.anomaly.begin() + 150, d.anomaly.end()));

    // Two normal classes: dropouts count as normal too.
    c.data.normal_classes = {0, 2};
    ASSERT_TRUE(open_session(c, &s).ok());
    for (int i = 0; i < 50; ++i)
        EXPECT_EQ(s->anomaly_val()[i], d.labels[150 + i] == 1 || d.labels[150 + i] == 3);
    for (int l : s->labels_train())
        EXPECT_TRUE(l == 0 || l == 2);
}

TEST(NormalClasses, OneFashionClassTrainsAllAreScored) {
    if (!std::ifstream(source_path("build/data/fashion_mnist.bin")).good())
        GTEST_SKIP() << "build/data/fashion_mnist.bin not prepared (./scripts/build)";
    Config c;
    ASSERT_TRUE(
        parse_config(R"({"data": {"name": "fashion_mnist", "samples": 600, "normal_classes": [7]},
      "model": {"input": 784, "encoder": [{"type": "dense", "units": 8}], "decoder": [{"type": "dense", "units": 784}]},
      "train": {"validation_split": 0.5}})",
                     &c)
            .ok());
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s, source_path("build/data")).ok());
    EXPECT_GT(s->x_train().rows(), 10);
    EXPECT_LT(s->x_train().rows(), 60); // about 300 / 10 sneakers
    for (int l : s->labels_train())
        EXPECT_EQ(l, 7);
    ASSERT_EQ(s->labels_val().size(), 300u);
    for (size_t i = 0; i < 300; ++i)
        EXPECT_EQ(s->anomaly_val()[i], s->labels_val()[i] != 7);
}

TEST(NormalClasses, RefusedWhereTheyCannotApply) {
    Config c;
    ASSERT_TRUE(parse_config(R"({"seed": 1, "data": {"name": "well_logs", "samples": 20,
      "features": 16, "normal_classes": [3]},
      "model": {"input": 16, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 16}]}})",
                             &c)
                    .ok());
    std::unique_ptr<Session> s; // no anomalies: no log is a shift
    Status st = open_session(c, &s);
    EXPECT_NE(st.error.find("data.normal_classes: none of the 20 training samples is of these "
                            "classes; nothing to train on"),
              std::string::npos)
        << st.error;
    EXPECT_EQ(s, nullptr);
    // A csv label column with 2 classes.
    const std::string path = write_temp("two.csv", "x,y\n1,0\n2,1\n3,0\n");
    ASSERT_TRUE(
        parse_config(csv_config(path, 1, R"(, "label_column": "y", "normal_classes": [2])"), &c)
            .ok());
    st = open_session(c, &s);
    EXPECT_NE(st.error.find("data.normal_classes[0]: class 2, but the labels have 2 classes (0 to "
                            "1)"),
              std::string::npos)
        << st.error;
}

TEST(CsvData, HeaderQuotesAndStringLabelsByName) {
    Dataset d;
    ASSERT_TRUE(load_csv("a,b,\"c, d\",species\r\n1,2,3,setosa\r\n\"4\",5, 6 ,versicolor\r\n\r\n"
                         "7,8e0,9,setosa\r\n",
                         R"(, "label_column": "species")", &d)
                    .ok());
    ASSERT_EQ(d.samples(), 3);
    ASSERT_EQ(d.features(), 3);
    MatrixRM want(3, 3);
    want << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    EXPECT_EQ(d.x, want);
    EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 0}));
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor"}));
    EXPECT_TRUE(d.anomaly.empty());
}

TEST(CsvData, NoHeaderIsDetectedAndLabelsByIndex) {
    Dataset d;
    // Integer labels in column 0: class ids as they are.
    ASSERT_TRUE(load_csv("2,1.5,-2\n0,3,4\n2,5,6\n", R"(, "label_column": 0)", &d).ok());
    ASSERT_EQ(d.samples(), 3);
    EXPECT_EQ(d.x(0, 0), 1.5f);
    EXPECT_EQ(d.x(0, 1), -2.0f);
    EXPECT_EQ(d.labels, (std::vector<int>{2, 0, 2}));
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"0", "1", "2"}));
    // Words over words is not a header: both lines are data.
    ASSERT_TRUE(load_csv("1,2,cat\n3,4,dog\n", R"(, "label_column": 2)", &d).ok());
    EXPECT_EQ(d.samples(), 2);
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"cat", "dog"}));
    // No label column: every column is a feature, no labels.
    ASSERT_TRUE(load_csv("1,2\n3,4\n", "", &d).ok());
    EXPECT_EQ(d.features(), 2);
    EXPECT_TRUE(d.labels.empty());
    // header true takes a numeric first line as names; false reads it as data.
    ASSERT_TRUE(load_csv("10,20\n3,4\n5,6\n", R"(, "header": true)", &d).ok());
    EXPECT_EQ(d.samples(), 2);
    ASSERT_TRUE(load_csv("10,20\n3,4\n5,6\n", R"(, "header": false)", &d).ok());
    EXPECT_EQ(d.samples(), 3);
}

TEST(CsvData, BadFilesNameFileLineColumnAndWhatIsAccepted) {
    struct Case {
        const char* what;
        std::string text, extra, message;
    };
    const std::vector<Case> cases = {
        {"missing value", "a,b\n1,2\n3,\n", "",
         "data.csv: line 3, column 2 (\"b\"): missing value; expected a number"},
        {"a word", "a,b\n1,2\n3,x\n", "",
         "data.csv: line 3, column 2 (\"b\"): \"x\" is not a number; every column but the label"},
        {"words without header", "1,2\n3,x\n", R"(, "header": false)",
         "data.csv: line 2, column 2: \"x\" is not a number"},
        {"missing label", "a,y\n1,p\n2,\n", R"(, "label_column": "y")",
         "line 3, column 2 (\"y\"): missing value; expected a label"},
        {"label name not in header", "a,b\n1,2\n", R"(, "label_column": "c")",
         "data.label_column: no column named \"c\" in "},
        {"label name without header", "1,2\n3,4\n", R"(, "label_column": "c")",
         "data.label_column: \"c\" is a name, but "},
        {"label index too big", "1,2\n3,4\n", R"(, "label_column": 2)",
         "data.label_column: index 2, but "},
        {"only a label", "y\n1\n2\n", R"(, "label_column": "y")",
         "no feature columns besides the label column"},
        {"ragged row", "a,b\n1,2\n3,4,5\n", "",
         "data.csv: line 3: 3 columns, but the rows above have 2"},
        {"one row", "a,b\n1,2\n", "", "data.csv: 1 rows of data after the header; at least 2"},
        {"unclosed quote", "a,b\n\"1,2\n", "", "data.csv: line 2: a quote is not closed"},
    };
    for (const Case& k : cases) {
        Dataset d;
        d.name = "kept";
        const Status s = load_csv(k.text, k.extra, &d);
        EXPECT_FALSE(s.ok()) << k.what;
        EXPECT_NE(s.error.find(k.message), std::string::npos)
            << k.what << "\n  expected: " << k.message << "\n  got: " << s.error;
        EXPECT_EQ(d.name, "kept") << k.what;
    }
    Config c;
    ASSERT_TRUE(parse_config(csv_config("/nonexistent/x.csv", 2), &c).ok());
    std::unique_ptr<Session> s;
    Status st = open_session(c, &s);
    EXPECT_NE(st.error.find("data.path: cannot open \"/nonexistent/x.csv\""), std::string::npos)
        << st.error;
    // model.input must equal the feature count, and the message gives it.
    const std::string path = write_temp("three.csv", "a,b,c,label\n1,2,3,x\n4,5,6,y\n");
    ASSERT_TRUE(parse_config(csv_config(path, 4, R"(, "label_column": "label")"), &c).ok());
    st = open_session(c, &s);
    EXPECT_NE(st.error.find("model.input: 4 does not match the data's 3 features (the numeric "
                            "columns of " +
                            path +
                            " but the label column); set model.input and the last decoder "
                            "layer's units to 3"),
              std::string::npos)
        << st.error;
    EXPECT_EQ(s, nullptr);
}

// Scaling is fitted on the training rows only (Keras' split: the first 7 of 10) and travels with
// the saved model.
TEST(CsvData, ScalingFitsTheTrainingRowsAndIsSavedWithTheModel) {
    std::string text = "u,v\n";
    const float u[10] = {3, -1, 4, 1, 5, 9, 2, 60, -50, 7}; // rows 8..10 are validation
    const float v[10] = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8};
    for (int i = 0; i < 10; ++i)
        text += std::to_string(u[i]) + "," + std::to_string(v[i]) + "\n";
    const std::string path = write_temp("scale.csv", text);
    for (const char* kind : {"minmax", "standard"}) {
        Config c;
        ASSERT_TRUE(parse_config(csv_config(path, 2, std::string(R"(, "scaling": ")") + kind + "\"",
                                            R"({"validation_split": 0.3, "epochs": 2})"),
                                 &c)
                        .ok());
        std::unique_ptr<Session> s;
        ASSERT_TRUE(open_session(c, &s).ok());
        // By hand over the 7 training rows: u = 3 -1 4 1 5 9 2, v = 2 7 1 8 2 8 1.
        const Scaler& sc = s->scaler();
        if (std::string(kind) == "minmax") {
            EXPECT_EQ(sc.offset, (std::vector<float>{-1, 1}));
            EXPECT_EQ(sc.scale, (std::vector<float>{10, 7}));
        } else {
            const double mu = 23.0 / 7, mv = 29.0 / 7;
            double su = 0, sv = 0;
            for (int i = 0; i < 7; ++i)
                su += (u[i] - mu) * (u[i] - mu), sv += (v[i] - mv) * (v[i] - mv);
            EXPECT_FLOAT_EQ(sc.offset[0], float(mu));
            EXPECT_FLOAT_EQ(sc.offset[1], float(mv));
            EXPECT_FLOAT_EQ(sc.scale[0], float(std::sqrt(su / 7)));
            EXPECT_FLOAT_EQ(sc.scale[1], float(std::sqrt(sv / 7)));
        }
        EXPECT_FLOAT_EQ(s->x_val()(1, 0), (-50 - sc.offset[0]) / sc.scale[0]);
        while (s->train_epoch() > 0) {
        }
        TrainedModel m;
        ASSERT_TRUE(load_model(save_model(*s), "m.aemodel", &m).ok());
        EXPECT_EQ(m.scaler.kind, sc.kind);
        EXPECT_EQ(m.scaler.offset, sc.offset);
        EXPECT_EQ(m.scaler.scale, sc.scale);
        EXPECT_EQ(m.config.data.path, path);
    }
}

TEST(CsvData, ConfigRoundTripsAndBadFieldsAreNamed) {
    Config a, b;
    ASSERT_TRUE(parse_config(csv_config("d.csv", 3, R"(, "label_column": "kind", "header": true,
        "scaling": "standard", "normal_classes": [0, 1])"),
                             &a)
                    .ok());
    const std::string j = config_to_json(a);
    ASSERT_TRUE(parse_config(j, &b).ok()) << j;
    EXPECT_EQ(config_to_json(b), j);
    EXPECT_EQ(b.data.label_column, "kind");
    EXPECT_EQ(b.data.header, 1);
    EXPECT_EQ(b.data.normal_classes, (std::vector<int>{0, 1}));
    ASSERT_TRUE(parse_config(csv_config("d.csv", 3, R"(, "label_column": 2)"), &a).ok());
    ASSERT_TRUE(parse_config(config_to_json(a), &b).ok());
    EXPECT_EQ(b.data.label_index, 2);
    EXPECT_EQ(b.data.header, -1);
}

namespace {
struct CliRun {
    int code;
    std::string out, err;
};
CliRun run_cli(const std::string& cd, const std::string& args) {
    const std::string err_path = temp_path("stderr.txt");
    const std::string cmd =
        "cd " + cd + " && " + std::string(AEPLAY_CLI) + " " + args + " 2>" + err_path;
    CliRun r{};
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_text(err_path);
    return r;
}
} // namespace

TEST(CliData, TrainsWellLogsAndACsvRelativeToTheCurrentDirectory) {
    const std::string out = temp_path("logs.json");
    CliRun r = run_cli(".", "train " + source_path("examples/well_logs_anomaly.json") +
                                " --epochs 2 --quiet --out " + out);
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(read_text(out));
    EXPECT_EQ(j["history"]["loss"].size(), 2u);
    EXPECT_TRUE(std::isfinite(j["history"]["val_loss"][1].get<double>()));

    // The config names "rel.csv": found in the directory the CLI runs in.
    const std::string dir = testing::TempDir();
    const std::string csv_name = "aeplay_cli_rel_" + std::to_string(::getpid()) + ".csv";
    std::string text = "p,q,r,kind\n";
    for (int i = 0; i < 40; ++i)
        text += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," + std::to_string(i) +
                (i % 4 ? ",ok\n" : ",odd\n");
    std::ofstream(dir + "/" + csv_name) << text;
    const std::string cfg = write_temp(
        "csv.json", csv_config(csv_name, 3, R"(, "label_column": "kind", "scaling": "minmax")",
                               R"({"epochs": 3, "validation_split": 0.25})"));
    r = run_cli(dir, "train " + cfg + " --quiet --out " + out);
    ASSERT_EQ(r.code, 0) << r.err;
    j = nlohmann::json::parse(read_text(out));
    EXPECT_EQ(j["history"]["loss"].size(), 3u);
    // The same config from another directory: the file is not there, exit 2 naming the path.
    r = run_cli("/", "train " + cfg + " --quiet");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("data.path: cannot open \"" + csv_name + "\""), std::string::npos)
        << r.err;
}

// engine/data/source.h: bytes held in memory under the path a config names are read instead of
// the disk, and every message calls them by their display name; reads are bounded first.
TEST(DataFiles, HeldBytesAreReadUnderTheConfigsPathAndNamedByTheirDisplayName) {
    Config c;
    ASSERT_TRUE(parse_config(R"({"data": {"name": "csv", "path": "/upload/iris.csv",
        "label_column": "species"}, "model": {"input": 2, "encoder": [{"units": 1}],
        "decoder": [{"units": 2}]}})",
                             &c)
                    .ok());
    DataFiles files;
    files.add("/upload/iris.csv", "iris.csv", "a,b,species\n1,2,setosa\n3,4,virginica\n");
    Dataset d;
    ASSERT_TRUE(make_dataset(c.data, c.seed, &d, files).ok());
    MatrixRM want(2, 2);
    want << 1, 2, 3, 4;
    EXPECT_EQ(d.x, want);
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "virginica"}));
    // A bad value: the message names the user's file, not the key it is held under.
    files.add("/upload/iris.csv", "iris.csv", "a,b,species\n1,2,setosa\n3,x,virginica\n");
    Status s = make_dataset(c.data, c.seed, &d, files);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error.rfind("iris.csv: line 3, column 2 (\"b\"): \"x\" is not a number", 0), 0u)
        << s.error;
    EXPECT_EQ(s.error.find("/upload/"), std::string::npos) << s.error;
    // Not held: the disk at that path, and the message names the config's field.
    ASSERT_TRUE(files.remove("/upload/iris.csv"));
    s = make_dataset(c.data, c.seed, &d, files);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error.rfind("data.path: cannot open \"/upload/iris.csv\"", 0), 0u) << s.error;
    // A whole session opens from held bytes.
    files.add("/upload/iris.csv", "iris.csv", "a,b,species\n1,2,setosa\n3,4,virginica\n");
    std::unique_ptr<Session> session;
    ASSERT_TRUE(open_session(c, &session, files).ok());
    EXPECT_EQ(session->x_train().rows(), 2);
}

TEST(DataFiles, ReadsAreRefusedAboveTheirBoundBeforeReading) {
    DataSource held = DataSource::memory("big.csv", std::string(101, '1'));
    std::string out = "kept";
    Status s = held.read("data.path", 100, &out);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error.rfind("big.csv: 101 bytes, more than the 100 ", 0), 0u) << s.error;
    EXPECT_EQ(out, "kept");
    ASSERT_TRUE(held.read("data.path", 101, &out).ok());
    EXPECT_EQ(out.size(), 101u);
    // On disk: the size is taken before a byte is read.
    const std::string path = temp_path("big.csv");
    { std::ofstream(path, std::ios::binary) << std::string(101, '2'); }
    s = DataSource::file(path).read("data.path", 100, &out);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error.rfind(path + ": 101 bytes, more than the 100 ", 0), 0u) << s.error;
    ASSERT_TRUE(DataSource::file(path).read("data.path", 1000, &out).ok());
    EXPECT_EQ(out, std::string(101, '2'));
    std::remove(path.c_str());
}

TEST(DataFiles, IdxFilesHeldInMemoryAreNamedInMessages) {
    Config c;
    ASSERT_TRUE(parse_config(R"({"data": {"name": "idx", "images": "/upload/x-images",
        "labels": "/upload/x-labels"}, "model": {"input": 4, "encoder": [{"units": 1}],
        "decoder": [{"units": 4}]}})",
                             &c)
                    .ok());
    // Three 2 x 2 images of unsigned bytes, and only two labels.
    std::string images = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2};
    images += std::string(12, char(255));
    const std::string labels = {0, 0, 8, 1, 0, 0, 0, 2, 1, 0};
    DataFiles files;
    files.add("/upload/x-images", "digits-images.idx", images);
    files.add("/upload/x-labels", "digits-labels.idx", labels);
    Dataset d;
    Status s = make_dataset(c.data, c.seed, &d, files);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error.rfind("digits-labels.idx: 2 labels, but digits-images.idx has 3", 0), 0u)
        << s.error;
}
