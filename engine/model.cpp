// model.cpp: forward, backward and the summary of the dense autoencoder.
#include "model.h"
#include "ops.h"

#include <algorithm>
#include <cmath>

namespace ae {

void Model::build(const Config& c) {
    input_ = c.input;
    num_encoder_ = int(c.encoder.size());
    layers_.clear();
    long offset = 0;
    int prev = c.input;
    max_width_ = c.input;
    for (const auto* stack : {&c.encoder, &c.decoder})
        for (const LayerConfig& lc : *stack) {
            DenseLayer l;
            l.in = prev;
            l.out = lc.units;
            l.activation = lc.activation;
            l.kernel_initializer = lc.kernel_initializer;
            l.w_offset = offset;
            l.b_offset = offset + long(l.in) * l.out;
            offset += l.num_params();
            layers_.push_back(l);
            prev = lc.units;
            max_width_ = std::max(max_width_, prev);
        }
    params.assign(offset, 0.0f);
    grads.assign(offset, 0.0f);
    long max_w = 0;
    for (const auto& l : layers_)
        max_w = std::max(max_w, long(l.in) * l.out);
    wt_.assign(max_w, 0.0f);
    capacity_ = 0;
    z_.assign(layers_.size(), {});
    y_.assign(layers_.size(), {});
}

void Model::init(Rng& rng) {
    for (const DenseLayer& l : layers_) {
        float* w = params.data() + l.w_offset;
        const long nw = long(l.in) * l.out;
        switch (l.kernel_initializer) {
        case Init::glorot_uniform: {
            const float limit = float(std::sqrt(6.0 / double(l.in + l.out)));
            for (long i = 0; i < nw; ++i)
                w[i] = rng.uniform(-limit, limit);
            break;
        }
        case Init::he_normal: {
            // Keras: truncated normal (re-drawn beyond 2 stddev), stddev sqrt(2 / fan_in) /
            // .8796...
            const float stddev = float(std::sqrt(2.0 / double(l.in)) / 0.87962566103423978);
            for (long i = 0; i < nw; ++i) {
                float r;
                do
                    r = rng.normal();
                while (r < -2.0f || r > 2.0f);
                w[i] = r * stddev;
            }
            break;
        }
        case Init::zeros:
            std::fill(w, w + nw, 0.0f);
            break;
        }
        std::fill(params.begin() + l.b_offset, params.begin() + l.b_offset + l.out, 0.0f);
    }
}

void Model::reserve(int rows) {
    if (rows <= capacity_) return;
    capacity_ = rows;
    for (size_t i = 0; i < layers_.size(); ++i) {
        z_[i].assign(size_t(rows) * layers_[i].out, 0.0f);
        y_[i].assign(size_t(rows) * layers_[i].out, 0.0f);
    }
    dy_a_.assign(size_t(rows) * max_width_, 0.0f);
    dy_b_.assign(size_t(rows) * max_width_, 0.0f);
}

const float* Model::run(int first, int last, const float* x, int n) {
    AE_ASSERT(n <= capacity_);
    const float* in = x;
    for (int i = first; i < last; ++i) {
        const DenseLayer& l = layers_[i];
        float* z = z_[i].data();
        float* y = y_[i].data();
        dense_forward(z, in, params.data() + l.w_offset, params.data() + l.b_offset, n, l.in,
                      l.out);
        activation_forward(y, z, long(n) * l.out, l.activation);
        in = y;
    }
    return in;
}

const float* Model::forward(const float* x, int n) {
    return run(0, num_layers(), x, n);
}

void Model::backward(const float* x, const float* dout, int n) {
    AE_ASSERT(n <= capacity_);
    std::fill(grads.begin(), grads.end(), 0.0f);
    const float* dy = dout;
    for (int i = num_layers() - 1; i >= 0; --i) {
        const DenseLayer& l = layers_[i];
        float* dz = (dy == dy_a_.data()) ? dy_b_.data() : dy_a_.data();
        activation_backward(dz, dy, z_[i].data(), y_[i].data(), long(n) * l.out, l.activation);
        const float* in = i > 0 ? y_[i - 1].data() : x;
        dense_backward_params(grads.data() + l.w_offset, grads.data() + l.b_offset, in, dz, n, l.in,
                              l.out);
        if (i > 0) {
            float* dx = (dz == dy_a_.data()) ? dy_b_.data() : dy_a_.data();
            transpose(wt_.data(), params.data() + l.w_offset, l.in, l.out);
            dense_backward_input(dx, dz, wt_.data(), n, l.in, l.out);
            dy = dx;
        }
    }
}

void Model::run_chunked(int first, int last, const float* x, int n, int in_w, int out_w,
                        float* out) {
    if (capacity_ == 0) reserve(std::min(std::max(n, 1), 256));
    for (int r = 0; r < n; r += capacity_) {
        const int m = std::min(capacity_, n - r);
        const float* y = run(first, last, x + long(r) * in_w, m);
        std::copy(y, y + long(m) * out_w, out + long(r) * out_w);
    }
}

void Model::encode(const float* x, int n, float* z_out) {
    run_chunked(0, num_encoder_, x, n, input_, latent_dim(), z_out);
}
void Model::decode(const float* z, int n, float* x_out) {
    run_chunked(num_encoder_, num_layers(), z, n, latent_dim(), input_, x_out);
}
void Model::reconstruct(const float* x, int n, float* x_out) {
    run_chunked(0, num_layers(), x, n, input_, input_, x_out);
}

namespace {
std::string with_commas(long v) {
    std::string s = std::to_string(v), r;
    int c = 0;
    for (int i = int(s.size()) - 1; i >= 0; --i) {
        r.insert(r.begin(), s[i]);
        if (++c % 3 == 0 && i > 0 && s[i - 1] != '-') r.insert(r.begin(), ',');
    }
    return r;
}
std::string pad(const std::string& s, size_t w) {
    return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}
std::string lpad(const std::string& s, size_t w) {
    return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}
} // namespace

std::vector<SummaryRow> Model::summary_rows() const {
    std::vector<SummaryRow> rows;
    rows.push_back({"input (InputLayer)", "(None, " + std::to_string(input_) + ")", 0, ""});
    for (int i = 0; i < num_layers(); ++i) {
        const DenseLayer& l = layers_[i];
        const bool enc = i < num_encoder_;
        const int k = enc ? i + 1 : i - num_encoder_ + 1;
        SummaryRow r;
        r.name = std::string(enc ? "encoder_" : "decoder_") + std::to_string(k) + " (Dense)";
        r.shape = "(None, " + std::to_string(l.out) + ")";
        r.params = l.num_params();
        r.formula =
            std::to_string(l.in) + " x " + std::to_string(l.out) + " + " + std::to_string(l.out);
        rows.push_back(r);
    }
    return rows;
}

std::string Model::summary() const {
    const auto rows = summary_rows();
    std::string s = "Model: \"autoencoder\"\n";
    const std::string rule(78, '-');
    s += rule + "\n" + pad("Layer (type)", 26) + pad("Output Shape", 16) + lpad("Param #", 10) +
         "   " + "Walkthrough\n";
    s += std::string(78, '=') + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        const SummaryRow& r = rows[i];
        s += pad(r.name, 26) + pad(r.shape, 16) + lpad(with_commas(r.params), 10);
        if (!r.formula.empty()) s += "   " + r.formula + " = " + std::to_string(r.params);
        s += "\n";
        if (int(i) == num_encoder_) s += pad("  -- bottleneck --", 26) + "\n";
    }
    s += std::string(78, '=') + "\n";
    s += "Total params: " + with_commas(num_params()) + "\n";
    s += "Trainable params: " + with_commas(num_params()) + "\n";
    s += "Non-trainable params: 0\n";
    s += rule + "\n";
    const double ratio = double(input_) / double(latent_dim());
    char b[160];
    std::snprintf(b, sizeof b, "Compression ratio: %d:%d = %g:1 (encoder %d -> %d latent values)\n",
                  input_, latent_dim(), std::floor(ratio * 100 + 0.5) / 100, input_, latent_dim());
    s += b;
    return s;
}

} // namespace ae
