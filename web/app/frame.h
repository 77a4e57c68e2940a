// frame.h: what the App hands its panels and tabs each frame, and what they hand back.
//   - View: the session the panels show (the trainer, or its view in the pthreads build), the
//     shared evaluation of the Analysis tabs with the samples_seen it was made at (a tab's own
//     numbers go stale when that changes: "what changed since last frame"), the anomaly
//     threshold, the chosen sample and the devicePixelRatio.
//   - Frame: what they leave for the App: opaque backgrounds to clear (device pixels), the work
//     left for the next frame (startup), and requests (show a sample in the Reconstruction tab).
//     The session is the UI thread's (never the worker's trainer): tabs may run the model on it.
//   - Threshold: the Errors tab's anomaly threshold over the evaluation's errors (mean + k std,
//     the seeds' rule with k = 3, or a percentile), computed here and only here, once per
//     evaluation or rule change; the Errors and Latent space tabs, the results export and the
//     status all read it.
// Not here: drawing, the evaluation itself (App::update_evaluation, engine/analysis).
#pragma once

#include "web/app/plots.h"

#include "engine/analysis/evaluation.h"
#include "engine/train/session.h"

#include <imgui.h>

#include <vector>

// An opaque rectangle of this frame (device pixels), cleared by the backend before ImGui draws:
// a scissored glClear is far cheaper than a blended, textured quad.
struct Background {
    float x, y, w, h;
    ImVec4 color;
};

struct Threshold {
    int mode = 0; // 0: mean + k std, 1: percentile
    float k = 3.0f, percentile = 99.0f;
    double mean_k_std = 0.0; // ae::threshold_mean_k_std(errors, k), whatever the mode
    double value = 0.0;      // under the rule
    int flagged = 0;         // errors above value

    // Recomputes from `errors` (made at samples_seen `seen`) when they or the rule changed.
    void update(const std::vector<double>& errors, long seen);
    void invalidate() { seen_ = -2; } // a new session: its first evaluation recomputes
    const char* mode_name() const { return mode == 1 ? "percentile" : "mean + k std"; }

  private:
    long seen_ = -2;
    int mode_seen_ = -1;
    float k_seen_ = -1.0f, percentile_seen_ = -1.0f;
};

struct View {
    ae::Session& session;       // not const: the analyses run the model (its scratch buffers)
    const ae::Evaluation& eval; // valid when eval_seen >= 0
    long eval_seen;             // samples_seen of eval; -1: none yet
    const Threshold& threshold; // over eval.errors
    int sample;                 // the sample the Reconstruction tab shows
    bool training;              // the run is on (views refresh at a bounded rate)
    float dpr;
};

struct Frame {
    std::vector<Background> backgrounds;
    std::vector<const char*> preparing; // work this frame left for the next one (startup)
    int show_sample = -1;               // a request: show this sample in the Reconstruction tab

    void plot_background(const PlotArea& a) {
        if (a.max.x > a.min.x && a.max.y > a.min.y)
            backgrounds.push_back({a.min.x, a.min.y, a.max.x - a.min.x, a.max.y - a.min.y,
                                   ImGui::ColorConvertU32ToFloat4(kPlotBackground)});
    }
};
