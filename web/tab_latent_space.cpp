// tab_latent_space.cpp: the codes as a clickable, decodable scatter. See app.h.
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

void App::update_latent_space() {
    update_evaluation();
    const double threshold = eval_.per_sample.mean + k_std_ * eval_.per_sample.std;
    const bool refresh = ls_.samples_seen != eval_samples_seen_;
    if (!refresh && !ls_.stale && threshold == ls_.threshold) return;
    const bool has_val = session_->x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session_->x_val_input() : session_->x_train_input();
    ae::Model& model = session_->model();
    const int n = int(x.rows()), k = model.latent_dim();
    if (refresh || ls_.codes.rows() != n || ls_.codes.cols() != k) {
        ls_.codes.resize(n, k);
        model.encode(x.data(), n, ls_.codes.data());
        if (k > 2) {
            ls_.pca.fit(ls_.codes);
            const std::vector<double> r = ls_.pca.explained_variance_ratio();
            ls_.pca_explained[0] = r.size() > 0 ? r[0] : 0.0;
            ls_.pca_explained[1] = r.size() > 1 ? r[1] : 0.0;
        }
        ls_.samples_seen = eval_samples_seen_;
    }
    ls_.n = n;
    ls_.k = k;
    ls_.dim_x = std::clamp(ls_.dim_x, 0, k - 1);
    ls_.dim_y = std::clamp(ls_.dim_y, 0, k - 1);

    // Projection to the plane: (n, 2).
    ls_.xy.resize(size_t(n) * 2);
    if (ls_.use_pca && k > 2) {
        const ae::MatrixRM p = ls_.pca.transform(ls_.codes, 2);
        for (int i = 0; i < n; ++i) {
            ls_.xy[2 * i] = p(i, 0);
            ls_.xy[2 * i + 1] = p(i, 1);
        }
    } else {
        for (int i = 0; i < n; ++i) {
            ls_.xy[2 * i] = ls_.codes(i, ls_.dim_x);
            ls_.xy[2 * i + 1] = k > 1 ? ls_.codes(i, ls_.dim_y) : 0.0f;
        }
    }
    for (int a = 0; a < 2; ++a) {
        float lo = n ? ls_.xy[a] : 0.0f, hi = lo;
        for (int i = 0; i < n; ++i) {
            lo = std::min(lo, ls_.xy[2 * i + a]);
            hi = std::max(hi, ls_.xy[2 * i + a]);
        }
        const float pad = hi - lo > 1e-6f ? 0.05f * (hi - lo) : 0.5f; // a dead dimension: +-0.5
        ls_.lo[a] = lo - pad;
        ls_.hi[a] = hi + pad;
    }

    // Colours: the per-sample error, on a log scale when it spans a range (errors are skewed).
    const std::vector<double>& e = eval_.errors;
    const bool errors_match = int(e.size()) == n;
    ls_.err_lo = errors_match && n ? *std::min_element(e.begin(), e.end()) : 0.0;
    ls_.err_hi = errors_match && n ? *std::max_element(e.begin(), e.end()) : 1.0;
    ls_.log_colors = ls_.err_lo > 0 && ls_.err_hi > ls_.err_lo * 1.0001;
    auto color_t = [&](double v) {
        if (ls_.err_hi <= ls_.err_lo) return 0.5f;
        if (ls_.log_colors) return float(std::log(v / ls_.err_lo) / std::log(ls_.err_hi / ls_.err_lo));
        return float((v - ls_.err_lo) / (ls_.err_hi - ls_.err_lo));
    };
    ls_.threshold = threshold;
    ls_.points.clear();
    ls_.points.reserve(n);
    ls_.flagged = 0;
    for (int pass = 0; pass < 2; ++pass) // flagged points last: on top
        for (int i = 0; i < n; ++i) {
            const bool flagged = errors_match && e[i] > threshold;
            if (flagged != (pass == 1)) continue;
            ls_.flagged += flagged;
            ls_.points.push_back({(ls_.xy[2 * i] - ls_.lo[0]) / (ls_.hi[0] - ls_.lo[0]),
                                  (ls_.xy[2 * i + 1] - ls_.lo[1]) / (ls_.hi[1] - ls_.lo[1]),
                                  errors_match ? color_t(e[i]) : 0.5f, flagged ? 1.0f : 0.0f});
        }
    ls_.scatter_dirty = true;
    ls_.stale = false;
    ls_.hovered = -1;
    if (ls_.has_decoded) decode_latent_point(ls_.decoded_xy[0], ls_.decoded_xy[1]); // the new decoder
}

void App::decode_latent_point(float px, float py) {
    const int k = ls_.k;
    if (k <= 0 || ls_.n <= 0) return;
    ae::MatrixRM z(1, k);
    if (ls_.use_pca && k > 2) {
        ae::MatrixRM c(1, 2);
        c << px, py;
        z = ls_.pca.inverse_transform(c);
    } else {
        z = ls_.codes.colwise().mean(); // the other dimensions at their mean
        z(0, ls_.dim_x) = px;
        if (k > 1) z(0, ls_.dim_y) = py;
    }
    std::vector<float> out(size_t(session_->model().input_dim()));
    session_->model().decode(z.data(), 1, out.data());
    ls_.decoded.assign(out.begin(), out.end());
    ls_.decoded_xy[0] = px;
    ls_.decoded_xy[1] = py;
    ls_.has_decoded = true;
}

void App::draw_latent_space_tab() {
    update_latent_space();
    const float s = dpr_;
    const int k = ls_.k, n = ls_.n;
    const bool has_val = session_->x_val().rows() > 0;
    const bool pca = ls_.use_pca && k > 2;

    // Controls: the projection, or two raw dimensions.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Axes");
    if (k > 2) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.5f);
        int mode = ls_.use_pca ? 0 : 1;
        if (ImGui::Combo("##ls_axes", &mode, "PCA 1 / 2\0two latent dims\0")) {
            ls_.use_pca = mode == 0;
            ls_.stale = true;
            ls_.has_decoded = false;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("PCA of the %d-dimensional codes (fitted on these codes), or any two of their dimensions", k);
    }
    if (!pca && k > 1) {
        char preview[24];
        for (int a = 0; a < 2; ++a) {
            int& dim = a == 0 ? ls_.dim_x : ls_.dim_y;
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
            std::snprintf(preview, sizeof preview, "%s: dim %d", a == 0 ? "x" : "y", dim + 1);
            if (ImGui::BeginCombo(a == 0 ? "##ls_dim_x" : "##ls_dim_y", preview)) {
                for (int d = 0; d < k; ++d) {
                    char item[16];
                    std::snprintf(item, sizeof item, "dim %d", d + 1);
                    if (ImGui::Selectable(item, d == dim) && d != dim) {
                        dim = d;
                        ls_.stale = true;
                        ls_.has_decoded = false;
                    }
                }
                ImGui::EndCombo();
            }
        }
    }
    char info[160];
    std::snprintf(info, sizeof info, "%d %s samples \xC2\xB7 %d above the threshold (ringed)", n,
                  has_val ? "validation" : "training", ls_.flagged);
    same_line_if_fits(info, 12 * s);
    ImGui::TextColored(kColorDim, "%s", info);
    if (ls_.stale) update_latent_space(); // a control changed this frame

    // Layout: scatter (left, with axes) and colour bar + decoder output (right).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = std::floor(avail.x * 0.58f), right_w = avail.x - left_w - st.ItemSpacing.x;
    char lo_y[24], hi_y[24], lo_x[24], hi_x[24];
    std::snprintf(lo_y, sizeof lo_y, "%.3g", ls_.lo[1]);
    std::snprintf(hi_y, sizeof hi_y, "%.3g", ls_.hi[1]);
    std::snprintf(lo_x, sizeof lo_x, "%.3g", ls_.lo[0]);
    std::snprintf(hi_x, sizeof hi_x, "%.3g", ls_.hi[0]);
    const float margin_l = std::max(ImGui::CalcTextSize(lo_y).x, ImGui::CalcTextSize(hi_y).x) + 6 * s;
    char label_x[64], label_y[64];
    if (pca) {
        std::snprintf(label_x, sizeof label_x, "PCA 1 of the codes (%.0f%%)", ls_.pca_explained[0] * 100);
        std::snprintf(label_y, sizeof label_y, "PCA 2 of the codes (%.0f%%)", ls_.pca_explained[1] * 100);
    } else {
        std::snprintf(label_x, sizeof label_x, "latent dim %d", ls_.dim_x + 1);
        if (k > 1)
            std::snprintf(label_y, sizeof label_y, "latent dim %d", ls_.dim_y + 1);
        else
            std::snprintf(label_y, sizeof label_y, "(one latent dimension)");
    }
    const float img_w = std::floor(std::max(20 * s, left_w - margin_l));
    const float img_h = std::floor(std::max(20 * s, avail.y - 2 * th - 2 * st.ItemSpacing.y));
    const float point_px = std::round((n > 3000 ? 3.0f : 4.5f) * s);
    if (ls_.scatter_dirty || scatter_.target_w() != int(img_w) || scatter_.target_h() != int(img_h)) {
        scatter_.update(ls_.points.data(), int(ls_.points.size()), int(img_w), int(img_h), point_px);
        ls_.scatter_dirty = false;
    }

    ImGui::BeginGroup();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tick_col = IM_COL32(200, 208, 222, 255), label_col = ImGui::GetColorU32(kColorDim);
    {   // y label above the plot, then y ticks to the left of the image
        const ImVec2 c = ImGui::GetCursorScreenPos();
        dl->AddText(ImVec2(c.x + margin_l, c.y), label_col, label_y);
        ImGui::Dummy(ImVec2(left_w, th));
    }
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const ImVec2 p0(row.x + margin_l, row.y), p1(p0.x + img_w, p0.y + img_h);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(hi_y).x - 4 * s, p0.y), tick_col, hi_y);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(lo_y).x - 4 * s, p1.y - th), tick_col, lo_y);
    ImGui::SetCursorScreenPos(p0);
    ImGui::InvisibleButton("##latent_scatter", ImVec2(img_w, img_h));
    ui_latent_scatter_ = item_rect();
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    if (scatter_.texture())
        dl->AddImage((ImTextureID)(intptr_t)scatter_.texture(), p0, p1, ImVec2(0, 1), ImVec2(1, 0));
    else
        dl->AddText(ImVec2(p0.x + 4 * s, p0.y + 4 * s), ImGui::GetColorU32(kColorError),
                    scatter_.error() ? scatter_.error() : "WebGL2 error");
    dl->AddRect(p0, p1, IM_COL32(70, 78, 96, 255));
    auto to_screen = [&](float x, float y) {
        return ImVec2(p0.x + (x - ls_.lo[0]) / (ls_.hi[0] - ls_.lo[0]) * img_w,
                      p1.y - (y - ls_.lo[1]) / (ls_.hi[1] - ls_.lo[1]) * img_h);
    };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (active) { // click or drag: decode the point under the mouse
        const float mx = std::clamp(mouse.x, p0.x, p1.x), my = std::clamp(mouse.y, p0.y, p1.y);
        decode_latent_point(ls_.lo[0] + (mx - p0.x) / img_w * (ls_.hi[0] - ls_.lo[0]),
                            ls_.hi[1] - (my - p0.y) / img_h * (ls_.hi[1] - ls_.lo[1]));
    }
    dl->PushClipRect(p0, p1, true);
    if (ls_.has_decoded) {
        const ImVec2 c = to_screen(ls_.decoded_xy[0], ls_.decoded_xy[1]);
        const float r = 7 * s;
        for (const ImU32 col : {IM_COL32(0, 0, 0, 200), IM_COL32(255, 255, 255, 255)}) {
            const float t = col == IM_COL32(255, 255, 255, 255) ? 1.5f * s : 3.5f * s;
            dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col, t);
            dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col, t);
        }
    }
    // Hover: the nearest point within a few pixels (CPU search over the projected positions).
    int near = -1;
    if (hovered && !active) {
        float best = (6 * s) * (6 * s);
        for (int i = 0; i < n; ++i) {
            const ImVec2 q = to_screen(ls_.xy[2 * i], ls_.xy[2 * i + 1]);
            const float d = (q.x - mouse.x) * (q.x - mouse.x) + (q.y - mouse.y) * (q.y - mouse.y);
            if (d < best) best = d, near = i;
        }
    }
    if (near >= 0) {
        const ImVec2 q = to_screen(ls_.xy[2 * near], ls_.xy[2 * near + 1]);
        dl->AddCircle(q, point_px * 1.2f, IM_COL32(255, 255, 255, 255), 0, 1.5f * s);
    }
    dl->PopClipRect();
    if (near >= 0) {
        const ae::MatrixRM& x = has_val ? session_->x_val_input() : session_->x_train_input();
        const int d = int(x.cols());
        if (near != ls_.hovered) {
            ls_.hover_x.assign(x.row(near).data(), x.row(near).data() + d);
            ls_.hover_xr.resize(d);
            session_->model().reconstruct(ls_.hover_x.data(), 1, ls_.hover_xr.data());
            ls_.hovered = near;
        }
        const double err = int(eval_.errors.size()) == n ? eval_.errors[near] : NAN;
        ImGui::BeginTooltip();
        ImGui::Text("%s sample #%d", has_val ? "Validation" : "Training", near);
        ImGui::Text("error %.5g%s", err, err > ls_.threshold ? "  (above the threshold)" : "");
        mini_series(ls_.hover_x, ls_.hover_xr, ImVec2(220 * s, 60 * s), s);
        ImGui::TextColored(ImVec4(0.82f, 0.85f, 0.89f, 1.0f), "input");
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "reconstruction");
        ImGui::EndTooltip();
    } else if (hovered && !active) {
        ImGui::SetTooltip("Click or drag to decode this point of the plane");
    }
    ImGui::SetCursorScreenPos(ImVec2(row.x, p1.y + st.ItemSpacing.y));
    {   // x ticks and label under the image
        const ImVec2 c = ImGui::GetCursorScreenPos();
        dl->AddText(ImVec2(p0.x, c.y), tick_col, lo_x);
        dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(hi_x).x, c.y), tick_col, hi_x);
        const float lw = ImGui::CalcTextSize(label_x).x;
        const float room_l = p0.x + ImGui::CalcTextSize(lo_x).x + 8 * s, room_r = p1.x - ImGui::CalcTextSize(hi_x).x - 8 * s;
        dl->PushClipRect(ImVec2(room_l, c.y), ImVec2(room_r, c.y + th), true); // never over the ticks
        dl->AddText(ImVec2(std::max(room_l, (p0.x + p1.x - lw) * 0.5f), c.y), label_col, label_x);
        dl->PopClipRect();
        ImGui::Dummy(ImVec2(left_w, th));
    }
    ImGui::EndGroup();

    // Right column: the colour bar, then the decoder's output at the clicked point.
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextColored(kColorDim, "colour: reconstruction error%s", ls_.log_colors ? " (log)" : "");
    {
        const ImVec2 c = ImGui::GetCursorScreenPos();
        char lo_e[24], hi_e[24];
        std::snprintf(lo_e, sizeof lo_e, "%.3g", ls_.err_lo);
        std::snprintf(hi_e, sizeof hi_e, "%.3g", ls_.err_hi);
        const float lo_w = ImGui::CalcTextSize(lo_e).x, hi_w = ImGui::CalcTextSize(hi_e).x;
        const float bx0 = c.x + lo_w + 6 * s, bx1 = c.x + right_w - hi_w - 6 * s;
        const float by0 = c.y + th * 0.2f, by1 = c.y + th * 0.8f;
        constexpr int kSteps = 24;
        for (int i = 0; i < kSteps; ++i) {
            const float a = float(i) / kSteps, b = float(i + 1) / kSteps;
            const ImU32 ca = viridis_u32(a), cb = viridis_u32(b);
            dl->AddRectFilledMultiColor(ImVec2(bx0 + (bx1 - bx0) * a, by0), ImVec2(bx0 + (bx1 - bx0) * b + 0.5f, by1), ca,
                                        cb, cb, ca);
        }
        dl->AddText(ImVec2(c.x, c.y), tick_col, lo_e);
        dl->AddText(ImVec2(bx1 + 6 * s, c.y), tick_col, hi_e);
        ImGui::Dummy(ImVec2(right_w, th));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Per-sample reconstruction error (MSE over the features), min to max;\n"
                              "points above mean + %.1f std (%.4g) are larger with a red ring",
                              k_std_, ls_.threshold);
    }
    if (ls_.has_decoded) {
        ImGui::TextColored(kColorDim, "decoder output at (%.3g, %.3g)", ls_.decoded_xy[0], ls_.decoded_xy[1]);
        const std::vector<PlotSeries> series = {{"decoded", &ls_.decoded, kColorVal, 2.0f * s}};
        const float h = std::max(40 * s, p1.y + st.ItemSpacing.y + th - ImGui::GetCursorScreenPos().y);
        PlotArea area{};
        series_chart("##decoded", ImVec2(right_w, h), series, "feature", "value", s, &area);
        add_plot_background(area);
    } else {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right_w);
        ImGui::TextColored(kColorDim, "Click (or drag) anywhere in the plane: the decoder turns that point into "
                                      "an output, shown here live.");
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
}
