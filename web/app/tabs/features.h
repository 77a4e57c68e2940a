// features.h: the Analysis panel's Features tab: a softmax linear probe (5-fold cross-validation)
// on the raw inputs, PCA codes and the autoencoder's codes, and sensitivity (the reconstruction
// MSE's increase when one input moves by +-1 std), as bars or, for image data, as an image.
// Owns: both results with the epoch they were computed at, computed on request (a button): the
// probe runs as a job, a slice per frame (step()), the page drawing and training meanwhile.
// Not here: the math (engine/analysis/probe.h, evaluation.h), the PCA fit (the App's).
#pragma once

#include "web/app/frame.h"
#include "web/app/image_atlas.h"

#include "engine/analysis/probe.h"

#include <nlohmann/json.hpp>

#include <memory>

class FeaturesTab {
  public:
    void draw(const View& v, const ae::Pca& pca, Frame& frame); // pca: fitted on x_train
    void step(); // each frame: a few milliseconds of a running probe
    // "probe_progress", "probe" and "sensitivity" once there are any.
    void status(nlohmann::json& j) const;
    void reset(); // a new session: the results and a running probe are dropped
    const ImageAtlas& sens_image() const { return sens_image_; } // tests

  private:
    // One value per pixel: sensitivity is shown as a (h, w) image.
    static bool sens_image_shape(const ae::Session& session, int* h, int* w);

    ae::ProbeComparison probe_;
    bool probe_valid_ = false;
    int probe_epoch_ = 0;
    double probe_ms_ = 0.0;                        // wall time from the click to the result
    std::unique_ptr<ae::ProbeCodesJob> probe_job_; // running, a slice per frame (step)
    int probe_job_epoch_ = 0;
    double probe_started_ms_ = 0.0;
    ae::Sensitivity sens_;
    bool sens_valid_ = false;
    int sens_epoch_ = 0;
    ImageAtlas sens_image_; // image data: sens_ per pixel, made for sens_image_epoch_/_samples_
    int sens_image_epoch_ = -1, sens_image_samples_ = -1;
};
