// latent_codes.cpp: the Latent codes tab (latent_codes.h).
#include "web/app/tabs/latent_codes.h"

#include "web/app/plots.h"
#include "web/app/ui.h"
#include "web/backend/platform.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

using namespace ui;

void LatentCodesTab::draw(const View& v, Frame& frame) {
    ae::Session& session = v.session;
    const float s = v.dpr;
    const long seen = session.progress().samples_seen;
    const bool has_val = session.x_val().rows() > 0;
    const ae::MatrixRM& x = has_val ? session.x_val_input() : session.x_train_input();
    if (samples_seen_ != seen &&
        (!v.training || platform::now_ms() - computed_ms_ > 500.0 || cols_.empty())) {
        const int n = int(x.rows()), k = session.model().latent_dim();
        std::vector<float> z(size_t(n) * k);
        session.model().encode(x.data(), n, z.data());
        cols_.assign(k, std::vector<double>(n));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j)
                cols_[j][i] = z[size_t(i) * k + j];
        samples_seen_ = seen;
        computed_ms_ = platform::now_ms();
    }
    const int k = int(cols_.size());
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kColorDim,
                       "Distribution of each latent dimension over the %s split (%d samples), as "
                       "seed 000 plots it.",
                       has_val ? "validation" : "training", int(x.rows()));
    ImGui::PopTextWrapPos();
    const int shown = std::min(k, 12);
    const int cols = shown <= 4 ? shown : (shown + 1) / 2;
    const int rows = shown <= 4 ? 1 : 2;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float cw = (avail.x - (cols - 1) * 8 * s) / std::max(cols, 1),
                ch = (avail.y - (rows - 1) * 4 * s) / rows;
    for (int d = 0; d < shown; ++d) {
        if (d % cols) ImGui::SameLine(0, 8 * s);
        char id[32], label[32];
        std::snprintf(id, sizeof id, "##latent%d", d);
        std::snprintf(label, sizeof label, "latent dim %d", d + 1);
        PlotArea area{};
        histogram_chart(id, ImVec2(cw, ch), cols_[d], 30, IM_COL32(70, 130, 180, 200), NAN, "", 0,
                        label, s, &area);
        frame.plot_background(area);
    }
    if (k > shown) ImGui::TextColored(kColorDim, "(first %d of %d dimensions)", shown, k);
}
