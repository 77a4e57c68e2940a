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
    if (ImGui::BeginTabBar("##analysis_tabs")) {
        for (int t = 0; t < kNumTabs; ++t) {
            const ImGuiTabItemFlags flags = select_tab_ == t ? ImGuiTabItemFlags_SetSelected : 0;
            // Seven tabs fit a 1280-wide page only with shorter labels; the ### keeps the id.
            const char* label = t == 1   ? "Errors###Errors & anomalies"
                                : t == 2 ? "PCA vs AE###PCA vs autoencoder"
                                : t == 3 ? "Codes###Latent codes"
                                : t == 5 ? "Denoise###Denoising"
                                         : kTabNames[t];
            const ImVec2 pad = ImGui::GetStyle().FramePadding; // tighter tabs: all seven fit
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(std::floor(pad.x * 0.6f), pad.y));
            const bool open = ImGui::BeginTabItem(label, nullptr, flags);
            ImGui::PopStyleVar();
            ui_tabs_[t] = item_rect();
            if (label != kTabNames[t] && ImGui::IsItemHovered())
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
