// plot_png.h: "Save plot as PNG" for the page's charts. A right-click on any chart of plots.h opens
// a menu with that one entry; it asks for the chart's rectangle as a PNG named after the chart's
// id ("##loss" -> loss.png). main.cpp takes the request after rendering, two frames later (the
// menu is gone from the picture by then), and hands it to platform::download_canvas_png.
// Not here: the charts (plots.h), the browser's side (platform.cpp).
#pragma once

#include <string>

struct PlotPngRequest {
    std::string name; // "loss.png"
    // The chart's rectangle in device pixels, origin at the top left.
    int x = 0, y = 0, w = 0, h = 0;
};

// Called by each chart right after the item that reserves its rectangle. Returns true while a
// PNG is being taken (the chart then draws no hover readout).
bool plot_png_menu(const char* id);
// The request due this frame, once; false when there is none.
bool take_plot_png(PlotPngRequest* out);
// The last request taken (empty name before any), for the page's status.
const PlotPngRequest& last_plot_png();

namespace platform {
// Browser: offers the canvas's rectangle (device pixels) as a PNG download named `name`; call it
// right after rendering, while the frame's pixels are in the drawing buffer (platform.cpp).
// Native: does nothing.
void download_canvas_png(const char* name, int x, int y, int w, int h);
} // namespace platform
