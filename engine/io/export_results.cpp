// export_results.cpp: see export_results.h.
#include "engine/io/export_results.h"

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
    const bool vae = !h.kl.empty(); // a variational model's terms as four more columns
    std::string s = vae ? "epoch,loss,val_loss,reconstruction,kl,val_reconstruction,val_kl\n"
                        : "epoch,loss,val_loss\n";
    auto at = [](const std::vector<double>& v, size_t i) {
        return i < v.size() ? number(v[i]) : std::string();
    };
    for (size_t i = 0; i < h.loss.size(); ++i) {
        s += std::to_string(i + 1) + "," + number(h.loss[i]) + "," + at(h.val_loss, i);
        if (vae)
            s += "," + at(h.reconstruction, i) + "," + at(h.kl, i) + "," +
                 at(h.val_reconstruction, i) + "," + at(h.val_kl, i);
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
