// pca.cpp: the "PCA vs autoencoder" tab (pca.h).
//   - Two bars: reconstruction MSE of PCA and of the AE at the same k (the bottleneck width).
//   - Three charts: the scree (explained variance ratio per component and cumulative), PCA's MSE
//     for k = 1..min(d, 64) with the AE as a marked point at its k, and for a linear decoder the
//     principal angles (degrees) between its subspace and the top-k PCA subspace over the epochs
//     (recorded by record_angles once per finished epoch, whatever tab is open).
// Not here: the PCA and angle math (engine/analysis.h, evaluation.h).
#include "web/app/tabs/pca.h"

#include "web/app/plots.h"
#include "web/app/ui.h"

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

void PcaTab::reset() {
    cmp_samples_seen_ = -1;
    angle_epochs_.clear();
    angle_series_.clear();
    angles_why_.clear();
    angles_recorded_epochs_ = 0;
}

bool PcaTab::wants_angles(const ae::Session& session) {
    const size_t epochs = session.history().loss.size();
    if (!angle_epochs_.empty() && epochs == angles_recorded_epochs_) return false;
    if (!angles_why_.empty()) return false; // not a linear decoder: nothing to record this session
    return ae::decoder_subspace(session.model(), &angles_why_).size() != 0;
}

void PcaTab::record_angles(const ae::Session& session, const ae::Pca& pca) {
    const std::vector<double> a = ae::decoder_pca_angles_deg(session, pca, &angles_why_);
    angles_recorded_epochs_ = session.history().loss.size();
    if (a.empty()) return;
    angle_series_.resize(a.size());
    angle_epochs_.push_back(double(angles_recorded_epochs_));
    for (size_t i = 0; i < a.size(); ++i)
        angle_series_[i].push_back(a[i]);
}

void PcaTab::status(const View& v, nlohmann::json& j) const {
    if (v.eval_seen >= 0 && cmp_samples_seen_ == v.eval_seen) {
        nlohmann::json& a = j["analysis"];
        a["pca_mse_over_k"] = cmp_.pca_mse;
        a["ae_k"] = cmp_.ae_k;
        a["ae_mse"] = cmp_.ae_mse;
    }
    if (!angle_epochs_.empty())
        j["principal_angles"] = {{"epochs", angle_epochs_}, {"degrees", angle_series_}};
    else if (!angles_why_.empty())
        j["principal_angles"] = {{"why", angles_why_}};
}

void PcaTab::draw(const View& v, const ae::Pca& pca, Frame& frame) {
    const ae::Evaluation& ev = v.eval;
    if (cmp_samples_seen_ < 0) {
        cmp_ = ae::compare_with_pca(v.session, pca);
    } else if (cmp_samples_seen_ != v.eval_seen) {
        // PCA's side is fixed for the session; only the autoencoder moves (the same number).
        cmp_.ae_mse = ev.reconstruction.mse;
    }
    cmp_samples_seen_ = v.eval_seen;
    const float s = v.dpr;
    const bool ae_wins = ev.reconstruction.mse < ev.pca_mse;
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Both compress %d features to k = %d values (the bottleneck width).",
                v.session.config().input, ev.pca_k);
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("PCA is fitted on the training split and evaluated on the %s split, like "
                          "the autoencoder",
                          ev.set.c_str());
    // Two bars: reconstruction MSE of PCA and of the autoencoder on the same samples.
    const double top = std::max(ev.pca_mse, ev.reconstruction.mse) * 1.15 + 1e-12;
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
    bar("PCA", ev.pca_mse, kColorPca, !ae_wins);
    bar("Autoencoder", ev.reconstruction.mse, kOkabeOrange, ae_wins);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim,
                       "MSE on the %s split (model units squared); PCA's %d components explain "
                       "%.1f%% of the variance.",
                       ev.set.c_str(), ev.pca_k, ev.pca_explained * 100.0);
    ImGui::PopTextWrapPos();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (avail.x - 2 * gap) / 3, h = std::max(avail.y, 40 * s);
    PlotArea area{};
    // Scree: explained variance ratio per component, and cumulative (components numbered from 1).
    std::vector<double> ratio = cmp_.explained_variance_ratio;
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
    frame.plot_background(area);
    ImGui::SameLine();
    // PCA's MSE over k, and the autoencoder at its k.
    std::vector<double> ks(cmp_.pca_mse.size());
    for (size_t i = 0; i < ks.size(); ++i)
        ks[i] = double(i + 1);
    xy_chart("##mse_k", ImVec2(w, h), {{"PCA", &ks, &cmp_.pca_mse, kColorPca, 2.0f * s}},
             {{double(cmp_.ae_k), cmp_.ae_mse, "AE", kOkabeOrange}}, 0, 0, 0, 0,
             "k (components / units)", "MSE", s, &area);
    frame.plot_background(area);
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
    frame.plot_background(area);
}
