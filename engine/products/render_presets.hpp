#pragma once
// Map presets of `harbormap render` and the inputs they read: the fused footprint GPKG, the Natural
// Earth basemap, sea lanes and chokepoints from data/.  Each preset is one file under
// engine/products/presets/, listed once in presets/registry.cpp.
#include "engine/core/geometry.hpp"
#include "engine/render/draw.hpp"
#include "engine/render/map.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace harbormap::query {
class sea_router;
class port_catalog;
} // namespace harbormap::query

namespace harbormap::products {

struct render_params {
    std::string preset = "world"; // a name of presets(): world | us-strategic | route | region | equipment
    std::filesystem::path output;  // .png / .svg / .pdf
    std::filesystem::path gpkg;    // fused footprint (out/harbormap.gpkg)
    std::filesystem::path data_dir;
    std::optional<bbox> extent;    // --bbox
    std::string region;            // --region NAME (region preset): europe, malacca, gulf, west-africa, panama
    std::string projection;        // --projection (PROJ string); empty = the preset's
    double width_pt = 0, height_pt = 0; // page size; 0 = preset default (A4 landscape)
    std::string paper;             // a4, a3, letter, ... (landscape); overrides width/height
    bool portrait = false;
    double dpi = 150;
    std::string title;             // "" = preset title
    bool cranes = false;           // world/region: add the ZPMC cranes outside the US (--cranes)
    // route preset: either --from/--to (computed with the routing engine) or a GeoJSON route line
    // (harbormap route --geojson), in which case from/to only label the title.
    std::string from, to;
    std::vector<std::string> avoid; // gate ids closed for the computed route (--avoid suez,panama)
    bool avoid_prc = false;          // route --avoid-prc
    bool arctic = false;             // open the arctic gate
    double corridor_m = 50 * 1852.0; // PRC-operated ports within this distance of the path are drawn
    std::filesystem::path route_geojson;
    std::filesystem::path graph;        // sea graph file (out/seagraph.hmg); built in memory from data/ if missing
    std::filesystem::path mappings_dir; // layers/mappings (for the in-memory graph); "" = <data_dir>/../layers/mappings
    std::ostream* log = nullptr;        // notes (e.g. "graph built in memory"); null = silent
    bool overwrite = true;
    bool cairo_svg = false;
    void validate() const;         // usage_error naming the option
};

// The layers of the fused GPKG the presets draw (not fusion::footprint, which builds them).
struct map_layers {
    feature_layer ports;
    feature_layer terminals;
    feature_layer strategic;
    feature_layer cranes;    // cranes by maker (ZPMC abroad and at US ports, other makers at US ports); empty in older builds
    feature_layer equipment; // prc_equipment: other Chinese equipment in seaports; empty in older builds
    std::filesystem::path source;
    std::optional<int> as_of; // the footprint as of this year (the GeoPackage manifest's as_of: --as-of, build --as-of)
};

map_layers load_map_layers(const std::filesystem::path& gpkg);
std::vector<polygon> load_basemap(const std::filesystem::path& data_dir);
// The same countries as GeoJSON (one MultiPolygon per country, with its id and name), for the QGIS
// project's basemap: the polygons cut at the antimeridian as the maps cut them.
std::string basemap_geojson(const std::filesystem::path& data_dir);

// A map preset: its name, one line for --help, and the function making its document.
struct preset {
    const char* name;
    const char* summary;
    render::map_document (*make)(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);
};
const std::vector<preset>& presets(); // engine/products/presets/registry.cpp
// The document of a preset (p.preset), its subtitle opening "As of YEAR: " for an as-of footprint.
render::map_document preset_document(const render_params& p, const map_layers& fp, const std::vector<polygon>& basemap);
// Opens the subtitle with "As of YEAR: " when the footprint is an as-of one (every preset, the report's route maps).
void mark_as_of(render::map_document& doc, const map_layers& fp);
const preset* find_preset(const std::string& name);
std::string preset_names(); // "world, us-strategic, ..."

render::map_document world_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);
render::map_document us_strategic_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);

// Equipment preset: ZPMC cranes and other Chinese equipment by port (engine/products/presets/equipment.cpp).
render::map_document equipment_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);

// Region preset: the extent and title of --region NAME (or --bbox); usage_error when neither or unknown.
std::pair<bbox, std::string> region_extent(const render_params& p);
render::map_document region_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);

// What the route preset draws: the line, the gates it crosses (where it crosses them), the PRC-operated
// ports along it and its end points.  Made from a routing result or read from a GeoJSON route.
struct route_overlay {
    struct mark {
        std::string id, name;
        lon_lat pos;
        double distance_m = 0; // ports: distance from the path
    };
    std::vector<line_string> lines; // split at the antimeridian
    std::vector<mark> gates;        // in path order
    std::vector<mark> prc_ports;    // PRC-operated ports within the corridor (endpoints excluded)
    std::vector<mark> endpoints;    // from, to
    std::string from, to;           // labels for the title
    std::string closures;           // "Suez Canal closed" ("" = none)
    double distance_m = -1;         // total sea distance (-1 = unknown: GeoJSON without it)
    double corridor_m = 50 * 1852.0;
    std::string source;             // "harbormap route engine" or the GeoJSON file name
};

// The route of p.route_geojson with its gates and PRC ports found by proximity (gates listed in the
// file's "gates" property are used when present).
route_overlay route_overlay_from_geojson(const map_layers& fp, const render_params& p);
// Computes p.from -> p.to with the routing engine (throws usage_error for unknown/ambiguous ports,
// processing_error when there is no route under the closures).  Needs the routing module.
route_overlay route_overlay_from_engine(const map_layers& fp, const render_params& p);

render::map_document route_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p,
                               const route_overlay& route);
// The same with an open router and catalog (the report reuses them for several routes).
route_overlay route_overlay_of(const render_params& p, query::sea_router& router, const query::port_catalog& catalog);
// Builds the overlay from p (GeoJSON if given, else the routing engine) and the document.
render::map_document route_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p);

// Loads the inputs, builds the preset's document and draws it.
render::render_result render_preset(const render_params& p);
// The same map to several files (e.g. OUT.svg and OUT.png: one map model, each format drawn from it), from
// layers and a basemap already loaded; p.output is ignored.
void render_preset(const render_params& p, const map_layers& fp, const std::vector<polygon>& basemap,
                   const std::vector<std::filesystem::path>& outputs);

} // namespace harbormap::products
