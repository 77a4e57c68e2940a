// config.cpp: JSON -> Config with field-path errors, and Config -> canonical JSON.
// nlohmann::json is used without exceptions (the WASM build has them off): parsing goes through
// sax_parse with a handler that keeps the parser's line/column message and rejects duplicate
// keys; every value's type is checked before it is read.
#include "engine/train/config.h"
#include "engine/core/shapes.h"

#include <algorithm>
#include <cmath>
#include "engine/train/json_strict.h"
#include <nlohmann/json.hpp>

namespace ae {

namespace {
std::string bytes_text(int64_t b) {
    char t[32];
    if (b >= 1000000000)
        std::snprintf(t, sizeof t, "%.1f GB", double(b) / 1e9);
    else if (b >= 1000000)
        std::snprintf(t, sizeof t, "%.0f MB", double(b) / 1e6);
    else
        std::snprintf(t, sizeof t, "%.0f kB", double(b) / 1e3);
    return t;
}
} // namespace

std::string MemoryEstimate::text() const {
    std::string s = "about " + bytes_text(total());
    if (model || activations)
        s += " (data " + bytes_text(data) + ", model " + bytes_text(model) + ", activations " +
             bytes_text(activations) + ")";
    return s;
}

MemoryEstimate estimate_memory(const Config& c) {
    MemoryEstimate m;
    const int64_t f = sizeof(float);
    // Data: the generated set, its train/val split, the noisy copies; image sets also hold the
    // whole asset (bytes, then floats) while the subset is drawn (10,000 MNIST digits, 70,000
    // Fashion-MNIST images).
    const int64_t values = int64_t(c.data.samples) * c.data.features;
    const bool noisy = c.train.noise.type != NoiseType::none;
    m.data = values * f * (noisy ? 3 : 2);
    if (c.data.name == "mnist" || c.data.name == "fashion_mnist") {
        const int64_t images = c.data.name == "mnist" ? 10000 : 70000;
        m.data += images * 784 * (1 + f);
    }
    // Model: params, grads, two optimizer moments, the epoch-start copy, the clipping scratch.
    // Activations: z and y of every layer for a batch (evaluation runs in the same chunks), the
    // gradient ping-pong buffers, a transposed kernel, one sample's im2col columns and the max
    // pooling indices. Shapes are checked by parse_config before this runs; on a shape error the
    // estimate counts the layers up to it.
    std::vector<LayerGeom> geom;
    model_geometry(c, &geom);
    int64_t params = 0, layer_values = 0, widest = c.input, biggest = 0, cols = 0;
    for (const LayerGeom& g : geom) {
        params += g.kernel + g.bias;
        layer_values += 2 * g.out.size();
        widest = std::max<int64_t>(widest, g.out.size());
        biggest = std::max<int64_t>(biggest, g.kernel);
        const Shape& big = g.in.size() > g.out.size() ? g.in : g.out;
        if (g.in.image && g.out.image && g.kernel > 0)
            cols = std::max<int64_t>(cols, g.kernel / std::min(g.in.c, g.out.c) * big.h * big.w);
    }
    m.model = params * f * 6;
    const int64_t batch = std::max(1, std::min(c.train.batch_size, c.data.samples));
    m.activations = (batch * (layer_values + 2 * widest) + biggest + cols) * f;
    return m;
}

Status check_memory_left(const Config& c, int views, int64_t heap_left, int64_t heap_max) {
    MemoryEstimate m = estimate_memory(c);
    const int64_t view = views * (m.model + m.activations);
    m.model += views * m.model;
    m.activations += views * m.activations;
    if (m.total() <= heap_left) return Status::Ok();
    return Status::Error(
        "this experiment would need " + m.text() +
        (view ? " including the page's view of the model (" + bytes_text(view) + ")" : "") +
        " of memory, but only " + bytes_text(std::max<int64_t>(heap_left, 0)) + " of the page's " +
        bytes_text(heap_max) +
        " limit is left; use fewer data.samples, fewer units in the layers or a smaller "
        "train.batch_size");
}

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

std::string type_of(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case json::value_t::string:
        return "the string \"" + v.get<std::string>().substr(0, 40) + "\"";
    case json::value_t::array:
        return "an array";
    case json::value_t::object:
        return "an object";
    case json::value_t::number_float: {
        char b[64];
        std::snprintf(b, sizeof b, "%g", v.get<double>());
        return b;
    }
    default:
        return v.dump();
    }
}

int edit_distance(const std::string& a, const std::string& b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i)
        s += (i ? ", " : "") + v[i];
    return s;
}

// Reads one JSON object at a field path; every read checks the type and range.
class Obj {
  public:
    Obj(const json& v, std::string path) : v_(v), path_(std::move(path)) {}

    // Rejects keys outside `known`, with a "did you mean" for near misses and Keras' old names.
    bool check_keys(const std::vector<std::string>& known, std::string* err) const {
        for (auto it = v_.begin(); it != v_.end(); ++it) {
            const std::string& k = it.key();
            if (std::find(known.begin(), known.end(), k) != known.end()) continue;
            std::string hint;
            if (k == "lr")
                hint = " (did you mean \"learning_rate\"? Keras renamed it)";
            else
                for (const auto& c : known)
                    if (edit_distance(k, c) <= 2) hint = " (did you mean \"" + c + "\"?)";
            *err = field(k) + ": unknown key" + hint + "; accepted: " + join(known);
            return false;
        }
        return true;
    }
    bool has(const char* k) const { return v_.contains(k); }
    const json& at(const char* k) const { return v_.at(k); }
    std::string field(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }

    bool get_int(const char* k, long lo, long hi, long* out, std::string* err,
                 bool required = false) const {
        if (!has(k)) {
            if (required)
                *err = field(k) + ": missing; expected an integer from " + std::to_string(lo) +
                       " to " + std::to_string(hi);
            return !required;
        }
        const json& v = at(k);
        double d = 0;
        bool is_int = v.is_number_integer();
        if (v.is_number_float()) {
            d = v.get<double>();
            is_int = std::isfinite(d) && d == std::floor(d);
        }
        // In 64 bits: `long` is 32 bits in WASM, and hi + 1 must not overflow there.
        int64_t x = 0;
        if (is_int)
            x = v.is_number_unsigned()
                    ? (v.get<uint64_t>() > uint64_t(hi) ? int64_t(hi) + 1
                                                        : int64_t(v.get<uint64_t>()))
                : v.is_number_integer()
                    ? std::max<int64_t>(std::min<int64_t>(v.get<int64_t>(), int64_t(hi) + 1),
                                        int64_t(lo) - 1)
                    : int64_t(std::max(std::min(d, double(hi) + 1), double(lo) - 1));
        if (!is_int || x < lo || x > hi) {
            *err = field(k) + ": expected an integer from " + std::to_string(lo) + " to " +
                   std::to_string(hi) + ", got " + type_of(v);
            return false;
        }
        *out = long(x);
        return true;
    }
    bool get_int(const char* k, long lo, long hi, int* out, std::string* err,
                 bool required = false) const {
        long x = *out;
        if (!get_int(k, lo, hi, &x, err, required)) return false;
        *out = int(x);
        return true;
    }
    // Number in [lo, hi] (or [lo, hi) when hi_open).
    bool get_num(const char* k, double lo, double hi, bool hi_open, double* out,
                 std::string* err) const {
        if (!has(k)) return true;
        const json& v = at(k);
        const double x = v.is_number() ? v.get<double>() : NAN;
        if (!v.is_number() || !std::isfinite(x) || x < lo || x > hi || (hi_open && x == hi)) {
            char b[160];
            std::snprintf(b, sizeof b, ": expected a number from %g to %g%s, got ", lo, hi,
                          hi_open ? " (exclusive)" : "");
            *err = field(k) + b + type_of(v);
            return false;
        }
        *out = x;
        return true;
    }
    bool get_bool(const char* k, bool* out, std::string* err) const {
        if (!has(k)) return true;
        if (!at(k).is_boolean()) {
            *err = field(k) + ": expected true or false, got " + type_of(at(k));
            return false;
        }
        *out = at(k).get<bool>();
        return true;
    }
    // One of names[0..n); writes the index.
    template <class E, size_t N>
    bool get_enum(const char* k, const char* const (&names)[N], E* out, std::string* err,
                  bool required = false) const {
        std::vector<std::string> all(names, names + N);
        if (!has(k)) {
            if (required) *err = field(k) + ": missing; expected one of " + join(all);
            return !required;
        }
        const json& v = at(k);
        if (v.is_string())
            for (size_t i = 0; i < N; ++i)
                if (v.get<std::string>() == names[i]) {
                    *out = E(i);
                    return true;
                }
        *err = field(k) + ": expected one of " + join(all) + ", got " + type_of(v);
        return false;
    }

  private:
    const json& v_;
    std::string path_;
};

bool expect_object(const json& v, const std::string& path, std::string* err) {
    if (v.is_object()) return true;
    *err =
        (path.empty() ? std::string("config") : path) + ": expected an object, got " + type_of(v);
    return false;
}

// An integer from lo to hi, or a list [height, width] of two (Keras' int-or-tuple arguments).
bool get_pair(const Obj& o, const char* k, int lo, int hi, int out[2], std::string* err) {
    if (!o.has(k)) return true;
    const json& v = o.at(k);
    auto fail = [&]() {
        *err = o.field(k) + ": expected an integer from " + std::to_string(lo) + " to " +
               std::to_string(hi) + " or a list [height, width] of two, got " + type_of(v);
        return false;
    };
    json pair = v.is_array() ? v : json::array({v, v});
    if (pair.size() != 2) return fail();
    for (int i = 0; i < 2; ++i) {
        json one = {{"v", pair[i]}};
        std::string ignored;
        if (!Obj(one, "").get_int("v", lo, hi, &out[i], &ignored, true)) return fail();
    }
    return true;
}

// Keras' Cropping2D: an int (all sides), [rows, cols] (symmetric) or [[top, bottom], [left,
// right]].
bool get_cropping(const Obj& o, int out[4], std::string* err) {
    if (!o.has("cropping")) return true;
    const json& v = o.at("cropping");
    auto fail = [&]() {
        *err = o.field("cropping") +
               ": expected an integer from 0 to 1024, [rows, columns] or [[top, bottom], [left, "
               "right]], got " +
               type_of(v);
        return false;
    };
    auto one = [&](const json& x, int* dst) {
        json w = {{"v", x}};
        std::string ignored;
        return Obj(w, "").get_int("v", 0, 1024, dst, &ignored, true);
    };
    if (!v.is_array()) {
        int c = 0;
        if (!one(v, &c)) return fail();
        for (int i = 0; i < 4; ++i)
            out[i] = c;
        return true;
    }
    if (v.size() != 2) return fail();
    for (int a = 0; a < 2; ++a) {
        if (v[a].is_array()) {
            if (v[a].size() != 2 || !one(v[a][0], &out[2 * a]) || !one(v[a][1], &out[2 * a + 1]))
                return fail();
        } else {
            if (!one(v[a], &out[2 * a])) return fail();
            out[2 * a + 1] = out[2 * a];
        }
    }
    return true;
}

bool parse_layers(const json& v, const std::string& path, std::vector<LayerConfig>* out,
                  std::string* err) {
    if (!v.is_array() || v.empty() || v.size() > size_t(kMaxLayers)) {
        *err = path + ": expected a list of 1 to " + std::to_string(kMaxLayers) +
               " layers like {\"type\": \"dense\", \"units\": 32, \"activation\": \"relu\"}, got " +
               (v.is_array() ? "an empty list" : type_of(v));
        if (v.is_array() && v.size() > size_t(kMaxLayers))
            *err = path + ": at most " + std::to_string(kMaxLayers) + " layers, got " +
                   std::to_string(v.size());
        return false;
    }
    for (size_t i = 0; i < v.size(); ++i) {
        const std::string p = path + "[" + std::to_string(i) + "]";
        if (!expect_object(v[i], p, err)) return false;
        Obj o(v[i], p);
        LayerConfig l;
        if (!o.get_enum("type", kLayerTypeNames, &l.type, err)) return false;
        std::vector<std::string> keys = {"type"};
        switch (l.type) {
        case LayerType::dense:
            keys.insert(keys.end(),
                        {"units", "activation", "kernel_initializer", "activity_regularizer"});
            break;
        case LayerType::conv2d:
        case LayerType::conv2d_transpose:
            keys.insert(keys.end(), {"filters", "kernel_size", "strides", "padding", "activation",
                                     "kernel_initializer", "activity_regularizer"});
            break;
        case LayerType::max_pooling2d:
            keys.insert(keys.end(), {"pool_size", "strides", "padding"});
            break;
        case LayerType::up_sampling2d:
            keys.push_back("size");
            break;
        case LayerType::cropping2d:
            keys.push_back("cropping");
            break;
        case LayerType::flatten:
            break;
        case LayerType::reshape:
            keys.push_back("target_shape");
            break;
        case LayerType::dropout:
            keys.push_back("rate");
            break;
        }
        if (!o.check_keys(keys, err)) return false;
        if (l.type == LayerType::dense && !o.get_int("units", 1, kMaxUnits, &l.units, err, true))
            return false;
        if (!o.get_enum("activation", kActivationNames, &l.activation, err)) return false;
        if (!o.get_enum("kernel_initializer", kInitNames, &l.kernel_initializer, err)) return false;
        const bool conv = l.type == LayerType::conv2d || l.type == LayerType::conv2d_transpose;
        if (conv) {
            if (!o.get_int("filters", 1, 1024, &l.filters, err, true)) return false;
            if (!o.has("kernel_size")) {
                *err = o.field("kernel_size") +
                       ": missing; expected an integer from 1 to 15 or a list [height, width]";
                return false;
            }
            if (!get_pair(o, "kernel_size", 1, 15, l.kernel_size, err)) return false;
        }
        if (l.type == LayerType::max_pooling2d) {
            if (!get_pair(o, "pool_size", 1, 16, l.pool_size, err)) return false;
            l.strides[0] = l.pool_size[0], l.strides[1] = l.pool_size[1]; // Keras: None -> pool
        }
        if (!get_pair(o, "strides", 1, 16, l.strides, err)) return false;
        if (!o.get_enum("padding", kPaddingNames, &l.padding, err)) return false;
        if (!get_pair(o, "size", 1, 16, l.size, err)) return false;
        if (!get_cropping(o, l.cropping, err)) return false;
        if (l.type == LayerType::reshape) {
            const json* t = o.has("target_shape") ? &o.at("target_shape") : nullptr;
            bool good = t && t->is_array() && (t->size() == 1 || t->size() == 3);
            for (size_t k = 0; good && k < t->size(); ++k) {
                json w = {{"v", (*t)[k]}};
                int d = 0;
                std::string ignored;
                good = Obj(w, "").get_int("v", 1, 1 << 20, &d, &ignored, true);
                l.target_shape.push_back(d);
            }
            if (!good) {
                *err = o.field("target_shape") +
                       (t ? ": expected [n] or [height, width, channels] of positive integers, "
                            "got " +
                                type_of(*t)
                          : std::string(": missing; expected [n] or [height, width, channels]"));
                return false;
            }
        }
        if (l.type == LayerType::dropout) {
            if (!o.has("rate")) {
                *err = o.field("rate") + ": missing; expected a number from 0 to 1 (exclusive)";
                return false;
            }
            if (!o.get_num("rate", 0.0, 1.0, true, &l.rate, err)) return false;
        }
        if (o.has("activity_regularizer")) {
            const json& r = o.at("activity_regularizer");
            const std::string rp = o.field("activity_regularizer");
            if (!r.is_object() || r.empty()) {
                *err = rp + ": expected an object like {\"l1\": 0.0001} (l1, l2 or both), got " +
                       (r.is_object() ? std::string("an empty object") : type_of(r));
                return false;
            }
            Obj ro(r, rp);
            if (!ro.check_keys({"l1", "l2"}, err)) return false;
            if (!ro.get_num("l1", 0.0, 1000.0, false, &l.l1, err)) return false;
            if (!ro.get_num("l2", 0.0, 1000.0, false, &l.l2, err)) return false;
        }
        out->push_back(l);
    }
    return true;
}

Status parse(const json& root, Config* c) {
    std::string err;
    auto fail = [&]() { return Status::Error(err); };
    if (!expect_object(root, "", &err)) return fail();
    Obj top(root, "");
    if (!top.check_keys({"seed", "data", "model", "train"}, &err)) return fail();
    long seed = long(c->seed);
    if (!top.get_int("seed", 0, 2147483647L, &seed, &err)) return fail();
    c->seed = uint64_t(seed);

    // data
    if (top.has("data")) {
        if (!expect_object(top.at("data"), "data", &err)) return fail();
        Obj d(top.at("data"), "data");
        if (!d.check_keys({"name", "samples", "features", "noise", "scaling", "anomalies",
                           "normal_classes", "path", "label_column", "header", "images", "labels"},
                          &err))
            return fail();
        int which = 0;
        if (!d.get_enum("name", kDataNames, &which, &err, true)) return fail();
        DataConfig& dc = c->data;
        dc.name = kDataNames[which];
        // Keys that only some datasets take; the message says which.
        const struct {
            const char* key;
            std::vector<std::string> users;
        } only[] = {
            {"features", {"uniform", "well_logs"}},
            {"noise", {"sequences", "well_logs"}},
            {"samples", {"uniform", "sequences", "mnist", "fashion_mnist", "well_logs", "idx"}},
            {"anomalies", {"well_logs"}},
            {"normal_classes", {"mnist", "fashion_mnist", "well_logs", "csv", "idx"}},
            {"path", {"csv"}},
            {"images", {"idx"}},
            {"labels", {"idx"}},
            {"label_column", {"csv"}},
            {"header", {"csv"}}};
        // Why a dataset has no such key, where that is not obvious.
        auto why = [&](const std::string& key) -> std::string {
            if (dc.name == "sequences" && key == "features")
                return " (it always has 5 features, seed 001)";
            if ((dc.name == "mnist" || dc.name == "fashion_mnist") && key == "features")
                return " (images are 28 x 28 = 784 features)";
            if (dc.name == "csv" && (key == "samples" || key == "features"))
                return " (the file decides rows and columns)";
            if (dc.name == "idx" && key == "features")
                return " (the images file's dimensions decide it)";
            return "";
        };
        for (const auto& o : only)
            if (d.has(o.key) &&
                std::find(o.users.begin(), o.users.end(), dc.name) == o.users.end()) {
                err = std::string("data.") + o.key + ": \"" + dc.name + "\" does not take it" +
                      why(o.key) + "; used by " + join(o.users) + "; remove the key";
                return fail();
            }
        if (dc.name == "sequences") dc.samples = 100, dc.features = 5;
        if (dc.name == "mnist" || dc.name == "fashion_mnist") dc.samples = 2000, dc.features = 784;
        if (dc.name == "well_logs") dc.features = 128, dc.noise = 3.0;
        if (dc.name == "csv") dc.samples = 0, dc.features = 0; // known once the file is read
        if (dc.name == "idx") dc.samples = 0, dc.features = 0; // 0 samples: all the images
        const int max_samples = dc.name == "mnist"           ? 10000
                                : dc.name == "fashion_mnist" ? 70000
                                                             : kMaxSamples;
        if (!d.get_int("samples", 2, max_samples, &dc.samples, &err)) return fail();
        if (!d.get_int("features", dc.name == "well_logs" ? 16 : 1, kMaxUnits, &dc.features, &err))
            return fail();
        if (!d.get_num("noise", 0.0, 1e6, false, &dc.noise, &err)) return fail();
        if (!d.get_enum("scaling", kScalingNames, &dc.scaling, &err)) return fail();
        if (!d.get_num("anomalies", 0.0, 0.5, false, &dc.anomalies, &err)) return fail();
        if (d.has("normal_classes")) {
            const json& v = d.at("normal_classes");
            // Class ids the dataset has; csv's are known once the file is read.
            const int classes = dc.name == "well_logs" ? 4
                                : dc.name == "csv"     ? 1000
                                : dc.name == "idx"     ? 256
                                                       : 10;
            const std::string accepted =
                "expected a non-empty list of class ids from 0 to " + std::to_string(classes - 1) +
                (dc.name == "well_logs" ? " (0 normal, 1 spike, 2 dropout, 3 shift)" : "");
            if (!v.is_array() || v.empty() || v.size() > size_t(classes)) {
                err = "data.normal_classes: " + accepted + ", got " + type_of(v);
                return fail();
            }
            for (size_t i = 0; i < v.size(); ++i) {
                const double x = v[i].is_number() ? v[i].get<double>() : -1.0;
                if (!v[i].is_number() || x != std::floor(x) || x < 0 || x >= classes) {
                    err = "data.normal_classes[" + std::to_string(i) + "]: " + accepted + ", got " +
                          type_of(v[i]);
                    return fail();
                }
                dc.normal_classes.push_back(int(x));
            }
        }
        if (dc.name == "csv") {
            if (!d.has("path") || !d.at("path").is_string() ||
                d.at("path").get<std::string>().empty()) {
                err =
                    "data.path: " +
                    std::string(d.has("path") ? "expected a file name, got " + type_of(d.at("path"))
                                              : "missing") +
                    "; \"csv\" reads its samples from a file, e.g. \"path\": \"data.csv\"";
                return fail();
            }
            dc.path = d.at("path").get<std::string>();
            if (d.has("label_column")) {
                const json& v = d.at("label_column");
                if (v.is_string() && !v.get<std::string>().empty())
                    dc.label_column = v.get<std::string>();
                else if (!d.get_int("label_column", 0, kMaxUnits, &dc.label_index, &err) ||
                         v.is_string()) {
                    err = "data.label_column: expected a column name from the header or a 0-based "
                          "column index, got " +
                          type_of(v);
                    return fail();
                }
            }
            if (d.has("header")) {
                const json& v = d.at("header");
                if (v.is_boolean())
                    dc.header = v.get<bool>() ? 1 : 0;
                else if (!(v.is_string() && v.get<std::string>() == "auto")) {
                    err = "data.header: expected \"auto\", true or false, got " + type_of(v);
                    return fail();
                }
            }
            if (!dc.normal_classes.empty() && dc.label_column.empty() && dc.label_index < 0) {
                err = "data.normal_classes: needs data.label_column (the classes come from it)";
                return fail();
            }
        }
        if (dc.name == "idx") {
            for (const char* key : {"images", "labels"}) {
                if (!d.has(key)) continue;
                const json& v = d.at(key);
                if (!v.is_string() || v.get<std::string>().empty()) {
                    err = std::string("data.") + key + ": expected a file name, got " + type_of(v);
                    return fail();
                }
                (key[0] == 'i' ? dc.images : dc.labels) = v.get<std::string>();
            }
            if (dc.images.empty()) {
                err = "data.images: missing; \"idx\" reads its samples from an IDX file, e.g. "
                      "\"images\": \"train-images-idx3-ubyte.gz\" (and \"labels\": "
                      "\"train-labels-idx1-ubyte.gz\")";
                return fail();
            }
            if (!dc.normal_classes.empty() && dc.labels.empty()) {
                err = "data.normal_classes: needs data.labels (the classes come from it)";
                return fail();
            }
        }
        if (int64_t(dc.samples) * dc.features > kMaxDataValues) {
            err =
                "data: samples x features = " + std::to_string(int64_t(dc.samples) * dc.features) +
                " values is more than the limit of " + std::to_string(kMaxDataValues);
            return fail();
        }
    }

    // model
    if (!top.has("model"))
        return Status::Error(
            "model: missing; expected {\"input\": N, \"encoder\": [...], \"decoder\": [...]}");
    if (!expect_object(top.at("model"), "model", &err)) return fail();
    Obj m(top.at("model"), "model");
    if (!m.check_keys({"input", "encoder", "decoder", "variational"}, &err)) return fail();
    if (m.has("input") && m.at("input").is_array()) {
        const json& v = m.at("input");
        bool good = v.size() == 3;
        int d[3] = {0, 0, 0};
        for (size_t k = 0; good && k < 3; ++k) {
            json w = {{"v", v[k]}};
            std::string ignored;
            good = Obj(w, "").get_int("v", 1, kMaxUnits, &d[k], &ignored, true);
        }
        if (good) good = long(d[0]) * d[1] * d[2] <= kMaxUnits;
        if (!good) {
            err = "model.input: expected a number of features or an image shape [height, width, "
                  "channels] of positive integers with at most " +
                  std::to_string(kMaxUnits) + " values in all, got " + v.dump();
            return fail();
        }
        c->input_shape.image = true;
        c->input_shape.h = d[0], c->input_shape.w = d[1], c->input_shape.c = d[2];
        c->input = d[0] * d[1] * d[2];
    } else if (!m.get_int("input", 1, kMaxUnits, &c->input, &err, true)) {
        if (m.has("input"))
            err += " (or an image shape [height, width, channels], e.g. [28, 28, 1])";
        return fail();
    }
    if (!m.has("encoder"))
        return Status::Error("model.encoder: missing; expected a list of layers");
    if (!m.has("decoder"))
        return Status::Error("model.decoder: missing; expected a list of layers");
    if (!parse_layers(m.at("encoder"), "model.encoder", &c->encoder, &err)) return fail();
    if (!parse_layers(m.at("decoder"), "model.decoder", &c->decoder, &err)) return fail();
    std::vector<LayerGeom> geom;
    const Status shapes = model_geometry(*c, &geom);
    if (!shapes.ok()) return shapes;
    if (m.has("variational")) {
        if (!expect_object(m.at("variational"), "model.variational", &err)) return fail();
        Obj va(m.at("variational"), "model.variational");
        if (!va.check_keys({"beta"}, &err)) return fail();
        if (!va.get_num("beta", 0.0, 1e6, false, &c->variational.beta, &err)) return fail();
        c->variational.on = true;
        const std::string last = "model.encoder[" + std::to_string(c->encoder.size() - 1) + "]";
        const LayerConfig& head = c->encoder.back();
        if (head.type != LayerType::dense)
            return Status::Error(last +
                                 ".type: a variational model's last encoder layer is the "
                                 "z_mean head and must be \"dense\", got \"" +
                                 std::string(layer_type_name(head.type)) +
                                 "\" (add a flatten and a dense layer of latent_dim units)");
        if (head.activation != Activation::linear)
            return Status::Error(last +
                                 ".activation: a variational model's last encoder layer "
                                 "is the z_mean head and must be \"linear\", got \"" +
                                 std::string(activation_name(head.activation)) + "\"");
    }
    const bool from_file = c->data.name == "csv" || c->data.name == "idx";
    if (!from_file && c->input != c->data.features) { // csv, idx: checked on reading
        err = "model.input: " + std::to_string(c->input) + " does not match the data: \"" +
              c->data.name + "\" has " + std::to_string(c->data.features) + " features" +
              (c->data.name == "uniform" || c->data.name == "well_logs" ? " (set data.features)"
                                                                        : "");
        return fail();
    }
    int64_t params = 0;
    for (const LayerGeom& g : geom)
        params += g.kernel + g.bias;
    if (c->variational.on) { // the z_log_var head: the z_mean head's twin
        const LayerGeom& head = geom[c->encoder.size() - 1];
        params += head.kernel + head.bias;
    }
    if (params > kMaxParams) {
        err = "model: " + std::to_string(params) + " parameters is more than the limit of " +
              std::to_string(kMaxParams);
        return fail();
    }

    // train
    if (top.has("train")) {
        if (!expect_object(top.at("train"), "train", &err)) return fail();
        Obj t(top.at("train"), "train");
        if (!t.check_keys({"epochs", "batch_size", "shuffle", "validation_split", "loss",
                           "optimizer", "noise"},
                          &err))
            return fail();
        TrainConfig& tc = c->train;
        if (!t.get_int("epochs", 1, kMaxEpochs, &tc.epochs, &err)) return fail();
        if (!t.get_int("batch_size", 1, kMaxSamples, &tc.batch_size, &err)) return fail();
        if (!t.get_bool("shuffle", &tc.shuffle, &err)) return fail();
        if (!t.get_num("validation_split", 0.0, 1.0, true, &tc.validation_split, &err))
            return fail();
        if (!t.get_enum("loss", kLossNames, &tc.loss, &err)) return fail();
        if (t.has("optimizer")) {
            const json& o = t.at("optimizer");
            OptimizerConfig& oc = tc.optimizer;
            if (o.is_string()) { // Keras' compile(optimizer="adam")
                json wrapped = {{"type", o}};
                Obj w(wrapped, "train");
                if (!w.get_enum("type", kOptimizerNames, &oc.type, &err)) {
                    err = "train.optimizer: expected one of sgd, adam, rmsprop, got " + type_of(o);
                    return fail();
                }
                if (oc.type == OptimizerType::sgd) oc.learning_rate = 0.01;
            } else {
                if (!o.is_object()) {
                    err = "train.optimizer: expected \"adam\", \"sgd\", \"rmsprop\" or an object "
                          "like {\"type\": \"adam\", \"learning_rate\": 0.001}, got " +
                          type_of(o);
                    return fail();
                }
                Obj ob(o, "train.optimizer");
                if (!ob.get_enum("type", kOptimizerNames, &oc.type, &err, true)) return fail();
                std::vector<std::string> keys = {"type", "learning_rate"};
                if (oc.type == OptimizerType::adam)
                    keys.insert(keys.end(), {"beta_1", "beta_2", "epsilon"});
                if (oc.type == OptimizerType::sgd)
                    keys.insert(keys.end(), {"momentum", "nesterov"});
                if (oc.type == OptimizerType::rmsprop)
                    keys.insert(keys.end(), {"rho", "momentum", "epsilon"});
                keys.insert(keys.end(), {"clipnorm", "global_clipnorm", "clipvalue"});
                if (!ob.check_keys(keys, &err)) return fail();
                if (oc.type == OptimizerType::sgd) oc.learning_rate = 0.01;
                if (!ob.get_num("learning_rate", 0.0, 100.0, false, &oc.learning_rate, &err))
                    return fail();
                if (oc.learning_rate <= 0.0) {
                    err = "train.optimizer.learning_rate: expected a number above 0, got 0";
                    return fail();
                }
                if (!ob.get_num("beta_1", 0.0, 1.0, true, &oc.beta_1, &err)) return fail();
                if (!ob.get_num("beta_2", 0.0, 1.0, true, &oc.beta_2, &err)) return fail();
                if (!ob.get_num("epsilon", 0.0, 1.0, false, &oc.epsilon, &err)) return fail();
                if (!ob.get_num("rho", 0.0, 1.0, true, &oc.rho, &err)) return fail();
                if (!ob.get_num("momentum", 0.0, 1.0, true, &oc.momentum, &err)) return fail();
                if (!ob.get_bool("nesterov", &oc.nesterov, &err)) return fail();
                int clips = 0;
                for (auto [key, value] : {std::pair<const char*, double*>{"clipnorm", &oc.clipnorm},
                                          {"global_clipnorm", &oc.global_clipnorm},
                                          {"clipvalue", &oc.clipvalue}}) {
                    if (!ob.has(key)) continue;
                    if (!ob.get_num(key, 0.0, 1e6, false, value, &err)) return fail();
                    if (*value <= 0.0) {
                        err = std::string("train.optimizer.") + key +
                              ": expected a number above 0 (leave it out for no clipping), got 0";
                        return fail();
                    }
                    ++clips;
                }
                if (clips > 1) {
                    err = "train.optimizer: set at most one of clipnorm, global_clipnorm and "
                          "clipvalue (as Keras)";
                    return fail();
                }
            }
        }
        if (t.has("noise")) {
            const json& nz = t.at("noise");
            if (!nz.is_object()) {
                err = "train.noise: expected an object like {\"type\": \"gaussian\", \"factor\": "
                      "0.3, \"clip\": true} or {\"type\": \"masking\", \"fraction\": 0.25}, got " +
                      type_of(nz);
                return fail();
            }
            Obj no(nz, "train.noise");
            NoiseConfig& nc = tc.noise;
            if (!no.get_enum("type", kNoiseNames, &nc.type, &err, true)) return fail();
            std::vector<std::string> keys = {"type"};
            if (nc.type == NoiseType::gaussian) keys.insert(keys.end(), {"factor", "clip"});
            if (nc.type == NoiseType::masking) keys.push_back("fraction");
            if (!no.check_keys(keys, &err)) return fail();
            if (!no.get_num("factor", 0.0, 100.0, false, &nc.factor, &err)) return fail();
            if (!no.get_bool("clip", &nc.clip, &err)) return fail();
            if (!no.get_num("fraction", 0.0, 1.0, true, &nc.fraction, &err)) return fail();
        }
        // csv: the row count is known once the file is read (Session::create checks it).
        const int n_val =
            int(c->data.samples - std::floor(c->data.samples * (1.0 - tc.validation_split)));
        const int n_train = c->data.samples - n_val;
        if (n_train < 1 && !from_file) {
            err = "train.validation_split: " + std::to_string(tc.validation_split) +
                  " leaves no training samples out of " + std::to_string(c->data.samples);
            return fail();
        }
        if (tc.validation_split > 0 && n_val < 1 && !from_file) {
            err = "train.validation_split: " + std::to_string(tc.validation_split) + " of " +
                  std::to_string(c->data.samples) +
                  " samples is less than one validation sample; raise it or set it to 0";
            return fail();
        }
    }
    const MemoryEstimate mem = estimate_memory(*c);
    if (mem.total() > kMaxSessionBytes) {
        err = "this experiment would need " + mem.text() + " of memory, more than the limit of " +
              bytes_text(kMaxSessionBytes) +
              " (the browser's memory); use fewer data.samples, smaller layers or a smaller "
              "train.batch_size";
        return fail();
    }
    return Status::Ok();
}

} // namespace

Status parse_config(const std::string& json_text, Config* out) {
    json root;
    std::string error;
    if (!parse_json_strict(json_text, &root, &error)) return Status::Error("config: " + error);
    Config c;
    Status s = parse(root, &c);
    if (s.ok()) *out = std::move(c);
    return s;
}

std::string config_to_json(const Config& c, int indent) {
    auto pair = [](const int v[2]) { return v[0] == v[1] ? ojson(v[0]) : ojson({v[0], v[1]}); };
    auto layers = [&](const std::vector<LayerConfig>& v) {
        ojson a = ojson::array();
        for (const auto& l : v) {
            ojson o = {{"type", layer_type_name(l.type)}};
            const bool conv = l.type == LayerType::conv2d || l.type == LayerType::conv2d_transpose;
            if (l.type == LayerType::dense) o["units"] = l.units;
            if (conv) {
                o["filters"] = l.filters;
                o["kernel_size"] = pair(l.kernel_size);
            }
            if (l.type == LayerType::max_pooling2d) o["pool_size"] = pair(l.pool_size);
            if (conv || l.type == LayerType::max_pooling2d) {
                o["strides"] = pair(l.strides);
                o["padding"] = kPaddingNames[int(l.padding)];
            }
            if (l.type == LayerType::up_sampling2d) o["size"] = pair(l.size);
            if (l.type == LayerType::cropping2d)
                o["cropping"] = {{l.cropping[0], l.cropping[1]}, {l.cropping[2], l.cropping[3]}};
            if (l.type == LayerType::reshape) o["target_shape"] = l.target_shape;
            if (l.type == LayerType::dropout) o["rate"] = l.rate;
            if (l.type == LayerType::dense || conv) {
                o["activation"] = activation_name(l.activation);
                if (l.kernel_initializer != Init::glorot_uniform)
                    o["kernel_initializer"] = init_name(l.kernel_initializer);
                if (l.l1 > 0 || l.l2 > 0) {
                    ojson r = ojson::object();
                    if (l.l1 > 0) r["l1"] = l.l1;
                    if (l.l2 > 0) r["l2"] = l.l2;
                    o["activity_regularizer"] = r;
                }
            }
            a.push_back(o);
        }
        return a;
    };
    const DataConfig& dc = c.data;
    ojson data = {{"name", dc.name}};
    if (dc.name != "csv") data["samples"] = dc.samples;
    if (dc.name == "uniform" || dc.name == "well_logs") data["features"] = dc.features;
    if (dc.name == "sequences" || dc.name == "well_logs") data["noise"] = dc.noise;
    if (dc.name == "well_logs") data["anomalies"] = dc.anomalies;
    if (dc.name == "csv") {
        data["path"] = dc.path;
        if (!dc.label_column.empty()) data["label_column"] = dc.label_column;
        if (dc.label_index >= 0) data["label_column"] = dc.label_index;
        data["header"] = dc.header < 0 ? ojson("auto") : ojson(dc.header == 1);
    }
    if (dc.name == "idx") {
        if (dc.samples == 0) data.erase("samples");
        data["images"] = dc.images;
        if (!dc.labels.empty()) data["labels"] = dc.labels;
    }
    if (!dc.normal_classes.empty()) data["normal_classes"] = dc.normal_classes;
    if (c.data.scaling != Scaling::none) data["scaling"] = kScalingNames[int(c.data.scaling)];
    const OptimizerConfig& o = c.train.optimizer;
    ojson opt = {{"type", optimizer_name(o.type)}, {"learning_rate", o.learning_rate}};
    if (o.type == OptimizerType::adam) {
        opt["beta_1"] = o.beta_1;
        opt["beta_2"] = o.beta_2;
        opt["epsilon"] = o.epsilon;
    } else if (o.type == OptimizerType::sgd) {
        opt["momentum"] = o.momentum;
        opt["nesterov"] = o.nesterov;
    } else {
        opt["rho"] = o.rho;
        opt["momentum"] = o.momentum;
        opt["epsilon"] = o.epsilon;
    }
    if (o.clipnorm > 0) opt["clipnorm"] = o.clipnorm;
    if (o.global_clipnorm > 0) opt["global_clipnorm"] = o.global_clipnorm;
    if (o.clipvalue > 0) opt["clipvalue"] = o.clipvalue;
    const NoiseConfig& nc = c.train.noise;
    ojson noise = {{"type", kNoiseNames[int(nc.type)]}};
    if (nc.type == NoiseType::gaussian) {
        noise["factor"] = nc.factor;
        noise["clip"] = nc.clip;
    } else if (nc.type == NoiseType::masking) {
        noise["fraction"] = nc.fraction;
    }
    ojson j = {
        {"seed", c.seed},
        {"data", data},
        {"model",
         {{"input", c.input_shape.image ? ojson({c.input_shape.h, c.input_shape.w, c.input_shape.c})
                                        : ojson(c.input)},
          {"encoder", layers(c.encoder)},
          {"decoder", layers(c.decoder)}}},
        {"train",
         {{"epochs", c.train.epochs},
          {"batch_size", c.train.batch_size},
          {"shuffle", c.train.shuffle},
          {"validation_split", c.train.validation_split},
          {"loss", loss_name(c.train.loss)},
          {"optimizer", opt}}}};
    if (c.variational.on) j["model"]["variational"] = {{"beta", c.variational.beta}};
    if (nc.type != NoiseType::none) j["train"]["noise"] = noise;
    return j.dump(indent);
}

} // namespace ae
