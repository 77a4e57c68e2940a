// denoise.cpp: the Denoising tab (denoise.h). A test-time noise (type, level, clip) is added to the
// evaluation set and the model's output compared with the clean data (engine/denoise.h): the
// chosen sample's noisy / denoised / clean values (a line chart for signals, grayscale images side
// by side for image data, with a few more samples beside), the MSE of noisy vs clean and of
// denoised vs clean with the noise reduction in percent (seed 000), and the sweep of both MSEs over
// noise levels with the slider's level marked. Any model can be tried: one trained without noise
// also "denoises" a little. Not here: the noise math (engine), training on noise (train.noise).
#include "web/app/tabs/denoise.h"

#include "web/app/plots.h"
#include "web/app/ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace ui;

namespace {

const char* const kDenoiseTypes[2] = {"gaussian", "masking"};

// One grayscale image (values in [0, 1]) as a block of rectangles, one per pixel; near-black
// pixels are left to the black background (MNIST is mostly background: fewer vertices).
void draw_gray_image(ImDrawList* dl, ImVec2 p, float cell, const float* v, int h, int w) {
    dl->AddRectFilled(p, ImVec2(p.x + cell * float(w), p.y + cell * float(h)), IM_COL32_BLACK);
    for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c) {
            const int g = int(std::clamp(v[r * w + c], 0.0f, 1.0f) * 255.0f + 0.5f);
            if (g < 4) continue;
            const ImVec2 a(p.x + cell * float(c), p.y + cell * float(r));
            dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(g, g, g, 255));
        }
}

} // namespace

void DenoiseTab::update(const View& v) {
    const ae::Config& c = v.session.config();
    if (!dn_.initialized) {
        const ae::DenoiseSpec d = ae::default_denoise_spec(c);
        dn_.type = d.type == ae::NoiseType::masking ? 1 : 0;
        dn_.level = d.level();
        dn_.clip = d.clip;
        dn_.level_max = ae::default_sweep_max(c, d.type);
        dn_.initialized = true;
    }
    if (dn_.samples_seen != v.eval_seen) dn_.stale = dn_.sweep_stale = true;
    if (!dn_.stale && !dn_.sweep_stale) return;
    ae::DenoiseSpec spec = ae::default_denoise_spec(c);
    spec.type = dn_.type == 1 ? ae::NoiseType::masking : ae::NoiseType::gaussian;
    spec.clip = dn_.clip;
    spec.set_level(dn_.level);
    if (dn_.stale) dn_.report = ae::denoise_report(v.session, spec);
    if (dn_.sweep_stale) dn_.sweep = ae::denoise_sweep(v.session, spec, dn_.level_max, 9);
    dn_.stale = dn_.sweep_stale = false;
    dn_.samples_seen = v.eval_seen;
}

void DenoiseTab::draw(const View& v, Frame& frame) {
    const float s = v.dpr;
    const ae::Config& c = v.session.config();

    // Controls: noise type, level, clip, sample.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Test noise");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (combo_names("##dn_type", &dn_.type, kDenoiseTypes, 2)) {
        const ae::NoiseType t = dn_.type == 1 ? ae::NoiseType::masking : ae::NoiseType::gaussian;
        ae::DenoiseSpec d = ae::default_denoise_spec(c);
        if (d.type != t) d = ae::DenoiseSpec{};
        d.type = t;
        dn_.level = d.level();
        dn_.level_max = ae::default_sweep_max(c, t);
        dn_.stale = dn_.sweep_stale = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("gaussian: x + level * N(0, 1) (seed 000)\nmasking: each value set to 0 "
                          "with probability level");
    ImGui::SameLine();
    ImGui::TextUnformatted(dn_.type == 1 ? "fraction" : "factor");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    const double level_min = 0.0;
    if (ImGui::SliderScalar("##dn_level", ImGuiDataType_Double, &dn_.level, &level_min,
                            &dn_.level_max, "%.3f"))
        dn_.stale = true;
    ui::mark("denoise_level");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Test-time noise level, 0 to twice the training level. The test noise "
                          "is drawn with the config's seed from its own random stream: it is "
                          "never the noise the model was trained on.");
    if (dn_.type == 0) {
        ImGui::SameLine();
        if (ImGui::Checkbox("clip", &dn_.clip)) dn_.stale = dn_.sweep_stale = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Clip the noisy values to [0, 1] (seed 000)");
    }
    const ae::DenoiseReport& r = dn_.report;
    const int n = r.samples;
    if (n == 0) return;
    dn_.sample = std::clamp(dn_.sample, 0, n - 1);
    // The sample chooser, on this line when it fits (the charts need the panel's height).
    char text[160];
    const float min_slider = ImGui::GetFontSize() * 6;
    if (ImGui::GetItemRectMax().x + 14 * s + ImGui::CalcTextSize("Sample").x +
            ImGui::GetStyle().ItemSpacing.x + min_slider <=
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine(0, 14 * s);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Sample");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::clamp(ImGui::GetContentRegionAvail().x, min_slider, ImGui::GetFontSize() * 12));
    ImGui::SliderInt("##dn_sample", &dn_.sample, 0, n - 1, "#%d");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("This sample: MSE noisy %.5f, denoised %.5f",
                          r.errors_noisy[size_t(dn_.sample)],
                          r.errors_denoised[size_t(dn_.sample)]);

    // The numbers over the whole evaluation set, and what the model was trained on.
    ImGui::Text("MSE vs clean: noisy input %.5f", r.mse_noisy);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Mean over the %d %s samples and their %d values of (noisy - clean)^2: "
                          "how far the noise moved the input",
                          n, r.set.c_str(), r.features);
    std::snprintf(text, sizeof text, "denoised %.5f", r.mse_denoised);
    same_line_if_fits(text, 10 * s);
    ImGui::TextUnformatted(text);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Mean of (model output on the noisy input - clean)^2 over the same values");
    const bool helps = r.mse_denoised < r.mse_noisy;
    if (r.mse_noisy > 0)
        std::snprintf(text, sizeof text, "noise reduction %.1f%%%s", r.noise_reduction_percent,
                      helps ? "" : " (the model adds error)");
    else
        std::snprintf(text, sizeof text, "noise reduction: no noise at this level");
    same_line_if_fits(text, 14 * s);
    ImGui::TextColored(r.mse_noisy > 0 ? (helps ? kColorOk : kColorError) : kColorDim, "%s", text);
    // What the model was trained on: beside the numbers when it fits (else in the tooltip).
    const ae::NoiseConfig& trained = c.train.noise;
    if (trained.type == ae::NoiseType::gaussian)
        std::snprintf(text, sizeof text, "(trained on gaussian %g%s)", trained.factor,
                      trained.clip ? ", clipped" : "");
    else if (trained.type == ae::NoiseType::masking)
        std::snprintf(text, sizeof text, "(trained on masking %g)", trained.fraction);
    else
        std::snprintf(text, sizeof text, "(trained without noise: a plain autoencoder)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted("(1 - MSE denoised / MSE noisy) x 100, seed 000's formula: the "
                               "share of the noise's squared error the model removed (negative: "
                               "it added error)");
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (ImGui::GetItemRectMax().x + 14 * s + ImGui::CalcTextSize(text).x <=
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine(0, 14 * s);
        ImGui::TextColored(kColorDim, "%s", text);
    }

    // Left: the sample (chart or images); right: the sweep.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = std::max(avail.y, 60 * s);
    const float sweep_w = std::floor(avail.x * 0.42f);
    const float left_w = avail.x - sweep_w - ImGui::GetStyle().ItemSpacing.x;
    const int i = dn_.sample, d = r.features;
    const ae::MatrixRM& clean = ae::denoise_clean_set(v.session);
    const int ih = v.session.image_height(), iw = v.session.image_width();
    if (ih > 0 && v.session.image_channels() == 1 && ih * iw == d) {
        // Rows: noisy, denoised, clean; columns: the chosen sample and the next ones.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(left_w, h));
        const float label_w = ImGui::CalcTextSize("denoised").x + 8 * s, gap = 6 * s;
        // At most 4 columns: 12 images of 784 rectangles stay inside one 16-bit draw list.
        const int cols = std::clamp(int((left_w - label_w) / (60 * s)), 1, std::min(4, n));
        const float cell = std::max(
            1.0f, std::floor(std::min((left_w - label_w - gap * float(cols)) / float(cols * iw),
                                      (h - gap * 3) / float(3 * ih))));
        const char* row_names[3] = {"noisy", "denoised", "clean"};
        const ImU32 row_colors[3] = {kColorNoisy, kColorDenoised, kColorClean};
        for (int row = 0; row < 3; ++row) {
            const float y = p.y + float(row) * (cell * float(ih) + gap);
            dl->AddText(ImVec2(p.x, y + (cell * float(ih) - ImGui::GetTextLineHeight()) * 0.5f),
                        row_colors[row], row_names[row]);
            for (int col = 0; col < cols; ++col) {
                const int k = (i + col) % n;
                const ae::MatrixRM& m = row == 0 ? r.noisy : row == 1 ? r.denoised : clean;
                const ImVec2 at(p.x + label_w + float(col) * (cell * float(iw) + gap), y);
                draw_gray_image(dl, at, cell, m.row(k).data(), ih, iw);
                if (col == 0)
                    dl->AddRect(ImVec2(at.x - 1, at.y - 1),
                                ImVec2(at.x + cell * float(iw) + 1, at.y + cell * float(ih) + 1),
                                row_colors[row], 0.0f, 0, 1.5f * s);
            }
        }
    } else {
        const size_t nd = size_t(d);
        std::vector<double> noisy(nd), denoised(nd), original(nd);
        for (int f = 0; f < d; ++f) {
            noisy[size_t(f)] = r.noisy(i, f);
            denoised[size_t(f)] = r.denoised(i, f);
            original[size_t(f)] = clean(i, f);
        }
        const std::vector<PlotSeries> series = {
            {"denoised", &denoised, kColorDenoised, 2.0f * s},
            {"clean", &original, kColorClean, 1.5f * s},
            // Translucent: the noisy input zigzags over the whole range and would hide the others.
            {"noisy", &noisy, (kColorNoisy & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 150), 1.0f * s},
        };
        PlotArea area{};
        series_chart("##dn_sample_chart", ImVec2(left_w, h), series,
                     c.data.name == "well_logs" ? "depth step" : "feature",
                     c.data.scaling != ae::Scaling::none ? "value (scaled)" : "value", s, &area);
        frame.plot_background(area);
    }
    ImGui::SameLine();
    // The sweep, with the report at the slider's level marked on both curves.
    const std::vector<XySeries> sweep = {
        {"denoised", &dn_.sweep.levels, &dn_.sweep.mse_denoised, kColorDenoised, 2.0f * s},
        {"noisy input", &dn_.sweep.levels, &dn_.sweep.mse_noisy, kColorNoisy, 1.5f * s},
    };
    const std::vector<XyMark> at_level = {
        {dn_.level, dn_.report.mse_denoised, "at the slider's level", kColorDenoised},
        {dn_.level, dn_.report.mse_noisy, "", kColorNoisy},
    };
    PlotArea area{};
    xy_chart("##dn_sweep", ImVec2(sweep_w, h), sweep, at_level, 0, 0, 0, 0,
             dn_.type == 1 ? "masking fraction" : "gaussian factor", "MSE vs clean", s, &area);
    frame.plot_background(area);
}

void DenoiseTab::status(nlohmann::json& j) const {
    if (dn_.samples_seen < 0) return;
    const ae::DenoiseReport& r = dn_.report;
    const int i = std::clamp(dn_.sample, 0, std::max(0, r.samples - 1));
    j["denoise"] = {{"type", dn_.type == 1 ? "masking" : "gaussian"},
                    {"level", dn_.level},
                    {"clip", dn_.clip},
                    {"seed", r.spec.seed},
                    {"set", r.set},
                    {"samples", r.samples},
                    {"mse_noisy", r.mse_noisy},
                    {"mse_denoised", r.mse_denoised},
                    {"noise_reduction_percent", r.noise_reduction_percent},
                    {"sample", i},
                    {"sample_mse_noisy", r.samples ? r.errors_noisy[size_t(i)] : 0.0},
                    {"sample_mse_denoised", r.samples ? r.errors_denoised[size_t(i)] : 0.0},
                    {"sweep",
                     {{"levels", dn_.sweep.levels},
                      {"mse_noisy", dn_.sweep.mse_noisy},
                      {"mse_denoised", dn_.sweep.mse_denoised}}}};
}
