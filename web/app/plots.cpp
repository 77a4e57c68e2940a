// plots.cpp: see plots.h. Ticks follow the 1-2-5 rule on a linear axis and powers of ten (with
// 2 and 5 between when the range is small) on a log axis.
#include "web/app/plots.h"
#include "web/app/plot_png.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace {

const ImU32 kAxis = IM_COL32(150, 160, 178, 255);
const ImU32 kGrid = IM_COL32(255, 255, 255, 22);
const ImU32 kText = IM_COL32(200, 208, 222, 255);

double nice_step(double range, int target_ticks) {
    const double raw = range / std::max(1, target_ticks);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

void format_value(char* buf, size_t n, double v) {
    const double a = std::fabs(v);
    if (v == 0)
        std::snprintf(buf, n, "0");
    else if (a >= 1e4 || a < 1e-3)
        std::snprintf(buf, n, "%.0e", v);
    else
        std::snprintf(buf, n, "%.4g", v);
}

struct YAxis {
    double lo = 0, hi = 1;
    bool log = false;
    float top = 0, bottom = 0;
    float map(double v) const {
        double t;
        if (log)
            t = (std::log10(std::max(v, 1e-30)) - std::log10(lo)) /
                (std::log10(hi) - std::log10(lo));
        else
            t = (v - lo) / (hi - lo);
        return bottom + float(t) * (top - bottom);
    }
};

// Finds the y range of the series; pads linear ranges and snaps log ranges to decades.
YAxis fit_y(const std::vector<PlotSeries>& series, bool log_scale) {
    double lo = INFINITY, hi = -INFINITY;
    for (const PlotSeries& s : series)
        for (double v : *s.values)
            if (std::isfinite(v) && (!log_scale || v > 0))
                lo = std::min(lo, v), hi = std::max(hi, v);
    YAxis y;
    y.log = log_scale;
    if (!(lo <= hi)) {
        y.lo = log_scale ? 0.01 : 0;
        y.hi = 1;
        return y;
    }
    if (log_scale) {
        // A little headroom in log space; decades only when the data spans them.
        const double span = std::max(std::log10(hi) - std::log10(lo), 0.02);
        y.lo = std::pow(10.0, std::log10(lo) - span * 0.08);
        y.hi = std::pow(10.0, std::log10(hi) + span * 0.08);
    } else {
        const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(std::fabs(hi) * 0.1, 1e-3);
        y.lo = lo - pad;
        y.hi = hi + pad;
        if (lo >= 0 && y.lo < 0) y.lo = 0;
    }
    return y;
}

// Grid lines and labels of the y axis, left of `plot_min.x`.
void draw_y_axis(ImDrawList* dl, const YAxis& y, float x0, float x1) {
    char buf[32];
    std::vector<double> ticks;
    const bool decades = y.log && y.lo > 0 && std::isfinite(y.hi) && y.hi > y.lo &&
                         std::log10(y.hi / y.lo) >= 0.9 && std::log10(y.hi / y.lo) <= 60;
    if (decades) {
        const int d0 = int(std::floor(std::log10(y.lo))), d1 = int(std::ceil(std::log10(y.hi)));
        // 1, 2, 5 per decade where they fit (1.5 text lines apart), else decades only.
        const bool fine =
            d1 - d0 <= 2 && y.bottom - y.top >= 3 * (d1 - d0) * 1.5f * ImGui::GetTextLineHeight();
        for (int d = d0; d <= d1; ++d)
            for (double m : fine ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
                const double v = m * std::pow(10.0, d);
                if (v >= y.lo * 0.999 && v <= y.hi * 1.001) ticks.push_back(v);
            }
    } else {
        // Linear ticks (also on a log axis spanning less than a decade, where they read better).
        // About one tick per 2.5 text lines of height, 2 to 5 (short charts stay readable).
        const float line = ImGui::GetTextLineHeight();
        const int target = std::clamp(int((y.bottom - y.top) / (2.5f * line)), 2, 5);
        // Counted, not accumulated: a range too narrow for its magnitude (v + step == v) or not
        // finite must not loop forever.
        const double step = nice_step(y.hi - y.lo, target), first = std::ceil(y.lo / step) * step;
        const double count = std::floor((y.hi - first) / step + 1e-6) + 1;
        for (int i = 0; std::isfinite(first) && step > 0 && i < std::min(count, 12.0); ++i) {
            const double v = first + i * step;
            ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
        }
    }
    const float th = ImGui::GetTextLineHeight();
    for (double v : ticks) {
        const float py = y.map(v);
        dl->AddLine(ImVec2(x0, py), ImVec2(x1, py), kGrid);
        format_value(buf, sizeof buf, v);
        const float tw = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(x0 - tw - th * 0.4f, py - th * 0.5f), kText, buf);
    }
}

// Legend in one row above the plot area, right-aligned (never covers the data).
void draw_legend(ImDrawList* dl, const std::vector<PlotSeries>& series, ImVec2 top_right,
                 float dpr) {
    const float gap = 16 * dpr, swatch = 18 * dpr, pad = 6 * dpr;
    float x = top_right.x;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        const float tw = ImGui::CalcTextSize(it->label).x;
        x -= tw;
        dl->AddText(ImVec2(x, top_right.y), kText, it->label);
        x -= pad + swatch;
        const float my = top_right.y + ImGui::GetTextLineHeight() * 0.5f;
        dl->AddLine(ImVec2(x, my), ImVec2(x + swatch, my), it->color, 3 * dpr);
        x -= gap;
    }
}

void polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color, float thickness,
              float dpr) {
    // Separate segments: ImGui's joined polyline shows gaps at very sharp joints (noisy data).
    for (size_t i = 1; i < pts.size(); ++i)
        dl->AddLine(pts[i - 1], pts[i], color, thickness);
    if (pts.size() <= 60)
        for (const ImVec2& p : pts)
            dl->AddCircleFilled(p, 2.6f * dpr, color);
}

} // namespace

const ImU32 kPlotBackground = IM_COL32(18, 22, 30, 255);

namespace {
PlotPngRequest g_png_pending, g_png_last;
int g_png_frames = 0; // frames until the pending request is due; 0: none pending
} // namespace

bool plot_png_menu(const char* id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (!ImGui::BeginPopupContextItem()) return g_png_frames > 0;
    if (ImGui::MenuItem("Save plot as PNG")) {
        std::string name;
        for (const char* c = id; *c; ++c)
            if (std::isalnum((unsigned char)*c) || *c == '_') name += *c;
        g_png_pending = {(name.empty() ? "plot" : name) + ".png", int(std::lround(a.x)),
                         int(std::lround(a.y)), int(std::lround(b.x - a.x)),
                         int(std::lround(b.y - a.y))};
        g_png_frames = 2;
    }
    ImGui::EndPopup();
    return g_png_frames > 0;
}

bool take_plot_png(PlotPngRequest* out) {
    if (g_png_frames == 0 || --g_png_frames > 0) return false;
    *out = g_png_last = g_png_pending;
    return true;
}

const PlotPngRequest& last_plot_png() {
    return g_png_last;
}

static void fill_area(ImDrawList* dl, ImVec2 a0, ImVec2 a1, float dpr, PlotArea* area_out) {
    if (area_out)
        *area_out = {a0, a1};
    else
        dl->AddRectFilled(a0, a1, kPlotBackground, 3 * dpr);
}

int loss_chart(const char* id, ImVec2 size, const std::vector<PlotSeries>& series,
               int epochs_planned, bool log_scale, float dpr, PlotArea* area_out) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = !plot_png_menu(id) && ImGui::IsItemHovered(); // none in a PNG
    const float th = ImGui::GetTextLineHeight();
    size_t n = 0;
    for (const PlotSeries& s : series)
        n = std::max(n, s.values->size());
    const int x_max = std::max<int>({epochs_planned, int(n), 2});

    // Plot area: room for y labels on the left, x labels and axis title below.
    const ImVec2 a0(p0.x + ImGui::CalcTextSize("0.0000").x + th * 1.6f, p0.y + th * 1.6f);
    const ImVec2 a1(p0.x + size.x - th * 0.6f, p0.y + size.y - th * 2.6f);
    if (a1.x - a0.x < 40 || a1.y - a0.y < 40) return 0;
    fill_area(dl, a0, a1, dpr, area_out);

    YAxis y = fit_y(series, log_scale);
    y.top = a0.y;
    y.bottom = a1.y;
    auto map_x = [&](double epoch) {
        return a0.x + float((epoch - 1) / double(x_max - 1)) * (a1.x - a0.x);
    };

    draw_y_axis(dl, y, a0.x, a1.x);
    char buf[48];
    const double step =
        std::max(1.0, nice_step(x_max - 1, std::max(2, int((a1.x - a0.x) / (70 * dpr)))));
    for (double e = 1; e <= x_max + 1e-9; e += step) {
        const double ep = e == 1 && step > 1 ? 1 : e;
        const float px = map_x(ep);
        dl->AddLine(ImVec2(px, a0.y), ImVec2(px, a1.y), kGrid);
        dl->AddLine(ImVec2(px, a1.y), ImVec2(px, a1.y + 4 * dpr), kAxis);
        std::snprintf(buf, sizeof buf, "%d", int(ep));
        const float tw = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(px - tw * 0.5f, a1.y + 5 * dpr), kText, buf);
        if (step > 1 && e == 1) e = 0; // ticks at 1, step, 2*step, ...
    }
    dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a0.x, a1.y), kAxis, 1.0f * dpr);
    const char* x_title = "epoch";
    dl->AddText(ImVec2((a0.x + a1.x - ImGui::CalcTextSize(x_title).x) * 0.5f, a1.y + th * 1.35f),
                kText, x_title);
    const char* y_title = log_scale ? "loss (log)" : "loss";
    dl->AddText(ImVec2(p0.x, a1.y + th * 1.35f), IM_COL32(140, 150, 168, 255), y_title);

    dl->PushClipRect(a0, a1, true);
    for (const PlotSeries& s : series) {
        std::vector<ImVec2> pts;
        for (size_t i = 0; i < s.values->size(); ++i) {
            const double v = (*s.values)[i];
            if (std::isfinite(v) && (!log_scale || v > 0))
                pts.emplace_back(map_x(double(i + 1)), y.map(v));
        }
        polyline(dl, pts, s.color, s.thickness, dpr);
    }
    dl->PopClipRect();
    if (n == 0) {
        const char* hint = "No finished epoch yet: one point per epoch";
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        dl->AddText(ImVec2((a0.x + a1.x - ts.x) * 0.5f, (a0.y + a1.y - ts.y) * 0.5f),
                    IM_COL32(140, 150, 168, 255), hint);
    }
    draw_legend(dl, series, ImVec2(a1.x, p0.y), dpr);

    // Hover: the nearest finished epoch, a vertical guide, markers and a tooltip with the values.
    int hovered_epoch = 0;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && n > 0 && mouse.x >= a0.x && mouse.x <= a1.x) {
        const double e = 1 + (mouse.x - a0.x) / (a1.x - a0.x) * (x_max - 1);
        hovered_epoch = std::clamp(int(std::lround(e)), 1, int(n));
        const float px = map_x(hovered_epoch);
        dl->AddLine(ImVec2(px, a0.y), ImVec2(px, a1.y), IM_COL32(255, 255, 255, 90), 1.0f * dpr);
        ImGui::BeginTooltip();
        ImGui::Text("Epoch %d", hovered_epoch);
        for (const PlotSeries& s : series) {
            if (hovered_epoch > int(s.values->size())) continue;
            const double v = (*s.values)[hovered_epoch - 1];
            dl->AddCircleFilled(ImVec2(px, y.map(v)), 4.5f * dpr, s.color);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %.6g", s.label, v);
        }
        ImGui::EndTooltip();
    }
    return hovered_epoch;
}

void series_chart(const char* id, ImVec2 size, const std::vector<PlotSeries>& series,
                  const char* x_label, const char* y_label, float dpr, PlotArea* area_out) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = !plot_png_menu(id) && ImGui::IsItemHovered(); // none in a PNG
    const float th = ImGui::GetTextLineHeight();
    size_t n = 0;
    for (const PlotSeries& s : series)
        n = std::max(n, s.values->size());

    const ImVec2 a0(p0.x + ImGui::CalcTextSize("-0.000").x + th * 1.6f, p0.y + th * 1.6f);
    const ImVec2 a1(p0.x + size.x - th * 0.6f, p0.y + size.y - th * 2.6f);
    if (a1.x - a0.x < 40 || a1.y - a0.y < 30 || n == 0) return;
    fill_area(dl, a0, a1, dpr, area_out);
    YAxis y = fit_y(series, false);
    y.top = a0.y;
    y.bottom = a1.y;
    const double x_max = std::max<double>(1, double(n) - 1);
    auto map_x = [&](double i) { return a0.x + float(i / x_max) * (a1.x - a0.x); };

    draw_y_axis(dl, y, a0.x, a1.x);
    char buf[32];
    const double step =
        std::max(1.0, nice_step(x_max, std::max(2, int((a1.x - a0.x) / (70 * dpr)))));
    for (double i = 0; i <= x_max + 1e-9; i += step) {
        const float px = map_x(i);
        dl->AddLine(ImVec2(px, a1.y), ImVec2(px, a1.y + 4 * dpr), kAxis);
        std::snprintf(buf, sizeof buf, "%d", int(i));
        dl->AddText(ImVec2(px - ImGui::CalcTextSize(buf).x * 0.5f, a1.y + 5 * dpr), kText, buf);
    }
    dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a0.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddText(ImVec2((a0.x + a1.x - ImGui::CalcTextSize(x_label).x) * 0.5f, a1.y + th * 1.35f),
                kText, x_label);
    dl->AddText(ImVec2(p0.x, a1.y + th * 1.35f), IM_COL32(140, 150, 168, 255), y_label);

    dl->PushClipRect(a0, a1, true);
    for (auto it = series.rbegin(); it != series.rend(); ++it) { // the first series on top
        const PlotSeries& s = *it;
        std::vector<ImVec2> pts;
        for (size_t i = 0; i < s.values->size(); ++i)
            pts.emplace_back(map_x(double(i)), y.map((*s.values)[i]));
        polyline(dl, pts, s.color, s.thickness, dpr);
    }
    dl->PopClipRect();
    draw_legend(dl, series, ImVec2(a1.x, p0.y), dpr);

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= a0.x && mouse.x <= a1.x) {
        const int i =
            std::clamp(int(std::lround((mouse.x - a0.x) / (a1.x - a0.x) * x_max)), 0, int(n) - 1);
        const float px = map_x(i);
        dl->AddLine(ImVec2(px, a0.y), ImVec2(px, a1.y), IM_COL32(255, 255, 255, 90), 1.0f * dpr);
        ImGui::BeginTooltip();
        ImGui::Text("%s %d", x_label, i);
        for (const PlotSeries& s : series)
            if (i < int(s.values->size()))
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %.4f", s.label,
                                   (*s.values)[i]);
        ImGui::EndTooltip();
    }
}

void histogram_chart(const char* id, ImVec2 size, const std::vector<double>& values, int bins,
                     ImU32 color, double mark, const char* mark_label, ImU32 mark_color,
                     const char* x_label, float dpr, PlotArea* area_out) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = !plot_png_menu(id) && ImGui::IsItemHovered(); // none in a PNG
    const float th = ImGui::GetTextLineHeight();
    // Small multiples and short areas (under ~9 lines): the label above, the bars, the range below; no axes.
    const bool compact = size.y < th * 9.0f;
    const ImVec2 a0 = compact ? ImVec2(p0.x + 2 * dpr, p0.y + th * 1.2f)
                              : ImVec2(p0.x + ImGui::CalcTextSize("00000").x + th * 1.2f, p0.y + th * 1.6f);
    const ImVec2 a1 = compact ? ImVec2(p0.x + size.x - 2 * dpr, p0.y + size.y - th * 1.2f)
                              : ImVec2(p0.x + size.x - th * 0.6f, p0.y + size.y - th * 2.6f);
    if (a1.x - a0.x < 20 || a1.y - a0.y < 12 || values.empty() || bins < 1) return;
    fill_area(dl, a0, a1, dpr, area_out);

    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (std::isfinite(mark)) lo = std::min(lo, mark), hi = std::max(hi, mark);
    if (!(lo <= hi)) return;
    if (hi == lo) hi = lo + 1e-9 + std::fabs(lo) * 1e-6;
    const double pad = (hi - lo) * 0.03;
    lo -= pad;
    hi += pad;
    std::vector<int> counts(bins, 0);
    for (double v : values)
        if (std::isfinite(v)) counts[std::clamp(int((v - lo) / (hi - lo) * bins), 0, bins - 1)]++;
    const int cmax = *std::max_element(counts.begin(), counts.end());
    YAxis y;
    y.lo = 0;
    y.hi = std::max(1.0, cmax * 1.1);
    y.top = a0.y;
    y.bottom = a1.y;
    auto map_x = [&](double v) { return a0.x + float((v - lo) / (hi - lo)) * (a1.x - a0.x); };
    const float bw = (a1.x - a0.x) / float(bins);
    if (compact) {
        char range[64];
        dl->AddText(ImVec2(p0.x, p0.y), kText, x_label);
        for (int b = 0; b < bins; ++b)
            if (counts[b])
                dl->AddRectFilled(ImVec2(a0.x + b * bw, y.map(counts[b])), ImVec2(a0.x + (b + 1) * bw - 0.5f * dpr, a1.y), color);
        dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), kAxis, 1.0f * dpr);
        std::snprintf(range, sizeof range, "%.3g", lo + pad);
        dl->AddText(ImVec2(a0.x, a1.y + 1 * dpr), IM_COL32(140, 150, 168, 255), range);
        std::snprintf(range, sizeof range, "%.3g", hi - pad);
        dl->AddText(ImVec2(a1.x - ImGui::CalcTextSize(range).x, a1.y + 1 * dpr), IM_COL32(140, 150, 168, 255), range);
        if (std::isfinite(mark)) {
            const float px = map_x(mark);
            for (float yy = a0.y; yy < a1.y; yy += 8 * dpr)
                dl->AddLine(ImVec2(px, yy), ImVec2(px, std::min(yy + 5 * dpr, a1.y)), mark_color, 2.0f * dpr);
            const float tw = ImGui::CalcTextSize(mark_label).x;
            dl->AddText(ImVec2(px + 6 * dpr + tw < a1.x ? px + 6 * dpr : px - 6 * dpr - tw, p0.y), mark_color, mark_label);
        }
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (hovered && mouse.x >= a0.x && mouse.x < a1.x) {
            const int b = std::clamp(int((mouse.x - a0.x) / bw), 0, bins - 1);
            ImGui::SetTooltip("%s: %.4g .. %.4g, count %d", x_label, lo + (hi - lo) * b / bins, lo + (hi - lo) * (b + 1) / bins, counts[b]);
        }
        return;
    }
    draw_y_axis(dl, y, a0.x, a1.x);

    // x ticks on the value axis
    char buf[32];
    const double step = nice_step(hi - lo, std::max(2, int((a1.x - a0.x) / (90 * dpr))));
    for (double v = std::ceil(lo / step) * step; v <= hi; v += step) {
        const float px = map_x(v);
        dl->AddLine(ImVec2(px, a1.y), ImVec2(px, a1.y + 4 * dpr), kAxis);
        format_value(buf, sizeof buf, std::fabs(v) < step * 1e-9 ? 0.0 : v);
        dl->AddText(ImVec2(px - ImGui::CalcTextSize(buf).x * 0.5f, a1.y + 5 * dpr), kText, buf);
    }
    for (int b = 0; b < bins; ++b) {
        if (!counts[b]) continue;
        const float x0 = a0.x + b * bw, x1 = x0 + bw;
        dl->AddRectFilled(ImVec2(x0 + 0.5f * dpr, y.map(counts[b])), ImVec2(x1 - 0.5f * dpr, a1.y), color);
    }
    dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a0.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddText(ImVec2((a0.x + a1.x - ImGui::CalcTextSize(x_label).x) * 0.5f, a1.y + th * 1.35f), kText,
                x_label);
    dl->AddText(ImVec2(p0.x, a1.y + th * 1.35f), IM_COL32(140, 150, 168, 255), "count");
    if (std::isfinite(mark)) {
        const float px = map_x(mark);
        for (float yy = a0.y; yy < a1.y; yy += 8 * dpr) // dashed, as the seed's axvline("--")
            dl->AddLine(ImVec2(px, yy), ImVec2(px, std::min(yy + 5 * dpr, a1.y)), mark_color, 2.0f * dpr);
        const float tw = ImGui::CalcTextSize(mark_label).x;
        const float lx = px + 6 * dpr + tw < a1.x ? px + 6 * dpr : px - 6 * dpr - tw;
        dl->AddText(ImVec2(lx, a0.y + 2 * dpr), mark_color, mark_label);
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= a0.x && mouse.x < a1.x) {
        const int b = std::clamp(int((mouse.x - a0.x) / bw), 0, bins - 1);
        ImGui::BeginTooltip();
        ImGui::Text("%s %.4g .. %.4g", x_label, lo + (hi - lo) * b / bins, lo + (hi - lo) * (b + 1) / bins);
        ImGui::Text("count: %d", counts[b]);
        ImGui::EndTooltip();
    }
}

namespace {
// Linear ticks along x between lo and hi at about one per 80 px, labels below the axis.
void draw_x_ticks(ImDrawList* dl, double lo, double hi, float x0, float x1, float y, float dpr) {
    char buf[32];
    const double step = nice_step(hi - lo, std::max(2, int((x1 - x0) / (80 * dpr))));
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) {
        const float px = x0 + float((v - lo) / (hi - lo)) * (x1 - x0);
        dl->AddLine(ImVec2(px, y), ImVec2(px, y + 4 * dpr), kAxis);
        format_value(buf, sizeof buf, std::fabs(v) < step * 1e-9 ? 0.0 : v);
        dl->AddText(ImVec2(px - ImGui::CalcTextSize(buf).x * 0.5f, y + 5 * dpr), kText, buf);
    }
}

void axis_titles(ImDrawList* dl, ImVec2 p0, ImVec2 a0, ImVec2 a1, const char* x_label,
                 const char* y_label, float dpr) {
    const float th = ImGui::GetTextLineHeight();
    dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddLine(ImVec2(a0.x, a0.y), ImVec2(a0.x, a1.y), kAxis, 1.0f * dpr);
    dl->AddText(ImVec2((a0.x + a1.x - ImGui::CalcTextSize(x_label).x) * 0.5f, a1.y + th * 1.35f),
                kText, x_label);
    dl->AddText(ImVec2(p0.x, p0.y), IM_COL32(140, 150, 168, 255), y_label);
}
} // namespace

void xy_chart(const char* id, ImVec2 size, const std::vector<XySeries>& series,
              const std::vector<XyMark>& marks, double x_lo, double x_hi, double y_lo,
              double y_hi, const char* x_label, const char* y_label, float dpr,
              PlotArea* area_out) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = !plot_png_menu(id) && ImGui::IsItemHovered(); // none in a PNG
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 a0(p0.x + ImGui::CalcTextSize("0.0000").x + th * 0.8f, p0.y + th * 1.4f);
    const ImVec2 a1(p0.x + size.x - th * 0.6f, p0.y + size.y - th * 2.6f);
    if (a1.x - a0.x < 40 || a1.y - a0.y < 30) return;
    fill_area(dl, a0, a1, dpr, area_out);
    auto fit = [&](bool xs, double& lo, double& hi) {
        if (lo != hi) return;
        lo = INFINITY;
        hi = -INFINITY;
        for (const XySeries& s : series)
            for (double v : xs ? *s.x : *s.y)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        for (const XyMark& m : marks) {
            const double v = xs ? m.x : m.y;
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        }
        if (!(lo <= hi)) lo = 0, hi = 1;
        const double pad = hi > lo ? (hi - lo) * 0.06 : std::max(std::fabs(hi) * 0.1, 1e-3);
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
        hi += pad;
    };
    fit(true, x_lo, x_hi);
    fit(false, y_lo, y_hi);
    YAxis y;
    y.lo = y_lo;
    y.hi = y_hi;
    y.top = a0.y;
    y.bottom = a1.y;
    auto map_x = [&](double v) { return a0.x + float((v - x_lo) / (x_hi - x_lo)) * (a1.x - a0.x); };
    draw_y_axis(dl, y, a0.x, a1.x);
    draw_x_ticks(dl, x_lo, x_hi, a0.x, a1.x, a1.y, dpr);
    axis_titles(dl, p0, a0, a1, x_label, y_label, dpr);

    dl->PushClipRect(a0, a1, true);
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        std::vector<ImVec2> pts;
        for (size_t i = 0; i < it->x->size() && i < it->y->size(); ++i)
            if (std::isfinite((*it->x)[i]) && std::isfinite((*it->y)[i]))
                pts.emplace_back(map_x((*it->x)[i]), y.map((*it->y)[i]));
        if (it->thickness > 0)
            polyline(dl, pts, it->color, it->thickness, dpr);
        else
            for (const ImVec2& p : pts)
                dl->AddCircleFilled(p, 2.6f * dpr, it->color);
    }
    for (const XyMark& m : marks) {
        if (!std::isfinite(m.x) || !std::isfinite(m.y)) continue;
        const ImVec2 p(map_x(m.x), y.map(m.y));
        dl->AddCircleFilled(p, 5.5f * dpr, m.color);
        dl->AddCircle(p, 5.5f * dpr, IM_COL32(255, 255, 255, 220), 0, 1.5f * dpr);
    }
    dl->PopClipRect();
    // The legend goes right of the y title when both fit on the top row, else into the plot's
    // top-right corner on a dark box (narrow charts).
    std::vector<PlotSeries> legend;
    float legend_w = 0;
    for (const XySeries& s : series)
        if (s.label && s.label[0]) {
            legend.push_back({s.label, s.y, s.color, s.thickness});
            legend_w += ImGui::CalcTextSize(s.label).x + 40 * dpr;
        }
    for (const XyMark& m : marks)
        if (m.label && m.label[0]) {
            legend.push_back({m.label, nullptr, m.color, 3 * dpr});
            legend_w += ImGui::CalcTextSize(m.label).x + 40 * dpr;
        }
    if (p0.x + ImGui::CalcTextSize(y_label).x + legend_w <= a1.x) {
        draw_legend(dl, legend, ImVec2(a1.x, p0.y), dpr);
    } else {
        float y_row = a0.y + 3 * dpr;
        for (const PlotSeries& l : legend) {
            const float tw = ImGui::CalcTextSize(l.label).x;
            const float x0 = a1.x - tw - 30 * dpr;
            dl->AddRectFilled(ImVec2(x0 - 4 * dpr, y_row - 1 * dpr), ImVec2(a1.x - 2 * dpr, y_row + th),
                              IM_COL32(18, 22, 30, 220));
            dl->AddLine(ImVec2(x0, y_row + th * 0.5f), ImVec2(x0 + 20 * dpr, y_row + th * 0.5f), l.color,
                        3 * dpr);
            dl->AddText(ImVec2(x0 + 26 * dpr, y_row), kText, l.label);
            y_row += th;
        }
    }

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (!hovered) return;
    float best = INFINITY;
    const XySeries* bs = nullptr;
    size_t bi = 0;
    for (const XySeries& s : series)
        for (size_t i = 0; i < s.x->size() && i < s.y->size(); ++i) {
            const float dx = map_x((*s.x)[i]) - mouse.x, dy = y.map((*s.y)[i]) - mouse.y;
            if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, bs = &s, bi = i;
        }
    const XyMark* bm = nullptr;
    for (const XyMark& m : marks) {
        const float dx = map_x(m.x) - mouse.x, dy = y.map(m.y) - mouse.y;
        if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, bm = &m, bs = nullptr;
    }
    if (!bs && !bm) return;
    ImGui::BeginTooltip();
    if (bm) {
        dl->AddCircle(ImVec2(map_x(bm->x), y.map(bm->y)), 8 * dpr, IM_COL32(255, 255, 255, 200));
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(bm->color), "%s", bm->label);
        ImGui::Text("%s: %.4g\n%s: %.4g", x_label, bm->x, y_label, bm->y);
    } else {
        dl->AddCircle(ImVec2(map_x((*bs->x)[bi]), y.map((*bs->y)[bi])), 6 * dpr,
                      IM_COL32(255, 255, 255, 200));
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(bs->color), "%s", bs->label);
        ImGui::Text("%s: %.4g\n%s: %.4g", x_label, (*bs->x)[bi], y_label, (*bs->y)[bi]);
        if (bs->note && bi < bs->note->size())
            ImGui::Text("%s: %.5g", bs->note_label ? bs->note_label : "", (*bs->note)[bi]);
    }
    ImGui::EndTooltip();
}

void bar_chart(const char* id, ImVec2 size, const std::vector<double>& values,
               const std::vector<double>* errors, const std::vector<const char*>* names,
               const std::vector<ImU32>& colors, double ref, const char* ref_label,
               const char* x_label, const char* y_label, double y_lo, double y_hi, float dpr,
               PlotArea* area_out) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = !plot_png_menu(id) && ImGui::IsItemHovered(); // none in a PNG
    const float th = ImGui::GetTextLineHeight();
    const ImVec2 a0(p0.x + ImGui::CalcTextSize("0.0000").x + th * 0.8f, p0.y + th * 1.4f);
    const ImVec2 a1(p0.x + size.x - th * 0.6f, p0.y + size.y - th * 2.6f);
    const int n = int(values.size());
    if (a1.x - a0.x < 40 || a1.y - a0.y < 30 || n == 0 || colors.empty()) return;
    fill_area(dl, a0, a1, dpr, area_out);
    if (y_lo == y_hi) {
        y_lo = 0;
        for (int i = 0; i < n; ++i)
            y_hi = std::max(y_hi, values[i] + (errors ? (*errors)[i] : 0.0));
        if (std::isfinite(ref)) y_hi = std::max(y_hi, ref);
        y_hi = y_hi > 0 ? y_hi * 1.1 : 1.0;
    }
    YAxis y;
    y.lo = y_lo;
    y.hi = y_hi;
    y.top = a0.y;
    y.bottom = a1.y;
    draw_y_axis(dl, y, a0.x, a1.x);
    const float slot = (a1.x - a0.x) / float(n), gap = std::min(slot * 0.2f, 12 * dpr);
    for (int i = 0; i < n; ++i) {
        const float x0 = a0.x + slot * i + gap * 0.5f, x1 = a0.x + slot * (i + 1) - gap * 0.5f;
        const ImU32 col = colors[std::min<size_t>(size_t(i), colors.size() - 1)];
        dl->AddRectFilled(ImVec2(x0, y.map(values[i])), ImVec2(std::max(x1, x0 + 1), a1.y), col);
        if (errors) {
            const float cx = 0.5f * (x0 + x1), w = std::min(6 * dpr, (x1 - x0) * 0.3f);
            const float lo = y.map(values[i] - (*errors)[i]), hi = y.map(values[i] + (*errors)[i]);
            const ImU32 wc = IM_COL32(235, 235, 235, 255);
            dl->AddLine(ImVec2(cx, lo), ImVec2(cx, hi), wc, 1.5f * dpr);
            dl->AddLine(ImVec2(cx - w, lo), ImVec2(cx + w, lo), wc, 1.5f * dpr);
            dl->AddLine(ImVec2(cx - w, hi), ImVec2(cx + w, hi), wc, 1.5f * dpr);
        }
    }
    if (names) { // names under the bars
        for (int i = 0; i < n && i < int(names->size()); ++i) {
            const float cx = a0.x + slot * (i + 0.5f);
            dl->AddText(ImVec2(cx - ImGui::CalcTextSize((*names)[i]).x * 0.5f, a1.y + 5 * dpr),
                        kText, (*names)[i]);
        }
    } else {
        draw_x_ticks(dl, -0.5, n - 0.5, a0.x, a1.x, a1.y, dpr);
    }
    if (std::isfinite(ref)) {
        const float py = y.map(ref);
        const ImU32 rc = IM_COL32(230, 230, 230, 230);
        for (float xx = a0.x; xx < a1.x; xx += 9 * dpr)
            dl->AddLine(ImVec2(xx, py), ImVec2(std::min(xx + 5 * dpr, a1.x), py), rc, 1.5f * dpr);
        if (ref_label)
            dl->AddText(ImVec2(a1.x - ImGui::CalcTextSize(ref_label).x - 4 * dpr, py - th - 2 * dpr),
                        rc, ref_label);
    }
    axis_titles(dl, p0, a0, a1, x_label, y_label, dpr);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= a0.x && mouse.x < a1.x) {
        const int i = std::clamp(int((mouse.x - a0.x) / slot), 0, n - 1);
        ImGui::BeginTooltip();
        if (names && i < int(names->size()))
            ImGui::Text("%s", (*names)[i]);
        else
            ImGui::Text("%s %d", x_label, i);
        if (errors)
            ImGui::Text("%s: %.4g \xC2\xB1 %.4g", y_label, values[i], (*errors)[i]);
        else
            ImGui::Text("%s: %.5g", y_label, values[i]);
        ImGui::EndTooltip();
    }
}
