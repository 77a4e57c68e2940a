// tab_errors.cpp: anomaly detection over the per-sample errors. See app.h.
//   - The threshold rule: mean + k std (the seeds' rule, k = 3) or a percentile of the errors.
//   - Left column: the errors' statistics; with ground truth (the data's anomaly labels) the
//     confusion matrix, precision, recall, F1, ROC AUC and AP at that threshold; the flagged
//     samples, sortable by error, a click shows one in the Reconstruction tab.
//   - Right: the errors' histogram with the threshold line; with ground truth the ROC and PR
//     curves with the current operating point, all following the threshold as it moves (stacked
//     when the panel is tall, else one at a time behind radio buttons).
// Without ground truth the tab says what would enable the metrics. Not here: the curves' math
// (engine/analysis.h, evaluation.h).
#include "app.h"

#include "plots.h"
#include "ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace ui;

namespace {
// Okabe-Ito colours (safe for the common colour-vision deficiencies).
const ImU32 kSky = IM_COL32(86, 180, 233, 255);
const ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
const ImU32 kBlue = IM_COL32(0, 114, 178, 255);
const ImU32 kOrange = IM_COL32(230, 159, 0, 255);
const ImU32 kGreen = IM_COL32(0, 158, 115, 255);
const ImU32 kGrey = IM_COL32(150, 150, 150, 200);
} // namespace

double App::current_threshold() const {
    if (threshold_mode_ == 1) return ae::percentile(eval_.errors, percentile_);
    return eval_.per_sample.mean + k_std_ * eval_.per_sample.std;
}

const std::vector<int>& App::eval_truth() const {
    return eval_.set == "validation" ? session_->anomaly_val() : session_->anomaly_train();
}

void App::draw_errors_tab() {
    update_evaluation();
    const float s = dpr_, fs = ImGui::GetFontSize();
    const ae::ErrorStats& st = eval_.per_sample;
    const double threshold = current_threshold();
    const std::vector<int>& truth = eval_truth();
    const bool has_truth = !truth.empty() && truth.size() == eval_.errors.size();
    if (has_truth && anomaly_samples_seen_ != eval_samples_seen_) {
        anomaly_ = ae::anomaly_curves(eval_.errors, truth, threshold);
        anomaly_samples_seen_ = eval_samples_seen_;
    }
    const ae::OperatingPoint at =
        has_truth ? ae::operating_point(eval_.errors, truth, threshold) : ae::OperatingPoint{};
    std::vector<int> flagged;
    for (size_t i = 0; i < eval_.errors.size(); ++i)
        if (eval_.errors[i] > threshold) flagged.push_back(int(i));

    // The rule and its parameter.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Threshold");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8.5f);
    ImGui::Combo("##rule", &threshold_mode_, "mean + k std\0percentile\0");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8);
    if (threshold_mode_ == 0) {
        ImGui::SliderFloat("##k", &k_std_, 0.0f, 6.0f, "k = %.1f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The seeds use k = 3 (99.7%% of a normal distribution lies below)");
    } else {
        ImGui::SliderFloat("##p", &percentile_, 50.0f, 99.9f, "p = %.1f %%");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Flags the samples above the p-th percentile of the errors (numpy's "
                              "linear interpolation)");
    }
    char flag_text[128];
    std::snprintf(flag_text, sizeof flag_text, "= %.4g MSE  \xC2\xB7  %d of %d %s samples flagged",
                  threshold, int(flagged.size()), eval_.samples, eval_.set.c_str());
    same_line_if_fits(flag_text, 8 * s);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOrange), "%s", flag_text);

    ImGui::TextColored(kColorDim,
                       "Error per sample (MSE): mean %.4g  \xC2\xB7  std %.4g  \xC2\xB7  max %.4g",
                       st.mean, st.std, st.max);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Each sample's error is the mean over its %d features of the squared "
                          "difference, in the model's (scaled) units squared",
                          session_->config().input);
    char overall[96];
    std::snprintf(overall, sizeof overall, "overall RMSE %.4g  \xC2\xB7  MAE %.4g",
                  eval_.reconstruction.rmse, eval_.reconstruction.mae);
    same_line_if_fits(overall, 8 * s);
    ImGui::TextColored(kColorDim, "%s", overall);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Over every sample and feature of the %s split: the root of the mean "
                          "squared error and the mean absolute error, in the model's units",
                          eval_.set.c_str());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = std::min(fs * 15.5f, avail.x * 0.38f);
    ImGui::BeginChild("##errors_left", ImVec2(left_w, avail.y), false);
    if (has_truth) {
        const ae::BinaryCounts& c = at.counts;
        if (ImGui::BeginTable("##confusion", 3,
                              ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kColorDim, "truth");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("flagged");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("not");
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("anomaly");
            ImGui::TableNextColumn();
            ImGui::Text("TP %ld", c.tp);
            ImGui::TableNextColumn();
            ImGui::Text("FN %ld", c.fn);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("normal");
            ImGui::TableNextColumn();
            ImGui::Text("FP %ld", c.fp);
            ImGui::TableNextColumn();
            ImGui::Text("TN %ld", c.tn);
            ImGui::EndTable();
        }
        ImGui::Text("precision %.3f  recall %.3f", c.precision(), c.recall());
        ImGui::Text("F1 %.3f", c.f1());
        ImGui::Text("ROC AUC %.3f  AP %.3f", anomaly_.auc, anomaly_.ap);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Area under the ROC curve (ties count 1/2) and average precision, "
                              "as sklearn's roc_auc_score and average_precision_score");
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(kColorDim, "No ground truth here. Load well logs with anomalies, or set "
                                      "data.normal_classes, for precision, recall, ROC and PR.");
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    // The flagged samples: click the header to sort by error, a row to see the sample.
    ImGui::TextColored(kColorDim, "Flagged: %d (click one to view)", int(flagged.size()));
    std::stable_sort(flagged.begin(), flagged.end(), [&](int a, int b) {
        return flagged_by_error_desc_ ? eval_.errors[a] > eval_.errors[b]
                                      : eval_.errors[a] < eval_.errors[b];
    });
    const int cols = has_truth ? 3 : 2;
    const ImGuiTableFlags tf = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                               ImGuiTableFlags_Sortable | ImGuiTableFlags_BordersOuter;
    if (ImGui::BeginTable("##flagged", cols, tf, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("sample", ImGuiTableColumnFlags_NoSort);
        ImGui::TableSetupColumn("error (MSE)", ImGuiTableColumnFlags_DefaultSort |
                                                   ImGuiTableColumnFlags_PreferSortDescending);
        if (has_truth) ImGui::TableSetupColumn("truth", ImGuiTableColumnFlags_NoSort);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs())
            if (spec->SpecsCount > 0)
                flagged_by_error_desc_ =
                    spec->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        ImGuiListClipper clip;
        clip.Begin(int(flagged.size()));
        while (clip.Step())
            for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
                const int i = flagged[r];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                char label[32];
                std::snprintf(label, sizeof label, "#%d##flag%d", i, i);
                if (ImGui::Selectable(label, sample_index_ == i,
                                      ImGuiSelectableFlags_SpanAllColumns)) {
                    sample_index_ = i;
                    reconstruction_stale_ = true;
                    select_tab_ = 0;
                }
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Show sample #%d in the Reconstruction tab", i);
                ImGui::TableNextColumn();
                ImGui::Text("%.4g", eval_.errors[i]);
                if (has_truth) {
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(truth[i] ? "anomaly" : "normal");
                }
            }
        ImGui::EndTable();
    }
    ImGui::EndChild();

    ImGui::SameLine();
    const ImVec2 right = ImGui::GetContentRegionAvail();
    char mark[48];
    std::snprintf(mark, sizeof mark, "threshold %.4g", threshold);
    // With ground truth: the histogram above the ROC and PR curves when there is room (about 24
    // lines), else one of the three at a time, chosen with radio buttons.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const bool stacked = has_truth && right.y >= 24 * line;
    ImGui::BeginGroup();
    if (has_truth && !stacked) {
        ImGui::RadioButton("histogram", &errors_chart_, 0);
        ImGui::SameLine();
        ImGui::RadioButton("ROC", &errors_chart_, 1);
        ImGui::SameLine();
        ImGui::RadioButton("precision-recall", &errors_chart_, 2);
    }
    const ImVec2 charts = ImGui::GetContentRegionAvail();
    const float hist_h = stacked ? charts.y * 0.48f : charts.y;
    PlotArea area{};
    if (!has_truth || stacked || errors_chart_ == 0) {
        histogram_chart("##errors", ImVec2(charts.x, std::max(hist_h, 40 * s)), eval_.errors, 50,
                        kSky, threshold, mark, kVermillion, "reconstruction error (MSE)", s, &area);
        add_plot_background(area);
    }
    if (has_truth) {
        const float w = stacked ? (charts.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f : charts.x;
        const float h = stacked
                            ? std::max(charts.y - hist_h - ImGui::GetStyle().ItemSpacing.y, 40 * s)
                            : std::max(charts.y, 40 * s);
        static const std::vector<double> diag = {0.0, 1.0};
        char roc_label[48], pr_label[48];
        std::snprintf(roc_label, sizeof roc_label, "ROC (AUC %.3f)", anomaly_.auc);
        std::snprintf(pr_label, sizeof pr_label, "PR (AP %.3f)", anomaly_.ap);
        if (stacked || errors_chart_ == 1) {
            xy_chart("##roc", ImVec2(w, h),
                     {{roc_label, &anomaly_.roc.fpr, &anomaly_.roc.tpr, kBlue, 2.0f * s,
                       &anomaly_.roc.thresholds, "threshold (score >=)"},
                      {"", &diag, &diag, kGrey, 1.0f * s}},
                     {{at.fpr, at.tpr, "at threshold", kOrange}}, 0, 1, 0, 1, "false positive rate",
                     "true positive rate", s, &area);
            add_plot_background(area);
        }
        if (stacked) ImGui::SameLine();
        if (stacked || errors_chart_ == 2) {
            const double base = double(at.counts.tp + at.counts.fn) / double(eval_.errors.size());
            const std::vector<double> base_x = {0.0, 1.0}, base_y = {base, base};
            xy_chart("##pr", ImVec2(w, h),
                     {{pr_label, &anomaly_.pr.recall, &anomaly_.pr.precision, kGreen, 2.0f * s,
                       &anomaly_.pr.thresholds, "threshold (score >=)"},
                      {"", &base_x, &base_y, kGrey, 1.0f * s}},
                     {{at.counts.recall(), at.counts.precision(), "at threshold", kOrange}}, 0, 1,
                     0, 1.02, "recall", "precision", s, &area);
            add_plot_background(area);
        }
    }
    ImGui::EndGroup();
}
