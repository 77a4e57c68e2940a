// tab_pca.cpp: PCA beside the autoencoder. See app.h.
//   - Two bars: reconstruction MSE of PCA and of the AE at the same k (the bottleneck width).
//   - Three charts: the scree (explained variance ratio per component and cumulative), PCA's MSE
//     for k = 1..min(d, 64) with the AE as a marked point at its k, and for a linear decoder the
//     principal angles (degrees) between its subspace and the top-k PCA subspace over the epochs
//     (recorded by record_principal_angles once per finished epoch, whatever tab is open).
// Not here: the PCA and angle math (engine/analysis.h, evaluation.h).
#include "app.h"

#include "plots.h"
#include "ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace ui;

namespace {
const ImU32 kAngleColors[] = {IM_COL32(0, 114, 178, 255),  IM_COL32(230, 159, 0, 255),
                              IM_COL32(0, 158, 115, 255),  IM_COL32(204, 121, 167, 255),
                              IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255)};
constexpr int kMaxAngleSeries = 6;
const char* const kAngleNames[] = {"angle 1", "angle 2", "angle 3",
                                   "angle 4", "angle 5", "angle 6"};
} // namespace

void App::record_principal_angles() {
    if (!session_) return;
    const size_t epochs = session_->history().loss.size();
    if (!angle_epochs_.empty() && epochs == angles_recorded_epochs_) return;
    if (!angles_why_.empty()) return; // not a linear decoder: nothing to record this session
    if (ae::decoder_subspace(session_->model(), &angles_why_).size() == 0) return;
    if (!pca_fitted_) {
        pca_.fit(session_->x_train());
        pca_fitted_ = true;
    }
    const std::vector<double> a = ae::decoder_pca_angles_deg(*session_, pca_, &angles_why_);
    angles_recorded_epochs_ = epochs;
    if (a.empty()) return;
    angle_series_.resize(a.size());
    angle_epochs_.push_back(double(epochs));
    for (size_t i = 0; i < a.size(); ++i)
        angle_series_[i].push_back(a[i]);
}

void App::draw_pca_tab() {
    update_evaluation();
    if (pca_cmp_samples_seen_ < 0) {
        pca_cmp_ = ae::compare_with_pca(*session_, pca_);
    } else if (pca_cmp_samples_seen_ != eval_samples_seen_) {
        // PCA's side is fixed for the session; only the autoencoder moves (the same number).
        pca_cmp_.ae_mse = eval_.reconstruction.mse;
    }
    pca_cmp_samples_seen_ = eval_samples_seen_;
    const float s = dpr_;
    const bool ae_wins = eval_.reconstruction.mse < eval_.pca_mse;
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Both compress %d features to k = %d values (the bottleneck width).",
                session_->config().input, eval_.pca_k);
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("PCA is fitted on the training split and evaluated on the %s split, like "
                          "the autoencoder",
                          eval_.set.c_str());
    // Two bars: reconstruction MSE of PCA and of the autoencoder on the same samples.
    const double top = std::max(eval_.pca_mse, eval_.reconstruction.mse) * 1.15 + 1e-12;
    const float bar_w = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Autoencoder  ").x -
                        ImGui::CalcTextSize("MSE 0.000000  (better) ").x;
    auto bar = [&](const char* name, double v, ImU32 col, bool best) {
        ImGui::TextUnformatted(name);
        ImGui::SameLine(ImGui::CalcTextSize("Autoencoder  ").x + ImGui::GetStyle().WindowPadding.x);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + float(v / top) * bar_w, p.y + h), col, 2 * s);
        ImGui::Dummy(ImVec2(float(v / top) * bar_w, h));
        ImGui::SameLine();
        ImGui::Text("MSE %.6f%s", v, best ? "  (better)" : "");
    };
    bar("PCA", eval_.pca_mse, kColorPca, !ae_wins);
    bar("Autoencoder", eval_.reconstruction.mse, kOkabeOrange, ae_wins);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim,
                       "MSE on the %s split (model units squared); PCA's %d components explain "
                       "%.1f%% of the variance.",
                       eval_.set.c_str(), eval_.pca_k, eval_.pca_explained * 100.0);
    ImGui::PopTextWrapPos();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (avail.x - 2 * gap) / 3, h = std::max(avail.y, 40 * s);
    PlotArea area{};
    // Scree: explained variance ratio per component, and cumulative (components numbered from 1).
    std::vector<double> ratio = pca_cmp_.explained_variance_ratio;
    if (ratio.size() > 40) ratio.resize(40);
    std::vector<double> comp(ratio.size()), cumulative(ratio.size());
    double acc = 0;
    for (size_t i = 0; i < ratio.size(); ++i) {
        comp[i] = double(i + 1);
        cumulative[i] = acc += ratio[i];
    }
    xy_chart("##scree", ImVec2(w, h),
             {{"each", &comp, &ratio, kColorPca, 2.0f * s},
              {"cumulative", &comp, &cumulative, IM_COL32(210, 216, 228, 255), 1.5f * s}},
             {}, 0, 0, 0, 1.02, "component", "variance ratio", s, &area);
    add_plot_background(area);
    ImGui::SameLine();
    // PCA's MSE over k, and the autoencoder at its k.
    std::vector<double> ks(pca_cmp_.pca_mse.size());
    for (size_t i = 0; i < ks.size(); ++i)
        ks[i] = double(i + 1);
    xy_chart("##mse_k", ImVec2(w, h), {{"PCA", &ks, &pca_cmp_.pca_mse, kColorPca, 2.0f * s}},
             {{double(pca_cmp_.ae_k), pca_cmp_.ae_mse, "AE", kOkabeOrange}}, 0, 0, 0, 0,
             "k (components / units)", "MSE", s, &area);
    add_plot_background(area);
    ImGui::SameLine();
    // Principal angles between the decoder's subspace and PCA's, per recorded epoch.
    if (angle_series_.empty()) {
        ImGui::BeginChild("##angles_note", ImVec2(w, h), false);
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorDim, "Principal angles to the PCA subspace: %s.",
                           angles_why_.empty() ? "waiting for the first record"
                                               : angles_why_.c_str());
        ImGui::TextColored(kColorDim, "A linear autoencoder (seed 001: 5-2-5) learns the PCA "
                                      "subspace: the angles to well-separated axes fall to 0.");
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        return;
    }
    std::vector<XySeries> series;
    for (size_t i = 0; i < angle_series_.size() && int(i) < kMaxAngleSeries; ++i)
        series.push_back(
            {kAngleNames[i], &angle_epochs_, &angle_series_[i], kAngleColors[i], 2.0f * s});
    xy_chart("##angles", ImVec2(w, h), series, {}, 0, 0, 0, 90, "epoch", "angle to PCA (deg)", s,
             &area);
    add_plot_background(area);
}
