// tab_errors.cpp: per-sample errors, the mean + k std threshold, the worst samples. See app.h.
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
