// errors.cpp: the Errors & anomalies tab (errors.h): anomaly detection over the per-sample errors.
//   - The threshold rule: mean + k std (the seeds' rule, k = 3) or a percentile of the errors.
//   - Left column: the errors' statistics; with ground truth (the data's anomaly labels) the
//     confusion matrix, precision, recall, F1, ROC AUC and AP at that threshold; the flagged
//     samples, sortable by error, a click shows one in the Reconstruction tab.
//   - Right: the errors' histogram with the threshold line; with ground truth the ROC and PR
//     curves with the current operating point, all following the threshold as it moves (stacked
//     when the panel is tall, else one at a time behind radio buttons).
// Without ground truth the tab says what would enable the metrics. Not here: the curves' math
// (engine/analysis.h, evaluation.h), the threshold's (Threshold, frame.cpp).
#include "web/app/tabs/errors.h"

#include "web/app/plots.h"
#include "web/app/ui.h"

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

const std::vector<int>& ErrorsTab::truth(const View& v) {
    return v.eval.set == "validation" ? v.session.anomaly_val() : v.session.anomaly_train();
}

void ErrorsTab::reset() {
    anomaly_samples_seen_ = -1;
}

void ErrorsTab::status(const View& v, nlohmann::json& a) const {
    a["ground_truth"] = !truth(v).empty();
    if (anomaly_samples_seen_ == v.eval_seen && !truth(v).empty()) {
        const ae::OperatingPoint at =
            ae::operating_point(v.eval.errors, truth(v), v.threshold.value);
        a["confusion"] = {
            {"tp", at.counts.tp}, {"fp", at.counts.fp}, {"tn", at.counts.tn}, {"fn", at.counts.fn}};
        a["precision"] = at.counts.precision();
        a["recall"] = at.counts.recall();
        a["f1"] = at.counts.f1();
        a["roc_auc"] = anomaly_.auc;
        a["average_precision"] = anomaly_.ap;
    }
}

void ErrorsTab::draw(const View& v, Threshold& rule, Frame& frame) {
    const ae::Evaluation& ev = v.eval;
    const float s = v.dpr, fs = ImGui::GetFontSize();
    const ae::ErrorStats& st = ev.per_sample;
    const double threshold = rule.value; // this frame's: the controls below move the next one
    const std::vector<int>& truth = ErrorsTab::truth(v);
    const bool has_truth = !truth.empty() && truth.size() == ev.errors.size();
    if (has_truth && anomaly_samples_seen_ != v.eval_seen) {
        anomaly_ = ae::anomaly_curves(ev.errors, truth, threshold);
        anomaly_samples_seen_ = v.eval_seen;
    }
    const ae::OperatingPoint at =
        has_truth ? ae::operating_point(ev.errors, truth, threshold) : ae::OperatingPoint{};
    std::vector<int> flagged;
    for (size_t i = 0; i < ev.errors.size(); ++i)
        if (ev.errors[i] > threshold) flagged.push_back(int(i));

    // The rule and its parameter.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Threshold");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8.5f);
    ImGui::Combo("##rule", &rule.mode, "mean + k std\0percentile\0");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8);
    if (rule.mode == 0) {
        ImGui::SliderFloat("##k", &rule.k, 0.0f, 6.0f, "k = %.1f");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The seeds use k = 3 (99.7%% of a normal distribution lies below)");
    } else {
        ImGui::SliderFloat("##p", &rule.percentile, 50.0f, 99.9f, "p = %.1f %%");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Flags the samples above the p-th percentile of the errors (numpy's "
                              "linear interpolation)");
    }
    char flag_text[128];
    std::snprintf(flag_text, sizeof flag_text, "= %.4g MSE  \xC2\xB7  %d of %d %s samples flagged",
                  threshold, int(flagged.size()), ev.samples, ev.set.c_str());
    same_line_if_fits(flag_text, 8 * s);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOrange), "%s", flag_text);

    ImGui::TextColored(kColorDim,
                       "Error per sample (MSE): mean %.4g  \xC2\xB7  std %.4g  \xC2\xB7  max %.4g",
                       st.mean, st.std, st.max);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Each sample's error is the mean over its %d features of the squared "
                          "difference, in the model's (scaled) units squared",
                          v.session.config().input);
    char overall[96];
    std::snprintf(overall, sizeof overall, "overall RMSE %.4g  \xC2\xB7  MAE %.4g",
                  ev.reconstruction.rmse, ev.reconstruction.mae);
    same_line_if_fits(overall, 8 * s);
    ImGui::TextColored(kColorDim, "%s", overall);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Over every sample and feature of the %s split: the root of the mean "
                          "squared error and the mean absolute error, in the model's units",
                          ev.set.c_str());
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
        return flagged_by_error_desc_ ? ev.errors[a] > ev.errors[b] : ev.errors[a] < ev.errors[b];
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
                if (ImGui::Selectable(label, v.sample == i, ImGuiSelectableFlags_SpanAllColumns))
                    frame.show_sample = i;
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Show sample #%d in the Reconstruction tab", i);
                ImGui::TableNextColumn();
                ImGui::Text("%.4g", ev.errors[i]);
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
        histogram_chart("##errors", ImVec2(charts.x, std::max(hist_h, 40 * s)), ev.errors, 50, kSky,
                        threshold, mark, kVermillion, "reconstruction error (MSE)", s, &area);
        frame.plot_background(area);
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
            frame.plot_background(area);
        }
        if (stacked) ImGui::SameLine();
        if (stacked || errors_chart_ == 2) {
            const double base = double(at.counts.tp + at.counts.fn) / double(ev.errors.size());
            const std::vector<double> base_x = {0.0, 1.0}, base_y = {base, base};
            xy_chart("##pr", ImVec2(w, h),
                     {{pr_label, &anomaly_.pr.recall, &anomaly_.pr.precision, kGreen, 2.0f * s,
                       &anomaly_.pr.thresholds, "threshold (score >=)"},
                      {"", &base_x, &base_y, kGrey, 1.0f * s}},
                     {{at.counts.recall(), at.counts.precision(), "at threshold", kOrange}}, 0, 1,
                     0, 1.02, "recall", "precision", s, &area);
            frame.plot_background(area);
        }
    }
    ImGui::EndGroup();
    rule.update(ev.errors, v.eval_seen); // a moved control: the status sees it now
}
