#pragma once
// The map symbology as data: data/styles/symbols.json names each colour once ("colours": role ->
// "#rrggbb") and lists the map classes that use them.  The MapLibre style, the QGIS styles and the static
// map presets read it, so one class is drawn in one colour everywhere (README "Styles").
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace harbormap::products {

enum class symbol_geometry { point = 0, line = 1, polygon = 2 }; // the values of QGIS's vector-tile styles

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
};

struct symbol_set {
    std::filesystem::path file;
    std::vector<symbol_def> classes; // draw order: first drawn first (bottom)
    // The class `id`; input_error naming the file and "classes" when there is none.
    const symbol_def& at(const std::string& id) const;
};

// Parses symbols.json text; `file` names it in errors.  Every problem is an input_error naming the file
// and the key ("classes[3].colour": unknown colour 'x'), JSON syntax errors included.
symbol_set parse_symbols(const std::string& text, const std::filesystem::path& file);
// <data_dir>/styles/symbols.json (input_error when missing).
symbol_set load_symbols(const std::filesystem::path& data_dir);

// A filter (the MapLibre expression forms symbols.json allows: ["get", f], ["==" | "!=", ["get", f], value],
// ["all" | "any", e...], ["!", e]) as a QGIS expression; input_error naming `key` for any other form.
std::string qgis_expression(const nlohmann::json& filter, const std::filesystem::path& file, const std::string& key);

} // namespace harbormap::products
