// The fixed-seed golden run (tests/golden/seed000_history.json: every epoch's loss and val_loss of
// the seed 000 experiment) replayed exactly, and the command line as a user runs it.
#include "engine/analysis/denoise.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

using namespace ae;

TEST(Golden, Seed000HistoryReplaysExactly) {
    const auto golden =
        nlohmann::json::parse(read_text(source_path("tests/golden/seed000_history.json")));
    const Config c = load_example(golden["config"].get<std::string>());
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    EXPECT_EQ(s->model().num_params(), golden["params"].get<long>());
    while (!s->done())
        s->train_epoch();
    const auto& loss = golden["history"]["loss"];
    const auto& val = golden["history"]["val_loss"];
    ASSERT_EQ(s->history().loss.size(), loss.size());
    ASSERT_EQ(s->history().val_loss.size(), val.size());
    for (size_t i = 0; i < loss.size(); ++i) {
        EXPECT_TRUE(close_rel(s->history().loss[i], loss[i].get<double>(), 1e-12))
            << "epoch " << i + 1;
        EXPECT_TRUE(close_rel(s->history().val_loss[i], val[i].get<double>(), 1e-12))
            << "epoch " << i + 1;
    }
    // The seed's own observation holds: no overfitting on uniform noise (ratio well under 1.5).
    EXPECT_LT(s->history().val_loss.back() / s->history().loss.back(), 1.5);
}

namespace {
struct CliRun {
    int code;
    std::string out, err;
};
CliRun run_cli(const std::string& args) {
    const std::string err_path = temp_path("stderr.txt");
    const std::string cmd = std::string(AEPLAY_CLI) + " " + args + " 2>" + err_path;
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
std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = temp_path(name);
    std::ofstream(path) << text;
    return path;
}
} // namespace

TEST(Cli, SummaryPrintsTheSeedWalkthrough) {
    const CliRun r = run_cli("summary " + source_path("examples/seed000_dense.json"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Total params: 17,838"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("10 x 32 + 32 = 352"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Compression ratio: 100:10 = 10:1"), std::string::npos) << r.out;
}

TEST(Cli, TrainWritesHistoryMetricsAndTiming) {
    const std::string cfg = write_temp("cli_small.json", R"({"seed": 7,
      "data": {"name": "uniform", "samples": 300, "features": 20},
      "model": {"input": 20, "encoder": [{"type": "dense", "units": 4, "activation": "relu"}],
                "decoder": [{"type": "dense", "units": 20, "activation": "sigmoid"}]},
      "train": {"epochs": 3, "batch_size": 32, "validation_split": 0.2}})");
    const std::string out = temp_path("cli_result.json");
    const CliRun r = run_cli("train " + cfg + " --out " + out);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Epoch 3/3 - loss: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Val/Train loss ratio: "), std::string::npos) << r.out;
    const auto j = nlohmann::json::parse(read_text(out));
    EXPECT_EQ(j["seed"], 7);
    EXPECT_EQ(j["params"], 20 * 4 + 4 + 4 * 20 + 20);
    EXPECT_EQ(j["history"]["loss"].size(), 3u);
    EXPECT_EQ(j["history"]["val_loss"].size(), 3u);
    EXPECT_EQ(j["metrics"]["val_loss"], j["history"]["val_loss"][2]);
    EXPECT_NEAR(j["metrics"]["val"]["rmse"].get<double>(),
                std::sqrt(j["metrics"]["val"]["mse"].get<double>()), 1e-12);
    EXPECT_GT(j["timing"]["samples_per_second"].get<double>(), 0.0);
    // The same run again gives the same numbers (a grader re-running a student's config).
    const std::string out2 = temp_path("cli_result2.json");
    ASSERT_EQ(run_cli("train " + cfg + " --out " + out2).code, 0);
    EXPECT_EQ(nlohmann::json::parse(read_text(out2))["history"], j["history"]);
}

TEST(Cli, BadInputExitsTwoWithTheFileAndField) {
    const std::string bad = write_temp(
        "cli_bad.json",
        R"({"seed": 1, "model": {"input": 100, "encoder": [{"type": "dense", "units": -5}], "decoder": [{"type": "dense", "units": 100}]}})");
    CliRun r = run_cli("train " + bad);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(
        r.err.find(
            "cli_bad.json: model.encoder[0].units: expected an integer from 1 to 4096, got -5"),
        std::string::npos)
        << r.err;
    r = run_cli("summary /nonexistent/config.json");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("/nonexistent/config.json: cannot open"), std::string::npos) << r.err;
    r = run_cli("fit " + bad);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown command \"fit\""), std::string::npos) << r.err;
    r = run_cli("train " + source_path("examples/seed001_linear.json") + " --epochs 0");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--epochs: expected an integer from 1 to 100000"), std::string::npos)
        << r.err;
}

TEST(Cli, DivergenceExitsOneAndSaysWhy) {
    const std::string cfg = write_temp("cli_nan.json", R"({"data": {"name": "sequences"},
      "model": {"input": 5, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 5}]},
      "train": {"epochs": 20, "optimizer": {"type": "sgd", "learning_rate": 5}}})");
    const CliRun r = run_cli("train " + cfg + " --quiet");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("loss became"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("learning_rate 5 is likely too high"), std::string::npos) << r.err;
}

TEST(Cli, SaveThenServeTheModel) {
    const std::string model = temp_path("seed001.aemodel");
    const std::string cfg =
        write_temp("s1.json", R"({"data": {"name": "sequences", "scaling": "minmax"},
      "model": {"input": 5, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 5}]},
      "train": {"epochs": 100, "optimizer": {"type": "adam", "learning_rate": 0.01}}})");
    CliRun r = run_cli("train " + cfg + " --quiet --save " + model);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Saved the model to "), std::string::npos);
    const std::string in = write_temp(
        "in.csv", "s1,s2,s3,s4,s5\n10,90,10,90,10\n50,50,50,50,50\n10,1000,10,1000,10\n");
    r = run_cli("reconstruct --model " + model + " --input " + in);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, 15), "s1,s2,s3,s4,s5\n"); // the header is kept
    r = run_cli("score --model " + model + " --input " + in);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("score,anomaly\n"), std::string::npos);
    EXPECT_NE(r.out.find(",1\n"), std::string::npos) << r.out; // the odd row is flagged
    EXPECT_NE(r.err.find("1 of 3 samples above the threshold"), std::string::npos) << r.err;
    const std::string out = temp_path("codes.json");
    r = run_cli("encode --model " + model + " --input " + in + " --out " + out);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(read_text(out))["codes"].size(), 3u);
    // Bad inputs: exit 2, the file and the problem named.
    r = run_cli("score --model " + model + " --input " +
                write_temp("bad.csv", "1,2,3,4,5\n1,2,x,4,5\n"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("bad.csv: line 2, column 3: \"x\" is not a number"), std::string::npos)
        << r.err;
    r = run_cli("score --model " + cfg + " --input " + in);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("not an aeplay model file"), std::string::npos) << r.err;
    r = run_cli("score --input " + in);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("score: --model MODEL is required"), std::string::npos) << r.err;
}

TEST(Cli, DenoiseReportsTheEngineNumbersAndRejectsBadNoise) {
    // `aeplay denoise` trains like the engine does and reports denoise_report()'s numbers.
    const std::string cfg = source_path("examples/denoise_sequences.json");
    const std::string out = temp_path("denoise.json");
    CliRun r = run_cli("denoise " + cfg +
                       " --epochs 3 --factor 0.4 --noise-seed 5 --sweep 3 "
                       "--quiet --out " +
                       out);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Test noise: gaussian, factor 0.4, clipped to [0, 1], seed 5"),
              std::string::npos)
        << r.out;
    Config c = load_example("examples/denoise_sequences.json");
    c.train.epochs = 3;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    DenoiseSpec spec = default_denoise_spec(c);
    spec.factor = 0.4;
    spec.seed = 5;
    const DenoiseReport rep = denoise_report(*s, spec);
    const auto j = nlohmann::json::parse(read_text(out));
    EXPECT_EQ(j["denoising"]["mse_noisy"].get<double>(), rep.mse_noisy);
    EXPECT_EQ(j["denoising"]["mse_denoised"].get<double>(), rep.mse_denoised);
    EXPECT_EQ(j["denoising"]["errors_noisy"].size(), size_t(rep.samples));
    EXPECT_EQ(j["sweep"]["levels"], nlohmann::json::parse("[0.0, 0.3, 0.6]"));
    // Bad noise: exit 2, the option's field and the accepted range named, nothing trained.
    r = run_cli("denoise " + cfg + " --factor -1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("denoise.factor: expected a number from 0 to 100, got -1"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
    r = run_cli("denoise " + cfg + " --noise salt");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("denoise.type: expected one of gaussian, masking"), std::string::npos)
        << r.err;
}

// export, --history, --errors (issue 6): files a user opens elsewhere, checked against the
// result JSON of the same run; every mistake exits 2 with a message naming it.
TEST(Cli, TrainWritesHistoryAndErrorsCsvThatMatchItsResult) {
    const std::string cfg = write_temp("cli_export.json", R"({"seed": 3,
      "data": {"name": "uniform", "samples": 200, "features": 10, "scaling": "minmax"},
      "model": {"input": 10, "encoder": [{"type": "dense", "units": 3, "activation": "tanh"}],
                "decoder": [{"type": "dense", "units": 10, "activation": "sigmoid"}]},
      "train": {"epochs": 4, "batch_size": 32, "validation_split": 0.25}})");
    const std::string out = temp_path("cli_export_result.json"), hist = temp_path("h.csv"),
                      errs = temp_path("e.csv"), errs_json = temp_path("e.json");
    CliRun r = run_cli("train " + cfg + " --quiet --out " + out + " --history " + hist +
                       " --errors " + errs);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto result = nlohmann::json::parse(read_text(out));
    std::istringstream h(read_text(hist));
    std::string line;
    std::getline(h, line);
    EXPECT_EQ(line, "epoch,loss,val_loss");
    for (int e = 1; e <= 4; ++e) {
        ASSERT_TRUE(std::getline(h, line));
        int epoch = 0;
        double loss = 0, val = 0;
        ASSERT_EQ(std::sscanf(line.c_str(), "%d,%lf,%lf", &epoch, &loss, &val), 3) << line;
        EXPECT_EQ(epoch, e);
        EXPECT_EQ(loss, result["history"]["loss"][e - 1].get<double>()); // 17 digits: exact
        EXPECT_EQ(val, result["history"]["val_loss"][e - 1].get<double>());
    }
    EXPECT_FALSE(std::getline(h, line));
    std::istringstream es(read_text(errs));
    std::getline(es, line);
    EXPECT_EQ(line, "sample,error,anomaly");
    int rows = 0, flagged = 0;
    double sum = 0;
    while (std::getline(es, line)) {
        int i = -1, a = -1;
        double v = 0;
        ASSERT_EQ(std::sscanf(line.c_str(), "%d,%lf,%d", &i, &v, &a), 3) << line;
        EXPECT_EQ(i, rows++);
        sum += v;
        flagged += a;
    }
    const auto& ev = result["evaluation"];
    EXPECT_EQ(rows, ev["samples"].get<int>());
    EXPECT_EQ(rows, 50); // the validation split: 25% of 200
    EXPECT_NEAR(sum / rows, ev["per_sample_error"]["mean"].get<double>(), 1e-12);
    EXPECT_EQ(flagged, ev["anomaly"]["flagged"].get<int>());
    // JSON: the evaluation with its per-sample errors.
    r = run_cli("train " + cfg + " --quiet --errors " + errs_json);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto ej = nlohmann::json::parse(read_text(errs_json));
    EXPECT_EQ(ej["errors"].size(), 50u);
    EXPECT_EQ(ej["per_sample_error"], ev["per_sample_error"]);
}

TEST(Cli, ExportWritesOnnxAndNpzAndNamesEveryMistake) {
    const std::string cfg = write_temp("cli_export2.json", R"({"seed": 3,
      "data": {"name": "uniform", "samples": 100, "features": 6},
      "model": {"input": 6, "encoder": [{"type": "dense", "units": 2}],
                "decoder": [{"type": "dense", "units": 6}]},
      "train": {"epochs": 1}})");
    const std::string model = temp_path("export.aeplay"), onnx = temp_path("export.onnx"),
                      npz = temp_path("export.npz");
    std::remove(onnx.c_str());
    std::remove(npz.c_str());
    ASSERT_EQ(run_cli("train " + cfg + " --quiet --save " + model).code, 0);
    CliRun r =
        run_cli("export --model " + model + " --onnx " + onnx + " --part decoder --npz " + npz);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Wrote the decoder as ONNX to " + onnx), std::string::npos) << r.out;
    const std::string o = read_text(onnx), z = read_text(npz);
    ASSERT_GE(o.size(), 2u);
    EXPECT_EQ(o.substr(0, 2), std::string("\x08\x08", 2)); // ModelProto.ir_version = 8
    EXPECT_EQ(z.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_NE(o.find("decoder_1/kernel"), std::string::npos);
    EXPECT_EQ(o.find("encoder_1/kernel"), std::string::npos); // the decoder only

    struct Bad {
        std::string args, message;
    };
    const Bad bad[] = {
        {"export --onnx " + onnx, "export: --model MODEL is required"},
        {"export --model " + model, "export: nothing to write; give --onnx OUT.onnx and/or --npz"},
        {"export --model " + model + " --onnx " + onnx + " --part middle",
         "--part: ONNX part: \"middle\" is not a part; accepted: encoder, decoder, full"},
        {"export --model /nonexistent/m.aeplay --npz " + npz, "/nonexistent/m.aeplay: cannot open"},
        {"export --model " + cfg + " --npz " + npz, "not an aeplay model file"},
        {"export --model " + model + " --npz /nonexistent/dir/m.npz",
         "/nonexistent/dir/m.npz: cannot write"},
    };
    for (const Bad& b : bad) {
        r = run_cli(b.args);
        EXPECT_EQ(r.code, 2) << b.args;
        EXPECT_NE(r.err.find(b.message), std::string::npos) << b.args << "\n" << r.err;
    }
}
