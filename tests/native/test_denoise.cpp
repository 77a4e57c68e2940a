// The denoising report (engine/denoise.h): closed-form facts of the test noise (factor 0, masking
// on data of known mean square, gaussian without clip, clip keeps [0, 1]), its determinism and its
// own Rng stream, the sweep, the spec's validation, and trained denoisers (well logs, sequences)
// that beat their noisy input by recorded numbers with a fixed seed.
#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <memory>

using namespace ae;

namespace {

std::unique_ptr<Session> make_session(const std::string& json) {
    std::unique_ptr<Session> s;
    const Status st = open_session(json, &s);
    EXPECT_TRUE(st.ok()) << st.error;
    return s;
}

// Uniform [0, 1) data, 500 validation samples x 40 features, an untrained model.
const char* kUniform = R"({"seed": 3, "data": {"name": "uniform", "samples": 1000, "features": 40},
  "model": {"input": 40, "encoder": [{"type": "dense", "units": 8, "activation": "relu"}],
            "decoder": [{"type": "dense", "units": 40, "activation": "sigmoid"}]},
  "train": {"epochs": 1, "validation_split": 0.5}})";

double mean_of(const MatrixRM& m, double power) {
    double s = 0;
    for (long i = 0; i < m.size(); ++i)
        s += std::pow(double(m.data()[i]), power);
    return s / double(m.size());
}

} // namespace

TEST(Denoise, FactorZeroIsThePlainReconstruction) {
    auto s = make_session(kUniform);
    DenoiseSpec spec = default_denoise_spec(s->config());
    spec.factor = 0.0;
    const DenoiseReport r = denoise_report(*s, spec);
    const MatrixRM& clean = denoise_clean_set(*s);
    EXPECT_EQ(r.set, "validation");
    EXPECT_EQ(r.samples, 500);
    EXPECT_TRUE(r.noisy == clean); // clip of values already in [0, 1) changes nothing
    EXPECT_EQ(r.mse_noisy, 0.0);
    EXPECT_EQ(r.noise_reduction_percent, 0.0); // undefined: reported as 0
    const Evaluation e = evaluate(*s);
    EXPECT_EQ(r.mse_denoised, e.reconstruction.mse);
    ASSERT_EQ(r.errors_denoised.size(), e.errors.size());
    for (size_t i = 0; i < e.errors.size(); ++i)
        EXPECT_EQ(r.errors_denoised[i], e.errors[i]) << i;
}

TEST(Denoise, MaskingNoisyMseIsFractionTimesMeanSquare) {
    // Each value is zeroed with probability p, so (noisy - clean)^2 is x^2 with probability p:
    // E[mse_noisy] = p * mean(x^2), standard error sqrt(p (1 - p) mean(x^4) / N).
    auto s = make_session(kUniform);
    const MatrixRM& clean = denoise_clean_set(*s);
    const double m2 = mean_of(clean, 2), m4 = mean_of(clean, 4), N = double(clean.size());
    for (double p : {0.1, 0.25, 0.6}) {
        DenoiseSpec spec;
        spec.type = NoiseType::masking;
        spec.fraction = p;
        spec.seed = 11;
        const DenoiseReport r = denoise_report(*s, spec);
        const double se = std::sqrt(p * (1 - p) * m4 / N);
        EXPECT_NEAR(r.mse_noisy, p * m2, 5 * se) << "p = " << p;
        long zeroed = 0;
        for (long i = 0; i < clean.size(); ++i) {
            const float v = r.noisy.data()[i];
            EXPECT_TRUE(v == 0.0f || v == clean.data()[i]);
            zeroed += v == 0.0f && clean.data()[i] != 0.0f;
        }
        EXPECT_NEAR(double(zeroed) / N, p, 5 * std::sqrt(p * (1 - p) / N)) << "p = " << p;
    }
}

TEST(Denoise, GaussianWithoutClipHasMseFactorSquaredAndClipKeepsTheUnitInterval) {
    // Without clip, noisy - clean = f z with z ~ N(0, 1): E[mse] = f^2, sd f^2 sqrt(2 / N).
    auto s = make_session(kUniform);
    const double N = double(denoise_clean_set(*s).size());
    DenoiseSpec spec;
    spec.factor = 0.5;
    spec.clip = false;
    spec.seed = 5;
    const DenoiseReport r = denoise_report(*s, spec);
    EXPECT_NEAR(r.mse_noisy, 0.25, 5 * 0.25 * std::sqrt(2 / N));
    EXPECT_LT(r.noisy.minCoeff(), -0.5); // it does leave [0, 1]
    EXPECT_GT(r.noisy.maxCoeff(), 1.5);

    spec.clip = true;
    const DenoiseReport c = denoise_report(*s, spec);
    EXPECT_GE(c.noisy.minCoeff(), 0.0f);
    EXPECT_LE(c.noisy.maxCoeff(), 1.0f);
    EXPECT_LT(c.mse_noisy, r.mse_noisy); // clipping moves values towards the clean ones
    // Same draws: the clipped value is the unclipped one clamped to [0, 1].
    for (long i = 0; i < r.noisy.size(); ++i) {
        const float v = r.noisy.data()[i];
        ASSERT_EQ(c.noisy.data()[i], std::clamp(v, 0.0f, 1.0f)) << i;
    }
}

TEST(Denoise, SameSpecSameNoiseAndNotTheTrainingNoise) {
    auto s =
        make_session(R"({"seed": 9, "data": {"name": "uniform", "samples": 200, "features": 10},
      "model": {"input": 10, "encoder": [{"type": "dense", "units": 3}],
                "decoder": [{"type": "dense", "units": 10, "activation": "sigmoid"}]},
      "train": {"validation_split": 0.5, "noise": {"type": "gaussian", "factor": 0.3}}})");
    const DenoiseSpec spec = default_denoise_spec(s->config());
    EXPECT_EQ(spec.type, NoiseType::gaussian);
    EXPECT_EQ(spec.factor, 0.3);
    EXPECT_EQ(spec.seed, 9u);
    const DenoiseReport a = denoise_report(*s, spec), b = denoise_report(*s, spec);
    EXPECT_TRUE(a.noisy == b.noisy);
    EXPECT_EQ(a.mse_denoised, b.mse_denoised);
    // The training noise of the same seed and factor is another draw.
    EXPECT_FALSE(a.noisy == s->x_val_input());
    DenoiseSpec other = spec;
    other.seed = 10;
    EXPECT_FALSE(denoise_report(*s, other).noisy == a.noisy);
    // The per-sample numbers average to the overall ones.
    double sn = 0, sd = 0;
    for (int i = 0; i < a.samples; ++i)
        sn += a.errors_noisy[size_t(i)], sd += a.errors_denoised[size_t(i)];
    EXPECT_NEAR(sn / a.samples, a.mse_noisy, 1e-12);
    EXPECT_NEAR(sd / a.samples, a.mse_denoised, 1e-12);
    EXPECT_NEAR(a.noise_reduction_percent, (1 - a.mse_denoised / a.mse_noisy) * 100, 1e-9);
}

TEST(Denoise, SweepLevelsMatchSingleReports) {
    auto s = make_session(kUniform);
    DenoiseSpec spec;
    spec.seed = 4;
    EXPECT_EQ(default_sweep_max(s->config(), NoiseType::gaussian), 0.6); // no train.noise: 2 x 0.3
    EXPECT_EQ(default_sweep_max(s->config(), NoiseType::masking), 0.5);
    const DenoiseSweep w = denoise_sweep(*s, spec, 0.8, 5);
    ASSERT_EQ(w.levels.size(), 5u);
    EXPECT_EQ(w.levels[0], 0.0);
    EXPECT_EQ(w.mse_noisy[0], 0.0);
    for (int i = 0; i < 5; ++i) {
        EXPECT_NEAR(w.levels[size_t(i)], 0.2 * i, 1e-15);
        DenoiseSpec at = spec;
        at.factor = w.levels[size_t(i)];
        const DenoiseReport r = denoise_report(*s, at);
        EXPECT_EQ(w.mse_noisy[size_t(i)], r.mse_noisy);
        EXPECT_EQ(w.mse_denoised[size_t(i)], r.mse_denoised);
        if (i) {
            EXPECT_GT(w.mse_noisy[size_t(i)], w.mse_noisy[size_t(i - 1)]); // common draws
        }
    }
}

TEST(Denoise, SpecValidationNamesTheFieldAndChangesNothing) {
    DenoiseSpec spec;
    spec.factor = 0.7;
    spec.seed = 3;
    const struct {
        const char* json;
        const char* expected;
    } bad[] = {
        {R"({"type": "salt"})", "denoise.type: expected one of gaussian, masking, got \"salt\""},
        {R"({"factor": -0.1})", "denoise.factor: expected a number from 0 to 100, got -0.1"},
        {R"({"factor": "big"})", "denoise.factor: expected a number from 0 to 100, got \"big\""},
        {R"({"fraction": 1.5})", "denoise.fraction: expected a number from 0 to 1, got 1.5"},
        {R"({"clip": 1})", "denoise.clip: expected true or false, got 1"},
        {R"({"seed": 1.5})", "denoise.seed: expected an integer from 0 to 2147483647, got 1.5"},
        {R"({"level": 1})", "denoise.level: unknown key; accepted: type, factor, clip, fraction"},
        {R"([1])", "denoise: expected a JSON object"},
        {R"({"factor": )", "denoise: expected a JSON object"},
    };
    for (const auto& b : bad) {
        const Status st = parse_denoise_spec(b.json, &spec);
        EXPECT_NE(st.error.find(b.expected), std::string::npos) << b.json << ": " << st.error;
        EXPECT_EQ(spec.factor, 0.7);
        EXPECT_EQ(spec.seed, 3u);
        EXPECT_EQ(spec.type, NoiseType::gaussian);
    }
    ASSERT_TRUE(
        parse_denoise_spec(R"({"type": "masking", "fraction": 1, "seed": 12})", &spec).ok());
    EXPECT_EQ(spec.type, NoiseType::masking);
    EXPECT_EQ(spec.fraction, 1.0);
    EXPECT_EQ(spec.seed, 12u);
    EXPECT_EQ(spec.factor, 0.7); // not given: kept
}

TEST(Denoise, TrainedDenoiserBeatsItsNoisyInputOnSequences) {
    // examples/denoise_sequences.json: seed 001's sequences (1000 x 5, min-max scaled), trained 20
    // epochs on gaussian 0.3 (clipped) inputs. At the same test level, with the test stream, the
    // model's output is much closer to the clean sequences than its input. The numbers were
    // recorded from the native build (`aeplay denoise examples/denoise_sequences.json`).
    Config c = load_example("examples/denoise_sequences.json");
    std::unique_ptr<Session> s;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    const DenoiseReport r = denoise_report(*s, default_denoise_spec(c));
    EXPECT_EQ(r.set, "training"); // validation_split 0: the last 20% would lie outside the scaling
    EXPECT_EQ(r.samples, 1000);
    EXPECT_LT(r.mse_denoised, r.mse_noisy);
    EXPECT_GT(r.noise_reduction_percent, 70.0); // recorded: 75.15%
    EXPECT_TRUE(close_rel(r.mse_noisy, 0.05916273636828652, 1e-9)) << r.mse_noisy;
    EXPECT_TRUE(close_rel(r.mse_denoised, 0.014701173506815433, 1e-9)) << r.mse_denoised;
    // The sweep: the denoised error grows far more slowly than the noisy one.
    const DenoiseSweep w = denoise_sweep(*s, r.spec, default_sweep_max(c, NoiseType::gaussian));
    EXPECT_EQ(w.levels.back(), 0.6);
    EXPECT_LT(w.mse_denoised.back(), 0.5 * w.mse_noisy.back());
}

TEST(Denoise, TrainedDenoiserBeatsItsNoisyInputAndAPlainAutoencoderOnWellLogs) {
    // examples/denoise_well_logs.json: 1000 synthetic gamma-ray logs of 128 depths (noise 3 API,
    // no anomalies), min-max scaled, a 128-64-16-64-128 autoencoder trained 30 epochs on gaussian
    // 0.3 (clipped) inputs, as seed 000 trains its denoiser. On the 200 validation logs, with test
    // noise of the same level from the test stream: MSE noisy vs clean 0.0606, denoised vs clean
    // 0.0116, a noise reduction of 80.9%. The same network trained without noise (a plain
    // autoencoder) also removes noise through its bottleneck, but less: 0.0164, 73.0%. Numbers
    // recorded from `aeplay denoise examples/denoise_well_logs.json` (native build).
    const Config c = load_example("examples/denoise_well_logs.json");
    Config plain_config = c;
    plain_config.train.noise = NoiseConfig{};
    std::unique_ptr<Session> denoiser, plain;
    ASSERT_TRUE(open_session(c, &denoiser).ok());
    ASSERT_TRUE(open_session(plain_config, &plain).ok());
    for (Session* s : {denoiser.get(), plain.get()})
        while (!s->done())
            s->train_epoch();
    const DenoiseSpec spec = default_denoise_spec(c);
    const DenoiseReport r = denoise_report(*denoiser, spec);
    const DenoiseReport p = denoise_report(*plain, spec);
    EXPECT_EQ(r.set, "validation");
    EXPECT_EQ(r.samples, 200);
    EXPECT_EQ(r.features, 128);
    EXPECT_EQ(p.mse_noisy, r.mse_noisy); // the same test noise for both models
    EXPECT_LT(r.mse_denoised, r.mse_noisy);
    EXPECT_LT(r.mse_denoised, p.mse_denoised);
    EXPECT_TRUE(close_rel(r.mse_noisy, 0.06063246620928488, 1e-9)) << r.mse_noisy;
    EXPECT_TRUE(close_rel(r.mse_denoised, 0.011596005977095578, 1e-9)) << r.mse_denoised;
    EXPECT_NEAR(r.noise_reduction_percent, 80.9, 0.05);
    EXPECT_NEAR(p.noise_reduction_percent, 73.0, 0.05);
    // Per log: the denoiser helps on every one of them.
    int helped = 0;
    for (int i = 0; i < r.samples; ++i)
        helped += r.errors_denoised[size_t(i)] < r.errors_noisy[size_t(i)];
    EXPECT_EQ(helped, 200);
}
