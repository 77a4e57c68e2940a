// ui.h: small ImGui helpers and the page's palette, shared by app.cpp and the panel files
// (panel_*.cpp: the fixed windows; tab_*.cpp: the Analysis tabs). Header-only: each is a few
// lines.
#pragma once

#include "web/app/marks.h"
#include "web/app/scatter.h"

#include <imgui.h>

#include "engine/train/session.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ui {

// Continues the current line when `text` fits in what is left of it, else starts a new line
// (status text never runs past the panel's edge).
inline void same_line_if_fits(const char* text, float spacing) {
    const float used = ImGui::GetItemRectMax().x + spacing;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (used + ImGui::CalcTextSize(text).x <= right) ImGui::SameLine(0, spacing);
}

// The bundled examples, file names in App's examples directory; the first is the default.
inline const char* const kExamples[] = {
    "seed000_dense.json",    "seed001_linear.json",        "mnist_dense.json",
    "fashion_mnist_2d.json", "well_logs_anomaly.json",     "denoise_well_logs.json",
    "mnist_conv_small.json", "seed003_conv_denoiser.json", "seed004_conv_denoiser.json",
    "seed004_fashion_denoiser.json", "sparse_dense.json", "vae_mnist_2d.json",
    "vae_conv_mnist.json",
};

inline const ImU32 kColorLoss = IM_COL32(86, 180, 255, 255); // train: blue
inline const ImU32 kColorVal = IM_COL32(255, 159, 67, 255);  // validation: orange
inline const ImVec4 kColorError = ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
inline const ImVec4 kColorWarn = ImVec4(1.0f, 0.78f, 0.30f, 1.0f);
inline const ImVec4 kColorOk = ImVec4(0.45f, 0.85f, 0.55f, 1.0f);
inline const ImVec4 kColorDim = ImVec4(0.60f, 0.64f, 0.72f, 1.0f);
// Denoising: noisy input orange, denoised output blue (apart for colour-blind readers), clean grey.
inline const ImU32 kColorNoisy = IM_COL32(255, 159, 67, 255);
inline const ImU32 kColorDenoised = IM_COL32(86, 180, 255, 255);
inline const ImU32 kColorClean = IM_COL32(210, 216, 228, 255);
// Okabe-Ito colours by name (charts of the Analysis tabs); PCA is always reddish purple.
inline const ImU32 kOkabeGrey = IM_COL32(170, 170, 170, 255);
inline const ImU32 kOkabePurple = IM_COL32(204, 121, 167, 255);
inline const ImU32 kOkabeOrange = IM_COL32(230, 159, 0, 255);
inline const ImU32 kOkabeSky = IM_COL32(86, 180, 233, 255);
inline const ImU32 kColorPca = kOkabePurple;
constexpr double kOverfitRatio = 1.5; // the seeds' warning threshold on val_loss / loss

// Classes (e.g. the ten digits or Fashion-MNIST's ten kinds of clothing) in scatters and legends:
// Okabe & Ito's colour-blind-safe palette (orange, sky blue, bluish green, yellow, blue,
// vermillion, reddish purple; "Color Universal Design", 2008) with its black replaced by white for
// the dark plots, extended to ten with a mid grey and Paul Tol's olive. No ten colours all stay
// apart under every colour-vision deficiency: the legend names each class, and hovering an entry
// dims every other class.
inline const ImU32 kClassColors[10] = {
    IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255),  IM_COL32(0, 158, 115, 255),
    IM_COL32(240, 228, 66, 255),  IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),
    IM_COL32(204, 121, 167, 255), IM_COL32(245, 245, 245, 255), IM_COL32(170, 170, 170, 255),
    IM_COL32(153, 153, 51, 255),
};

inline const ImVec4 kHeaderBg = ImVec4(0.075f, 0.09f, 0.115f, 1.0f);

inline const ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                            ImGuiWindowFlags_NoCollapse |
                                            ImGuiWindowFlags_NoSavedSettings;

// The grey range of a session's images, [image_lo, image_hi]: the scaled data's range, or [0, 1].
inline float image_lo(const ae::Session& s) {
    return s.config().data.scaling == ae::Scaling::none ? 0.0f : float(s.x_train().minCoeff());
}
inline float image_hi(const ae::Session& s) {
    return s.config().data.scaling == ae::Scaling::none ? 1.0f : float(s.x_train().maxCoeff());
}

inline std::string read_file(const char* path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline std::string with_commas(long v) {
    std::string s = std::to_string(v), out;
    const int lead = int(s.size()) % 3;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (int(i) - lead) % 3 == 0 && s[i - 1] != '-') out += ',';
        out += s[i];
    }
    return out;
}

// The draft with the session's live values, to tell "needs Apply" apart from "live change".
inline std::string canonical_without_live(ae::Config c) {
    c.train.optimizer.learning_rate = 0;
    c.train.epochs = 0;
    return ae::config_to_json(c, -1);
}

// A label left of a full-width widget, in a two-column form.
inline void form_label(const char* label, float label_w) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
}

inline void help_marker(const char* text) {
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

inline bool combo_names(const char* id, int* index, const char* const* names, int count) {
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

inline bool colored_button(const char* label, ImVec4 color, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          ImVec4(color.x * 1.15f, color.y * 1.15f, color.z * 1.15f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive,
                          ImVec4(color.x * 0.85f, color.y * 0.85f, color.z * 0.85f, 1));
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(3);
    return pressed;
}

inline ImU32 viridis_u32(float t, int alpha = 255) {
    float c[3];
    PointScatter::viridis(t, c);
    return IM_COL32(int(c[0] * 255 + 0.5f), int(c[1] * 255 + 0.5f), int(c[2] * 255 + 0.5f), alpha);
}

// Two short series (input and reconstruction) as lines in a box at the cursor, for tooltips.
inline void mini_series(const std::vector<float>& a, const std::vector<float>& b, ImVec2 size,
                        float s) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    if (a.empty()) return;
    float lo = a[0], hi = a[0];
    for (const std::vector<float>* v : {&a, &b})
        for (float x : *v)
            lo = std::min(lo, x), hi = std::max(hi, x);
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

} // namespace ui
