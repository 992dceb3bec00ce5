#pragma once
// Shared pieces of the map presets (engine/products/presets/*.cpp): page, symbols, fonts, credits,
// the chokepoint and sea-lane layers and port label priorities.  Not a public API.
#include "engine/products/render_presets.hpp"

#include <optional>
#include <string>
#include <vector>

namespace harbormap::products::preset_parts {

std::optional<lon_lat> point_of(const feature& f);
const feature_layer* find_layer(const std::vector<feature_layer>& ls, const std::string& name);
render::page_spec page_of(const render_params& p);
render::point_style pt(render::marker m, const char* fill, double size, const char* stroke = "#ffffff", double sw = 0.6);
render::symbol_class point_class(const std::string& legend, render::point_style s);
render::font_spec label_font(double size, bool bold = false);
std::string credit_line(const std::string& projection_name, bool lanes);

struct chokepoint {
    std::string name;
    lon_lat at;
};
std::vector<chokepoint> load_chokepoints(const std::filesystem::path& data_dir);
render::map_layer chokepoint_layer(const std::filesystem::path& data_dir);
render::map_layer sealane_layer(const std::filesystem::path& data_dir);
// Label priority of a port: importance, PRC terminals, strategic.
double port_priority(const feature& f);

} // namespace harbormap::products::preset_parts
