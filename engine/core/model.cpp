// model.cpp: layout, forward, backward and the summary of the autoencoder's layer list.
#include "engine/core/model.h"
#include "engine/core/ops.h"
#include "engine/core/shapes.h"

#include <algorithm>
#include <cmath>

namespace ae {

void Model::build(const Config& c) {
    std::vector<LayerGeom> geom;
    const Status shapes = model_geometry(c, &geom);
    AE_ASSERT(shapes.ok()); // parse_config checked them
    input_ = c.input;
    input_shape_ = input_shape_of(c);
    num_encoder_ = int(c.encoder.size());
    layers_.clear();
    long offset = 0;
    max_width_ = c.input;
    long max_kernel = 0, max_cols = 0, max_channels = 0;
    size_t gi = 0;
    for (const auto* stack : {&c.encoder, &c.decoder})
        for (const LayerConfig& lc : *stack) {
            const LayerGeom& g = geom[gi++];
            Layer l;
            l.type = lc.type;
            l.in_shape = g.in, l.out_shape = g.out;
            l.in = int(g.in.size()), l.out = int(g.out.size());
            l.activation = lc.activation;
            l.kernel_initializer = lc.kernel_initializer;
            l.size[0] = lc.size[0], l.size[1] = lc.size[1];
            std::copy(lc.cropping, lc.cropping + 4, l.cropping);
            l.rate = lc.rate;
            l.l1 = lc.l1, l.l2 = lc.l2;
            const int* k = lc.type == LayerType::max_pooling2d ? lc.pool_size : lc.kernel_size;
            if (lc.type == LayerType::conv2d || lc.type == LayerType::max_pooling2d)
                l.geom = {g.in.h, g.in.w, g.in.c,        g.out.h,       g.out.w,   g.out.c,
                          k[0],   k[1],   lc.strides[0], lc.strides[1], g.pad_top, g.pad_left};
            if (lc.type == LayerType::conv2d_transpose) // the conv2d from out back to in
                l.geom = {g.out.h, g.out.w, g.out.c,       g.in.h,        g.in.w,    g.in.c,
                          k[0],    k[1],    lc.strides[0], lc.strides[1], g.pad_top, g.pad_left};
            if (lc.type == LayerType::dense) l.fan_in = l.in, l.fan_out = l.out;
            if (lc.type == LayerType::conv2d || lc.type == LayerType::conv2d_transpose) {
                // Keras: receptive field times the kernel's input / output axis.
                l.fan_in = k[0] * k[1] * l.geom.ic;
                l.fan_out = k[0] * k[1] * l.geom.oc;
                max_cols = std::max(max_cols, long(l.geom.rows()) * l.geom.cols());
                max_channels = std::max<long>(max_channels, l.geom.oc);
            }
            l.kernel_size = g.kernel, l.bias_size = g.bias;
            l.w_offset = offset;
            l.b_offset = offset + g.kernel;
            offset += l.num_params();
            max_kernel = std::max(max_kernel, g.kernel);
            max_width_ = std::max(max_width_, l.out);
            layers_.push_back(l);
        }
    vae_ = c.variational.on;
    beta_ = c.variational.beta;
    if (vae_) { // the z_log_var head: the z_mean head's twin, its params after the decoder's
        const Layer& head = layers_[num_encoder_ - 1];
        lv_in_ = head.in;
        lv_w_ = offset;
        lv_b_ = offset + head.kernel_size;
        offset += head.num_params();
    }
    params.assign(offset, 0.0f);
    grads.assign(offset, 0.0f);
    wt_.assign(max_kernel, 0.0f);
    cols_.assign(max_cols, 0.0f);
    sink_.assign(max_channels, 0.0f);
    zeros_.assign(max_channels, 0.0f);
    dropout_rng_.reseed(c.seed, kStreamDropout);
    sampling_rng_.reseed(c.seed, kStreamSampling);
    capacity_ = 0;
    z_.assign(layers_.size(), {});
    y_.assign(layers_.size(), {});
    mask_.assign(layers_.size(), {});
    arg_.assign(layers_.size(), {});
    outs_.assign(layers_.size(), nullptr);
}

void Model::init(Rng& rng) {
    for (const Layer& l : layers_) {
        if (l.num_params() == 0) continue;
        float* w = params.data() + l.w_offset;
        const long nw = l.kernel_size;
        switch (l.kernel_initializer) {
        case Init::glorot_uniform: {
            const float limit = float(std::sqrt(6.0 / double(l.fan_in + l.fan_out)));
            for (long i = 0; i < nw; ++i)
                w[i] = rng.uniform(-limit, limit);
            break;
        }
        case Init::he_normal: {
            // Keras: truncated normal (re-drawn beyond 2 stddev), stddev sqrt(2 / fan_in) /
            // .8796...
            const float stddev = float(std::sqrt(2.0 / double(l.fan_in)) / 0.87962566103423978);
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
        std::fill(params.begin() + l.b_offset, params.begin() + l.b_offset + l.bias_size, 0.0f);
    }
    if (vae_) { // Keras' Dense default: glorot_uniform, drawn after every layer's
        const Layer& head = layers_[num_encoder_ - 1];
        const float limit = float(std::sqrt(6.0 / double(head.in + head.out)));
        for (long i = 0; i < head.kernel_size; ++i)
            params[lv_w_ + i] = rng.uniform(-limit, limit);
        std::fill(params.begin() + lv_b_, params.begin() + lv_b_ + head.bias_size, 0.0f);
    }
}

void Model::reserve(int rows) {
    if (rows <= capacity_) return;
    capacity_ = rows;
    for (size_t i = 0; i < layers_.size(); ++i) {
        const Layer& l = layers_[i];
        const size_t values = size_t(rows) * l.out;
        const bool alias = l.type == LayerType::flatten || l.type == LayerType::reshape;
        z_[i].assign(l.has_activation() ? values : 0, 0.0f);
        y_[i].assign(alias ? 0 : values, 0.0f);
        mask_[i].assign(l.type == LayerType::dropout ? values : 0, 0.0f);
        arg_[i].assign(l.type == LayerType::max_pooling2d ? values : 0, 0);
    }
    dy_a_.assign(size_t(rows) * max_width_, 0.0f);
    dy_b_.assign(size_t(rows) * max_width_, 0.0f);
    const size_t latent = vae_ ? size_t(rows) * latent_dim() : 0;
    for (std::vector<float>* v : {&lv_, &sd_, &eps_, &zs_, &dmu_, &dlv_})
        v->assign(latent, 0.0f);
    dh_.assign(vae_ ? size_t(rows) * lv_in_ : 0, 0.0f);
}

const float* Model::run(int first, int last, const float* x, int n, bool training) {
    AE_ASSERT(n <= capacity_);
    penalty_ = 0.0;
    if (first == 0) kl_ = 0.0;
    const float* in = x;
    for (int i = first; i < last; ++i) {
        const Layer& l = layers_[i];
        const float* layer_in = in;
        const float* w = params.data() + l.w_offset;
        const float* b = params.data() + l.b_offset;
        float* z = z_[i].data();
        float* y = y_[i].data();
        const long count = long(n) * l.out;
        switch (l.type) {
        case LayerType::dense:
            dense_forward(z, in, w, b, n, l.in, l.out);
            break;
        case LayerType::conv2d:
            conv2d_forward(z, in, w, b, n, l.geom, cols_.data());
            break;
        case LayerType::conv2d_transpose:
            transpose(wt_.data(), w, l.geom.cols(), l.geom.oc);
            conv2d_transpose_forward(z, in, wt_.data(), b, n, l.geom, cols_.data());
            break;
        case LayerType::max_pooling2d:
            max_pool_forward(y, arg_[i].data(), in, n, l.geom);
            break;
        case LayerType::up_sampling2d:
            upsample_forward(y, in, n, l.in_shape.h, l.in_shape.w, l.in_shape.c, l.size[0],
                             l.size[1]);
            break;
        case LayerType::cropping2d:
            crop_forward(y, in, n, l.in_shape.h, l.in_shape.w, l.in_shape.c, l.cropping[0],
                         l.cropping[1], l.cropping[2], l.cropping[3]);
            break;
        case LayerType::flatten:
        case LayerType::reshape:
            y = const_cast<float*>(in); // the same values, read as another shape
            break;
        case LayerType::dropout:
            if (training && l.rate > 0) {
                // Inverted dropout: kept values are scaled by 1 / (1 - rate).
                float* mask = mask_[i].data();
                const float keep = float(1.0 / (1.0 - l.rate)), rate = float(l.rate);
                for (long k = 0; k < count; ++k)
                    mask[k] = dropout_rng_.uniform() < rate ? 0.0f : keep;
                mask_multiply(y, in, mask, count);
            } else {
                std::copy(in, in + count, y);
            }
            break;
        }
        if (l.has_activation()) activation_forward(y, z, count, l.activation);
        if (l.l1 > 0 || l.l2 > 0) penalty_ += ae::activity_penalty(y, n, l.out, l.l1, l.l2);
        outs_[i] = y;
        in = y;
        if (vae_ && i == num_encoder_ - 1) in = bottleneck(layer_in, y, n, training);
    }
    return in;
}

const float* Model::bottleneck(const float* h, const float* mu, int n, bool training) {
    const int latent = latent_dim();
    const long count = long(n) * latent;
    dense_forward(lv_.data(), h, params.data() + lv_w_, params.data() + lv_b_, n, lv_in_, latent);
    double sum = 0.0; // KL = -0.5 sum_j (1 + log_var_j - mu_j^2 - exp(log_var_j)), batch mean
    for (long k = 0; k < count; ++k) {
        const double lv = lv_[k], m = mu[k];
        sum += 1.0 + lv - m * m - fm::exp_d(lv);
    }
    kl_ = -0.5 * sum / double(n);
    if (!training) return mu;
    for (long k = 0; k < count; ++k) {
        sd_[k] = fm::exp(0.5f * lv_[k]);
        eps_[k] = sampling_rng_.normal();
        zs_[k] = mu[k] + sd_[k] * eps_[k];
    }
    return zs_.data();
}

void Model::bottleneck_backward(const float* h, const float* dz, int n, bool need_dh) {
    const int latent = latent_dim();
    const long count = long(n) * latent;
    const float* mu = outs_[num_encoder_ - 1];
    const double scale = beta_ / double(n); // d(beta * KL) / d(mu, log_var), batch mean
    for (long k = 0; k < count; ++k) {
        // z = mu + exp(0.5 log_var) eps: dz/dmu = 1, dz/dlog_var = 0.5 eps exp(0.5 log_var).
        dmu_[k] = dz[k] + float(scale * double(mu[k]));
        dlv_[k] = dz[k] * 0.5f * eps_[k] * sd_[k] +
                  float(scale * 0.5 * (fm::exp_d(double(lv_[k])) - 1.0));
    }
    dense_backward_params(grads.data() + lv_w_, grads.data() + lv_b_, h, dlv_.data(), n, lv_in_,
                          latent);
    if (need_dh) {
        transpose(wt_.data(), params.data() + lv_w_, lv_in_, latent);
        dense_backward_input(dh_.data(), dlv_.data(), wt_.data(), n, lv_in_, latent);
    }
}

const float* Model::forward(const float* x, int n) {
    return run(0, num_layers(), x, n, true);
}

const float* Model::predict(const float* x, int n) {
    return run(0, num_layers(), x, n, false);
}

void Model::backward(const float* x, const float* dout, int n) {
    AE_ASSERT(n <= capacity_);
    std::fill(grads.begin(), grads.end(), 0.0f);
    const float* dy = dout; // dL/d(output of layer i)
    for (int i = num_layers() - 1; i >= 0; --i) {
        const Layer& l = layers_[i];
        const bool sampled = vae_ && i == num_encoder_; // the decoder reads z, not z_mean
        const float* in = sampled ? zs_.data() : i > 0 ? outs_[i - 1] : x;
        const float* w = params.data() + l.w_offset;
        float* dw = grads.data() + l.w_offset;
        float* db = grads.data() + l.b_offset;
        const long count = long(n) * l.out;
        if (l.l1 > 0 || l.l2 > 0) {
            float* dr = other(dy);
            activity_penalty_backward(dr, dy, outs_[i], n, l.out, l.l1, l.l2);
            dy = dr;
        }
        const float* dz = dy;
        if (l.has_activation()) {
            float* d = other(dy);
            activation_backward(d, dy, z_[i].data(), y_[i].data(), count, l.activation);
            dz = d;
        }
        float* dx = other(dz);
        const bool need_dx = i > 0;
        switch (l.type) {
        case LayerType::dense:
            dense_backward_params(dw, db, in, dz, n, l.in, l.out);
            if (need_dx) {
                transpose(wt_.data(), w, l.in, l.out);
                dense_backward_input(dx, dz, wt_.data(), n, l.in, l.out);
            }
            break;
        case LayerType::conv2d:
            conv2d_backward_params(dw, db, in, dz, n, l.geom, cols_.data());
            if (need_dx) {
                transpose(wt_.data(), w, l.geom.cols(), l.geom.oc);
                conv2d_backward_input(dx, dz, wt_.data(), n, l.geom, cols_.data());
            }
            break;
        case LayerType::conv2d_transpose:
            conv2d_transpose_backward_params(dw, db, in, dz, n, l.geom, cols_.data(), sink_.data());
            if (need_dx)
                conv2d_transpose_backward_input(dx, dz, w, n, l.geom, cols_.data(), zeros_.data());
            break;
        case LayerType::max_pooling2d:
            if (need_dx) max_pool_backward(dx, dz, arg_[i].data(), n, l.geom);
            break;
        case LayerType::up_sampling2d:
            if (need_dx)
                upsample_backward(dx, dz, n, l.in_shape.h, l.in_shape.w, l.in_shape.c, l.size[0],
                                  l.size[1]);
            break;
        case LayerType::cropping2d:
            if (need_dx)
                crop_backward(dx, dz, n, l.in_shape.h, l.in_shape.w, l.in_shape.c, l.cropping[0],
                              l.cropping[1], l.cropping[2], l.cropping[3]);
            break;
        case LayerType::flatten:
        case LayerType::reshape:
            dx = const_cast<float*>(dz); // the same gradient, read as the input's shape
            break;
        case LayerType::dropout:
            if (need_dx) {
                if (l.rate > 0)
                    mask_multiply(dx, dz, mask_[i].data(), count);
                else
                    std::copy(dz, dz + count, dx);
            }
            break;
        }
        if (vae_ && i == num_encoder_) { // dx = dL/dz: through the sampling to both heads
            const int head = num_encoder_ - 1;
            bottleneck_backward(head > 0 ? outs_[head - 1] : x, dx, n, head > 0);
            dx = dmu_.data();
        }
        if (vae_ && i == num_encoder_ - 1 && need_dx) // plus the z_log_var head's share
            for (long k = 0; k < long(n) * l.in; ++k)
                dx[k] += dh_[k];
        dy = dx;
    }
}

void Model::run_chunked(int first, int last, const float* x, int n, int in_w, int out_w,
                        float* out) {
    if (capacity_ == 0) reserve(std::min(std::max(n, 1), 256));
    for (int r = 0; r < n; r += capacity_) {
        const int m = std::min(capacity_, n - r);
        const float* y = run(first, last, x + long(r) * in_w, m, false);
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

void Model::encode_stats(const float* x, int n, float* mu, float* log_var) {
    AE_ASSERT(vae_);
    if (capacity_ == 0) reserve(std::min(std::max(n, 1), 256));
    const int latent = latent_dim();
    for (int r = 0; r < n; r += capacity_) {
        const int m = std::min(capacity_, n - r);
        const float* z = run(0, num_encoder_, x + long(r) * input_, m, false);
        std::copy(z, z + long(m) * latent, mu + long(r) * latent);
        std::copy(lv_.begin(), lv_.begin() + long(m) * latent, log_var + long(r) * latent);
    }
}

std::vector<double> Model::kl_per_dim(const float* x, int n) {
    const int latent = latent_dim();
    std::vector<float> mu(size_t(n) * latent), lv(size_t(n) * latent);
    encode_stats(x, n, mu.data(), lv.data());
    std::vector<double> kl(latent, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < latent; ++j) {
            const double m = mu[size_t(i) * latent + j], v = lv[size_t(i) * latent + j];
            kl[j] += -0.5 * (1.0 + v - m * m - fm::exp_d(v));
        }
    for (double& k : kl)
        k = n ? k / n : 0.0;
    return kl;
}

void Model::get_rng_state(uint32_t dropout[6], uint32_t sampling[6]) const {
    dropout_rng_.get_state(dropout);
    sampling_rng_.get_state(sampling);
}
void Model::set_rng_state(const uint32_t dropout[6], const uint32_t sampling[6]) {
    dropout_rng_.set_state(dropout);
    sampling_rng_.set_state(sampling);
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
    // Keras' class names, in LayerType order.
    static const char* const kKerasNames[9] = {"Dense",        "Conv2D",       "Conv2DTranspose",
                                               "MaxPooling2D", "UpSampling2D", "Cropping2D",
                                               "Flatten",      "Reshape",      "Dropout"};
    std::vector<SummaryRow> rows;
    rows.push_back({"input (InputLayer)", input_shape_.keras(), 0, ""});
    for (int i = 0; i < num_layers(); ++i) {
        const Layer& l = layers_[i];
        const bool enc = i < num_encoder_;
        const int k = enc ? i + 1 : i - num_encoder_ + 1;
        SummaryRow r;
        r.name = std::string(enc ? "encoder_" : "decoder_") + std::to_string(k) + " (" +
                 kKerasNames[int(l.type)] + ")";
        r.shape = l.out_shape.keras();
        r.params = l.num_params();
        const auto n = [](long v) { return std::to_string(v); };
        const ConvGeom& g = l.geom;
        if (l.type == LayerType::dense) r.formula = n(l.in) + " x " + n(l.out) + " + " + n(l.out);
        if (l.type == LayerType::conv2d) // kernel (kh, kw, cin, filters)
            r.formula =
                n(g.kh) + " x " + n(g.kw) + " x " + n(g.ic) + " x " + n(g.oc) + " + " + n(g.oc);
        if (l.type == LayerType::conv2d_transpose) // kernel (kh, kw, filters, cin)
            r.formula =
                n(g.kh) + " x " + n(g.kw) + " x " + n(g.ic) + " x " + n(g.oc) + " + " + n(g.ic);
        if (vae_ && i == num_encoder_ - 1) { // Keras' VAE example's names
            r.name = "z_mean (Dense)";
            rows.push_back(r);
            r.name = "z_log_var (Dense)";
            rows.push_back(r);
            rows.push_back({"sampling (Sampling)", r.shape, 0, ""});
            continue;
        }
        rows.push_back(r);
    }
    return rows;
}

std::string Model::summary() const {
    const auto rows = summary_rows();
    std::string s = "Model: \"autoencoder\"\n";
    const std::string rule(78, '-');
    size_t name_w = 26, shape_w = 16; // wider for image shapes and long type names
    for (const SummaryRow& r : rows)
        name_w = std::max(name_w, r.name.size() + 2),
        shape_w = std::max(shape_w, r.shape.size() + 2);
    s += rule + "\n" + pad("Layer (type)", name_w) + pad("Output Shape", shape_w) +
         lpad("Param #", 10) + "   " + "Walkthrough\n";
    s += std::string(78, '=') + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        const SummaryRow& r = rows[i];
        s += pad(r.name, name_w) + pad(r.shape, shape_w) + lpad(with_commas(r.params), 10);
        if (!r.formula.empty()) s += "   " + r.formula + " = " + std::to_string(r.params);
        s += "\n";
        if (int(i) == bottleneck_row()) s += pad("  -- bottleneck --", 26) + "\n";
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
