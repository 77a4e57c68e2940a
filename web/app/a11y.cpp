// a11y.cpp: the page's accessible layer. A canvas is invisible to screen readers, so each frame
// the App describes what the canvas shows in plain text (a hidden region the canvas points to:
// training state and curves, the open Analysis tab's numbers, the lesson's tasks) and announces
// events in an aria-live region: training started / paused / finished, progress every
// kProgressAnnounceMs while training, lesson tasks that pass, messages and errors.
// platform::accessibility() writes both into the page as text (never HTML).
// Not here: keyboard navigation (apply_theme turns on ImGui's), colours (ui.h: every colour
// comes with a text label or legend).
#include "web/app/app.h"
#include "web/app/ui.h"

#include <cmath>
#include <cstdio>

namespace {

std::string fmt(const char* f, double a) {
    char b[64];
    std::snprintf(b, sizeof b, f, a);
    return b;
}

// "falling", "rising" or "flat" over the last few epochs of a series.
const char* trend(const std::vector<double>& v) {
    if (v.size() < 2) return "";
    const size_t n = std::min<size_t>(v.size() - 1, 5);
    const double a = v[v.size() - 1 - n], b = v.back();
    if (!(std::isfinite(a) && std::isfinite(b))) return "";
    if (b < a * 0.995) return ", falling";
    if (b > a * 1.005) return ", rising";
    return ", flat";
}

} // namespace

std::string App::describe_training() const {
    const ae::Progress& p = session_->progress();
    const ae::History& h = session_->history();
    std::string s = training_        ? "Training"
                    : p.done         ? "Finished"
                    : p.samples_seen ? "Paused"
                                     : "Not started";
    s += ": epoch " + std::to_string(p.epoch) + " of " + std::to_string(p.epochs) + ", batch " +
         std::to_string(p.batch) + " of " + std::to_string(p.batches_per_epoch) + ".";
    if (!h.loss.empty()) {
        s += " Training loss " + fmt("%.4g", h.loss.back()) + trend(h.loss);
        if (!h.val_loss.empty()) {
            s += "; validation loss " + fmt("%.4g", h.val_loss.back()) + trend(h.val_loss);
            const double ratio = h.val_loss.back() / h.loss.back();
            s += "; validation / training " + fmt("%.2f", ratio) +
                 (ratio > ui::kOverfitRatio ? ": overfitting" : ": no overfitting");
        }
        s += ".";
        if (!h.kl.empty())
            s += " Reconstruction term " + fmt("%.4g", h.reconstruction.back()) + ", KL " +
                 fmt("%.4g", h.kl.back()) + ".";
    }
    if (!session_->error().empty()) s += " Stopped: " + session_->error();
    return s;
}

std::string App::describe_analysis() const {
    std::string s = std::string("Analysis tab: ") + kTabNames[analysis_tab_] + ".";
    if (!eval_valid_) return s;
    const ae::Evaluation& e = eval_;
    s += " On " + std::to_string(e.samples) + " " +
         (session_->x_val().rows() ? "validation" : "training") + " samples: reconstruction MSE " +
         fmt("%.4g", e.reconstruction.mse) + ", MAE " + fmt("%.4g", e.reconstruction.mae) +
         ". Anomaly threshold mean + " + fmt("%g", e.k_std) + " std = " + fmt("%.4g", e.threshold) +
         ": " + std::to_string(e.flagged) + " flagged.";
    if (e.pca_k > 0)
        s += " PCA with k = " + std::to_string(e.pca_k) + ": MSE " + fmt("%.4g", e.pca_mse) +
             (e.pca_mse < e.reconstruction.mse ? ", better than the autoencoder."
                                               : ", worse than the autoencoder.");
    if (e.mse_noisy > 0)
        s += " Denoising: noisy input MSE " + fmt("%.4g", e.mse_noisy) + ", denoised " +
             fmt("%.4g", e.mse_denoised) + ", noise reduction " +
             fmt("%.1f", e.noise_reduction_percent) + "%.";
    if (e.collapsed_dims > 0)
        s += " " + std::to_string(e.collapsed_dims) + " latent dimensions collapsed to the prior.";
    return s;
}

void App::update_accessibility() {
    const double now = platform::now_ms();
    std::string announce;
    // Events, most important first; one announcement per frame is enough for a screen reader.
    const ae::Progress& p = session_->progress();
    const int state = training_ ? 1 : p.done ? 2 : p.samples_seen ? 3 : 0;
    if (message_ != a11y_message_) {
        a11y_message_ = message_;
        if (!message_.empty()) announce = (message_is_error_ ? "Error: " : "") + message_;
    }
    int passed = 0;
    std::string newly_passed;
    for (const ae::CheckResult& c : lesson_checks_)
        if (c.passed) {
            ++passed;
            if (passed > a11y_tasks_passed_ && newly_passed.empty()) newly_passed = c.text;
        }
    if (passed != a11y_tasks_passed_) {
        if (passed > a11y_tasks_passed_ && announce.empty())
            announce = "Task passed (" + std::to_string(passed) + " of " +
                       std::to_string(lesson_checks_.size()) + "): " + newly_passed;
        a11y_tasks_passed_ = passed;
    }
    if (state != a11y_state_ || (state == 1 && now - a11y_progress_ms_ >= kProgressAnnounceMs)) {
        announce += (announce.empty() ? "" : " ") + describe_training();
        a11y_state_ = state;
        a11y_progress_ms_ = now;
    }
    if (!announce.empty()) a11y_announcement_ = announce;
    if (announce.empty() && now - a11y_described_ms_ < kDescribeMs) return;
    a11y_described_ms_ = now;
    const ae::Model& m = session_->model();
    std::string d = "AE Playground, " + config_source_ + ": an autoencoder of " +
                    std::to_string(m.num_params()) + " parameters, " +
                    std::to_string(m.input_dim()) + " inputs to a code of " +
                    std::to_string(m.latent_dim()) + ".\n" + describe_training() + "\n" +
                    describe_analysis();
    if (lesson_) {
        d += "\nLesson: " + lesson_->title + ". Tasks passed: " + std::to_string(passed) + " of " +
             std::to_string(lesson_checks_.size()) + ".";
        for (const ae::CheckResult& c : lesson_checks_)
            d += "\n" + std::string(c.passed ? "Passed: " : "Not yet: ") + c.text;
    }
    if (!message_.empty()) d += "\n" + std::string(message_is_error_ ? "Error: " : "") + message_;
    a11y_description_ = d;
    platform::accessibility(announce, a11y_description_);
}
