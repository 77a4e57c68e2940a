// panel_experiment.cpp: the header and the Experiment panel (dataset, architecture, training
// settings over the draft config). See app.h.
#include "app.h"

#include "platform.h"
#include "plots.h"
#include "ui.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <thread>

using namespace ui;

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
        const ae::Config applied = draft_;
        with_dataset(applied, [this, applied] {
            std::unique_ptr<ae::Session> ns;
            const ae::Status st = ae::Session::create(applied, &ns, data_dir_);
            if (st.ok()) {
                replace_session(std::move(ns));
                config_source_ = "edited config";
                message_ = "Applied: new model, training restarts from epoch 0.";
                message_is_error_ = false;
            } else {
                last_load_error_ = st.error;
                message_ = "Could not apply: " + st.error;
                message_is_error_ = true;
            }
        });
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
    const int names = int(std::size(ae::kDataNames));
    int data = 0;
    while (data < names - 1 && draft_.data.name != ae::kDataNames[data])
        ++data;
    form_label("Data", lw);
    if (combo_names("##name", &data, ae::kDataNames, names))
        draft_.data.name = ae::kDataNames[data];
    const bool images = draft_.data.name == "mnist" || draft_.data.name == "fashion_mnist";
    if (images) draft_.data.features = 784; // 28 x 28, flattened (the engine's fixed width)
    form_label("Samples", lw);
    ImGui::InputInt("##samples", &draft_.data.samples, 100, 1000);
    if (images) {
        ImGui::TextColored(kColorDim, "28 x 28 grey images, 10 classes");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Samples: a seeded subset of the %s images",
                              draft_.data.name == "mnist" ? "10,000" : "70,000");
    } else if (draft_.data.name == "uniform") {
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
