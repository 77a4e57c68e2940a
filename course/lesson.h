// lesson.h: lessons (a teacher's prepared experiment with tasks), their checks, per-student
// variants, the grader, and the config carried in a share URL. Data only: nothing in a lesson is
// ever evaluated as code, and text is returned as styled runs for the caller to draw as text.
//
// A lesson file (JSON, at most kMaxLessonBytes):
//   {"id": "01_dense",                       1 to 64 of a-z 0-9 _ -
//    "title": "...",                          1 to 200 bytes
//    "text": "...",                           Markdown subset, at most 20,000 bytes (below)
//    "config": {...},                         an experiment config, checked by parse_config
//    "locked": ["model", ...], "hidden": [...],   control names from kControlNames
//    "variants": {"seed": "from_student_id", "data.noise": {"min": 1, "max": 2}},   optional
//    "tasks": [{"id": "low_error", "text": "...", "points": 1,
//               "check": {"metric": "val_mse", "op": "<", "value": 0.05, "k": 2}}]}   1 to 20
// Errors name the field path ("lesson.tasks[1].check.metric", "lesson.config.model.input").
//
// Markdown subset: "# ", "## ", "### " headings; "- " or "* " bullet items; paragraphs separated
// by blank lines (lines of a paragraph are joined by a space); inline **bold**, *italic* and
// `code` (no nesting inside code). Anything else is plain text; an unclosed marker is literal.
//
// Metrics (kMetricNames), computed from a trained Session on evaluate()'s split (validation when
// there is one, else training):
//   loss, val_loss          the last finished epoch's training / validation loss (history)
//   val_mse                 reconstruction MSE on the evaluation split
//   overfit_ratio           val_loss / loss of the last epoch
//   pca_mse_at_k            PCA's reconstruction MSE with k components (fitted on the training
//                           split), on the evaluation split; the check needs "k"
//   ae_pca_ratio_at_k       val_mse / pca_mse_at_k (1.1 = the AE within 10% of PCA); needs "k"
//   ae_beats_pca_at_k       1 when val_mse < pca_mse_at_k, else 0; needs "k"
//   noise_reduction_percent (1 - MSE(denoised) / MSE(noisy)) * 100 (needs train.noise)
//   anomaly_auc, anomaly_f1 errors as scores against the data's ground truth, F1 at the
//                           threshold mean + 3 std of the errors (needs labelled anomalies)
//   epochs_trained, params, latent_dim
//
// Variants: the lesson id and the student id give h = FNV-1a 64 of "<lesson id>\n<student id>";
// Rng(h, kStreamVariant) then draws, in this order: the seed (next_u32() & 0x7fffffff) when
// "seed" is "from_student_id", then each range's value min + (max - min) * uniform(), rounded to
// 3 decimals, in kVariantFields' order. Variant fields are locked (the student may not change
// them).
//
// Grading: a submission is {"lesson": id, "student": id, "seed": S, "config": {...}, "metrics":
// {"<task id>": value, ...}}. The grader checks that locked (and variant) settings equal the
// lesson's, re-runs the submitted config, evaluates every check on its own run and requires the
// reported values to equal its own exactly (same seed, bit-identical engine), except the PCA
// metrics (*_at_k: Eigen's eigensolver rounds differently in WASM), which agree to 1e-9 relative.
// The result is Gradescope's results.json shape.
//
// Share URLs: "#config=" + base64url(deflate-raw(config JSON)). Compression is the browser's
// (CompressionStream); decoding is here (base64url, inflate.h, the size-capped config check), so
// that one C++ path checks every link and is fuzzed (tests/fuzz/fuzz_url_state.cpp).
// Not here: drawing (web/panel_lesson.cpp), files and the command line (cli/main.cpp).
#pragma once

#include "engine/core/common.h"
#include "engine/train/config.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ae {

class Session;
class Pca;

constexpr size_t kMaxLessonBytes = 256 * 1024;
constexpr size_t kMaxSubmissionBytes = 256 * 1024;
constexpr size_t kMaxShareConfigBytes = 64 * 1024;   // the config JSON, after decompression
constexpr size_t kMaxShareFragmentBytes = 16 * 1024; // the base64url text in the URL
constexpr uint64_t kStreamVariant = 0x5717;          // far from rng.h's named streams

extern const char* const kControlNames[11];
extern const char* const kMetricNames[13];
extern const char* const kVariantFields[3];

struct TextRun {
    std::string text;
    bool bold = false, italic = false, code = false;
};
struct TextBlock {
    enum Kind { paragraph, heading, bullet } kind = paragraph;
    int level = 0; // heading: 1 to 3
    std::vector<TextRun> runs;
};
std::vector<TextBlock> parse_markdown(const std::string& text);

struct LessonCheck {
    std::string metric, op; // op: "<", "<=", ">", ">="
    double value = 0.0;
    int k = 0; // the *_at_k metrics
};
struct LessonTask {
    std::string id, text;
    double points = 1.0;
    LessonCheck check;
};
struct VariantRange {
    std::string field; // one of kVariantFields
    double min = 0.0, max = 0.0;
};

struct Lesson {
    std::string id, title, text;
    std::vector<TextBlock> blocks; // text, parsed
    Config config;
    std::vector<std::string> locked, hidden;
    bool seed_from_student = false;
    std::vector<VariantRange> ranges;
    std::vector<LessonTask> tasks;
    bool has_variants() const { return seed_from_student || !ranges.empty(); }
    bool is_locked(const std::string& control) const;
    bool is_hidden(const std::string& control) const;
};

Status parse_lesson(const std::string& json_text, Lesson* out);
// True when a JSON text looks like a lesson rather than a config (has "tasks" or "title").
bool looks_like_lesson(const std::string& json_text);
// The lesson as JSON for the page and the JS API: id, title, blocks (styled runs), config,
// locked, hidden, has_variants, tasks.
std::string lesson_json(const Lesson& l);

uint64_t variant_hash(const std::string& lesson_id, const std::string& student_id);
// The lesson's config with the student's variant applied (the lesson's config without variants).
Status lesson_config_for(const Lesson& l, const std::string& student_id, Config* out);

// The canonical JSON of one control's settings in a config ("seed" -> 42, "model" -> {...}).
std::string control_json(const Config& c, const std::string& control);
// Locked controls and variant fields whose values differ between the lesson's (student's)
// config and the submitted one: "epochs: the lesson sets 50, the submission has 5".
std::vector<std::string> locked_changes(const Lesson& l, const Config& expected,
                                        const Config& submitted);

// The value of every task's metric on a trained session, keyed by task id. A metric that cannot
// be computed yet (no finished epoch) is left out. pca: fitted on s.x_train(), or null.
std::map<std::string, double> lesson_metrics(const Lesson& l, Session& s, const Pca* pca = nullptr);

struct CheckResult {
    std::string id;
    bool available = false, passed = false;
    double value = 0.0;
    std::string text; // "val_mse = 0.0123 < 0.05: passed"
};
std::vector<CheckResult> evaluate_checks(const Lesson& l,
                                         const std::map<std::string, double>& values);
std::string check_results_json(const std::vector<CheckResult>& r);

struct Submission {
    std::string lesson, student;
    Config config;
    std::map<std::string, double> metrics;
};
Status parse_submission(const std::string& json_text, Submission* out);
std::string submission_json(const Lesson& l, const std::string& student, const Config& c,
                            const std::map<std::string, double>& metrics);

// Re-runs the submission and writes Gradescope's results.json ({"score", "execution_time",
// "output", "tests": [{"name", "score", "max_score", "status", "output", "visibility"}]}).
// Returns an error (and no results) only when the run itself cannot start.
struct GradeResult {
    double score = 0.0, max_score = 0.0;
    std::string results_json;
};
GradeResult grade(const Lesson& l, const Submission& sub, const std::string& data_dir = "");
// results.json for a submission that could not be read: score 0 and the message.
std::string grade_error_json(const std::string& message);

std::string base64url_encode(const std::string& bytes);
// Rejects characters outside A-Z a-z 0-9 - _ (and '=' padding at the end) and inputs above
// max_in characters, naming the position.
Status base64url_decode(const std::string& text, size_t max_in, std::string* out);
// A config from a share URL: size cap, then parse_config; errors start "share link: ".
Status parse_share_config(const std::string& json_text, Config* out);
// The whole fragment (the text after '#', "config=<base64url of deflate-raw JSON>"): size caps
// before and after decompression, base64url, inflate, parse_share_config. *out unchanged on error.
Status parse_share_fragment(const std::string& fragment, Config* out);

} // namespace ae
