// latent_space.h: the Analysis panel's "Latent space" tab: the evaluation set's codes projected
// to a plane (PCA of the codes, or two chosen dimensions), coloured by class or by error (samples
// above the anomaly threshold ringed), drawn by a GL scatter; a click decodes the point under the
// mouse. Its right column: the decoded point, a traversal grid, an interpolation strip, the
// inputs' own PCA plane, a drawing pad (one-channel images) and, for a VAE, prior samples and the
// manifold grid.
// Owns: all of that state (LatentSpace below), the two scatters and their images. Follows the
// shared evaluation (same samples_seen) and its own controls. The latent maths (plane to codes,
// traversal, interpolation) stays here for now; engine/analysis/latent.h takes it over.
// Not here: the evaluation, the inputs' PCA fit (the App's, handed in).
#pragma once

#include "web/app/drawing_pad.h"
#include "web/app/frame.h"
#include "web/app/image_atlas.h"
#include "web/app/scatter.h"

#include <nlohmann/json.hpp>

#include <vector>

class LatentSpaceTab {
  public:
    // pca: the inputs' PCA, fitted on x_train (view 3). v.eval must be current.
    void draw(const View& v, const ae::Pca& pca, Frame& frame);
    // "latent_space", "latent_space_images" (once it has drawn for this session) and "vae".
    void status(const ae::Session& session, nlohmann::json& j) const;
    // A new session: the views start over; the projection, colouring, chosen view, the drawing
    // and the atlases' textures stay.
    void new_session();
    const DrawingPad& drawing() const { return ls_.pad; } // tests: the pixels encoded

  private:
    void update_latent_space(); // follows the evaluation (same samples_seen), projection changes
    void decode_latent_point(float px, float py); // projected point -> code -> decoder output
    // Plane points (m, 2) -> latent codes (m, k): PCA inverse, or the two dims with the others at
    // their mean over the evaluation set.
    ae::MatrixRM plane_to_codes(const std::vector<float>& plane_xy) const;
    void update_latent_views(); // the traversal grid / interpolation strip of the current view
    void draw_latent_legend(float width);
    void draw_latent_view(float width, float height); // the right column's view
    void draw_input_pca_view(float width, float height); // its view 3
    void draw_pad_view(float width, float height);       // its view 4
    void draw_vae_view(float width, float height);       // views 5 (prior) and 6 (manifold)
    void update_vae_views();                             // their decodes and the per-dim KL
    void encode_drawing(); // ls_.pad -> pad_code, pad_output, pad_xy (current model, plane)
    bool drawable() const; // one-channel images: the drawing pad applies
    // Decoder outputs (count, input) as images (atlas) or small line plots, `cols` per row.
    void draw_outputs(const char* id, const std::vector<float>& outputs, ImageAtlas& atlas,
                      int count, int cols, float tile, float gap);

    // The evaluation set's codes projected to a plane, coloured by eval_->errors (same sample
    // order, same samples_seen), drawn by scatter_.
    struct LatentSpace {
        bool use_pca = true; // else the raw dimensions dim_x, dim_y
        int dim_x = 0, dim_y = 1;
        long samples_seen = -1; // of the codes below (follows eval_samples_seen_)
        bool stale = true;      // projection or axes changed
        int n = 0, k = 0;       // samples, latent width
        ae::MatrixRM codes;     // (n, k)
        ae::Pca pca;            // of the codes (use_pca)
        double pca_explained[2] = {0, 0};
        std::vector<float> xy;                // (n, 2) projected
        std::vector<ScatterPoint> points;     // xy normalised, flagged last (drawn on top)
        double threshold = 0;                 // of the flags in points
        float lo[2] = {0, 0}, hi[2] = {1, 1}; // axis ranges (padded)
        double err_lo = 0, err_hi = 1;        // colour range (log scale when err_lo > 0)
        bool log_colors = false;
        int flagged = 0;
        bool scatter_dirty = true; // the texture needs a redraw (data or size changed)
        bool has_decoded = false;
        float decoded_xy[2] = {0, 0};
        std::vector<double> decoded; // decoder output at decoded_xy (input features)
        int hovered = -1;            // the sample hover_x / hover_xr / hover_images belong to
        int hover_now = -1;          // the sample under the mouse this frame, or -1
        std::vector<float> hover_x, hover_xr; // input and reconstruction of the hovered sample

        // Labelled data: colour by class (ui::kClassColors) with a legend, or by error.
        bool color_by_label = true;
        std::vector<int> labels;       // (n) of the evaluation set; empty without labels
        std::vector<int> label_counts; // points per class in the scatter
        int legend_hover = -1;         // a class whose points stand out; -1: none
        // The right column's view: 0 the decoded point, 1 a traversal grid of the plane,
        // 2 an interpolation strip between samples interp_a and interp_b (shift-click picks them).
        int view = 0;
        int traversal_n = 8;          // the grid is traversal_n x traversal_n
        std::vector<float> traversal; // (traversal_n^2, input) decoder outputs, row 0 at the top
        bool traversal_stale = true;
        static constexpr int kInterpSteps = 10;
        int interp_a = 0, interp_b = 1, interp_next = 0; // interp_next: which end shift-click sets
        std::vector<float> interpolation; // (kInterpSteps, input) decoder outputs, a to b
        bool interp_stale = true;
        // View 3: the same samples in the inputs' first two principal components (pca_).
        std::vector<float> input_xy; // (n, 2)
        float input_lo[2] = {0, 0}, input_hi[2] = {1, 1};
        double input_explained[2] = {0, 0};
        std::vector<ScatterPoint> input_points; // as points, at the PCA positions
        bool input_scatter_dirty = true;
        // View 4 (images): the student's drawing, encoded and reconstructed (or denoised) live.
        DrawingPad pad;
        bool pad_active = false;              // a stroke is under way
        float pad_last[2] = {0, 0};           // its last point, in pad pixels
        std::vector<float> pad_code;          // (k) the drawing's code; empty: nothing drawn
        std::vector<float> pad_output;        // (input) the model's output, in pixel units
        float pad_xy[2] = {0, 0};             // the code in the plane
        double pad_mse = 0;                   // output vs drawing, in the model's units
        ImageAtlas pad_images;                // the drawing, the output
        // Views 5 and 6 (a variational model): decodes of prior draws z ~ N(0, I) from
        // prior_seed ("New samples" counts it up), the manifold grid over dims dim_x, dim_y at
        // the normal's quantiles (engine/analysis/latent.h), and the KL per latent dim on the evaluation set.
        static constexpr int kPriorSamples = 16;
        int prior_seed = 1, manifold_n = 10;
        std::vector<float> prior, manifold; // (count, input) decoder outputs
        std::vector<double> kl_per_dim;     // (k) nats
        bool vae_stale = true;
        // Images of the above for image data (one atlas per view).
        ImageAtlas hover_images, decoded_image, traversal_images, interp_images;
        ImageAtlas prior_images, manifold_images;
    };
    LatentSpace ls_;
    PointScatter scatter_, input_scatter_;

    // This frame's view, bound by draw() and valid only while it runs.
    ae::Session* session_ = nullptr;
    const ae::Evaluation* eval_ = nullptr;
    long eval_samples_seen_ = -1;
    const Threshold* threshold_ = nullptr;
    const ae::Pca* pca_ = nullptr;
    Frame* frame_ = nullptr;
    float dpr_ = 1.0f;
};
