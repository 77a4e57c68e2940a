// checkpoint.cpp: Session::checkpoint / Session::resume (session.h).
// Layout (little-endian): "AEPLAYCK" | u32 version | u32 header length | header JSON (config,
// progress, history, optimizer step and bias-correction products, shuffle RNG state, the model's
// dropout and sampling RNG states, epoch accumulators, error) | f32 params[N] | f32
// epoch_start_params[N] | f32 m[N] | f32 v[N] | i32 order[n_train] | u64 FNV-1a of all before.
// Doubles travel in JSON, which round-trips them.
#include "engine/train/session.h"

#include <cstring>
#include <nlohmann/json.hpp>

namespace ae {

namespace {
const char kMagic[8] = {'A', 'E', 'P', 'L', 'A', 'Y', 'C', 'K'};
constexpr uint32_t kVersion = 1;

template <class T>
void put(std::string& s, const T* p, size_t n) { // little-endian hosts only (x86, wasm)
    s.append(reinterpret_cast<const char*>(p), n * sizeof(T));
}
template <class T> void get(const std::string& s, size_t at, T* p, size_t n) {
    std::memcpy(p, s.data() + at, n * sizeof(T));
}
} // namespace

std::string Session::checkpoint() const {
    long t;
    double b1p, b2p;
    optimizer_.get_state(&t, &b1p, &b2p);
    uint32_t rng[6], dropout[6], sampling[6];
    rng_shuffle_.get_state(rng);
    model_.get_rng_state(dropout, sampling);
    nlohmann::ordered_json h = {
        {"format", "aeplay checkpoint"},
        {"config", nlohmann::ordered_json::parse(config_to_json(config_))},
        {"params", model_.num_params()},
        {"train_samples", order_.size()},
        {"progress",
         {{"epoch", progress_.epoch},
          {"batch", progress_.batch},
          {"samples_seen", progress_.samples_seen},
          {"done", progress_.done}}},
        {"history",
         {{"loss", history_.loss},
          {"val_loss", history_.val_loss},
          {"kl", history_.kl},
          {"reconstruction", history_.reconstruction},
          {"val_kl", history_.val_kl},
          {"val_reconstruction", history_.val_reconstruction}}},
        {"optimizer", {{"t", t}, {"b1_power", b1p}, {"b2_power", b2p}}},
        {"shuffle_rng", std::vector<uint32_t>(rng, rng + 6)},
        {"dropout_rng", std::vector<uint32_t>(dropout, dropout + 6)},
        {"sampling_rng", std::vector<uint32_t>(sampling, sampling + 6)},
        {"epoch_loss_sum", epoch_loss_sum_},
        {"epoch_kl_sum", epoch_kl_sum_},
        {"epoch_recon_sum", epoch_recon_sum_},
        {"epoch_samples", epoch_samples_},
        {"error", error_},
    };
    const std::string header =
        h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string out(kMagic, 8);
    const uint32_t v = kVersion, len = uint32_t(header.size());
    put(out, &v, 1);
    put(out, &len, 1);
    out += header;
    const size_t n = model_.params.size();
    put(out, model_.params.data(), n);
    put(out, epoch_start_params_.data(), n);
    put(out, optimizer_.m.data(), n);
    put(out, optimizer_.v.data(), n);
    put(out, order_.data(), order_.size());
    const uint64_t sum = fnv1a64(out.data(), out.size());
    put(out, &sum, 1);
    return out;
}

namespace {
// The checked header of checkpoint bytes b (magic, version, checksum, the JSON's required keys).
Status read_header(const std::string& b, const std::string& name, nlohmann::json* out,
                   uint32_t* header_len) {
    auto fail = [&](const std::string& m) { return Status::Error(name + ": " + m); };
    if (b.size() < 24 || std::memcmp(b.data(), kMagic, 8) != 0)
        return fail("not an aeplay checkpoint");
    uint32_t version, len;
    get(b, 8, &version, 1);
    get(b, 12, &len, 1);
    if (version != kVersion)
        return fail("checkpoint version " + std::to_string(version) +
                    " is not the one this aeplay writes (1)");
    uint64_t sum;
    get(b, b.size() - 8, &sum, 1);
    if (sum != fnv1a64(b.data(), b.size() - 8))
        return fail("checksum mismatch: the checkpoint is truncated or corrupted");
    if (size_t(len) + 24 > b.size()) return fail("truncated header");
    const nlohmann::json h = nlohmann::json::parse(b.substr(16, len), nullptr, false);
    auto num = [&](const nlohmann::json& j, const char* k) {
        return j.is_object() && j.contains(k) && j[k].is_number();
    };
    if (h.is_discarded() || !h.is_object() || !h.contains("config") || !num(h, "params") ||
        !num(h, "train_samples") || !h.contains("progress") || !num(h["progress"], "epoch") ||
        !num(h["progress"], "batch") || !num(h["progress"], "samples_seen") ||
        !h.contains("optimizer") || !num(h["optimizer"], "t") || !num(h["optimizer"], "b1_power") ||
        !num(h["optimizer"], "b2_power") || !h.contains("shuffle_rng") ||
        !h["shuffle_rng"].is_array() || h["shuffle_rng"].size() != 6 || !num(h, "epoch_loss_sum") ||
        !num(h, "epoch_samples"))
        return fail("the checkpoint's header is not valid");
    *out = h;
    *header_len = len;
    return Status::Ok();
}
} // namespace

Status Session::checkpoint_config(const std::string& bytes, const std::string& name, Config* out) {
    nlohmann::json h;
    uint32_t len;
    const Status st = read_header(bytes, name, &h, &len);
    if (!st.ok()) return st;
    const Status cs = parse_config(h["config"].dump(), out);
    return cs.ok() ? cs : Status::Error(name + ": its config is invalid: " + cs.error);
}

Status Session::resume(const std::string& b, const std::string& name, Dataset data,
                       std::unique_ptr<Session>* out) {
    auto fail = [&](const std::string& m) { return Status::Error(name + ": " + m); };
    nlohmann::json h;
    uint32_t len;
    const Status hs = read_header(b, name, &h, &len);
    if (!hs.ok()) return hs;
    std::unique_ptr<Session> s;
    Config c;
    Status st = parse_config(h["config"].dump(), &c);
    if (st.ok()) st = create(c, std::move(data), &s);
    if (!st.ok()) return fail("its config is invalid: " + st.error);
    const size_t n = s->model_.params.size(), nt = s->order_.size();
    if (h["params"].get<long long>() != (long long)n ||
        h["train_samples"].get<long long>() != (long long)nt)
        return fail("the checkpoint does not match its config's model or data");
    if (b.size() != 16 + size_t(len) + 4 * (4 * n + nt) + 8)
        return fail("its size does not match its header");
    size_t at = 16 + len;
    get(b, at, s->model_.params.data(), n), at += 4 * n;
    get(b, at, s->epoch_start_params_.data(), n), at += 4 * n;
    get(b, at, s->optimizer_.m.data(), n), at += 4 * n;
    get(b, at, s->optimizer_.v.data(), n), at += 4 * n;
    get(b, at, s->order_.data(), nt);
    for (int i : s->order_)
        if (i < 0 || size_t(i) >= nt) return fail("its sample order is not valid");
    const auto& p = h["progress"];
    s->progress_.epoch = p["epoch"].get<int>();
    s->progress_.batch = p["batch"].get<int>();
    s->progress_.samples_seen = p["samples_seen"].get<long>();
    // A finished run keeps batch = batches_per_epoch (no next epoch was started).
    const bool finished = s->progress_.epoch == s->progress_.epochs;
    if (s->progress_.epoch < 0 || s->progress_.epoch > s->progress_.epochs ||
        s->progress_.batch < 0 ||
        s->progress_.batch >= std::max(1, s->progress_.batches_per_epoch) + (finished ? 1 : 0))
        return fail("its progress does not fit its config");
    s->progress_.done = s->progress_.epoch >= s->progress_.epochs;
    History& hi = s->history_;
    const std::pair<const char*, std::vector<double>*> series[6] = {
        {"loss", &hi.loss},     {"val_loss", &hi.val_loss},
        {"kl", &hi.kl},         {"reconstruction", &hi.reconstruction},
        {"val_kl", &hi.val_kl}, {"val_reconstruction", &hi.val_reconstruction}};
    if (h.contains("history") && h["history"].is_object())
        for (const auto& [k, v] : series)
            if (h["history"].contains(k) && h["history"][k].is_array())
                for (const auto& x : h["history"][k])
                    if (x.is_number()) v->push_back(x.get<double>());
    s->optimizer_.set_state(h["optimizer"]["t"].get<long>(),
                            h["optimizer"]["b1_power"].get<double>(),
                            h["optimizer"]["b2_power"].get<double>());
    uint32_t rng[6];
    for (int i = 0; i < 6; ++i) {
        if (!h["shuffle_rng"][i].is_number_unsigned())
            return fail("the checkpoint's header is not valid");
        rng[i] = h["shuffle_rng"][i].get<uint32_t>();
    }
    s->rng_shuffle_.set_state(rng);
    // The model's generators (checkpoints before they were kept start them afresh).
    uint32_t dropout[6], sampling[6];
    s->model_.get_rng_state(dropout, sampling);
    for (int i = 0; i < 6; ++i)
        for (auto [key, words] : {std::pair{"dropout_rng", dropout}, {"sampling_rng", sampling}})
            if (h.contains(key) && h[key].is_array() && h[key].size() == 6 &&
                h[key][i].is_number_unsigned())
                words[i] = h[key][i].get<uint32_t>();
    s->model_.set_rng_state(dropout, sampling);
    s->epoch_loss_sum_ = h["epoch_loss_sum"].get<double>();
    for (auto [key, sum] :
         {std::pair{"epoch_kl_sum", &s->epoch_kl_sum_}, {"epoch_recon_sum", &s->epoch_recon_sum_}})
        if (h.contains(key) && h[key].is_number()) *sum = h[key].get<double>();
    s->epoch_samples_ = h["epoch_samples"].get<long>();
    s->progress_.epoch_loss =
        s->epoch_samples_ ? s->epoch_loss_sum_ / double(s->epoch_samples_) : 0.0;
    if (h.contains("error") && h["error"].is_string()) s->error_ = h["error"].get<std::string>();
    if (!s->error_.empty()) s->progress_.done = true;
    *out = std::move(s);
    return Status::Ok();
}

} // namespace ae
