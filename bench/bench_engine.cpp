// bench_engine.cpp: native microbenchmarks (Google Benchmark), ours beside a peer in the same run.
//   DenseForward/ours  vs DenseForward/eigen : the fixed-order loop the engine uses (so native and
//                                              WASM agree bit for bit) against Eigen's GEMM for the
//                                              same product; the ratio is what parity costs.
//   TrainStep/seed000                         : one Adam step of the seed 000 model, batch 64.
// Run: ./build/native/aeplay_bench  (GFLOP/s and samples/s are printed as counters).
#include "model.h"
#include "ops.h"
#include "optimizer.h"

#include <benchmark/benchmark.h>
#include <vector>

using namespace ae;

static void fill(std::vector<float>& v, Rng& r) {
    for (auto& x : v)
        x = r.uniform(-1.0f, 1.0f);
}

static void DenseForward_ours(benchmark::State& st) {
    const int n = int(st.range(0)), in = int(st.range(1)), out = int(st.range(2));
    Rng r(1);
    std::vector<float> x(size_t(n) * in), w(size_t(in) * out), b(out), z(size_t(n) * out);
    fill(x, r), fill(w, r), fill(b, r);
    for (auto _ : st) {
        dense_forward(z.data(), x.data(), w.data(), b.data(), n, in, out);
        benchmark::DoNotOptimize(z.data());
    }
    st.counters["GFLOP/s"] =
        benchmark::Counter(2.0 * n * in * out, benchmark::Counter::kIsIterationInvariantRate,
                           benchmark::Counter::kIs1000);
    st.counters["GFLOP/s"].value /= 1e9;
}

static void DenseForward_eigen(benchmark::State& st) {
    const int n = int(st.range(0)), in = int(st.range(1)), out = int(st.range(2));
    Rng r(1);
    MatrixRM x(n, in), w(in, out), z(n, out);
    Eigen::RowVectorXf b(out);
    for (long i = 0; i < x.size(); ++i)
        x.data()[i] = r.uniform(-1.0f, 1.0f);
    for (long i = 0; i < w.size(); ++i)
        w.data()[i] = r.uniform(-1.0f, 1.0f);
    for (long i = 0; i < b.size(); ++i)
        b.data()[i] = r.uniform(-1.0f, 1.0f);
    for (auto _ : st) {
        z.noalias() = x * w;
        z.rowwise() += b;
        benchmark::DoNotOptimize(z.data());
    }
    st.counters["GFLOP/s"] =
        benchmark::Counter(2.0 * n * in * out, benchmark::Counter::kIsIterationInvariantRate,
                           benchmark::Counter::kIs1000);
    st.counters["GFLOP/s"].value /= 1e9;
}

BENCHMARK(DenseForward_ours)->Args({64, 100, 64})->Args({64, 64, 32})->Args({256, 784, 128});
BENCHMARK(DenseForward_eigen)->Args({64, 100, 64})->Args({64, 64, 32})->Args({256, 784, 128});

static void TrainStep_seed000(benchmark::State& st) {
    Config c;
    c.input = 100;
    c.data.features = 100;
    c.encoder = {{64, Activation::relu, Init::glorot_uniform},
                 {32, Activation::relu, Init::glorot_uniform},
                 {10, Activation::relu, Init::glorot_uniform}};
    c.decoder = {{32, Activation::relu, Init::glorot_uniform},
                 {64, Activation::relu, Init::glorot_uniform},
                 {100, Activation::sigmoid, Init::glorot_uniform}};
    Model m;
    m.build(c);
    Rng r(1);
    m.init(r);
    const int n = 64;
    m.reserve(n);
    std::vector<float> x(size_t(n) * 100), g(size_t(n) * 100);
    for (auto& v : x)
        v = r.uniform();
    Optimizer opt;
    opt.reset(OptimizerConfig{}, m.num_params());
    for (auto _ : st) {
        const float* y = m.forward(x.data(), n);
        loss_forward_backward(g.data(), y, x.data(), n, 100, Loss::mse);
        m.backward(x.data(), g.data(), n);
        opt.step(m.params.data(), m.grads.data(), m.num_params());
    }
    st.counters["samples/s"] =
        benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(TrainStep_seed000);

BENCHMARK_MAIN();
