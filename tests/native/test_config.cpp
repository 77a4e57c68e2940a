// The experiment config: defaults, the canonical round trip, and a table of bad inputs, each with
// the message a user sees (field path and what is accepted).
#include "test_util.h"

using namespace ae;

namespace {
const char* kMinimal = R"({"data": {"name": "uniform", "samples": 100, "features": 4},
  "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 4}]}})";

std::string with_train(const std::string& train) {
    return std::string(R"({"data": {"name": "uniform", "samples": 100, "features": 4},
  "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 4}]},
  "train": )") +
           train + "}";
}
} // namespace

TEST(Config, DefaultsAreKeras) {
    Config c;
    ASSERT_TRUE(parse_config(kMinimal, &c).ok());
    EXPECT_EQ(c.seed, 42u);
    EXPECT_EQ(c.encoder[0].activation, Activation::linear);
    EXPECT_EQ(c.encoder[0].kernel_initializer, Init::glorot_uniform);
    EXPECT_EQ(c.train.epochs, 1);
    EXPECT_EQ(c.train.batch_size, 32);
    EXPECT_TRUE(c.train.shuffle);
    EXPECT_EQ(c.train.validation_split, 0.0);
    EXPECT_EQ(c.train.loss, Loss::mse);
    EXPECT_EQ(c.train.optimizer.type, OptimizerType::adam);
    EXPECT_DOUBLE_EQ(c.train.optimizer.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(c.train.optimizer.epsilon, 1e-7);
}

TEST(Config, OptimizerAsAStringTakesThatOptimizersDefaults) {
    Config c;
    ASSERT_TRUE(parse_config(with_train(R"({"optimizer": "sgd"})"), &c).ok());
    EXPECT_EQ(c.train.optimizer.type, OptimizerType::sgd);
    EXPECT_DOUBLE_EQ(c.train.optimizer.learning_rate, 0.01);
}

TEST(Config, CanonicalJsonRoundTrips) {
    for (const char* ex : {"examples/seed000_dense.json", "examples/seed001_linear.json",
                           "examples/seed000_denoising.json"}) {
        const Config a = load_example(ex);
        const std::string j = config_to_json(a);
        Config b;
        ASSERT_TRUE(parse_config(j, &b).ok()) << j;
        EXPECT_EQ(config_to_json(b), j);
        EXPECT_EQ(b.encoder.size(), a.encoder.size());
        EXPECT_EQ(b.train.batch_size, a.train.batch_size);
    }
    for (const char* clip : {"clipnorm", "global_clipnorm", "clipvalue"}) { // kept, one at a time
        Config a, b;
        ASSERT_TRUE(parse_config(with_train(std::string(R"({"optimizer": {"type": "rmsprop", ")") +
                                            clip + "\": 0.25}}"),
                                 &a)
                        .ok());
        const std::string j = config_to_json(a);
        ASSERT_TRUE(parse_config(j, &b).ok()) << j;
        EXPECT_EQ(b.train.optimizer.clipnorm + b.train.optimizer.global_clipnorm +
                      b.train.optimizer.clipvalue,
                  0.25)
            << j;
    }
}

struct BadCase {
    const char* what;
    std::string json;
    const char* message; // must appear in the error
};

TEST(Config, BadInputsNameTheFieldAndWhatIsAccepted) {
    const std::vector<BadCase> cases = {
        {"syntax error", R"({"seed": 1,})", "line 1, column 12"},
        {"syntax error on line 3", "{\n\"seed\": 1,\n\"data\" {}}", "line 3"},
        {"empty text", "", "config: parse error at line 1, column 1"},
        {"not an object", "[1, 2]", "config: expected an object, got an array"},
        {"duplicate key", R"({"seed": 1, "seed": 2})", "duplicate key \"seed\""},
        {"unknown top-level key", R"({"sed": 1})",
         "sed: unknown key (did you mean \"seed\"?); accepted: seed, data, model, train"},
        {"negative seed", R"({"seed": -1})",
         "seed: expected an integer from 0 to 2147483647, got -1"},
        {"seed as string", R"({"seed": "42"})",
         "seed: expected an integer from 0 to 2147483647, got the string \"42\""},
        {"missing model", R"({"seed": 1})", "model: missing"},
        {"unknown dataset", R"({"data": {"name": "mnist2"}})",
         "data.name: expected one of uniform, sequences, mnist, fashion_mnist, well_logs, csv, "
         "idx, "
         "got "
         "the string "
         "\"mnist2\""},
        {"zero samples", R"({"data": {"name": "uniform", "samples": 0}})",
         "data.samples: expected an integer from 2 to 1000000, got 0"},
        {"fractional samples", R"({"data": {"name": "uniform", "samples": 10.5}})",
         "data.samples: expected an integer"},
        {"too much data", R"({"data": {"name": "uniform", "samples": 1000000, "features": 4000}})",
         "more than the limit"},
        {"features on sequences", R"({"data": {"name": "sequences", "features": 5}})",
         "data.features: \"sequences\" does not take it (it always has 5 features, seed 001); "
         "used by uniform, well_logs; remove the key"},
        {"noise on uniform", R"({"data": {"name": "uniform", "noise": 1}})",
         "data.noise: \"uniform\" does not take it; used by sequences, well_logs; remove the key"},
        {"model not object", R"({"data": {"name": "uniform", "features": 4}, "model": 3})",
         "model: expected an object, got 3"},
        {"missing input",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"encoder": [], "decoder": []}})",
         "model.input: missing"},
        {"empty encoder",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder: expected a list of 1 to 32 layers"},
        {"encoder not a list",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": {}, "decoder": []}})",
         "model.encoder: expected a list"},
        {"bad layer type",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "conv", "units": 2}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].type: expected one of dense, conv2d, conv2d_transpose, max_pooling2d, "
         "up_sampling2d, cropping2d, flatten, reshape, dropout, got the string \"conv\""},
        {"missing units",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense"}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].units: missing"},
        {"zero units",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 0}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].units: expected an integer from 1 to 4096, got 0"},
        {"huge units",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 1e12}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].units: expected an integer from 1 to 4096"},
        {"bad activation",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2, "activation": "softmax"}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].activation: expected one of linear, relu, leaky_relu, elu, sigmoid, "
         "tanh, got the string \"softmax\""},
        {"unknown layer key",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "unit": 2}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].unit: unknown key (did you mean \"units\"?)"},
        {"bad initializer",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2, "kernel_initializer": "ones"}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.encoder[0].kernel_initializer: expected one of glorot_uniform, he_normal, zeros"},
        {"decoder does not reconstruct",
         R"({"data": {"name": "uniform", "features": 4}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 3}]}})",
         "model.decoder[0].units: the last decoder layer must output 4 values to reconstruct the "
         "input (model.input = 4), got 3"},
        {"input does not match data",
         R"({"data": {"name": "sequences"}, "model": {"input": 4, "encoder": [{"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 4}]}})",
         "model.input: 4 does not match the data: \"sequences\" has 5 features"},
        {"too many params",
         R"({"data": {"name": "uniform", "features": 4096, "samples": 10}, "model": {"input": 4096, "encoder": [{"type": "dense", "units": 4096}, {"type": "dense", "units": 4096}], "decoder": [{"type": "dense", "units": 4096}]}})",
         "parameters is more than the limit of 16777216"},
        {"more memory than the browser has",
         R"({"data": {"name": "uniform", "samples": 60000, "features": 1000}, "model": {"input": 1000, "encoder": [{"type": "dense", "units": 2048}, {"type": "dense", "units": 2048}], "decoder": [{"type": "dense", "units": 1000}]}, "train": {"batch_size": 60000}})",
         "this experiment would need about 4.1 GB (data 480 MB, model 199 MB, activations 3.4 GB) "
         "of memory, more than the limit of 1.0 GB"},
        {"two clipping rules",
         with_train(R"({"optimizer": {"type": "adam", "clipnorm": 1, "clipvalue": 0.5}})"),
         "train.optimizer: set at most one of clipnorm, global_clipnorm and clipvalue"},
        {"clipnorm zero", with_train(R"({"optimizer": {"type": "sgd", "clipnorm": 0}})"),
         "train.optimizer.clipnorm: expected a number above 0 (leave it out for no clipping)"},
        {"clipvalue negative", with_train(R"({"optimizer": {"type": "sgd", "clipvalue": -1}})"),
         "train.optimizer.clipvalue: expected a number from 0 to 1e+06"},
        {"zero epochs", with_train(R"({"epochs": 0})"),
         "train.epochs: expected an integer from 1 to 100000, got 0"},
        {"batch size as string", with_train(R"({"batch_size": "64"})"),
         "train.batch_size: expected an integer from 1 to 1000000, got the string \"64\""},
        {"shuffle as number", with_train(R"({"shuffle": 1})"),
         "train.shuffle: expected true or false, got 1"},
        {"validation split 1", with_train(R"({"validation_split": 1})"),
         "train.validation_split: expected a number from 0 to 1 (exclusive), got 1"},
        {"validation split too small", with_train(R"({"validation_split": 1e-17})"),
         "is less than one validation sample"},
        {"bad loss", with_train(R"({"loss": "cross_entropy"})"),
         "train.loss: expected one of mse, mae, binary_crossentropy"},
        {"bad optimizer name", with_train(R"({"optimizer": "adamw"})"),
         "train.optimizer: expected one of sgd, adam, rmsprop, got the string \"adamw\""},
        {"optimizer not object", with_train(R"({"optimizer": 3})"),
         "train.optimizer: expected \"adam\", \"sgd\", \"rmsprop\" or an object"},
        {"optimizer missing type", with_train(R"({"optimizer": {"learning_rate": 0.1}})"),
         "train.optimizer.type: missing; expected one of sgd, adam, rmsprop"},
        {"legacy lr", with_train(R"({"optimizer": {"type": "adam", "lr": 0.1}})"),
         "train.optimizer.lr: unknown key (did you mean \"learning_rate\"? Keras renamed it)"},
        {"momentum on adam", with_train(R"({"optimizer": {"type": "adam", "momentum": 0.9}})"),
         "train.optimizer.momentum: unknown key; accepted: type, learning_rate, beta_1, beta_2, "
         "epsilon"},
        {"negative learning rate",
         with_train(R"({"optimizer": {"type": "sgd", "learning_rate": -1}})"),
         "train.optimizer.learning_rate: expected a number from 0 to 100, got -1"},
        {"zero learning rate", with_train(R"({"optimizer": {"type": "sgd", "learning_rate": 0}})"),
         "train.optimizer.learning_rate: expected a number above 0"},
        {"beta_1 of 1", with_train(R"({"optimizer": {"type": "adam", "beta_1": 1}})"),
         "train.optimizer.beta_1: expected a number from 0 to 1 (exclusive), got 1"},
        {"nesterov as string", with_train(R"({"optimizer": {"type": "sgd", "nesterov": "yes"}})"),
         "train.optimizer.nesterov: expected true or false"},
        {"unknown train key", with_train(R"({"epoch": 3})"),
         "train.epoch: unknown key (did you mean \"epochs\"?)"},
        {"noise not object", with_train(R"({"noise": 0.3})"),
         "train.noise: expected an object like {\"type\": \"gaussian\""},
        {"noise missing type", with_train(R"({"noise": {"factor": 0.3}})"),
         "train.noise.type: missing; expected one of none, gaussian, masking"},
        {"unknown noise type", with_train(R"({"noise": {"type": "salt"}})"),
         "train.noise.type: expected one of none, gaussian, masking, got the string \"salt\""},
        {"negative noise factor", with_train(R"({"noise": {"type": "gaussian", "factor": -0.1}})"),
         "train.noise.factor: expected a number from 0 to 100, got -0.1"},
        {"fraction on gaussian", with_train(R"({"noise": {"type": "gaussian", "fraction": 0.1}})"),
         "train.noise.fraction: unknown key; accepted: type, factor, clip"},
        {"masking fraction 1", with_train(R"({"noise": {"type": "masking", "fraction": 1}})"),
         "train.noise.fraction: expected a number from 0 to 1 (exclusive), got 1"},
        {"clip as string", with_train(R"({"noise": {"type": "gaussian", "clip": "yes"}})"),
         "train.noise.clip: expected true or false"},
        {"unknown scaling", R"({"data": {"name": "uniform", "scaling": "robust"}})",
         "data.scaling: expected one of none, minmax, standard, got the string \"robust\""},
        {"anomalies above one half", R"({"data": {"name": "well_logs", "anomalies": 0.6}})",
         "data.anomalies: expected a number from 0 to 0.5, got 0.6"},
        {"anomalies on uniform", R"({"data": {"name": "uniform", "anomalies": 0.1}})",
         "data.anomalies: \"uniform\" does not take it; used by well_logs; remove the key"},
        {"well log too short", R"({"data": {"name": "well_logs", "features": 8}})",
         "data.features: expected an integer from 16 to 4096, got 8"},
        {"normal classes on sequences", R"({"data": {"name": "sequences", "normal_classes": [0]}})",
         "data.normal_classes: \"sequences\" does not take it; used by mnist, fashion_mnist, "
         "well_logs, csv, idx; remove the key"},
        {"normal class out of range",
         R"({"data": {"name": "well_logs", "normal_classes": [0, 4]}})",
         "data.normal_classes[1]: expected a non-empty list of class ids from 0 to 3 (0 normal, 1 "
         "spike, 2 dropout, 3 shift), got 4"},
        {"normal class as a word", R"({"data": {"name": "mnist", "normal_classes": ["7"]}})",
         "data.normal_classes[0]: expected a non-empty list of class ids from 0 to 9, got the "
         "string \"7\""},
        {"normal classes not a list", R"({"data": {"name": "mnist", "normal_classes": 7}})",
         "data.normal_classes: expected a non-empty list of class ids from 0 to 9, got 7"},
        {"csv without path", R"({"data": {"name": "csv"}})",
         "data.path: missing; \"csv\" reads its samples from a file"},
        {"csv path not a string", R"({"data": {"name": "csv", "path": 3}})",
         "data.path: expected a file name, got 3"},
        {"path on mnist", R"({"data": {"name": "mnist", "path": "a.csv"}})",
         "data.path: \"mnist\" does not take it; used by csv; remove the key"},
        {"samples on csv", R"({"data": {"name": "csv", "path": "a.csv", "samples": 10}})",
         "data.samples: \"csv\" does not take it (the file decides rows and columns)"},
        {"features on csv", R"({"data": {"name": "csv", "path": "a.csv", "features": 3}})",
         "data.features: \"csv\" does not take it (the file decides rows and columns)"},
        {"header as a word", R"({"data": {"name": "csv", "path": "a.csv", "header": "yes"}})",
         "data.header: expected \"auto\", true or false, got the string \"yes\""},
        {"label column negative",
         R"({"data": {"name": "csv", "path": "a.csv", "label_column": -1}})",
         "data.label_column: expected a column name from the header or a 0-based column index, got "
         "-1"},
        {"label column empty name",
         R"({"data": {"name": "csv", "path": "a.csv", "label_column": ""}})",
         "data.label_column: expected a column name from the header or a 0-based column index, got "
         "the string \"\""},
        {"normal classes without a label column",
         R"({"data": {"name": "csv", "path": "a.csv", "normal_classes": [0]}})",
         "data.normal_classes: needs data.label_column"},
    };
    EXPECT_GE(cases.size(), 40u);
    for (const BadCase& bc : cases) {
        Config c;
        c.seed = 12345; // a failed parse must leave the caller's config untouched
        const Status s = parse_config(bc.json, &c);
        EXPECT_FALSE(s.ok()) << bc.what;
        EXPECT_NE(s.error.find(bc.message), std::string::npos)
            << bc.what << "\n  expected to contain: " << bc.message << "\n  got: " << s.error;
        EXPECT_EQ(c.seed, 12345u) << bc.what;
    }
}

// The memory estimate, by hand for seed 000 (5,000 x 100 uniform values, 17,838 parameters,
// batch 64, layers 64-32-10-32-64-100): data = 500,000 floats x 2 (the set and its split),
// model = 17,838 x 6 floats, activations = 64 x (2 x 302 + 2 x 100) + 64 x 100 floats.
TEST(Config, MemoryEstimateOfSeed000ByHand) {
    const MemoryEstimate m = estimate_memory(load_example("examples/seed000_dense.json"));
    EXPECT_EQ(m.data, 500000LL * 4 * 2);
    EXPECT_EQ(m.model, 17838LL * 4 * 6);
    EXPECT_EQ(m.activations, (64LL * (2 * 302 + 2 * 100) + 6400) * 4);
    EXPECT_EQ(m.text(), "about 5 MB (data 4 MB, model 428 kB, activations 231 kB)");
}
