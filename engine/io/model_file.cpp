// model_file.cpp: see model_file.h.
#include "engine/io/model_file.h"
#include "engine/analysis/analysis.h"
#include "engine/data/open_session.h"

#include <cstring>
#include <nlohmann/json.hpp>

namespace ae {

namespace {

const char kMagic[8] = {'A', 'E', 'P', 'L', 'A', 'Y', 'M', 'D'};

void put_u32(std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        s += char((v >> (8 * i)) & 0xFF);
}
void put_u64(std::string& s, uint64_t v) {
    for (int i = 0; i < 8; ++i)
        s += char((v >> (8 * i)) & 0xFF);
}
void put_floats(std::string& s, const float* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        uint32_t u;
        std::memcpy(&u, p + i, 4);
        put_u32(s, u);
    }
}
uint32_t get_u32(const std::string& s, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= uint32_t(uint8_t(s[at + i])) << (8 * i);
    return v;
}
uint64_t get_u64(const std::string& s, size_t at) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= uint64_t(uint8_t(s[at + i])) << (8 * i);
    return v;
}
void get_floats(const std::string& s, size_t at, float* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const uint32_t u = get_u32(s, at + 4 * i);
        std::memcpy(p + i, &u, 4);
    }
}

Status check_width(const char* what, const MatrixRM& x, int width, const char* which) {
    if (x.cols() != width)
        return Status::Error(std::string(what) + ": the input has " + std::to_string(x.cols()) +
                             " columns; the model takes " + std::to_string(width) + " (" + which +
                             ")");
    return Status::Ok();
}

} // namespace

std::string save_model(Session& s) {
    const Config& c = s.config();
    const Model& m = s.model();
    MatrixRM recon(s.x_train().rows(), s.x_train().cols());
    s.model().reconstruct(s.x_train_input().data(), int(recon.rows()), recon.data());
    const ErrorStats st = error_stats(
        per_sample_errors(s.x_train().data(), recon.data(), int(recon.rows()), int(recon.cols())));
    nlohmann::ordered_json h = {
        {"format", "aeplay model"},
        {"config", nlohmann::ordered_json::parse(config_to_json(c))},
        {"params", m.num_params()},
        {"scaler",
         {{"kind", kScalingNames[int(s.scaler().kind)]}, {"features", s.scaler().offset.size()}}},
        {"history", {{"loss", s.history().loss}, {"val_loss", s.history().val_loss}}},
        {"epochs_trained", s.progress().epoch},
        {"train_error", {{"mean", st.mean}, {"std", st.std}}},
    };
    if (m.variational()) { // a VAE's terms
        h["history"]["kl"] = s.history().kl;
        h["history"]["reconstruction"] = s.history().reconstruction;
        h["history"]["val_kl"] = s.history().val_kl;
        h["history"]["val_reconstruction"] = s.history().val_reconstruction;
    }
    const std::string header =
        h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string out(kMagic, 8);
    put_u32(out, kModelFormatVersion);
    put_u32(out, uint32_t(header.size()));
    out += header;
    put_floats(out, m.params.data(), m.params.size());
    if (s.scaler().kind != Scaling::none) {
        put_floats(out, s.scaler().offset.data(), s.scaler().offset.size());
        put_floats(out, s.scaler().scale.data(), s.scaler().scale.size());
    }
    put_u64(out, fnv1a64(out.data(), out.size()));
    return out;
}

Status load_model(const std::string& b, const std::string& name, TrainedModel* out) {
    auto fail = [&](const std::string& m) { return Status::Error(name + ": " + m); };
    if (b.size() < 16 || std::memcmp(b.data(), kMagic, 8) != 0)
        return fail(b.size() < 8 ? "too short to be an aeplay model file (" +
                                       std::to_string(b.size()) + " bytes)"
                                 : "not an aeplay model file (it does not start with AEPLAYMD)");
    const uint32_t version = get_u32(b, 8);
    if (version > kModelFormatVersion)
        return fail("model format version " + std::to_string(version) +
                    " is newer than this aeplay reads (" + std::to_string(kModelFormatVersion) +
                    "); update aeplay");
    if (version == 0) return fail("model format version 0 is not valid");
    const uint32_t header_len = get_u32(b, 12);
    if (size_t(header_len) + 16 + 8 > b.size())
        return fail("truncated: the header says " + std::to_string(header_len) +
                    " bytes of JSON, the file has " + std::to_string(b.size()) + " bytes in all");
    // The checksum before anything after the 16-byte prefix is parsed: a damaged byte in the
    // header JSON, the config, the history, the weights or the scaler is reported as damage, not
    // as whatever it happens to break.
    if (get_u64(b, b.size() - 8) != fnv1a64(b.data(), b.size() - 8))
        return fail("checksum mismatch: the file is corrupted");
    const std::string header = b.substr(16, header_len);
    const nlohmann::json h = nlohmann::json::parse(header, nullptr, false);
    if (h.is_discarded() || !h.is_object() || !h.contains("config") || !h.contains("params") ||
        !h.contains("scaler"))
        return fail("the header is not valid aeplay model JSON");
    TrainedModel t;
    Status st = parse_config(h["config"].dump(), &t.config);
    if (!st.ok()) return fail("its config is invalid: " + st.error);
    t.model.build(t.config);
    const long n = t.model.num_params();
    if (!h["params"].is_number_integer() || h["params"].get<long long>() != n)
        return fail("the header lists " + h["params"].dump() + " parameters, its config needs " +
                    std::to_string(n));
    const nlohmann::json& sc = h["scaler"];
    int kind = -1;
    const std::string kind_name = sc.is_object() && sc.contains("kind") && sc["kind"].is_string()
                                      ? sc["kind"].get<std::string>()
                                      : "";
    for (int i = 0; i < 3; ++i)
        if (kind_name == kScalingNames[i]) kind = i;
    const long d = sc.is_object() && sc.contains("features") && sc["features"].is_number_integer()
                       ? sc["features"].get<long>()
                       : -1;
    if (kind < 0 || (kind != 0 && d != t.config.input) || (kind == 0 && d != 0))
        return fail("the header's scaler is not valid");
    const size_t expected = 16 + size_t(header_len) + 4 * size_t(n) + 8 * size_t(d) + 8;
    if (b.size() < expected)
        return fail("truncated: expected " + std::to_string(expected) + " bytes, got " +
                    std::to_string(b.size()));
    if (b.size() > expected)
        return fail(std::to_string(b.size() - expected) +
                    " unexpected bytes after the end of the model");
    size_t at = 16 + header_len;
    get_floats(b, at, t.model.params.data(), size_t(n));
    at += 4 * size_t(n);
    t.scaler.kind = Scaling(kind);
    if (kind != 0) {
        t.scaler.offset.resize(d);
        t.scaler.scale.resize(d);
        get_floats(b, at, t.scaler.offset.data(), size_t(d));
        get_floats(b, at + 4 * size_t(d), t.scaler.scale.data(), size_t(d));
    }
    // Optional fields, read only when they have the right type (no exceptions in the WASM build).
    auto numbers = [&](const char* obj, const char* key, std::vector<double>* v) {
        if (!h.contains(obj) || !h[obj].is_object() || !h[obj].contains(key) ||
            !h[obj][key].is_array())
            return;
        for (const auto& x : h[obj][key])
            if (x.is_number()) v->push_back(x.get<double>());
    };
    auto number = [&](const char* obj, const char* key) {
        return h.contains(obj) && h[obj].is_object() && h[obj].contains(key) &&
                       h[obj][key].is_number()
                   ? h[obj][key].get<double>()
                   : 0.0;
    };
    numbers("history", "loss", &t.history.loss);
    numbers("history", "val_loss", &t.history.val_loss);
    numbers("history", "kl", &t.history.kl);
    numbers("history", "reconstruction", &t.history.reconstruction);
    numbers("history", "val_kl", &t.history.val_kl);
    numbers("history", "val_reconstruction", &t.history.val_reconstruction);
    t.train_error_mean = number("train_error", "mean");
    t.train_error_std = number("train_error", "std");
    *out = std::move(t);
    return Status::Ok();
}

Status session_from_model(const TrainedModel& m, const std::string& name,
                          std::unique_ptr<Session>* out, const DataFiles& files) {
    std::unique_ptr<Session> s;
    const Status st = open_session(m.config, &s, files);
    if (!st.ok()) return Status::Error(name + ": its data cannot be rebuilt: " + st.error);
    if (s->scaler().kind != m.scaler.kind || s->scaler().offset != m.scaler.offset ||
        s->scaler().scale != m.scaler.scale)
        return Status::Error(name + ": the data rebuilt from its config differ from the data it "
                                    "was trained on (the saved scaler does not match)");
    s->restore_trained(m.model.params, m.history);
    *out = std::move(s);
    return Status::Ok();
}

Status serve_encode(TrainedModel& m, const MatrixRM& x, MatrixRM* z) {
    Status s = check_width("encode", x, m.model.input_dim(), "the input size");
    if (!s.ok()) return s;
    MatrixRM xs = x;
    m.scaler.transform(xs);
    z->resize(x.rows(), m.model.latent_dim());
    m.model.encode(xs.data(), int(xs.rows()), z->data());
    return Status::Ok();
}

Status serve_decode(TrainedModel& m, const MatrixRM& z, MatrixRM* x) {
    Status s = check_width("decode", z, m.model.latent_dim(), "the latent size");
    if (!s.ok()) return s;
    x->resize(z.rows(), m.model.input_dim());
    m.model.decode(z.data(), int(z.rows()), x->data());
    m.scaler.inverse_transform(x->data(), x->rows());
    return Status::Ok();
}

Status serve_reconstruct(TrainedModel& m, const MatrixRM& x, MatrixRM* xr) {
    Status s = check_width("reconstruct", x, m.model.input_dim(), "the input size");
    if (!s.ok()) return s;
    MatrixRM xs = x;
    m.scaler.transform(xs);
    xr->resize(x.rows(), x.cols());
    m.model.reconstruct(xs.data(), int(xs.rows()), xr->data());
    m.scaler.inverse_transform(xr->data(), xr->rows());
    return Status::Ok();
}

Status serve_score(TrainedModel& m, const MatrixRM& x, std::vector<double>* scores) {
    Status s = check_width("score", x, m.model.input_dim(), "the input size");
    if (!s.ok()) return s;
    MatrixRM xs = x;
    m.scaler.transform(xs);
    MatrixRM r(xs.rows(), xs.cols());
    m.model.reconstruct(xs.data(), int(xs.rows()), r.data());
    *scores = per_sample_errors(xs.data(), r.data(), int(xs.rows()), int(xs.cols()));
    return Status::Ok();
}

} // namespace ae
