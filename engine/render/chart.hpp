#pragma once
// Horizontal bar and range charts (the report's figures: cost ranges per seaport, counts by year) drawn
// through the same canvases as the maps: PNG/PDF by cairo, structured SVG (named groups, <text>), by
// extension, written atomically.  One row per category; each row holds one bar per series, a bar being
// a value (low = 0) or a low..high range, labelled at its end.
#include "engine/render/canvas.hpp"
#include "engine/render/draw.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace harbormap::render {

struct chart_series {
    std::string name;
    rgba colour;
};

struct chart_bar {
    std::size_t series = 0; // index into chart_document::series
    double low = 0, high = 0;
    std::string label;      // drawn after the bar; empty = the value or "low–high"
};

struct chart_row {
    std::string label;
    std::vector<chart_bar> bars;
};

struct chart_document {
    std::string title, subtitle;
    std::string axis_label; // "USD million"
    std::string credit;     // sources line under the chart
    std::vector<chart_series> series;
    std::vector<chart_row> rows;
    double width_pt = 720;  // the height follows from the rows
    double dpi = 150;       // PNG only
    theme colours;
};

struct chart_result {
    output_format format = output_format::png;
    double axis_max = 0;      // the axis runs 0..axis_max (a 1/2/5 step)
    std::size_t bars = 0;     // bars drawn
    page_spec page;
};

// Throws usage_error for a bar naming a series that does not exist or with high < low or a negative value.
chart_result render_chart(const chart_document& doc, const std::filesystem::path& out, const render_options& opts = {});

// The axis end for values up to `max_value`: the smallest 1, 2 or 5 times a power of ten >= it (1 for 0).
double nice_axis_max(double max_value);

} // namespace harbormap::render
