// reconstruction.cpp: the Reconstruction tab (reconstruction.h): one sample, original against
// reconstruction.
// Signals: a line plot of the two (and PCA's reconstruction at the same k). Images (image_height()
// > 0): original, reconstruction and residual as images, a strip of samples (originals over
// reconstructions) and a sortable list of the worst-reconstructed samples with thumbnails.
#include "web/app/tabs/reconstruction.h"

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

void ReconstructionTab::draw(const View& v, const ae::Pca* pca, Frame& frame) {
    ae::Session& session = v.session;
    if (session.image_height() > 0) {
        draw_images(v, pca, frame);
        return;
    }
    const bool has_val = session.x_val().rows() > 0;
    const int n = int(has_val ? session.x_val().rows() : session.x_train().rows());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(has_val ? "Validation sample" : "Training sample");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::SliderInt("##sample", &sample_index_, 0, std::max(0, n - 1), "#%d"))
        stale_ = true;
    update(v, pca, frame);
    ImGui::SameLine(0, 16 * v.dpr);
    if (ImGui::Checkbox("PCA", &show_pca_)) stale_ = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Also show PCA's reconstruction with k = %d components (the bottleneck "
                          "width), fitted on the training split",
                          session.model().latent_dim());
    char info[128];
    if (show_pca_ && sample_pca_.empty())
        std::snprintf(info, sizeof info, "MSE: autoencoder %.4g \xC2\xB7 PCA preparing...",
                      sample_mse_);
    else if (show_pca_)
        std::snprintf(info, sizeof info, "MSE: autoencoder %.4g \xC2\xB7 PCA %.4g", sample_mse_,
                      sample_pca_mse_);
    else
        std::snprintf(info, sizeof info, "MSE of this sample: %.5g", sample_mse_);
    same_line_if_fits(info, 16 * v.dpr);
    ImGui::TextUnformatted(info);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Mean over its %d features of (original - reconstruction)^2",
                          int(sample_x_.size()));
    std::vector<PlotSeries> series = {
        {"original", &sample_x_, IM_COL32(210, 216, 228, 255), 1.5f * v.dpr},
        {"autoencoder", &sample_y_, kColorVal, 2.0f * v.dpr},
    };
    char pca_label[32];
    std::snprintf(pca_label, sizeof pca_label, "PCA (k = %d)", session.model().latent_dim());
    if (show_pca_ && !sample_pca_.empty())
        series.push_back({pca_label, &sample_pca_, kColorPca, 1.5f * v.dpr});
    const bool scaled = session.config().data.scaling != ae::Scaling::none;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    PlotArea area{};
    series_chart("##recon", ImVec2(avail.x, std::max(avail.y, 40 * v.dpr)), series, "feature",
                 scaled ? "value (scaled)" : "value", v.dpr, &area);
    frame.plot_background(area);
}

void ReconstructionTab::update(const View& v, const ae::Pca* pca, Frame& frame) {
    ae::Session& session = v.session;
    if (!stale_) return;
    stale_ = false;
    const bool has_val = session.x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session.x_val() : session.x_train();
    if (x.rows() == 0) return;
    sample_index_ = std::clamp(sample_index_, 0, int(x.rows()) - 1);
    const int d = int(x.cols());
    std::vector<float> out(d);
    session.model().reconstruct(x.row(sample_index_).data(), 1, out.data());
    sample_x_.assign(x.row(sample_index_).data(), x.row(sample_index_).data() + d);
    sample_y_.assign(out.begin(), out.end());
    auto mse = [&](const std::vector<double>& r) {
        double sum = 0;
        for (int i = 0; i < d; ++i)
            sum += (sample_x_[i] - r[i]) * (sample_x_[i] - r[i]);
        return sum / d;
    };
    sample_mse_ = mse(sample_y_);
    sample_pca_.clear();
    sample_pca_mse_ = 0;
    if (show_pca_ && !pca) {
        // The fit (~100 ms in a page that has not warmed up) waits for the next frame, which
        // finds this view stale again; the first frame shows the autoencoder alone.
        stale_ = true;
        frame.preparing.push_back("pca");
    } else if (show_pca_) {
        const int k = std::min(session.model().latent_dim(), pca->dims());
        const ae::MatrixRM r = pca->inverse_transform(pca->transform(x.row(sample_index_), k));
        sample_pca_.assign(r.data(), r.data() + d);
        sample_pca_mse_ = mse(sample_pca_);
    }
}

void ReconstructionTab::update_images(const View& v, const ae::Pca* pca, Frame& frame) {
    ae::Session& session = v.session;
    const bool has_val = session.x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session.x_val() : session.x_train();
    const int n = int(x.rows()), d = int(x.cols()), h = session.image_height(),
              w = session.image_width();
    if (n == 0 || h * w != d) return;
    const float lo = image_lo(session), hi = image_hi(session);
    ReconImages& ri = images_;
    if (stale_) {
        update(v, pca, frame); // sample_x_, sample_y_ of sample_index_
        std::vector<float> orig(sample_x_.begin(), sample_x_.end()),
            rec(sample_y_.begin(), sample_y_.end()), res(d);
        ri.residual_max = 0;
        for (int i = 0; i < d; ++i) {
            res[i] = rec[i] - orig[i];
            ri.residual_max = std::max(ri.residual_max, std::fabs(res[i]));
        }
        const bool with_pca = !sample_pca_.empty();
        ri.sample.resize(with_pca ? 4 : 3, h, w);
        ri.sample.set(0, orig.data(), ImageAtlas::Map::gray, lo, hi);
        ri.sample.set(1, rec.data(), ImageAtlas::Map::gray, lo, hi);
        ri.sample.set(2, res.data(), ImageAtlas::Map::diverging, 0, ri.residual_max);
        if (with_pca) {
            const std::vector<float> p(sample_pca_.begin(), sample_pca_.end());
            ri.sample.set(3, p.data(), ImageAtlas::Map::gray, lo, hi);
        }
        ri.sample.upload();
        // The strip: kStrip samples from the chosen one on (wrapping), one batch through the model.
        const int m = std::min(kStrip, n);
        ae::MatrixRM in(m, d), out(m, d);
        for (int j = 0; j < m; ++j)
            in.row(j) = x.row((sample_index_ + j) % n);
        session.model().reconstruct(in.data(), m, out.data());
        ri.strip.resize(2 * m, h, w);
        // Tiles are laid out in a square grid; draw() picks them by index: originals 0..m-1.
        for (int j = 0; j < m; ++j) {
            ri.strip.set(j, in.row(j).data(), ImageAtlas::Map::gray, lo, hi);
            ri.strip.set(m + j, out.row(j).data(), ImageAtlas::Map::gray, lo, hi);
        }
        ri.strip.upload();
    }
    // The evaluation is the host's (made before this tab draws, for image data).
    if (v.eval_seen < 0 || ri.worst_seen == v.eval_seen || int(v.eval.errors.size()) != n) return;
    ri.worst_seen = v.eval_seen;
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    const int k = std::min(kWorst, n);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
        return v.eval.errors[a] != v.eval.errors[b] ? v.eval.errors[a] > v.eval.errors[b] : a < b;
    });
    ri.worst_ids.assign(order.begin(), order.begin() + k);
    ae::MatrixRM in(k, d), out(k, d);
    for (int j = 0; j < k; ++j)
        in.row(j) = x.row(ri.worst_ids[j]);
    session.model().reconstruct(in.data(), k, out.data());
    // Tiles by sample: original 2j, reconstruction 2j + 1 (j = rank by error); the list's sort
    // order only permutes the rows.
    ri.worst.resize(2 * k, h, w);
    for (int j = 0; j < k; ++j) {
        ri.worst.set(2 * j, in.row(j).data(), ImageAtlas::Map::gray, lo, hi);
        ri.worst.set(2 * j + 1, out.row(j).data(), ImageAtlas::Map::gray, lo, hi);
    }
    ri.worst.upload();
}

void ReconstructionTab::draw_images(const View& v, const ae::Pca* pca, Frame& frame) {
    ae::Session& session = v.session;
    const float s = v.dpr;
    const bool has_val = session.x_val().rows() > 0;
    const int n = int(has_val ? session.x_val().rows() : session.x_train().rows());
    const std::vector<int>& labels = has_val ? session.labels_val() : std::vector<int>();
    const std::vector<std::string>& names = session.class_names();
    auto class_of = [&](int i) -> const char* {
        return i < int(labels.size()) && labels[i] >= 0 && labels[i] < int(names.size())
                   ? names[labels[i]].c_str()
                   : "";
    };
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(has_val ? "Validation sample" : "Training sample");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::SliderInt("##sample", &sample_index_, 0, std::max(0, n - 1), "#%d"))
        stale_ = true;
    ImGui::SameLine();
    if (ImGui::Checkbox("PCA", &show_pca_)) stale_ = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Also show PCA's reconstruction with k = %d components (the bottleneck "
                          "width), fitted on the training split",
                          session.model().latent_dim());
    update_images(v, pca, frame);
    char info[160];
    if (show_pca_)
        std::snprintf(info, sizeof info, "%s  \xC2\xB7  MSE AE %.4g, PCA %.4g",
                      class_of(sample_index_), sample_mse_, sample_pca_mse_);
    else
        std::snprintf(info, sizeof info, "%s  \xC2\xB7  MSE %.4g", class_of(sample_index_),
                      sample_mse_);
    same_line_if_fits(info, 12 * s);
    ImGui::Text("%s", info);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Class and the mean over its %d pixels of (original - reconstruction)^2",
                          int(sample_x_.size()));

    const ReconImages& ri = images_;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float list_w = std::floor(std::min(avail.x * 0.46f, 300 * s));
    const float left_w = avail.x - list_w - st.ItemSpacing.x * 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 dim = ImGui::GetColorU32(kColorDim), tick = IM_COL32(200, 208, 222, 255);

    // Left: the images (as large as fit), the residual's colour scale, then the strip.
    ImGui::BeginGroup();
    const float strip_tile = std::floor((left_w - (kStrip - 1) * 4 * s) / kStrip);
    const float strip_h = 2 * strip_tile + 4 * s + th + st.ItemSpacing.y;
    // Columns: original, autoencoder, [PCA,] residual (atlas tiles 0, 1, [3,] 2).
    const int cols = ri.sample.count() == 4 ? 4 : 3;
    const int tile_of[4] = {0, 1, cols == 4 ? 3 : 2, 2};
    const float big =
        std::floor(std::max(24 * s, std::min((left_w - (cols - 1) * 12 * s) / cols,
                                             avail.y - strip_h - 4 * th - 4 * st.ItemSpacing.y)));
    char pca_title[32];
    std::snprintf(pca_title, sizeof pca_title, "PCA k=%d", session.model().latent_dim());
    const char* titles[4] = {"original", cols == 4 ? "AE" : "autoencoder",
                             cols == 4 ? pca_title : "residual", "residual"};
    const ImVec2 top = ImGui::GetCursorScreenPos();
    for (int t = 0; t < cols; ++t) {
        const float x0 = top.x + t * (big + 12 * s);
        dl->PushClipRect(ImVec2(x0, top.y), ImVec2(x0 + big + 10 * s, top.y + th), true);
        dl->AddText(ImVec2(x0, top.y), dim, titles[t]);
        dl->PopClipRect();
        ImGui::SetCursorScreenPos(ImVec2(x0, top.y + th + 2 * s));
        ImGui::PushID(t);
        ri.sample.item("##big", tile_of[t], ImVec2(big, big));
        ImGui::PopID();
        if (ImGui::IsItemHovered()) {
            const ImVec2 m = ImGui::GetIO().MousePos, p = ImGui::GetItemRectMin();
            const int h = session.image_height(), w = session.image_width();
            const int r = std::clamp(int((m.y - p.y) / big * h), 0, h - 1),
                      c = std::clamp(int((m.x - p.x) / big * w), 0, w - 1);
            const size_t i = size_t(r) * w + c;
            char pca_value[32] = "";
            if (i < sample_pca_.size())
                std::snprintf(pca_value, sizeof pca_value, "\nPCA %.3f", sample_pca_[i]);
            if (i < sample_x_.size())
                ImGui::SetTooltip("pixel (%d, %d)\noriginal %.3f\nautoencoder %.3f%s\n"
                                  "residual (autoencoder - original) %+.3f\n"
                                  "red: the reconstruction is brighter here, blue: darker",
                                  r, c, sample_x_[i], sample_y_[i], pca_value,
                                  sample_y_[i] - sample_x_[i]);
        }
    }
    { // the residual's scale under its image: the bar, then -max, 0, +max under it
        const float x0 = top.x + (cols - 1) * (big + 12 * s), y0 = top.y + th + 2 * s + big + 4 * s;
        const float bar_h = std::round(th * 0.45f);
        constexpr int kSteps = 16;
        for (int i = 0; i < kSteps; ++i) {
            unsigned char a[3], b[3];
            ImageAtlas::diverging(-1.0f + 2.0f * i / kSteps, a);
            ImageAtlas::diverging(-1.0f + 2.0f * (i + 1) / kSteps, b);
            const ImU32 ca = IM_COL32(a[0], a[1], a[2], 255), cb = IM_COL32(b[0], b[1], b[2], 255);
            dl->AddRectFilledMultiColor(ImVec2(x0 + big * i / kSteps, y0),
                                        ImVec2(x0 + big * (i + 1) / kSteps + 0.5f, y0 + bar_h), ca,
                                        cb, cb, ca);
        }
        char lo_t[24], hi_t[24];
        std::snprintf(lo_t, sizeof lo_t, "-%.2g", ri.residual_max);
        std::snprintf(hi_t, sizeof hi_t, "+%.2g", ri.residual_max);
        const float ty = y0 + bar_h + 2 * s;
        const float room = big - ImGui::CalcTextSize(lo_t).x - ImGui::CalcTextSize(hi_t).x;
        if (room >= 6 * s) { // -max at the left end, +max at the right, 0 where it stands apart
            dl->AddText(ImVec2(x0, ty), tick, lo_t);
            if (room > 4 * ImGui::CalcTextSize("0").x)
                dl->AddText(ImVec2(x0 + (big - ImGui::CalcTextSize("0").x) * 0.5f, ty), tick, "0");
            dl->AddText(ImVec2(x0 + big - ImGui::CalcTextSize(hi_t).x, ty), tick, hi_t);
        } else { // a narrow image: one centred "±max"
            char both[32];
            std::snprintf(both, sizeof both, "\xC2\xB1%.2g", ri.residual_max);
            dl->AddText(ImVec2(x0 + (big - ImGui::CalcTextSize(both).x) * 0.5f, ty), tick, both);
        }
        ImGui::SetCursorScreenPos(ImVec2(top.x, y0));
        ImGui::Dummy(ImVec2(left_w, bar_h + 2 * s + th));
        ImGui::SetCursorScreenPos(ImVec2(x0, y0));
        ImGui::InvisibleButton("##residual_scale", ImVec2(big, bar_h + 2 * s + th));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Residual = reconstruction - original, per pixel: red where the "
                              "reconstruction is brighter, blue where it is darker, up to the "
                              "largest |residual| of this sample (%.3g)",
                              ri.residual_max);
        ImGui::SetCursorScreenPos(ImVec2(top.x, y0 + bar_h + 2 * s + th + st.ItemSpacing.y));
    }
    { // the strip's caption, clipped to the column (the list sits right of it)
        char caption[96];
        std::snprintf(caption, sizeof caption, "#%d to #%d: originals over reconstructions",
                      sample_index_, (sample_index_ + kStrip - 1) % std::max(n, 1));
        const ImVec2 c = ImGui::GetCursorScreenPos();
        dl->PushClipRect(c, ImVec2(c.x + left_w, c.y + th), true);
        dl->AddText(c, dim, caption);
        dl->PopClipRect();
        ImGui::Dummy(ImVec2(left_w, th));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s; click one to show it above", caption);
    }
    const ImVec2 strip0 = ImGui::GetCursorScreenPos();
    const int m = ri.strip.count() / 2;
    for (int j = 0; j < m; ++j)
        for (int row = 0; row < 2; ++row) {
            ImGui::SetCursorScreenPos(
                ImVec2(strip0.x + j * (strip_tile + 4 * s), strip0.y + row * (strip_tile + 4 * s)));
            ImGui::PushID(j * 2 + row);
            if (ri.strip.item("##strip", row * m + j, ImVec2(strip_tile, strip_tile))) {
                sample_index_ = (sample_index_ + j) % std::max(n, 1);
                stale_ = true;
            }
            ImGui::PopID();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("#%d %s (%s)", (sample_index_ + j) % std::max(n, 1),
                                  class_of((sample_index_ + j) % std::max(n, 1)),
                                  row == 0 ? "original" : "reconstruction");
        }
    ImGui::SetCursorScreenPos(ImVec2(strip0.x, strip0.y + 2 * strip_tile + 4 * s));
    ImGui::Dummy(ImVec2(left_w, 1));
    ImGui::EndGroup();

    // Right: the worst-reconstructed samples, sortable.
    ImGui::SameLine(0, st.ItemSpacing.x * 2);
    ImGui::BeginGroup();
    ImGui::TextColored(kColorDim, "Worst reconstructed (%d)", int(ri.worst_ids.size()));
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingFixedFit;
    const float thumb = std::round(26 * s);
    if (ImGui::BeginTable("##worst", 4, flags, ImVec2(list_w, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("orig / rec",
                                ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed,
                                2 * thumb + 3 * s);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize("0000").x);
        ImGui::TableSetupColumn("class", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("error",
                                ImGuiTableColumnFlags_DefaultSort |
                                    ImGuiTableColumnFlags_PreferSortDescending |
                                    ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize("0.0000").x);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
            images_.sort_column = sort->Specs[0].ColumnIndex - 1; // after the thumbnails
            images_.sort_ascending =
                sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        }
        // Rows: ranks 0..k-1 (rank = position by error, descending), ordered by the sort column.
        std::vector<int> rows(ri.worst_ids.size());
        for (size_t j = 0; j < rows.size(); ++j)
            rows[j] = int(j);
        auto key = [&](int j) -> double {
            const int id = ri.worst_ids[j];
            return ri.sort_column == 0   ? id
                   : ri.sort_column == 1 ? (id < int(labels.size()) ? labels[id] : -1)
                                         : v.eval.errors[id];
        };
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            return ri.sort_ascending ? key(a) < key(b) : key(a) > key(b);
        });
        for (const int j : rows) {
            const int id = ri.worst_ids[j];
            ImGui::TableNextRow(0, thumb + 2 * s);
            ImGui::TableNextColumn();
            const ImVec2 c = ImGui::GetCursorScreenPos();
            ImGui::PushID(id);
            if (ImGui::Selectable("##row", id == sample_index_, ImGuiSelectableFlags_SpanAllColumns,
                                  ImVec2(0, thumb))) {
                sample_index_ = id;
                stale_ = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show sample #%d on the left", id);
            ImGui::PopID();
            ImDrawList* tdl = ImGui::GetWindowDrawList(); // the table's scrolling child
            ri.worst.draw(tdl, 2 * j, c, ImVec2(c.x + thumb, c.y + thumb));
            ri.worst.draw(tdl, 2 * j + 1, ImVec2(c.x + thumb + 3 * s, c.y),
                          ImVec2(c.x + 2 * thumb + 3 * s, c.y + thumb));
            const float text_y = c.y + (thumb - ImGui::GetTextLineHeight()) * 0.5f;
            ImGui::TableNextColumn();
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, text_y));
            ImGui::Text("%d", id);
            ImGui::TableNextColumn();
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, text_y));
            ImGui::TextUnformatted(class_of(id));
            ImGui::TableNextColumn();
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, text_y));
            ImGui::Text("%.4f", v.eval.errors[id]);
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
}

void ReconstructionTab::status(const ae::Session& session, nlohmann::json& j) const {
    j["reconstruction"] = {{"sample", sample_index_},
                           {"mse", sample_mse_},
                           {"pca", show_pca_},
                           {"pca_mse", sample_pca_mse_}};
    if (session.image_height() > 0) {
        const ReconImages& ri = images_;
        j["images"] = {
            {"shape", {session.image_height(), session.image_width(), session.image_channels()}},
            {"sample_tiles", ri.sample.count()},
            {"strip_tiles", ri.strip.count()},
            {"residual_max", ri.residual_max},
            {"worst", ri.worst_ids}};
    }
}

void ReconstructionTab::new_session(const ae::Session& session) {
    stale_ = true;
    sample_index_ = std::min(sample_index_, std::max(0, int(session.x_val().rows()) - 1));
    images_.worst_seen = -1;
}

void ReconstructionTab::show(int sample) {
    sample_index_ = sample;
    stale_ = true;
}
