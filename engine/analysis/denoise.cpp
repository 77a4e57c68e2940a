// denoise.cpp: the denoising report and sweep. See denoise.h.
#include "engine/analysis/denoise.h"

#include "engine/analysis/analysis.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ae {

namespace {

using json = nlohmann::json;

std::string shown(const json& v) {
    const std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() > 40 ? text.substr(0, 40) + "..." : text;
}

// MSE of each row of a against the same row of b, and their mean (rows have equal width).
double row_errors(const MatrixRM& a, const MatrixRM& b, std::vector<double>* errors) {
    const int n = int(a.rows()), d = int(a.cols());
    *errors = per_sample_errors(a.data(), b.data(), n, d, true);
    return n ? error_stats(*errors).mean : 0.0;
}

} // namespace

DenoiseSpec default_denoise_spec(const Config& c) {
    DenoiseSpec spec;
    const NoiseConfig& nc = c.train.noise;
    if (nc.type != NoiseType::none) {
        spec.type = nc.type;
        spec.factor = nc.factor;
        spec.clip = nc.clip;
        spec.fraction = nc.fraction;
    }
    spec.seed = c.seed;
    return spec;
}

double default_sweep_max(const Config& c, NoiseType type) {
    const NoiseConfig& nc = c.train.noise;
    const NoiseConfig defaults;
    if (type == NoiseType::masking)
        return std::min(1.0,
                        2.0 * (nc.type == NoiseType::masking ? nc.fraction : defaults.fraction));
    const double factor = nc.type == NoiseType::gaussian ? nc.factor : defaults.factor;
    return 2.0 * (factor > 0 ? factor : defaults.factor);
}

Status parse_denoise_spec(const std::string& json_text, DenoiseSpec* out) {
    const json root = json::parse(json_text, nullptr, false);
    if (root.is_discarded() || !root.is_object())
        return Status::Error("denoise: expected a JSON object like {\"type\": \"gaussian\", "
                             "\"factor\": 0.3, \"clip\": true, \"seed\": 1} or {\"type\": "
                             "\"masking\", \"fraction\": 0.25}");
    DenoiseSpec s = *out;
    for (auto it = root.begin(); it != root.end(); ++it)
        if (it.key() != "type" && it.key() != "factor" && it.key() != "clip" &&
            it.key() != "fraction" && it.key() != "seed")
            return Status::Error("denoise." + it.key() +
                                 ": unknown key; accepted: type, factor, clip, fraction, seed");
    if (root.contains("type")) {
        const json& v = root["type"];
        if (v == "gaussian")
            s.type = NoiseType::gaussian;
        else if (v == "masking")
            s.type = NoiseType::masking;
        else
            return Status::Error("denoise.type: expected one of gaussian, masking, got " +
                                 shown(v));
    }
    auto number = [&](const char* key, double hi, double* dst) -> Status {
        if (!root.contains(key)) return Status::Ok();
        const json& v = root[key];
        const double x = v.is_number() ? v.get<double>() : NAN;
        if (!(x >= 0.0 && x <= hi)) {
            char b[96];
            std::snprintf(b, sizeof b, ": expected a number from 0 to %g, got ", hi);
            return Status::Error(std::string("denoise.") + key + b + shown(v));
        }
        *dst = x;
        return Status::Ok();
    };
    Status st = number("factor", 100.0, &s.factor);
    if (st.ok()) st = number("fraction", 1.0, &s.fraction);
    if (!st.ok()) return st;
    if (root.contains("clip")) {
        if (!root["clip"].is_boolean())
            return Status::Error("denoise.clip: expected true or false, got " +
                                 shown(root["clip"]));
        s.clip = root["clip"].get<bool>();
    }
    if (root.contains("seed")) {
        const json& v = root["seed"];
        const double x = v.is_number() ? v.get<double>() : NAN;
        if (!(x >= 0.0 && x <= 2147483647.0 && x == std::floor(x)))
            return Status::Error("denoise.seed: expected an integer from 0 to 2147483647, got " +
                                 shown(v));
        s.seed = uint64_t(x);
    }
    *out = s;
    return Status::Ok();
}

void add_test_noise(MatrixRM& x, const DenoiseSpec& spec) {
    Rng rng(spec.seed, kStreamTestNoise);
    if (spec.type == NoiseType::masking)
        add_masking_noise(x, spec.fraction, rng);
    else
        add_gaussian_noise(x, spec.factor, spec.clip, 0.0, 1.0, rng);
}

const MatrixRM& denoise_clean_set(const Session& s) {
    return s.x_val().rows() > 0 ? s.x_val() : s.x_train();
}

DenoiseReport denoise_report(Session& s, const DenoiseSpec& spec) {
    DenoiseReport r;
    const MatrixRM& clean = denoise_clean_set(s);
    r.set = s.x_val().rows() > 0 ? "validation" : "training";
    r.samples = int(clean.rows());
    r.features = int(clean.cols());
    r.spec = spec;
    r.noisy = clean;
    add_test_noise(r.noisy, spec);
    r.denoised.resize(clean.rows(), clean.cols());
    if (r.samples > 0) s.model().reconstruct(r.noisy.data(), r.samples, r.denoised.data());
    r.mse_noisy = row_errors(r.noisy, clean, &r.errors_noisy);
    r.mse_denoised = row_errors(r.denoised, clean, &r.errors_denoised);
    r.noise_reduction_percent =
        r.mse_noisy > 0 ? (1.0 - r.mse_denoised / r.mse_noisy) * 100.0 : 0.0;
    return r;
}

DenoiseSweep denoise_sweep(Session& s, const DenoiseSpec& spec, double max_level, int points) {
    DenoiseSweep w;
    w.spec = spec;
    points = std::max(points, 2);
    for (int i = 0; i < points; ++i) {
        DenoiseSpec at = spec;
        at.set_level(max_level * double(i) / double(points - 1));
        const DenoiseReport r = denoise_report(s, at);
        w.levels.push_back(at.level());
        w.mse_noisy.push_back(r.mse_noisy);
        w.mse_denoised.push_back(r.mse_denoised);
    }
    return w;
}

std::string denoise_json(const DenoiseReport& r, const MatrixRM& clean, int sample,
                         bool per_sample) {
    nlohmann::ordered_json j = {
        {"set", r.set},
        {"samples", r.samples},
        {"features", r.features},
        {"noise",
         {{"type", r.spec.type == NoiseType::masking ? "masking" : "gaussian"},
          {"factor", r.spec.factor},
          {"clip", r.spec.clip},
          {"fraction", r.spec.fraction},
          {"seed", r.spec.seed},
          {"stream", kStreamTestNoise}}},
        {"mse_noisy", r.mse_noisy},
        {"mse_denoised", r.mse_denoised},
        {"noise_reduction_percent", r.noise_reduction_percent},
    };
    if (per_sample) {
        j["errors_noisy"] = r.errors_noisy;
        j["errors_denoised"] = r.errors_denoised;
    }
    if (sample >= 0 && sample < r.samples) {
        auto row = [&](const MatrixRM& m) {
            return std::vector<float>(m.row(sample).data(), m.row(sample).data() + m.cols());
        };
        j["sample"] = {{"index", sample},
                       {"noisy", row(r.noisy)},
                       {"denoised", row(r.denoised)},
                       {"clean", row(clean)},
                       {"mse_noisy", r.errors_noisy[size_t(sample)]},
                       {"mse_denoised", r.errors_denoised[size_t(sample)]}};
    }
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string denoise_sweep_json(const DenoiseSweep& w) {
    nlohmann::ordered_json j = {
        {"type", w.spec.type == NoiseType::masking ? "masking" : "gaussian"},
        {"clip", w.spec.clip},
        {"seed", w.spec.seed},
        {"levels", w.levels},
        {"mse_noisy", w.mse_noisy},
        {"mse_denoised", w.mse_denoised},
    };
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string denoise_text(const DenoiseReport& r, const DenoiseSweep* w) {
    char b[512];
    std::string s;
    if (r.spec.type == NoiseType::masking)
        std::snprintf(b, sizeof b, "Test noise: masking, fraction %g, seed %llu\n", r.spec.fraction,
                      (unsigned long long)r.spec.seed);
    else
        std::snprintf(b, sizeof b, "Test noise: gaussian, factor %g, %s, seed %llu\n",
                      r.spec.factor, r.spec.clip ? "clipped to [0, 1]" : "not clipped",
                      (unsigned long long)r.spec.seed);
    s += b;
    std::snprintf(b, sizeof b,
                  "Denoising on the %s split (%d samples): MSE noisy vs clean %.6f, denoised vs "
                  "clean %.6f, noise reduction %.1f%%\n",
                  r.set.c_str(), r.samples, r.mse_noisy, r.mse_denoised, r.noise_reduction_percent);
    s += b;
    if (w) {
        s += "level      mse_noisy  mse_denoised\n";
        for (size_t i = 0; i < w->levels.size(); ++i) {
            std::snprintf(b, sizeof b, "%-9.4g  %-9.6f  %.6f\n", w->levels[i], w->mse_noisy[i],
                          w->mse_denoised[i]);
            s += b;
        }
    }
    return s;
}

} // namespace ae
