#pragma once
// The model of a static map: a page with one or more panels (a main map and insets), each with its
// own projection frame and layers; a legend, a title and a credit line.  The render module knows no
// data schema: presets (engine/query/render_*.cpp) turn footprint layers into map_items with a class
// index, a label and a priority.
#include "engine/core/geometry.hpp"
#include "engine/render/style.hpp"

#include <optional>
#include <string>
#include <vector>

namespace harbormap::render {

struct rect {
    double x = 0, y = 0, w = 0, h = 0;
    double right() const { return x + w; }
    double bottom() const { return y + h; }
    bool intersects(const rect& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
    bool contains(const rect& o) const { return o.x >= x && o.y >= y && o.right() <= right() && o.bottom() <= bottom(); }
    bool contains(double px, double py) const { return px >= x && px <= right() && py >= y && py <= bottom(); }
    rect inflated(double d) const { return {x - d, y - d, w + 2 * d, h + 2 * d}; }
};

// One drawable class of a layer: the style used for its items and its legend text.
struct symbol_class {
    std::string legend; // "" = not in the legend
    point_style point;
    line_style line;
    area_style area;
};

struct map_item {
    geometry geom;
    int cls = 0;            // index into map_layer::classes; < 0 = not drawn
    std::string label;      // "" = no label
    double priority = 0;    // higher labels first
    std::string key;        // stable id (port_id) for tests and SVG ids
};

struct map_layer {
    std::string id;    // SVG group id ("prc-terminals"); [a-z0-9-]
    std::string title; // legend heading
    geometry_type kind = geometry_type::point;
    std::vector<symbol_class> classes;
    std::vector<map_item> items;
    font_spec label_font;
    bool in_legend = true;
    bool show_counts = true; // legend text "COSCO (24)"
    bool legend_sizes = false; // legend markers at their map size (classes told apart by size), not capped at 7 pt
    bool obstacle = true;    // labels avoid these symbols
};

struct panel {
    std::string id = "main";
    std::string projection = "+proj=eqearth"; // any PROJ string or CRS ("EPSG:3857")
    bbox extent{-180, -90, 180, 90};           // lon/lat; min_lon > max_lon crosses the antimeridian
    rect area;                                 // where on the page (pt)
    std::string caption;                       // inset caption ("Alaska")
    bool graticule = true;
    double graticule_step = 30;  // degrees
    bool scale_bar = false;
    bool labels = true;
    std::vector<map_layer> layers;
};

struct legend_spec {
    bool show = true;
    std::string title = "Legend";
    // Corner preference; the renderer picks the corner of the main panel covering the fewest symbols.
    std::vector<std::string> corners{"bottom-left", "bottom-right", "top-left", "top-right"};
    rect area; // if not empty: the legend fills this box (columns, top-down) instead of a corner
};

struct page_spec {
    double width_pt = 842;  // A4 landscape by default
    double height_pt = 595;
    double dpi = 150;       // PNG only
    int width_px() const;
    int height_px() const;
};

struct map_document {
    page_spec page;
    theme colours;
    std::string title;
    std::string subtitle;
    std::string credit; // data-source credit, at the foot of the page (wrapped: layout_footer in draw.hpp)
    std::string footnote; // above the credit ("Not mapped: ... (no position in ...)"), wrapped too; "" = none
    // Labels that find no room next to their symbol move up to this far (pt) with a leader line, and a
    // label next to its symbol must not lie as close to another symbol (0 = next to the symbol only).
    double max_leader_pt = 0;
    std::vector<polygon> countries; // basemap in lon/lat (Natural Earth)
    std::vector<panel> panels;      // panels[0] is the main map
    legend_spec legend;
};

// Paper sizes (portrait, pt) by name: a4, a3, letter, tabloid.  nullopt if unknown.
std::optional<std::pair<double, double>> paper_size_pt(const std::string& name);

} // namespace harbormap::render
