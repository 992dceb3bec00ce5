#pragma once
// The report's charts (cost ranges per seaport, counts by year) drawn through the same canvases as the
// maps: PNG/PDF by cairo, structured SVG (named groups, <text>), by extension, written atomically.
//
// One design for categories and time series: a chart is a list of rows (categories, or years) and a
// list of series; each row holds at most one bar per series.  How the bars of a row share it is the
// mode (side by side, end to end, or one line per series through the rows), and the orientation says
// where the rows go (top to bottom with values to the right, or left to right with values upward).
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
    double low = 0, high = 0; // a value (low = 0) or, grouped only, a low..high range
    std::string label;      // drawn at the bar's end; empty = the value or "low–high"
};

struct chart_row {
    std::string label;      // the category or the year
    std::vector<chart_bar> bars;
};

// grouped: a row's bars side by side, each labelled at its end (horizontal: the row holds only its own
//          bars; vertical: each series keeps its place in every row, as a time series needs);
// stacked: a row's bars end to end in series order, the row's total at the end, a part's value inside
//          it when it fits; the axis runs to the largest total;
// lines:   each series a line through the rows that have its bar (a point per row, the last value
//          labelled at the line's end); a row without the series' bar breaks the line.
enum class chart_mode { grouped, stacked, lines };
// horizontal: rows top to bottom, values to the right (the page grows with the rows);
// vertical: rows left to right (years), values upward (the plot is plot_height_pt high).
enum class chart_orientation { horizontal, vertical };

struct chart_document {
    std::string title, subtitle;
    std::string axis_label; // the value axis: "USD million", "agreements"
    std::string note;       // under the chart, wrapped to the page: what is counted and what is left out
    std::string credit;     // sources line under the note
    std::vector<chart_series> series;
    std::vector<chart_row> rows;
    chart_mode mode = chart_mode::grouped;
    chart_orientation orientation = chart_orientation::horizontal;
    double width_pt = 720;       // horizontal: the height follows from the rows
    double plot_height_pt = 200; // vertical only
    double min_step = 0;         // the smallest value-axis step (1 for counts: no half ticks)
    double dpi = 150;            // PNG only
    theme colours;
};

// The value axis: 0..max in ticks of `step` (1, 2 or 5 times a power of ten, at least min_step).
struct value_axis {
    double max = 1, step = 0.2;
};
// About five ticks up to `max_value` (a value <= 0 counts as 1).
value_axis nice_axis(double max_value, double min_step = 0);

struct chart_result {
    output_format format = output_format::png;
    value_axis axis;
    std::size_t bars = 0;      // marks drawn: bars (zero-height bars are not drawn), or line points
    std::size_t row_labels = 0; // row labels drawn (vertical charts skip some when the rows are dense)
    page_spec page;
};

// Throws usage_error for a bar naming a series that does not exist, a second bar of a series in one row,
// a negative value or high < low, or a range (low > 0) in a stacked or line chart.
chart_result render_chart(const chart_document& doc, const std::filesystem::path& out, const render_options& opts = {});

// A palette of distinguishable series colours (cycled).
rgba chart_colour(std::size_t i);

} // namespace harbormap::render
