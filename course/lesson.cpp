// lesson.cpp: see lesson.h. JSON through nlohmann without exceptions (the WASM build has them
// off): sax_parse with a handler that rejects duplicate keys, every value's type checked before
// it is read, every error prefixed with its field path.
#include "course/lesson.h"

#include "engine/analysis/evaluation.h"
#include "engine/data/inflate.h"
#include "engine/core/rng.h"
#include "engine/train/session.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include "engine/train/json_strict.h"
#include "engine/data/open_session.h"
#include <nlohmann/json.hpp>
#include <set>

namespace ae {

const char* const kControlNames[11] = {
    "model",      "data",    "seed", "optimizer",        "learning_rate", "epochs",
    "batch_size", "shuffle", "loss", "validation_split", "noise"};
const char* const kMetricNames[13] = {
    "loss",         "val_loss",          "val_mse",           "overfit_ratio",
    "pca_mse_at_k", "ae_pca_ratio_at_k", "ae_beats_pca_at_k", "noise_reduction_percent",
    "anomaly_auc",  "anomaly_f1",        "epochs_trained",    "params",
    "latent_dim"};
const char* const kVariantFields[3] = {"data.noise", "data.anomalies", "train.noise.factor"};

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// Parses JSON text of at most `limit` bytes into *root; errors start with `what`.
Status parse_json(const std::string& text, size_t limit, const std::string& what, json* root) {
    if (text.size() > limit)
        return Status::Error(what + ": " + std::to_string(text.size()) + " bytes; at most " +
                             std::to_string(limit) + " are accepted");
    std::string error;
    if (!parse_json_strict(text, root, &error)) return Status::Error(what + ": " + error);
    if (!root->is_object())
        return Status::Error(what + ": expected an object, got " +
                             (root->is_array() ? std::string("an array") : root->dump()));
    return Status::Ok();
}

std::string type_of(const json& v) {
    if (v.is_string()) return "the string \"" + v.get<std::string>().substr(0, 40) + "\"";
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    return v.dump();
}

std::string join(const char* const* names, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i)
        s += (i ? ", " : "") + std::string(names[i]);
    return s;
}
template <size_t N> bool one_of(const std::string& v, const char* const (&names)[N]) {
    for (const char* n : names)
        if (v == n) return true;
    return false;
}

std::string num(double v, int digits = 6) {
    char b[40];
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    return b;
}

// A nested parse_config error under a prefix: "model.input: ..." -> "lesson.config.model.input:
// ...", "config: ..." -> "lesson.config: ...", a message without a path -> "lesson.config: ...".
std::string nest_error(const std::string& prefix, const std::string& err) {
    if (err.rfind("config: ", 0) == 0) return prefix + err.substr(6);
    const size_t colon = err.find(": ");
    if (colon != std::string::npos && err.find(' ') > colon) return prefix + "." + err;
    return prefix + ": " + err;
}

// Checks keys of an object against an accepted list.
bool check_keys(const json& o, const std::string& path, const std::vector<std::string>& known,
                std::string* err) {
    for (auto it = o.begin(); it != o.end(); ++it)
        if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + k;
            *err = path + "." + it.key() + ": unknown key; accepted: " + list;
            return false;
        }
    return true;
}

// A string of 1..max bytes without control characters (text the page draws).
bool get_text(const json& o, const char* key, const std::string& path, size_t max, bool required,
              std::string* out, std::string* err) {
    const std::string field = path + "." + key;
    if (!o.contains(key)) {
        if (required)
            *err = field + ": missing; expected a string of 1 to " + std::to_string(max) + " bytes";
        return !required;
    }
    const json& v = o.at(key);
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > max) {
        *err =
            field + ": expected a string of 1 to " + std::to_string(max) + " bytes, got " +
            (v.is_string() ? std::to_string(v.get<std::string>().size()) + " bytes" : type_of(v));
        return false;
    }
    for (unsigned char ch : v.get<std::string>())
        if (ch < 0x20 && ch != '\n' && ch != '\t') {
            *err =
                field + ": control characters are not accepted (byte " + std::to_string(ch) + ")";
            return false;
        }
    *out = v.get<std::string>();
    return true;
}

// An identifier: 1 to 64 of a-z 0-9 _ -.
bool valid_id(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (char ch : s)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
            return false;
    return true;
}
bool get_id(const json& o, const char* key, const std::string& path, std::string* out,
            std::string* err) {
    const std::string field = path + "." + key;
    if (!o.contains(key) || !o.at(key).is_string() || !valid_id(o.at(key).get<std::string>())) {
        *err = field + ": " + (o.contains(key) ? "" : "missing; ") +
               "expected 1 to 64 characters from a-z, 0-9, _ and -" +
               (o.contains(key) ? ", got " + type_of(o.at(key)) : "");
        return false;
    }
    *out = o.at(key).get<std::string>();
    return true;
}

bool needs_k(const std::string& metric) {
    return metric.size() > 5 && metric.compare(metric.size() - 5, 5, "_at_k") == 0;
}

// Why a metric cannot be computed for a config, or empty.
std::string metric_unavailable(const std::string& metric, const Config& c) {
    if ((metric == "val_loss" || metric == "overfit_ratio") && c.train.validation_split <= 0)
        return "needs a validation split (lesson.config.train.validation_split > 0)";
    if (metric == "noise_reduction_percent" && c.train.noise.type == NoiseType::none)
        return "needs a denoising setup (lesson.config.train.noise)";
    if (metric == "anomaly_auc" || metric == "anomaly_f1") {
        const bool images = c.data.name == "mnist" || c.data.name == "fashion_mnist";
        const bool truth =
            (c.data.name == "well_logs" && c.data.anomalies > 0) ||
            (!c.data.normal_classes.empty() && (images || c.data.name == "well_logs"));
        if (!truth)
            return "needs data with known anomalies (well_logs with data.anomalies > 0, or "
                   "data.normal_classes)";
    }
    return "";
}

bool parse_controls(const json& root, const char* key, std::vector<std::string>* out,
                    std::string* err) {
    if (!root.contains(key)) return true;
    const json& v = root.at(key);
    const std::string path = std::string("lesson.") + key;
    if (!v.is_array() || v.size() > 11) {
        *err = path + ": expected a list of control names from " + join(kControlNames, 11) +
               ", got " + type_of(v);
        return false;
    }
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string() || !one_of(v[i].get<std::string>(), kControlNames)) {
            *err = path + "[" + std::to_string(i) + "]: expected one of " +
                   join(kControlNames, 11) + ", got " + type_of(v[i]);
            return false;
        }
        out->push_back(v[i].get<std::string>());
    }
    return true;
}

bool parse_variants(const json& root, Lesson* l, std::string* err) {
    if (!root.contains("variants")) return true;
    const json& v = root.at("variants");
    if (!v.is_object()) {
        *err = "lesson.variants: expected an object like {\"seed\": \"from_student_id\"}, got " +
               type_of(v);
        return false;
    }
    std::vector<std::string> known = {"seed"};
    known.insert(known.end(), kVariantFields, kVariantFields + 3);
    if (!check_keys(v, "lesson.variants", known, err)) return false;
    if (v.contains("seed")) {
        if (!(v.at("seed").is_string() && v.at("seed").get<std::string>() == "from_student_id")) {
            *err =
                "lesson.variants.seed: expected \"from_student_id\", got " + type_of(v.at("seed"));
            return false;
        }
        l->seed_from_student = true;
    }
    const Config& c = l->config;
    for (const char* field : kVariantFields) {
        if (!v.contains(field)) continue;
        const std::string path = std::string("lesson.variants.") + field;
        // What the config accepts for the field, and whether this config takes it at all.
        double lo = 0, hi = 0;
        std::string why;
        if (!std::strcmp(field, "data.noise")) {
            hi = 1e6;
            if (c.data.name != "sequences" && c.data.name != "well_logs")
                why = "needs data.name sequences or well_logs";
        } else if (!std::strcmp(field, "data.anomalies")) {
            hi = 0.5;
            if (c.data.name != "well_logs") why = "needs data.name well_logs";
        } else {
            hi = 100;
            if (c.train.noise.type != NoiseType::gaussian)
                why = "needs train.noise of type gaussian";
        }
        if (!why.empty()) {
            *err = path + ": the lesson's config " + why;
            return false;
        }
        const json& r = v.at(field);
        const bool shape = r.is_object() && r.size() == 2 && r.contains("min") &&
                           r.contains("max") && r.at("min").is_number() && r.at("max").is_number();
        const double mn = shape ? r.at("min").get<double>() : 0,
                     mx = shape ? r.at("max").get<double>() : 0;
        if (!shape || !(mn >= lo && mx <= hi && mn <= mx)) {
            *err = path + ": expected {\"min\": a, \"max\": b} with " + num(lo) +
                   " <= a <= b <= " + num(hi) + ", got " + r.dump();
            return false;
        }
        l->ranges.push_back({field, mn, mx});
    }
    return true;
}

bool parse_tasks(const json& root, Lesson* l, std::string* err) {
    if (!root.contains("tasks") || !root.at("tasks").is_array() || root.at("tasks").empty() ||
        root.at("tasks").size() > 20) {
        *err = std::string("lesson.tasks: ") + (root.contains("tasks") ? "" : "missing; ") +
               "expected a list of 1 to 20 tasks like {\"id\": \"low_error\", \"text\": \"...\", "
               "\"check\": {\"metric\": \"val_mse\", \"op\": \"<\", \"value\": 0.05}}" +
               (root.contains("tasks") ? ", got " + type_of(root.at("tasks")) : "");
        if (root.contains("tasks") && root.at("tasks").is_array())
            *err = "lesson.tasks: expected 1 to 20 tasks, got " +
                   std::to_string(root.at("tasks").size());
        return false;
    }
    const json& tasks = root.at("tasks");
    std::set<std::string> ids;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const std::string path = "lesson.tasks[" + std::to_string(i) + "]";
        const json& t = tasks[i];
        if (!t.is_object()) {
            *err = path + ": expected an object, got " + type_of(t);
            return false;
        }
        if (!check_keys(t, path, {"id", "text", "points", "check"}, err)) return false;
        LessonTask task;
        if (!get_id(t, "id", path, &task.id, err)) return false;
        if (!ids.insert(task.id).second) {
            *err = path + ".id: \"" + task.id + "\" is used by an earlier task; ids must differ";
            return false;
        }
        if (!get_text(t, "text", path, 500, true, &task.text, err)) return false;
        if (t.contains("points")) {
            const json& p = t.at("points");
            if (!p.is_number() || !(p.get<double>() >= 0 && p.get<double>() <= 100)) {
                *err = path + ".points: expected a number from 0 to 100, got " + type_of(p);
                return false;
            }
            task.points = p.get<double>();
        }
        const std::string cpath = path + ".check";
        if (!t.contains("check") || !t.at("check").is_object()) {
            *err = cpath + ": " + (t.contains("check") ? "" : "missing; ") +
                   "expected an object like {\"metric\": \"val_mse\", \"op\": \"<\", \"value\": "
                   "0.05}";
            return false;
        }
        const json& c = t.at("check");
        if (!check_keys(c, cpath, {"metric", "op", "value", "k"}, err)) return false;
        LessonCheck& ck = task.check;
        if (!c.contains("metric") || !c.at("metric").is_string() ||
            !one_of(c.at("metric").get<std::string>(), kMetricNames)) {
            *err = cpath + ".metric: expected one of " + join(kMetricNames, 13) + ", got " +
                   (c.contains("metric") ? type_of(c.at("metric")) : "nothing");
            return false;
        }
        ck.metric = c.at("metric").get<std::string>();
        static const char* const kOps[4] = {"<", "<=", ">", ">="};
        if (!c.contains("op") || !c.at("op").is_string() ||
            !one_of(c.at("op").get<std::string>(), kOps)) {
            *err = cpath + ".op: expected one of <, <=, >, >=, got " +
                   (c.contains("op") ? type_of(c.at("op")) : "nothing");
            return false;
        }
        ck.op = c.at("op").get<std::string>();
        if (!c.contains("value") || !c.at("value").is_number() ||
            !std::isfinite(c.at("value").get<double>())) {
            *err = cpath + ".value: expected a number, got " +
                   (c.contains("value") ? type_of(c.at("value")) : "nothing");
            return false;
        }
        ck.value = c.at("value").get<double>();
        const int width = l->config.input;
        if (needs_k(ck.metric)) {
            const json* k = c.contains("k") ? &c.at("k") : nullptr;
            if (!k || !k->is_number_integer() || k->get<int64_t>() < 1 ||
                k->get<int64_t>() > std::min(width, 64)) {
                *err = cpath + ".k: " + ck.metric + " needs \"k\": an integer from 1 to " +
                       std::to_string(std::min(width, 64)) + ", got " +
                       (k ? type_of(*k) : "nothing");
                return false;
            }
            ck.k = int(k->get<int64_t>());
        } else if (c.contains("k")) {
            *err = cpath + ".k: only the *_at_k metrics take k; " + ck.metric + " does not";
            return false;
        }
        const std::string why = metric_unavailable(ck.metric, l->config);
        if (!why.empty()) {
            *err = cpath + ".metric: " + ck.metric + " " + why;
            return false;
        }
        l->tasks.push_back(task);
    }
    return true;
}

// Markdown inline: **bold**, *italic*, `code`; an unclosed marker is literal.
std::vector<TextRun> parse_inline(const std::string& s) {
    std::vector<TextRun> runs;
    TextRun cur;
    auto flush = [&]() {
        if (!cur.text.empty()) runs.push_back(cur);
        cur.text.clear();
    };
    // A closing single '*' after position i that is not part of "**".
    auto single_star_after = [&](size_t i) {
        for (size_t j = i; j < s.size(); ++j)
            if (s[j] == '*' && (j + 1 >= s.size() || s[j + 1] != '*') && s[j - 1] != '*')
                return true;
        return false;
    };
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '`') {
            const size_t end = s.find('`', i + 1);
            if (end != std::string::npos && end > i + 1) {
                flush();
                TextRun code = cur;
                code.code = true;
                code.text = s.substr(i + 1, end - i - 1);
                runs.push_back(code);
                i = end;
                continue;
            }
        } else if (s.compare(i, 2, "**") == 0) {
            if (cur.bold || s.find("**", i + 2) != std::string::npos) {
                flush();
                cur.bold = !cur.bold;
                ++i;
                continue;
            }
        } else if (s[i] == '*') {
            if (cur.italic || single_star_after(i + 1)) {
                flush();
                cur.italic = !cur.italic;
                continue;
            }
        }
        cur.text += s[i];
    }
    flush();
    return runs;
}

const char* kind_name(TextBlock::Kind k) {
    return k == TextBlock::heading ? "heading" : k == TextBlock::bullet ? "bullet" : "paragraph";
}

bool compare(double v, const std::string& op, double ref) {
    if (op == "<") return v < ref;
    if (op == "<=") return v <= ref;
    if (op == ">") return v > ref;
    return v >= ref;
}

// Exact text of a double (round-trips).
std::string exact(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", v);
    return b;
}

} // namespace

std::vector<TextBlock> parse_markdown(const std::string& text) {
    std::vector<TextBlock> blocks;
    std::string para;
    auto flush_para = [&]() {
        if (para.empty()) return;
        TextBlock b;
        b.runs = parse_inline(para);
        blocks.push_back(b);
        para.clear();
    };
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        size_t lead = line.find_first_not_of(" \t");
        if (lead == std::string::npos) {
            flush_para();
            continue;
        }
        line = line.substr(lead);
        int level = 0;
        while (level < int(line.size()) && line[size_t(level)] == '#')
            ++level;
        if (level >= 1 && level <= 3 && line.size() > size_t(level) && line[size_t(level)] == ' ') {
            flush_para();
            TextBlock b;
            b.kind = TextBlock::heading;
            b.level = level;
            b.runs = parse_inline(line.substr(size_t(level) + 1));
            blocks.push_back(b);
        } else if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
            flush_para();
            TextBlock b;
            b.kind = TextBlock::bullet;
            b.runs = parse_inline(line.substr(2));
            blocks.push_back(b);
        } else {
            para += (para.empty() ? "" : " ") + line;
        }
    }
    flush_para();
    return blocks;
}

bool Lesson::is_locked(const std::string& control) const {
    return std::find(locked.begin(), locked.end(), control) != locked.end();
}
bool Lesson::is_hidden(const std::string& control) const {
    return std::find(hidden.begin(), hidden.end(), control) != hidden.end();
}

Status parse_lesson(const std::string& json_text, Lesson* out) {
    json root;
    Status st = parse_json(json_text, kMaxLessonBytes, "lesson", &root);
    if (!st.ok()) return st;
    std::string err;
    auto fail = [&]() { return Status::Error(err); };
    if (!check_keys(root, "lesson",
                    {"id", "title", "text", "config", "locked", "hidden", "variants", "tasks"},
                    &err))
        return fail();
    Lesson l;
    if (!get_id(root, "id", "lesson", &l.id, &err)) return fail();
    if (!get_text(root, "title", "lesson", 200, true, &l.title, &err)) return fail();
    if (!get_text(root, "text", "lesson", 20000, false, &l.text, &err)) return fail();
    if (!root.contains("config") || !root.at("config").is_object())
        return Status::Error(std::string("lesson.config: ") +
                             (root.contains("config") ? "" : "missing; ") +
                             "expected an experiment config object {\"seed\", \"data\", "
                             "\"model\", \"train\"}");
    st = parse_config(root.at("config").dump(), &l.config);
    if (!st.ok()) return Status::Error(nest_error("lesson.config", st.error));
    if (!parse_controls(root, "locked", &l.locked, &err)) return fail();
    if (!parse_controls(root, "hidden", &l.hidden, &err)) return fail();
    if (!parse_variants(root, &l, &err)) return fail();
    if (!parse_tasks(root, &l, &err)) return fail();
    l.blocks = parse_markdown(l.text);
    *out = std::move(l);
    return Status::Ok();
}

bool looks_like_lesson(const std::string& json_text) {
    json root;
    if (!parse_json(json_text, kMaxLessonBytes, "lesson", &root).ok()) return false;
    return root.contains("tasks") || root.contains("title");
}

std::string lesson_json(const Lesson& l) {
    ojson blocks = ojson::array();
    for (const TextBlock& b : l.blocks) {
        ojson runs = ojson::array();
        for (const TextRun& r : b.runs)
            runs.push_back(
                {{"text", r.text}, {"bold", r.bold}, {"italic", r.italic}, {"code", r.code}});
        blocks.push_back({{"kind", kind_name(b.kind)}, {"level", b.level}, {"runs", runs}});
    }
    ojson tasks = ojson::array();
    for (const LessonTask& t : l.tasks) {
        ojson check = {{"metric", t.check.metric}, {"op", t.check.op}, {"value", t.check.value}};
        if (t.check.k) check["k"] = t.check.k;
        tasks.push_back({{"id", t.id}, {"text", t.text}, {"points", t.points}, {"check", check}});
    }
    ojson j = {{"id", l.id},
               {"title", l.title},
               {"blocks", blocks},
               {"config", ojson::parse(config_to_json(l.config))},
               {"locked", l.locked},
               {"hidden", l.hidden},
               {"has_variants", l.has_variants()},
               {"tasks", tasks}};
    return j.dump();
}

uint64_t variant_hash(const std::string& lesson_id, const std::string& student_id) {
    const std::string key = lesson_id + "\n" + student_id;
    return fnv1a64(key.data(), key.size());
}

Status lesson_config_for(const Lesson& l, const std::string& student_id, Config* out) {
    Config c = l.config;
    if (l.has_variants()) {
        if (student_id.empty() || student_id.size() > 100)
            return Status::Error("student id: this lesson gives each student their own problem; "
                                 "expected 1 to 100 characters, got " +
                                 std::to_string(student_id.size()));
        Rng rng(variant_hash(l.id, student_id), kStreamVariant);
        if (l.seed_from_student) c.seed = rng.next_u32() & 0x7fffffffu;
        for (const VariantRange& r : l.ranges) {
            const double v =
                std::round((r.min + (r.max - r.min) * double(rng.uniform())) * 1000.0) / 1000.0;
            const double x = std::min(r.max, std::max(r.min, v));
            if (r.field == "data.noise") c.data.noise = x;
            if (r.field == "data.anomalies") c.data.anomalies = x;
            if (r.field == "train.noise.factor") c.train.noise.factor = x;
        }
    }
    *out = c;
    return Status::Ok();
}

std::string control_json(const Config& c, const std::string& control) {
    const ojson j = ojson::parse(config_to_json(c, -1));
    const ojson& t = j.at("train");
    if (control == "model" || control == "data" || control == "seed") return j.at(control).dump();
    if (control == "optimizer") {
        ojson o = t.at("optimizer");
        o.erase("learning_rate"); // its own control
        return o.dump();
    }
    if (control == "learning_rate") return t.at("optimizer").at("learning_rate").dump();
    if (control == "noise") return t.contains("noise") ? t.at("noise").dump() : "\"none\"";
    return t.contains(control) ? t.at(control).dump() : "null";
}

std::vector<std::string> locked_changes(const Lesson& l, const Config& expected,
                                        const Config& submitted) {
    std::vector<std::string> controls = l.locked;
    if (l.seed_from_student) controls.push_back("seed");
    for (const VariantRange& r : l.ranges)
        controls.push_back(r.field.rfind("data.", 0) == 0 ? "data" : "noise");
    std::vector<std::string> changes;
    for (const char* name : kControlNames) // once each, in a fixed order
        if (std::find(controls.begin(), controls.end(), name) != controls.end()) {
            const std::string want = control_json(expected, name),
                              got = control_json(submitted, name);
            if (want != got)
                changes.push_back(std::string(name) + ": the lesson sets " + want +
                                  ", the submission has " + got);
        }
    return changes;
}

std::map<std::string, double> lesson_metrics(const Lesson& l, Session& s, const Pca* pca) {
    std::map<std::string, double> out;
    const History& h = s.history();
    const bool trained = !h.loss.empty();
    bool need_eval = false;
    for (const LessonTask& t : l.tasks)
        need_eval |= t.check.metric != "loss" && t.check.metric != "val_loss" &&
                     t.check.metric != "overfit_ratio" && t.check.metric != "epochs_trained" &&
                     t.check.metric != "params" && t.check.metric != "latent_dim";
    Evaluation e;
    Pca own;
    if (trained && need_eval) {
        if (!pca) {
            own.fit(s.x_train());
            pca = &own;
        }
        e = evaluate(s, 3.0, pca);
    }
    const bool val = s.x_val().rows() > 0;
    for (const LessonTask& t : l.tasks) {
        const std::string& m = t.check.metric;
        double v = NAN;
        if (m == "epochs_trained")
            v = double(h.loss.size());
        else if (m == "params")
            v = double(s.model().num_params());
        else if (m == "latent_dim")
            v = double(s.model().latent_dim());
        else if (!trained)
            continue;
        else if (m == "loss")
            v = h.loss.back();
        else if (m == "val_loss")
            v = h.val_loss.empty() ? NAN : h.val_loss.back();
        else if (m == "overfit_ratio")
            v = h.val_loss.empty() ? NAN : h.val_loss.back() / h.loss.back();
        else if (m == "val_mse")
            v = e.reconstruction.mse;
        else if (m == "noise_reduction_percent")
            v = e.denoising ? e.noise_reduction_percent : NAN;
        else if (needs_k(m)) {
            const double pca_mse =
                pca->reconstruction_mse(val ? s.x_val() : s.x_train(), t.check.k);
            v = m == "pca_mse_at_k"        ? pca_mse
                : m == "ae_pca_ratio_at_k" ? e.reconstruction.mse / pca_mse
                                           : double(e.reconstruction.mse < pca_mse);
        } else if (m == "anomaly_auc" || m == "anomaly_f1") {
            const std::vector<int>& truth = val ? s.anomaly_val() : s.anomaly_train();
            if (truth.size() != e.errors.size()) continue;
            const AnomalyCurves a = anomaly_curves(e.errors, truth, e.threshold);
            v = m == "anomaly_auc" ? a.auc : a.at.counts.f1();
        }
        if (!std::isnan(v)) out[t.id] = v;
    }
    return out;
}

std::vector<CheckResult> evaluate_checks(const Lesson& l,
                                         const std::map<std::string, double>& values) {
    std::vector<CheckResult> out;
    for (const LessonTask& t : l.tasks) {
        CheckResult r;
        r.id = t.id;
        const std::string what =
            t.check.metric + (t.check.k ? "(k=" + std::to_string(t.check.k) + ")" : "");
        const auto it = values.find(t.id);
        if (it == values.end()) {
            r.text = what + ": not available yet (train first)";
        } else {
            r.available = true;
            r.value = it->second;
            r.passed = compare(r.value, t.check.op, t.check.value);
            r.text = what + " = " + num(r.value) + (r.passed ? " " : ", needs ") + t.check.op +
                     " " + num(t.check.value) + (r.passed ? ": passed" : "");
        }
        out.push_back(r);
    }
    return out;
}

std::string check_results_json(const std::vector<CheckResult>& r) {
    ojson a = ojson::array();
    for (const CheckResult& c : r) {
        ojson o = {{"id", c.id}, {"available", c.available}, {"passed", c.passed}};
        o["value"] = c.available ? ojson(c.value) : ojson(nullptr);
        o["text"] = c.text;
        a.push_back(o);
    }
    return a.dump();
}

Status parse_submission(const std::string& json_text, Submission* out) {
    json root;
    Status st = parse_json(json_text, kMaxSubmissionBytes, "submission", &root);
    if (!st.ok()) return st;
    std::string err;
    auto fail = [&]() { return Status::Error(err); };
    if (!check_keys(root, "submission",
                    {"format", "lesson", "student", "seed", "config", "metrics"}, &err))
        return fail();
    if (root.contains("format") && root.at("format") != "aeplay-submission")
        return Status::Error("submission.format: expected \"aeplay-submission\", got " +
                             type_of(root.at("format")));
    Submission s;
    if (!get_id(root, "lesson", "submission", &s.lesson, &err)) return fail();
    // No student id ("") for a lesson without variants.
    if (!(root.contains("student") && root.at("student") == "") &&
        !get_text(root, "student", "submission", 100, false, &s.student, &err))
        return fail();
    if (!root.contains("config") || !root.at("config").is_object())
        return Status::Error(std::string("submission.config: ") +
                             (root.contains("config") ? "" : "missing; ") +
                             "expected the experiment config that was trained");
    st = parse_config(root.at("config").dump(), &s.config);
    if (!st.ok()) return Status::Error(nest_error("submission.config", st.error));
    if (root.contains("seed") &&
        !(root.at("seed").is_number_unsigned() && root.at("seed").get<uint64_t>() == s.config.seed))
        return Status::Error("submission.seed: expected the config's seed " +
                             std::to_string(s.config.seed) + ", got " + type_of(root.at("seed")));
    if (!root.contains("metrics") || !root.at("metrics").is_object())
        return Status::Error(std::string("submission.metrics: ") +
                             (root.contains("metrics") ? "" : "missing; ") +
                             "expected an object of task id -> reported value");
    for (auto it = root.at("metrics").begin(); it != root.at("metrics").end(); ++it) {
        if (!valid_id(it.key()) || !it.value().is_number())
            return Status::Error("submission.metrics." + it.key() +
                                 ": expected a task id (a-z, 0-9, _, -) with a number, got " +
                                 type_of(it.value()));
        s.metrics[it.key()] = it.value().get<double>();
    }
    *out = std::move(s);
    return Status::Ok();
}

std::string submission_json(const Lesson& l, const std::string& student, const Config& c,
                            const std::map<std::string, double>& metrics) {
    ojson m = ojson::object();
    for (const LessonTask& t : l.tasks) // the lesson's order
        if (metrics.count(t.id)) m[t.id] = metrics.at(t.id);
    ojson j = {{"format", "aeplay-submission"},
               {"lesson", l.id},
               {"student", student},
               {"seed", c.seed},
               {"config", ojson::parse(config_to_json(c))},
               {"metrics", m}};
    return j.dump(2);
}

// A reported value against the grader's: training, losses and errors are bit-identical on every
// target, so they must be equal; the PCA metrics go through Eigen's eigensolver, whose last bits
// differ between native SSE and WASM builds: those agree to 1e-9 relative.
bool agree(const std::string& metric, double reported, double own) {
    if (needs_k(metric)) return std::fabs(reported - own) <= 1e-9 * std::max(1.0, std::fabs(own));
    return exact(reported) == exact(own);
}

GradeResult grade(const Lesson& l, const Submission& sub, const std::string& data_dir) {
    GradeResult g;
    ojson tests = ojson::array();
    auto add = [&](const std::string& name, double score, double max_score, bool passed,
                   const std::string& output) {
        tests.push_back({{"name", name},
                         {"score", score},
                         {"max_score", max_score},
                         {"status", passed ? "passed" : "failed"},
                         {"output", output},
                         {"visibility", "visible"}});
        g.score += score;
        g.max_score += max_score;
    };
    std::string summary;
    // Everything but the tasks is a precondition: a task is graded only on the lesson's setup.
    std::string blocked;
    Config expected;
    const Status who = lesson_config_for(l, sub.student, &expected);
    if (sub.lesson != l.id) {
        blocked = "the submission is for lesson \"" + sub.lesson + "\", not \"" + l.id + "\"";
        add("Submission is for this lesson", 0, 0, false, blocked);
    } else if (!who.ok()) {
        blocked = who.error;
        add("Student id", 0, 0, false, blocked);
    } else {
        const std::vector<std::string> changes = locked_changes(l, expected, sub.config);
        std::string out = changes.empty() ? "all locked settings are the lesson's" : "";
        for (const std::string& c : changes)
            out += (out.empty() ? "" : "\n") + c;
        if (!changes.empty()) blocked = "locked settings were changed";
        add("Locked settings unchanged", 0, 0, changes.empty(), out);
    }
    std::map<std::string, double> own;
    if (blocked.empty()) {
        std::unique_ptr<Session> s;
        const Status st = open_session(sub.config, &s, data_dir);
        if (!st.ok()) {
            blocked = "the submitted config could not run: " + st.error;
        } else {
            while (!s->done() && s->train_epoch() > 0) {
            }
            if (!s->error().empty()) summary = "training stopped: " + s->error() + "\n";
            own = lesson_metrics(l, *s);
            summary += "re-ran the submission: " + std::to_string(s->history().loss.size()) +
                       " epochs, seed " + std::to_string(sub.config.seed);
        }
    }
    const std::vector<CheckResult> checks = evaluate_checks(l, own);
    for (size_t i = 0; i < l.tasks.size(); ++i) {
        const LessonTask& t = l.tasks[i];
        const CheckResult& c = checks[i];
        const std::string name = t.id + ": " + t.text;
        if (!blocked.empty()) {
            add(name, 0, t.points, false, "not graded: " + blocked);
            continue;
        }
        std::string out = c.text;
        bool ok = c.available && c.passed;
        const auto rep = sub.metrics.find(t.id);
        if (rep == sub.metrics.end()) {
            ok = false;
            out += "\nthe submission reports no value for this task";
        } else if (!c.available || !agree(t.check.metric, rep->second, c.value)) {
            ok = false;
            out += "\nreported " + exact(rep->second) + ", the grader's run gives " +
                   (c.available ? exact(c.value) : "no value") +
                   ": they must agree (same config and seed give the same numbers; exactly, or to "
                   "1e-9 for the PCA metrics)";
        } else {
            out += "\nthe reported value matches the grader's run";
        }
        add(name, ok ? t.points : 0, t.points, ok, out);
    }
    const ojson j = {{"score", g.score},
                     {"output", blocked.empty() ? summary : blocked},
                     {"visibility", "visible"},
                     {"tests", tests}};
    g.results_json = j.dump(2);
    return g;
}

std::string grade_error_json(const std::string& message) {
    const ojson j = {
        {"score", 0.0}, {"output", message}, {"visibility", "visible"}, {"tests", ojson::array()}};
    return j.dump(2);
}

std::string base64url_encode(const std::string& bytes) {
    static const char* kTable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t val = 0;
    int bits = 0;
    for (unsigned char ch : bytes) {
        val = (val << 8) | ch;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kTable[(val >> bits) & 63];
        }
    }
    if (bits > 0) out += kTable[(val << (6 - bits)) & 63];
    return out;
}

Status base64url_decode(const std::string& text, size_t max_in, std::string* out) {
    if (text.size() > max_in)
        return Status::Error("share link: " + std::to_string(text.size()) +
                             " characters; at most " + std::to_string(max_in) + " are accepted");
    size_t n = text.size();
    while (n > 0 && text[n - 1] == '=')
        --n;
    std::string bytes;
    uint32_t val = 0;
    int bits = 0;
    for (size_t i = 0; i < n; ++i) {
        const char ch = text[i];
        int v = -1;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '-')
            v = 62;
        else if (ch == '_')
            v = 63;
        if (v < 0)
            return Status::Error("share link: character " + std::to_string(i + 1) +
                                 " is not base64url (accepted: A-Z a-z 0-9 - _)");
        val = ((val << 6) | uint32_t(v)) & 0xFFFFFFu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += char((val >> bits) & 0xFF);
        }
    }
    if (n % 4 == 1)
        return Status::Error("share link: truncated (base64url length " + std::to_string(n) +
                             " cannot be whole bytes)");
    *out = std::move(bytes);
    return Status::Ok();
}

Status parse_share_config(const std::string& json_text, Config* out) {
    if (json_text.size() > kMaxShareConfigBytes)
        return Status::Error("share link: the config is " + std::to_string(json_text.size()) +
                             " bytes; at most " + std::to_string(kMaxShareConfigBytes) +
                             " are accepted");
    const Status st = parse_config(json_text, out);
    return st.ok() ? st : Status::Error("share link: " + st.error);
}

Status parse_share_fragment(const std::string& fragment, Config* out) {
    const std::string prefix = "config=";
    if (fragment.compare(0, prefix.size(), prefix) != 0)
        return Status::Error("share link: expected #config=... after the page address, got #" +
                             fragment.substr(0, 20));
    std::string compressed, text;
    Status st =
        base64url_decode(fragment.substr(prefix.size()), kMaxShareFragmentBytes, &compressed);
    if (!st.ok()) return st;
    st = inflate_raw(compressed, kMaxShareConfigBytes, &text);
    if (!st.ok()) return Status::Error("share link: the compressed config is damaged: " + st.error);
    return parse_share_config(text, out);
}

} // namespace ae
