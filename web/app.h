// app.h: the page's state and panels, immediate mode over the engine's Session.
//   - The applied experiment is one ae::Session. The panels edit a draft ae::Config; the draft is
//     checked each time it changes (config_to_json -> ae::parse_config, the engine's own
//     validation) and only a valid draft can replace the session ("Apply & reset"). Learning
//     rate and epochs also apply live to the running session when the draft is valid.
//   - Training runs off the UI thread where it can: in the pthreads build (aeplay-mt.js, loaded
//     when the page is cross-origin isolated) a worker thread trains trainer_ in chunks of at
//     most kWorkerChunkMs under session_mu_, and the panels draw from session_, a view of it
//     (ae::Session::make_view: the same data, its own model). After each chunk the worker stages
//     its state (and a checkpoint when an autosave is due) under stage_mu_, and frame() loads
//     the latest into the view (at most every kViewRefreshMs while training). The UI never
//     waits for a batch to end: a convolutional batch can take longer than many frames. Only
//     what changes the trainer (Step, Reset, a new learning rate) takes session_mu_ and waits
//     for the batch. Elsewhere (aeplay.js, e.g. an embedding page without isolation, and native
//     builds) session_ is the trainer and training is time-sliced: frame() runs mini-batches
//     for about kTrainBudgetMs, then draws.
//   - No browser or GL here: the App builds natively and tests/ui drives it for N frames with
//     ImGui and no renderer (platform.h makes the browser-or-native choices).
//   - Fixed layout of docked-looking windows computed from the display size: a header, the
//     experiment editor (left), training + reconstruction (centre), summary + weights (right).
// Files: app.cpp (this class's core: sessions, autosave, status, worker, frame), panel_*.cpp (one
// per fixed window), tab_*.cpp (one per Analysis tab), ui.h (shared helpers and palette).
// Not here: GL/ImGui setup and the JS exports (main.cpp), the weight heatmap's GL (heatmap.h),
// plots (plots.h), clocks and browser helpers (platform.h).
#pragma once

#include "heatmap.h"
#include "drawing_pad.h"
#include "image_atlas.h"
#include "platform.h"
#include "plots.h"
#include "scatter.h"

#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "course/lesson.h"
#include "engine/train/session.h"

#include <atomic>
#include <functional>
#include <imgui.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class App {
  public:
    static inline const ImVec4 kPanelBg = ImVec4(0.106f, 0.122f, 0.153f, 1.00f);
    static inline const ImVec4 kGapBg = ImVec4(0.066f, 0.078f, 0.098f, 1.00f);
    // Training time per frame: starts at kTrainBudgetMs and adapts between the bounds so that
    // the frame interval stays under kTargetFrameMs (a 2-core machine rendering with SwiftShader
    // shares its cores between training and drawing; a real GPU keeps the full budget).
    static constexpr double kTrainBudgetMs = 8.0, kMinTrainBudgetMs = 4.0, kMaxTrainBudgetMs = 10.0;
    static constexpr double kTargetFrameMs = 1000.0 / 30;
    static constexpr double kWorkerChunkMs = 4.0;
    // lock_session() gives up (abort, which the page reports) when the worker has shown no sign
    // of life for this long: it died holding the lock (e.g. out of memory inside a batch).
    static constexpr double kWorkerSilentMs = 20000.0;
    // While the worker trains, the panels load its state at most this often (10 times a second:
    // curves, numbers, weights and the Analysis views still move smoothly); time-sliced training
    // refreshes the weights and the reconstruction as often. The frames between
    // change nothing on the canvas unless the user does something, and the renderer redraws
    // only what changed (imgui_webgl.h): most frames cost the GPU process nothing, and the UI
    // answers hovers and clicks at the display's rate. A run that ends, a pause or a Step shows
    // at once.
    static constexpr double kViewRefreshMs = 100.0;
    static constexpr bool kThreaded = platform::kWorkerThread;

    static void apply_theme(); // the style, and keyboard navigation on (ImGui io flags)
    static ImFont* title_font; // set by main.cpp when fonts are (re)built; may be null

    // Loads the default example from `examples_dir` (the page's bundle; tests pass the source
    // tree's examples/). The examples combo reads from there too.
    // Image sets are read from `data_dir` (platform::kDataDir; tests pass the build's build/data).
    void init(const std::string& examples_dir = platform::kExamplesDir,
              const std::string& data_dir = platform::kDataDir);
    // The UI thread's hold on the trainer, taken by the JS entry points that change the session
    // and inside App wherever the trainer changes (recursive); waits for the worker's batch to
    // end. Single-threaded builds: uncontended.
    std::unique_lock<std::recursive_mutex> lock_session();
    void pause_training(); // training_ = false, and the view shows the trainer's last batch
    bool ready() const { return session_ != nullptr; }
    void frame(float dpr); // one frame: train for the budget, then build the panels

    // JS API. load_config returns "" or the engine's message (and keeps the session on error).
    // A text that is a lesson (has "tasks" or "title") opens as one; any other config closes
    // the open lesson unless keep_lesson.
    std::string load_config(const std::string& text, const std::string& source_name,
                            bool keep_lesson = false);
    // Lessons (panel_lesson.cpp): open one from its JSON text ("" or the engine's message; on
    // error the session and any open lesson stay); `error` set: the page could not fetch it
    // (e.g. a cross-origin URL), shown as the message. A share link's fragment ("config=...").
    std::string open_lesson(const std::string& text, const std::string& source,
                            const std::string& error = "");
    std::string open_share(const std::string& fragment);
    void share_done(const std::string& url, const std::string& error); // the page's answer
    // The open lesson's locked / hidden controls (ae::kControlNames), for the panels.
    bool control_locked(const char* name) const;
    bool control_hidden(const char* name) const;
    // Autosave (IndexedDB in the browser): the page hands back the last checkpoint at start; the
    // App offers to restore it and keeps the current session until the user answers. An image
    // set the checkpoint's config needs is fetched first.
    void offer_restore(const std::string& checkpoint);
    void autosave_now(); // also called by the page on pagehide / tab hidden
    // The page's answers to platform::request_dataset: bytes of the compressed asset read so far,
    // then "" (the file is in place: the waiting config is applied) or why it failed.
    void dataset_progress(const std::string& name, double loaded_bytes, double total_bytes);
    void dataset_loaded(const std::string& name, const std::string& error);
    std::string config_json() const;
    std::string status_json() const;
    // A CSV file from the page (picker or drop): stored at platform::upload_path, read by the
    // engine; if good it becomes the draft's data (csv, model.input = its feature count) and "" is
    // returned, else the engine's message is shown and returned, and nothing changes. A file over
    // kMaxUploadBytes (file_size) is refused unread (the page does not send its bytes).
    static constexpr double kMaxUploadBytes = 50.0 * 1024 * 1024;
    std::string import_csv(const std::string& file_name, const std::string& bytes,
                           double file_size);
    // IDX files from the page (picker or drop): the images file and optionally its labels file,
    // in either order (told apart by their dimensions: 1 = labels, 2 to 4 = images). Stored and
    // read as import_csv does; if good they become the draft's data (idx, model.input = the
    // pixels of an image, an image model's input shape = the images') and "" is returned, else
    // the engine's message (naming the file) is shown and returned, and nothing changes. A file
    // over kMaxUploadBytes (size) comes without its bytes and is refused.
    struct Upload {
        std::string name, bytes;
        double size = 0; // the file's size in bytes
    };
    std::string import_idx(const std::vector<Upload>& files);
    // A model file from the page (the Model menu's picker or a drop; panel_model.cpp): if it loads
    // it becomes the session (its config, weights, history, scaler) and "" is returned, else the
    // loader's message is shown and returned and the session stays. Over kMaxUploadBytes: refused.
    std::string open_model(const std::string& file_name, const std::string& bytes,
                           double file_size);
    static constexpr int kModelActions = 8; // the Model menu's entries (panel_model.cpp)
    static const char* model_action_id(int i);

    // Opaque panel backgrounds of this frame (device pixels), for main.cpp to clear before
    // ImGui renders: a scissored glClear is far cheaper than a blended, textured quad.
    struct Background {
        float x, y, w, h;
        ImVec4 color;
    };
    const std::vector<Background>& backgrounds() const { return backgrounds_; }

    // Where a frame's time goes (status_json "frame_ms"): wall milliseconds per frame of each
    // part, the mean over the last kProfileWindowMs. frame() times its own parts; main.cpp adds
    // ImGui::Render and the GL draw. kPartSync: loading the worker's state (or training, when
    // time-sliced) and the autosave; kPartRight: the summary and the weights (or the lesson).
    enum FramePart {
        kPartSync,
        kPartHeader,
        kPartExperiment,
        kPartTraining,
        kPartAnalysis,
        kPartRight,
        kPartA11y,
        kPartImguiRender,
        kPartGl,
        kNumParts
    };
    void add_frame_time(FramePart part, double ms) { part_sum_[part] += ms; }
    const DrawingPad& drawing() const { return ls_.pad; } // tests: the pixels encoded
    const ImageAtlas& weight_tiles() const { return weight_tiles_; } // tests: the units' images
    const ImageAtlas& sens_image() const { return sens_image_; }     // tests: sensitivity
    const ae::Session& view() const { return *session_; }            // tests: what panels show

  private:
    void offer_restore_now(const std::string& checkpoint); // its data are in place
    void step_probe();                                     // tab_features.cpp
    struct Rect {
        float x = 0, y = 0, w = 0, h = 0;
    };

    std::string example_path(const char* file_name) const;
    void replace_session(std::unique_ptr<ae::Session> s);
    // Runs `create` now when c's dataset is at hand (always natively); else asks the page for the
    // asset, keeps the current session, and runs `create` when dataset_loaded() reports success.
    // Returns whether it ran now.
    bool with_dataset(const ae::Config& c, std::function<void()> create);
    void reset_session();
    void train_slice();
    void update_draft_check();
    void update_reconstruction();

    void draw_header(float x, float y, float w, float h);
    void draw_experiment(float x, float y, float w, float h);
    void draw_dataset_section();
    void draw_architecture_section();
    // first_layer: the index of layers[0] in the model (for its output shapes).
    bool draw_layer_table(const char* id, std::vector<ae::LayerConfig>& layers,
                          bool lock_last_units, int first_layer);
    void draw_training_section();
    void draw_training(float x, float y, float w, float h);
    void draw_summary(float x, float y, float w, float h);
    void draw_lesson(float x, float y, float w, float h);
    void draw_lesson_text(const std::vector<ae::TextBlock>& blocks);
    void update_lesson_checks();
    void draw_lessons_row(); // the Experiment panel's lessons combo and Share link button
    void draw_weights(float x, float y, float w, float h);
    void draw_analysis(float x, float y, float w, float h); // tabs: the views below
    void draw_reconstruction_tab();
    void draw_reconstruction_images(); // the tab for image data (tab_reconstruction.cpp)
    void update_image_views();         // refills recon_images_ when the sample or model moved
    float image_lo() const;            // grey range of the session's images: [image_lo, image_hi]
    float image_hi() const;
    void draw_errors_tab();
    void draw_pca_tab();
    void draw_latent_tab();
    void draw_latent_space_tab(); // the codes as a clickable, decodable scatter
    void draw_features_tab();     // linear probe on raw / PCA / AE codes, sensitivity
    void update_latent_space();   // follows eval_ (same samples_seen), projection changes
    void decode_latent_point(float px, float py); // projected point -> code -> decoder output
    void draw_denoise_tab(); // test-time noise: noisy / denoised / clean, the MSEs, the sweep
    void update_denoise();   // recomputes dn_ when its controls or eval_ changed
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
    void update_evaluation(); // recomputes eval_ when training moved (at most every 500 ms)
    Rect item_rect() const;
    void add_plot_background(const PlotArea& area);
    void begin_panel(const char* name, float x, float y, float w, float h, int flags,
                     ImVec4 bg = kPanelBg); // the last item's rectangle, in CSS pixels

    void worker_loop(); // pthreads build: trains while training_ is set

    ae::Session& trainee() { return trainer_ ? *trainer_ : *session_; } // under the lock
    void sync_view();   // under session_mu_: session_ <- trainer_ now
    void load_staged(); // pthreads build: session_ <- what the worker staged last

    std::unique_ptr<ae::Session> session_; // what the panels read (the trainer, or its view)
    std::unique_ptr<ae::Session> trainer_; // pthreads build: what the worker trains; else null
    std::atomic<bool> training_{false};
    std::recursive_mutex session_mu_;     // guards trainer_
    std::atomic<bool> ui_waiting_{false}; // the UI thread wants session_mu_: the worker yields
    std::atomic<double> worker_seen_ms_{0.0}; // the worker's last loop or batch (platform::now_ms)
    std::atomic<bool> autosave_due_{false}; // the worker stages a checkpoint after its chunk
    std::mutex stage_mu_;                   // guards the staged_* (held for copies only)
    ae::Session::TrainingState staged_;     // the trainer's state after the worker's last chunk
    bool staged_fresh_ = false;             // not loaded into the view yet
    std::string staged_checkpoint_;         // for the autosave, or empty
    double staged_worker_ms_ = 0.0;         // training time the worker spent since the last frame
    double views_refreshed_ms_ = -1e9;      // time-sliced: when the views last followed the model
    double staged_loaded_ms_ = -1e9;        // when the view last loaded the worker's state
    long frame_samples_seen_ = -1; // samples_seen at the last frame (views go stale on change)
    float dpr_ = 1.0f;

    // The draft config and the result of its last check.
    ae::Config draft_;
    std::string draft_json_;   // canonical JSON of the last checked draft
    std::string draft_error_;  // the engine's message, or empty
    bool draft_dirty_ = false; // differs from the session's config in more than lr/epochs
    ae::Model draft_model_;    // laid out (not initialized) for the live summary

    std::string examples_dir_; // where kExamples are read from
    std::string data_dir_;     // where the image sets' assets are read from
    // The image-set asset the page is fetching (browser only), and what waits for it.
    struct DatasetLoad {
        std::string name;             // "mnist" or "fashion_mnist"; empty: none asked yet
        std::string state = "idle";   // idle, loading, ready, error
        double loaded = 0, total = 0; // compressed bytes
        std::string error;
        std::function<void()> then; // the waiting load / apply
    };
    DatasetLoad dataset_;
    std::string config_source_; // shown in the examples combo: file or example name
    std::string message_;       // last import / load result shown under the editor
    bool message_is_error_ = false;
    std::string last_load_error_;

    // Plots and views.
    bool log_scale_ = true;
    int sample_index_ = 0;
    std::vector<double> sample_x_, sample_y_; // original and reconstruction of the chosen sample
    // PCA beside the autoencoder for the chosen sample: its reconstruction from k = the bottleneck
    // width components (pca_, fitted on the training split), when show_pca_ is set.
    bool show_pca_ = true;
    std::vector<double> sample_pca_;
    double sample_mse_ = 0, sample_pca_mse_ = 0;
    bool reconstruction_stale_ = true;
    WeightHeatmap heatmap_;
    bool heatmap_stale_ = true;
    // Image inputs: the first layer's units (or 2-D filters) as small images, one per unit.
    ImageAtlas weight_tiles_;
    bool weight_tiles_stale_ = true, weights_as_images_ = true;
    // Per input pixel: 1 if it is constant over the training inputs (MNIST's border). A dense
    // unit's weights there get no gradient and keep their random start, so the tiles show them
    // neutral. Found on first use, cleared with the session.
    std::vector<unsigned char> still_pixels_;
    void draw_weight_tiles(const ae::Layer& l, int fh, int fw, float w, float h);

    // Reconstruction tab for images: the chosen sample (original, reconstruction, residual), a
    // strip of kStrip samples from it (originals over reconstructions), and the kWorst
    // worst-reconstructed samples of the evaluation (sortable; a click selects).
    static constexpr int kStrip = 8, kWorst = 24;
    struct ReconImages {
        ImageAtlas sample, strip, worst;
        float residual_max = 0;     // the residual's colour scale: [-residual_max, residual_max]
        std::vector<int> worst_ids; // sample indices, in the list's current order
        long worst_seen = -1;       // eval_samples_seen_ the list was built from
        int sort_column = 2;        // 0: sample, 1: class, 2: error
        bool sort_ascending = false;
    };
    ReconImages recon_images_;

    // Startup (issue 5: the first frame soon after navigation). The page's first frame draws
    // before the work that can wait one frame: the reconstruction tab's PCA fit and the weight
    // heatmap (its shader program compiles in the GPU process meanwhile) say "Preparing..." and
    // fill in on the next frame. status_json's "startup" reports it (tests/page/startup).
    long frames_done_ = 0;
    std::vector<const char*> preparing_;             // what this frame left for the next one
    std::vector<const char*> first_frame_preparing_; // preparing_ of the first frame
    long prepared_frame_ = -1; // the first frame (counted from 1) that left nothing waiting
    bool first_frame() const { return frames_done_ == 0; }

    // Timing.
    double fps_ = 0.0, fps_window_start_ = 0.0;
    int fps_frames_ = 0;
    double samples_per_second_ = 0.0, sps_window_start_ = 0.0;
    long sps_samples_start_ = 0;
    double train_ms_last_ = 0.0, ui_ms_last_ = 0.0; // UI thread time of the last frame's parts
    // The worker's training time per UI frame (its chunks' time over the fps window's frames).
    double worker_ms_window_ = 0.0, worker_ms_per_frame_ = 0.0;
    // samples/s counts only the time training was on (a run that ends mid-window keeps its rate).
    double sps_training_ms_ = 0.0;
    bool was_training_ = false; // training_ at the last frame's start
    static constexpr double kProfileWindowMs = 1000.0;
    static constexpr const char* kPartNames[kNumParts] = {
        "sync", "header", "experiment", "training", "analysis", "right", "a11y", "imgui_render",
        "gl"};
    double part_sum_[kNumParts] = {}, part_mean_[kNumParts] = {}, part_window_start_ = 0.0;
    int part_frames_ = 0;
    double train_budget_ms_ = kTrainBudgetMs, last_frame_start_ = 0.0, frame_interval_ms_ = 0.0;

    std::vector<Background> backgrounds_;
    Rect ui_train_, ui_pause_, ui_step_, ui_reset_;
    Rect ui_tabs_[7];
    Rect ui_denoise_level_;  // the Denoising tab's level slider
    Rect ui_latent_scatter_; // the latent-space scatter image
    Rect ui_ls_views_[7];    // the latent-space view choices: point, grid, A-B, PCA, draw, prior,
                             // manifold (the last two for a VAE)
    Rect ui_new_samples_;    // the prior view's "New samples" button
    Rect ui_pad_, ui_pad_clear_; // the drawing pad (view 4) and its Clear button
    Rect ui_input_pca_;      // the inputs' PCA plane (view 3)
    Rect ui_noise_, ui_clip_, ui_vae_, ui_l1_; // the Training / Architecture sections' controls
    Rect ui_weight_tiles_, ui_weights_as_images_; // the First layer weights panel
    Rect ui_sens_image_;                          // Features tab: sensitivity as an image
    Rect ui_restore_, ui_discard_;

    // The last CSV file read (panel_experiment.cpp): shown in the dataset section.
    struct CsvFile {
        std::string name, path;
        int rows = 0, columns = 0;
        std::vector<std::string> column_names;
    };
    CsvFile csv_;
    // The last IDX files read: the user's names, where they are kept, what they hold.
    struct IdxFiles {
        std::string images_name, labels_name, images_path, labels_path;
        int images = 0, features = 0, height = 0, width = 0, channels = 0, classes = 0;
    };
    IdxFiles idx_;
    Rect ui_apply_, ui_open_csv_, ui_open_idx_, ui_idx_normal_; // for tests (status_json "ui")
    std::string set_draft_data(const ae::DataConfig& data, ae::Dataset* ds);
    std::string set_draft_csv(const ae::DataConfig& data); // "" or the engine's message
    std::string set_draft_idx(const ae::DataConfig& data); // "" or the engine's message
    void draw_upload_buttons(); // "Open CSV..." and "Open IDX..." on one line

    // The Training panel's Model menu (panel_model.cpp): downloads, exports, open.
    void draw_model_menu(ImVec2 button_size);
    void model_action(int i);
    Rect ui_model_menu_, ui_model_items_[kModelActions];
    bool model_menu_open_ = false;

    std::unique_ptr<ae::Session> pending_restore_; // a validated autosave, offered to the user
    size_t autosaved_epochs_ = 0;                  // history length at the last autosave
    double last_autosave_ms_ = 0.0;
    void maybe_autosave();
    // Accessibility (a11y.cpp): the canvas described in text and events announced, every frame.
    static constexpr double kProgressAnnounceMs = 15000.0, kDescribeMs = 1000.0;
    void update_accessibility();
    std::string describe_training() const;
    std::string describe_analysis() const;
    std::string a11y_announcement_, a11y_description_, a11y_message_;
    int a11y_state_ = -1, a11y_tasks_passed_ = 0;
    double a11y_progress_ms_ = 0.0, a11y_described_ms_ = -1e9;
    void write_autosave(const std::string& checkpoint, size_t epochs);
    void draw_restore_offer();

    // Analysis (issue 3's views over the engine's evaluation): the seeds' numbers, refreshed while
    // training. The PCA is fitted once per session (the training split does not change).
    static constexpr int kNumTabs = 7;
    static constexpr const char* kTabNames[kNumTabs] = {
        "Reconstruction", "Errors & anomalies", "PCA vs autoencoder",
        "Latent codes",   "Latent space",       "Denoising",
        "Features"};
    int analysis_tab_ = 0;
    int select_tab_ = -1; // a tab to open on the next frame (e.g. from the worst-samples list)
    ae::Pca pca_;
    bool pca_fitted_ = false;
    ae::Evaluation eval_;
    bool eval_valid_ = false;
    long eval_samples_seen_ = -1;
    double eval_time_ = 0.0;
    double eval_cost_ms_ = 0.0; // how long the last evaluation (and PCA fit) took
    float k_std_ = 3.0f;
    std::vector<std::vector<double>> latent_cols_; // codes of the evaluation set, per dimension
    long latent_samples_seen_ = -1;

    // Latent space tab: the evaluation set's codes projected to a plane (PCA of the codes, or two
    // chosen dimensions), coloured by eval_.errors (same sample order, same samples_seen), drawn
    // by scatter_; a click decodes the point under the mouse.
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
        // the normal's quantiles (model.h), and the KL per latent dim on the evaluation set.
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

    // Denoising tab: a test-time noise (type, level, clip; seed = the config's) over the
    // evaluation set, the engine's report and sweep (denoise.h). Recomputed when a control changes
    // or eval_ refreshes (eval_samples_seen_: at most every 500 ms while training), never per
    // frame; the sample chooser only picks rows of the report.
    struct DenoiseView {
        bool initialized = false; // controls set from the session's train.noise
        int type = 0;             // 0 gaussian, 1 masking
        double level = 0.3;       // factor or fraction
        double level_max = 0.6;   // twice the training level (default_sweep_max)
        bool clip = true;
        int sample = 0;
        long samples_seen = -1; // of the report (eval_samples_seen_), -1: none yet
        bool stale = true, sweep_stale = true;
        ae::DenoiseReport report;
        ae::DenoiseSweep sweep;
    };
    DenoiseView dn_;
    // Errors tab (tab_errors.cpp): the threshold rule, and with ground truth (the data's anomaly
    // labels) the curves of eval_.errors, recomputed when eval_ changes.
    int threshold_mode_ = 0; // 0: mean + k std, 1: percentile
    float percentile_ = 99.0f;
    double current_threshold() const;           // of eval_.errors under the rule
    const std::vector<int>& eval_truth() const; // anomaly labels of eval_'s split, or empty
    ae::AnomalyCurves anomaly_;
    long anomaly_samples_seen_ = -1;
    bool flagged_by_error_desc_ = true;
    int errors_chart_ = 0; // with ground truth on a short panel: 0 histogram, 1 ROC, 2 PR
    // PCA tab (tab_pca.cpp): PCA's MSE over k beside the AE, refreshed with eval_; the principal
    // angles of a linear decoder recorded once per finished epoch (record_principal_angles, from
    // frame()), reset with the session.
    ae::PcaComparison pca_cmp_;
    long pca_cmp_samples_seen_ = -1;
    std::vector<double> angle_epochs_;
    std::vector<std::vector<double>> angle_series_; // [angle index][record], degrees
    std::string angles_why_;
    size_t angles_recorded_epochs_ = 0;
    void record_principal_angles();
    // Features tab (tab_features.cpp): computed on request (a button), with the epoch they were
    // computed at.
    ae::ProbeComparison probe_;
    bool probe_valid_ = false;
    int probe_epoch_ = 0;
    double probe_ms_ = 0.0; // wall time from the click to the result
    std::unique_ptr<ae::ProbeCodesJob> probe_job_; // running, a slice per frame (step_probe)
    int probe_job_epoch_ = 0;
    double probe_started_ms_ = 0.0;
    ae::Sensitivity sens_;
    bool sens_valid_ = false;
    int sens_epoch_ = 0;
    ImageAtlas sens_image_; // image data: sens_ per pixel, made for sens_image_epoch_/_samples_
    int sens_image_epoch_ = -1, sens_image_samples_ = -1;
    bool sens_image_shape(int* h, int* w) const; // one value per pixel: (h, w)
    Rect ui_run_probe_, ui_run_sensitivity_;

    // The open lesson (panel_lesson.cpp): its checks, refreshed while training at most every
    // kLessonCheckMs (lesson_metrics runs an evaluation), the student id of its variant, and the
    // last share link.
    static constexpr double kLessonCheckMs = 700.0;
    std::unique_ptr<ae::Lesson> lesson_;
    std::string lesson_source_;
    std::string student_id_;
    char student_edit_[101] = {};
    std::vector<ae::CheckResult> lesson_checks_;
    long lesson_checks_seen_ = -1;
    double lesson_checks_time_ = -1e9, lesson_checks_cost_ms_ = 0.0;
    std::string share_url_, share_error_;
    Rect ui_share_, ui_export_submission_, ui_close_lesson_, ui_lesson_tasks_;
};
