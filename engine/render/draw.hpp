#pragma once
// Draws a map_document to PNG, SVG or PDF (by extension), atomically.
#include "engine/render/canvas.hpp"
#include "engine/render/labels.hpp"
#include "engine/render/map.hpp"
#include "engine/render/projection.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::render {

struct render_options {
    bool overwrite = true;
    bool cairo_svg = false; // cairo's SVG surface instead of the structured SVG writer
};

struct legend_entry {
    std::string layer;
    std::string text;
};

// One line at the foot of the page (render_result::footer, layout_footer).
struct footer_line {
    std::string text;
    rect box;            // its logical extent on the page (pt)
    double size = 0;     // font size (pt)
    bool credit = false; // a line of doc.credit (else of doc.footnote)
};

struct render_result {
    output_format format = output_format::png;
    label_placement labels;
    std::vector<legend_entry> legend;
    rect legend_box;
    std::size_t symbols = 0;   // point symbols drawn
    std::vector<std::size_t> panel_symbols; // point symbols drawn in each panel (doc.panels order)
    int width_px = 0, height_px = 0; // PNG only
    std::vector<footer_line> footer; // the footnote's lines, then the credit's, as drawn
};

render_result render_map(const map_document& doc, const std::filesystem::path& out, const render_options& opts = {});

// engine/render/panels.cpp: panel geometry.
// The frame a panel is drawn with (tests use it to find where a port lands on the page).
frame make_frame(const panel& p);

// The rectangle the panel's extent actually fills once fitted (aspect preserved) into p.area.
rect fitted_area(const panel& p);

// Where a lon/lat point lands on the panel (page pt), if inside its clip boxes and its area.
std::optional<xy> on_panel(const panel& pn, const frame& f, const lon_lat& p);

// True if no point item of the panel's layers lies inside its extent (an inset with nothing of the
// map's classes in it).
bool panel_is_empty(const panel& p);

// The footnote's lines, then the credit's, at the foot of the page: wrapped by pango to the width between
// the page margins, at one size that is never shrunk to fit, footer_font_size().  The last line ends at half
// a margin above the bottom of the page.
std::vector<footer_line> layout_footer(const map_document& doc);
// clamp(page width / 150, 6, 7) pt: 6 pt on A4 and letter in either orientation (the size of the scale bar,
// just under the legend's 6.5), 7 pt from A3 landscape up.
double footer_font_size(const page_spec& page);
// The height (pt) of one line of it.
double footer_line_height(const page_spec& page);
// The height (pt) a preset leaves free above the bottom half-margin for layout_footer's lines: their extent
// and a gap of 8 pt above them (0 without a credit or footnote).
double footer_height(const map_document& doc);
// The page margin (pt) of the renderer and the presets: 3.5 % of the shorter side, at least 14 pt.
double page_margin(const page_spec& page);

// The width and height (pt) the legend takes when drawn (its columns in doc.legend.area's height).
double legend_width(const map_document& doc);
double legend_height(const map_document& doc);

// Marker outline of a point style at (x, y) (for legends and tests).
page_shape marker_shape(marker m, double x, double y, double size);

} // namespace harbormap::render
