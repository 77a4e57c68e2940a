// Lessons (engine/lesson.h): the Markdown subset, parsing the shipped lessons, variants, metrics
// against independent computations on a trained session, checks at their boundaries, the grader
// (full score, a tampered number, a changed locked setting, a bad file, a run that fails its
// tasks), the CLI's results.json, and the share URL codec. Bad lesson fields are in the corpus
// (tests/corpus/bad_inputs.json, formats "lesson" and "url_state").
#include "engine/analysis/analysis.h"
#include "engine/data/inflate.h"
#include "course/lesson.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace ae;
using json = nlohmann::json;

namespace {

// A small, fast lesson: 5-2-5 on 200 sequences, 10 epochs, a validation split.
const char* kTinyConfig = R"({"seed": 3,
  "data": {"name": "sequences", "samples": 200, "noise": 1.5, "scaling": "minmax"},
  "model": {"input": 5, "encoder": [{"type": "dense", "units": 4, "activation": "tanh"},
                                    {"type": "dense", "units": 2}],
            "decoder": [{"type": "dense", "units": 5}]},
  "train": {"epochs": 10, "batch_size": 16, "validation_split": 0.25,
            "optimizer": {"type": "adam", "learning_rate": 0.01}}})";

std::string tiny_lesson(const std::string& tasks, const std::string& extra = "") {
    return std::string(
               R"({"id": "tiny", "title": "Tiny", "text": "A *tiny* lesson.", "config": )") +
           kTinyConfig + extra + R"(, "tasks": )" + tasks + "}";
}

Lesson must_parse(const std::string& text) {
    Lesson l;
    const Status st = parse_lesson(text, &l);
    EXPECT_TRUE(st.ok()) << st.error;
    return l;
}

std::unique_ptr<Session> trained(const Config& c) {
    std::unique_ptr<Session> s;
    EXPECT_TRUE(open_session(c, &s).ok());
    while (!s->done() && s->train_epoch() > 0) {
    }
    return s;
}

// What the page exports after a run: the config it ran and its own metrics.
Submission own_submission(const Lesson& l, const Config& c, const std::string& student) {
    std::unique_ptr<Session> s = trained(c);
    Submission sub;
    const Status st = parse_submission(submission_json(l, student, c, lesson_metrics(l, *s)), &sub);
    EXPECT_TRUE(st.ok()) << st.error;
    return sub;
}

json tests_of(const GradeResult& g) {
    return json::parse(g.results_json)["tests"];
}

} // namespace

TEST(Lesson, MarkdownSubsetGivesBlocksAndStyledRuns) {
    const auto b = parse_markdown("# Title *x*\nfirst line\nsecond **bold** and `a*b`\n\n"
                                  "- item *it*\n* two\n### Small\nun*closed and **open");
    ASSERT_EQ(b.size(), 6u);
    EXPECT_EQ(b[0].kind, TextBlock::heading);
    EXPECT_EQ(b[0].level, 1);
    ASSERT_EQ(b[0].runs.size(), 2u);
    EXPECT_EQ(b[0].runs[1].text, "x");
    EXPECT_TRUE(b[0].runs[1].italic);
    // Lines of a paragraph are joined by one space; code keeps its '*' literally.
    EXPECT_EQ(b[1].kind, TextBlock::paragraph);
    ASSERT_EQ(b[1].runs.size(), 4u);
    EXPECT_EQ(b[1].runs[0].text, "first line second ");
    EXPECT_TRUE(b[1].runs[1].bold);
    EXPECT_EQ(b[1].runs[1].text, "bold");
    EXPECT_FALSE(b[1].runs[2].bold);
    EXPECT_TRUE(b[1].runs[3].code);
    EXPECT_EQ(b[1].runs[3].text, "a*b");
    EXPECT_EQ(b[2].kind, TextBlock::bullet);
    EXPECT_TRUE(b[2].runs[1].italic);
    EXPECT_EQ(b[3].kind, TextBlock::bullet);
    EXPECT_EQ(b[3].runs[0].text, "two");
    EXPECT_EQ(b[4].level, 3);
    // Unclosed markers stay literal text.
    ASSERT_EQ(b[5].runs.size(), 1u);
    EXPECT_EQ(b[5].runs[0].text, "un*closed and **open");
    // HTML is text like any other.
    const auto h = parse_markdown("<img src=x onerror=alert(1)>");
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].runs[0].text, "<img src=x onerror=alert(1)>");
}

TEST(Lesson, ShippedLessonsParseAndTellThemselvesFromConfigs) {
    for (const char* name :
         {"01_dense", "02_linear_pca", "03_denoising", "04_anomalies", "05_mnist_denoiser"}) {
        const std::string text = read_text(source_path(std::string("lessons/") + name + ".json"));
        Lesson l;
        const Status st = parse_lesson(text, &l);
        ASSERT_TRUE(st.ok()) << name << ": " << st.error;
        EXPECT_EQ(l.id, name);
        EXPECT_FALSE(l.tasks.empty());
        EXPECT_FALSE(l.blocks.empty());
        EXPECT_TRUE(looks_like_lesson(text)) << name;
        // lesson_json carries the same config back.
        Config back;
        ASSERT_TRUE(parse_config(json::parse(lesson_json(l))["config"].dump(), &back).ok());
        EXPECT_EQ(config_to_json(back), config_to_json(l.config));
    }
    EXPECT_FALSE(looks_like_lesson(read_text(source_path("examples/seed000_dense.json"))));
}

TEST(Lesson, ConfigErrorsNameTheLessonField) {
    Lesson l;
    l.id = "kept";
    Status st = parse_lesson(R"({"id": "x", "title": "t", "config": {"model": {"input": 0,
        "encoder": [], "decoder": []}}, "tasks": []})",
                             &l);
    EXPECT_EQ(st.error.rfind("lesson.config.model.input: expected an integer from 1 to", 0), 0u)
        << st.error;
    st = parse_lesson(R"({"id": "x", "title": "t", "config": {"seed": 1, "data": 5}, "tasks": []})",
                      &l);
    EXPECT_EQ(st.error, "lesson.config.data: expected an object, got 5");
    EXPECT_EQ(l.id, "kept");
}

TEST(Lesson, VariantsAreDeterministicPerStudentAndDifferAcrossStudents) {
    const Lesson l = must_parse(tiny_lesson(
        R"([{"id": "a", "text": "t", "check": {"metric": "loss", "op": "<", "value": 1}}])",
        R"(, "variants": {"seed": "from_student_id", "data.noise": {"min": 1, "max": 2}})"));
    ASSERT_TRUE(l.has_variants());
    Config a1, a2, b;
    ASSERT_TRUE(lesson_config_for(l, "alice", &a1).ok());
    ASSERT_TRUE(lesson_config_for(l, "alice", &a2).ok());
    ASSERT_TRUE(lesson_config_for(l, "bob", &b).ok());
    EXPECT_EQ(config_to_json(a1), config_to_json(a2));
    EXPECT_NE(a1.seed, b.seed);
    EXPECT_NE(a1.data.noise, b.data.noise);
    // The documented derivation, recomputed here: FNV-1a 64 of "tiny\nalice", then the Rng.
    uint64_t h = 1469598103934665603ull;
    for (char ch : std::string("tiny\nalice"))
        h = (h ^ uint8_t(ch)) * 1099511628211ull;
    EXPECT_EQ(variant_hash("tiny", "alice"), h);
    Rng rng(h, kStreamVariant);
    EXPECT_EQ(a1.seed, rng.next_u32() & 0x7fffffffu);
    EXPECT_EQ(a1.data.noise, std::round((1.0 + double(rng.uniform())) * 1000.0) / 1000.0);
    EXPECT_GE(a1.data.noise, 1.0);
    EXPECT_LE(a1.data.noise, 2.0);
    // 50 students: 50 different seeds.
    std::set<uint64_t> seeds;
    for (int i = 0; i < 50; ++i) {
        Config c;
        ASSERT_TRUE(lesson_config_for(l, "student" + std::to_string(i), &c).ok());
        seeds.insert(c.seed);
    }
    EXPECT_EQ(seeds.size(), 50u);
    Config none;
    EXPECT_EQ(lesson_config_for(l, "", &none).error.rfind("student id:", 0), 0u);
}

TEST(Lesson, MetricsOnATrainedSessionAgreeWithIndependentComputations) {
    const Lesson l = must_parse(tiny_lesson(R"([
      {"id": "p", "text": "t", "check": {"metric": "params", "op": "<=", "value": 61}},
      {"id": "z", "text": "t", "check": {"metric": "latent_dim", "op": "<=", "value": 2}},
      {"id": "e", "text": "t", "check": {"metric": "epochs_trained", "op": ">=", "value": 10}},
      {"id": "l", "text": "t", "check": {"metric": "loss", "op": "<", "value": 100}},
      {"id": "v", "text": "t", "check": {"metric": "val_loss", "op": "<", "value": 100}},
      {"id": "r", "text": "t", "check": {"metric": "overfit_ratio", "op": "<", "value": 100}},
      {"id": "m", "text": "t", "check": {"metric": "val_mse", "op": "<", "value": 100}},
      {"id": "pk", "text": "t", "check": {"metric": "pca_mse_at_k", "op": ">", "value": 0, "k": 2}},
      {"id": "rk", "text": "t", "check": {"metric": "ae_pca_ratio_at_k", "op": ">", "value": 0, "k": 2}},
      {"id": "bk", "text": "t", "check": {"metric": "ae_beats_pca_at_k", "op": ">=", "value": 0, "k": 5}}])"));
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(l.config, &s).ok());
    // Before any epoch only the structural metrics exist: params = (5*4+4) + (4*2+2) + (2*5+5).
    auto before = lesson_metrics(l, *s);
    EXPECT_EQ(before.size(), 3u);
    EXPECT_EQ(before["p"], 24 + 10 + 15);
    EXPECT_EQ(before["z"], 2);
    EXPECT_EQ(before["e"], 0);
    while (!s->done() && s->train_epoch() > 0) {
    }
    auto m = lesson_metrics(l, *s);
    ASSERT_EQ(m.size(), 10u);
    EXPECT_EQ(m["e"], 10);
    EXPECT_EQ(m["l"], s->history().loss.back());
    EXPECT_EQ(m["v"], s->history().val_loss.back());
    EXPECT_EQ(m["r"], s->history().val_loss.back() / s->history().loss.back());
    // val_mse: the reconstruction error on the validation split, computed here by hand.
    const MatrixRM& x = s->x_val();
    MatrixRM y(x.rows(), x.cols());
    s->model().reconstruct(x.data(), int(x.rows()), y.data());
    double se = 0;
    for (long i = 0; i < x.size(); ++i)
        se += (double(x.data()[i]) - y.data()[i]) * (double(x.data()[i]) - y.data()[i]);
    EXPECT_TRUE(close_rel(m["m"], se / double(x.size()), 1e-9)) << m["m"];
    // mse loss on the validation split is the same number as val_mse.
    EXPECT_TRUE(close_rel(m["m"], m["v"], 1e-5));
    Pca pca;
    pca.fit(s->x_train());
    EXPECT_EQ(m["pk"], pca.reconstruction_mse(x, 2));
    EXPECT_EQ(m["rk"], m["m"] / m["pk"]);
    // At k = 5 = d, PCA reconstructs exactly (up to rounding): a 2-unit bottleneck cannot beat it.
    EXPECT_EQ(m["bk"], 0.0);
}

TEST(Lesson, ChecksCompareAtTheBoundary) {
    const Lesson l = must_parse(tiny_lesson(R"([
      {"id": "lt", "text": "t", "check": {"metric": "params", "op": "<", "value": 49}},
      {"id": "le", "text": "t", "check": {"metric": "params", "op": "<=", "value": 49}},
      {"id": "gt", "text": "t", "check": {"metric": "params", "op": ">", "value": 49}},
      {"id": "ge", "text": "t", "check": {"metric": "params", "op": ">=", "value": 49}},
      {"id": "na", "text": "t", "check": {"metric": "loss", "op": "<", "value": 1}}])"));
    const std::map<std::string, double> v = {{"lt", 49}, {"le", 49}, {"gt", 49}, {"ge", 49}};
    const auto r = evaluate_checks(l, v);
    ASSERT_EQ(r.size(), 5u);
    EXPECT_FALSE(r[0].passed);
    EXPECT_TRUE(r[1].passed);
    EXPECT_FALSE(r[2].passed);
    EXPECT_TRUE(r[3].passed);
    EXPECT_FALSE(r[4].available);
    EXPECT_FALSE(r[4].passed);
    EXPECT_EQ(r[1].text, "params = 49 <= 49: passed");
    EXPECT_EQ(r[0].text, "params = 49, needs < 49");
}

TEST(Lesson, GraderGivesFullScoreToAnHonestSubmissionAndCatchesTampering) {
    const Lesson l = must_parse(tiny_lesson(
        R"([{"id": "fit", "text": "Low loss", "points": 2,
             "check": {"metric": "val_mse", "op": "<", "value": 0.5}},
            {"id": "ep", "text": "Ten epochs", "check": {"metric": "epochs_trained", "op": ">=", "value": 10}}])",
        R"(, "locked": ["model", "epochs"])"));
    const Submission honest = own_submission(l, l.config, "s1");
    GradeResult g = grade(l, honest);
    EXPECT_EQ(g.score, 3.0);
    EXPECT_EQ(g.max_score, 3.0);
    json t = tests_of(g);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0]["name"], "Locked settings unchanged");
    EXPECT_EQ(t[1]["score"], 2.0);
    EXPECT_EQ(t[1]["max_score"], 2.0);
    EXPECT_EQ(t[1]["visibility"], "visible");
    EXPECT_NE(t[1]["output"].get<std::string>().find("matches the grader's run"),
              std::string::npos);

    // One reported number changed in its last bit.
    Submission tampered = honest;
    tampered.metrics["fit"] = std::nextafter(tampered.metrics["fit"], 0.0);
    g = grade(l, tampered);
    EXPECT_EQ(g.score, 1.0);
    t = tests_of(g);
    EXPECT_EQ(t[1]["status"], "failed");
    EXPECT_NE(t[1]["output"].get<std::string>().find("they must agree"), std::string::npos);

    // A locked setting changed (the model), with its own honest numbers: nothing is graded.
    Config wider = l.config;
    wider.encoder[0].units = 8;
    g = grade(l, own_submission(l, wider, "s1"));
    EXPECT_EQ(g.score, 0.0);
    t = tests_of(g);
    EXPECT_EQ(t[0]["status"], "failed");
    EXPECT_NE(t[0]["output"].get<std::string>().find("model: the lesson sets"), std::string::npos);
    EXPECT_NE(t[1]["output"].get<std::string>().find("not graded: locked settings were changed"),
              std::string::npos);

    // An unlocked setting (the learning rate) may change.
    Config slower = l.config;
    slower.train.optimizer.learning_rate = 0.005;
    EXPECT_EQ(grade(l, own_submission(l, slower, "s1")).score, 3.0);

    // Another lesson's submission.
    Submission other = honest;
    other.lesson = "other";
    g = grade(l, other);
    EXPECT_EQ(g.score, 0.0);
    EXPECT_NE(g.results_json.find(R"(the submission is for lesson \"other\")"), std::string::npos);
}

TEST(Lesson, GraderRejectsABadSubmissionFileWithTheField) {
    Submission s;
    s.lesson = "kept";
    EXPECT_EQ(
        parse_submission("{\"lesson\": \"tiny\"", &s).error.rfind("submission: parse error", 0),
        0u);
    EXPECT_EQ(parse_submission(R"({"lesson": "tiny", "config": {"seed": 1}, "metrics": {}})", &s)
                  .error.rfind("submission.config.model: missing", 0),
              0u);
    EXPECT_EQ(parse_submission(std::string(R"({"lesson": "tiny", "config": )") + kTinyConfig +
                                   R"(, "metrics": {"fit": "0.1"}})",
                               &s)
                  .error,
              "submission.metrics.fit: expected a task id (a-z, 0-9, _, -) with a number, got the "
              "string \"0.1\"");
    EXPECT_EQ(parse_submission(std::string(R"({"lesson": "tiny", "seed": 4, "config": )") +
                                   kTinyConfig + R"(, "metrics": {}})",
                               &s)
                  .error,
              "submission.seed: expected the config's seed 3, got 4");
    EXPECT_EQ(s.lesson, "kept");
}

// A shipped lesson passes with its own config and fails with too few epochs (lesson 02: the
// linear AE comes within 10% of PCA after 5000 full-batch epochs, not after 200), each graded in
// under 30 s; another seed is a changed locked setting.
TEST(Lesson, ShippedLessonPassesWhenTrainedAndFailsWhenCutShort) {
    const Lesson l = must_parse(read_text(source_path("lessons/02_linear_pca.json")));
    Config c = l.config;
    const auto t0 = std::chrono::steady_clock::now();
    GradeResult g = grade(l, own_submission(l, c, "")); // no variants: no student id needed
    EXPECT_EQ(g.score, g.max_score) << g.results_json;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
    // PCA metrics agree to 1e-9 relative (the browser's eigensolver rounds its last bits
    // differently), no looser.
    Submission near = own_submission(l, c, "");
    near.metrics["near_pca"] *= 1 + 1e-12;
    EXPECT_EQ(grade(l, near).score, 2.0);
    near.metrics["near_pca"] *= 1 + 1e-8;
    EXPECT_EQ(grade(l, near).score, 1.0);
    c.train.epochs = 200;
    g = grade(l, own_submission(l, c, "student-1"));
    EXPECT_EQ(g.score, 1.0) << g.results_json; // latent_dim still passes, near_pca does not
    const json t = tests_of(g);
    EXPECT_EQ(t[1]["status"], "failed");
    EXPECT_NE(t[1]["output"].get<std::string>().find("needs <= 1.1"), std::string::npos);
    c = l.config;
    c.seed = 7;
    g = grade(l, own_submission(l, c, "student-1"));
    EXPECT_EQ(g.score, 0.0);
    EXPECT_NE(g.results_json.find("seed: the lesson sets 42, the submission has 7"),
              std::string::npos);
}

// Lesson 04 gives each student their own seed and noise level: the grader re-derives them from
// the student id, so a submission run on another student's problem is caught.
TEST(Lesson, GraderChecksTheStudentsVariant) {
    const Lesson l = must_parse(read_text(source_path("lessons/04_anomalies.json")));
    Config mine, theirs;
    ASSERT_TRUE(lesson_config_for(l, "s2", &mine).ok());
    ASSERT_TRUE(lesson_config_for(l, "s3", &theirs).ok());
    GradeResult g = grade(l, own_submission(l, mine, "s2"));
    EXPECT_EQ(g.score, g.max_score) << g.results_json;
    g = grade(l, own_submission(l, theirs, "s2"));
    EXPECT_EQ(g.score, 0.0);
    EXPECT_NE(g.results_json.find("seed: the lesson sets"), std::string::npos);
    EXPECT_NE(g.results_json.find("data: the lesson sets"), std::string::npos);
}

TEST(Lesson, CliGradeWritesGradescopeResults) {
    const Lesson l = must_parse(tiny_lesson(
        R"([{"id": "fit", "text": "Low loss", "check": {"metric": "val_mse", "op": "<", "value": 0.5}}])"));
    const std::string lesson_path = temp_path("lesson.json"), sub_path = temp_path("sub.json"),
                      out_path = temp_path("results.json");
    std::ofstream(lesson_path) << tiny_lesson(
        R"([{"id": "fit", "text": "Low loss", "check": {"metric": "val_mse", "op": "<", "value": 0.5}}])");
    std::unique_ptr<Session> s = trained(l.config);
    std::ofstream(sub_path) << submission_json(l, "s9", l.config, lesson_metrics(l, *s));
    const std::string cli = std::string(AEPLAY_CLI) + " grade " + lesson_path + " " + sub_path;
    ASSERT_EQ(std::system((cli + " --out " + out_path + " 2>/dev/null").c_str()), 0);
    const json r = json::parse(read_text(out_path));
    EXPECT_EQ(r["score"], 1.0);
    EXPECT_TRUE(r["execution_time"].is_number());
    ASSERT_EQ(r["tests"].size(), 2u);
    for (const auto& t : r["tests"])
        for (const char* k : {"name", "score", "max_score", "output", "visibility"})
            EXPECT_TRUE(t.contains(k)) << k;
    // A file that is not JSON: exit code 2, and results.json with score 0 and the message.
    std::ofstream(sub_path) << "not json";
    EXPECT_NE(std::system((cli + " --out " + out_path + " 2>/dev/null").c_str()), 0);
    const json bad = json::parse(read_text(out_path));
    EXPECT_EQ(bad["score"], 0.0);
    EXPECT_NE(bad["output"].get<std::string>().find("submission: parse error at line 1"),
              std::string::npos);
}

TEST(Lesson, ShareUrlCodecRoundTripsAndMatchesKnownVectors) {
    // RFC 4648 test vectors, in the URL-safe alphabet without padding.
    const std::pair<const char*, const char*> v[] = {{"", ""},           {"f", "Zg"},
                                                     {"fo", "Zm8"},      {"foo", "Zm9v"},
                                                     {"foob", "Zm9vYg"}, {"\xfb\xff", "-_8"}};
    for (const auto& [plain, coded] : v) {
        EXPECT_EQ(base64url_encode(plain), coded);
        std::string back;
        ASSERT_TRUE(base64url_decode(coded, 100, &back).ok());
        EXPECT_EQ(back, plain);
    }
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += char(i);
    std::string back;
    ASSERT_TRUE(base64url_decode(base64url_encode(all), 1000, &back).ok());
    EXPECT_EQ(back, all);
    Config c;
    const std::string canonical = config_to_json(load_example("examples/seed000_dense.json"));
    ASSERT_TRUE(parse_share_config(canonical, &c).ok());
    EXPECT_EQ(config_to_json(c), canonical);
}

TEST(Lesson, SizeCapsComeBeforeParsing) {
    Lesson l;
    EXPECT_EQ(parse_lesson(std::string(kMaxLessonBytes + 1, ' '), &l).error,
              "lesson: 262145 bytes; at most 262144 are accepted");
    Config c;
    EXPECT_EQ(
        parse_share_fragment("config=" + std::string(kMaxShareFragmentBytes + 1, 'A'), &c).error,
        "share link: 16385 characters; at most 16384 are accepted");
    EXPECT_EQ(parse_share_config(std::string(kMaxShareConfigBytes + 1, ' '), &c).error,
              "share link: the config is 65537 bytes; at most 65536 are accepted");
}

// inflate_raw against zlib (Debian's python3): stored (level 0), fixed and dynamic Huffman blocks
// (level 9 on short and long texts), each must come back byte for byte.
TEST(Lesson, InflateMatchesZlib) {
    if (std::system("/usr/bin/python3 -c 'import zlib' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 not available";
    const std::string text = config_to_json(load_example("examples/seed000_denoising.json"));
    const std::string plain_path = temp_path("plain.json");
    std::ofstream(plain_path, std::ios::binary) << text << std::string(3000, 'x') << "end";
    const std::string plain = read_text(plain_path);
    for (const char* how : {"0", "1", "9"}) {
        const std::string out_path = temp_path(std::string("deflate") + how);
        const std::string cmd =
            "/usr/bin/python3 -c \"import zlib,sys; c=zlib.compressobj(" + std::string(how) +
            ", zlib.DEFLATED, -15); d=open(sys.argv[1],'rb')"
            ".read(); open(sys.argv[2],'wb').write(c.compress(d)+c.flush())\" " +
            plain_path + " " + out_path;
        ASSERT_EQ(std::system(cmd.c_str()), 0);
        std::string back;
        const Status st = inflate_raw(read_text(out_path), 1 << 20, &back);
        ASSERT_TRUE(st.ok()) << how << ": " << st.error;
        EXPECT_EQ(back, plain) << "level " << how;
        EXPECT_FALSE(inflate_raw(read_text(out_path), plain.size() - 1, &back).ok());
    }
}
