// frame.cpp: Threshold (frame.h), the one place the anomaly threshold is computed.
#include "web/app/frame.h"

#include "engine/analysis/analysis.h"

void Threshold::update(const std::vector<double>& errors, long seen) {
    if (seen == seen_ && mode == mode_seen_ && k == k_seen_ && percentile == percentile_seen_)
        return;
    seen_ = seen, mode_seen_ = mode, k_seen_ = k, percentile_seen_ = percentile;
    mean_k_std = ae::threshold_mean_k_std(errors, k);
    value = mode == 1 ? ae::percentile(errors, percentile) : mean_k_std;
    flagged = 0;
    for (double e : errors)
        flagged += e > value;
}
