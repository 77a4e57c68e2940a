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
//     ImGui and no renderer (web/backend/platform.h makes the browser-or-native choices).
//   - Fixed layout of docked-looking windows computed from the display size: a header, the
//     experiment editor (left), training + reconstruction (centre), summary + weights (right).
// Files: app.cpp (sessions, autosave, status, worker, frame), panels/*.cpp (the fixed windows:
// experiment, training, model menu, analysis host, lesson), tabs/ (the Analysis tabs; errors,
// pca, latent_codes, denoise and features are types that own their state, see frame.h for what
// they read), ui.h (shared helpers and palette), marks.h (the controls tests click).
// Not here: GL/ImGui setup and the JS exports (web/backend/main.cpp), the GL side of the heatmap,
// scatter and atlases (web/backend/*_gl.cpp), plots (plots.h).
#pragma once

#include "web/app/heatmap.h"
#include "web/app/marks.h"
#include "web/app/drawing_pad.h"
#include "web/app/frame.h"
#include "web/app/image_atlas.h"
#include "web/backend/platform.h"
#include "web/app/plots.h"
#include "web/app/scatter.h"
#include "web/app/tabs/denoise.h"
#include "web/app/tabs/errors.h"
#include "web/app/tabs/features.h"
#include "web/app/tabs/latent_codes.h"
#include "web/app/tabs/latent_space.h"
#include "web/app/tabs/pca.h"
#include "web/app/tabs/reconstruction.h"

#include "engine/analysis/denoise.h"
#include "engine/analysis/evaluation.h"
#include "course/lesson.h"
#include "engine/data/source.h"
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
    // A CSV file from the page (picker or drop): held in files_ under "/upload/<name>" (the
    // config's data.path), read by the engine through it; if good it becomes the draft's data (csv, model.input = its feature count) and "" is
    // returned, else the engine's message is shown and returned, and nothing changes. A file over
    // kMaxUploadBytes (file_size) is refused unread (the page does not send its bytes).
    static constexpr double kMaxUploadBytes = 50.0 * 1024 * 1024;
    std::string import_csv(const std::string& file_name, const std::string& bytes,
                           double file_size);
    // IDX files from the page (picker or drop): the images file and optionally its labels file,
    // in either order (told apart by their dimensions: 1 = labels, 2 to 4 = images). Held and
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

    // Opaque panel backgrounds of this frame (device pixels, frame.h), for the backend to clear
    // before ImGui renders.
    using Background = ::Background;
    const std::vector<Background>& backgrounds() const { return frame_.backgrounds; }

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
    const DrawingPad& drawing() const { return latent_tab_.drawing(); } // tests: the pixels
    const ImageAtlas& weight_tiles() const { return weight_tiles_; } // tests: the units' images
    const ImageAtlas& sens_image() const { return features_tab_.sens_image(); } // tests
    const ae::Session& view() const { return *session_; }            // tests: what panels show

  private:
    void offer_restore_now(const std::string& checkpoint); // its data are in place

    std::string example_path(const char* file_name) const;
    void replace_session(std::unique_ptr<ae::Session> s);
    // Runs `create` now when c's dataset is at hand (always natively); else asks the page for the
    // asset, keeps the current session, and runs `create` when dataset_loaded() reports success.
    // Returns whether it ran now.
    bool with_dataset(const ae::Config& c, std::function<void()> create);
    void reset_session();
    void train_slice();
    void update_draft_check();

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
    void update_evaluation(); // recomputes eval_ when training moved (at most every 500 ms)
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
    // What every session and draft reads its data through: the uploads (CSV, IDX) held in memory
    // under the paths their configs name ("/upload/iris.csv", shown as "iris.csv" in messages),
    // else the disk; and data_dir_.
    ae::DataFiles files_;
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


    // Startup (issue 5: the first frame soon after navigation). The page's first frame draws
    // before the work that can wait one frame: the reconstruction tab's PCA fit and the weight
    // heatmap (its shader program compiles in the GPU process meanwhile) say "Preparing..." and
    // fill in on the next frame. status_json's "startup" reports it (tests/page/startup).
    long frames_done_ = 0;
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

    Frame frame_; // what the panels and tabs leave this frame (backgrounds, preparing, requests)
    ui::Marks marks_; // the controls tests click (status_json "ui"), set while drawing

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
    // "" or the engine's message; `files`: the held uploads (files_) or a trial copy with a new one.
    std::string set_draft_data(const ae::DataConfig& data, const ae::DataFiles& files,
                               ae::Dataset* ds);
    std::string set_draft_csv(const ae::DataConfig& data, const ae::DataFiles& files);
    std::string set_draft_idx(const ae::DataConfig& data, const ae::DataFiles& files);
    void draw_upload_buttons(); // "Open CSV..." and "Open IDX..." on one line

    // The Training panel's Model menu (panel_model.cpp): downloads, exports, open.
    void draw_model_menu(ImVec2 button_size);
    void model_action(int i);
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
    // Their controls' names in status_json "ui" (ui::mark).
    static constexpr const char* kTabIds[kNumTabs] = {
        "tab_reconstruction", "tab_errors",  "tab_pca",     "tab_latent",
        "tab_latent_space",   "tab_denoise", "tab_features"};
    int analysis_tab_ = 0;
    int select_tab_ = -1; // a tab to open on the next frame (e.g. from the worst-samples list)
    ae::Pca pca_;
    bool pca_fitted_ = false;
    ae::Evaluation eval_;
    bool eval_valid_ = false;
    long eval_samples_seen_ = -1;
    double eval_time_ = 0.0;
    double eval_cost_ms_ = 0.0; // how long the last evaluation (and PCA fit) took


    // The Analysis tabs that are types of their own (web/app/tabs), and the anomaly threshold
    // they share (its rule is the Errors tab's).
    Threshold threshold_;
    ReconstructionTab recon_tab_;
    LatentSpaceTab latent_tab_;
    ErrorsTab errors_tab_;
    DenoiseTab denoise_tab_;
    PcaTab pca_tab_;
    FeaturesTab features_tab_;
    LatentCodesTab latent_codes_tab_;
    const ae::Pca& fitted_pca(); // pca_, fitted on the training split on first use
    View tab_view() const; // what the tabs read this frame

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
};
