// bench_engine.cpp: native microbenchmarks (Google Benchmark), ours beside a peer in the same run.
//   Dense/<product>_<impl>/n/in/out : the three products of a dense layer (forward z = x W + b,
//       params dW += x^T dz with db, input dx = dz W^T), each as the naive loop (ops.h *_naive),
//       the SIMD kernel the engine runs (kernels.h, same bits) and Eigen's GEMM (the peer; its
//       own summation order). GFLOP/s per run, and a table of the ratios at the end.
//   Elementwise/<op>_<impl>/count   : ReLU forward and backward, Adam's update; Gvalues/s.
//   TrainStep/seed000               : one Adam step of the seed 000 model, batch 64; samples/s.
//   TrainStep_conv/seed00N          : one Adam step of a seed's convolutional model
//       (examples/seed00N_conv_denoiser.json, BCE), batch 128; samples/s and GFLOP/s (the
//       three products per conv layer, conv_step.h).
// Run: ./build/native/aeplay_bench   (filter: --benchmark_filter=Dense). Not a test.
#include "conv_step.h"
#include "engine/core/kernels.h"
#include "engine/core/model.h"
#include "engine/core/ops.h"
#include "engine/core/optimizer.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace ae;

namespace {

enum class Product { forward, params, input };
enum class Impl { naive, simd, eigen };

void fill(float* v, long count, Rng& r) {
    for (long i = 0; i < count; ++i)
        v[i] = r.uniform(-1.0f, 1.0f);
}

void set_rate(benchmark::State& st, const char* name, double per_iteration) {
    st.counters[name] =
        benchmark::Counter(per_iteration / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

// x (n, in), W (in, out), z and dz (n, out), dx (n, in); 2 n in out flops per product.
void Dense(benchmark::State& st, Product product, Impl impl) {
    const int n = int(st.range(0)), in = int(st.range(1)), out = int(st.range(2));
    Rng r(1);
    MatrixRM x(n, in), w(in, out), wt(out, in), z(n, out), dz(n, out), dw(in, out), dx(n, in);
    Eigen::RowVectorXf b(out), db(out);
    for (MatrixRM* m : {&x, &w, &dz})
        fill(m->data(), m->size(), r);
    fill(b.data(), b.size(), r);
    wt = w.transpose();
    dw.setZero(), db.setZero();
    for (auto _ : st) {
        switch (product) {
        case Product::forward:
            if (impl == Impl::naive)
                dense_forward_naive(z.data(), x.data(), w.data(), b.data(), n, in, out);
            else if (impl == Impl::simd)
                kernels::dense_forward(z.data(), x.data(), w.data(), b.data(), n, in, out);
            else {
                z.noalias() = x * w;
                z.rowwise() += b;
            }
            benchmark::DoNotOptimize(z.data());
            break;
        case Product::params:
            if (impl == Impl::naive)
                dense_backward_params_naive(dw.data(), db.data(), x.data(), dz.data(), n, in, out);
            else if (impl == Impl::simd)
                kernels::dense_backward_params(dw.data(), db.data(), x.data(), dz.data(), n, in,
                                               out);
            else {
                dw.noalias() += x.transpose() * dz;
                db += dz.colwise().sum();
            }
            benchmark::DoNotOptimize(dw.data());
            break;
        case Product::input:
            if (impl == Impl::naive)
                dense_backward_input_naive(dx.data(), dz.data(), wt.data(), n, in, out);
            else if (impl == Impl::simd)
                kernels::dense_backward_input(dx.data(), dz.data(), wt.data(), n, in, out);
            else
                dx.noalias() = dz * w.transpose();
            benchmark::DoNotOptimize(dx.data());
            break;
        }
    }
    set_rate(st, "GFLOP/s", 2.0 * n * in * out);
}

// The seed 000 model's shapes (batch 64) and a larger MNIST-sized layer.
void dense_shapes(benchmark::internal::Benchmark* b) {
    b->Args({64, 100, 64})->Args({64, 64, 32})->Args({64, 32, 10})->Args({256, 784, 128});
}

#define AE_DENSE_BENCH(product)                                                                    \
    BENCHMARK_CAPTURE(Dense, product##_naive, Product::product, Impl::naive)->Apply(dense_shapes); \
    BENCHMARK_CAPTURE(Dense, product##_simd, Product::product, Impl::simd)->Apply(dense_shapes);   \
    BENCHMARK_CAPTURE(Dense, product##_eigen, Product::product, Impl::eigen)->Apply(dense_shapes)
AE_DENSE_BENCH(forward);
AE_DENSE_BENCH(params);
AE_DENSE_BENCH(input);

enum class Op { relu_forward, relu_backward, adam };

void Elementwise(benchmark::State& st, Op op, Impl impl) {
    const long count = st.range(0);
    Rng r(2);
    std::vector<float> a(count), b(count), c(count), d(count), e(count);
    for (auto* v : {&a, &b, &c})
        fill(v->data(), count, r);
    for (float& x : c)
        x = x * x; // Adam's second moment
    for (auto _ : st) {
        const bool simd = impl == Impl::simd;
        switch (op) {
        case Op::relu_forward:
            simd ? kernels::activation_forward(d.data(), a.data(), count, Activation::relu)
                 : activation_forward_naive(d.data(), a.data(), count, Activation::relu);
            break;
        case Op::relu_backward:
            simd ? kernels::activation_backward(e.data(), b.data(), a.data(), d.data(), count,
                                                Activation::relu)
                 : activation_backward_naive(e.data(), b.data(), a.data(), d.data(), count,
                                             Activation::relu);
            break;
        case Op::adam: // p = d, m = b, v = c, g = a
            simd ? kernels::adam_update(d.data(), b.data(), c.data(), a.data(), count, 1e-3f, 0.1f,
                                        0.001f, 1e-7f)
                 : kernels::adam_update_naive(d.data(), b.data(), c.data(), a.data(), count, 1e-3f, 0.1f,
                                     0.001f, 1e-7f);
            break;
        }
        benchmark::DoNotOptimize(d.data());
        benchmark::DoNotOptimize(e.data());
    }
    set_rate(st, "Gvalues/s", double(count));
}
BENCHMARK_CAPTURE(Elementwise, relu_forward_naive, Op::relu_forward, Impl::naive)->Arg(6400);
BENCHMARK_CAPTURE(Elementwise, relu_forward_simd, Op::relu_forward, Impl::simd)->Arg(6400);
BENCHMARK_CAPTURE(Elementwise, relu_backward_naive, Op::relu_backward, Impl::naive)->Arg(6400);
BENCHMARK_CAPTURE(Elementwise, relu_backward_simd, Op::relu_backward, Impl::simd)->Arg(6400);
BENCHMARK_CAPTURE(Elementwise, adam_naive, Op::adam, Impl::naive)->Arg(17896);
BENCHMARK_CAPTURE(Elementwise, adam_simd, Op::adam, Impl::simd)->Arg(17896);

void TrainStep_seed000(benchmark::State& st) {
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

// One Adam step of examples/<name>.json's model on random images, batch 128 as in issue 5.
void TrainStep_conv(benchmark::State& st, const char* name) {
    bench::ConvStep step;
    if (!step.load(std::string(AEPLAY_SOURCE_DIR) + "/examples/" + name + ".json", 128)) {
        st.SkipWithError("cannot read the example config");
        return;
    }
    for (auto _ : st)
        step.run();
    st.counters["samples/s"] =
        benchmark::Counter(double(step.n), benchmark::Counter::kIsIterationInvariantRate);
    set_rate(st, "GFLOP/s", step.n * bench::train_flops_per_sample(step.config));
}
BENCHMARK_CAPTURE(TrainStep_conv, seed004, "seed004_conv_denoiser")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(TrainStep_conv, seed003, "seed003_conv_denoiser")->Unit(benchmark::kMillisecond);

// The console output, then one line per product and shape: SIMD against the naive loop and Eigen.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            const std::string name = run.benchmark_name(); // Dense/forward_simd/64/100/64
            const auto it = run.counters.find("GFLOP/s");
            if (name.rfind("Dense/", 0) != 0 || it == run.counters.end()) continue;
            const size_t us = name.find('_'), slash = name.find('/', us);
            const std::string key = name.substr(6, us - 6) + name.substr(slash);
            gflops_[key][name.substr(us + 1, slash - us - 1)] = it->second.value;
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\n%-28s %9s %9s %9s %12s %12s\n", "GFLOP/s (n/in/out)", "naive", "simd",
                    "eigen", "simd/naive", "simd/eigen");
        for (auto& [key, g] : gflops_)
            std::printf("%-28s %9.2f %9.2f %9.2f %11.2fx %11.2fx\n", key.c_str(), g["naive"],
                        g["simd"], g["eigen"], g["simd"] / g["naive"], g["simd"] / g["eigen"]);
    }

  private:
    std::map<std::string, std::map<std::string, double>> gflops_;
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
