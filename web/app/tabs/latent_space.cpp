// tab_latent_space.cpp: the codes as a clickable, decodable scatter. See app.h.
// Left: the evaluation set's codes in a plane (PCA of the codes or two dims), coloured by class
// (labelled data, with a legend) or by reconstruction error, drawn by PointScatter's shaders.
// Hover: the sample's input and reconstruction; click: the decoder's output at that point;
// shift-click: the ends of an interpolation. Right: the legend, then one view: the decoded point,
// a traversal grid of the visible plane, or the interpolation strip (images for image data, small
// line plots for signals). Everything recomputes only when the evaluation refreshes.
#include "web/app/tabs/latent_space.h"

#include "web/backend/platform.h"
#include "web/app/plots.h"
#include "web/app/ui.h"

#include "engine/analysis/latent.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

using namespace ui;

// The plane of the scatter (latent.h): the codes' PCA plane (use_pca, more than two dims), else
// dims dim_x, dim_y (clamped to the codes' width) with the other dims at the codes' mean.
static ae::LatentPlane latent_plane_of(bool use_pca, const ae::Pca& pca, const ae::MatrixRM& codes,
                                       int dim_x, int dim_y) {
    const int k = int(codes.cols());
    if (use_pca && k > 2) return ae::latent_plane_pca(pca);
    return ae::latent_plane_dims(codes, std::clamp(dim_x, 0, k - 1), std::clamp(dim_y, 0, k - 1));
}

void LatentSpaceTab::update_latent_space() {
    const double threshold = threshold_->mean_k_std; // mean + k std: the Errors tab's k
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
    ae::codes_to_plane(ls_.xy.data(),
                       latent_plane_of(ls_.use_pca, ls_.pca, ls_.codes, ls_.dim_x, ls_.dim_y),
                       ls_.codes.data(), n);
    // Axis ranges of (n, 2) positions, padded by 5% (a dead dimension: +-0.5).
    auto axis_ranges = [n](const std::vector<float>& xy, float lo_out[2], float hi_out[2]) {
        for (int a = 0; a < 2; ++a) {
            float lo = n ? xy[a] : 0.0f, hi = lo;
            for (int i = 0; i < n; ++i) {
                lo = std::min(lo, xy[2 * i + a]);
                hi = std::max(hi, xy[2 * i + a]);
            }
            const float pad = hi - lo > 1e-6f ? 0.05f * (hi - lo) : 0.5f;
            lo_out[a] = lo - pad;
            hi_out[a] = hi + pad;
        }
    };
    axis_ranges(ls_.xy, ls_.lo, ls_.hi);
    // The same inputs by PCA (fitted on the training split, as the PCA tab's): a linear method's
    // plane beside the autoencoder's. Fixed for the session; coloured as the codes are.
    if (ls_.input_xy.size() != size_t(n) * 2) {
        const int d = int(x.cols());
        const ae::MatrixRM p = pca_->transform(x, std::min(2, d));
        ls_.input_xy.assign(size_t(n) * 2, 0.0f);
        for (int i = 0; i < n; ++i)
            for (int a = 0; a < p.cols(); ++a)
                ls_.input_xy[2 * i + a] = p(i, a);
        axis_ranges(ls_.input_xy, ls_.input_lo, ls_.input_hi);
        const std::vector<double> r = pca_->explained_variance_ratio();
        ls_.input_explained[0] = r.size() > 0 ? r[0] : 0.0;
        ls_.input_explained[1] = r.size() > 1 ? r[1] : 0.0;
    }

    // Colours: the per-sample error, on a log scale when it spans a range (errors are skewed).
    const std::vector<double>& e = eval_->errors;
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
    const std::vector<int>& labels = has_val ? session_->labels_val() : session_->labels_train();
    const int classes = std::min(int(session_->class_names().size()), PointScatter::kMaxCategories);
    ls_.labels = int(labels.size()) == n && classes > 0 ? labels : std::vector<int>();
    const bool by_label = ls_.color_by_label && !ls_.labels.empty();
    ls_.label_counts.assign(ls_.labels.empty() ? 0 : classes, 0);
    for (int c : ls_.labels)
        if (c >= 0 && c < classes) ++ls_.label_counts[c];
    // Draw order: ordinary points, then the hovered legend class, then flagged points (on top).
    auto layer = [&](int i) {
        if (errors_match && e[i] > threshold) return 2;
        return by_label && ls_.labels[i] == ls_.legend_hover ? 1 : 0;
    };
    ls_.points.clear();
    ls_.points.reserve(n);
    ls_.input_points.clear();
    ls_.input_points.reserve(n);
    ls_.flagged = 0;
    for (int pass = 0; pass < 3; ++pass)
        for (int i = 0; i < n; ++i) {
            if (layer(i) != pass) continue;
            ls_.flagged += pass == 2;
            const float value = by_label       ? float(std::clamp(ls_.labels[i], 0, classes - 1))
                                : errors_match ? color_t(e[i])
                                               : 0.5f;
            const float flag = pass == 2 ? 1.0f : 0.0f;
            ls_.points.push_back({(ls_.xy[2 * i] - ls_.lo[0]) / (ls_.hi[0] - ls_.lo[0]),
                                  (ls_.xy[2 * i + 1] - ls_.lo[1]) / (ls_.hi[1] - ls_.lo[1]), value,
                                  flag});
            const float* q = &ls_.input_xy[2 * i];
            ls_.input_points.push_back(
                {(q[0] - ls_.input_lo[0]) / (ls_.input_hi[0] - ls_.input_lo[0]),
                 (q[1] - ls_.input_lo[1]) / (ls_.input_hi[1] - ls_.input_lo[1]), value, flag});
        }
    // The palette: every class in its colour, or (legend hover) the others dimmed.
    float rgb[PointScatter::kMaxCategories * 3];
    for (int c = 0; c < classes; ++c) {
        const ImVec4 col = ImGui::ColorConvertU32ToFloat4(kClassColors[c]);
        const float keep = ls_.legend_hover < 0 || ls_.legend_hover == c ? 1.0f : 0.22f;
        rgb[3 * c] = col.x * keep + 0.12f * (1 - keep);
        rgb[3 * c + 1] = col.y * keep + 0.13f * (1 - keep);
        rgb[3 * c + 2] = col.z * keep + 0.16f * (1 - keep);
    }
    scatter_.set_categories(by_label ? rgb : nullptr, by_label ? classes : 0);
    input_scatter_.set_categories(by_label ? rgb : nullptr, by_label ? classes : 0);
    ls_.traversal_stale = ls_.interp_stale = ls_.vae_stale = true;
    ls_.scatter_dirty = ls_.input_scatter_dirty = true;
    ls_.stale = false;
    ls_.hovered = -1;
    if (ls_.has_decoded) decode_latent_point(ls_.decoded_xy[0], ls_.decoded_xy[1]); // the new decoder
    if (ls_.pad.ink() > 0) encode_drawing(); // the new encoder, or new axes
}

ae::MatrixRM LatentSpaceTab::plane_to_codes(const std::vector<float>& plane_xy) const {
    const int m = int(plane_xy.size() / 2);
    ae::MatrixRM z(m, ls_.k);
    ae::plane_to_codes(z.data(),
                       latent_plane_of(ls_.use_pca, ls_.pca, ls_.codes, ls_.dim_x, ls_.dim_y),
                       plane_xy.data(), m);
    return z;
}

void LatentSpaceTab::decode_latent_point(float px, float py) {
    if (ls_.k <= 0 || ls_.n <= 0) return;
    const ae::MatrixRM z = plane_to_codes({px, py});
    std::vector<float> out(size_t(session_->model().input_dim()));
    session_->model().decode(z.data(), 1, out.data());
    ls_.decoded.assign(out.begin(), out.end());
    ls_.decoded_xy[0] = px;
    ls_.decoded_xy[1] = py;
    ls_.has_decoded = true;
    const int h = session_->image_height(), w = session_->image_width();
    if (h > 0 && h * w == int(out.size())) {
        ls_.decoded_image.resize(1, h, w);
        ls_.decoded_image.set(0, out.data(), ImageAtlas::Map::gray, image_lo(*session_), image_hi(*session_));
        ls_.decoded_image.upload();
    }
}

void LatentSpaceTab::update_latent_views() {
    const int d = session_->model().input_dim(), h = session_->image_height(),
              w = session_->image_width();
    const bool images = h > 0 && h * w == d;
    if (ls_.k <= 0 || ls_.n <= 0) return;
    if (ls_.view == 1 && ls_.traversal_stale) {
        // Tile (r, c) decodes the centre of its cell of the visible plane; row 0 is the top (high
        // y).
        const int t = ls_.traversal_n;
        ls_.traversal.resize(size_t(t) * t * d);
        ae::plane_traversal(ls_.traversal.data(), nullptr, session_->model(),
                            latent_plane_of(ls_.use_pca, ls_.pca, ls_.codes, ls_.dim_x, ls_.dim_y),
                            ls_.lo, ls_.hi, t);
        if (images) {
            ls_.traversal_images.resize(t * t, h, w);
            for (int i = 0; i < t * t; ++i)
                ls_.traversal_images.set(i, &ls_.traversal[size_t(i) * d], ImageAtlas::Map::gray,
                                         image_lo(*session_), image_hi(*session_));
            ls_.traversal_images.upload();
        }
        ls_.traversal_stale = false;
    }
    if (ls_.view == 2 && ls_.interp_stale) {
        // Codes on the straight line between the two samples' codes (in the full latent space).
        ls_.interp_a = std::clamp(ls_.interp_a, 0, ls_.n - 1);
        ls_.interp_b = std::clamp(ls_.interp_b, 0, ls_.n - 1);
        const int m = LatentSpace::kInterpSteps;
        ls_.interpolation.resize(size_t(m) * d);
        ae::interpolation(ls_.interpolation.data(), session_->model(),
                          ls_.codes.row(ls_.interp_a).data(), ls_.codes.row(ls_.interp_b).data(),
                          ae::Interpolation::linear, m);
        if (images) {
            ls_.interp_images.resize(m, h, w);
            for (int i = 0; i < m; ++i)
                ls_.interp_images.set(i, &ls_.interpolation[size_t(i) * d], ImageAtlas::Map::gray,
                                      image_lo(*session_), image_hi(*session_));
            ls_.interp_images.upload();
        }
        ls_.interp_stale = false;
    }
}

void LatentSpaceTab::draw_outputs(const char* id, const std::vector<float>& outputs, ImageAtlas& atlas,
                       int count, int cols, float tile, float gap) {
    const int d = session_->model().input_dim();
    const bool images = session_->image_height() > 0 && atlas.count() == count;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const int rows = (count + cols - 1) / std::max(cols, 1);
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float lo = 0, hi = 1;
    if (!images && !outputs.empty()) { // one scale for every plot, so that they compare
        lo = *std::min_element(outputs.begin(), outputs.end());
        hi = *std::max_element(outputs.begin(), outputs.end());
        if (hi - lo < 1e-9f) hi = lo + 1;
    }
    for (int i = 0; i < count && size_t(i + 1) * d <= outputs.size(); ++i) {
        const ImVec2 a(p.x + (i % cols) * (tile + gap), p.y + (i / cols) * (tile + gap)),
            b(a.x + tile, a.y + tile);
        if (images) {
            atlas.draw(dl, i, a, b);
            continue;
        }
        dl->AddRectFilled(a, b, kPlotBackground);
        std::vector<ImVec2> pts(d);
        for (int j = 0; j < d; ++j)
            pts[j] = ImVec2(a.x + tile * j / float(std::max(d - 1, 1)),
                            b.y - (outputs[size_t(i) * d + j] - lo) / (hi - lo) * tile);
        dl->AddPolyline(pts.data(), d, kColorVal, 0, 1.0f * dpr_);
        dl->AddRect(a, b, IM_COL32(70, 78, 96, 255));
    }
    ImGui::Dummy(ImVec2(cols * (tile + gap) - gap, rows * (tile + gap) - gap));
    ImGui::PopID();
}

void LatentSpaceTab::draw(const View& v, const ae::Pca& input_pca, Frame& frame) {
    session_ = &v.session, eval_ = &v.eval, eval_samples_seen_ = v.eval_seen;
    threshold_ = &v.threshold, pca_ = &input_pca, frame_ = &frame, dpr_ = v.dpr;
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
    if (!ls_.labels.empty()) {
        ImGui::SameLine(0, 12 * s);
        ImGui::TextUnformatted("Colour");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
        int by = ls_.color_by_label ? 0 : 1;
        if (ImGui::Combo("##ls_colour", &by, "label\0error\0")) {
            ls_.color_by_label = by == 0;
            ls_.stale = true;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Colour the points by their class, or by their reconstruction error");
    }
    char info[160];
    std::snprintf(info, sizeof info, "%d %s samples \xC2\xB7 %d ringed (error above the threshold)",
                  n, has_val ? "validation" : "training", ls_.flagged);
    same_line_if_fits(info, 12 * s);
    ImGui::TextColored(kColorDim, "%s", info);
    if (ls_.stale) update_latent_space(); // a control changed this frame

    // Layout: scatter (left, with axes) and legend or colour bar + a view (right).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool vae_view = ls_.view >= 5; // the VAE's images get the wider column
    const float left_w = std::floor(avail.x * (vae_view ? 0.42f : 0.58f)),
                right_w = avail.x - left_w - st.ItemSpacing.x;
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
    ui::mark("latent_scatter");
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
    const bool shift = ImGui::GetIO().KeyShift;
    // The nearest point within a few pixels (CPU search over the projected positions).
    auto nearest = [&](float radius) {
        int best_i = -1;
        float best = radius * radius;
        for (int i = 0; i < n; ++i) {
            const ImVec2 q = to_screen(ls_.xy[2 * i], ls_.xy[2 * i + 1]);
            const float d = (q.x - mouse.x) * (q.x - mouse.x) + (q.y - mouse.y) * (q.y - mouse.y);
            if (d < best) best = d, best_i = i;
        }
        return best_i;
    };
    if (shift && ImGui::IsItemClicked()) { // shift-click: the next end of the interpolation
        const int pick = nearest(10 * s);
        if (pick >= 0) {
            (ls_.interp_next == 0 ? ls_.interp_a : ls_.interp_b) = pick;
            ls_.interp_next = 1 - ls_.interp_next;
            ls_.view = 2;
            ls_.interp_stale = true;
        }
    } else if (active && !shift) { // click or drag: decode the point under the mouse
        const float mx = std::clamp(mouse.x, p0.x, p1.x), my = std::clamp(mouse.y, p0.y, p1.y);
        decode_latent_point(ls_.lo[0] + (mx - p0.x) / img_w * (ls_.hi[0] - ls_.lo[0]),
                            ls_.hi[1] - (my - p0.y) / img_h * (ls_.hi[1] - ls_.lo[1]));
        ls_.view = 0;
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
    if (!ls_.pad_code.empty()) { // the drawing's code: an orange diamond
        const ImVec2 c = to_screen(ls_.pad_xy[0], ls_.pad_xy[1]);
        const float r = 8 * s;
        const ImVec2 q[4] = {ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r),
                             ImVec2(c.x - r, c.y)};
        dl->AddConvexPolyFilled(q, 4, kOkabeOrange);
        dl->AddPolyline(q, 4, IM_COL32(255, 255, 255, 255), ImDrawFlags_Closed, 1.5f * s);
    }
    if (ls_.view ==
        2) { // the interpolation's ends and the line between them (exact: projections are linear)
        const ImVec2 a = to_screen(ls_.xy[2 * ls_.interp_a], ls_.xy[2 * ls_.interp_a + 1]);
        const ImVec2 b = to_screen(ls_.xy[2 * ls_.interp_b], ls_.xy[2 * ls_.interp_b + 1]);
        dl->AddLine(a, b, IM_COL32(0, 0, 0, 200), 4 * s);
        dl->AddLine(a, b, IM_COL32(255, 255, 255, 255), 1.5f * s);
        for (int e = 0; e < 2; ++e) {
            const ImVec2 c = e == 0 ? a : b;
            dl->AddCircleFilled(c, 7 * s, IM_COL32(255, 255, 255, 255));
            const char* t = e == 0 ? "A" : "B";
            const ImVec2 ts = ImGui::CalcTextSize(t);
            dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), IM_COL32(20, 24, 32, 255), t);
        }
    }
    // Hover: the nearest point within a few pixels.
    const int near = hovered && !active ? nearest(6 * s) : -1;
    ls_.hover_now = near;
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
            if (session_->image_height() * session_->image_width() == d) {
                ls_.hover_images.resize(2, session_->image_height(), session_->image_width());
                ls_.hover_images.set(0, ls_.hover_x.data(), ImageAtlas::Map::gray, image_lo(*session_),
                                     image_hi(*session_));
                ls_.hover_images.set(1, ls_.hover_xr.data(), ImageAtlas::Map::gray, image_lo(*session_),
                                     image_hi(*session_));
                ls_.hover_images.upload();
            }
        }
        const double err = int(eval_->errors.size()) == n ? eval_->errors[near] : NAN;
        const int h = session_->image_height(), w = session_->image_width();
        const bool images = h > 0 && h * w == d;
        ImGui::BeginTooltip();
        const int label = near < int(ls_.labels.size()) ? ls_.labels[near] : -1;
        if (label >= 0 && label < int(session_->class_names().size()))
            ImGui::Text("%s sample #%d: %s", has_val ? "Validation" : "Training", near,
                        session_->class_names()[label].c_str());
        else
            ImGui::Text("%s sample #%d", has_val ? "Validation" : "Training", near);
        ImGui::Text("error %.5g%s", err, err > ls_.threshold ? "  (above the threshold)" : "");
        if (images) {
            const float t = std::round(84 * s);
            const ImVec2 c = ImGui::GetCursorScreenPos();
            ImDrawList* tdl = ImGui::GetWindowDrawList();
            ls_.hover_images.draw(tdl, 0, c, ImVec2(c.x + t, c.y + t));
            ls_.hover_images.draw(tdl, 1, ImVec2(c.x + t + 8 * s, c.y),
                                  ImVec2(c.x + 2 * t + 8 * s, c.y + t));
            ImGui::Dummy(ImVec2(2 * t + 8 * s, t));
            ImGui::TextColored(kColorDim, "input");
            ImGui::SameLine(t + 8 * s + ImGui::GetStyle().WindowPadding.x);
            ImGui::TextColored(kColorDim, "reconstruction");
        } else {
            mini_series(ls_.hover_x, ls_.hover_xr, ImVec2(220 * s, 60 * s), s);
            ImGui::TextColored(ImVec4(0.82f, 0.85f, 0.89f, 1.0f), "input");
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "reconstruction");
        }
        ImGui::TextColored(kColorDim, "shift-click: an end of the interpolation");
        ImGui::EndTooltip();
    } else if (hovered && !active) {
        ImGui::SetTooltip("Click or drag to decode this point of the plane;\nshift-click two "
                          "points to interpolate");
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

    // Right column: the legend (or the colour bar), then the chosen view.
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (!vae_view) draw_latent_legend(right_w);
    const char* views[7] = {"point", "grid", "A-B", "PCA", "draw", "prior", "manifold"};
    static const char* const view_ids[7] = {"ls_view_point", "ls_view_grid",  "ls_view_interp",
                                             "ls_view_pca",   "ls_view_draw",  "ls_view_prior",
                                             "ls_view_manifold"}; // status_json "ui"
    const char* view_tips[7] = {
        "The decoder's output at the clicked point",
        "A grid of decoder outputs over the visible plane",
        "Decoder outputs on the straight line between two samples' codes (shift-click two points)",
        "The same samples in the inputs' first two principal components: what a linear method "
        "sees, beside what the autoencoder learned",
        "Draw your own input: it is encoded as you draw, marked in the plane, and reconstructed",
        "New outputs from the VAE: random codes from the prior N(0, I), decoded; and the KL of "
        "each latent dimension",
        "The latent manifold: a grid of codes over two latent dimensions at the prior's "
        "quantiles (5% to 95%), decoded"};
    std::vector<int> shown = {0, 1, 2, 3};
    if (drawable()) shown.push_back(4);
    if (session_->model().variational() && k > 0) {
        shown.push_back(5);
        if (k > 1) shown.push_back(6);
    }
    if (std::find(shown.begin(), shown.end(), ls_.view) == shown.end()) ls_.view = 0;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < shown.size(); ++i) { // on one line, or more when the column is narrow
        const int v = shown[i];
        const float need = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                           ImGui::CalcTextSize(views[v]).x + ImGui::GetStyle().ItemSpacing.x;
        if (i && ImGui::GetItemRectMax().x + need <= right) ImGui::SameLine();
        if (ImGui::RadioButton(views[v], ls_.view == v)) ls_.view = v;
        ui::mark(view_ids[v]);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view_tips[v]);
    }
    draw_latent_view(
        right_w, std::max(40 * s, p1.y + st.ItemSpacing.y + th - ImGui::GetCursorScreenPos().y));
    ImGui::EndGroup();
}

void LatentSpaceTab::draw_latent_legend(float width) {
    const float s = dpr_, th = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tick_col = IM_COL32(200, 208, 222, 255);
    if (ls_.color_by_label && !ls_.labels.empty()) {
        // Two columns of class swatches; hovering one dims the other classes in the scatter.
        const std::vector<std::string>& names = session_->class_names();
        const int classes = int(ls_.label_counts.size()), rows = (classes + 1) / 2;
        const float col_w = std::floor(width / 2);
        const ImVec2 c0 = ImGui::GetCursorScreenPos();
        int hover = -1;
        for (int c = 0; c < classes; ++c) {
            const ImVec2 p(c0.x + (c / rows) * col_w, c0.y + (c % rows) * (th + 2 * s));
            ImGui::SetCursorScreenPos(p);
            ImGui::PushID(c);
            ImGui::InvisibleButton("##legend", ImVec2(col_w - 4 * s, th));
            ImGui::PopID();
            if (ImGui::IsItemHovered()) {
                hover = c;
                ImGui::SetTooltip("%s: %d points", names[c].c_str(), ls_.label_counts[c]);
            }
            dl->AddCircleFilled(ImVec2(p.x + th * 0.4f, p.y + th * 0.5f), th * 0.32f,
                                kClassColors[c]);
            dl->PushClipRect(p, ImVec2(p.x + col_w - 4 * s, p.y + th), true);
            dl->AddText(ImVec2(p.x + th * 0.95f, p.y),
                        c == ls_.legend_hover || ls_.legend_hover < 0
                            ? tick_col
                            : IM_COL32(120, 128, 142, 255),
                        names[c].c_str());
            dl->PopClipRect();
        }
        if (hover != ls_.legend_hover) {
            ls_.legend_hover = hover;
            ls_.stale = true; // redrawn next frame with the other classes dimmed
        }
        ImGui::SetCursorScreenPos(ImVec2(c0.x, c0.y + rows * (th + 2 * s)));
        ImGui::Dummy(ImVec2(width, 1));
        return;
    }
    ImGui::TextColored(kColorDim, "colour: reconstruction error%s", ls_.log_colors ? " (log)" : "");
    const ImVec2 c = ImGui::GetCursorScreenPos();
    char lo_e[24], hi_e[24];
    std::snprintf(lo_e, sizeof lo_e, "%.3g", ls_.err_lo);
    std::snprintf(hi_e, sizeof hi_e, "%.3g", ls_.err_hi);
    const float lo_w = ImGui::CalcTextSize(lo_e).x, hi_w = ImGui::CalcTextSize(hi_e).x;
    const float bx0 = c.x + lo_w + 6 * s, bx1 = c.x + width - hi_w - 6 * s;
    const float by0 = c.y + th * 0.2f, by1 = c.y + th * 0.8f;
    constexpr int kSteps = 24;
    for (int i = 0; i < kSteps; ++i) {
        const float a = float(i) / kSteps, b = float(i + 1) / kSteps;
        const ImU32 ca = viridis_u32(a), cb = viridis_u32(b);
        dl->AddRectFilledMultiColor(ImVec2(bx0 + (bx1 - bx0) * a, by0),
                                    ImVec2(bx0 + (bx1 - bx0) * b + 0.5f, by1), ca, cb, cb, ca);
    }
    dl->AddText(ImVec2(c.x, c.y), tick_col, lo_e);
    dl->AddText(ImVec2(bx1 + 6 * s, c.y), tick_col, hi_e);
    ImGui::Dummy(ImVec2(width, th));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Per-sample reconstruction error (MSE over the features), min to max;\n"
                          "points above mean + %.1f std (%.4g) are larger with a red ring",
                          threshold_->k, ls_.threshold);
}

void LatentSpaceTab::draw_latent_view(float width, float height) {
    const float s = dpr_;
    const bool images = session_->image_height() > 0;
    update_latent_views();
    if (ls_.view == 0) {
        if (!ls_.has_decoded) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
            ImGui::TextColored(
                kColorDim,
                "Click (or drag) anywhere in the plane: the decoder turns that point into "
                "an output, shown here live.");
            ImGui::PopTextWrapPos();
            return;
        }
        ImGui::TextColored(kColorDim, "decoder output at (%.3g, %.3g)", ls_.decoded_xy[0], ls_.decoded_xy[1]);
        const float h = std::max(40 * s, height - ImGui::GetTextLineHeightWithSpacing());
        if (images) {
            const float side = std::floor(std::min(width, h));
            ls_.decoded_image.item("##decoded_image", 0, ImVec2(side, side));
        } else {
            const std::vector<PlotSeries> series = {{"decoded", &ls_.decoded, kColorVal, 2.0f * s}};
            PlotArea area{};
            series_chart("##decoded", ImVec2(width, h), series, "feature", "value", s, &area);
            frame_->plot_background(area);
        }
        return;
    }
    if (ls_.view == 3) {
        draw_input_pca_view(width, height);
        return;
    }
    if (ls_.view == 4) {
        draw_pad_view(width, height);
        return;
    }
    if (ls_.view >= 5) {
        draw_vae_view(width, height);
        return;
    }
    if (ls_.view == 1) {
        char format[24];
        std::snprintf(format, sizeof format, "%%d x %d", ls_.traversal_n);
        ImGui::SetNextItemWidth(std::min(width, ImGui::GetFontSize() * 8));
        if (ImGui::SliderInt("##traversal_n", &ls_.traversal_n, 4, 12, format))
            ls_.traversal_stale = true;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The visible plane cut into n x n cells; each shows the decoder's "
                              "output at its centre");
        update_latent_views();
        const int t = ls_.traversal_n;
        const float avail_h = height - ImGui::GetFrameHeightWithSpacing();
        const float gap = images ? 1 * s : 2 * s;
        const float tile =
            std::floor(std::max(4 * s, (std::min(width, avail_h) - (t - 1) * gap) / t));
        draw_outputs("##traversal", ls_.traversal, ls_.traversal_images, t * t, t, tile, gap);
        return;
    }
    // Interpolation: the two ends as sample fields, then the strip in two rows.
    const float fw = ImGui::GetFontSize() * 4.2f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("A");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fw);
    if (ImGui::InputInt("##interp_a", &ls_.interp_a, 0, 0)) ls_.interp_stale = true;
    ImGui::SameLine();
    ImGui::TextUnformatted("B");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fw);
    if (ImGui::InputInt("##interp_b", &ls_.interp_b, 0, 0)) ls_.interp_stale = true;
    update_latent_views();
    const int m = LatentSpace::kInterpSteps, cols = m / 2;
    const float gap = 3 * s;
    const float tile = std::floor(
        std::max(4 * s, std::min((width - (cols - 1) * gap) / cols,
                                 (height - ImGui::GetFrameHeightWithSpacing() * 2 - gap) / 2)));
    draw_outputs("##interp", ls_.interpolation, ls_.interp_images, m, cols, tile, gap);
    ImGui::TextColored(kColorDim, "A (#%d) to B (#%d) in %d steps", ls_.interp_a, ls_.interp_b,
                       m - 1);
}

// The inputs' PCA plane: the same points and colours as the latent scatter, with its axes; the
// sample hovered in the latent scatter is ringed here too.
void LatentSpaceTab::draw_input_pca_view(float width, float height) {
    const float s = dpr_, th = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tick_col = IM_COL32(200, 208, 222, 255), label_col = ImGui::GetColorU32(kColorDim);
    char lo_y[24], hi_y[24], lo_x[24], hi_x[24], label_x[48], label_y[48];
    std::snprintf(lo_y, sizeof lo_y, "%.3g", ls_.input_lo[1]);
    std::snprintf(hi_y, sizeof hi_y, "%.3g", ls_.input_hi[1]);
    std::snprintf(lo_x, sizeof lo_x, "%.3g", ls_.input_lo[0]);
    std::snprintf(hi_x, sizeof hi_x, "%.3g", ls_.input_hi[0]);
    std::snprintf(label_x, sizeof label_x, "PC 1 of the inputs (%.0f%%)", ls_.input_explained[0] * 100);
    std::snprintf(label_y, sizeof label_y, "PC 2 of the inputs (%.0f%%)", ls_.input_explained[1] * 100);
    const float margin_l = std::max(ImGui::CalcTextSize(lo_y).x, ImGui::CalcTextSize(hi_y).x) + 6 * s;
    const float side = std::floor(std::max(20 * s, std::min(width - margin_l, height - 3 * th -
                                                            ImGui::GetStyle().ItemSpacing.y * 2)));
    if (ls_.input_scatter_dirty || input_scatter_.target_w() != int(side)) {
        const float point_px = std::round((ls_.n > 3000 ? 2.5f : 3.5f) * s);
        input_scatter_.update(ls_.input_points.data(), int(ls_.input_points.size()), int(side),
                              int(side), point_px);
        ls_.input_scatter_dirty = false;
    }
    const ImVec2 c = ImGui::GetCursorScreenPos();
    dl->AddText(ImVec2(c.x + margin_l, c.y), label_col, label_y);
    const ImVec2 p0(c.x + margin_l, c.y + th + 2 * s), p1(p0.x + side, p0.y + side);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(hi_y).x - 4 * s, p0.y), tick_col, hi_y);
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize(lo_y).x - 4 * s, p1.y - th), tick_col, lo_y);
    if (input_scatter_.texture())
        dl->AddImage((ImTextureID)(intptr_t)input_scatter_.texture(), p0, p1, ImVec2(0, 1),
                     ImVec2(1, 0));
    dl->AddRect(p0, p1, IM_COL32(70, 78, 96, 255));
    const int h = ls_.hover_now >= 0 ? ls_.hover_now : -1;
    if (h >= 0 && size_t(2 * h + 1) < ls_.input_xy.size()) {
        const float* q = &ls_.input_xy[2 * h];
        const ImVec2 at(p0.x + (q[0] - ls_.input_lo[0]) / (ls_.input_hi[0] - ls_.input_lo[0]) * side,
                        p1.y - (q[1] - ls_.input_lo[1]) / (ls_.input_hi[1] - ls_.input_lo[1]) * side);
        dl->AddCircle(at, 7 * s, IM_COL32(255, 255, 255, 255), 16, 2 * s);
    }
    dl->AddText(ImVec2(p0.x, p1.y + 2 * s), tick_col, lo_x);
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(hi_x).x, p1.y + 2 * s), tick_col, hi_x);
    // The x label under the ticks (the plot is narrower than the label).
    dl->AddText(ImVec2(p0.x + std::max(0.0f, (side - ImGui::CalcTextSize(label_x).x) * 0.5f),
                       p1.y + th + 2 * s),
                label_col, label_x);
    ImGui::Dummy(ImVec2(width, side + 3 * th + 4 * s));
    ui::mark("ls_input_pca", p0, ImVec2(side, side));
}

bool LatentSpaceTab::drawable() const {
    const int h = session_->image_height(), w = session_->image_width();
    return h > 0 && session_->image_channels() == 1 && h * w == session_->model().input_dim();
}

void LatentSpaceTab::encode_drawing() {
    ae::Model& model = session_->model();
    const int d = model.input_dim(), k = model.latent_dim();
    if (int(ls_.pad.pixels.size()) != d) return;
    ae::MatrixRM x(1, d);
    std::copy(ls_.pad.pixels.begin(), ls_.pad.pixels.end(), x.data());
    session_->scaler().transform(x); // the model's units, as its data
    ls_.pad_code.resize(size_t(k));
    model.encode(x.data(), 1, ls_.pad_code.data());
    ls_.pad_output.resize(size_t(d));
    model.reconstruct(x.data(), 1, ls_.pad_output.data());
    double se = 0;
    for (int j = 0; j < d; ++j)
        se += double(ls_.pad_output[j] - x(0, j)) * double(ls_.pad_output[j] - x(0, j));
    ls_.pad_mse = se / d;
    session_->scaler().inverse_transform(ls_.pad_output.data(), 1); // back to pixels
    if (ls_.codes.cols() == k)
        ae::codes_to_plane(ls_.pad_xy,
                           latent_plane_of(ls_.use_pca, ls_.pca, ls_.codes, ls_.dim_x, ls_.dim_y),
                           ls_.pad_code.data(), 1);
    ls_.pad_images.resize(2, ls_.pad.height, ls_.pad.width);
    ls_.pad_images.set(0, ls_.pad.pixels.data(), ImageAtlas::Map::gray, 0.0f, 1.0f);
    ls_.pad_images.set(1, ls_.pad_output.data(), ImageAtlas::Map::gray, 0.0f, 1.0f);
    ls_.pad_images.upload();
}

// The drawing pad (left, large) and the model's output for it (right), live while drawing. A
// stroke follows the mouse (or a finger: the page turns touches into mouse events) while the
// button is down; Clear starts over.
void LatentSpaceTab::draw_pad_view(float width, float height) {
    const float s = dpr_, gap = ImGui::GetStyle().ItemSpacing.x;
    const int h = session_->image_height(), w = session_->image_width();
    if (ls_.pad.height != h || ls_.pad.width != w) {
        ls_.pad.resize(h, w);
        ls_.pad_code.clear();
    }
    const bool denoiser = session_->config().train.noise.type != ae::NoiseType::none;
    const float side = std::floor(std::max(
        40 * s, std::min(width * 0.6f, height - ImGui::GetTextLineHeightWithSpacing() * 2)));
    const float out_side = std::floor(std::max(20 * s, std::min(width - side - gap, side * 0.7f)));
    ImGui::TextColored(kColorDim, "draw here");
    ImGui::SameLine(side + gap);
    ImGui::TextColored(kColorDim, "%s", denoiser ? "denoised" : "output");

    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##pad", ImVec2(side, side));
    ui::mark("pad");
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip("Draw with the mouse (or a finger). The drawing's code is the orange "
                          "diamond in the plane; the %s is beside.",
                          denoiser ? "denoised image" : "model's reconstruction");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const float px = std::clamp((m.x - p0.x) / side * w, 0.0f, float(w)),
                    py = std::clamp((m.y - p0.y) / side * h, 0.0f, float(h));
        if (!ls_.pad_active) ls_.pad_last[0] = px, ls_.pad_last[1] = py;
        ls_.pad.stroke(ls_.pad_last[0], ls_.pad_last[1], px, py);
        ls_.pad_last[0] = px, ls_.pad_last[1] = py;
        ls_.pad_active = true;
        encode_drawing();
    } else {
        ls_.pad_active = false;
    }
    if (ls_.pad_code.empty()) {
        dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(0, 0, 0, 255));
        const char* hint = "draw a digit";
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        dl->AddText(ImVec2(p0.x + (side - ts.x) * 0.5f, p0.y + (side - ts.y) * 0.5f),
                    ImGui::GetColorU32(kColorDim), hint);
    } else {
        ls_.pad_images.draw(dl, 0, p0, ImVec2(p0.x + side, p0.y + side));
    }
    dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), kOkabeOrange, 0, 0, 1.5f * s);

    ImGui::SameLine();
    ImGui::BeginGroup();
    const ImVec2 q0 = ImGui::GetCursorScreenPos();
    if (!ls_.pad_code.empty())
        ls_.pad_images.draw(dl, 1, q0, ImVec2(q0.x + out_side, q0.y + out_side));
    else
        dl->AddRect(q0, ImVec2(q0.x + out_side, q0.y + out_side), IM_COL32(70, 78, 96, 255));
    ImGui::Dummy(ImVec2(out_side, out_side));
    if (!ls_.pad_code.empty()) ImGui::TextColored(kColorDim, "MSE %.4f", ls_.pad_mse);
    if (ImGui::Button("Clear")) {
        ls_.pad.clear();
        ls_.pad_code.clear();
    }
    ui::mark("pad_clear");
    ImGui::EndGroup();
    if (!ls_.pad_code.empty()) {
        char code[96];
        int at = std::snprintf(code, sizeof code, "code (");
        for (size_t i = 0; i < ls_.pad_code.size() && i < 3 && at < 80; ++i)
            at += std::snprintf(code + at, sizeof code - at, "%s%.2f", i ? ", " : "",
                                ls_.pad_code[i]);
        std::snprintf(code + at, sizeof code - at, "%s)", ls_.pad_code.size() > 3 ? ", ..." : "");
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOkabeOrange), "%s", code);
    }
}

void LatentSpaceTab::update_vae_views() {
    ae::Model& model = session_->model();
    const int d = model.input_dim(), h = session_->image_height(), w = session_->image_width();
    const bool images = h > 0 && h * w == d;
    if (!ls_.vae_stale || !model.variational() || ls_.k <= 0) return;
    const int count = LatentSpace::kPriorSamples, t = ls_.manifold_n;
    ls_.prior.resize(size_t(count) * d);
    ae::sample_prior(ls_.prior.data(), model, count, uint64_t(ls_.prior_seed));
    const int a = std::clamp(ls_.dim_x, 0, ls_.k - 1), b = std::clamp(ls_.dim_y, 0, ls_.k - 1);
    const bool grid = ls_.k > 1 && a != b;
    ls_.manifold.resize(grid ? size_t(t) * t * d : 0);
    if (grid) ae::manifold_grid(ls_.manifold.data(), model, t, a, b);
    ls_.kl_per_dim = session_->kl_per_dim();
    if (images) {
        ls_.prior_images.resize(count, h, w);
        for (int i = 0; i < count; ++i)
            ls_.prior_images.set(i, &ls_.prior[size_t(i) * d], ImageAtlas::Map::gray, image_lo(*session_),
                                 image_hi(*session_));
        ls_.prior_images.upload();
        const int cells = grid ? t * t : 0;
        ls_.manifold_images.resize(cells, h, w);
        for (int i = 0; i < cells; ++i)
            ls_.manifold_images.set(i, &ls_.manifold[size_t(i) * d], ImageAtlas::Map::gray,
                                    image_lo(*session_), image_hi(*session_));
        if (cells) ls_.manifold_images.upload();
    }
    ls_.vae_stale = false;
}

// A variational model's generative side: view 5 decodes draws from the prior (New samples draws
// again) above the KL of each latent dimension as bars, with a warning for collapsed ones; view 6
// the manifold grid over the plane's two dimensions.
void LatentSpaceTab::draw_vae_view(float width, float height) {
    const float s = dpr_, th = ImGui::GetTextLineHeight();
    update_vae_views();
    const float top = ImGui::GetCursorScreenPos().y;
    if (ls_.view == 6) {
        const int a = std::clamp(ls_.dim_x, 0, ls_.k - 1), b = std::clamp(ls_.dim_y, 0, ls_.k - 1);
        if (ls_.manifold.empty()) {
            ImGui::TextColored(kColorDim, "Choose two different latent dims for the axes.");
            return;
        }
        char format[24];
        std::snprintf(format, sizeof format, "%%d x %d", ls_.manifold_n);
        ImGui::SetNextItemWidth(std::min(width * 0.4f, ImGui::GetFontSize() * 7));
        if (ImGui::SliderInt("##manifold_n", &ls_.manifold_n, 5, 20, format)) {
            ls_.vae_stale = true;
            update_vae_views();
        }
        ImGui::SameLine();
        ImGui::TextColored(kColorDim, "dim %d across, dim %d up", a + 1, b + 1);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Each tile decodes a code whose two dims sit at the prior's "
                              "quantiles from 5%% to 95%% (-1.64 to 1.64); the other dims are 0 "
                              "(the prior's mean)");
        const int t = ls_.manifold_n;
        const float avail_h = height - (ImGui::GetCursorScreenPos().y - top);
        const float gap = 0;
        const float tile = std::floor(std::max(3 * s, std::min(width, avail_h) / t));
        draw_outputs("##manifold", ls_.manifold, ls_.manifold_images, t * t, t, tile, gap);
        return;
    }
    if (ImGui::Button("New samples")) {
        ++ls_.prior_seed;
        ls_.vae_stale = true;
        update_vae_views();
    }
    ui::mark("new_samples");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Draw %d new codes from N(0, I) and decode them",
                          LatentSpace::kPriorSamples);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kColorDim, "z ~ N(0, I), seed %d", ls_.prior_seed);
    // The bars' block: a title, one row per dim (at most 8 shown), the collapse line.
    const int k = int(ls_.kl_per_dim.size()), rows = std::min(k, 8);
    const float bar_block = th * (rows + 2.4f) + 6 * s;
    const int cols = 8, count = LatentSpace::kPriorSamples;
    const float gap = 2 * s;
    const float grid_h =
        std::max(8 * s, height - (ImGui::GetCursorScreenPos().y - top) - bar_block);
    const float tile = std::floor(
        std::max(4 * s, std::min((width - (cols - 1) * gap) / cols, (grid_h - gap) / 2)));
    draw_outputs("##prior", ls_.prior, ls_.prior_images, count, cols, tile, gap);

    // KL per latent dim: bars scaled to the largest; collapsed dims (< 0.01 nats) in the warning
    // colour.
    ImGui::TextUnformatted("KL per latent dim (nats)");
    help_marker("How much each latent dimension's posterior q(z|x) differs from the prior "
                "N(0, 1), averaged over the evaluation samples. Below 0.01 nats the dimension is "
                "inactive: its posterior collapsed to the prior, so it carries no information.");
    double top_kl = 1e-9;
    int collapsed = 0;
    for (double v : ls_.kl_per_dim) {
        top_kl = std::max(top_kl, v);
        collapsed += v < ae::kCollapsedKL;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float label_w = ImGui::CalcTextSize("dim 00").x + 6 * s;
    const float value_w = ImGui::CalcTextSize("00.000").x + 6 * s;
    for (int j = 0; j < rows; ++j) {
        const double v = ls_.kl_per_dim[j];
        const ImVec2 c = ImGui::GetCursorScreenPos();
        char label[16], value[24];
        std::snprintf(label, sizeof label, "dim %d", j + 1);
        std::snprintf(value, sizeof value, "%.3f", v);
        const bool dead = v < ae::kCollapsedKL;
        dl->AddText(c, ImGui::GetColorU32(kColorDim), label);
        const float x0 = c.x + label_w, x1 = c.x + width - value_w;
        const float len = float(std::max(0.0, v) / top_kl) * (x1 - x0);
        dl->AddRectFilled(ImVec2(x0, c.y + th * 0.15f),
                          ImVec2(x0 + std::max(len, 1.0f * s), c.y + th * 0.85f),
                          dead ? ImGui::GetColorU32(kColorWarn) : kColorLoss);
        dl->AddText(ImVec2(x1 + 6 * s, c.y),
                    dead ? ImGui::GetColorU32(kColorWarn) : IM_COL32(200, 208, 222, 255), value);
        ImGui::Dummy(ImVec2(width, th));
    }
    if (k > rows) ImGui::TextColored(kColorDim, "(%d more dims)", k - rows);
    if (collapsed > 0)
        ImGui::TextColored(kColorWarn, "%d of %d dims collapsed to the prior (KL < 0.01): inactive",
                           collapsed, k);
    else if (k > 0)
        ImGui::TextColored(kColorOk, "All %d dims active (KL >= 0.01 nats)", k);
}

void LatentSpaceTab::new_session() {
    LatentSpace fresh;
    fresh.use_pca = ls_.use_pca;
    fresh.color_by_label = ls_.color_by_label;
    // The image atlases keep their GL textures (refilled before they are drawn again).
    std::swap(fresh.hover_images, ls_.hover_images);
    std::swap(fresh.decoded_image, ls_.decoded_image);
    std::swap(fresh.traversal_images, ls_.traversal_images);
    std::swap(fresh.interp_images, ls_.interp_images);
    std::swap(fresh.pad_images, ls_.pad_images);
    fresh.pad = ls_.pad; // the drawing stays (encoded again by the new model)
    fresh.view = ls_.view;
    ls_ = std::move(fresh);
}

void LatentSpaceTab::status(const ae::Session& session, nlohmann::json& j) const {
    if (session.model().variational()) { // KL per dim and the generated images
        std::vector<bool> collapsed;
        for (double v : ls_.kl_per_dim)
            collapsed.push_back(v < ae::kCollapsedKL);
        j["vae"] = {
            {"beta", session.model().beta()},
            {"per_dim_kl", ls_.kl_per_dim},
            {"collapsed", collapsed},
            {"prior_seed", ls_.prior_seed},
            {"prior_outputs", ls_.prior.size() / std::max(1, session.model().input_dim())},
            {"prior_tiles", ls_.prior_images.count()},
            {"manifold_n", ls_.manifold_n},
            {"manifold_outputs", ls_.manifold.size() / std::max(1, session.model().input_dim())},
            {"manifold_tiles", ls_.manifold_images.count()}};
    }
    if (ls_.samples_seen >= 0) {
        nlohmann::json legend = nlohmann::json::array();
        if (ls_.color_by_label)
            for (size_t c = 0; c < ls_.label_counts.size(); ++c)
                legend.push_back(session.class_names()[c]);
        const int d = session.model().input_dim();
        j["latent_space_images"] = {
            {"color", ls_.color_by_label && !ls_.labels.empty() ? "label" : "error"},
            {"legend", legend},
            {"label_counts", ls_.label_counts},
            {"categories", scatter_.categories()},
            {"view", ls_.view == 0   ? "point"
                     : ls_.view == 1 ? "grid"
                     : ls_.view == 2 ? "interpolation"
                     : ls_.view == 3 ? "pca"
                     : ls_.view == 4 ? "draw"
                     : ls_.view == 5 ? "prior"
                                     : "manifold"},
            {"decoded_image_tiles", ls_.has_decoded ? ls_.decoded_image.count() : 0},
            {"traversal_n", ls_.traversal_n},
            {"traversal_outputs", d > 0 ? int(ls_.traversal.size() / d) : 0},
            {"traversal_tiles", ls_.traversal_images.count()},
            {"interp", {ls_.interp_a, ls_.interp_b}},
            {"interp_outputs", d > 0 ? int(ls_.interpolation.size() / d) : 0},
            {"interp_tiles", ls_.interp_images.count()},
            {"hovered", ls_.hover_now}};
    }
    if (ls_.samples_seen >= 0)
        j["latent_space"] = {
            {"points", scatter_.points()},
            {"projection", ls_.use_pca && ls_.k > 2 ? "pca" : "dims"},
            {"decoded_point", ls_.has_decoded
                                  ? nlohmann::json::array({ls_.decoded_xy[0], ls_.decoded_xy[1]})
                                  : nlohmann::json(nullptr)},
            {"decoded_length", ls_.has_decoded ? int(ls_.decoded.size()) : 0},
            {"drawing",
             {{"ink", ls_.pad.ink()},
              {"code", ls_.pad_code},
              {"xy", ls_.pad_code.empty() ? nlohmann::json::array()
                                          : nlohmann::json::array({ls_.pad_xy[0], ls_.pad_xy[1]})},
              {"mse", ls_.pad_mse}}},
            {"input_pca",
             {{"points", input_scatter_.points()},
              {"explained", {ls_.input_explained[0], ls_.input_explained[1]}},
              {"xy", ls_.input_xy.size() >= 4 // the first two samples, for tests
                         ? nlohmann::json::array({ls_.input_xy[0], ls_.input_xy[1],
                                                  ls_.input_xy[2], ls_.input_xy[3]})
                         : nlohmann::json::array()}}}};
}
