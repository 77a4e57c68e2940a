// session.h: one experiment (config + data + model + optimizer + history), trained in steps.
// The caller decides how much to train per call: train_batches(n) runs up to n mini-batches
// (crossing epoch ends), train_epoch() finishes the current epoch. Between calls the session can
// be inspected, stopped and resumed; the numbers do not depend on how the work was sliced.
// Keras' meanings: validation_split takes the LAST fraction of the samples, before shuffling;
// history.loss is the sample-weighted mean of the epoch's batch losses, history.val_loss the
// loss on the validation samples after the epoch.
// If a loss becomes NaN or infinite, training stops, the weights of the start of that epoch are
// restored, and error() says where and why.
#pragma once

#include "engine/core/common.h"
#include "engine/train/config.h"
#include "engine/train/dataset.h"
#include "engine/core/model.h"
#include "engine/core/optimizer.h"
#include "engine/core/rng.h"
#include <memory>
#include <vector>

namespace ae {

struct History {
    std::vector<double> loss, val_loss; // one value per finished epoch
    // A variational model's terms (loss = reconstruction + beta * kl): the epoch's means while
    // training (sampled z), and on the validation split after the epoch at z = z_mean (eps = 0,
    // deterministic). Empty otherwise.
    std::vector<double> kl, reconstruction, val_kl, val_reconstruction;
};

// A batch's or a set's loss and, for a variational model, its two terms (else kl = 0 and
// reconstruction = the config's loss).
struct LossParts {
    double total = 0.0, reconstruction = 0.0, kl = 0.0;
};

struct Progress {
    int epoch = 0;  // finished epochs
    int epochs = 0; // total to train
    int batch = 0;  // batches done in the current epoch
    int batches_per_epoch = 0;
    long samples_seen = 0;   // over the whole run
    double epoch_loss = 0.0; // running mean over the current epoch's batches so far
    bool done = false;
};

struct Metrics {
    double mse = 0, rmse = 0, mae = 0; // over all values of a set
};

constexpr double kCollapsedKL = 0.01; // nats: a latent dimension below is inactive

class Session {
  public:
    // A session over `data` (the data layer builds it from c.data: engine/data/open_session.h
    // opens a session from a config in one call). The data are split (validation_split, the
    // normal classes), scaled and, for a denoising model, corrupted here; data.features() must be
    // c.input.
    static Status create(const Config& c, Dataset data, std::unique_ptr<Session>* out);
    int train_batches(int n); // returns the number of batches run (0 when done)
    int train_epoch();
    bool done() const { return progress_.done; }
    // Live changes between batches (the page's controls): a new learning rate keeps the
    // optimizer's moments; more epochs resume a finished run.
    void set_learning_rate(double lr) {
        config_.train.optimizer.learning_rate = lr;
        optimizer_.set_learning_rate(lr);
    }
    void set_epochs(int epochs);
    // Puts a trained model's weights and history (a model file: session_from_model in
    // model_file.h) on this freshly created session; progress moves to the end of that history.
    // The optimizer's moments and the shuffle order start afresh (a model file does not keep
    // them; a checkpoint does), so training on from here is not the uninterrupted run.
    void restore_trained(const std::vector<float>& params, const History& history);

    const Config& config() const { return config_; }
    const History& history() const { return history_; }
    const Progress& progress() const { return progress_; }
    const std::string& error() const { return error_; } // why training stopped early, or empty
    Model& model() { return model_; }
    const Model& model() const { return model_; }
    const MatrixRM& x_train() const { return data_->x_train; }
    const MatrixRM& x_val() const { return data_->x_val; }
    const Scaler& scaler() const { return data_->scaler; } // the model sees scaled data
    const std::vector<int>& labels_train() const { return data_->labels_train; } // or empty
    const std::vector<int>& labels_val() const { return data_->labels_val; }
    const std::vector<std::string>& class_names() const { return data_->class_names; } // or empty
    // Ground truth for anomaly detection, per sample (1 = anomaly), where the data know it (well
    // logs' injected anomalies, classes outside the normal ones); else empty.
    const std::vector<int>& anomaly_train() const { return data_->anomaly_train; }
    const std::vector<int>& anomaly_val() const { return data_->anomaly_val; }
    // Image data: height, width, channels (28, 28, 1); all 0 for vectors and signals.
    int image_height() const { return data_->image_hwc[0]; }
    int image_width() const { return data_->image_hwc[1]; }
    int image_channels() const { return data_->image_hwc[2]; }

    // Inputs the model sees: the noisy copies when train.noise is set, else the sets themselves.
    const MatrixRM& x_train_input() const {
        return data_->noisy ? data_->x_train_noisy : data_->x_train;
    }
    const MatrixRM& x_val_input() const { return data_->noisy ? data_->x_val_noisy : data_->x_val; }

    // A copy for another thread to read while this session trains (the page's worker trains,
    // the UI thread draws from the view): it shares this session's data (never modified after
    // create) and has its own model, so evaluating it never touches the trainer's buffers. The
    // view is for reading: do not train it or checkpoint it.
    std::unique_ptr<Session> make_view() const;
    // What training changes: the trainer saves it (after its batches, on its thread), the view
    // loads it (on its own); the weights, history, progress, error and the live config.
    struct TrainingState {
        std::vector<float> params;
        History history;
        Progress progress;
        std::string error;
        double learning_rate = 0.0;
    };
    void save_state(TrainingState* out) const;
    void load_state(const TrainingState& s); // a view of a session with the same config

    // The whole training state in one blob (model file + optimizer moments + shuffle order and RNG
    // + progress): resume(checkpoint()) continues exactly where this session is, with the same
    // numbers as an uninterrupted run. The data are rebuilt from the config and seed.
    std::string checkpoint() const;
    // `data`: the checkpoint's own config's data (checkpoint_config, then the data layer;
    // engine/data/open_session.h does both).
    static Status resume(const std::string& bytes, const std::string& name, Dataset data,
                         std::unique_ptr<Session>* out);
    // The config inside checkpoint bytes (checked as resume checks them), without building
    // anything: what the page reads to fetch a dataset before it resumes.
    static Status checkpoint_config(const std::string& bytes, const std::string& name,
                                    Config* out);

    double evaluate_loss(const MatrixRM& x); // the config's loss over a whole set, target = input
    double evaluate_loss(const MatrixRM& input, const MatrixRM& target);
    LossParts evaluate_parts(const MatrixRM& input, const MatrixRM& target);
    Metrics evaluate_metrics(const MatrixRM& x);
    // A variational model's KL per latent dimension (nats, mean over the validation split, else
    // the training split); a dimension below kCollapsedKL has collapsed to the prior.
    std::vector<double> kl_per_dim();

  private:
    void start_epoch();
    void finish_epoch();

    // What create() builds from the config and seed and training never changes.
    struct Data {
        MatrixRM x_train, x_val;             // scaled
        MatrixRM x_train_noisy, x_val_noisy; // corrupted copies (denoising), else empty
        bool noisy = false;
        Scaler scaler;
        std::vector<int> labels_train, labels_val;
        std::vector<std::string> class_names;
        std::vector<int> anomaly_train, anomaly_val;
        int image_hwc[3] = {0, 0, 0};
    };

    Config config_;
    std::shared_ptr<const Data> data_; // shared with views (make_view)
    Model model_;
    Optimizer optimizer_;
    Rng rng_shuffle_;
    History history_;
    Progress progress_;
    std::string error_;
    std::vector<int> order_; // sample order of the current epoch
    std::vector<float> batch_x_, batch_target_, batch_grad_, epoch_start_params_;
    double epoch_loss_sum_ = 0.0; // sum over batches of loss * batch size
    double epoch_kl_sum_ = 0.0, epoch_recon_sum_ = 0.0; // the same of a VAE's terms
    long epoch_samples_ = 0;
};

} // namespace ae
