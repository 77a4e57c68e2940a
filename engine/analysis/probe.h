// probe.h: how useful an autoencoder's codes are downstream, and which inputs it relies on.
//   - Linear probe (seed 000 feeds the codes to a classifier): multinomial logistic regression
//     (softmax), trained by full-batch Nesterov gradient descent for a fixed number of epochs with
//     a fixed step 1 / L (L: the loss's smoothness bound from a power iteration), features
//     standardized on the training fold, small L2 on the weights. Evaluated by seeded, stratified
//     k-fold cross-validation: mean and std (population) of the folds' accuracies.
//   - Sensitivity (seed 002's feature importance): for each feature j, add +delta std_j and
//     -delta std_j to that column alone; the increase of the mean reconstruction error
//     (MSE of the perturbed input vs its reconstruction), averaged over both signs.
// Plain loops in double in one fixed order (and fm::exp), so native and WASM agree bit for bit.
// Defaults: 5 folds, 100 epochs, l2 1e-4, delta 1. Not here: PCA (analysis.h), training the AE.
#pragma once

#include "engine/core/common.h"
#include <cstdint>
#include <vector>

namespace ae {

class Model;

// W (d, c) row-major and b (c): logits = x W + b for a standardized x (d).
struct SoftmaxModel {
    int features = 0, classes = 0;
    std::vector<double> w, b;
};

// Mean cross-entropy over the n samples of x (n, d) row-major + l2/2 ||W||^2; gradients (same
// shapes as m) into grad when not null. labels in [0, classes).
double softmax_loss(const SoftmaxModel& m, const double* x, const int* labels, int n, double l2,
                    SoftmaxModel* grad);

struct ProbeOptions {
    int folds = 5;
    int epochs = 100;
    double l2 = 1e-4;
    uint64_t seed = 0; // the fold assignment's stream
};

// Trains on x (n, d), already standardized; returns the fitted model.
SoftmaxModel train_softmax(const double* x, const int* labels, int n, int d, int classes,
                           const ProbeOptions& o);

// train_softmax one epoch at a time: begin(), then epoch() o.epochs times; m is the model.
// x and labels must outlive the trainer.
class SoftmaxTrainer {
  public:
    void begin(const double* x, const int* labels, int n, int d, int classes,
               const ProbeOptions& o);
    void epoch();
    SoftmaxModel m;

  private:
    const double* x_ = nullptr;
    const int* labels_ = nullptr;
    int n_ = 0, k_ = 0;
    double l2_ = 0.0, step_ = 0.0;
    SoftmaxModel y_, grad_;
};
int predict_softmax(const SoftmaxModel& m, const double* x); // the argmax class of one sample

struct ProbeResult {
    int folds = 0, classes = 0, samples = 0, features = 0;
    std::vector<double> fold_accuracy;
    double mean = 0.0, std = 0.0; // over folds; accuracy in [0, 1]
    double chance = 0.0;          // the most frequent class's share (always guessing it)
};

// Stratified k-fold CV of the probe on x (n, d) with labels in [0, classes). Needs at least
// `folds` samples and two classes; otherwise returns folds = 0.
ProbeResult cross_validate_probe(const MatrixRM& x, const std::vector<int>& labels,
                                 const ProbeOptions& o);

// cross_validate_probe in small steps, for a page that keeps drawing: each step() is a fold's
// setup, one epoch of its training, or its evaluation; the result is the same, bit for bit.
class ProbeJob {
  public:
    ProbeJob(const MatrixRM& x, const std::vector<int>& labels, const ProbeOptions& o);
    bool step();             // true when finished (at once when there is nothing to fit)
    double progress() const; // 0 to 1
    const ProbeResult& result() const { return r_; }

  private:
    void begin_fold(int f);

    MatrixRM x_;
    std::vector<int> labels_, fold_;
    ProbeOptions o_;
    ProbeResult r_;
    bool done_ = true;
    int fold_index_ = 0, epoch_ = -1; // -1: the fold is not set up yet
    std::vector<double> train_x_, test_x_;
    std::vector<int> train_y_, test_y_;
    SoftmaxTrainer trainer_;
};

struct Sensitivity {
    double delta = 1.0;           // in units of each feature's std over x
    int samples = 0;              // rows used
    double base_mse = 0.0;        // mean reconstruction MSE of x itself
    std::vector<double> increase; // per feature: mean MSE of the perturbed input - base_mse
};

// m reconstructs x (n, d) as is (d = m.input_dim()). Uses the first max_samples rows of x (the
// cost is 2 d reconstructions of them); the stds come from the same rows.
Sensitivity sensitivity(Model& m, const MatrixRM& x, double delta = 1.0, int max_samples = 256);

} // namespace ae
