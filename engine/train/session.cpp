// session.cpp: the training loop, sliced into batches.
#include "engine/train/session.h"
#include "engine/core/ops.h"

#include <algorithm>
#include <cmath>

namespace ae {

Status Session::create(const Config& c, Dataset data, std::unique_ptr<Session>* out) {
    if (data.features() != c.input)
        return Status::Error(
            "model.input: " + std::to_string(c.input) + " does not match the data's " +
            std::to_string(data.features()) + " features" +
            (c.data.name == "csv" ? " (the numeric columns of " + c.data.path +
                                        " but the label column); set model.input and the last "
                                        "decoder layer's units to " +
                                        std::to_string(data.features())
                                  : std::string()));
    const int n = data.samples();
    // Keras: split_at = int(n * (1 - validation_split)); validation = samples[split_at:].
    int n_train = int(std::floor(double(n) * (1.0 - c.train.validation_split)));
    if (n_train < 1 || (c.train.validation_split > 0 && n_train == n))
        return Status::Error("train.validation_split: " + std::to_string(c.train.validation_split) +
                             " of " + std::to_string(n) + " samples leaves " +
                             (n_train < 1 ? "no training" : "no validation") + " samples");
    // normal_classes: the training split keeps those classes only; anomaly = any other class.
    std::vector<int> keep(n_train, 1);
    std::vector<int> anomaly = data.anomaly;
    const std::vector<int>& normal = c.data.normal_classes;
    if (!normal.empty()) {
        const int classes = int(data.class_names.size());
        for (size_t i = 0; i < normal.size(); ++i)
            if (normal[i] >= classes)
                return Status::Error("data.normal_classes[" + std::to_string(i) + "]: class " +
                                     std::to_string(normal[i]) + ", but the labels have " +
                                     std::to_string(classes) + " classes (0 to " +
                                     std::to_string(classes - 1) + ")");
        anomaly.assign(n, 0);
        for (int i = 0; i < n; ++i)
            anomaly[i] = std::find(normal.begin(), normal.end(), data.labels[i]) == normal.end();
        int kept = 0;
        for (int i = 0; i < n_train; ++i)
            kept += keep[i] = !anomaly[i];
        if (kept == 0)
            return Status::Error("data.normal_classes: none of the " + std::to_string(n_train) +
                                 " training samples is of these classes; nothing to train on");
    }
    std::unique_ptr<Session> ss(new Session());
    Session& S = *ss;
    S.config_ = c;
    auto data_ptr = std::make_shared<Data>();
    Data& D = *data_ptr;
    std::vector<int> rows_train;
    for (int i = 0; i < n_train; ++i)
        if (keep[i]) rows_train.push_back(i);
    // The rows are copied by kernels::copy, not by Eigen assignments inlined here: a loop over
    // every value of the data in this function (called once per experiment) made it hot enough
    // for V8 to compile all 12 KB of it again with its optimizing compiler, on the page's
    // first frame, for a call that had already returned.
    const long d = data.features();
    D.x_train.resize(long(rows_train.size()), d);
    for (size_t r = 0; r < rows_train.size(); ++r)
        kernels::copy(D.x_train.data() + long(r) * d, data.x.data() + long(rows_train[r]) * d, d);
    D.x_val.resize(n - n_train, d);
    kernels::copy(D.x_val.data(), data.x.data() + long(n_train) * d, D.x_val.size());
    if (!data.labels.empty()) {
        for (int i : rows_train)
            D.labels_train.push_back(data.labels[i]);
        D.labels_val.assign(data.labels.begin() + n_train, data.labels.end());
    }
    if (!anomaly.empty()) {
        for (int i : rows_train)
            D.anomaly_train.push_back(anomaly[i]);
        D.anomaly_val.assign(anomaly.begin() + n_train, anomaly.end());
    }
    n_train = int(rows_train.size());
    D.class_names = data.class_names;
    D.image_hwc[0] = data.height, D.image_hwc[1] = data.width, D.image_hwc[2] = data.channels;
    D.scaler.fit(c.data.scaling, D.x_train);
    D.scaler.transform(D.x_train);
    D.scaler.transform(D.x_val);
    const NoiseConfig& nc = c.train.noise;
    if (nc.type != NoiseType::none) {
        D.noisy = true;
        Rng rng_noise(c.seed, kStreamNoise);
        D.x_train_noisy = D.x_train;
        D.x_val_noisy = D.x_val;
        for (MatrixRM* m : {&D.x_train_noisy, &D.x_val_noisy}) {
            if (nc.type == NoiseType::gaussian)
                add_gaussian_noise(*m, nc.factor, nc.clip, 0.0, 1.0, rng_noise);
            else
                add_masking_noise(*m, nc.fraction, rng_noise);
        }
    }

    S.data_ = std::move(data_ptr);

    S.model_.build(c);
    Rng rng_init(c.seed, kStreamInit);
    S.model_.init(rng_init);
    const int batch = std::min(c.train.batch_size, n_train);
    S.model_.reserve(std::max(batch, 1));
    std::vector<long> tensors; // kernel, bias of each layer: clipnorm clips each on its own
    for (int i = 0; i < S.model_.num_layers(); ++i) {
        const Layer& l = S.model_.layer(i);
        if (l.num_params() == 0) continue;
        tensors.push_back(l.kernel_size);
        tensors.push_back(l.bias_size);
    }
    if (c.variational.on) { // the z_log_var head, the z_mean head's twin
        const Layer& head = S.model_.layer(S.model_.num_encoder_layers() - 1);
        tensors.push_back(head.kernel_size);
        tensors.push_back(head.bias_size);
    }
    S.optimizer_.reset(c.train.optimizer, S.model_.num_params(), tensors);
    S.rng_shuffle_.reseed(c.seed, kStreamShuffle);

    S.order_.resize(n_train);
    S.batch_x_.assign(size_t(batch) * c.input, 0.0f);
    S.batch_target_.assign(size_t(batch) * c.input, 0.0f);
    S.batch_grad_.assign(size_t(batch) * c.input, 0.0f);
    S.epoch_start_params_ = S.model_.params;
    S.progress_.epochs = c.train.epochs;
    S.progress_.batches_per_epoch = (n_train + c.train.batch_size - 1) / c.train.batch_size;
    S.start_epoch();
    *out = std::move(ss);
    return Status::Ok();
}

void Session::start_epoch() {
    for (int i = 0; i < int(order_.size()); ++i)
        order_[i] = i;
    if (config_.train.shuffle) rng_shuffle_.shuffle(order_.data(), int(order_.size()));
    progress_.batch = 0;
    progress_.epoch_loss = 0.0;
    epoch_loss_sum_ = 0.0;
    epoch_kl_sum_ = epoch_recon_sum_ = 0.0;
    epoch_samples_ = 0;
    std::copy(model_.params.begin(), model_.params.end(), epoch_start_params_.begin());
}

void Session::finish_epoch() {
    history_.loss.push_back(epoch_loss_sum_ / double(epoch_samples_));
    if (model_.variational()) {
        history_.kl.push_back(epoch_kl_sum_ / double(epoch_samples_));
        history_.reconstruction.push_back(epoch_recon_sum_ / double(epoch_samples_));
    }
    if (x_val().rows() > 0) {
        const LossParts v = evaluate_parts(x_val_input(), x_val());
        history_.val_loss.push_back(v.total);
        if (model_.variational()) {
            history_.val_kl.push_back(v.kl);
            history_.val_reconstruction.push_back(v.reconstruction);
        }
    }
    ++progress_.epoch;
    if (progress_.epoch >= progress_.epochs)
        progress_.done = true;
    else
        start_epoch();
}

int Session::train_batches(int n) {
    int ran = 0;
    const int d = config_.input;
    const int bs = config_.train.batch_size;
    const int n_train = int(order_.size());
    while (ran < n && !progress_.done) {
        const int first = progress_.batch * bs;
        const int m = std::min(bs, n_train - first);
        const MatrixRM& input = x_train_input();
        const MatrixRM& target = x_train();
        const bool denoising = &input != &target; // else the batch is its own target
        for (int r = 0; r < m; ++r) {
            const long row = long(order_[first + r]) * d;
            kernels::copy(batch_x_.data() + long(r) * d, input.data() + row, d);
            if (denoising)
                kernels::copy(batch_target_.data() + long(r) * d, target.data() + row, d);
        }
        const float* batch_target = denoising ? batch_target_.data() : batch_x_.data();
        const float* pred = model_.forward(batch_x_.data(), m);
        const bool vae = model_.variational(); // reconstruction summed over a sample's values
        const double recon = loss_forward_backward(batch_grad_.data(), pred, batch_target, m, d,
                                                   config_.train.loss, vae ? double(d) : 1.0);
        const double loss = vae ? recon + model_.beta() * model_.kl() + model_.activity_penalty()
                                : recon + model_.activity_penalty();
        if (!std::isfinite(loss)) {
            std::copy(epoch_start_params_.begin(), epoch_start_params_.end(),
                      model_.params.begin());
            char b[256];
            std::snprintf(b, sizeof b,
                          "loss became %s at epoch %d, batch %d; the weights of the start of epoch "
                          "%d were restored. "
                          "learning_rate %g is likely too high (or clip the gradients: "
                          "train.optimizer.clipnorm)",
                          std::isnan(loss) ? "NaN" : "infinite", progress_.epoch + 1,
                          progress_.batch + 1, progress_.epoch + 1,
                          config_.train.optimizer.learning_rate);
            error_ = b;
            progress_.done = true;
            break;
        }
        model_.backward(batch_x_.data(), batch_grad_.data(), m);
        optimizer_.step(model_.params.data(), model_.grads.data(), model_.num_params());
        if (!kernels::all_finite(model_.params.data(), model_.num_params())) {
            // A finite loss can still blow the weights up (an infinite gradient, a huge step).
            std::copy(epoch_start_params_.begin(), epoch_start_params_.end(),
                      model_.params.begin());
            char b[320];
            std::snprintf(b, sizeof b,
                          "the weights became NaN or infinite at epoch %d, batch %d (gradient norm "
                          "%.3g); the weights of the start of epoch %d were restored. "
                          "learning_rate %g is likely too high, or clip the gradients "
                          "(train.optimizer.clipnorm)",
                          progress_.epoch + 1, progress_.batch + 1, optimizer_.last_gradient_norm(),
                          progress_.epoch + 1, config_.train.optimizer.learning_rate);
            error_ = b;
            progress_.done = true;
            break;
        }
        epoch_loss_sum_ += loss * m;
        epoch_kl_sum_ += model_.kl() * m;
        epoch_recon_sum_ += recon * m;
        epoch_samples_ += m;
        progress_.samples_seen += m;
        progress_.epoch_loss = epoch_loss_sum_ / double(epoch_samples_);
        ++progress_.batch;
        ++ran;
        if (progress_.batch == progress_.batches_per_epoch) finish_epoch();
    }
    return ran;
}

void Session::set_epochs(int epochs) {
    config_.train.epochs = epochs;
    progress_.epochs = epochs;
    const bool was_done = progress_.done;
    progress_.done = error_.empty() ? progress_.epoch >= epochs : true;
    if (was_done && !progress_.done) start_epoch();
}

int Session::train_epoch() {
    if (progress_.done) return 0;
    return train_batches(progress_.batches_per_epoch - progress_.batch);
}

double Session::evaluate_loss(const MatrixRM& x) {
    return evaluate_loss(x, x);
}

double Session::evaluate_loss(const MatrixRM& input, const MatrixRM& target) {
    return evaluate_parts(input, target).total;
}

LossParts Session::evaluate_parts(const MatrixRM& input, const MatrixRM& target) {
    const int d = config_.input, n = int(input.rows()), cap = model_.capacity();
    const bool vae = model_.variational();
    double sum = 0.0, kl = 0.0, recon_sum = 0.0;
    for (int r = 0; r < n; r += cap) {
        const int m = std::min(cap, n - r);
        const float* pred = model_.predict(input.data() + long(r) * d, m);
        const double recon =
            loss_forward_backward<float>(nullptr, pred, target.data() + long(r) * d, m, d,
                                         config_.train.loss, vae ? double(d) : 1.0);
        sum += (vae ? recon + model_.beta() * model_.kl() + model_.activity_penalty()
                    : recon + model_.activity_penalty()) *
               double(m);
        kl += model_.kl() * double(m);
        recon_sum += recon * double(m);
    }
    LossParts p;
    if (n) p.total = sum / n, p.kl = kl / n, p.reconstruction = recon_sum / n;
    return p;
}

std::vector<double> Session::kl_per_dim() {
    if (!model_.variational()) return {};
    const MatrixRM& x = x_val().rows() > 0 ? x_val_input() : x_train_input();
    return model_.kl_per_dim(x.data(), int(x.rows()));
}

Metrics Session::evaluate_metrics(const MatrixRM& x) {
    const int d = config_.input, n = int(x.rows()), cap = model_.capacity();
    double se = 0.0, ae = 0.0;
    for (int r = 0; r < n; r += cap) {
        const int m = std::min(cap, n - r);
        const float* xs = x.data() + long(r) * d;
        const float* pred = model_.predict(xs, m);
        for (long i = 0; i < long(m) * d; ++i) {
            const double e = double(pred[i]) - double(xs[i]);
            se += e * e;
            ae += std::fabs(e);
        }
    }
    Metrics mt;
    const double cnt = double(n) * d;
    if (cnt > 0) {
        mt.mse = se / cnt;
        mt.rmse = std::sqrt(mt.mse);
        mt.mae = ae / cnt;
    }
    return mt;
}

std::unique_ptr<Session> Session::make_view() const {
    return std::unique_ptr<Session>(new Session(*this));
}

void Session::save_state(TrainingState* out) const {
    out->params.assign(model_.params.begin(), model_.params.end()); // no allocation once sized
    out->history = history_;
    out->progress = progress_;
    out->error = error_;
    out->learning_rate = config_.train.optimizer.learning_rate;
}

void Session::load_state(const TrainingState& s) {
    AE_ASSERT(s.params.size() == model_.params.size());
    std::copy(s.params.begin(), s.params.end(), model_.params.begin());
    history_ = s.history;
    progress_ = s.progress;
    error_ = s.error;
    config_.train.optimizer.learning_rate = s.learning_rate;
    config_.train.epochs = s.progress.epochs;
}

void Session::restore_trained(const std::vector<float>& params, const History& history) {
    AE_ASSERT(params.size() == model_.params.size() && progress_.epoch == 0);
    std::copy(params.begin(), params.end(), model_.params.begin());
    history_ = history;
    const int epochs = int(history.loss.size());
    if (epochs > progress_.epochs) set_epochs(epochs);
    progress_.epoch = epochs;
    progress_.samples_seen = long(epochs) * long(order_.size());
    progress_.done = epochs >= progress_.epochs;
    start_epoch();
}

} // namespace ae
