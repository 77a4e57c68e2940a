// panel_analysis.cpp: the Analysis panel's tab bar and the evaluation the tabs share. See app.h.
#include "web/app/app.h"

#include "web/backend/platform.h"
#include "web/app/plots.h"
#include "web/app/ui.h"

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
    eval_ = ae::evaluate(*session_, threshold_.k, &fitted_pca());
    eval_cost_ms_ = platform::now_ms() - now;
    eval_valid_ = true;
    eval_samples_seen_ = seen;
    eval_time_ = now;
    threshold_.update(eval_.errors, eval_samples_seen_);
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
            ui::mark(kTabIds[t]);
            if (names[t] != kTabNames[t] && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", kTabNames[t]);
            if (!open) continue;
            analysis_tab_ = t;
            switch (t) {
            case 0: {
                if (session_->image_height() > 0) update_evaluation(); // the worst samples
                // The PCA fit (~100 ms in a page that has not warmed up) waits for the second
                // frame: the first shows the autoencoder alone.
                const ae::Pca* pca = pca_fitted_ || !first_frame() ? &fitted_pca() : nullptr;
                recon_tab_.draw(tab_view(), pca, frame_);
                break;
            }
            case 1:
                update_evaluation();
                errors_tab_.draw(tab_view(), threshold_, frame_);
                break;
            case 2:
                update_evaluation();
                pca_tab_.draw(tab_view(), fitted_pca(), frame_);
                break;
            case 3:
                latent_codes_tab_.draw(tab_view(), frame_);
                break;
            case 4:
                update_evaluation();
                latent_tab_.draw(tab_view(), fitted_pca(), frame_);
                break;
            case 5: {
                update_evaluation(); // the clock: the report follows the evaluation
                const View v = tab_view();
                denoise_tab_.update(v);
                denoise_tab_.draw(v, frame_);
                break;
            }
            case 6:
                update_evaluation();
                features_tab_.draw(tab_view(), fitted_pca(), frame_);
                break;
            }
            ImGui::EndTabItem();
        }
        select_tab_ = -1;
        ImGui::EndTabBar();
    }
    ImGui::End();
    if (frame_.show_sample >= 0) { // a flagged sample clicked: the Reconstruction tab shows it
        recon_tab_.show(frame_.show_sample);
        select_tab_ = 0; // on the next frame's tab bar
        frame_.show_sample = -1;
    }
}

const ae::Pca& App::fitted_pca() {
    if (!pca_fitted_) {
        pca_.fit(session_->x_train());
        pca_fitted_ = true;
    }
    return pca_;
}

View App::tab_view() const {
    return {*session_,     eval_,     eval_valid_ ? eval_samples_seen_ : -1,
            threshold_,    recon_tab_.sample(), training_.load(),
            dpr_};
}
