// panel_model.cpp: the Training panel's "Model" menu: download the trained model (.aeplay), open a
// model file, export ONNX (full, encoder, decoder) and NPZ, download the history and the
// per-sample errors as CSV. Downloads go through platform::download_bytes; opening a model
// replaces the session (ae::session_from_model) or shows the loader's message and keeps it.
// Not here: the file picker and drag-and-drop (page_shell.js), the formats (engine/export_*.h).
#include "web/app/app.h"

#include "web/backend/platform.h"
#include "web/app/ui.h"

#include "engine/io/export_npz.h"
#include "engine/io/export_onnx.h"
#include "engine/io/export_results.h"
#include "engine/io/model_file.h"

#include <memory>

using namespace ui;

namespace {
// The menu's entries, in order (separators before 2 and 6). status_json names them by `id`.
struct ModelAction {
    const char* label;
    const char* id;
    const char* tooltip;
};
const ModelAction kModelMenu[App::kModelActions] = {
    {"Download model (.aeplay)", "model_download",
     "The trained model in one file: config, weights, scaler, history. Open it here again, or use "
     "it with the aeplay command line."},
    {"Open model...", "model_open",
     "Replace the current experiment with a saved model (.aeplay): its config, weights and "
     "history. You can also drop the file on the page."},
    {"Export ONNX: full", "model_onnx_full",
     "Encoder and decoder as an ONNX model for ONNX Runtime and other tools: raw data in, "
     "reconstruction out (the scaler is inside)."},
    {"Export ONNX: encoder", "model_onnx_encoder", "Raw data in, latent codes out."},
    {"Export ONNX: decoder", "model_onnx_decoder", "Latent codes in, data in raw units out."},
    {"Export NPZ (NumPy)", "model_npz",
     "All weights for np.load: encoder_1/kernel, encoder_1/bias, ..., scaler/offset, "
     "scaler/scale and the config."},
    {"Download history (CSV)", "model_history_csv", "epoch, loss, val_loss of every epoch."},
    {"Download per-sample errors (CSV)", "model_errors_csv",
     "sample, error, anomaly (above the Errors tab's threshold) for the evaluated split."},
};
} // namespace

const char* App::model_action_id(int i) {
    return kModelMenu[i].id;
}

void App::draw_model_menu(ImVec2 button_size) {
    if (ImGui::Button("Model...", button_size)) ImGui::OpenPopup("##model_menu");
    ui::mark("model_menu");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Download or open a model file, export ONNX / NPZ, download results");
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y));
    model_menu_open_ = ImGui::BeginPopup("##model_menu");
    if (!model_menu_open_) return;
    for (int i = 0; i < kModelActions; ++i) {
        if (i == 2 || i == 6) ImGui::Separator();
        if (ImGui::MenuItem(kModelMenu[i].label)) model_action(i);
        ui::mark(kModelMenu[i].id);
        if (ImGui::IsItemHovered()) { // beside the menu, not over its other entries
            ImGui::SetNextWindowPos(
                ImVec2(ImGui::GetWindowPos().x - ImGui::GetStyle().ItemSpacing.x,
                       ImGui::GetItemRectMin().y),
                ImGuiCond_Always, ImVec2(1, 0));
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
            ImGui::TextUnformatted(kModelMenu[i].tooltip);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    ImGui::EndPopup();
}

void App::model_action(int i) {
    training_ = false; // the file holds the weights of this moment
    if (i == 1) {
        platform::open_model_picker();
        return;
    }
    if (i == 6) {
        platform::download_bytes("history.csv", ae::history_csv(session_->history()), "text/csv");
        return;
    }
    if (i == 7) {
        if (!eval_valid_ || eval_samples_seen_ != session_->progress().samples_seen) {
            eval_valid_ = false;
            update_evaluation();
        }
        ae::Evaluation e = eval_;
        e.threshold = threshold_.value;
        platform::download_bytes("errors.csv", ae::errors_csv(e), "text/csv");
        return;
    }
    const std::string bytes = ae::save_model(*session_);
    if (i == 0) {
        platform::download_bytes("model.aeplay", bytes, "application/octet-stream");
        return;
    }
    ae::TrainedModel t;
    const ae::Status st = ae::load_model(bytes, "model", &t);
    AE_ASSERT(st.ok()); // the bytes were just written
    if (i == 5) {
        platform::download_bytes("model.npz", ae::export_npz(t), "application/octet-stream");
        return;
    }
    const ae::Status ok = ae::onnx_exportable(t);
    if (!ok.ok()) {
        message_ = "Could not export: " + ok.error;
        message_is_error_ = true;
        return;
    }
    const ae::OnnxPart parts[] = {ae::OnnxPart::full, ae::OnnxPart::encoder, ae::OnnxPart::decoder};
    const char* names[] = {"model_full.onnx", "model_encoder.onnx", "model_decoder.onnx"};
    platform::download_bytes(names[i - 2], ae::export_onnx(t, parts[i - 2]),
                             "application/octet-stream");
}

std::string App::open_model(const std::string& file_name, const std::string& bytes,
                            double file_size) {
    auto refuse = [this](const std::string& why) {
        last_load_error_ = why;
        message_ = "Could not open the model: " + why + "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return why;
    };
    if (file_size > kMaxUploadBytes) {
        char b[160];
        std::snprintf(b, sizeof b, "%s: %.1f MB; the page opens model files up to %.0f MB",
                      file_name.c_str(), file_size / 1048576.0, kMaxUploadBytes / 1048576.0);
        return refuse(b);
    }
    auto t = std::make_shared<ae::TrainedModel>();
    const ae::Status st = ae::load_model(bytes, file_name, t.get());
    if (!st.ok()) return refuse(st.error);
    auto create = [this, t, file_name, refuse]() {
        std::unique_ptr<ae::Session> s;
        const ae::Status ss = ae::session_from_model(*t, file_name, &s, files_);
        if (!ss.ok()) return refuse(ss.error);
        last_load_error_.clear();
        replace_session(std::move(s));
        config_source_ = file_name;
        message_ = "Opened the model " + file_name + " (" +
                   std::to_string(session_->history().loss.size()) + " epochs trained).";
        message_is_error_ = false;
        return std::string();
    };
    if (!with_dataset(t->config, [create]() { create(); })) return ""; // when the data arrive
    return create();
}
