// errors.h: the Analysis panel's "Errors & anomalies" tab: the per-sample errors of the shared
// evaluation against the anomaly threshold (its rule is edited here, computed in Threshold), the
// flagged samples, and with ground truth (the data's anomaly labels) the confusion matrix, ROC
// and PR curves at that threshold.
// Owns: the curves (recomputed when the evaluation changes), the flagged list's order, the chart
// choice. Not here: the evaluation (App), the threshold's arithmetic (frame.cpp).
#pragma once

#include "web/app/frame.h"

#include <nlohmann/json.hpp>

class ErrorsTab {
  public:
    // rule: the threshold's controls; a click on a flagged sample asks frame.show_sample.
    void draw(const View& v, Threshold& rule, Frame& frame);
    // Its part of status_json "analysis" (v.eval valid): ground truth and the metrics at the
    // threshold, once the curves follow the current evaluation.
    void status(const View& v, nlohmann::json& analysis) const;
    void reset(); // a new session
    // The anomaly labels of the evaluated split, or empty.
    static const std::vector<int>& truth(const View& v);

  private:
    ae::AnomalyCurves anomaly_;
    long anomaly_samples_seen_ = -1; // of anomaly_
    bool flagged_by_error_desc_ = true;
    int errors_chart_ = 0; // with ground truth on a short panel: 0 histogram, 1 ROC, 2 PR
};
