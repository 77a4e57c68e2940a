// panel_experiment.cpp: the header and the Experiment panel (dataset, architecture, training
// settings over the draft config). See app.h.
#include "web/app/app.h"

#include "engine/data/csv.h"
#include "engine/data/idx.h"
#include "engine/data/open_session.h"

#include "web/backend/platform.h"
#include "web/app/plots.h"
#include "web/app/ui.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
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
        draw_lessons_row();
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
    const bool apply =
        colored_button("Apply & reset",
                       can_apply ? ImVec4(0.20f, 0.45f, 0.78f, 1) : ImVec4(0.21f, 0.25f, 0.32f, 1),
                       ImVec2(ImGui::GetContentRegionAvail().x * 0.5f - 4 * s, 0));
    ui::mark("apply");
    if (apply) {
        const ae::Config applied = draft_;
        with_dataset(applied, [this, applied] {
            std::unique_ptr<ae::Session> ns;
            ae::Status st = ae::check_memory_left(applied, kThreaded ? 1 : 0, platform::heap_left(),
                                                  platform::heap_max());
            if (st.ok()) st = ae::open_session(applied, &ns, files_);
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

namespace {
// A dataset's defaults in the editor when the combo switches to it (parse_config's, and a tenth
// of the well logs with an anomaly so that the anomaly views have something to find).
ae::DataConfig data_defaults(const char* name, ae::Scaling scaling) {
    ae::DataConfig d;
    d.name = name;
    d.scaling = scaling;
    if (d.name == "sequences") d.samples = 100, d.features = 5;
    if (d.name == "mnist" || d.name == "fashion_mnist") d.samples = 2000, d.features = 784;
    if (d.name == "well_logs") d.features = 128, d.noise = 3.0, d.anomalies = 0.1;
    if (d.name == "idx") d.samples = 0, d.features = 0; // all the images; the file decides
    return d;
}

// The key an upload is held under in the App's DataFiles, and the path its config names
// ("/upload/iris.csv"; the same in the browser and natively, and where page_shell.js puts the
// kept upload back after a reload).
std::string upload_key(const std::string& plain_name) {
    return "/upload/" + plain_name;
}

// A plain file name for an upload's key: letters, digits, '.', '-', '_'.
std::string plain_file_name(const std::string& name) {
    std::string out;
    for (char ch : name)
        out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ? ch : '_';
    return out.empty() || out[0] == '.' ? "upload_" + out : out;
}
} // namespace

// Reads `data` as the draft will, through `files` (the uploads held so far, or a trial set with
// a new one); on success it becomes the draft's data source and input width (update_draft_check
// makes the last decoder layer follow). "" or the engine's message.
std::string App::set_draft_data(const ae::DataConfig& data, const ae::DataFiles& files,
                                ae::Dataset* ds) {
    const ae::Status st = ae::make_dataset(data, draft_.seed, ds, files);
    if (!st.ok()) return st.error;
    draft_.data = data;
    draft_.input = ds->features();
    return "";
}

std::string App::set_draft_csv(const ae::DataConfig& data, const ae::DataFiles& files) {
    ae::Dataset ds;
    if (std::string err = set_draft_data(data, files, &ds); !err.empty()) return err;
    csv_.path = data.path;
    csv_.rows = ds.samples();
    csv_.columns = int(ds.column_names.size());
    csv_.column_names = ds.column_names;
    return "";
}

std::string App::import_csv(const std::string& file_name, const std::string& bytes,
                            double file_size) {
    auto refuse = [&](const std::string& why) {
        const bool named = why.rfind(file_name + ":", 0) == 0; // the engine's message names it
        message_ = "Could not use " + (named ? "" : file_name + ": ") + why +
                   "\nThe current experiment and the draft are unchanged.";
        message_is_error_ = true;
        return why;
    };
    if (file_size > kMaxUploadBytes) {
        char b[160];
        std::snprintf(b, sizeof b, "%.1f MB; the page reads CSV files up to %.0f MB",
                      file_size / 1048576.0, kMaxUploadBytes / 1048576.0);
        return refuse(b);
    }
    // Held under the path the config names, shown by the user's name in every message. Tried on
    // a copy of the held files first: a bad file must not replace a good one of the same name.
    const std::string path = upload_key(plain_file_name(file_name));
    ae::DataFiles trial = files_;
    trial.add(path, file_name, bytes);
    ae::DataConfig d;
    d.name = "csv";
    d.path = path;
    // Raw columns (depths, densities, counts) rarely fit a sigmoid's [0, 1]: min-max unless the
    // student chose a scaling.
    d.scaling =
        draft_.data.scaling == ae::Scaling::none ? ae::Scaling::minmax : draft_.data.scaling;
    const ae::Config keep_draft = draft_;
    const CsvFile keep_csv = csv_;
    std::string err = set_draft_csv(d, trial);
    if (!err.empty()) { // words in the last column: take it as the label column (a common layout)
        ae::DataConfig labelled = d;
        labelled.label_index = ae::guess_label_column(bytes, file_name);
        if (labelled.label_index >= 0 && set_draft_csv(labelled, trial).empty()) err.clear();
    }
    if (!err.empty()) {
        draft_ = keep_draft, csv_ = keep_csv;
        return refuse(err);
    }
    files_ = std::move(trial);
    csv_.name = file_name;
    platform::keep_upload(path, bytes);
    const int label = draft_.data.label_index;
    message_ =
        "Read " + file_name + ": " + std::to_string(csv_.rows) + " rows x " +
        std::to_string(csv_.columns) + " columns" +
        (label >= 0 ? "; \"" + csv_.column_names[label] + "\" holds words: it is the label column"
                    : std::string("; pick a label column if it has one")) +
        "; scaling " + ae::kScalingNames[int(draft_.data.scaling)] +
        " (fitted on the training rows). Then Apply & reset.";
    message_is_error_ = false;
    update_draft_check();
    return "";
}

std::string App::set_draft_idx(const ae::DataConfig& data, const ae::DataFiles& files) {
    ae::Dataset ds;
    if (std::string err = set_draft_data(data, files, &ds); !err.empty()) return err;
    // An image model takes the images' shape (a 2-D file has none: its layers then say so).
    if (draft_.input_shape.image) {
        draft_.input_shape.image = ds.height > 0;
        draft_.input_shape.h = ds.height, draft_.input_shape.w = ds.width;
        draft_.input_shape.c = ds.channels;
    }
    idx_.images_path = data.images, idx_.labels_path = data.labels;
    idx_.images = ds.samples(), idx_.features = ds.features();
    idx_.height = ds.height, idx_.width = ds.width, idx_.channels = ds.channels;
    idx_.classes = int(ds.class_names.size());
    return "";
}

std::string App::import_idx(const std::vector<Upload>& files) {
    // Every message here starts with a file's name, as the engine's do.
    auto refuse = [&](const std::string& why) {
        message_ = "Could not use " + why + "\nThe current experiment and the draft are unchanged.";
        message_is_error_ = true;
        return why;
    };
    if (files.empty()) return refuse("IDX files: none were given");
    if (files.size() > 2)
        return refuse(files[0].name + " and " + std::to_string(files.size() - 1) +
                      " more: " + std::to_string(files.size()) +
                      " files; the page takes an IDX images file and, optionally, its labels file");
    for (const Upload& f : files)
        if (f.size > kMaxUploadBytes) {
            char b[160];
            std::snprintf(b, sizeof b, ": %.1f MB; the page reads IDX files up to %.0f MB",
                          f.size / 1048576.0, kMaxUploadBytes / 1048576.0);
            return refuse(f.name + b);
        }
    // Which is which: labels are 1-D, images 2-D to 4-D (parse_idx checks the whole file, so a
    // non-IDX or truncated file is refused here with its byte offset).
    const Upload *images = nullptr, *labels = nullptr;
    long label_count = 0;
    for (const Upload& f : files) {
        ae::IdxArray a;
        const ae::Status st = ae::parse_idx(f.bytes, f.name, ae::kMaxDataValues, &a);
        if (!st.ok()) return refuse(st.error);
        const Upload*& slot = a.dims.size() == 1 ? labels : images;
        if (slot)
            return refuse(
                slot->name + " and " + f.name + ": both hold " +
                (a.dims.size() == 1 ? "labels (1 dimension)" : "images (2 to 4 dimensions)") +
                "; the page takes one images file and, optionally, its labels file");
        slot = &f;
        if (a.dims.size() == 1) label_count = a.items();
    }
    if (!images)
        return refuse(labels->name + ": labels only (1 dimension, " + std::to_string(label_count) +
                      " of them); open or drop the images file (2 or 3 dimensions, e.g. "
                      "t10k-images-idx3-ubyte.gz) together with it");
    // Held under the paths the config names (two files of the same name, from two folders, must
    // not overwrite each other), shown by the user's names in every message. Tried on a copy of
    // the held files first: a bad file must not replace a good one of the same name.
    const std::string images_file = plain_file_name(images->name),
                      labels_file = labels ? plain_file_name(labels->name) : "";
    const std::string images_path = upload_key(images_file),
                      labels_path =
                          !labels ? ""
                          : labels_file == images_file ? upload_key("labels-" + labels_file)
                                                       : upload_key(labels_file);
    ae::DataFiles trial = files_;
    trial.add(images_path, images->name, images->bytes);
    if (labels) trial.add(labels_path, labels->name, labels->bytes);
    ae::DataConfig d;
    d.name = "idx";
    d.samples = 0; // all the images; the Samples field takes a subset
    d.images = images_path;
    d.labels = labels_path;
    d.scaling = draft_.data.scaling; // bytes already scale to [0, 1], as the image sets
    const ae::Config keep_draft = draft_;
    const IdxFiles keep_idx = idx_;
    if (std::string err = set_draft_idx(d, trial); !err.empty()) {
        draft_ = keep_draft, idx_ = keep_idx;
        return refuse(err);
    }
    files_ = std::move(trial);
    idx_.images_name = images->name;
    idx_.labels_name = labels ? labels->name : "";
    platform::keep_upload(images_path, images->bytes, labels_path,
                          labels ? labels->bytes : std::string());
    message_ =
        "Read " + images->name + ": " + std::to_string(idx_.images) + " images of " +
        (idx_.height > 0
             ? std::to_string(idx_.height) + " x " + std::to_string(idx_.width) +
                   (idx_.channels > 1 ? " x " + std::to_string(idx_.channels) : std::string()) +
                   " (" + std::to_string(idx_.features) + " values)"
             : std::to_string(idx_.features) + " values") +
        (labels
             ? "; labels from " + labels->name + " (" + std::to_string(idx_.classes) + " classes)"
             : std::string("; no labels")) +
        "; model input " + std::to_string(draft_.input) + ". Then Apply & reset.";
    message_is_error_ = false;
    update_draft_check();
    return "";
}

void App::draw_upload_buttons() {
    if (ImGui::Button("Open CSV...")) platform::open_csv_picker();
    ui::mark("open_csv");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Numbers separated by commas, one sample per line; a header line "
                          "and a label column are optional. You can also drop the file on "
                          "the page.");
    ImGui::SameLine();
    if (ImGui::Button("Open IDX...")) platform::open_idx_picker();
    ui::mark("open_idx");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Images in MNIST's IDX format (e.g. t10k-images-idx3-ubyte.gz), plain "
                          "or gzipped; pick its labels file too (t10k-labels-idx1-ubyte.gz) to "
                          "colour the views by class. You can also drop them on the page.");
}

void App::draw_dataset_section() {
    const float lw = ImGui::GetFontSize() * 7.5f;
    if (control_hidden("data") ||
        !ImGui::CollapsingHeader("Dataset", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    ImGui::PushID("data");
    if (control_locked("data")) ImGui::TextColored(kColorWarn, "Locked by the lesson");
    ImGui::BeginDisabled(control_locked("data")); // a lesson's locked data
    ae::DataConfig& d = draft_.data;
    constexpr int kDataCount = int(sizeof ae::kDataNames / sizeof ae::kDataNames[0]);
    int data = 0;
    for (int i = 0; i < kDataCount; ++i)
        if (d.name == ae::kDataNames[i]) data = i;
    form_label("Data", lw);
    if (combo_names("##name", &data, ae::kDataNames, kDataCount)) {
        d = data_defaults(ae::kDataNames[data], d.scaling);
        if (d.name == "csv" && !csv_.path.empty()) {
            d.path = csv_.path;
            set_draft_csv(d, files_);
        }
        if (d.name == "idx" && !idx_.images_path.empty()) {
            d.images = idx_.images_path, d.labels = idx_.labels_path;
            set_draft_idx(d, files_);
        }
    }
    if (d.name != "csv") {
        form_label("Samples", lw);
        ImGui::InputInt("##samples", &d.samples, 100, 1000);
        if (d.name == "idx" && ImGui::IsItemHovered())
            ImGui::SetTooltip("0: all the images, in the file's order; else a seeded subset");
        // A bare 0 reads as "no samples": say what it means, and how many the file holds.
        if (d.name == "idx" && !d.images.empty() && idx_.images_path == d.images) {
            ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
            ImGui::SameLine();
            if (d.samples == 0)
                ImGui::TextColored(kColorDim, "0 = all %d images", idx_.images);
            else
                ImGui::TextColored(kColorDim, "a seeded subset of %d", idx_.images);
        }
    }
    if (d.name == "uniform") {
        form_label("Features", lw);
        ImGui::InputInt("##features", &d.features, 1, 10);
    } else if (d.name == "sequences") {
        form_label("Noise", lw);
        ImGui::InputDouble("##noise", &d.noise, 0.1, 1.0, "%.2f");
    } else if (d.name == "well_logs") {
        form_label("Log length", lw);
        ImGui::InputInt("##features", &d.features, 8, 32);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Depth samples per log: the model's input width");
        form_label("Noise (API)", lw);
        ImGui::InputDouble("##noise", &d.noise, 0.5, 2.0, "%.1f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Standard deviation of the tool's Gaussian noise, in API units");
        form_label("Anomalies", lw);
        float frac = float(d.anomalies);
        if (ImGui::SliderFloat("##anomalies", &frac, 0.0f, 0.5f, "%.2f of the logs"))
            d.anomalies = frac;
        bool normal_only = d.normal_classes == std::vector<int>{0};
        if (ImGui::Checkbox("Train on normal logs only", &normal_only))
            d.normal_classes = normal_only ? std::vector<int>{0} : std::vector<int>{};
        help_marker("The validation split keeps every log; spikes, dropouts and shifted segments "
                    "there are the anomalies to find.");
    } else if (d.name == "mnist" || d.name == "fashion_mnist") {
        ImGui::TextColored(kColorDim, "28 x 28 images: 784 features");
        // One normal class: train on it, score every class (the others are the anomalies).
        const std::vector<std::string> names = ae::dataset_class_names(d.name);
        const int normal = d.normal_classes.size() == 1 ? d.normal_classes[0] : -1;
        form_label("Train on", lw);
        if (ImGui::BeginCombo("##normal", normal < 0 ? "all classes" : names[normal].c_str())) {
            for (int i = -1; i < int(names.size()); ++i)
                if (ImGui::Selectable(i < 0 ? "all classes" : names[i].c_str(), i == normal))
                    d.normal_classes = i < 0 ? std::vector<int>{} : std::vector<int>{i};
            ImGui::EndCombo();
        }
        help_marker("Training keeps one class only; the validation split keeps all, and every "
                    "other class counts as an anomaly.");
    } else if (d.name == "idx") {
        const bool have = !d.images.empty() && idx_.images_path == d.images;
        form_label("Images", lw);
        if (have)
            ImGui::TextUnformatted(idx_.images_name.c_str());
        else
            ImGui::TextColored(kColorWarn, d.images.empty() ? "none yet" : "%s", d.images.c_str());
        if (have) {
            ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
            ImGui::SameLine();
            std::string what = std::to_string(idx_.images);
            if (idx_.height > 0)
                what += " images of " + std::to_string(idx_.height) + " x " +
                        std::to_string(idx_.width) +
                        (idx_.channels > 1 ? " x " + std::to_string(idx_.channels) : "");
            else
                what += " samples of " + std::to_string(idx_.features) + " values";
            ImGui::TextColored(kColorDim, "%s", what.c_str());
            form_label("Labels", lw);
            if (!d.labels.empty()) { // the class count on its own line: the names are long
                ImGui::TextUnformatted(idx_.labels_name.c_str());
                ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
                ImGui::SameLine();
                ImGui::TextColored(kColorDim, "%d classes", idx_.classes);
                // As for MNIST: one normal class to train on; the others are the anomalies.
                const int normal = d.normal_classes.size() == 1 ? d.normal_classes[0] : -1;
                const std::string shown =
                    normal < 0 ? std::string("all classes") : "class " + std::to_string(normal);
                form_label("Train on", lw);
                if (ImGui::BeginCombo("##normal_idx", shown.c_str())) {
                    for (int i = -1; i < idx_.classes; ++i) {
                        const std::string item =
                            i < 0 ? std::string("all classes") : "class " + std::to_string(i);
                        if (ImGui::Selectable(item.c_str(), i == normal))
                            d.normal_classes = i < 0 ? std::vector<int>{} : std::vector<int>{i};
                    }
                    ImGui::EndCombo();
                }
                ui::mark("idx_normal");
                help_marker("Training keeps one class (label value) only; the validation split "
                            "keeps all, and every other class counts as an anomaly.");
            } else {
                ImGui::TextColored(kColorDim, "none");
            }
        }
        ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
        ImGui::SameLine();
        draw_upload_buttons();
        if (!have)
            ImGui::TextColored(kColorDim, "Open IDX files or drop them on the page: the images "
                                          "and, optionally, their labels.");
    } else { // csv
        const bool have = !d.path.empty() && csv_.path == d.path;
        form_label("File", lw);
        if (have)
            ImGui::TextUnformatted(csv_.name.empty() ? d.path.c_str() : csv_.name.c_str());
        else
            ImGui::TextColored(kColorWarn, d.path.empty() ? "none yet" : "%s", d.path.c_str());
        ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
        ImGui::SameLine();
        if (have) {
            ImGui::TextColored(kColorDim, "%d rows x %d columns", csv_.rows, csv_.columns);
            ImGui::Dummy(ImVec2(lw - ImGui::GetStyle().ItemSpacing.x, 0));
            ImGui::SameLine();
        }
        draw_upload_buttons();
        if (have) {
            form_label("Label column", lw);
            const int current = d.label_index;
            const char* shown = current >= 0 && current < csv_.columns
                                    ? csv_.column_names[current].c_str()
                                    : "(none: all columns are features)";
            if (ImGui::BeginCombo("##label", shown)) {
                for (int i = -1; i < csv_.columns; ++i) {
                    const char* n =
                        i < 0 ? "(none: all columns are features)" : csv_.column_names[i].c_str();
                    if (ImGui::Selectable(n, i == current) && i != current) {
                        ae::DataConfig next = d;
                        next.label_index = i, next.label_column.clear();
                        next.normal_classes.clear();
                        const std::string err = set_draft_csv(next, files_);
                        if (!err.empty()) message_ = err, message_is_error_ = true;
                    }
                }
                ImGui::EndCombo();
            }
        } else {
            ImGui::TextColored(kColorDim, "Open a .csv file or drop one on the page.");
        }
    }
    int scaling = int(d.scaling);
    form_label("Scaling", lw);
    if (combo_names("##scaling", &scaling, ae::kScalingNames, 3)) d.scaling = ae::Scaling(scaling);
    ImGui::EndDisabled();
    if (!control_hidden("seed")) {
        ImGui::BeginDisabled(control_locked("seed"));
        form_label("Seed", lw);
        long long seed = (long long)draft_.seed;
        if (ImGui::InputScalar("##seed", ImGuiDataType_S64, &seed))
            draft_.seed = seed < 0 ? 0 : uint64_t(seed);
        ImGui::EndDisabled();
    }
    ImGui::PopID();
    ImGui::Spacing();
}

namespace {
// A non-dense layer's type and key arguments: short for the editor's column (long: false), or
// spelled out for its tooltip (long: true).
std::string layer_text(const ae::LayerConfig& l, bool long_form) {
    char b[160];
    const char* pad = l.padding == ae::Padding::same ? "same" : "valid";
    switch (l.type) {
    case ae::LayerType::conv2d:
    case ae::LayerType::conv2d_transpose: {
        const char* name = l.type == ae::LayerType::conv2d ? "conv" : "convT";
        char stride[24] = ""; // "/2" or "/2x1"; nothing for stride 1
        if (l.strides[0] != l.strides[1])
            std::snprintf(stride, sizeof stride, "/%dx%d", l.strides[0], l.strides[1]);
        else if (l.strides[0] > 1)
            std::snprintf(stride, sizeof stride, "/%d", l.strides[0]);
        if (long_form)
            std::snprintf(b, sizeof b, "%s: %d filters, kernel %dx%d, strides %dx%d, padding %s",
                          ae::layer_type_name(l.type), l.filters, l.kernel_size[0],
                          l.kernel_size[1], l.strides[0], l.strides[1], pad);
        else
            std::snprintf(b, sizeof b, "%s %d %dx%d%s", name, l.filters, l.kernel_size[0],
                          l.kernel_size[1], stride);
        break;
    }
    case ae::LayerType::max_pooling2d:
        if (long_form)
            std::snprintf(b, sizeof b, "max_pooling2d: pool %dx%d, strides %dx%d, padding %s",
                          l.pool_size[0], l.pool_size[1], l.strides[0], l.strides[1], pad);
        else
            std::snprintf(b, sizeof b, "max pool %dx%d", l.pool_size[0], l.pool_size[1]);
        break;
    case ae::LayerType::up_sampling2d:
        std::snprintf(b, sizeof b, long_form ? "up_sampling2d: size %dx%d (nearest)" : "up %dx%d",
                      l.size[0], l.size[1]);
        break;
    case ae::LayerType::cropping2d:
        std::snprintf(b, sizeof b,
                      long_form ? "cropping2d: top %d, bottom %d, left %d, right %d"
                                : "crop %d,%d,%d,%d",
                      l.cropping[0], l.cropping[1], l.cropping[2], l.cropping[3]);
        break;
    case ae::LayerType::flatten:
        std::snprintf(b, sizeof b, "flatten");
        break;
    case ae::LayerType::reshape:
        std::snprintf(b, sizeof b, "reshape");
        break;
    case ae::LayerType::dropout:
        std::snprintf(b, sizeof b, long_form ? "dropout: rate %g (training only)" : "dropout %g",
                      l.rate);
        break;
    case ae::LayerType::dense:
        std::snprintf(b, sizeof b, "dense %d", l.units);
        break;
    }
    return b;
}
} // namespace

bool App::draw_layer_table(const char* id, std::vector<ae::LayerConfig>& layers,
                           bool lock_last_units, int first_layer) {
    bool changed = false;
    int remove = -1;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
    if (ImGui::BeginTable(id, 5, flags)) {
        const float fs = ImGui::GetFontSize();
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, fs * 1.2f);
        ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("Activation", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("Output", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize("28x28x128").x);
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
            const bool dense = layers[i].type == ae::LayerType::dense;
            const bool locked = lock_last_units && i + 1 == int(layers.size());
            if (!dense) {
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(layer_text(layers[i], false).c_str());
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s\nEdit its arguments in the config (Export, Import).",
                                      layer_text(layers[i], true).c_str());
            } else if (locked) {
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
            const bool has_activation = dense || layers[i].type == ae::LayerType::conv2d ||
                                        layers[i].type == ae::LayerType::conv2d_transpose;
            if (!has_activation) {
                ImGui::AlignTextToFramePadding();
                ImGui::TextColored(kColorDim, "-");
            } else if (combo_names("##act", &act, ae::kActivationNames, 6)) {
                layers[i].activation = ae::Activation(act);
                changed = true;
            }
            // The output shape from the draft's layout (the last valid one while it has an error).
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            const ae::Model& shown = draft_error_.empty() ? draft_model_ : session_->model();
            if (first_layer + i < shown.num_layers()) {
                const ae::Shape& o = shown.layer(first_layer + i).out_shape;
                if (o.image)
                    ImGui::TextColored(kColorDim, "%dx%dx%d", o.h, o.w, o.c);
                else
                    ImGui::TextColored(kColorDim, "%d", o.c);
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
    if (control_hidden("model") ||
        !ImGui::CollapsingHeader("Architecture", ImGuiTreeNodeFlags_DefaultOpen))
        return;
    if (control_locked("model")) ImGui::TextColored(kColorWarn, "Locked by the lesson");
    ImGui::BeginDisabled(control_locked("model")); // a lesson's locked model
    if (draft_.input_shape.image)
        ImGui::TextColored(kColorDim, "Input: %d x %d x %d image (%d values)", draft_.input_shape.h,
                           draft_.input_shape.w, draft_.input_shape.c, draft_.input);
    else
        ImGui::TextColored(kColorDim, "Input: %d features (from the data)", draft_.input);
    ImGui::Spacing();
    ImGui::TextUnformatted("Encoder");
    draw_layer_table("##encoder", draft_.encoder, false, 0);
    ImGui::Spacing();
    ImGui::TextUnformatted("Decoder");
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Mirror encoder").x -
                    ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().WindowPadding.x * 0);
    bool all_dense = true; // mirroring reverses dense widths; image layers do not mirror so
    for (const auto* half : {&draft_.encoder, &draft_.decoder})
        for (const ae::LayerConfig& l : *half)
            all_dense = all_dense && l.type == ae::LayerType::dense;
    ImGui::BeginDisabled(!all_dense);
    const bool mirror = ImGui::SmallButton("Mirror encoder");
    ImGui::EndDisabled();
    if (mirror) {
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
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(all_dense ? "Decoder = the encoder's hidden layers in reverse, then the "
                                      "output layer"
                                    : "Mirroring works for dense layers only");
    draw_layer_table("##decoder", draft_.decoder, true, int(draft_.encoder.size()));
    // What kind of code: a variational one (Keras' VAE example) or a sparse one (L1 on it). The
    // engine's check of the draft says when the encoder's last layer does not allow it.
    if (!draft_.encoder.empty()) {
        const float lw = ImGui::GetFontSize() * 7.5f, w = ImGui::GetFontSize() * 5.0f;
        ae::VariationalConfig& v = draft_.variational;
        form_label("Variational", lw);
        ImGui::Checkbox("##vae", &v.on);
        ui::mark("vae");
        if (v.on) {
            ImGui::SameLine();
            ImGui::TextUnformatted("beta");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(w);
            ImGui::InputDouble("##beta", &v.beta, 0.0, 0.0, "%.3g");
        }
        help_marker("A variational autoencoder: the encoder's last layer gives each code "
                    "dimension a mean and (with a twin layer) a log-variance, the code is sampled "
                    "from them, and the loss adds beta * KL to a unit normal. Its last encoder "
                    "layer must be dense and linear. The Latent space tab then samples the prior "
                    "and draws the manifold.");
        ae::LayerConfig& code = draft_.encoder.back();
        form_label("Sparse code", lw);
        ImGui::SetNextItemWidth(w);
        ImGui::InputDouble("##l1", &code.l1, 0.0, 0.0, "%.2g");
        ui::mark("l1");
        ImGui::SameLine();
        ImGui::TextColored(kColorDim, "L1 weight");
        help_marker("A sparse autoencoder: activity_regularizer l1 on the encoder's last layer "
                    "adds l1 * sum |code| to the loss, so that few code units are active for a "
                    "sample (try 1e-4 with relu codes). 0 = off.");
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
}

void App::draw_training_section() {
    const float lw = ImGui::GetFontSize() * 7.5f;
    if (!ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushID("train");
    ae::TrainConfig& t = draft_.train;
    // A lesson's control: hidden (not drawn) or locked (drawn disabled).
    auto control = [this](const char* name) {
        if (control_hidden(name)) return false;
        ImGui::BeginDisabled(control_locked(name));
        return true;
    };
    int opt = int(t.optimizer.type);
    if (control("optimizer")) {
        form_label("Optimizer", lw);
        if (combo_names("##opt", &opt, ae::kOptimizerNames, 3)) {
            const bool was_default = t.optimizer.learning_rate ==
                                     (t.optimizer.type == ae::OptimizerType::sgd ? 0.01 : 0.001);
            t.optimizer.type = ae::OptimizerType(opt);
            if (was_default)
                t.optimizer.learning_rate =
                    t.optimizer.type == ae::OptimizerType::sgd ? 0.01 : 0.001;
        }
        ImGui::EndDisabled();
    }
    if (control("learning_rate")) {
        form_label("Learning rate", lw);
        ImGui::InputDouble("##lr", &t.optimizer.learning_rate, 0.0, 0.0, "%.6g");
        ImGui::EndDisabled();
    }
    int loss = int(t.loss);
    if (control("loss")) {
        form_label("Loss", lw);
        if (combo_names("##loss", &loss, ae::kLossNames, 3)) t.loss = ae::Loss(loss);
        ImGui::EndDisabled();
    }
    if (control("epochs")) {
        form_label("Epochs", lw);
        ImGui::InputInt("##epochs", &t.epochs, 1, 10);
        ImGui::EndDisabled();
    }
    if (control("batch_size")) {
        form_label("Batch size", lw);
        ImGui::InputInt("##batch", &t.batch_size, 1, 16);
        ImGui::EndDisabled();
    }
    if (control("validation_split")) {
        form_label("Validation", lw);
        float vs = float(t.validation_split);
        if (ImGui::SliderFloat("##val", &vs, 0.0f, 0.9f, "split %.2f"))
            t.validation_split = std::round(vs * 100) / 100.0;
        ImGui::EndDisabled();
    }
    if (control("shuffle")) {
        form_label("Shuffle", lw);
        ImGui::Checkbox("##shuffle", &t.shuffle);
        ImGui::SameLine();
        ImGui::TextColored(kColorDim, "each epoch");
        ImGui::EndDisabled();
    }
    // Denoising (seed 000): corrupted inputs, clean targets.
    if (control("noise")) {
        form_label("Input noise", lw);
        int type = int(t.noise.type);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
        if (combo_names("##noise", &type, ae::kNoiseNames, 3)) t.noise.type = ae::NoiseType(type);
        ui::mark("noise");
        help_marker("A denoising autoencoder (seed 000) trains on corrupted inputs and is scored "
                    "against the clean ones. gaussian: x + factor * N(0, 1), clipped to [0, 1]; "
                    "masking: each value set to 0 with the given probability. The Denoise tab "
                    "shows what it learned.");
        if (t.noise.type == ae::NoiseType::gaussian) {
            form_label("  factor", lw);
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
            ImGui::InputDouble("##factor", &t.noise.factor, 0.05, 0.1, "%.2f");
            ImGui::SameLine();
            ImGui::Checkbox("clip [0, 1]", &t.noise.clip);
        } else if (t.noise.type == ae::NoiseType::masking) {
            form_label("  fraction", lw);
            float f = float(t.noise.fraction);
            if (ImGui::SliderFloat("##fraction", &f, 0.0f, 0.95f, "%.2f zeroed"))
                t.noise.fraction = std::round(f * 100) / 100.0;
        }
        ImGui::EndDisabled();
    }
    // Gradient clipping under Keras' names (at most one is set).
    if (control("optimizer")) {
        ae::OptimizerConfig& o = t.optimizer;
        static const char* const kClipNames[4] = {"off", "clipnorm", "global_clipnorm",
                                                  "clipvalue"};
        double* values[4] = {nullptr, &o.clipnorm, &o.global_clipnorm, &o.clipvalue};
        int clip = 0;
        for (int i = 1; i < 4; ++i)
            if (*values[i] > 0) clip = i;
        form_label("Clip gradients", lw);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
        const bool clip_changed = combo_names("##clip", &clip, kClipNames, 4);
        ui::mark("clip");
        if (clip_changed) {
            const double was = std::max({o.clipnorm, o.global_clipnorm, o.clipvalue});
            o.clipnorm = o.global_clipnorm = o.clipvalue = 0;
            if (clip > 0) *values[clip] = was > 0 ? was : 1.0;
        }
        if (clip > 0) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(-1);
            ImGui::InputDouble("##clip_value", values[clip], 0.0, 0.0, "%.4g");
        } else {
            help_marker("Limits each update: clipnorm scales each weight tensor's gradient to at "
                        "most this L2 norm, global_clipnorm all gradients together, clipvalue "
                        "clips each value. Helps when the loss becomes NaN.");
        }
        ImGui::EndDisabled();
    }
    ImGui::PopID();
}
