// features.cpp: the Features tab (features.h): the codes as features for a downstream task, and
// which inputs matter.
//   - Left: a softmax linear probe (engine/probe.h) with 5-fold cross-validation on the raw
//     inputs, on PCA codes (k = the bottleneck width) and on the autoencoder's codes of the first
//     500 evaluation samples: three bars, mean +- std over the folds, and the chance
//     level (always guessing the most frequent class). Needs class labels.
//   - Right: sensitivity (seed 002's feature importance): the increase of the reconstruction MSE
//     when one feature moves by +-1 std, per feature, and the top features.
// Both take a moment (the probe trains 15 models), so they run when asked (a button), and say at
// which epoch they were computed. Not here: the math (engine/probe.h, evaluation.h).
#include "web/app/tabs/features.h"

#include "web/app/plots.h"
#include "web/app/ui.h"
#include "web/backend/platform.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

using namespace ui;

void FeaturesTab::draw(const View& v, const ae::Pca& pca, Frame& frame) {
    ui::unmark("sens_image"); // set below when drawn
    const ae::Evaluation& ev = v.eval;
    ae::Session& session = v.session;
    const float s = v.dpr;
    const int epoch = session.progress().epoch;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (avail.x - gap) * 0.5f;
    PlotArea area{};

    ImGui::BeginChild("##probe", ImVec2(w, avail.y), false);
    const std::vector<int>& labels =
        session.x_val().rows() > 0 ? session.labels_val() : session.labels_train();
    if (labels.empty()) {
        ImGui::TextUnformatted("Linear probe");
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorDim, "The probe needs class labels: choose a labelled dataset "
                                      "(mnist, fashion_mnist, well logs).");
        ImGui::PopTextWrapPos();
    } else {
        ImGui::BeginDisabled(probe_job_ != nullptr);
        const bool run = ImGui::Button("Run probe");
        ImGui::EndDisabled();
        ui::mark("run_probe");
        if (run) {
            probe_started_ms_ = platform::now_ms();
            probe_job_epoch_ = epoch;
            probe_job_ = std::make_unique<ae::ProbeCodesJob>(session, pca, ae::ProbeOptions{});
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Softmax regression on standardized features, 5-fold stratified "
                              "cross-validation on the first %d %s samples",
                              500, ev.set.c_str());
        ImGui::SameLine();
        if (probe_job_) {
            char text[48];
            std::snprintf(text, sizeof text, "fitting 15 probes: %.0f%%",
                          probe_job_->progress() * 100);
            ImGui::ProgressBar(float(probe_job_->progress()), ImVec2(-1, 0), text);
        } else if (!probe_valid_) {
            ImGui::NewLine();
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(kColorDim,
                               "Are the codes good features? A linear classifier (softmax, "
                               "5-fold cross-validation) learns the class labels from the raw "
                               "inputs, from PCA's codes and from the autoencoder's codes, each "
                               "k = %d values wide but the raw inputs. Its three accuracies appear "
                               "here side by side, with the chance level (seed 000 feeds its "
                               "codes to a classifier the same way).",
                               session.model().latent_dim());
            ImGui::PopTextWrapPos();
        } else if (!probe_.why.empty())
            ImGui::TextColored(kColorWarn, "%s", probe_.why.c_str());
        else
            ImGui::TextColored(probe_epoch_ == epoch ? kColorDim : kColorWarn,
                               "epoch %d%s (%.1f s)", probe_epoch_,
                               probe_epoch_ == epoch ? "" : ", rerun for now", probe_ms_ / 1000);
        if (probe_valid_ && probe_.why.empty()) {
            char pca_name[32], ae_name[32];
            std::snprintf(pca_name, sizeof pca_name, "PCA k=%d", probe_.pca_k);
            std::snprintf(ae_name, sizeof ae_name, "AE codes");
            const std::vector<const char*> names = {"raw inputs", pca_name, ae_name};
            const std::vector<double> mean = {probe_.raw.mean, probe_.pca.mean,
                                              probe_.autoencoder.mean};
            const std::vector<double> sd = {probe_.raw.std, probe_.pca.std, probe_.autoencoder.std};
            char chance[48];
            std::snprintf(chance, sizeof chance, "chance %.2f", probe_.raw.chance);
            const float h =
                ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing();
            bar_chart("##probe_bars", ImVec2(ImGui::GetContentRegionAvail().x, std::max(h, 40 * s)),
                      mean, &sd, &names, {kOkabeGrey, kColorPca, kOkabeOrange}, probe_.raw.chance,
                      chance, "features", "accuracy (fraction correct)", 0, 1, s, &area);
            frame.plot_background(area);
            ImGui::TextColored(kColorDim, "%.3f / %.3f / %.3f, %d folds", probe_.raw.mean,
                               probe_.pca.mean, probe_.autoencoder.mean, probe_.raw.folds);
        }
    }
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##sensitivity", ImVec2(w, avail.y), false);
    const bool run = ImGui::Button("Run sensitivity");
    ui::mark("run_sensitivity");
    if (run) {
        sens_ = ae::session_sensitivity(session);
        sens_epoch_ = epoch;
        sens_valid_ = true;
        sens_image_epoch_ = -1; // redraw the image
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Moves one feature at a time by +1 and -1 std and measures the mean "
                          "reconstruction MSE (seed 002's feature importance)");
    ImGui::SameLine();
    if (!sens_valid_) {
        ImGui::NewLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(
            kColorDim,
            "Which inputs matter to the autoencoder? Each input feature is moved "
            "by +1 and -1 standard deviation in turn, and the increase of the "
            "reconstruction error is shown per feature (seed 002's feature "
            "importance)%s.",
            sens_image_shape(session, nullptr, nullptr) ? ", as an image for image data" : "");
        ImGui::PopTextWrapPos();
    } else
        ImGui::TextColored(sens_epoch_ == epoch ? kColorDim : kColorWarn, "epoch %d%s, %d samples",
                           sens_epoch_, sens_epoch_ == epoch ? "" : ", rerun for now",
                           sens_.samples);
    if (sens_valid_ && !sens_.increase.empty()) {
        std::vector<int> order(sens_.increase.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return sens_.increase[a] > sens_.increase[b]; });
        std::string top = "top";
        for (size_t t = 0; t < order.size() && t < 3; ++t) {
            char b[48];
            std::snprintf(b, sizeof b, " #%d +%.2g", order[t], sens_.increase[order[t]]);
            top += b;
        }
        const float text_w = ImGui::GetContentRegionAvail().x;
        const float text_h = ImGui::CalcTextSize(top.c_str(), nullptr, false, text_w).y +
                             ImGui::GetStyle().ItemSpacing.y;
        const float h = ImGui::GetContentRegionAvail().y - text_h;
        int ih = 0, iw = 0;
        if (sens_image_shape(session, &ih, &iw)) {
            // Images: the increase per pixel as a picture, black = no effect, white = the most.
            float most = 0;
            for (double v : sens_.increase)
                most = std::max(most, float(v));
            const std::vector<float> px(sens_.increase.begin(), sens_.increase.end());
            if (sens_image_.count() != 1 || sens_image_epoch_ != sens_epoch_ ||
                sens_image_samples_ != sens_.samples) {
                sens_image_.resize(1, ih, iw);
                sens_image_.set(0, px.data(), ImageAtlas::Map::gray, 0, std::max(most, 1e-12f));
                sens_image_.upload();
                sens_image_epoch_ = sens_epoch_;
                sens_image_samples_ = sens_.samples;
            }
            const float side =
                std::max(40 * s, std::min(text_w, h - ImGui::GetTextLineHeightWithSpacing()));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (text_w - side) * 0.5f);
            sens_image_.item("##sens_image", 0, ImVec2(side, side));
            ui::mark("sens_image");
            if (ImGui::IsItemHovered()) {
                const ImVec2 m = ImGui::GetMousePos(), p0 = ImGui::GetItemRectMin();
                const int col = std::clamp(int((m.x - p0.x) / side * iw), 0, iw - 1),
                          row = std::clamp(int((m.y - p0.y) / side * ih), 0, ih - 1);
                ImGui::SetTooltip("pixel (%d, %d) = feature #%d: MSE +%.3g", row, col,
                                  row * iw + col, sens_.increase[row * iw + col]);
            }
            ImGui::TextColored(kColorDim, "MSE increase per pixel: black 0, white %.3g", most);
        } else {
            bar_chart("##sens_bars", ImVec2(text_w, std::max(h, 40 * s)), sens_.increase, nullptr,
                      nullptr, {kOkabeSky}, NAN, nullptr, "feature index", "MSE increase", 0, 0, s,
                      &area);
            frame.plot_background(area);
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorDim, "%s", top.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

// Whether sensitivity is shown as an image: one-channel images, one value per pixel.
bool FeaturesTab::sens_image_shape(const ae::Session& session, int* h, int* w) {
    const int ih = session.image_height(), iw = session.image_width();
    if (ih <= 1 || iw <= 1 || long(ih) * iw != session.x_train().cols()) return false;
    if (h) *h = ih;
    if (w) *w = iw;
    return true;
}

// The probe runs a few milliseconds per frame (the page keeps drawing and training meanwhile).
void FeaturesTab::step() {
    if (!probe_job_) return;
    const double until = platform::now_ms() + 12.0;
    while (platform::now_ms() < until)
        if (probe_job_->step()) {
            probe_ = probe_job_->result();
            probe_ms_ = platform::now_ms() - probe_started_ms_;
            probe_epoch_ = probe_job_epoch_;
            probe_valid_ = true;
            probe_job_.reset();
            return;
        }
}

void FeaturesTab::reset() {
    probe_valid_ = sens_valid_ = false;
    probe_job_.reset();
}

void FeaturesTab::status(nlohmann::json& j) const {
    if (probe_job_) j["probe_progress"] = probe_job_->progress();
    if (probe_valid_) {
        auto one = [](const ae::ProbeResult& r) {
            return nlohmann::json{{"mean", r.mean}, {"std", r.std}, {"folds", r.fold_accuracy}};
        };
        j["probe"] = {{"epoch", probe_epoch_},
                      {"samples", probe_.samples},
                      {"pca_k", probe_.pca_k},
                      {"why", probe_.why}};
        if (probe_.why.empty()) {
            j["probe"]["chance"] = probe_.raw.chance;
            j["probe"]["raw"] = one(probe_.raw);
            j["probe"]["pca"] = one(probe_.pca);
            j["probe"]["autoencoder"] = one(probe_.autoencoder);
        }
    }
    if (sens_valid_)
        j["sensitivity"] = {{"epoch", sens_epoch_},
                            {"samples", sens_.samples},
                            {"delta", sens_.delta},
                            {"base_mse", sens_.base_mse},
                            {"increase", sens_.increase}};
}
