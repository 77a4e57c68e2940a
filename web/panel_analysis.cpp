// panel_analysis.cpp: the Analysis panel's tab bar and the evaluation the tabs share. See app.h.
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

void App::update_evaluation() {
    const long seen = session_->progress().samples_seen;
    const double now = platform::now_ms();
    // While training: at most every 500 ms, and less often when an evaluation is expensive (e.g.
    // 5,000 Fashion-MNIST images) so that it takes at most ~10% of the UI thread.
    const double interval = std::max(500.0, 10.0 * eval_cost_ms_);
    if (eval_valid_ && (seen == eval_samples_seen_ || (training_ && now - eval_time_ < interval)))
        return;
    if (!pca_fitted_) {
        pca_.fit(session_->x_train());
        pca_fitted_ = true;
    }
    eval_ = ae::evaluate(*session_, k_std_, &pca_);
    eval_cost_ms_ = platform::now_ms() - now;
    eval_valid_ = true;
    eval_samples_seen_ = seen;
    eval_time_ = now;
}

void App::draw_analysis(float x, float y, float w, float h) {
    begin_panel("Analysis", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    // Tab labels: the full names where they all fit, else shorter ones (the full name in a
    // tooltip; the ### keeps each tab's id), so that no tab is squeezed into "Recon...".
    static constexpr const char* kMedium[kNumTabs] = {
        "Reconstruction", "Errors", "PCA", "Codes", "Latent space", "Denoise", "Features"};
    static constexpr const char* kShort[kNumTabs] = {"Recon.", "Errors",  "PCA",     "Codes",
                                                     "Latent", "Denoise", "Features"};
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 pad(std::floor(style.FramePadding.x * 0.6f), style.FramePadding.y);
    auto fits = [&](const char* const* names) {
        float total = 0;
        for (int t = 0; t < kNumTabs; ++t)
            total += ImGui::CalcTextSize(names[t]).x + 2 * pad.x + style.ItemInnerSpacing.x;
        return total <= ImGui::GetContentRegionAvail().x;
    };
    const char* const* names = fits(kTabNames) ? kTabNames : fits(kMedium) ? kMedium : kShort;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad); // the tab bar keeps it for its labels
    const bool tab_bar = ImGui::BeginTabBar("##analysis_tabs");
    ImGui::PopStyleVar();
    if (tab_bar) {
        for (int t = 0; t < kNumTabs; ++t) {
            const ImGuiTabItemFlags flags = select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0;
            char label[64];
            std::snprintf(label, sizeof label, "%s###%s", names[t], kTabNames[t]);
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
            const bool open = ImGui::BeginTabItem(label, nullptr, flags);
            ImGui::PopStyleVar();
            ui_tabs_[t] = item_rect();
            if (names[t] != kTabNames[t] && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", kTabNames[t]);
            if (!open) continue;
            analysis_tab_ = t;
            switch (t) {
            case 0:
                draw_reconstruction_tab();
                break;
            case 1:
                draw_errors_tab();
                break;
            case 2:
                draw_pca_tab();
                break;
            case 3:
                draw_latent_tab();
                break;
            case 4:
                draw_latent_space_tab();
                break;
            case 5:
                draw_denoise_tab();
                break;
            case 6:
                draw_features_tab();
                break;
            }
            ImGui::EndTabItem();
        }
        select_tab_ = -1;
        ImGui::EndTabBar();
    }
    ImGui::End();
}
