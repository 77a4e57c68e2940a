// denoise.h: the Analysis panel's Denoising tab: a test-time noise (type, level, clip; seed = the
// config's) over the evaluation set, the engine's report and sweep (engine/analysis/denoise.h),
// the chosen sample's noisy / denoised / clean values.
// Owns: its controls and the report. update() recomputes the report when a control changed or
// the shared evaluation moved (at most every 500 ms while training), never per frame; the sample
// chooser only picks rows of the report. Not here: the noise math (engine).
#pragma once

#include "web/app/frame.h"

#include "engine/analysis/denoise.h"

#include <nlohmann/json.hpp>

class DenoiseTab {
  public:
    void update(const View& v); // before draw(), each frame the tab is shown
    void draw(const View& v, Frame& frame);
    void status(nlohmann::json& j) const; // "denoise", once a report exists
    void reset() { dn_ = State{}; }       // a new session

  private:
    struct State {
        bool initialized = false; // controls set from the session's train.noise
        int type = 0;             // 0 gaussian, 1 masking
        double level = 0.3;       // factor or fraction
        double level_max = 0.6;   // twice the training level (default_sweep_max)
        bool clip = true;
        int sample = 0;
        long samples_seen = -1; // of the report (the evaluation's), -1: none yet
        bool stale = true, sweep_stale = true;
        ae::DenoiseReport report;
        ae::DenoiseSweep sweep;
    };
    State dn_;
};
