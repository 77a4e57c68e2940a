// app.cpp: see app.h. Sizes are in device pixels (ImGui runs in them); `s` (= devicePixelRatio)
// turns a CSS-pixel design size into device pixels.
#include "app.h"

#include "platform.h"
#include "plots.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

ImFont* App::title_font = nullptr;

namespace {

// Continues the current line when `text` fits in what is left of it, else starts a new line
// (status text never runs past the panel's edge).
void same_line_if_fits(const char* text, float spacing) {
    const float used = ImGui::GetItemRectMax().x + spacing;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (used + ImGui::CalcTextSize(text).x <= right) ImGui::SameLine(0, spacing);
}

// The bundled examples, file names in App's examples directory; the first is the default.
const char* const kExamples[] = {"seed000_dense.json", "seed001_linear.json"};

const ImU32 kColorLoss = IM_COL32(86, 180, 255, 255); // train: blue
const ImU32 kColorVal = IM_COL32(255, 159, 67, 255);  // validation: orange
const ImVec4 kColorError = ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kColorWarn = ImVec4(1.0f, 0.78f, 0.30f, 1.0f);
const ImVec4 kColorOk = ImVec4(0.45f, 0.85f, 0.55f, 1.0f);
const ImVec4 kColorDim = ImVec4(0.60f, 0.64f, 0.72f, 1.0f);
constexpr double kOverfitRatio = 1.5; // the seeds' warning threshold on val_loss / loss

const ImVec4 kHeaderBg = ImVec4(0.075f, 0.09f, 0.115f, 1.0f);

const ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

std::string read_file(const char* path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string with_commas(long v) {
    std::string s = std::to_string(v), out;
    const int lead = int(s.size()) % 3;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (int(i) - lead) % 3 == 0 && s[i - 1] != '-') out += ',';
        out += s[i];
    }
    return out;
}

// The draft with the session's live values, to tell "needs Apply" apart from "live change".
std::string canonical_without_live(ae::Config c) {
    c.train.optimizer.learning_rate = 0;
    c.train.epochs = 0;
    return ae::config_to_json(c, -1);
}

// A label left of a full-width widget, in a two-column form.
void form_label(const char* label, float label_w) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

bool combo_names(const char* id, int* index, const char* const* names, int count) {
    bool changed = false;
    if (ImGui::BeginCombo(id, names[*index])) {
        for (int i = 0; i < count; ++i) {
            if (ImGui::Selectable(names[i], i == *index)) {
                *index = i;
                changed = true;
            }
            if (i == *index) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool colored_button(const char* label, ImVec4 color, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          ImVec4(color.x * 1.15f, color.y * 1.15f, color.z * 1.15f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive,
                          ImVec4(color.x * 0.85f, color.y * 0.85f, color.z * 0.85f, 1));
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(3);
    return pressed;
}

} // namespace

// ---------------------------------------------------------------------------------------------

void App::apply_theme() {
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

void App::init(const std::string& examples_dir) {
    examples_dir_ = examples_dir;
    const std::string path = example_path(kExamples[0]);
    const std::string text = read_file(path.c_str());
    std::unique_ptr<ae::Session> s;
    ae::Status st = text.empty() ? ae::Status::Error(path + ": not found in the bundle")
                                 : ae::Session::create(text, &s);
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
        st = ae::Session::create(c, &s);
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
    session_ = std::move(s);
    training_ = false;
    draft_ = session_->config();
    draft_json_.clear();
    reconstruction_stale_ = heatmap_stale_ = true;
    samples_per_second_ = 0;
    sps_samples_start_ = 0;
    sps_window_start_ = platform::now_ms();
    sample_index_ = std::min(sample_index_, std::max(0, int(session_->x_val().rows()) - 1));
    pca_fitted_ = eval_valid_ = false;
    eval_samples_seen_ = latent_samples_seen_ = -1;
    latent_cols_.clear();
    const bool use_pca = ls_.use_pca;
    ls_ = LatentSpace{};
    ls_.use_pca = use_pca;
    update_draft_check();
}

void App::reset_session() {
    std::unique_ptr<ae::Session> s;
    const ae::Status st = ae::Session::create(session_->config(), &s);
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

std::string App::load_config(const std::string& text, const std::string& source_name) {
    const std::string from = source_name.empty() ? std::string() : " (" + source_name + ")";
    ae::Config c;
    ae::Status st = ae::parse_config(text, &c);
    std::unique_ptr<ae::Session> s;
    if (st.ok()) st = ae::Session::create(c, &s);
    if (!st.ok()) {
        last_load_error_ = st.error;
        message_ = "Could not load config" + from + ": " + st.error +
                   "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return st.error;
    }
    last_load_error_.clear();
    replace_session(std::move(s));
    config_source_ = source_name.empty() ? "loaded config" : source_name;
    message_ = "Loaded config" + from + ".";
    message_is_error_ = false;
    return "";
}

void App::offer_restore(const std::string& checkpoint) {
    std::unique_ptr<ae::Session> s;
    const ae::Status st = ae::Session::resume(checkpoint, "the autosaved session", &s);
    if (!st.ok()) {
        message_ = "Could not restore the last session: " + st.error;
        message_is_error_ = true;
        return;
    }
    pending_restore_ = std::move(s);
}

void App::autosave_now() {
    if (!session_ || session_->progress().samples_seen == 0) return; // nothing trained yet
    platform::autosave(session_->checkpoint());
    autosaved_epochs_ = session_->history().loss.size();
    last_autosave_ms_ = platform::now_ms();
}

// Every finished epoch, at most every 2 s (a worker thread finishes small epochs in milliseconds),
// and when training stops; the page also saves on pagehide.
void App::maybe_autosave() {
    const size_t epochs = session_->history().loss.size();
    if (epochs == autosaved_epochs_ || platform::now_ms() - last_autosave_ms_ < 2000.0) return;
    autosave_now();
}

void App::draw_restore_offer() {
    if (!pending_restore_) return;
    const ae::Progress& p = pending_restore_->progress();
    char text[160];
    std::snprintf(text, sizeof text, "Your last session was saved at epoch %d of %d (batch %d). Restore it?", p.epoch, p.epochs,
                  p.batch);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize("Restore").x + ImGui::CalcTextSize("Discard").x + st.FramePadding.x * 4 +
                          st.ItemSpacing.x * 2;
    const bool one_line = ImGui::CalcTextSize(text).x + buttons + st.WindowPadding.x * 2 < ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.16f, 0.22f, 0.32f, 1.0f));
    const float h = ImGui::GetFrameHeightWithSpacing() * (one_line ? 1 : 2) + st.WindowPadding.y * 2;
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
    ui_restore_ = item_rect();
    ImGui::SameLine();
    if (ImGui::Button("Discard")) pending_restore_.reset();
    ui_discard_ = item_rect();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

std::string App::config_json() const {
    return ae::config_to_json(session_->config());
}

std::string App::status_json() const {
    const ae::Progress& p = session_->progress();
    const ae::History& h = session_->history();
    auto rect = [](const Rect& r) { return nlohmann::json::array({r.x, r.y, r.w, r.h}); };
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
        {"train_ms_per_frame", train_ms_last_},
        {"ui_ms_per_frame", ui_ms_last_},
        {"train_budget_ms", train_budget_ms_},

        {"params", session_->model().num_params()},
        {"history", {{"loss", h.loss}, {"val_loss", h.val_loss}}},
        {"error", session_->error()},
        {"config_error", draft_error_},
        {"last_load_error", last_load_error_},
        {"ui",
         {{"train", rect(ui_train_)},
          {"pause", rect(ui_pause_)},
          {"step", rect(ui_step_)},
          {"reset", rect(ui_reset_)},
          {"tab_reconstruction", rect(ui_tabs_[0])},
          {"tab_errors", rect(ui_tabs_[1])},
          {"tab_pca", rect(ui_tabs_[2])},
          {"tab_latent", rect(ui_tabs_[3])},
          {"tab_latent_space", rect(ui_tabs_[4])},
          {"latent_scatter", rect(ui_latent_scatter_)}}},
        {"analysis_tab", kTabNames[analysis_tab_]},
    };
    j["ui"]["restore"] = rect(ui_restore_);
    j["ui"]["discard"] = rect(ui_discard_);
    if (pending_restore_)
        j["restore_available"] = {{"epoch", pending_restore_->progress().epoch},
                                  {"epochs", pending_restore_->progress().epochs},
                                  {"batch", pending_restore_->progress().batch}};
    if (eval_valid_) {
        const double threshold = eval_.per_sample.mean + k_std_ * eval_.per_sample.std;
        int flagged = 0;
        for (double e : eval_.errors) flagged += e > threshold;
        j["analysis"] = {{"set", eval_.set},
                         {"samples", eval_.samples},
                         {"mse", eval_.reconstruction.mse},
                         {"error_mean", eval_.per_sample.mean},
                         {"error_std", eval_.per_sample.std},
                         {"error_max", eval_.per_sample.max},
                         {"k", k_std_},
                         {"threshold", threshold},
                         {"flagged", flagged},
                         {"pca_k", eval_.pca_k},
                         {"pca_mse", eval_.pca_mse},
                         {"pca_explained", eval_.pca_explained},
                         {"latent_dims", int(latent_cols_.size())}};
    }
    if (ls_.samples_seen >= 0)
        j["latent_space"] = {{"points", scatter_.points()},
                             {"projection", ls_.use_pca && ls_.k > 2 ? "pca" : "dims"},
                             {"decoded_point", ls_.has_decoded ? nlohmann::json::array({ls_.decoded_xy[0], ls_.decoded_xy[1]})
                                                               : nlohmann::json(nullptr)},
                             {"decoded_length", ls_.has_decoded ? int(ls_.decoded.size()) : 0}};
    // NaN/inf are not JSON; the engine stops on them, but be safe.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void App::begin_panel(const char* name, float x, float y, float w, float h, int flags, ImVec4 bg) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    ImGui::Begin(name, nullptr, flags);
    backgrounds_.push_back({x, y, w, h, bg});
}

void App::add_plot_background(const PlotArea& a) {
    if (a.max.x > a.min.x && a.max.y > a.min.y)
        backgrounds_.push_back({a.min.x, a.min.y, a.max.x - a.min.x, a.max.y - a.min.y,
                                ImGui::ColorConvertU32ToFloat4(kPlotBackground)});
}

App::Rect App::item_rect() const {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x / dpr_, a.y / dpr_, (b.x - a.x) / dpr_, (b.y - a.y) / dpr_};
}

// ---------------------------------------------------------------------------------------------
// Per frame

std::unique_lock<std::mutex> App::lock_session() {
    std::unique_lock<std::mutex> lk(session_mu_, std::defer_lock);
    ui_waiting_ = true;
    while (!lk.try_lock()) {
    } // the worker checks ui_waiting_ after every batch (well under a millisecond)
    ui_waiting_ = false;
    return lk;
}

std::string App::example_path(const char* file_name) const {
    return examples_dir_ + "/" + file_name;
}

void App::worker_loop() {
    for (;;) {
        if (!training_ || ui_waiting_) {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
            continue;
        }
        std::unique_lock<std::mutex> lk(session_mu_, std::try_to_lock);
        if (!lk || !session_ || !training_) {
            if (lk) lk.unlock();
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            continue;
        }
        const double t0 = platform::now_ms();
        do {
            if (session_->train_batches(1) == 0) break;
        } while (!ui_waiting_ && platform::now_ms() - t0 < kWorkerChunkMs);
        if (session_->done()) training_ = false;
        worker_ms_ += platform::now_ms() - t0;
    }
}

void App::train_slice() {
    const double t0 = platform::now_ms();
    train_ms_last_ = 0;
    const long seen = session_->progress().samples_seen;
    if (seen != frame_samples_seen_) reconstruction_stale_ = heatmap_stale_ = true;
    frame_samples_seen_ = seen;
    if (kThreaded) { // the worker trains; the UI only reports what it did
        train_ms_last_ = worker_ms_;
        worker_ms_ = 0.0;
        return;
    }
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
    reconstruction_stale_ = heatmap_stale_ = true;
    frame_samples_seen_ = session_->progress().samples_seen;
    if (session_->done()) training_ = false;
}

void App::update_draft_check() {
    // Structural constraints the editor keeps by construction: input follows the data, and the
    // last decoder layer reconstructs the input.
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
        if (parsed.train.optimizer.learning_rate != cur.train.optimizer.learning_rate)
            session_->set_learning_rate(parsed.train.optimizer.learning_rate);
        if (parsed.train.epochs != cur.train.epochs) session_->set_epochs(parsed.train.epochs);
    }
    draft_dirty_ = canonical_without_live(draft_) != canonical_without_live(session_->config());
}

void App::update_reconstruction() {
    if (!reconstruction_stale_) return;
    reconstruction_stale_ = false;
    const bool has_val = session_->x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session_->x_val() : session_->x_train();
    if (x.rows() == 0) return;
    sample_index_ = std::clamp(sample_index_, 0, int(x.rows()) - 1);
    const int d = int(x.cols());
    std::vector<float> out(d);
    session_->model().reconstruct(x.row(sample_index_).data(), 1, out.data());
    sample_x_.assign(x.row(sample_index_).data(), x.row(sample_index_).data() + d);
    sample_y_.assign(out.begin(), out.end());
}

void App::frame(float dpr) {
    dpr_ = dpr;
    const double now = platform::now_ms();
    if (last_frame_start_ > 0) {
        const double dt = std::min(now - last_frame_start_, 250.0);
        frame_interval_ms_ = frame_interval_ms_ > 0 ? frame_interval_ms_ * 0.8 + dt * 0.2 : dt;
    }
    last_frame_start_ = now;
    ++fps_frames_;
    if (now - fps_window_start_ >= 500.0) {
        fps_ = fps_frames_ * 1000.0 / (now - fps_window_start_);
        fps_frames_ = 0;
        fps_window_start_ = now;
    }
    backgrounds_.clear();
    if (!session_) return;
    const std::unique_lock<std::mutex> hold = lock_session();

    train_slice();
    maybe_autosave();

    const long seen = session_->progress().samples_seen;
    if (now - sps_window_start_ >= 500.0) {
        if (training_ || seen != sps_samples_start_)
            samples_per_second_ = (seen - sps_samples_start_) * 1000.0 / (now - sps_window_start_);
        sps_samples_start_ = seen;
        sps_window_start_ = now;
    }

    const ImVec2 disp = ImGui::GetIO().DisplaySize;
    const float s = dpr, m = 8 * s;
    const float header_h = 46 * s;
    const float body_y = header_h + m, body_h = disp.y - body_y - m;
    const float left_w = std::clamp(disp.x * 0.27f, 330 * s, 470 * s);
    const float right_w = std::clamp(disp.x * 0.25f, 310 * s, 440 * s);
    const float center_x = m + left_w + m, center_w = disp.x - left_w - right_w - 4 * m;
    const float train_h = std::floor(body_h * 0.60f);
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
    draw_experiment(m, body_y, left_w, body_h);
    draw_training(center_x, body_y, center_w, train_h);
    draw_analysis(center_x, body_y + train_h + m, center_w, body_h - train_h - m);
    draw_summary(center_x + center_w + m, body_y, right_w, summary_h);
    draw_weights(center_x + center_w + m, body_y + summary_h + m, right_w, body_h - summary_h - m);
    ui_ms_last_ = platform::now_ms() - now - train_ms_last_;
}

// ---------------------------------------------------------------------------------------------
// Panels

void App::draw_header(float x, float y, float w, float h) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    begin_panel("##header", x, y, w, h,
                kPanelFlags | ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoScrollbar,
                kHeaderBg);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float s = dpr_;
    // Logo: a tiny bottleneck (wide - narrow - wide) drawn with three bars.
    const float cy = y + h * 0.5f, lx = x + 14 * s;
    const ImU32 logo = IM_COL32(86, 180, 255, 255), logo2 = IM_COL32(255, 159, 67, 255);
    dl->AddRectFilled(ImVec2(lx, cy - 12 * s), ImVec2(lx + 5 * s, cy + 12 * s), logo, 2 * s);
    dl->AddRectFilled(ImVec2(lx + 8 * s, cy - 5 * s), ImVec2(lx + 13 * s, cy + 5 * s), logo2,
                      2 * s);
    dl->AddRectFilled(ImVec2(lx + 16 * s, cy - 12 * s), ImVec2(lx + 21 * s, cy + 12 * s), logo,
                      2 * s);

    ImFont* tf = title_font ? title_font : ImGui::GetFont();
    const char* title = "AE Playground";
    const ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, title);
    dl->AddText(tf, tf->FontSize, ImVec2(lx + 32 * s, cy - ts.y * 0.5f),
                IM_COL32(236, 240, 246, 255), title);
    const char* sub = "train a small autoencoder in your browser";
    const float fh = ImGui::GetFontSize();
    dl->AddText(ImVec2(lx + 32 * s + ts.x + 14 * s, cy - fh * 0.5f + 1 * s),
                IM_COL32(140, 150, 168, 255), sub);

    // Right side: state and frame rate.
    const ae::Progress& p = session_->progress();
    char right[160];
    const char* state = !session_->error().empty() ? "Stopped (error)"
                        : training_                ? "Training"
                        : p.done                   ? "Finished"
                        : p.samples_seen > 0       ? "Paused"
                                                   : "Ready";
    std::snprintf(right, sizeof right, "%s   \xC2\xB7   %s   \xC2\xB7   %.0f fps", state,
                  kThreaded ? "worker thread" : "time-sliced", fps_);
    const float rw = ImGui::CalcTextSize(right).x;
    const ImU32 state_col = training_ ? IM_COL32(115, 217, 140, 255) : IM_COL32(190, 198, 212, 255);
    dl->AddText(ImVec2(x + w - rw - 16 * s, cy - fh * 0.5f), state_col, right);
    dl->AddLine(ImVec2(x, y + h - 1), ImVec2(x + w, y + h - 1), IM_COL32(255, 255, 255, 28), 1.0f);
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void App::draw_experiment(float x, float y, float w, float h) {
    begin_panel("Experiment", x, y, w, h, kPanelFlags);
    const float s = dpr_;

    // Files: examples, import, export.
    {
        const float bw = ImGui::CalcTextSize("Import...").x + ImGui::GetStyle().FramePadding.x * 2;
        const float ew = ImGui::CalcTextSize("Export").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - bw - ew -
                                ImGui::GetStyle().ItemSpacing.x * 2);
        if (ImGui::BeginCombo("##example", config_source_.c_str())) {
            for (const char* e : kExamples)
                if (ImGui::Selectable(e, config_source_ == e))
                    load_config(read_file(example_path(e).c_str()), e);
            ImGui::EndCombo();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load a bundled example experiment");
        ImGui::SameLine();
        if (ImGui::Button("Import...")) platform::open_file_picker();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load a config JSON file");
        ImGui::SameLine();
        if (ImGui::Button("Export"))
            platform::download_text("aeplay_config.json", config_json().c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download the applied config as JSON");
    }
    if (!message_.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - ImGui::GetFrameHeight() -
                               ImGui::GetStyle().ItemSpacing.x);
        ImGui::TextColored(message_is_error_ ? kColorError : kColorOk, "%s", message_.c_str());
        ImGui::PopTextWrapPos();
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::GetFrameHeight());
        ImGui::SetCursorPosY(ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y);
        if (ImGui::SmallButton("x##dismiss")) message_.clear();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss this message");
    }
    ImGui::Spacing();

    // The editable draft scrolls; the apply bar stays at the bottom.
    const float bar_h = ImGui::GetFrameHeightWithSpacing() * 2.4f +
                        (draft_error_.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 3);
    ImGui::BeginChild("##draft", ImVec2(0, -bar_h), false);
    draw_dataset_section();
    draw_architecture_section();
    draw_training_section();
    ImGui::EndChild();
    update_draft_check();

    ImGui::Separator();
    if (!draft_error_.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorError, "Config error: %s", draft_error_.c_str());
        ImGui::PopTextWrapPos();
    }
    const bool can_apply = draft_dirty_ && draft_error_.empty();
    ImGui::BeginDisabled(!can_apply);
    if (colored_button("Apply & reset",
                       can_apply ? ImVec4(0.20f, 0.45f, 0.78f, 1) : ImVec4(0.21f, 0.25f, 0.32f, 1),
                       ImVec2(ImGui::GetContentRegionAvail().x * 0.5f - 4 * s, 0))) {
        std::unique_ptr<ae::Session> ns;
        const ae::Status st = ae::Session::create(draft_json_, &ns);
        if (st.ok()) {
            replace_session(std::move(ns));
            config_source_ = "edited config";
            message_ = "Applied: new model, training restarts from epoch 0.";
            message_is_error_ = false;
        } else {
            draft_error_ = st.error;
        }
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!draft_dirty_ && draft_error_.empty());
    if (ImGui::Button("Revert edits", ImVec2(-1, 0))) {
        draft_ = session_->config();
        update_draft_check();
    }
    ImGui::EndDisabled();
    if (draft_dirty_ && draft_error_.empty())
        ImGui::TextColored(kColorWarn, "Edited: apply to rebuild the model.");
    else if (draft_error_.empty())
        ImGui::TextColored(kColorDim, "Applied. Learning rate and epochs change live.");
    ImGui::End();
}

void App::draw_dataset_section() {
    const float lw = ImGui::GetFontSize() * 7.5f;
    if (!ImGui::CollapsingHeader("Dataset", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushID("data");
    int data = draft_.data.name == "sequences" ? 1 : 0;
    form_label("Data", lw);
    if (combo_names("##name", &data, ae::kDataNames, 2)) draft_.data.name = ae::kDataNames[data];
    form_label("Samples", lw);
    ImGui::InputInt("##samples", &draft_.data.samples, 100, 1000);
    if (data == 0) {
        form_label("Features", lw);
        ImGui::InputInt("##features", &draft_.data.features, 1, 10);
    } else {
        form_label("Noise", lw);
        ImGui::InputDouble("##noise", &draft_.data.noise, 0.1, 1.0, "%.2f");
    }
    int scaling = int(draft_.data.scaling);
    form_label("Scaling", lw);
    if (combo_names("##scaling", &scaling, ae::kScalingNames, 3))
        draft_.data.scaling = ae::Scaling(scaling);
    form_label("Seed", lw);
    long long seed = (long long)draft_.seed;
    if (ImGui::InputScalar("##seed", ImGuiDataType_S64, &seed))
        draft_.seed = seed < 0 ? 0 : uint64_t(seed);
    ImGui::PopID();
    ImGui::Spacing();
}

bool App::draw_layer_table(const char* id, std::vector<ae::LayerConfig>& layers,
                           bool lock_last_units) {
    bool changed = false;
    int remove = -1;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
    if (ImGui::BeginTable(id, 4, flags)) {
        const float fs = ImGui::GetFontSize();
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, fs * 1.2f);
        ImGui::TableSetupColumn("Units", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Activation", ImGuiTableColumnFlags_WidthStretch, 1.15f);
        ImGui::TableSetupColumn("##remove", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetFrameHeight());
        ImGui::TableHeadersRow();
        for (int i = 0; i < int(layers.size()); ++i) {
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::Text("%d", i + 1);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            const bool locked = lock_last_units && i + 1 == int(layers.size());
            if (locked) {
                ImGui::BeginDisabled();
                int u = layers[i].units;
                ImGui::InputInt("##units", &u, 0, 0);
                ImGui::EndDisabled();
                if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                    ImGui::SetTooltip("The last decoder layer reconstructs the input: its units "
                                      "follow the input size.");
            } else if (ImGui::InputInt("##units", &layers[i].units, 0, 0)) {
                changed = true;
            }
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            int act = int(layers[i].activation);
            if (combo_names("##act", &act, ae::kActivationNames, 6)) {
                layers[i].activation = ae::Activation(act);
                changed = true;
            }
            ImGui::TableNextColumn();
            ImGui::BeginDisabled(layers.size() <= 1 || locked);
            if (ImGui::Button("x", ImVec2(ImGui::GetFrameHeight(), 0))) remove = i;
            ImGui::EndDisabled();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this layer");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove >= 0) {
        layers.erase(layers.begin() + remove);
        changed = true;
    }
    ImGui::PushID(id);
    if (ImGui::SmallButton("+ Add layer")) {
        // A new hidden layer: before the locked output layer of the decoder, else at the end.
        ae::LayerConfig l =
            layers.empty() ? ae::LayerConfig{16, ae::Activation::relu, ae::Init::glorot_uniform}
                           : layers.back();
        if (lock_last_units && !layers.empty()) {
            l.units = layers.size() >= 2 ? layers[layers.size() - 2].units : 32;
            l.activation = ae::Activation::relu;
            layers.insert(layers.end() - 1, l);
        } else {
            l.units = std::max(2, l.units / 2);
            layers.push_back(l);
        }
        changed = true;
    }
    ImGui::PopID();
    return changed;
}

void App::draw_architecture_section() {
    if (!ImGui::CollapsingHeader("Architecture (dense)", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::TextColored(kColorDim, "Input: %d features (from the data)", draft_.input);
    ImGui::Spacing();
    ImGui::TextUnformatted("Encoder");
    draw_layer_table("##encoder", draft_.encoder, false);
    ImGui::Spacing();
    ImGui::TextUnformatted("Decoder");
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Mirror encoder").x -
                    ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().WindowPadding.x * 0);
    if (ImGui::SmallButton("Mirror encoder")) {
        // Decoder = encoder's hidden widths reversed, then the output layer (input units), keeping
        // the current output activation.
        const ae::Activation out_act =
            draft_.decoder.empty() ? ae::Activation::sigmoid : draft_.decoder.back().activation;
        std::vector<ae::LayerConfig> dec;
        for (int i = int(draft_.encoder.size()) - 2; i >= 0; --i)
            dec.push_back(draft_.encoder[i]);
        dec.push_back({draft_.input, out_act, ae::Init::glorot_uniform});
        draft_.decoder = dec;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Decoder = the encoder's hidden layers in reverse, then the output layer");
    draw_layer_table("##decoder", draft_.decoder, true);
    ImGui::Spacing();
}

void App::draw_training_section() {
    const float lw = ImGui::GetFontSize() * 7.5f;
    if (!ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushID("train");
    ae::TrainConfig& t = draft_.train;
    int opt = int(t.optimizer.type);
    form_label("Optimizer", lw);
    if (combo_names("##opt", &opt, ae::kOptimizerNames, 3)) {
        const bool was_default = t.optimizer.learning_rate ==
                                 (t.optimizer.type == ae::OptimizerType::sgd ? 0.01 : 0.001);
        t.optimizer.type = ae::OptimizerType(opt);
        if (was_default)
            t.optimizer.learning_rate = t.optimizer.type == ae::OptimizerType::sgd ? 0.01 : 0.001;
    }
    form_label("Learning rate", lw);
    ImGui::InputDouble("##lr", &t.optimizer.learning_rate, 0.0, 0.0, "%.6g");
    int loss = int(t.loss);
    form_label("Loss", lw);
    if (combo_names("##loss", &loss, ae::kLossNames, 3)) t.loss = ae::Loss(loss);
    form_label("Epochs", lw);
    ImGui::InputInt("##epochs", &t.epochs, 1, 10);
    form_label("Batch size", lw);
    ImGui::InputInt("##batch", &t.batch_size, 1, 16);
    form_label("Validation", lw);
    float vs = float(t.validation_split);
    if (ImGui::SliderFloat("##val", &vs, 0.0f, 0.9f, "split %.2f"))
        t.validation_split = std::round(vs * 100) / 100.0;
    form_label("Shuffle", lw);
    ImGui::Checkbox("##shuffle", &t.shuffle);
    ImGui::SameLine();
    ImGui::TextColored(kColorDim, "each epoch");
    ImGui::PopID();
}

void App::draw_training(float x, float y, float w, float h) {
    begin_panel("Training", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    draw_restore_offer(); // first: Restore replaces the session the lines below read
    const float s = dpr_;
    const ae::Progress& p = session_->progress();
    const ae::History& hist = session_->history();
    const ImVec2 bsize(ImGui::GetFontSize() * 5.0f, ImGui::GetFrameHeight() * 1.15f);

    ImGui::BeginDisabled(training_ || p.done);
    if (colored_button("Train", ImVec4(0.16f, 0.55f, 0.33f, 1), bsize)) training_ = true;
    ui_train_ = item_rect();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!training_);
    if (ImGui::Button("Pause", bsize)) training_ = false;
    ui_pause_ = item_rect();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(p.done);
    if (ImGui::Button("Step", bsize)) {
        training_ = false;
        session_->train_batches(1);
        reconstruction_stale_ = heatmap_stale_ = true;
    }
    ui_step_ = item_rect();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Train one mini-batch");
    ImGui::SameLine();
    if (ImGui::Button("Reset", bsize)) reset_session();
    ui_reset_ = item_rect();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("New initial weights (same seed), back to epoch 0");

    ImGui::SameLine(0, 20 * s);
    const float cb_w = ImGui::GetFrameHeight() + ImGui::CalcTextSize("Log scale").x +
                       ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (bsize.y - ImGui::GetFrameHeight()) * 0.5f);
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - cb_w);
    ImGui::Checkbox("Log scale", &log_scale_);

    // Progress over the whole run.
    const long total = long(p.epochs) * p.batches_per_epoch;
    const long done_b = long(p.epoch) * p.batches_per_epoch + p.batch;
    char overlay[160];
    std::snprintf(overlay, sizeof overlay,
                  "Epoch %d / %d   \xC2\xB7   batch %d / %d   \xC2\xB7   %s samples/s", p.epoch,
                  p.epochs, p.batch, p.batches_per_epoch,
                  with_commas(long(std::lround(samples_per_second_))).c_str());
    // The overlay is centred (ImGui puts it at the end of the fill, where it collides with the
    // edge).
    ImGui::ProgressBar(total > 0 ? float(double(done_b) / total) : 0.0f,
                       ImVec2(-1, ImGui::GetFrameHeight() * 1.1f), "");
    {
        const ImVec2 b0 = ImGui::GetItemRectMin(), b1 = ImGui::GetItemRectMax(),
                     ts = ImGui::CalcTextSize(overlay);
        const ImVec2 tp(std::floor((b0.x + b1.x - ts.x) * 0.5f),
                        std::floor((b0.y + b1.y - ts.y) * 0.5f));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(ImVec2(tp.x + 1 * s, tp.y + 1 * s), IM_COL32(0, 0, 0, 160), overlay);
        dl->AddText(tp, IM_COL32(240, 244, 250, 255), overlay);
    }

    // Numbers of the last finished epoch.
    if (!hist.loss.empty()) {
        const double l = hist.loss.back();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorLoss), "Train loss %.5g", l);
        if (!hist.val_loss.empty()) {
            const double v = hist.val_loss.back();
            ImGui::SameLine(0, 18 * s);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "Val loss %.5g", v);
            const double ratio = l > 0 ? v / l : 0;
            ImGui::SameLine(0, 18 * s);
            ImGui::Text("Val/train %.2f", ratio);
            help_marker("Validation loss divided by training loss. Much above 1 means the model "
                        "fits the training "
                        "samples better than unseen ones.");
            if (ratio > kOverfitRatio) {
                const char* warn = "WARNING: Possible overfitting (ratio > 1.5)";
                same_line_if_fits(warn, 18 * s);
                ImGui::TextColored(kColorWarn, "%s", warn);
            }
        }
    } else if (p.batch > 0 && session_->error().empty()) {
        ImGui::Text("Running loss this epoch: %.5g", p.epoch_loss);
    } else if (session_->error().empty()) {
        ImGui::TextColored(
            kColorDim,
            "Not trained yet. Train runs until the last epoch; Step runs one mini-batch.");
    }
    if (p.done && session_->error().empty()) {
        const char* fin = "Finished. Raise Epochs to continue, or Reset.";
        same_line_if_fits(fin, 18 * s);
        ImGui::TextColored(kColorDim, "%s", fin);
    }
    if (!session_->error().empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorError, "Training stopped: %s", session_->error().c_str());
        ImGui::PopTextWrapPos();
    }

    std::vector<PlotSeries> series = {{"train loss", &hist.loss, kColorLoss, 2.0f * s}};
    if (!hist.val_loss.empty() || session_->config().train.validation_split > 0)
        series.push_back({"val loss", &hist.val_loss, kColorVal, 2.0f * s});
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    loss_chart("##loss", ImVec2(avail.x, std::max(avail.y, 60 * s)), series, p.epochs, log_scale_,
               s, &area);
    add_plot_background(area);
    ImGui::End();
}

void App::draw_summary(float x, float y, float w, float h) {
    begin_panel("Model summary", x, y, w, h, kPanelFlags);
    const bool draft_valid = draft_error_.empty();
    const ae::Model& model = draft_valid ? draft_model_ : session_->model();
    if (draft_dirty_ && draft_valid)
        ImGui::TextColored(kColorWarn, "Preview of your edits (not applied yet)");
    else if (!draft_valid)
        ImGui::TextColored(kColorError, "Edits invalid: showing the applied model");

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float footer = ImGui::GetTextLineHeightWithSpacing() * 3.3f;
    if (ImGui::BeginTable("##summary", 3, flags, ImVec2(0, -footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Layer (type)", ImGuiTableColumnFlags_WidthStretch, 1.7f);
        ImGui::TableSetupColumn("Output Shape", ImGuiTableColumnFlags_WidthStretch, 1.15f);
        ImGui::TableSetupColumn("Param #", ImGuiTableColumnFlags_WidthStretch, 0.85f);
        ImGui::TableHeadersRow();
        const std::vector<ae::SummaryRow> rows = model.summary_rows();
        for (size_t i = 0; i < rows.size(); ++i) {
            const ae::SummaryRow& r = rows[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.shape.c_str());
            ImGui::TableNextColumn();
            const std::string pc = with_commas(r.params);
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() -
                                 ImGui::CalcTextSize(pc.c_str()).x);
            ImGui::TextUnformatted(pc.c_str());
            if (!r.formula.empty() && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s = %ld", r.formula.c_str(), r.params);
            if (int(i) == model.num_encoder_layers()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextColored(kColorDim, "bottleneck");
                ImGui::TableNextColumn();
                ImGui::TextColored(kColorDim, "%d values", model.latent_dim());
            }
        }
        ImGui::EndTable();
    }
    ImGui::Text("Total params:");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorLoss), "%s",
                       with_commas(model.num_params()).c_str());
    const double ratio = double(model.input_dim()) / std::max(1, model.latent_dim());
    ImGui::Text("Compression:");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "%d : %d = %.3g : 1",
                       model.input_dim(), model.latent_dim(), ratio);
    help_marker("Input values per latent value. The encoder squeezes each sample through the "
                "bottleneck; the "
                "decoder has to rebuild it from there.");
    ImGui::End();
}

void App::draw_weights(float x, float y, float w, float h) {
    begin_panel("First layer weights", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    const float s = dpr_;
    const ae::Model& model = session_->model();
    const ae::DenseLayer& l = model.layer(0);
    ImGui::TextColored(kColorDim, "encoder_1 kernel: %d inputs \xC3\x97 %d units", l.in, l.out);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float bar_h = ImGui::GetTextLineHeight() * 2.2f;
    const float img_w = std::floor(avail.x), img_h = std::floor(std::max(20 * s, avail.y - bar_h));
    if (heatmap_stale_ || !heatmap_.texture()) {
        heatmap_.update(model.params.data() + l.w_offset, l.in, l.out, int(img_w), int(img_h));
        heatmap_stale_ = false;
    }
    if (heatmap_.texture()) {
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::Image((ImTextureID)(intptr_t)heatmap_.texture(), ImVec2(img_w, img_h), ImVec2(0, 1),
                     ImVec2(1, 0));
        if (ImGui::IsItemHovered()) {
            const ImVec2 mp = ImGui::GetIO().MousePos;
            const int col = std::clamp(int((mp.x - p0.x) / img_w * l.out), 0, l.out - 1);
            const int row = std::clamp(int((mp.y - p0.y) / img_h * l.in), 0, l.in - 1);
            ImGui::SetTooltip("input %d -> unit %d\nweight %.4f", row, col,
                              model.params[l.w_offset + long(row) * l.out + col]);
        }
        // Colour bar: -max .. 0 .. +max, same colours as the shader.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 c0 = ImGui::GetCursorScreenPos();
        const float bw = img_w * 0.5f, bh = 8 * s, bx = c0.x + (img_w - bw) * 0.5f,
                    by = c0.y + 3 * s;
        const ImU32 neg = IM_COL32(33, 102, 172, 255), mid = IM_COL32(247, 247, 247, 255),
                    pos = IM_COL32(178, 24, 43, 255);
        dl->AddRectFilledMultiColor(ImVec2(bx, by), ImVec2(bx + bw * 0.5f, by + bh), neg, mid, mid,
                                    neg);
        dl->AddRectFilledMultiColor(ImVec2(bx + bw * 0.5f, by), ImVec2(bx + bw, by + bh), mid, pos,
                                    pos, mid);
        char lo[32], hi[32];
        std::snprintf(lo, sizeof lo, "%.3f", -heatmap_.max_abs());
        std::snprintf(hi, sizeof hi, "+%.3f", heatmap_.max_abs());
        const float th = ImGui::GetTextLineHeight();
        dl->AddText(ImVec2(bx - ImGui::CalcTextSize(lo).x - 6 * s, by + bh * 0.5f - th * 0.5f),
                    IM_COL32(200, 208, 222, 255), lo);
        dl->AddText(ImVec2(bx + bw + 6 * s, by + bh * 0.5f - th * 0.5f),
                    IM_COL32(200, 208, 222, 255), hi);
        ImGui::Dummy(ImVec2(img_w, bar_h));
    } else {
        ImGui::TextColored(kColorError, "Heatmap unavailable: %s",
                           heatmap_.error() ? heatmap_.error() : "WebGL2 error");
    }
    ImGui::End();
}

void App::draw_reconstruction_tab() {
    const bool has_val = session_->x_val().rows() > 0;
    const int n = int(has_val ? session_->x_val().rows() : session_->x_train().rows());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(has_val ? "Validation sample" : "Training sample");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::SliderInt("##sample", &sample_index_, 0, std::max(0, n - 1), "#%d"))
        reconstruction_stale_ = true;
    update_reconstruction();
    double mse = 0;
    for (size_t i = 0; i < sample_x_.size(); ++i)
        mse += (sample_x_[i] - sample_y_[i]) * (sample_x_[i] - sample_y_[i]);
    if (!sample_x_.empty()) mse /= double(sample_x_.size());
    ImGui::SameLine(0, 16 * dpr_);
    ImGui::Text("MSE of this sample: %.5g", mse);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Mean over its %d features of (original - reconstruction)^2",
                          int(sample_x_.size()));
    const std::vector<PlotSeries> series = {
        {"original", &sample_x_, IM_COL32(210, 216, 228, 255), 1.5f * dpr_},
        {"reconstruction", &sample_y_, kColorVal, 2.0f * dpr_},
    };
    const bool scaled = session_->config().data.scaling != ae::Scaling::none;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    series_chart("##recon", ImVec2(avail.x, std::max(avail.y, 40 * dpr_)), series, "feature",
                 scaled ? "value (scaled)" : "value", dpr_, &area);
    add_plot_background(area);
}

void App::update_evaluation() {
    const long seen = session_->progress().samples_seen;
    const double now = platform::now_ms();
    if (eval_valid_ && (seen == eval_samples_seen_ || (training_ && now - eval_time_ < 500.0))) return;
    if (!pca_fitted_) {
        pca_.fit(session_->x_train());
        pca_fitted_ = true;
    }
    eval_ = ae::evaluate(*session_, k_std_, &pca_);
    eval_valid_ = true;
    eval_samples_seen_ = seen;
    eval_time_ = now;
}

void App::draw_errors_tab() {
    update_evaluation();
    const float s = dpr_;
    const ae::ErrorStats& st = eval_.per_sample;
    const double threshold = st.mean + k_std_ * st.std;
    int flagged = 0;
    for (double e : eval_.errors) flagged += e > threshold;
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Threshold = mean + k std,  k");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::SliderFloat("##k", &k_std_, 0.0f, 6.0f, "%.1f");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The seeds use k = 3 (99.7%% of a normal distribution lies below)");
    char flag_text[128];
    std::snprintf(flag_text, sizeof flag_text, "threshold %.5g  \xC2\xB7  %d of %d %s samples flagged", threshold, flagged,
                  eval_.samples, eval_.set.c_str());
    same_line_if_fits(flag_text, 16 * s);
    ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.42f, 1.0f), "%s", flag_text);
    ImGui::TextColored(kColorDim, "Per-sample error: mean %.5g  \xC2\xB7  std %.5g  \xC2\xB7  max %.5g", st.mean, st.std, st.max);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Each sample's error is the MSE over its %d features (seed 000's sample_errors)", session_->config().input);
    // The worst-reconstructed samples, clickable: shows them in the Reconstruction tab.
    std::vector<int> order(eval_.errors.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    const int worst = std::min<int>(5, int(order.size()));
    std::partial_sort(order.begin(), order.begin() + worst, order.end(),
                      [&](int a, int b) { return eval_.errors[a] > eval_.errors[b]; });
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kColorDim, "Worst:");
    for (int i = 0; i < worst; ++i) {
        char label[48];
        std::snprintf(label, sizeof label, "#%d  %.4g##worst%d", order[i], eval_.errors[order[i]], i);
        char visible[48];
        std::snprintf(visible, sizeof visible, "#%d  %.4g", order[i], eval_.errors[order[i]]);
        const float bw = ImGui::CalcTextSize(visible).x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + bw >
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            break; // only as many as fit on the line
        ImGui::SameLine();
        if (ImGui::SmallButton(label)) {
            sample_index_ = order[i];
            reconstruction_stale_ = true;
            select_tab_ = 0;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show sample #%d in the Reconstruction tab", order[i]);
    }
    char mark[48];
    std::snprintf(mark, sizeof mark, "threshold %.4g", threshold);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    histogram_chart("##errors", ImVec2(avail.x, std::max(avail.y, 40 * s)), eval_.errors, 50, IM_COL32(86, 156, 214, 220),
                    threshold, mark, IM_COL32(255, 107, 107, 255), "reconstruction error (MSE)", s, &area);
    add_plot_background(area);
}

void App::draw_pca_tab() {
    update_evaluation();
    const float s = dpr_;
    const bool ae_wins = eval_.reconstruction.mse < eval_.pca_mse;
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Both compress %d features to k = %d values (the bottleneck width).", session_->config().input, eval_.pca_k);
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("PCA is fitted on the training split and evaluated on the %s split, like the autoencoder", eval_.set.c_str());
    // Two bars: reconstruction MSE of PCA and of the autoencoder on the same samples.
    const double top = std::max(eval_.pca_mse, eval_.reconstruction.mse) * 1.15 + 1e-12;
    const float bar_w = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Autoencoder  ").x - ImGui::CalcTextSize("0.000000 ").x;
    auto bar = [&](const char* name, double v, ImU32 col, bool best) {
        ImGui::TextUnformatted(name);
        ImGui::SameLine(ImGui::CalcTextSize("Autoencoder  ").x + ImGui::GetStyle().WindowPadding.x);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + float(v / top) * bar_w, p.y + h), col, 2 * s);
        ImGui::Dummy(ImVec2(float(v / top) * bar_w, h));
        ImGui::SameLine();
        ImGui::Text("%.6f%s", v, best ? "  (better)" : "");
    };
    bar("PCA", eval_.pca_mse, IM_COL32(180, 140, 255, 255), !ae_wins);
    bar("Autoencoder", eval_.reconstruction.mse, kColorVal, ae_wins);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim, "Reconstruction MSE on the %s split. PCA's %d components explain %.2f%% of the variance.",
                       eval_.set.c_str(), eval_.pca_k, eval_.pca_explained * 100.0);
    ImGui::PopTextWrapPos();
    // Scree: explained variance ratio per component, and cumulative.
    std::vector<double> ratio = pca_.explained_variance_ratio();
    if (ratio.size() > 40) ratio.resize(40);
    std::vector<double> cumulative(ratio.size());
    double acc = 0;
    for (size_t i = 0; i < ratio.size(); ++i) cumulative[i] = acc += ratio[i];
    const std::vector<PlotSeries> series = {
        {"explained variance ratio", &ratio, IM_COL32(180, 140, 255, 255), 2.0f * s},
        {"cumulative", &cumulative, IM_COL32(210, 216, 228, 255), 1.5f * s},
    };
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    series_chart("##scree", ImVec2(avail.x, std::max(avail.y, 40 * s)), series, "principal component (0 = first)", "ratio", s, &area);
    add_plot_background(area);
}

void App::draw_latent_tab() {
    const float s = dpr_;
    const long seen = session_->progress().samples_seen;
    const bool has_val = session_->x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session_->x_val_input() : session_->x_train_input();
    if (latent_samples_seen_ != seen && (!training_ || platform::now_ms() - eval_time_ > 500.0 || latent_cols_.empty())) {
        const int n = int(x.rows()), k = session_->model().latent_dim();
        std::vector<float> z(size_t(n) * k);
        session_->model().encode(x.data(), n, z.data());
        latent_cols_.assign(k, std::vector<double>(n));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) latent_cols_[j][i] = z[size_t(i) * k + j];
        latent_samples_seen_ = seen;
        eval_time_ = platform::now_ms();
    }
    const int k = int(latent_cols_.size());
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim, "Distribution of each latent dimension over the %s split (%d samples), as seed 000 plots it.",
                       has_val ? "validation" : "training", int(x.rows()));
    ImGui::PopTextWrapPos();
    const int shown = std::min(k, 12);
    const int cols = shown <= 4 ? shown : (shown + 1) / 2;
    const int rows = shown <= 4 ? 1 : 2;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float cw = (avail.x - (cols - 1) * 8 * s) / std::max(cols, 1), ch = (avail.y - (rows - 1) * 4 * s) / rows;
    for (int d = 0; d < shown; ++d) {
        if (d % cols) ImGui::SameLine(0, 8 * s);
        char id[32], label[32];
        std::snprintf(id, sizeof id, "##latent%d", d);
        std::snprintf(label, sizeof label, "latent dim %d", d + 1);
        PlotArea area{};
        histogram_chart(id, ImVec2(cw, ch), latent_cols_[d], 30, IM_COL32(70, 130, 180, 200), NAN, "", 0, label, s, &area);
        add_plot_background(area);
    }
    if (k > shown) ImGui::TextColored(kColorDim, "(first %d of %d dimensions)", shown, k);
}

void App::update_latent_space() {
    update_evaluation();
    const double threshold = eval_.per_sample.mean + k_std_ * eval_.per_sample.std;
    const bool refresh = ls_.samples_seen != eval_samples_seen_;
    if (!refresh && !ls_.stale && threshold == ls_.threshold) return;
    const bool has_val = session_->x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session_->x_val_input() : session_->x_train_input();
    ae::Model& model = session_->model();
    const int n = int(x.rows()), k = model.latent_dim();
    if (refresh || ls_.codes.rows() != n || ls_.codes.cols() != k) {
        ls_.codes.resize(n, k);
        model.encode(x.data(), n, ls_.codes.data());
        if (k > 2) {
            ls_.pca.fit(ls_.codes);
            const std::vector<double> r = ls_.pca.explained_variance_ratio();
            ls_.pca_explained[0] = r.size() > 0 ? r[0] : 0.0;
            ls_.pca_explained[1] = r.size() > 1 ? r[1] : 0.0;
        }
        ls_.samples_seen = eval_samples_seen_;
    }
    ls_.n = n;
    ls_.k = k;
    ls_.dim_x = std::clamp(ls_.dim_x, 0, k - 1);
    ls_.dim_y = std::clamp(ls_.dim_y, 0, k - 1);

    // Projection to the plane: (n, 2).
    ls_.xy.resize(size_t(n) * 2);
    if (ls_.use_pca && k > 2) {
        const ae::MatrixRM p = ls_.pca.transform(ls_.codes, 2);
        for (int i = 0; i < n; ++i) {
            ls_.xy[2 * i] = p(i, 0);
            ls_.xy[2 * i + 1] = p(i, 1);
        }
    } else {
        for (int i = 0; i < n; ++i) {
            ls_.xy[2 * i] = ls_.codes(i, ls_.dim_x);
            ls_.xy[2 * i + 1] = k > 1 ? ls_.codes(i, ls_.dim_y) : 0.0f;
        }
    }
    for (int a = 0; a < 2; ++a) {
        float lo = n ? ls_.xy[a] : 0.0f, hi = lo;
        for (int i = 0; i < n; ++i) {
            lo = std::min(lo, ls_.xy[2 * i + a]);
            hi = std::max(hi, ls_.xy[2 * i + a]);
        }
        const float pad = hi - lo > 1e-6f ? 0.05f * (hi - lo) : 0.5f; // a dead dimension: +-0.5
        ls_.lo[a] = lo - pad;
        ls_.hi[a] = hi + pad;
    }

    // Colours: the per-sample error, on a log scale when it spans a range (errors are skewed).
    const std::vector<double>& e = eval_.errors;
    const bool errors_match = int(e.size()) == n;
    ls_.err_lo = errors_match && n ? *std::min_element(e.begin(), e.end()) : 0.0;
    ls_.err_hi = errors_match && n ? *std::max_element(e.begin(), e.end()) : 1.0;
    ls_.log_colors = ls_.err_lo > 0 && ls_.err_hi > ls_.err_lo * 1.0001;
    auto color_t = [&](double v) {
        if (ls_.err_hi <= ls_.err_lo) return 0.5f;
        if (ls_.log_colors) return float(std::log(v / ls_.err_lo) / std::log(ls_.err_hi / ls_.err_lo));
        return float((v - ls_.err_lo) / (ls_.err_hi - ls_.err_lo));
    };
    ls_.threshold = threshold;
    ls_.points.clear();
    ls_.points.reserve(n);
    ls_.flagged = 0;
    for (int pass = 0; pass < 2; ++pass) // flagged points last: on top
        for (int i = 0; i < n; ++i) {
            const bool flagged = errors_match && e[i] > threshold;
            if (flagged != (pass == 1)) continue;
            ls_.flagged += flagged;
            ls_.points.push_back({(ls_.xy[2 * i] - ls_.lo[0]) / (ls_.hi[0] - ls_.lo[0]),
                                  (ls_.xy[2 * i + 1] - ls_.lo[1]) / (ls_.hi[1] - ls_.lo[1]),
                                  errors_match ? color_t(e[i]) : 0.5f, flagged ? 1.0f : 0.0f});
        }
    ls_.scatter_dirty = true;
    ls_.stale = false;
    ls_.hovered = -1;
    if (ls_.has_decoded) decode_latent_point(ls_.decoded_xy[0], ls_.decoded_xy[1]); // the new decoder
}

void App::decode_latent_point(float px, float py) {
    const int k = ls_.k;
    if (k <= 0 || ls_.n <= 0) return;
    ae::MatrixRM z(1, k);
    if (ls_.use_pca && k > 2) {
        ae::MatrixRM c(1, 2);
        c << px, py;
        z = ls_.pca.inverse_transform(c);
    } else {
        z = ls_.codes.colwise().mean(); // the other dimensions at their mean
        z(0, ls_.dim_x) = px;
        if (k > 1) z(0, ls_.dim_y) = py;
    }
    std::vector<float> out(size_t(session_->model().input_dim()));
    session_->model().decode(z.data(), 1, out.data());
    ls_.decoded.assign(out.begin(), out.end());
    ls_.decoded_xy[0] = px;
    ls_.decoded_xy[1] = py;
    ls_.has_decoded = true;
}

namespace {

ImU32 viridis_u32(float t, int alpha = 255) {
    float c[3];
    PointScatter::viridis(t, c);
    return IM_COL32(int(c[0] * 255 + 0.5f), int(c[1] * 255 + 0.5f), int(c[2] * 255 + 0.5f), alpha);
}

// Two short series (input and reconstruction) as lines in a box at the cursor, for tooltips.
void mini_series(const std::vector<float>& a, const std::vector<float>& b, ImVec2 size, float s) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    if (a.empty()) return;
    float lo = a[0], hi = a[0];
    for (const std::vector<float>* v : {&a, &b})
        for (float x : *v) lo = std::min(lo, x), hi = std::max(hi, x);
    if (hi - lo < 1e-9f) hi = lo + 1.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), kPlotBackground);
    auto line = [&](const std::vector<float>& v, ImU32 col, float th) {
        std::vector<ImVec2> pts(v.size());
        for (size_t i = 0; i < v.size(); ++i)
            pts[i] = ImVec2(p.x + size.x * float(i) / float(std::max<size_t>(v.size() - 1, 1)),
                            p.y + size.y - (v[i] - lo) / (hi - lo) * size.y);
        dl->AddPolyline(pts.data(), int(pts.size()), col, 0, th);
    };
    line(a, IM_COL32(210, 216, 228, 255), 1.0f * s);
    line(b, kColorVal, 1.5f * s);
}

} // namespace

void App::draw_latent_space_tab() {
    update_latent_space();
    const float s = dpr_;
    const int k = ls_.k, n = ls_.n;
    const bool has_val = session_->x_val().rows() > 0;
    const bool pca = ls_.use_pca && k > 2;

    // Controls: the projection, or two raw dimensions.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Axes");
    if (k > 2) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.5f);
        int mode = ls_.use_pca ? 0 : 1;
        if (ImGui::Combo("##ls_axes", &mode, "PCA 1 / 2\0two latent dims\0")) {
            ls_.use_pca = mode == 0;
            ls_.stale = true;
            ls_.has_decoded = false;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("PCA of the %d-dimensional codes (fitted on these codes), or any two of their dimensions", k);
    }
    if (!pca && k > 1) {
        char preview[24];
        for (int a = 0; a < 2; ++a) {
            int& dim = a == 0 ? ls_.dim_x : ls_.dim_y;
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
            std::snprintf(preview, sizeof preview, "%s: dim %d", a == 0 ? "x" : "y", dim + 1);
            if (ImGui::BeginCombo(a == 0 ? "##ls_dim_x" : "##ls_dim_y", preview)) {
                for (int d = 0; d < k; ++d) {
                    char item[16];
                    std::snprintf(item, sizeof item, "dim %d", d + 1);
                    if (ImGui::Selectable(item, d == dim) && d != dim) {
                        dim = d;
                        ls_.stale = true;
                        ls_.has_decoded = false;
                    }
                }
                ImGui::EndCombo();
            }
        }
    }
    char info[160];
    std::snprintf(info, sizeof info, "%d %s samples \xC2\xB7 %d above the threshold (ringed)", n,
                  has_val ? "validation" : "training", ls_.flagged);
    same_line_if_fits(info, 12 * s);
    ImGui::TextColored(kColorDim, "%s", info);
    if (ls_.stale) update_latent_space(); // a control changed this frame

    // Layout: scatter (left, with axes) and colour bar + decoder output (right).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = std::floor(avail.x * 0.58f), right_w = avail.x - left_w - st.ItemSpacing.x;
    char lo_y[24], hi_y[24], lo_x[24], hi_x[24];
    std::snprintf(lo_y, sizeof lo_y, "%.3g", ls_.lo[1]);
    std::snprintf(hi_y, sizeof hi_y, "%.3g", ls_.hi[1]);
    std::snprintf(lo_x, sizeof lo_x, "%.3g", ls_.lo[0]);
    std::snprintf(hi_x, sizeof hi_x, "%.3g", ls_.hi[0]);
    const float margin_l = std::max(ImGui::CalcTextSize(lo_y).x, ImGui::CalcTextSize(hi_y).x) + 6 * s;
    char label_x[64], label_y[64];
    if (pca) {
        std::snprintf(label_x, sizeof label_x, "PCA 1 of the codes (%.0f%%)", ls_.pca_explained[0] * 100);
        std::snprintf(label_y, sizeof label_y, "PCA 2 of the codes (%.0f%%)", ls_.pca_explained[1] * 100);
    } else {
        std::snprintf(label_x, sizeof label_x, "latent dim %d", ls_.dim_x + 1);
        if (k > 1)
            std::snprintf(label_y, sizeof label_y, "latent dim %d", ls_.dim_y + 1);
        else
            std::snprintf(label_y, sizeof label_y, "(one latent dimension)");
    }
    const float img_w = std::floor(std::max(20 * s, left_w - margin_l));
    const float img_h = std::floor(std::max(20 * s, avail.y - 2 * th - 2 * st.ItemSpacing.y));
    const float point_px = std::round((n > 3000 ? 3.0f : 4.5f) * s);
    if (ls_.scatter_dirty || scatter_.target_w() != int(img_w) || scatter_.target_h() != int(img_h)) {
        scatter_.update(ls_.points.data(), int(ls_.points.size()), int(img_w), int(img_h), point_px);
        ls_.scatter_dirty = false;
    }

    ImGui::BeginGroup();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tick_col = IM_COL32(200, 208, 222, 255), label_col = ImGui::GetColorU32(kColorDim);
    {   // y label above the plot, then y ticks to the left of the image
        const ImVec2 c = ImGui::GetCursorScreenPos();
        dl->AddText(ImVec2(c.x + margin_l, c.y), label_col, label_y);
        ImGui::Dummy(ImVec2(left_w, th));
    }
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const ImVec2 p0(row.x + margin_l, row.y), p1(p0.x + img_w, p0.y + img_h);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(hi_y).x - 4 * s, p0.y), tick_col, hi_y);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(lo_y).x - 4 * s, p1.y - th), tick_col, lo_y);
    ImGui::SetCursorScreenPos(p0);
    ImGui::InvisibleButton("##latent_scatter", ImVec2(img_w, img_h));
    ui_latent_scatter_ = item_rect();
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    if (scatter_.texture())
        dl->AddImage((ImTextureID)(intptr_t)scatter_.texture(), p0, p1, ImVec2(0, 1), ImVec2(1, 0));
    else
        dl->AddText(ImVec2(p0.x + 4 * s, p0.y + 4 * s), ImGui::GetColorU32(kColorError),
                    scatter_.error() ? scatter_.error() : "WebGL2 error");
    dl->AddRect(p0, p1, IM_COL32(70, 78, 96, 255));
    auto to_screen = [&](float x, float y) {
        return ImVec2(p0.x + (x - ls_.lo[0]) / (ls_.hi[0] - ls_.lo[0]) * img_w,
                      p1.y - (y - ls_.lo[1]) / (ls_.hi[1] - ls_.lo[1]) * img_h);
    };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (active) { // click or drag: decode the point under the mouse
        const float mx = std::clamp(mouse.x, p0.x, p1.x), my = std::clamp(mouse.y, p0.y, p1.y);
        decode_latent_point(ls_.lo[0] + (mx - p0.x) / img_w * (ls_.hi[0] - ls_.lo[0]),
                            ls_.hi[1] - (my - p0.y) / img_h * (ls_.hi[1] - ls_.lo[1]));
    }
    dl->PushClipRect(p0, p1, true);
    if (ls_.has_decoded) {
        const ImVec2 c = to_screen(ls_.decoded_xy[0], ls_.decoded_xy[1]);
        const float r = 7 * s;
        for (const ImU32 col : {IM_COL32(0, 0, 0, 200), IM_COL32(255, 255, 255, 255)}) {
            const float t = col == IM_COL32(255, 255, 255, 255) ? 1.5f * s : 3.5f * s;
            dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col, t);
            dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col, t);
        }
    }
    // Hover: the nearest point within a few pixels (CPU search over the projected positions).
    int near = -1;
    if (hovered && !active) {
        float best = (6 * s) * (6 * s);
        for (int i = 0; i < n; ++i) {
            const ImVec2 q = to_screen(ls_.xy[2 * i], ls_.xy[2 * i + 1]);
            const float d = (q.x - mouse.x) * (q.x - mouse.x) + (q.y - mouse.y) * (q.y - mouse.y);
            if (d < best) best = d, near = i;
        }
    }
    if (near >= 0) {
        const ImVec2 q = to_screen(ls_.xy[2 * near], ls_.xy[2 * near + 1]);
        dl->AddCircle(q, point_px * 1.2f, IM_COL32(255, 255, 255, 255), 0, 1.5f * s);
    }
    dl->PopClipRect();
    if (near >= 0) {
        const ae::MatrixRM& x = has_val ? session_->x_val_input() : session_->x_train_input();
        const int d = int(x.cols());
        if (near != ls_.hovered) {
            ls_.hover_x.assign(x.row(near).data(), x.row(near).data() + d);
            ls_.hover_xr.resize(d);
            session_->model().reconstruct(ls_.hover_x.data(), 1, ls_.hover_xr.data());
            ls_.hovered = near;
        }
        const double err = int(eval_.errors.size()) == n ? eval_.errors[near] : NAN;
        ImGui::BeginTooltip();
        ImGui::Text("%s sample #%d", has_val ? "Validation" : "Training", near);
        ImGui::Text("error %.5g%s", err, err > ls_.threshold ? "  (above the threshold)" : "");
        mini_series(ls_.hover_x, ls_.hover_xr, ImVec2(220 * s, 60 * s), s);
        ImGui::TextColored(ImVec4(0.82f, 0.85f, 0.89f, 1.0f), "input");
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "reconstruction");
        ImGui::EndTooltip();
    } else if (hovered && !active) {
        ImGui::SetTooltip("Click or drag to decode this point of the plane");
    }
    ImGui::SetCursorScreenPos(ImVec2(row.x, p1.y + st.ItemSpacing.y));
    {   // x ticks and label under the image
        const ImVec2 c = ImGui::GetCursorScreenPos();
        dl->AddText(ImVec2(p0.x, c.y), tick_col, lo_x);
        dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(hi_x).x, c.y), tick_col, hi_x);
        const float lw = ImGui::CalcTextSize(label_x).x;
        const float room_l = p0.x + ImGui::CalcTextSize(lo_x).x + 8 * s, room_r = p1.x - ImGui::CalcTextSize(hi_x).x - 8 * s;
        dl->PushClipRect(ImVec2(room_l, c.y), ImVec2(room_r, c.y + th), true); // never over the ticks
        dl->AddText(ImVec2(std::max(room_l, (p0.x + p1.x - lw) * 0.5f), c.y), label_col, label_x);
        dl->PopClipRect();
        ImGui::Dummy(ImVec2(left_w, th));
    }
    ImGui::EndGroup();

    // Right column: the colour bar, then the decoder's output at the clicked point.
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextColored(kColorDim, "colour: reconstruction error%s", ls_.log_colors ? " (log)" : "");
    {
        const ImVec2 c = ImGui::GetCursorScreenPos();
        char lo_e[24], hi_e[24];
        std::snprintf(lo_e, sizeof lo_e, "%.3g", ls_.err_lo);
        std::snprintf(hi_e, sizeof hi_e, "%.3g", ls_.err_hi);
        const float lo_w = ImGui::CalcTextSize(lo_e).x, hi_w = ImGui::CalcTextSize(hi_e).x;
        const float bx0 = c.x + lo_w + 6 * s, bx1 = c.x + right_w - hi_w - 6 * s;
        const float by0 = c.y + th * 0.2f, by1 = c.y + th * 0.8f;
        constexpr int kSteps = 24;
        for (int i = 0; i < kSteps; ++i) {
            const float a = float(i) / kSteps, b = float(i + 1) / kSteps;
            const ImU32 ca = viridis_u32(a), cb = viridis_u32(b);
            dl->AddRectFilledMultiColor(ImVec2(bx0 + (bx1 - bx0) * a, by0), ImVec2(bx0 + (bx1 - bx0) * b + 0.5f, by1), ca,
                                        cb, cb, ca);
        }
        dl->AddText(ImVec2(c.x, c.y), tick_col, lo_e);
        dl->AddText(ImVec2(bx1 + 6 * s, c.y), tick_col, hi_e);
        ImGui::Dummy(ImVec2(right_w, th));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Per-sample reconstruction error (MSE over the features), min to max;\n"
                              "points above mean + %.1f std (%.4g) are larger with a red ring",
                              k_std_, ls_.threshold);
    }
    if (ls_.has_decoded) {
        ImGui::TextColored(kColorDim, "decoder output at (%.3g, %.3g)", ls_.decoded_xy[0], ls_.decoded_xy[1]);
        const std::vector<PlotSeries> series = {{"decoded", &ls_.decoded, kColorVal, 2.0f * s}};
        const float h = std::max(40 * s, p1.y + st.ItemSpacing.y + th - ImGui::GetCursorScreenPos().y);
        PlotArea area{};
        series_chart("##decoded", ImVec2(right_w, h), series, "feature", "value", s, &area);
        add_plot_background(area);
    } else {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right_w);
        ImGui::TextColored(kColorDim, "Click (or drag) anywhere in the plane: the decoder turns that point into "
                                      "an output, shown here live.");
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
}

void App::draw_analysis(float x, float y, float w, float h) {
    begin_panel("Analysis", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    if (ImGui::BeginTabBar("##analysis_tabs")) {
        for (int t = 0; t < kNumTabs; ++t) {
            const ImGuiTabItemFlags flags = select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0;
            // Five tabs fit a 1280-wide page only with two shorter labels; the ### keeps the id.
            const char* label = t == 1 ? "Errors###Errors & anomalies" : t == 2 ? "PCA vs AE###PCA vs autoencoder" : kTabNames[t];
            const bool open = ImGui::BeginTabItem(label, nullptr, flags);
            ui_tabs_[t] = item_rect();
            if ((t == 1 || t == 2) && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kTabNames[t]);
            if (!open) continue;
            analysis_tab_ = t;
            switch (t) {
            case 0: draw_reconstruction_tab(); break;
            case 1: draw_errors_tab(); break;
            case 2: draw_pca_tab(); break;
            case 3: draw_latent_tab(); break;
            case 4: draw_latent_space_tab(); break;
            }
            ImGui::EndTabItem();
        }
        select_tab_ = -1;
        ImGui::EndTabBar();
    }
    ImGui::End();
}
