// rng.h: the project's own seeded random generator.
// Every random number in aeplay (weight init, shuffles, noise, synthetic data) comes from here,
// never from std:: distributions, whose algorithms differ between libstdc++ (native) and
// libc++ (emscripten). Integer-only core (xoshiro128**, seeded by splitmix64), floats built from
// the top 24 bits, normals by Marsaglia's polar method over ae::fm::log/sqrt, so a seed gives the
// same stream bit for bit on every target.
#pragma once

#include "engine/core/fmath.h"
#include <cstdint>
#include <cstring>

namespace ae {

inline uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class Rng {
  public:
    // stream: an independent stream for the same seed (init, shuffle, data, noise, ...).
    explicit Rng(uint64_t seed = 0, uint64_t stream = 0) { reseed(seed, stream); }

    void reseed(uint64_t seed, uint64_t stream = 0) {
        uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
        for (int i = 0; i < 4; i += 2) {
            uint64_t z = splitmix64(x);
            s_[i] = uint32_t(z);
            s_[i + 1] = uint32_t(z >> 32);
        }
        if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
        has_spare_ = false;
    }

    uint32_t next_u32() {
        const uint32_t result = rotl(s_[1] * 5u, 7) * 9u;
        const uint32_t t = s_[1] << 9;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 11);
        return result;
    }

    // Uniform in [0, 1), 24 random bits.
    float uniform() { return float(next_u32() >> 8) * (1.0f / 16777216.0f); }
    // Uniform in [lo, hi).
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

    // Unbiased integer in [0, n) (Lemire's method with rejection).
    uint32_t below(uint32_t n) {
        uint64_t m = uint64_t(next_u32()) * n;
        uint32_t l = uint32_t(m);
        if (l < n) {
            const uint32_t t = (0u - n) % n;
            while (l < t) {
                m = uint64_t(next_u32()) * n;
                l = uint32_t(m);
            }
        }
        return uint32_t(m >> 32);
    }

    // Standard normal (Marsaglia polar method, in double for a clean tail, rounded to float).
    float normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2.0 * (double(next_u32()) * (1.0 / 4294967296.0)) - 1.0;
            v = 2.0 * (double(next_u32()) * (1.0 / 4294967296.0)) - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = fm::sqrt_d(-2.0 * fm::log_d(s) / s);
        spare_ = float(v * f);
        has_spare_ = true;
        return float(u * f);
    }

    // The whole state, for checkpoints: 4 words, the spare normal's bits, and whether it is set.
    void get_state(uint32_t out[6]) const {
        for (int i = 0; i < 4; ++i)
            out[i] = s_[i];
        std::memcpy(&out[4], &spare_, 4);
        out[5] = has_spare_;
    }
    void set_state(const uint32_t in[6]) {
        for (int i = 0; i < 4; ++i)
            s_[i] = in[i];
        std::memcpy(&spare_, &in[4], 4);
        has_spare_ = in[5] != 0;
    }

    // Fisher-Yates shuffle of idx[0..n).
    template <class T> void shuffle(T* idx, int n) {
        for (int i = n - 1; i > 0; --i) {
            const int j = int(below(uint32_t(i + 1)));
            T t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
    }

  private:
    static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
    uint32_t s_[4];
    float spare_ = 0.0f;
    bool has_spare_ = false;
};

// Named streams, so that adding noise never shifts the weight init and so on.
enum RngStream : uint64_t {
    kStreamInit = 1,
    kStreamShuffle = 2,
    kStreamData = 3,
    kStreamNoise = 4,
    kStreamProbe = 5,   // the linear probe's cross-validation folds (probe.h)
    kStreamDropout = 6, // dropout masks (model.h)
    kStreamSampling = 7 // a variational model's eps while training (model.h)
};

} // namespace ae
