// plots.h: the page's two charts, drawn with ImGui's ImDrawList into the current window.
//   - loss_chart: train and validation loss per epoch over the planned epochs (x: 1..epochs),
//     with axis ticks and labels, a legend, an optional log y axis and a hover readout.
//   - series_chart: a few series over an index (the reconstruction view), same axes and legend.
//   - histogram_chart: counts of values in equal bins, with an optional marked value (the anomaly
//     threshold) as a labelled vertical line; hover reads a bin's range and count.
//   - xy_chart: a few series over shared x values (the denoising sweep: MSE per noise level), with
//     an optional marked x as a labelled vertical line; hover reads the nearest x.
// Each reserves `size` (device pixels) in the layout as one item. Not here: any model state.
#pragma once

#include <imgui.h>
#include <vector>

struct PlotSeries {
    const char* label;
    const std::vector<double>* values;
    ImU32 color;
    float thickness; // in device pixels
};

// The plot area's background colour. A caller that fills the background itself (main.cpp clears
// panel rectangles, much cheaper than a blended quad under SwiftShader) passes `area_out` and
// receives the rectangle to fill; without it the chart draws the background with ImGui.
extern const ImU32 kPlotBackground;
struct PlotArea {
    ImVec2 min, max;
};

// Returns the hovered epoch (1-based) or 0.
int loss_chart(const char* id, ImVec2 size, const std::vector<PlotSeries>& series,
               int epochs_planned, bool log_scale, float dpr, PlotArea* area_out = nullptr);

// x runs over 0..n-1 of the series; x_label names it.
void series_chart(const char* id, ImVec2 size, const std::vector<PlotSeries>& series,
                  const char* x_label, const char* y_label, float dpr,
                  PlotArea* area_out = nullptr);

// bins equal-width bins over [min, max] of values; `mark` (if finite) is drawn as a vertical line
// labelled mark_label. Returns nothing; the hover tooltip shows the bin under the mouse.
void histogram_chart(const char* id, ImVec2 size, const std::vector<double>& values, int bins,
                     ImU32 color, double mark, const char* mark_label, ImU32 mark_color,
                     const char* x_label, float dpr, PlotArea* area_out = nullptr);

// xy_chart: curves over a shared x axis (ROC, PR, MSE over k, angles over epochs), each a polyline
// of (x[i], y[i]); optional marks (a labelled point: the operating point, the autoencoder).
// Ranges with lo == hi are fitted to the data. Hover: the nearest point of any series, with its
// x, y and, when the series has one, its note (e.g. the threshold of a ROC point).
struct XySeries {
    const char* label;
    const std::vector<double>* x;
    const std::vector<double>* y;
    ImU32 color;
    float thickness;                             // device pixels; 0 draws points only
    const std::vector<double>* note = nullptr;   // per point, shown on hover
    const char* note_label = nullptr;
};
struct XyMark {
    double x, y;
    const char* label;
    ImU32 color;
};
void xy_chart(const char* id, ImVec2 size, const std::vector<XySeries>& series,
              const std::vector<XyMark>& marks, double x_lo, double x_hi, double y_lo,
              double y_hi, const char* x_label, const char* y_label, float dpr,
              PlotArea* area_out = nullptr);

// bar_chart: one bar per value, named by names[i] (or its index), with optional +- whiskers and
// an optional dashed reference line (e.g. the chance level). colors: one, or one per bar.
// y range [y_lo, y_hi] (lo == hi: 0 .. the largest bar). Hover: the bar's name, value (+- error).
void bar_chart(const char* id, ImVec2 size, const std::vector<double>& values,
               const std::vector<double>* errors, const std::vector<const char*>* names,
               const std::vector<ImU32>& colors, double ref, const char* ref_label,
               const char* x_label, const char* y_label, double y_lo, double y_hi, float dpr,
               PlotArea* area_out = nullptr);
