// conv_step.h: the convolutional training step both benchmarks time (bench_engine natively,
// bench_wasm in WASM): one Adam step (forward, binary cross-entropy, backward, update) of an
// example's model on random images, and the flops that step counts.
// Not here: timing (each benchmark has its own clock), the data pipeline (noise, shuffling).
#pragma once

#include "engine/train/config.h"
#include "engine/core/model.h"
#include "engine/core/ops.h"
#include "engine/core/optimizer.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ae::bench {

// Flops of one training sample of c's model: 2 rows cols oc for each of a conv layer's three
// products (forward, kernel gradient, input gradient; the first layer needs no input gradient)
// and 2 in out for a dense layer's. Pooling, activations and Adam are not counted.
inline double train_flops_per_sample(const Config& c) {
    Model m;
    m.build(c);
    double flops = 0.0;
    for (int i = 0; i < m.num_layers(); ++i) {
        const Layer& l = m.layer(i);
        const double products = i == 0 ? 2.0 : 3.0;
        if (l.type == LayerType::conv2d || l.type == LayerType::conv2d_transpose)
            flops += products * 2.0 * l.geom.rows() * l.geom.cols() * l.geom.oc;
        if (l.type == LayerType::dense) flops += products * 2.0 * l.in * l.out;
    }
    return flops;
}

// A model of the config at path, initialized, with a batch of n random images and Adam.
struct ConvStep {
    Config config;
    Model model;
    Optimizer optimizer;
    std::vector<float> x, grad;
    int n = 0;

    // False when the file cannot be read or parsed.
    bool load(const std::string& path, int batch) {
        std::ifstream f(path);
        std::stringstream text;
        text << f.rdbuf();
        if (!f || !parse_config(text.str(), &config).ok()) return false;
        n = batch;
        model.build(config);
        Rng r(1);
        model.init(r);
        model.reserve(n);
        x.resize(size_t(n) * config.input);
        grad.resize(x.size());
        for (float& v : x)
            v = r.uniform();
        optimizer.reset(OptimizerConfig{}, model.num_params());
        return true;
    }

    void run() {
        const float* y = model.forward(x.data(), n);
        loss_forward_backward(grad.data(), y, x.data(), n, config.input, Loss::binary_crossentropy);
        model.backward(x.data(), grad.data(), n);
        optimizer.step(model.params.data(), model.grads.data(), model.num_params());
    }
};

} // namespace ae::bench
