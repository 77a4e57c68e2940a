// reconstruction.h: the Analysis panel's Reconstruction tab: one sample, original against the
// autoencoder's reconstruction (and PCA's at the same k). Signals: a line plot of the three.
// Images (image_height() > 0): original, reconstruction and residual as images, a strip of
// samples from the chosen one (originals over reconstructions) and a sortable list of the worst
// reconstructed samples of the shared evaluation, with thumbnails.
// Owns: the chosen sample (also what View::sample reports to the other tabs), its values and
// MSEs, the image atlases. Recomputes them when stale (the sample, the PCA switch, or the model
// moved: follow_model()). Not here: the PCA fit and the evaluation (the App's, handed in).
#pragma once

#include "web/app/frame.h"
#include "web/app/image_atlas.h"

#include <nlohmann/json.hpp>

#include <vector>

class ReconstructionTab {
  public:
    // pca: fitted on x_train, or null when the fit waits for the next frame (the page's first
    // frame: the tab then says "preparing" and asks frame.preparing for "pca"). For image data
    // v.eval must be current (the worst-samples list).
    void draw(const View& v, const ae::Pca* pca, Frame& frame);
    // "reconstruction" (the chosen sample) and, for image data, "images".
    void status(const ae::Session& session, nlohmann::json& j) const;
    void new_session(const ae::Session& session); // keeps the sample number where it fits
    void follow_model() { stale_ = true; }        // the weights changed
    void show(int sample);                        // a sample chosen elsewhere (Errors tab)
    int sample() const { return sample_index_; }
    bool show_pca() const { return show_pca_; }

  private:
    void update(const View& v, const ae::Pca* pca, Frame& frame);        // sample_* when stale_
    void update_images(const View& v, const ae::Pca* pca, Frame& frame); // images_
    void draw_images(const View& v, const ae::Pca* pca, Frame& frame);

    int sample_index_ = 0;
    std::vector<double> sample_x_, sample_y_; // original and reconstruction of the chosen sample
    // PCA beside the autoencoder for the chosen sample: its reconstruction from k = the bottleneck
    // width components, when show_pca_ is set.
    bool show_pca_ = true;
    std::vector<double> sample_pca_;
    double sample_mse_ = 0, sample_pca_mse_ = 0;
    bool stale_ = true;

    // For images: the chosen sample (original, reconstruction, residual), a strip of kStrip
    // samples from it (originals over reconstructions), and the kWorst worst-reconstructed
    // samples of the evaluation (sortable; a click selects).
    static constexpr int kStrip = 8, kWorst = 24;
    struct ReconImages {
        ImageAtlas sample, strip, worst;
        float residual_max = 0;     // the residual's colour scale: [-residual_max, residual_max]
        std::vector<int> worst_ids; // sample indices, in the list's current order
        long worst_seen = -1;       // the evaluation's samples_seen the list was built from
        int sort_column = 2;        // 0: sample, 1: class, 2: error
        bool sort_ascending = false;
    };
    ReconImages images_;
};
