#pragma once
// Trend charts (grouped vertical bars or lines over labelled x steps, e.g. years; chart.hpp on main draws
// horizontal bar/range charts by category) drawn through the same
// canvases as the maps: PNG/PDF with cairo, SVG structured (or cairo's with cairo_svg).  The caller
// gives the numbers; the chart knows nothing of where they come from beyond the caption it prints.
#include "engine/render/canvas.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace harbormap::render {

struct trend_series {
    std::string name;
    rgba colour;
    std::vector<double> values; // one per x label
};

struct trend_spec {
    enum class kind { bars, lines };
    kind k = kind::bars;
    std::string title;
    std::string caption; // under the plot: the table counted and the rule
    std::string y_label;
    std::vector<std::string> x_labels;
    std::vector<trend_series> series;
    page_spec page{640, 360, 150};
};

struct trend_result {
    output_format format = output_format::png;
    double y_max = 0;   // top of the value axis
    std::size_t marks = 0; // bars or line vertices drawn
};

// Throws std::invalid_argument when a series' length differs from the x labels.
trend_result render_trend(const trend_spec& c, const std::filesystem::path& out, bool overwrite = true);

// A palette of distinguishable colours for series (cycled).
rgba trend_colour(std::size_t i);

} // namespace harbormap::render
