// tab_pca.cpp: PCA against the autoencoder at the same k, and the scree plot. See app.h.
#include "app.h"

#include "platform.h"
#include "plots.h"
#include "ui.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

using namespace ui;

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
