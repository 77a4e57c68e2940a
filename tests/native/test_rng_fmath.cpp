// The seeded generator and the portable math functions.
#include "engine/core/fmath.h"
#include "engine/core/rng.h"
#include "test_util.h"

#include <cmath>

using namespace ae;

// splitmix64 reference values (Vigna's splitmix64.c with state 0): independent golden numbers.
TEST(Rng, Splitmix64MatchesTheReference) {
    uint64_t x = 0;
    EXPECT_EQ(splitmix64(x), 0xE220A8397B1DCDAFull);
    EXPECT_EQ(splitmix64(x), 0x6E789E6AA1B965F4ull);
    EXPECT_EQ(splitmix64(x), 0x06C45D188009454Full);
}

TEST(Rng, StreamsAreReproducibleAndDistinct) {
    Rng a(42, kStreamInit), b(42, kStreamInit), c(42, kStreamShuffle), d(43, kStreamInit);
    for (int i = 0; i < 100; ++i) {
        const uint32_t va = a.next_u32();
        EXPECT_EQ(va, b.next_u32());
        (void)c;
    }
    Rng e(42, kStreamInit);
    EXPECT_NE(e.next_u32(), c.next_u32());
    Rng f(42, kStreamInit);
    EXPECT_NE(f.next_u32(), d.next_u32());
}

TEST(Rng, UniformAndNormalMoments) {
    Rng r(1);
    const int n = 200000;
    double s = 0, s2 = 0, ns = 0, ns2 = 0, n4 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        s += u;
        s2 += u * u;
        const double z = r.normal();
        ns += z;
        ns2 += z * z;
        n4 += z * z * z * z;
    }
    EXPECT_NEAR(s / n, 0.5, 0.005);
    EXPECT_NEAR(s2 / n - 0.25, 1.0 / 12.0, 0.002);
    EXPECT_NEAR(ns / n, 0.0, 0.01);
    EXPECT_NEAR(ns2 / n, 1.0, 0.01);
    EXPECT_NEAR(n4 / n, 3.0, 0.06); // kurtosis of a normal
}

TEST(Rng, BelowIsUnbiasedAndShuffleIsAPermutation) {
    Rng r(9);
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < 30000; ++i)
        counts[r.below(3)]++;
    for (int c : counts)
        EXPECT_NEAR(c, 10000, 400);
    std::vector<int> v(100);
    for (int i = 0; i < 100; ++i)
        v[i] = i;
    r.shuffle(v.data(), 100);
    std::vector<int> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(sorted[i], i);
    EXPECT_NE(v, sorted);
}

// Our portable functions against the C library (an independent implementation).
TEST(Fmath, AgreesWithLibmToDoublePrecision) {
    for (double x = -700; x <= 700; x += 0.37)
        EXPECT_NEAR(fm::exp_d(x) / std::exp(x), 1.0, 4e-15) << x;
    for (double x = -0.5; x <= 0.5; x += 0.0013)
        EXPECT_NEAR(fm::expm1_d(x), std::expm1(x), 1e-15 * std::fabs(std::expm1(x)) + 1e-300) << x;
    for (double x = 1e-300; x < 1e300; x *= 3.7)
        EXPECT_NEAR(fm::log_d(x), std::log(x), 4e-15 * std::max(1.0, std::fabs(std::log(x)))) << x;
    for (double x = -25; x <= 25; x += 0.011)
        EXPECT_NEAR(fm::tanh_d(x), std::tanh(x), 1e-15 * std::max(1e-3, std::fabs(std::tanh(x))))
            << x;
    for (double x = -40; x <= 40; x += 0.013)
        EXPECT_NEAR(fm::sigmoid_d(x), 1.0 / (1.0 + std::exp(-x)), 1e-15) << x;
    // The float sigmoid: within 2 ulp of the correctly rounded value (libm's, in double),
    // over every 2^-8 step of [-87, 90] and a dense sweep of the middle; below -87 it is 0, within
    // 1.7e-38 of the true value.
    int worst = 0;
    for (int pass = 0; pass < 2; ++pass)
        for (double x = pass ? -4.0 : -87.0; x <= (pass ? 4.0 : 90.0);
             x += pass ? 1e-5 : 1.0 / 256) {
            const float got = fm::sigmoid_f(float(x));
            const float want = float(1.0 / (1.0 + std::exp(-double(float(x)))));
            int32_t a, b;
            std::memcpy(&a, &got, 4);
            std::memcpy(&b, &want, 4);
            worst = std::max(worst, std::abs(a - b)); // both positive: ulps apart
            ASSERT_LE(std::abs(a - b), 2) << x << ": " << got << " vs " << want;
        }
    EXPECT_GE(worst, 1); // float arithmetic does lose the last bit somewhere
    for (double x = -87.01; x > -200.0; x -= 0.37) {
        EXPECT_EQ(fm::sigmoid_f(float(x)), 0.0f) << x;
        EXPECT_LT(1.0 / (1.0 + std::exp(-x)), 1.7e-38) << x;
    }
    EXPECT_EQ(fm::exp_d(0.0), 1.0);
    EXPECT_EQ(fm::log_d(1.0), 0.0);
    EXPECT_TRUE(std::isinf(fm::exp_d(1000.0)));
    EXPECT_EQ(fm::exp_d(-1000.0), 0.0);
    EXPECT_TRUE(std::isnan(fm::log_d(-1.0)));
}
