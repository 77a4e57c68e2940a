// probe.cpp: the softmax probe with cross-validation, and sensitivity. See probe.h.
#include "engine/analysis/probe.h"

#include "engine/core/fmath.h"
#include "engine/core/model.h"
#include "engine/core/rng.h"

#include <algorithm>
#include <cmath>

namespace ae {

double softmax_loss(const SoftmaxModel& m, const double* x, const int* labels, int n, double l2,
                    SoftmaxModel* grad) {
    const int d = m.features, c = m.classes;
    if (grad) {
        grad->features = d;
        grad->classes = c;
        grad->w.assign(size_t(d) * c, 0.0);
        grad->b.assign(c, 0.0);
    }
    std::vector<double> logits(c);
    double loss = 0.0;
    for (int i = 0; i < n; ++i) {
        const double* xi = x + long(i) * d;
        for (int k = 0; k < c; ++k)
            logits[k] = m.b[k];
        for (int j = 0; j < d; ++j)
            for (int k = 0; k < c; ++k)
                logits[k] += xi[j] * m.w[size_t(j) * c + k];
        double top = logits[0];
        for (int k = 1; k < c; ++k)
            top = std::max(top, logits[k]);
        const double zy = logits[labels[i]] - top;
        double sum = 0.0;
        for (int k = 0; k < c; ++k) {
            logits[k] = fm::exp_d(logits[k] - top); // unnormalized probabilities from here on
            sum += logits[k];
        }
        loss += fm::log_d(sum) - zy; // -log p_y
        if (!grad) continue;
        for (int k = 0; k < c; ++k) { // dL_i/dlogit_k = p_k - [k == y_i], averaged over n
            const double g = (logits[k] / sum - (k == labels[i] ? 1.0 : 0.0)) / n;
            grad->b[k] += g;
            logits[k] = g;
        }
        for (int j = 0; j < d; ++j)
            for (int k = 0; k < c; ++k)
                grad->w[size_t(j) * c + k] += xi[j] * logits[k];
    }
    loss = n ? loss / n : 0.0;
    double ww = 0.0;
    for (size_t t = 0; t < m.w.size(); ++t) {
        ww += m.w[t] * m.w[t];
        if (grad) grad->w[t] += l2 * m.w[t];
    }
    return loss + 0.5 * l2 * ww;
}

namespace {
// Largest eigenvalue of [x 1]^T [x 1] / n (power iteration, 50 steps from the all-ones vector):
// the softmax loss is L-smooth with L <= lambda / 2 + l2 (the log-sum-exp Hessian is <= I / 2).
double gram_top_eigenvalue(const double* x, int n, int d) {
    std::vector<double> v(d + 1, 1.0 / std::sqrt(double(d + 1))), av(d + 1);
    double lambda = 1.0;
    for (int it = 0; it < 50; ++it) {
        std::fill(av.begin(), av.end(), 0.0);
        for (int i = 0; i < n; ++i) {
            const double* xi = x + long(i) * d;
            double s = v[d];
            for (int j = 0; j < d; ++j)
                s += xi[j] * v[j];
            for (int j = 0; j < d; ++j)
                av[j] += xi[j] * s;
            av[d] += s;
        }
        double norm = 0.0;
        for (double a : av)
            norm += a * a;
        norm = std::sqrt(norm);
        if (norm == 0.0) break;
        lambda = norm / n;
        for (int j = 0; j <= d; ++j)
            v[j] = av[j] / norm;
    }
    return lambda;
}
} // namespace

void SoftmaxTrainer::begin(const double* x, const int* labels, int n, int d, int classes,
                           const ProbeOptions& o) {
    x_ = x, labels_ = labels, n_ = n, l2_ = o.l2, k_ = 0;
    m = SoftmaxModel{d, classes, std::vector<double>(size_t(d) * classes, 0.0),
                     std::vector<double>(classes, 0.0)};
    y_ = m;
    step_ = 1.0 / (0.5 * gram_top_eigenvalue(x, n, d) + o.l2);
}

// Nesterov's accelerated gradient with a constant step: y = theta + k/(k+3) (theta - prev).
void SoftmaxTrainer::epoch() {
    softmax_loss(y_, x_, labels_, n_, l2_, &grad_);
    const double mom = double(k_) / double(k_ + 3);
    for (size_t t = 0; t < m.w.size(); ++t) {
        const double next = y_.w[t] - step_ * grad_.w[t];
        y_.w[t] = next + mom * (next - m.w[t]);
        m.w[t] = next;
    }
    for (int c = 0; c < m.classes; ++c) {
        const double next = y_.b[c] - step_ * grad_.b[c];
        y_.b[c] = next + mom * (next - m.b[c]);
        m.b[c] = next;
    }
    ++k_;
}

SoftmaxModel train_softmax(const double* x, const int* labels, int n, int d, int classes,
                           const ProbeOptions& o) {
    SoftmaxTrainer t;
    t.begin(x, labels, n, d, classes, o);
    for (int k = 0; k < o.epochs; ++k)
        t.epoch();
    return t.m;
}

int predict_softmax(const SoftmaxModel& m, const double* x) {
    int best = 0;
    double best_logit = 0.0;
    for (int k = 0; k < m.classes; ++k) {
        double z = m.b[k];
        for (int j = 0; j < m.features; ++j)
            z += x[j] * m.w[size_t(j) * m.classes + k];
        if (k == 0 || z > best_logit) {
            best = k;
            best_logit = z;
        }
    }
    return best;
}

ProbeJob::ProbeJob(const MatrixRM& x, const std::vector<int>& labels, const ProbeOptions& o)
    : x_(x), labels_(labels), o_(o) {
    const int n = int(x.rows()), d = int(x.cols());
    done_ = true;
    if (int(labels.size()) != n || o.folds < 2 || n < o.folds || o.epochs < 0) return;
    int classes = 0;
    for (int y : labels) {
        if (y < 0) return;
        classes = std::max(classes, y + 1);
    }
    std::vector<int> count(classes, 0);
    for (int y : labels)
        ++count[y];
    int present = 0;
    for (int cnt : count)
        present += cnt > 0;
    if (present < 2) return;
    done_ = false;
    r_.folds = o.folds;
    r_.classes = classes;
    r_.samples = n;
    r_.features = d;
    r_.chance = double(*std::max_element(count.begin(), count.end())) / n;

    // Stratified folds: each class's samples in a seeded order, dealt round-robin (the deal
    // continues across classes so the folds' sizes differ by at most one).
    fold_.resize(n);
    Rng rng(o.seed, kStreamProbe);
    int dealt = 0;
    for (int c = 0; c < classes; ++c) {
        std::vector<int> members;
        for (int i = 0; i < n; ++i)
            if (labels[i] == c) members.push_back(i);
        rng.shuffle(members.data(), int(members.size()));
        for (int i : members)
            fold_[i] = dealt++ % o.folds;
    }
}

// The training and test sets of fold f, standardized with the training part's mean and std (a
// constant feature keeps std 1), and the trainer started on them.
void ProbeJob::begin_fold(int f) {
    const int n = int(x_.rows()), d = int(x_.cols());
    train_x_.clear();
    test_x_.clear();
    train_y_.clear();
    test_y_.clear();
    for (int i = 0; i < n; ++i) {
        std::vector<double>& dst = fold_[i] == f ? test_x_ : train_x_;
        for (int j = 0; j < d; ++j)
            dst.push_back(double(x_(i, j)));
        (fold_[i] == f ? test_y_ : train_y_).push_back(labels_[i]);
    }
    const int n_train = int(train_y_.size());
    std::vector<double> mean(d), sd(d);
    for (int j = 0; j < d; ++j) {
        double s = 0.0, ss = 0.0;
        for (int i = 0; i < n_train; ++i)
            s += train_x_[size_t(i) * d + j];
        mean[j] = s / n_train;
        for (int i = 0; i < n_train; ++i) {
            const double v = train_x_[size_t(i) * d + j] - mean[j];
            ss += v * v;
        }
        sd[j] = ss > 0 ? std::sqrt(ss / n_train) : 1.0;
    }
    for (std::vector<double>* set : {&train_x_, &test_x_})
        for (size_t t = 0; t < set->size(); ++t)
            (*set)[t] = ((*set)[t] - mean[t % d]) / sd[t % d];
    trainer_.begin(train_x_.data(), train_y_.data(), n_train, d, r_.classes, o_);
}

bool ProbeJob::step() {
    if (done_) return true;
    if (epoch_ < 0) {
        begin_fold(fold_index_);
        epoch_ = 0;
        return false;
    }
    if (epoch_ < o_.epochs) {
        trainer_.epoch();
        ++epoch_;
        return false;
    }
    const int d = int(x_.cols()), n_test = int(test_y_.size());
    int correct = 0;
    for (int i = 0; i < n_test; ++i)
        correct += predict_softmax(trainer_.m, &test_x_[size_t(i) * d]) == test_y_[i];
    r_.fold_accuracy.push_back(n_test ? double(correct) / n_test : 0.0);
    epoch_ = -1;
    if (++fold_index_ < o_.folds) return false;

    double s = 0.0, ss = 0.0;
    for (double a : r_.fold_accuracy)
        s += a;
    r_.mean = s / o_.folds;
    for (double a : r_.fold_accuracy)
        ss += (a - r_.mean) * (a - r_.mean);
    r_.std = std::sqrt(ss / o_.folds);
    done_ = true;
    return true;
}

double ProbeJob::progress() const {
    if (done_) return 1.0;
    const double per_fold = o_.epochs + 2.0; // setup, epochs, evaluation
    return (fold_index_ * per_fold + (epoch_ + 1)) / (o_.folds * per_fold);
}

ProbeResult cross_validate_probe(const MatrixRM& x, const std::vector<int>& labels,
                                 const ProbeOptions& o) {
    ProbeJob job(x, labels, o);
    while (!job.step()) {
    }
    return job.result();
}

Sensitivity sensitivity(Model& m, const MatrixRM& x, double delta, int max_samples) {
    Sensitivity s;
    s.delta = delta;
    const int n = std::min(int(x.rows()), std::max(max_samples, 1)), d = int(x.cols());
    s.samples = n;
    if (n == 0 || d != m.input_dim()) return s;
    MatrixRM input = x.topRows(n), recon(n, d);
    auto mean_mse = [&]() {
        m.reconstruct(input.data(), n, recon.data());
        double se = 0.0;
        for (long t = 0; t < input.size(); ++t) {
            const double r = double(input.data()[t]) - double(recon.data()[t]);
            se += r * r;
        }
        return se / double(input.size());
    };
    s.base_mse = mean_mse();
    s.increase.assign(d, 0.0);
    for (int j = 0; j < d; ++j) {
        double sum = 0.0, ss = 0.0;
        for (int i = 0; i < n; ++i)
            sum += x(i, j);
        const double mu = sum / n;
        for (int i = 0; i < n; ++i)
            ss += (x(i, j) - mu) * (x(i, j) - mu);
        const float step = float(delta * std::sqrt(ss / n));
        double both = 0.0;
        for (float sign : {1.0f, -1.0f}) {
            for (int i = 0; i < n; ++i)
                input(i, j) = x(i, j) + sign * step;
            both += mean_mse();
        }
        for (int i = 0; i < n; ++i)
            input(i, j) = x(i, j);
        s.increase[j] = 0.5 * both - s.base_mse;
    }
    return s;
}

} // namespace ae
