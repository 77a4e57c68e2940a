// denoise.h: how well a model removes noise it is shown at test time (seed 000's denoising
// check, at any noise level and for any model: a plain autoencoder also "denoises" a little).
//   - The evaluation set is evaluate()'s: the validation split when there is one, else the
//     training split, in the scaled space the model sees.
//   - Test noise: gaussian (x + factor * N(0, 1), optionally clipped to [0, 1], seed 000) or
//     masking (each value set to 0 with probability fraction). It is drawn from its own Rng
//     stream, kStreamTestNoise, never kStreamNoise: with the same seed, the test noise is not the
//     noise the model was trained on. Same spec and seed -> the same noise, bit for bit, on every
//     target.
//   - The report: the noisy copy, the model's output on it, per sample and overall the MSE of
//     noisy vs clean and of denoised vs clean, and the noise reduction
//     (1 - mse_denoised / mse_noisy) * 100 (seed 000's formula; 0 when mse_noisy is 0).
//   - The sweep: the two MSEs at `points` equally spaced levels from 0 to max_level, each level
//     drawn from a fresh Rng with the same seed (common random numbers: a smooth curve).
// Defaults: the session's train.noise when it has one, else gaussian 0.3 with clip; seed = the
// config's seed. Not here: training on noisy inputs (session.h), drawing (the page).
#pragma once

#include "engine/train/config.h"
#include "engine/train/session.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ae {

// Far from rng.h's named streams (1..4), so that adding a stream there does not collide.
constexpr uint64_t kStreamTestNoise = 0x7E57;

struct DenoiseSpec {
    NoiseType type = NoiseType::gaussian; // gaussian or masking (none is not a test noise)
    double factor = 0.3;                  // gaussian, 0..100
    bool clip = true;                     // gaussian: clip to [0, 1] afterwards
    double fraction = 0.25;               // masking, 0..1
    uint64_t seed = 0;
    double level() const { return type == NoiseType::masking ? fraction : factor; }
    void set_level(double v) { (type == NoiseType::masking ? fraction : factor) = v; }
};

// The session's training noise (or gaussian 0.3 with clip) and its seed.
DenoiseSpec default_denoise_spec(const Config& c);
// Upper end of the sweep for this spec's type: twice the training level of that type (or of the
// default), at most 1 for masking.
double default_sweep_max(const Config& c, NoiseType type);

// Reads {"type", "factor", "clip", "fraction", "seed"} over *spec (keys not given keep their
// values). On error returns a message naming the field and what is accepted; *spec unchanged.
Status parse_denoise_spec(const std::string& json_text, DenoiseSpec* spec);

// x (n, d) += the spec's noise, from Rng(spec.seed, kStreamTestNoise).
void add_test_noise(MatrixRM& x, const DenoiseSpec& spec);

struct DenoiseReport {
    std::string set; // "validation" or "training"
    int samples = 0, features = 0;
    DenoiseSpec spec;
    MatrixRM noisy, denoised;                          // (samples, features)
    std::vector<double> errors_noisy, errors_denoised; // per-sample MSE vs clean
    double mse_noisy = 0.0, mse_denoised = 0.0, noise_reduction_percent = 0.0;
};

struct DenoiseSweep {
    DenoiseSpec spec; // type, clip and seed of every level
    std::vector<double> levels, mse_noisy, mse_denoised;
};

const MatrixRM& denoise_clean_set(const Session& s); // the evaluation set (clean)
DenoiseReport denoise_report(Session& s, const DenoiseSpec& spec);
DenoiseSweep denoise_sweep(Session& s, const DenoiseSpec& spec, double max_level, int points = 9);

// JSON for the CLI and the JS API. sample >= 0 adds that sample's noisy, denoised and clean rows;
// per_sample adds the per-sample errors.
std::string denoise_json(const DenoiseReport& r, const MatrixRM& clean, int sample,
                         bool per_sample);
std::string denoise_sweep_json(const DenoiseSweep& w);
std::string denoise_text(const DenoiseReport& r, const DenoiseSweep* w); // the CLI's printout

} // namespace ae
