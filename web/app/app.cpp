// app.cpp: see app.h. The App's core: sessions, autosave, status, the worker thread and the
// frame. Sizes are in device pixels (ImGui runs in them); `s` (= devicePixelRatio) turns a
// CSS-pixel design size into device pixels.
#include "web/app/app.h"

#include "web/backend/platform.h"
#include "web/app/plot_png.h"
#include "web/app/plots.h"
#include "web/app/ui.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>
#include "engine/data/open_session.h"

using namespace ui;

ImFont* App::title_font = nullptr;

// ---------------------------------------------------------------------------------------------

void App::apply_theme() {
    // Tab / arrows move between widgets, Space or Enter presses, Escape leaves (ImGui's keys).
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(12, 10);
    st.FramePadding = ImVec2(8, 4);
    st.ItemSpacing = ImVec2(8, 6);
    st.ItemInnerSpacing = ImVec2(6, 4);
    st.CellPadding = ImVec2(6, 3);
    st.IndentSpacing = 16;
    st.ScrollbarSize = 12;
    st.GrabMinSize = 10;
    st.WindowBorderSize = 1;
    st.FrameBorderSize = 0;
    st.WindowRounding = 0; // square, docked-looking panels (their backgrounds are cleared rects)
    st.ChildRounding = 4;
    st.FrameRounding = 4;
    st.PopupRounding = 4;
    st.ScrollbarRounding = 6;
    st.GrabRounding = 4;
    st.TabRounding = 4;
    st.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    ImVec4* c = st.Colors;
    c[ImGuiCol_Text] = ImVec4(0.90f, 0.92f, 0.95f, 1.00f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.59f, 0.66f, 1.00f);
    // Panels are opaque rectangles cleared by main.cpp (see App::backgrounds()); ImGui draws no
    // window or child background, which halves the blended fill SwiftShader has to do.
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.135f, 0.17f, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.22f, 0.25f, 0.31f, 1.00f);
    c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.185f, 0.23f, 1.00f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.24f, 0.30f, 1.00f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.28f, 0.35f, 1.00f);
    c[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.15f, 0.19f, 1.00f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.15f, 0.19f, 1.00f);
    c[ImGuiCol_Header] = ImVec4(0.19f, 0.23f, 0.30f, 1.00f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.30f, 0.40f, 1.00f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.27f, 0.34f, 0.46f, 1.00f);
    c[ImGuiCol_Button] = ImVec4(0.21f, 0.25f, 0.32f, 1.00f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.33f, 0.43f, 1.00f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.31f, 0.38f, 0.50f, 1.00f);
    c[ImGuiCol_CheckMark] = ImVec4(0.34f, 0.71f, 1.00f, 1.00f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.34f, 0.61f, 0.92f, 1.00f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.44f, 0.71f, 1.00f, 1.00f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.28f, 0.62f, 0.95f, 1.00f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.15f, 0.175f, 0.22f, 1.00f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.25f, 0.28f, 0.34f, 1.00f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.19f, 0.21f, 0.26f, 1.00f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.03f);
    c[ImGuiCol_Separator] = ImVec4(0.22f, 0.25f, 0.31f, 1.00f);
}

void App::init(const std::string& examples_dir, const std::string& data_dir) {
    examples_dir_ = examples_dir;
    data_dir_ = data_dir;
    files_.data_dir = data_dir;
    const std::string path = example_path(kExamples[0]);
    const std::string text = read_file(path.c_str());
    std::unique_ptr<ae::Session> s;
    ae::Status st = text.empty() ? ae::Status::Error(path + ": not found in the bundle")
                                 : ae::open_session(text, &s, files_);
    if (!st.ok()) {
        // The bundled example must work; if it does not, start from the engine's defaults and say
        // so.
        std::fprintf(stderr, "aeplay: default experiment: %s\n", st.error.c_str());
        message_ = "Default experiment failed: " + st.error;
        message_is_error_ = true;
        ae::Config c;
        c.input = 8;
        c.data.features = 8;
        c.encoder = {{4, ae::Activation::relu, ae::Init::glorot_uniform}};
        c.decoder = {{8, ae::Activation::sigmoid, ae::Init::glorot_uniform}};
        st = ae::open_session(c, &s);
        if (!st.ok()) return;
    }
    replace_session(std::move(s));
    config_source_ = kExamples[0];
    // The page lives as long as the tab: the worker is never joined (the UI must not block).
    if constexpr (kThreaded) std::thread(&App::worker_loop, this).detach();
    const double now = platform::now_ms();
    fps_window_start_ = sps_window_start_ = now;
}

void App::replace_session(std::unique_ptr<ae::Session> s) {
    const auto hold = lock_session();
    training_ = false;
    if (kThreaded) {
        trainer_ = std::move(s);
        session_ = trainer_->make_view();
        const std::lock_guard<std::mutex> stage(stage_mu_);
        staged_fresh_ = false; // the old trainer's
        staged_checkpoint_.clear();
    } else {
        session_ = std::move(s);
    }
    draft_ = session_->config();
    draft_json_.clear();
    recon_tab_.new_session(*session_);
    heatmap_stale_ = true;
    still_pixels_.clear();
    samples_per_second_ = 0;
    sps_samples_start_ = 0;
    sps_training_ms_ = 0;
    sps_window_start_ = platform::now_ms();
    pca_fitted_ = eval_valid_ = false;
    eval_samples_seen_ = -1;
    latent_codes_tab_.reset();
    pca_tab_.reset();
    features_tab_.reset();
    lesson_checks_.clear();
    lesson_checks_seen_ = -1;
    latent_tab_.new_session();
    denoise_tab_.reset();
    errors_tab_.reset();
    threshold_.invalidate();
    update_draft_check();
}

void App::reset_session() {
    std::unique_ptr<ae::Session> s;
    const ae::Status st = ae::open_session(session_->config(), &s, files_);
    if (!st.ok()) {
        message_ = "Reset failed: " + st.error;
        message_is_error_ = true;
        return;
    }
    const ae::Config keep_draft = draft_;
    replace_session(std::move(s));
    draft_ = keep_draft; // Reset restarts training; it does not throw away edits
    update_draft_check();
}

std::string App::load_config(const std::string& text, const std::string& source_name,
                             bool keep_lesson) {
    if (!keep_lesson && ae::looks_like_lesson(text)) return open_lesson(text, source_name);
    const std::string from = source_name.empty() ? std::string() : " (" + source_name + ")";
    auto refuse = [this, from](const std::string& error) {
        last_load_error_ = error;
        message_ = "Could not load config" + from + ": " + error +
                   "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return error;
    };
    ae::Config c;
    ae::Status st = ae::parse_config(text, &c);
    // The browser's heap: refused before it would overflow (the page's view is a second model).
    if (st.ok())
        st = ae::check_memory_left(c, kThreaded ? 1 : 0, platform::heap_left(),
                                   platform::heap_max());
    if (!st.ok()) return refuse(st.error);
    std::string result;
    auto create = [this, c, source_name, from, refuse, keep_lesson]() mutable {
        std::unique_ptr<ae::Session> s;
        const ae::Status cs = ae::open_session(c, &s, files_);
        if (!cs.ok()) return refuse(cs.error);
        last_load_error_.clear();
        if (!keep_lesson) lesson_.reset();
        replace_session(std::move(s));
        config_source_ = source_name.empty() ? "loaded config" : source_name;
        message_ = "Loaded config" + from + ".";
        message_is_error_ = false;
        return std::string();
    };
    if (!with_dataset(c, [create]() mutable { create(); })) return ""; // applied when it arrives
    return create();
}

namespace {
const char* dataset_title(const std::string& name) {
    return name == "fashion_mnist" ? "Fashion-MNIST" : name == "mnist" ? "MNIST" : name.c_str();
}
} // namespace

bool App::with_dataset(const ae::Config& c, std::function<void()> create) {
    const bool images = c.data.name == "mnist" || c.data.name == "fashion_mnist";
    const std::string path = data_dir_ + "/" + c.data.name + ".bin";
    if (!platform::kFetchesDatasets || !images || std::ifstream(path).good()) {
        dataset_.then = nullptr; // a newer choice than the one waiting for an asset
        create();
        return true;
    }
    const bool fetching = dataset_.state == "loading" && dataset_.name == c.data.name;
    dataset_.then = std::move(create); // the latest request wins
    if (fetching) return false;
    dataset_ = DatasetLoad{c.data.name, "loading", 0, 0, "", std::move(dataset_.then)};
    message_ = std::string("Loading ") + dataset_title(c.data.name) + "...";
    message_is_error_ = false;
    platform::request_dataset(c.data.name.c_str(), path.c_str());
    return false;
}

void App::dataset_progress(const std::string& name, double loaded_bytes, double total_bytes) {
    if (dataset_.state != "loading" || name != dataset_.name) return;
    dataset_.loaded = loaded_bytes;
    dataset_.total = total_bytes;
    char text[96];
    const int decimals = total_bytes < 10e6 ? 1 : 0; // "0.4/1.6 MB", "12/31 MB"
    if (total_bytes > 0)
        std::snprintf(text, sizeof text, "Loading %s %.*f/%.*f MB", dataset_title(name), decimals,
                      loaded_bytes / 1e6, decimals, total_bytes / 1e6);
    else
        std::snprintf(text, sizeof text, "Loading %s %.0f MB", dataset_title(name),
                      loaded_bytes / 1e6);
    message_ = text;
    message_is_error_ = false;
}

void App::dataset_loaded(const std::string& name, const std::string& error) {
    if (dataset_.state != "loading" || name != dataset_.name) return;
    std::function<void()> then = std::move(dataset_.then);
    dataset_.then = nullptr;
    if (!error.empty()) {
        dataset_.state = "error";
        dataset_.error = "could not load " + std::string(dataset_title(name)) + ": " + error;
        last_load_error_ = dataset_.error;
        message_ = "Could not load " + std::string(dataset_title(name)) + ": " + error +
                   "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return;
    }
    dataset_.state = "ready";
    if (then) then();
    const std::string path = data_dir_ + "/" + name + ".bin";
    if (!last_load_error_.empty() && last_load_error_.find(path) != std::string::npos) {
        // A corrupt asset: drop it so that the next attempt fetches it again.
        std::remove(path.c_str());
        dataset_.state = "error";
        dataset_.error = last_load_error_;
    }
}

void App::offer_restore(const std::string& checkpoint) {
    // An image set's asset must be in the file system before the session can be rebuilt.
    ae::Config c;
    const ae::Status cs = ae::Session::checkpoint_config(checkpoint, "the autosaved session", &c);
    if (!cs.ok()) {
        message_ = "Could not restore the last session: " + cs.error;
        message_is_error_ = true;
        return;
    }
    with_dataset(c, [this, checkpoint] { offer_restore_now(checkpoint); });
}

void App::offer_restore_now(const std::string& checkpoint) {
    std::unique_ptr<ae::Session> s;
    const ae::Status st = ae::resume_session(checkpoint, "the autosaved session", &s, files_);
    if (!st.ok()) {
        message_ = "Could not restore the last session: " + st.error;
        for (const char* field : {"data.path", "data.images", "data.labels"}) // not autosaved
            if (st.error.find(std::string(field) + ": cannot open") != std::string::npos) {
                message_ += "\nThe page keeps only the last CSV or IDX files opened: open these "
                            "again, then Apply & reset.";
                break;
            }
        message_is_error_ = true;
        return;
    }
    pending_restore_ = std::move(s);
}

void App::autosave_now() {
    if (!session_) return;
    const auto hold = lock_session();
    const ae::Session& t = trainee(); // the view keeps no optimizer state
    if (t.progress().samples_seen == 0) return; // nothing trained yet
    write_autosave(t.checkpoint(), t.history().loss.size());
}

void App::write_autosave(const std::string& checkpoint, size_t epochs) {
    platform::autosave(checkpoint);
    autosaved_epochs_ = epochs;
    last_autosave_ms_ = platform::now_ms();
}

// Every finished epoch, at most every 2 s (a worker thread finishes small epochs in milliseconds),
// and when training stops; the page also saves on pagehide. While the worker trains, it writes
// the checkpoint after its chunk (load_staged() saves it): the UI does not wait for a batch.
void App::maybe_autosave() {
    const size_t epochs = session_->history().loss.size();
    if (epochs == autosaved_epochs_ || platform::now_ms() - last_autosave_ms_ < 2000.0) return;
    if (kThreaded && training_)
        autosave_due_ = true;
    else
        autosave_now();
}

void App::draw_restore_offer() {
    if (!pending_restore_) return;
    const ae::Progress& p = pending_restore_->progress();
    char text[160];
    std::snprintf(text, sizeof text,
                  "Your last session was saved at epoch %d of %d (batch %d). Restore it?", p.epoch,
                  p.epochs, p.batch);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize("Restore").x + ImGui::CalcTextSize("Discard").x +
                          st.FramePadding.x * 4 + st.ItemSpacing.x * 2;
    const bool one_line = ImGui::CalcTextSize(text).x + buttons + st.WindowPadding.x * 2 <
                          ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.16f, 0.22f, 0.32f, 1.0f));
    const float h =
        ImGui::GetFrameHeightWithSpacing() * (one_line ? 1 : 2) + st.WindowPadding.y * 2;
    ImGui::BeginChild("##restore", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    if (one_line) ImGui::SameLine();
    if (ImGui::Button("Restore")) {
        std::unique_ptr<ae::Session> s = std::move(pending_restore_);
        replace_session(std::move(s));
        config_source_ = "restored session";
        message_ = "Restored the autosaved session; Train continues it.";
        message_is_error_ = false;
        autosaved_epochs_ = session_->history().loss.size();
    }
    ui::mark("restore");
    ImGui::SameLine();
    if (ImGui::Button("Discard")) pending_restore_.reset();
    ui::mark("discard");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

std::string App::config_json() const {
    return ae::config_to_json(session_->config());
}

std::string App::status_json() const {
    const ae::Progress& p = session_->progress();
    const ae::History& h = session_->history();
    nlohmann::json j = {
        {"ready", true},
        {"training", training_.load()},
        {"threads", kThreaded},
        {"done", p.done},
        {"epoch", p.epoch},
        {"epochs", p.epochs},
        {"batch", p.batch},
        {"batches_per_epoch", p.batches_per_epoch},
        {"samples_seen", p.samples_seen},
        {"samples_per_second", samples_per_second_},
        {"fps", fps_},
        // Training time per UI frame where training runs: the worker thread's (its chunks over
        // the last 500 ms, per frame) or, time-sliced, the UI thread's in the last frame.
        {"train_ms_per_frame", kThreaded ? worker_ms_per_frame_ : train_ms_last_},
        {"train_thread", kThreaded ? "worker" : "ui"},
        {"ui_ms_per_frame", ui_ms_last_},
        {"train_budget_ms", train_budget_ms_},

        {"params", session_->model().num_params()},
        {"history", {{"loss", h.loss}, {"val_loss", h.val_loss}}},
        {"error", session_->error()},
        {"config_error", draft_error_},
        {"last_load_error", last_load_error_},
        {"ui", marks_.json()}, // every control ui::mark() recorded
        {"analysis_tab", kTabNames[analysis_tab_]},
        {"startup",
         {{"frames", frames_done_},
          {"first_frame_preparing", first_frame_preparing_},
          {"preparing", frame_.preparing},
          {"prepared_frame", prepared_frame_}}},
        {"a11y", {{"announcement", a11y_announcement_}, {"description", a11y_description_}}},
    };
    for (int i = 0; i < kNumParts; ++i)
        j["frame_ms"][kPartNames[i]] = part_mean_[i];
    j["dataset"] = {{"name", dataset_.name.empty() ? session_->config().data.name : dataset_.name},
                    {"state", dataset_.state},
                    {"loaded_bytes", dataset_.loaded},
                    {"total_bytes", dataset_.total},
                    {"error", dataset_.error}};
    // The session's layers as the Summary panel and the architecture editor show them.
    nlohmann::json layers = nlohmann::json::array();
    for (const ae::SummaryRow& r : session_->model().summary_rows())
        layers.push_back({{"name", r.name}, {"shape", r.shape}, {"params", r.params}});
    j["layers"] = layers;
    j["model_menu_open"] = model_menu_open_;
    const PlotPngRequest& png = last_plot_png();
    j["last_plot_png"] = {{"name", png.name}, {"rect", {png.x, png.y, png.w, png.h}}};
    j["config_source"] = config_source_;
    // The draft (the Experiment panel's edits, applied by "Apply & reset") as the engine reads it.
    j["draft"] = draft_error_.empty() ? nlohmann::json::parse(ae::config_to_json(draft_, -1))
                                      : nlohmann::json(nullptr);
    j["draft_error"] = draft_error_;
    j["weight_tiles"] = {{"count", weights_as_images_ ? weight_tiles_.count() : 0},
                         {"still_pixels", std::count(still_pixels_.begin(), still_pixels_.end(), 1)},
                         {"shape", {weight_tiles_.tile_height(), weight_tiles_.tile_width()}}};
    j["share"] = {{"url", share_url_}, {"error", share_error_}};
    if (lesson_) { // the Lesson panel: what it shows, and its controls
        nlohmann::json tasks = nlohmann::json::array();
        for (size_t i = 0; i < lesson_->tasks.size(); ++i) {
            const ae::CheckResult* c = i < lesson_checks_.size() ? &lesson_checks_[i] : nullptr;
            tasks.push_back({{"id", lesson_->tasks[i].id},
                             {"text", lesson_->tasks[i].text},
                             {"passed", c && c->passed},
                             {"value", c && c->available ? nlohmann::json(c->value) : nullptr},
                             {"check", c ? c->text : ""}});
        }
        j["lesson"] = {
            {"id", lesson_->id},      {"title", lesson_->title},   {"source", lesson_source_},
            {"student", student_id_}, {"locked", lesson_->locked}, {"hidden", lesson_->hidden},
            {"tasks", tasks}};
    }
    if (pending_restore_)
        j["restore_available"] = {{"epoch", pending_restore_->progress().epoch},
                                  {"epochs", pending_restore_->progress().epochs},
                                  {"batch", pending_restore_->progress().batch}};
    if (eval_valid_) {
        j["analysis"] = {{"set", eval_.set},
                         {"samples", eval_.samples},
                         {"mse", eval_.reconstruction.mse},
                         {"rmse", eval_.reconstruction.rmse},
                         {"mae", eval_.reconstruction.mae},
                         {"error_mean", eval_.per_sample.mean},
                         {"error_std", eval_.per_sample.std},
                         {"error_max", eval_.per_sample.max},
                         {"k", threshold_.k},
                         {"threshold_mode", threshold_.mode_name()},
                         {"percentile", threshold_.percentile},
                         {"threshold", threshold_.value},
                         {"flagged", threshold_.flagged},
                         {"pca_k", eval_.pca_k},
                         {"pca_mse", eval_.pca_mse},
                         {"pca_explained", eval_.pca_explained},
                         {"latent_dims", latent_codes_tab_.dims()}};
        // The Errors, PCA and Features tabs' numbers (tabs/errors.cpp, tabs/pca.cpp,
        // tabs/features.cpp), for tests to compare with the engine's.
        nlohmann::json& a = j["analysis"];
        errors_tab_.status(tab_view(), a);
    }
    recon_tab_.status(*session_, j);
    if (session_->model().variational()) { // the VAE's terms, KL per dim and generated images
        for (const auto& [key, v] : {std::pair{"kl", &h.kl},
                                     {"reconstruction", &h.reconstruction},
                                     {"val_kl", &h.val_kl},
                                     {"val_reconstruction", &h.val_reconstruction}})
            j["history"][key] = *v;
    }
    latent_tab_.status(*session_, j);
    pca_tab_.status(tab_view(), j);
    features_tab_.status(j);
    denoise_tab_.status(j);
    // The data the session trains on, and the last CSV and IDX files read
    // (tests/page/data.test.mjs, idx.test.mjs).
    int anomalies_val = 0;
    for (int a : session_->anomaly_val())
        anomalies_val += a;
    j["data"] = {{"name", session_->config().data.name},
                 {"features", session_->config().input},
                 {"train_rows", session_->x_train().rows()},
                 {"val_rows", session_->x_val().rows()},
                 {"anomalies_val", anomalies_val},
                 {"class_names", session_->class_names()},
                 {"draft_name", draft_.data.name},
                 {"draft_input", draft_.input},
                 {"message", message_}};
    if (!csv_.path.empty())
        j["data"]["csv"] = {{"name", csv_.name},
                            {"path", csv_.path},
                            {"rows", csv_.rows},
                            {"columns", csv_.columns},
                            {"label_column", draft_.data.label_index}};
    if (!idx_.images_path.empty())
        j["data"]["idx"] = {{"images", idx_.images_name},      {"labels", idx_.labels_name},
                            {"images_path", idx_.images_path}, {"labels_path", idx_.labels_path},
                            {"samples", idx_.images},          {"features", idx_.features},
                            {"height", idx_.height},           {"width", idx_.width},
                            {"channels", idx_.channels},       {"classes", idx_.classes}};
    // NaN/inf are not JSON; the engine stops on them, but be safe.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void App::begin_panel(const char* name, float x, float y, float w, float h, int flags, ImVec4 bg) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    ImGui::Begin(name, nullptr, flags);
    frame_.backgrounds.push_back({x, y, w, h, bg});
}



// ---------------------------------------------------------------------------------------------
// Per frame

std::unique_lock<std::recursive_mutex> App::lock_session() {
    std::unique_lock<std::recursive_mutex> lk(session_mu_, std::defer_lock);
    ui_waiting_ = true;
    const double since = platform::now_ms();
    while (!lk.try_lock()) { // the worker checks ui_waiting_ after every batch
        // A worker that died holding the lock never yields it, and this loop would keep the
        // page's thread from ever seeing the worker's abort: abort here, and the page says why.
        if (kThreaded && platform::now_ms() - std::max(since, worker_seen_ms_.load()) > kWorkerSilentMs)
            std::abort();
    }
    ui_waiting_ = false;
    return lk;
}

// Pause shows where training stopped: the worker's chunk ends (at most one more batch) and the
// view takes its state in this frame, not a frame later.
void App::pause_training() {
    training_ = false;
    if (!trainer_) return;
    const auto hold = lock_session();
    sync_view();
    recon_tab_.follow_model(), heatmap_stale_ = true;
}

void App::sync_view() {
    if (!trainer_) return;
    const std::lock_guard<std::mutex> stage(stage_mu_);
    trainer_->save_state(&staged_);
    session_->load_state(staged_);
    staged_fresh_ = false;
}

void App::load_staged() {
    const double now = platform::now_ms();
    if (training_ && now - staged_loaded_ms_ < kViewRefreshMs) return;
    std::string checkpoint;
    size_t epochs = 0;
    {
        // Never wait here: the worker holds stage_mu_ only to copy, but one that died inside
        // (out of memory) would hold it forever, and the page could not report the abort.
        const std::unique_lock<std::mutex> stage(stage_mu_, std::try_to_lock);
        if (!stage) return; // the next frame
        if (staged_fresh_) session_->load_state(staged_), staged_loaded_ms_ = now;
        staged_fresh_ = false;
        worker_ms_window_ += staged_worker_ms_;
        staged_worker_ms_ = 0.0;
        checkpoint.swap(staged_checkpoint_);
        epochs = staged_.history.loss.size();
    }
    if (!checkpoint.empty()) write_autosave(checkpoint, epochs);
}

std::string App::example_path(const char* file_name) const {
    return examples_dir_ + "/" + file_name;
}

void App::worker_loop() {
    for (;;) {
        worker_seen_ms_ = platform::now_ms();
        if (!training_ || ui_waiting_) {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            continue;
        }
        std::unique_lock<std::recursive_mutex> lk(session_mu_, std::try_to_lock);
        if (!lk || !trainer_ || !training_) {
            if (lk) lk.unlock();
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            continue;
        }
        const double t0 = platform::now_ms();
        do {
            if (trainer_->train_batches(1) == 0) break;
            worker_seen_ms_ = platform::now_ms();
        } while (!ui_waiting_ && worker_seen_ms_ - t0 < kWorkerChunkMs);
        if (trainer_->done()) training_ = false;
        std::string checkpoint;
        if (autosave_due_.exchange(false)) checkpoint = trainer_->checkpoint();
        const std::lock_guard<std::mutex> stage(stage_mu_);
        trainer_->save_state(&staged_);
        staged_fresh_ = true;
        staged_worker_ms_ += platform::now_ms() - t0;
        if (!checkpoint.empty()) staged_checkpoint_.swap(checkpoint);
    }
}

void App::train_slice() {
    const double t0 = platform::now_ms();
    train_ms_last_ = 0;
    const long seen = session_->progress().samples_seen;
    if (kThreaded || !training_) { // the worker's state, a Step, or what the last slices trained
        if (seen != frame_samples_seen_) recon_tab_.follow_model(), heatmap_stale_ = true;
        frame_samples_seen_ = seen;
    }
    if (kThreaded) return; // the worker trains; load_staged() reported what it did
    if (!training_) return;
    // Smoothed frame interval -> budget: shrink fast when frames are late, grow slowly.
    if (frame_interval_ms_ > kTargetFrameMs)
        train_budget_ms_ *= 0.85;
    else if (frame_interval_ms_ < kTargetFrameMs * 0.8)
        train_budget_ms_ *= 1.05;
    train_budget_ms_ = std::clamp(train_budget_ms_, kMinTrainBudgetMs, kMaxTrainBudgetMs);
    // At least one batch per frame, then as many as fit in the budget.
    do {
        if (session_->train_batches(1) == 0) break;
    } while (platform::now_ms() - t0 < train_budget_ms_);
    train_ms_last_ = platform::now_ms() - t0;
    if (session_->done()) training_ = false;
    // The weights and the reconstruction follow the model every kViewRefreshMs, as the worker
    // build's views do (the progress, the numbers and the curves every frame); at once when the
    // run ends or pauses (above, on the next frame).
    if (!training_ || t0 - views_refreshed_ms_ >= kViewRefreshMs) {
        recon_tab_.follow_model(), heatmap_stale_ = true;
        frame_samples_seen_ = session_->progress().samples_seen;
        views_refreshed_ms_ = t0;
    }
}

void App::update_draft_check() {
    // Structural constraints the editor keeps by construction: input follows the data, and the
    // last decoder layer reconstructs the input.
    if (draft_.data.name != "csv" && draft_.data.name != "idx") // the file's, set on reading
        draft_.input = draft_.data.name == "sequences" ? 5 : draft_.data.features;
    if (!draft_.decoder.empty()) draft_.decoder.back().units = draft_.input;

    const std::string json = ae::config_to_json(draft_);
    if (json == draft_json_) return;
    draft_json_ = json;
    ae::Config parsed;
    const ae::Status st = ae::parse_config(json, &parsed);
    draft_error_ = st.error;
    if (st.ok()) {
        draft_model_ = ae::Model();
        draft_model_.build(parsed);
        // Live values apply to the running session without a reset.
        const ae::Config& cur = session_->config();
        const bool lr = parsed.train.optimizer.learning_rate != cur.train.optimizer.learning_rate;
        if (lr || parsed.train.epochs != cur.train.epochs) {
            const auto hold = lock_session();
            if (lr) trainee().set_learning_rate(parsed.train.optimizer.learning_rate);
            if (parsed.train.epochs != cur.train.epochs) trainee().set_epochs(parsed.train.epochs);
            sync_view();
        }
    }
    draft_dirty_ = canonical_without_live(draft_) != canonical_without_live(session_->config());
}

void App::frame(float dpr) {
    dpr_ = dpr;
    ui::set_marks(&marks_, dpr);
    const double now = platform::now_ms();
    if (last_frame_start_ > 0) {
        const double dt = std::min(now - last_frame_start_, 250.0);
        frame_interval_ms_ = frame_interval_ms_ > 0 ? frame_interval_ms_ * 0.8 + dt * 0.2 : dt;
    }
    if (was_training_ && last_frame_start_ > 0) sps_training_ms_ += now - last_frame_start_;
    was_training_ = training_;
    last_frame_start_ = now;
    ++fps_frames_;
    if (now - fps_window_start_ >= 500.0) {
        fps_ = fps_frames_ * 1000.0 / (now - fps_window_start_);
        worker_ms_per_frame_ = worker_ms_window_ / fps_frames_;
        worker_ms_window_ = 0.0;
        fps_frames_ = 0;
        fps_window_start_ = now;
    }
    if (now - part_window_start_ >= kProfileWindowMs) {
        for (int i = 0; i < kNumParts; ++i) {
            part_mean_[i] = part_frames_ ? part_sum_[i] / part_frames_ : 0.0;
            part_sum_[i] = 0.0;
        }
        part_frames_ = 0;
        part_window_start_ = now;
    }
    ++part_frames_;
    double lap = now; // the parts of this frame, one after the other
    auto end_part = [this, &lap](FramePart part) {
        const double t = platform::now_ms();
        part_sum_[part] += t - lap;
        lap = t;
    };
    frame_.backgrounds.clear();
    frame_.preparing.clear();
    if (!session_) return;
    if (kThreaded) {
        load_staged();
        train_slice();
        maybe_autosave();
    } else {
        const auto hold = lock_session();
        train_slice();
        maybe_autosave();
    }
    features_tab_.step(); // the probe, a slice per frame
    end_part(kPartSync);

    // Samples per second of training time: a window in which training ran less than 100 ms (a
    // Step, or the run ended just after it began) keeps the last rate instead of a decaying one.
    const long seen = session_->progress().samples_seen;
    if (now - sps_window_start_ >= 500.0) {
        if (sps_training_ms_ >= 100.0)
            samples_per_second_ = (seen - sps_samples_start_) * 1000.0 / sps_training_ms_;
        sps_samples_start_ = seen;
        sps_window_start_ = now;
        sps_training_ms_ = 0.0;
    }

    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    const float s = dpr, m = 8 * s;
    const float header_h = 46 * s;
    const float body_y = header_h + m, body_h = disp.y - body_y - m;
    const float left_w = std::clamp(disp.x * 0.27f, 330 * s, 470 * s);
    const float right_w = std::clamp(disp.x * 0.25f, 310 * s, 440 * s);
    const float center_x = m + left_w + m, center_w = disp.x - left_w - right_w - 4 * m;
    // Image data: the Analysis views (images, latent space by class) get the larger share.
    const float train_h = std::floor(body_h * (session_->image_height() > 0 ? 0.36f : 0.60f));
    // The summary gets what its table needs (rows: input, layers, bottleneck; plus title, header,
    // footer), within 30-55% of the column; the weight heatmap takes the rest.
    const int summary_rows =
        (draft_error_.empty() ? draft_model_ : session_->model()).num_layers() + 2;
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float summary_need = row_h * (summary_rows + 1) +
                               ImGui::GetTextLineHeightWithSpacing() * 5.5f +
                               ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2;
    const float summary_h = std::floor(std::clamp(summary_need, body_h * 0.30f, body_h * 0.55f));

    draw_header(0, 0, disp.x, header_h);
    end_part(kPartHeader);
    draw_experiment(m, body_y, left_w, body_h);
    end_part(kPartExperiment);
    draw_training(center_x, body_y, center_w, train_h);
    end_part(kPartTraining);
    if (pca_tab_.wants_angles(*session_)) pca_tab_.record_angles(*session_, fitted_pca());
    draw_analysis(center_x, body_y + train_h + m, center_w, body_h - train_h - m);
    end_part(kPartAnalysis);
    if (lesson_) { // the lesson takes the weights' place, above the summary
        draw_lesson(center_x + center_w + m, body_y, right_w, body_h - summary_h - m);
        draw_summary(center_x + center_w + m, body_y + body_h - summary_h, right_w, summary_h);
    } else {
        draw_summary(center_x + center_w + m, body_y, right_w, summary_h);
        draw_weights(center_x + center_w + m, body_y + summary_h + m, right_w,
                     body_h - summary_h - m);
    }
    end_part(kPartRight);
    update_accessibility();
    end_part(kPartA11y);
    if (first_frame()) first_frame_preparing_ = frame_.preparing;
    ++frames_done_;
    if (prepared_frame_ < 0 && frame_.preparing.empty()) prepared_frame_ = frames_done_;
    ui_ms_last_ = platform::now_ms() - now - train_ms_last_;
}
