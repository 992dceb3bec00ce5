#pragma once
// Map presets of `harbormap render` (world, us-strategic, route) and the inputs they read: the fused
// footprint GPKG, the Natural Earth basemap, sea lanes and chokepoints from data/.
#include "engine/core/geometry.hpp"
#include "engine/render/draw.hpp"
#include "engine/render/map.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::query {

struct render_params {
    std::string preset = "world"; // world | us-strategic | route
    std::filesystem::path output;  // .png / .svg / .pdf
    std::filesystem::path gpkg;    // fused footprint (out/harbormap.gpkg)
    std::filesystem::path data_dir;
    std::optional<bbox> extent;    // --bbox
    std::string projection;        // --projection (PROJ string); empty = the preset's
    double width_pt = 0, height_pt = 0; // page size; 0 = preset default (A4 landscape)
    std::string paper;             // a4, a3, letter, ... (landscape); overrides width/height
    bool portrait = false;
    double dpi = 150;
    std::string title;             // "" = preset title
    std::string from, to;          // route preset: port names/ids (labels) 
    std::filesystem::path route_geojson; // route preset: the route line (harbormap route --geojson)
    bool overwrite = true;
    bool cairo_svg = false;
    void validate() const;         // usage_error naming the option
};

// The footprint layers the presets draw (read from the fused GPKG).
struct footprint {
    feature_layer ports;
    feature_layer terminals;
    feature_layer strategic;
    std::filesystem::path source;
};

footprint load_footprint(const std::filesystem::path& gpkg);
std::vector<polygon> load_basemap(const std::filesystem::path& data_dir);

render::map_document world_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p);
render::map_document us_strategic_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p);
render::map_document route_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p);

// Loads the inputs, builds the preset's document and draws it.
render::render_result render_preset(const render_params& p);

// Group class of a port's prc_groups text ("COSCO;CMPort") for colouring.
std::string group_class(const std::string& prc_groups);

} // namespace harbormap::query
