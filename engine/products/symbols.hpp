#pragma once
// The map symbology as data: data/styles/symbols.json names each colour once ("colours": role ->
// "#rrggbb") and lists the map classes that use them, how the static maps draw them ("print": marker,
// sizes), the static maps' base colours ("theme") and the port label priority shared by the static maps
// and the MapLibre labels.  The MapLibre style, the QGIS styles and the static map presets read it, so
// one class is drawn in one colour everywhere (README "Styles").
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace harbormap::products {

enum class symbol_geometry { point = 0, line = 1, polygon = 2 }; // the values of QGIS's vector-tile styles

// How a static map (harbormap render, build maps/) draws a class, in points (1/72 inch): a marker
// (circle, square, triangle, diamond, star, ring) of size_pt with an outline of outline_pt, or a line of
// width_pt (dash: on/off lengths); opacity applies to the marker fill or the line.
struct print_symbol {
    std::string marker;       // "" = the class has no "print" entry (a tile/QGIS-only class)
    double size_pt = 0, outline_pt = 0;
    double width_pt = 0;
    std::vector<double> dash;
    double opacity = 1;
};

// A port's label priority (static maps: higher is placed first; MapLibre: its negative is the
// symbol-sort-key): base + importance * importance_field + prc_terminals * prc_terminals_field
// + (strategic ? strategic : 0).
struct label_priority {
    double base = 0, importance = 0, prc_terminals = 0, strategic = 0;
};

struct symbol_def {
    std::string id;
    std::string label;       // legend text of the tiles and QGIS rules
    std::string layer;       // tile/GeoPackage layer; "" = a static-map class only
    nlohmann::json filter;   // MapLibre expression (null = every feature of the layer)
    std::string qgis_filter; // the same filter as a QGIS expression ("" = none)
    symbol_geometry geometry = symbol_geometry::point;
    std::string colour;      // "#rrggbb": marker fill, line colour, area fill and outline
    std::string outline;     // "#rrggbb": marker outline (default white)
    double size_mm = 0;      // marker diameter or line width in the tiles and QGIS styles
    std::string shape = "circle"; // QGIS marker name: circle, square, triangle, diamond, star, pentagon
    int min_zoom = -1;       // -1 = every zoom
    print_symbol print;      // the static maps' marker or line (print.marker empty: none)
};

struct symbol_set {
    std::filesystem::path file;
    std::vector<symbol_def> classes; // draw order: first drawn first (bottom)
    std::map<std::string, std::string> colours; // role -> "#rrggbb"
    std::map<std::string, std::string> theme;   // static-map base colour (page, ocean, land, ..., label) -> "#rrggbb"
    label_priority port_labels;
    // The class `id`; input_error naming the file and "classes" when there is none.
    const symbol_def& at(const std::string& id) const;
    // The colour of a role of "colours" / of a theme slot; input_error naming the file and the key when missing.
    const std::string& colour(const std::string& role) const;
    const std::string& theme_colour(const std::string& slot) const;
    // The label priority of a port from its fields (port_labels).
    double port_label_priority(std::int64_t importance, std::int64_t prc_terminals, bool strategic) const;
};

// The theme slots symbols.json must name (render::theme's colours and the default label colour).
const std::vector<std::string>& theme_slots();

// Parses symbols.json text; `file` names it in errors.  Every problem is an input_error naming the file
// and the key ("classes[3].colour": unknown colour 'x'), JSON syntax errors included.
symbol_set parse_symbols(const std::string& text, const std::filesystem::path& file);
// <data_dir>/styles/symbols.json (input_error when missing).
symbol_set load_symbols(const std::filesystem::path& data_dir);

// A filter (the MapLibre expression forms symbols.json allows: ["get", f], ["==" | "!=", ["get", f], value],
// ["all" | "any", e...], ["!", e]) as a QGIS expression; input_error naming `key` for any other form.
std::string qgis_expression(const nlohmann::json& filter, const std::filesystem::path& file, const std::string& key);

} // namespace harbormap::products
