// export_results.cpp: see export_results.h.
#include "export_results.h"

#include <cstdio>

namespace ae {

namespace {
std::string number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.17g", v);
    return b;
}
} // namespace

std::string history_csv(const History& h) {
    std::string s = "epoch,loss,val_loss\n";
    for (size_t i = 0; i < h.loss.size(); ++i) {
        s += std::to_string(i + 1) + "," + number(h.loss[i]) + ",";
        if (i < h.val_loss.size()) s += number(h.val_loss[i]);
        s += "\n";
    }
    return s;
}

std::string errors_csv(const Evaluation& e) {
    std::string s = "sample,error,anomaly\n";
    for (size_t i = 0; i < e.errors.size(); ++i)
        s += std::to_string(i) + "," + number(e.errors[i]) + "," +
             (e.errors[i] > e.threshold ? "1" : "0") + "\n";
    return s;
}

} // namespace ae
