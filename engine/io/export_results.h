// export_results.h: training results as CSV files for spreadsheets and pandas (the CLI's --history
// and --errors, the page's downloads). Numbers are written with 17 significant digits, so that
// reading them back gives the same doubles.
//   history_csv: "epoch,loss,val_loss", one row per finished epoch (epoch from 1; val_loss empty
//                without a validation split)
//   errors_csv:  "sample,error,anomaly", one row per sample of the evaluated split (sample from 0
//                in the split's order; error = the per-sample MSE; anomaly = 1 above the
//                evaluation's threshold mean + k std)
// Not here: the JSON forms (evaluation_json(e, true) and the CLI's --out carry the same numbers).
#pragma once

#include "engine/analysis/evaluation.h"

#include <string>

namespace ae {

std::string history_csv(const History& h);
std::string errors_csv(const Evaluation& e);

} // namespace ae
