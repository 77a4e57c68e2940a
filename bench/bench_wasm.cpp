// bench_wasm.cpp: GFLOP/s of the dense products in WebAssembly (run under node), in one run:
// the naive loop, the SIMD kernel the engine runs and Eigen's GEMM (the peer), beside the measured
// peak of f32x4 multiply + add on one core, and each kernel's share of that peak (issue 5); then
// the training step of the convolutional seed models (samples/s, GFLOP/s, share of the peak).
// Every measurement warms up for a fixed time first (V8 optimizes a function only after it ran a
// while) and then times repeated calls in short windows of CPU time of the process. GFLOP/s are
// the best window's: on a shared machine another process on the same core's other hardware
// thread (or in its caches) slows a window down, never speeds it up. A share of the peak is the
// median over pairs of windows, the peak's then the kernel's (share_of_peak): measured once,
// apart from the kernel, the peak swung 40-51 GFLOP/s between runs here and the share with it.
// Builds natively too (SSE2 then). Run: ./scripts/bench_wasm (--peak: the peak only). Not a test.
#include "conv_step.h"
#include "engine/core/kernels.h"
#include "engine/core/ops.h"
#include "engine/core/rng.h"
#include "engine/core/simd.h"

#include <Eigen/Core>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// CPU time of the node process (not wall time: the machine may be shared).
EM_JS(double, cpu_seconds, (), {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
});
#else
double cpu_seconds() {
    return double(std::clock()) / CLOCKS_PER_SEC;
}
#endif

using namespace ae;
using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

constexpr double kWarmupSeconds = 1.0, kWindowSeconds = 0.1; // of CPU time
constexpr int kWindows = 12;
// The clock is read once per chunk of calls lasting about this long: reading it (node's
// process.cpuUsage) costs 1-3 microseconds, as much as one call of the 64 x 32 x 10 products
// (measured: an empty call timed every 4 calls took 0.75 us, every 1024 calls 0.03 us), so
// a fixed chunk of 4 calls took up to half of their time and part of the peak's too.
constexpr double kChunkSeconds = 0.002;

// Calls per CPU second of f over one window, the clock read every `chunk` calls.
double window_rate(const std::function<void()>& f, long chunk) {
    long calls = 0;
    const double t0 = cpu_seconds();
    double s = 0.0;
    do {
        for (long i = 0; i < chunk; ++i)
            f();
        calls += chunk;
        s = cpu_seconds() - t0;
    } while (s < kWindowSeconds);
    return double(calls) / s;
}

// Runs f for kWarmupSeconds; returns the chunk for window_rate: calls in about kChunkSeconds.
long warm_up(const std::function<void()>& f) {
    long calls = 0;
    const double t0 = cpu_seconds();
    for (; cpu_seconds() - t0 < kWarmupSeconds; ++calls)
        f();
    return std::max(1L, long(calls * (kChunkSeconds / kWarmupSeconds)));
}

// Calls per CPU second of f: the best of kWindows windows after a warm-up.
double rate(const std::function<void()>& f) {
    const long chunk = warm_up(f);
    double best = 0.0;
    for (int w = 0; w < kWindows; ++w)
        best = std::max(best, window_rate(f, chunk));
    return best;
}

// 12 independent multiply + add chains (acc = acc * m + a), as many as fit in registers: the
// peak rate of the instruction mix the GEMM uses. 96 flops per iteration.
__attribute__((noinline)) void peak_block(simd::F4* acc, simd::F4 m, simd::F4 a, int iterations) {
    simd::F4 r[12];
    for (int i = 0; i < 12; ++i)
        r[i] = acc[i];
    for (int it = 0; it < iterations; ++it)
        for (int i = 0; i < 12; ++i)
            r[i] = simd::add(simd::mul(r[i], m), a);
    for (int i = 0; i < 12; ++i)
        acc[i] = r[i];
}

simd::F4 g_peak_acc[12]; // global: the chains' results stay observable
constexpr int kPeakIterations = 10000;
constexpr double kPeakFlops = kPeakIterations * 96.0;

void peak_call() {
    peak_block(g_peak_acc, simd::set1(0.999f), simd::set1(0.001f), kPeakIterations);
}

double peak_gflops() {
    for (int i = 0; i < 12; ++i)
        g_peak_acc[i] = simd::set1(float(i));
    return rate(peak_call) * kPeakFlops / 1e9;
}

// A kernel's GFLOP/s (best window) and its share of the peak: the median, over kWindows pairs of
// a peak window then a kernel window, of their ratio. A pair runs within a fifth of a second, so
// whatever else shares the machine slows both alike, and the share holds where a peak measured
// once, earlier, would not.
struct Share {
    double gflops, of_peak;
};
Share share_of_peak(const std::function<void()>& f, double flops) {
    const long chunk = warm_up(f), peak_chunk = warm_up(peak_call);
    double best = 0.0;
    std::vector<double> ratios;
    for (int w = 0; w < kWindows; ++w) {
        const double peak = window_rate(peak_call, peak_chunk) * kPeakFlops;
        const double kernel = window_rate(f, chunk) * flops;
        best = std::max(best, kernel);
        ratios.push_back(kernel / peak);
    }
    std::sort(ratios.begin(), ratios.end());
    return {best / 1e9, 0.5 * (ratios[kWindows / 2 - 1] + ratios[kWindows / 2])};
}

void fill(float* v, long count, Rng& r) {
    for (long i = 0; i < count; ++i)
        v[i] = r.uniform(-1.0f, 1.0f);
}

} // namespace

// --peak: only the peak line (bench/peers/conv.mjs reads it).
int main(int argc, char** argv) {
    const double peak = peak_gflops();
    std::printf("f32x4 multiply + add peak, one core: %.1f GFLOP/s\n\n", peak);
    if (argc > 1 && std::string(argv[1]) == "--peak") return 0;
    std::printf("%-8s %-14s %8s %8s %8s %10s %10s\n", "product", "n/in/out", "naive", "simd",
                "eigen", "simd/eigen", "simd/peak");
    const int shapes[][3] = {{64, 100, 64}, {64, 64, 32}, {64, 32, 10}, {256, 784, 128}};
    for (const auto& s : shapes) {
        const int n = s[0], in = s[1], out = s[2];
        Rng r(1);
        MatrixRM x(n, in), w(in, out), wt(out, in), z(n, out), dz(n, out), dw(in, out), dx(n, in);
        Eigen::RowVectorXf b(out), db(out);
        for (MatrixRM* m : {&x, &w, &dz})
            fill(m->data(), m->size(), r);
        fill(b.data(), b.size(), r);
        wt = w.transpose();
        dw.setZero(), db.setZero();
        const double flops = 2.0 * n * in * out;
        const char* names[] = {"forward", "params", "input"};
        for (int product = 0; product < 3; ++product) {
            std::function<void()> naive, fast, eigen;
            if (product == 0) {
                naive = [&] {
                    dense_forward_naive(z.data(), x.data(), w.data(), b.data(), n, in, out);
                };
                fast = [&] {
                    kernels::dense_forward(z.data(), x.data(), w.data(), b.data(), n, in, out);
                };
                eigen = [&] {
                    z.noalias() = x * w;
                    z.rowwise() += b;
                };
            } else if (product == 1) {
                naive = [&] {
                    dense_backward_params_naive(dw.data(), db.data(), x.data(), dz.data(), n, in,
                                                out);
                };
                fast = [&] {
                    kernels::dense_backward_params(dw.data(), db.data(), x.data(), dz.data(), n, in,
                                                   out);
                };
                eigen = [&] {
                    dw.noalias() += x.transpose() * dz;
                    db += dz.colwise().sum();
                };
            } else {
                naive = [&] {
                    dense_backward_input_naive(dx.data(), dz.data(), wt.data(), n, in, out);
                };
                fast = [&] {
                    kernels::dense_backward_input(dx.data(), dz.data(), wt.data(), n, in, out);
                };
                eigen = [&] { dx.noalias() = dz * w.transpose(); };
            }
            const double g_naive = rate(naive) * flops / 1e9;
            const Share fast_share = share_of_peak(fast, flops);
            const double g_fast = fast_share.gflops, g_eigen = rate(eigen) * flops / 1e9;
            char shape[32];
            std::snprintf(shape, sizeof shape, "%d/%d/%d", n, in, out);
            std::printf("%-8s %-14s %8.2f %8.2f %8.2f %9.2fx %9.0f%%\n", names[product], shape,
                        g_naive, g_fast, g_eigen, g_fast / g_eigen, 100.0 * fast_share.of_peak);
            std::fflush(stdout);
        }
    }
    // The convolutional seed models' training step, batch 128 (conv_step.h).
    std::printf("\n%-30s %12s %10s %8s %10s\n", "train step, batch 128", "MFLOP/sample",
                "samples/s", "GFLOP/s", "of peak");
    for (const char* name : {"seed004_conv_denoiser", "seed003_conv_denoiser"}) {
        bench::ConvStep step;
        if (!step.load(std::string(AEPLAY_EXAMPLES_DIR) + "/" + name + ".json", 128)) {
            std::printf("%-30s cannot read the example config\n", name);
            continue;
        }
        const double flops = bench::train_flops_per_sample(step.config);
        const Share sh = share_of_peak([&] { step.run(); }, flops * step.n);
        const double samples = sh.gflops * 1e9 / flops;
        std::printf("%-30s %12.1f %10.1f %8.2f %9.0f%%\n", name, flops / 1e6, samples, sh.gflops,
                    100.0 * sh.of_peak);
        std::fflush(stdout);
    }
    return 0;
}
