// tab_reconstruction.cpp: one sample, original against reconstruction. See app.h.
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

void App::draw_reconstruction_tab() {
    const bool has_val = session_->x_val().rows() > 0;
    const int n = int(has_val ? session_->x_val().rows() : session_->x_train().rows());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(has_val ? "Validation sample" : "Training sample");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::SliderInt("##sample", &sample_index_, 0, std::max(0, n - 1), "#%d"))
        reconstruction_stale_ = true;
    update_reconstruction();
    double mse = 0;
    for (size_t i = 0; i < sample_x_.size(); ++i)
        mse += (sample_x_[i] - sample_y_[i]) * (sample_x_[i] - sample_y_[i]);
    if (!sample_x_.empty()) mse /= double(sample_x_.size());
    ImGui::SameLine(0, 16 * dpr_);
    ImGui::Text("MSE of this sample: %.5g", mse);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Mean over its %d features of (original - reconstruction)^2",
                          int(sample_x_.size()));
    const std::vector<PlotSeries> series = {
        {"original", &sample_x_, IM_COL32(210, 216, 228, 255), 1.5f * dpr_},
        {"reconstruction", &sample_y_, kColorVal, 2.0f * dpr_},
    };
    const bool scaled = session_->config().data.scaling != ae::Scaling::none;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    series_chart("##recon", ImVec2(avail.x, std::max(avail.y, 40 * dpr_)), series, "feature",
                 scaled ? "value (scaled)" : "value", dpr_, &area);
    add_plot_background(area);
}

void App::update_reconstruction() {
    if (!reconstruction_stale_) return;
    reconstruction_stale_ = false;
    const bool has_val = session_->x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session_->x_val() : session_->x_train();
    if (x.rows() == 0) return;
    sample_index_ = std::clamp(sample_index_, 0, int(x.rows()) - 1);
    const int d = int(x.cols());
    std::vector<float> out(d);
    session_->model().reconstruct(x.row(sample_index_).data(), 1, out.data());
    sample_x_.assign(x.row(sample_index_).data(), x.row(sample_index_).data() + d);
    sample_y_.assign(out.begin(), out.end());
}
