// panel_training.cpp: the Training panel (controls, loss curves, progress), the model summary
// and the weight heatmap. See app.h.
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

void App::draw_training(float x, float y, float w, float h) {
    begin_panel("Training", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    draw_restore_offer(); // first: Restore replaces the session the lines below read
    const float s = dpr_;
    const bool run_done = session_->progress().done;
    const ImVec2 bsize(ImGui::GetFontSize() * 5.0f, ImGui::GetFrameHeight() * 1.15f);

    // Space trains and pauses, unless a text field has the keys or the keyboard is navigating
    // (then Space presses the focused widget).
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && !io.NavVisible && !run_done &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        if (training_)
            pause_training();
        else
            training_ = true;
    }
    ImGui::BeginDisabled(training_ || run_done);
    if (colored_button("Train", ImVec4(0.16f, 0.55f, 0.33f, 1), bsize)) training_ = true;
    ui::mark("train");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Train to the configured epochs (Space trains and pauses)");
    ImGui::SameLine();
    ImGui::BeginDisabled(!training_);
    if (ImGui::Button("Pause", bsize)) pause_training();
    ui::mark("pause");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(run_done);
    if (ImGui::Button("Step", bsize)) {
        training_ = false;
        const auto hold = lock_session();
        trainee().train_batches(1);
        sync_view();
        recon_tab_.follow_model(), heatmap_stale_ = true;
    }
    ui::mark("step");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Train one mini-batch");
    ImGui::SameLine();
    if (ImGui::Button("Reset", bsize)) reset_session();
    ui::mark("reset");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("New initial weights (same seed), back to epoch 0");
    ImGui::SameLine();
    draw_model_menu(bsize);

    ImGui::SameLine(0, 20 * s);
    const float cb_w = ImGui::GetFrameHeight() + ImGui::CalcTextSize("Log scale").x +
                       ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (bsize.y - ImGui::GetFrameHeight()) * 0.5f);
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - cb_w);
    ImGui::Checkbox("Log scale", &log_scale_);

    // Read after the buttons: Reset and the Model menu may have replaced the session.
    const ae::Progress& p = session_->progress();
    const ae::History& hist = session_->history();

    // Progress over the whole run.
    const long total = long(p.epochs) * p.batches_per_epoch;
    const long done_b = long(p.epoch) * p.batches_per_epoch + p.batch;
    char overlay[160];
    std::snprintf(overlay, sizeof overlay,
                  "Epoch %d / %d   \xC2\xB7   batch %d / %d   \xC2\xB7   %s samples/s", p.epoch,
                  p.epochs, p.batch, p.batches_per_epoch,
                  with_commas(long(std::lround(samples_per_second_))).c_str());
    // The overlay is centred (ImGui puts it at the end of the fill, where it collides with the
    // edge).
    ImGui::ProgressBar(total > 0 ? float(double(done_b) / total) : 0.0f,
                       ImVec2(-1, ImGui::GetFrameHeight() * 1.1f), "");
    {
        const ImVec2 b0 = ImGui::GetItemRectMin(), b1 = ImGui::GetItemRectMax(),
                     ts = ImGui::CalcTextSize(overlay);
        const ImVec2 tp(std::floor((b0.x + b1.x - ts.x) * 0.5f),
                        std::floor((b0.y + b1.y - ts.y) * 0.5f));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(ImVec2(tp.x + 1 * s, tp.y + 1 * s), IM_COL32(0, 0, 0, 160), overlay);
        dl->AddText(tp, IM_COL32(240, 244, 250, 255), overlay);
    }

    // Numbers of the last finished epoch.
    if (!hist.loss.empty()) {
        const double l = hist.loss.back();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorLoss), "Train loss %.5g", l);
        if (!hist.val_loss.empty()) {
            const double v = hist.val_loss.back();
            ImGui::SameLine(0, 18 * s);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "Val loss %.5g", v);
            const double ratio = l > 0 ? v / l : 0;
            ImGui::SameLine(0, 18 * s);
            ImGui::Text("Val/train %.2f", ratio);
            help_marker("Validation loss divided by training loss. Much above 1 means the model "
                        "fits the training "
                        "samples better than unseen ones.");
            if (ratio > kOverfitRatio) {
                const char* warn = "WARNING: Possible overfitting (ratio > 1.5)";
                same_line_if_fits(warn, 18 * s);
                ImGui::TextColored(kColorWarn, "%s", warn);
            }
        }
    } else if (p.batch > 0 && session_->error().empty()) {
        ImGui::Text("Running loss this epoch: %.5g", p.epoch_loss);
    } else if (session_->error().empty()) {
        ImGui::TextColored(
            kColorDim,
            "Not trained yet. Train runs until the last epoch; Step runs one mini-batch.");
    }
    if (p.done && session_->error().empty()) {
        const char* fin = "Finished. Raise Epochs to continue, or Reset.";
        same_line_if_fits(fin, 18 * s);
        ImGui::TextColored(kColorDim, "%s", fin);
    }
    if (!session_->error().empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorError, "Training stopped: %s", session_->error().c_str());
        ImGui::PopTextWrapPos();
    }

    std::vector<PlotSeries> series = {{"train loss", &hist.loss, kColorLoss, 2.0f * s}};
    const bool has_val = !hist.val_loss.empty() || session_->config().train.validation_split > 0;
    if (has_val) series.push_back({"val loss", &hist.val_loss, kColorVal, 2.0f * s});
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float chart_h = std::max(avail.y, 60 * s);
    // A VAE: the loss's two terms in two more charts beside it (their scales differ by ~30x).
    const bool vae = session_->model().variational();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float loss_w = vae ? std::floor(avail.x * 0.44f) : avail.x;
    if (vae) series[0].label = "loss"; // short legends: three charts share the row
    PlotArea area{};
    loss_chart("##loss", ImVec2(loss_w, chart_h), series, p.epochs, log_scale_, s, &area);
    frame_.plot_background(area);
    if (vae) {
        const float term_w = std::floor((avail.x - loss_w - 2 * gap) * 0.5f);
        std::vector<PlotSeries> recon = {{"recon", &hist.reconstruction, kColorLoss, 2.0f * s}};
        std::vector<PlotSeries> kl = {{"KL", &hist.kl, kColorLoss, 2.0f * s}};
        if (has_val) {
            recon.push_back({"val", &hist.val_reconstruction, kColorVal, 2.0f * s});
            kl.push_back({"val", &hist.val_kl, kColorVal, 2.0f * s});
        }
        PlotArea ra{}, ka{};
        ImGui::SameLine();
        loss_chart("##recon", ImVec2(term_w, chart_h), recon, p.epochs, log_scale_, s, &ra);
        frame_.plot_background(ra);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Reconstruction term: the loss summed over a sample's values");
        ImGui::SameLine();
        loss_chart("##kl", ImVec2(avail.x - loss_w - term_w - 2 * gap, chart_h), kl, p.epochs,
                   log_scale_, s, &ka);
        frame_.plot_background(ka);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("KL term (nats): how far the codes' posterior is from N(0, I); "
                              "loss = recon + beta * KL");
    }
    ImGui::End();
}

void App::draw_summary(float x, float y, float w, float h) {
    begin_panel("Model summary", x, y, w, h, kPanelFlags);
    const bool draft_valid = draft_error_.empty();
    const ae::Model& model = draft_valid ? draft_model_ : session_->model();
    if (draft_dirty_ && draft_valid)
        ImGui::TextColored(kColorWarn, "Preview of your edits (not applied yet)");
    else if (!draft_valid)
        ImGui::TextColored(kColorError, "Edits invalid: showing the applied model");

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float footer = ImGui::GetTextLineHeightWithSpacing() * 3.3f;
    const std::vector<ae::SummaryRow> rows = model.summary_rows();
    // A model with image shapes shows every shape without Keras' batch "None, " so that
    // (14, 14, 32) fits; the tooltip has Keras' form.
    bool compact = false;
    for (const ae::SummaryRow& r : rows)
        compact = compact || std::count(r.shape.begin(), r.shape.end(), ',') > 1;
    // The shape and count columns as wide as their widest text; the names take the rest.
    float shape_w = ImGui::CalcTextSize("Output Shape").x, params_w = ImGui::CalcTextSize("Param #").x;
    for (const ae::SummaryRow& r : rows) {
        shape_w = std::max(shape_w, ImGui::CalcTextSize(compact ? ("(" + r.shape.substr(7)).c_str()
                                                                : r.shape.c_str()).x);
        params_w = std::max(params_w, ImGui::CalcTextSize(with_commas(r.params).c_str()).x);
    }
    if (ImGui::BeginTable("##summary", 3, flags, ImVec2(0, -footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Layer (type)", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Output Shape", ImGuiTableColumnFlags_WidthFixed, shape_w);
        ImGui::TableSetupColumn("Param #", ImGuiTableColumnFlags_WidthFixed, params_w);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < rows.size(); ++i) {
            const ae::SummaryRow& r = rows[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.name.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s  %s", r.name.c_str(), r.shape.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(compact ? ("(" + r.shape.substr(7)).c_str() : r.shape.c_str());
            ImGui::TableNextColumn();
            const std::string pc = with_commas(r.params);
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() -
                                 ImGui::CalcTextSize(pc.c_str()).x);
            ImGui::TextUnformatted(pc.c_str());
            if (!r.formula.empty() && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s = %ld", r.formula.c_str(), r.params);
            if (int(i) == model.bottleneck_row()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextColored(kColorDim, "bottleneck");
                ImGui::TableNextColumn();
                ImGui::TextColored(kColorDim, "%d values", model.latent_dim());
            }
        }
        ImGui::EndTable();
    }
    ImGui::Text("Total params:");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorLoss), "%s",
                       with_commas(model.num_params()).c_str());
    const double ratio = double(model.input_dim()) / std::max(1, model.latent_dim());
    ImGui::Text("Compression:");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColorVal), "%d : %d = %.3g : 1",
                       model.input_dim(), model.latent_dim(), ratio);
    help_marker("Input values per latent value. The encoder squeezes each sample through the "
                "bottleneck; the "
                "decoder has to rebuild it from there.");
    ImGui::End();
}

void App::draw_weights(float x, float y, float w, float h) {
    begin_panel("First layer weights", x, y, w, h, kPanelFlags | ImGuiWindowFlags_NoScrollbar);
    ui::unmark("weight_tiles"); // set below when drawn
    ui::unmark("weights_as_images");
    const float s = dpr_;
    const ae::Model& model = session_->model();
    int first = 0; // the first layer with a kernel (a dropout or reshape may come before)
    while (model.layer(first).kernel_size == 0)
        ++first;
    const ae::Layer& l = model.layer(first);
    const int rows = int(l.kernel_size / l.kernel_cols()), cols = l.kernel_cols();
    // One-channel image inputs: each unit's (filter's) weights over the image's pixels (kernel's
    // taps) can be shown as an image of their own.
    int fh = 0, fw = 0;
    const int ih = session_->image_height(), iw = session_->image_width();
    if (l.type == ae::LayerType::dense && ih > 1 && long(ih) * iw == rows)
        fh = ih, fw = iw;
    else if (l.type == ae::LayerType::conv2d && l.geom.ic == 1)
        fh = l.geom.kh, fw = l.geom.kw;
    // Shorter with the "images" box beside it.
    ImGui::TextColored(kColorDim,
                       fh > 0 ? "encoder_%d: %d \xC3\x97 %d %s" : "encoder_%d kernel: %d rows \xC3\x97 %d %s",
                       first + 1, rows, cols, l.type == ae::LayerType::dense ? "units" : "filters");
    if (fh > 0) {
        ImGui::SameLine();
        ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x -
                             ImGui::CalcTextSize("images").x - ImGui::GetFrameHeight() -
                             ImGui::GetStyle().ItemInnerSpacing.x);
        if (ImGui::Checkbox("images", &weights_as_images_)) weight_tiles_stale_ = true;
        ui::mark("weights_as_images");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("On: one small image per %s, its weights at their pixels. Off: "
                              "the kernel as one matrix.",
                              l.type == ae::LayerType::dense ? "unit" : "filter");
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float bar_h = ImGui::GetTextLineHeight() * 2.2f;
    const float img_w = std::floor(avail.x), img_h = std::floor(std::max(20 * s, avail.y - bar_h));
    if (fh > 0 && weights_as_images_) {
        if (heatmap_stale_) weight_tiles_stale_ = true, heatmap_stale_ = false;
        draw_weight_tiles(l, fh, fw, img_w, avail.y);
        ImGui::End();
        return;
    }
    if (first_frame() && !heatmap_.texture()) {
        // The first frame goes without the heatmap: its shader program compiles in the GPU
        // process meanwhile, and the next frame's update() takes it without waiting long.
        heatmap_.prepare();
        frame_.preparing.push_back("weights");
        ImGui::TextColored(kColorDim, "Preparing the heatmap...");
        ImGui::End();
        return;
    }
    if (heatmap_stale_ || !heatmap_.texture()) {
        heatmap_.update(model.params.data() + l.w_offset, rows, cols, int(img_w), int(img_h));
        heatmap_stale_ = false;
    }
    if (heatmap_.texture()) {
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::Image((ImTextureID)(intptr_t)heatmap_.texture(), ImVec2(img_w, img_h), ImVec2(0, 1),
                     ImVec2(1, 0));
        if (ImGui::IsItemHovered()) {
            const ImVec2 mp = ImGui::GetIO().MousePos;
            const int col = std::clamp(int((mp.x - p0.x) / img_w * cols), 0, cols - 1);
            const int row = std::clamp(int((mp.y - p0.y) / img_h * rows), 0, rows - 1);
            ImGui::SetTooltip("row %d -> %s %d\nweight %.4f", row,
                              l.type == ae::LayerType::dense ? "unit" : "filter", col,
                              model.params[l.w_offset + long(row) * cols + col]);
        }
        // Colour bar: -max .. 0 .. +max, same colours as the shader.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 c0 = ImGui::GetCursorScreenPos();
        const float bw = img_w * 0.5f, bh = 8 * s, bx = c0.x + (img_w - bw) * 0.5f,
                    by = c0.y + 3 * s;
        const ImU32 neg = IM_COL32(33, 102, 172, 255), mid = IM_COL32(247, 247, 247, 255),
                    pos = IM_COL32(178, 24, 43, 255);
        dl->AddRectFilledMultiColor(ImVec2(bx, by), ImVec2(bx + bw * 0.5f, by + bh), neg, mid, mid,
                                    neg);
        dl->AddRectFilledMultiColor(ImVec2(bx + bw * 0.5f, by), ImVec2(bx + bw, by + bh), mid, pos,
                                    pos, mid);
        char lo[32], hi[32];
        std::snprintf(lo, sizeof lo, "%.3f", -heatmap_.max_abs());
        std::snprintf(hi, sizeof hi, "+%.3f", heatmap_.max_abs());
        const float th = ImGui::GetTextLineHeight();
        dl->AddText(ImVec2(bx - ImGui::CalcTextSize(lo).x - 6 * s, by + bh * 0.5f - th * 0.5f),
                    IM_COL32(200, 208, 222, 255), lo);
        dl->AddText(ImVec2(bx + bw + 6 * s, by + bh * 0.5f - th * 0.5f),
                    IM_COL32(200, 208, 222, 255), hi);
        ImGui::Dummy(ImVec2(img_w, bar_h));
    } else {
        ImGui::TextColored(kColorError, "Heatmap unavailable: %s",
                           heatmap_.error() ? heatmap_.error() : "WebGL2 error");
    }
    ImGui::End();
}

// The first units (filters) of the layer as a grid of small images, each in the diverging map
// scaled to its own largest |weight| (a unit's pattern is its shape, not its scale), hover for the
// unit and its scale. l's kernel is (fh * fw, units) row-major: unit u's weight of pixel p is
// W[p * units + u]. A dense unit's weights at pixels that never change in the training inputs
// are left out (neutral, and not in the scale): they are still the random initialization, and
// as noise they would hide what the unit learned.
void App::draw_weight_tiles(const ae::Layer& l, int fh, int fw, float w, float h) {
    const int units = l.kernel_cols(), pixels = fh * fw;
    const bool dense = l.type == ae::LayerType::dense;
    const ae::MatrixRM& x = session_->x_train_input();
    if (dense && int(still_pixels_.size()) != pixels && x.cols() == pixels) {
        still_pixels_.assign(size_t(pixels), 1);
        for (long i = 1; i < x.rows(); ++i)
            for (int p = 0; p < pixels; ++p)
                if (x(i, p) != x(0, p)) still_pixels_[size_t(p)] = 0;
    }
    const bool masked = dense && int(still_pixels_.size()) == pixels;
    int n_still = 0;
    for (int p = 0; masked && p < pixels; ++p)
        n_still += still_pixels_[size_t(p)];
    const float cap_h = ImGui::GetTextLineHeightWithSpacing() * (n_still > 0 ? 4 : 2);
    // The most tiles (at most 64) of at least 24 px that fit, in the grid that wastes least.
    int n = std::min(units, 64), gc = 1, gr = 1;
    float side = 0;
    for (;; n = std::max(1, n / 2)) {
        for (int c = 1; c <= n; ++c) {
            const int r = (n + c - 1) / c;
            const float sd = std::floor(std::min(w / c, (h - cap_h) / r));
            if (sd > side) side = sd, gc = c, gr = r;
        }
        if (side >= 24 * dpr_ || n == 1) break;
        side = 0;
    }
    const ae::Model& model = session_->model();
    const float* kw = model.params.data() + l.w_offset;
    // Unit u's weight of pixel p as shown: 0 (neutral) where the pixel is still.
    auto shown = [&](int u, int p) {
        return masked && still_pixels_[size_t(p)] ? 0.0f : kw[long(p) * units + u];
    };
    auto largest = [&](int u) {
        float m = 0;
        for (int p = 0; p < pixels; ++p)
            m = std::max(m, std::fabs(shown(u, p)));
        return m;
    };
    if (weight_tiles_stale_ || weight_tiles_.count() != n) {
        weight_tiles_.resize(n, fh, fw);
        std::vector<float> px(static_cast<size_t>(pixels));
        for (int u = 0; u < n; ++u) {
            for (int p = 0; p < pixels; ++p)
                px[size_t(p)] = shown(u, p);
            weight_tiles_.set(u, px.data(), ImageAtlas::Map::diverging, 0,
                              std::max(largest(u), 1e-12f));
        }
        weight_tiles_.upload();
        weight_tiles_stale_ = false;
    }
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float gap = std::max(1.0f, std::floor(side * 0.06f));
    for (int u = 0; u < n; ++u) {
        ImGui::SetCursorScreenPos(ImVec2(p0.x + (u % gc) * side, p0.y + (u / gc) * side));
        ImGui::PushID(u);
        weight_tiles_.item("##unit", u, ImVec2(side - gap, side - gap));
        ImGui::PopID();
        if (ImGui::IsItemHovered()) {
            const float m = largest(u);
            ImGui::SetTooltip("%s %d: blue -%.3g .. red +%.3g", dense ? "unit" : "filter", u, m, m);
        }
    }
    ui::mark("weight_tiles", p0, ImVec2(gc * side, gr * side));
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + gr * side));
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim, "%s 0-%d of %d, each scaled to its largest |weight|: red "
                       "positive, blue negative", dense ? "Units" : "Filters", n - 1, units);
    if (n_still > 0)
        ImGui::TextColored(kColorDim, "%d pixels never change in the training data: their weights "
                           "keep the random start and are not shown.", n_still);
    ImGui::PopTextWrapPos();
}
