#pragma once
// `harbormap tiles build` and the tiles step of `harbormap build`: the fused layers (ports,
// terminals, strategic_seaports from the GeoPackage), sea lanes and chokepoint areas as vector tiles,
// plus the styles (MapLibre JSON, QGIS .qml, GeoPackage layer_styles, a QGIS project).
#include "engine/core/geometry.hpp"
#include "engine/products/symbols.hpp"
#include "tiles/generator.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/tileset.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace harbormap::products {

struct tiles_output {
    tiles::tile_format format = tiles::tile_format::mbtiles;
    std::filesystem::path path;
};

struct tiles_params {
    std::filesystem::path gpkg;     // the fused footprint (out/harbormap.gpkg)
    std::filesystem::path data_dir; // shipped data (sea lanes, chokepoints)
    std::vector<tiles_output> outputs;
    std::uint32_t min_zoom = 0, max_zoom = 12;
    bool overwrite = true;
    bool progress = false;
};

// The layers as tiled, with the harbormap importance rules (owned here; specs point into `layers`).
struct tile_layers {
    std::vector<feature_layer> layers;
    std::vector<tiles::layer_spec> specs;
    std::vector<std::string> notes; // e.g. "chokepoints: data/chokepoints/gates.geojson not found, layer skipped"
};

// Reads the inputs and sets up the per-layer rules.  Throws input_error/processing_error.
tile_layers load_tile_layers(const std::filesystem::path& gpkg, const std::filesystem::path& data_dir);

// Ports that are never thinned: strategic, PRC- or HK-operated, BRI, LOGINK, ZPMC (US or abroad) or
// other Chinese equipment.
bool port_is_key(const feature& f);

// The equipment fact layers (name, description) tiled and styled beside ports, terminals and
// strategic_seaports: cranes, crane_orders, prc_equipment.
const std::vector<std::pair<std::string, std::string>>& equipment_tile_layers();

struct tiles_result {
    tiles::generate_result result;
    std::vector<std::string> notes;
};

tiles_result build_tiles(const tiles_params& p, std::ostream& err);
// The same from layers already loaded (load_tile_layers(p.gpkg, p.data_dir)).
tiles_result build_tiles(const tiles_params& p, const tile_layers& tl, std::ostream& err);

// ---- styles (engine/products/tiles_styles.cpp) ----------------------------------------------
// Every style draws the classes of data/styles/symbols.json that have a layer (symbols.hpp), in their order.
// MapLibre GL style for the tile layers; `source_url` e.g. "pmtiles://harbormap.pmtiles".
std::string maplibre_style(const symbol_set& symbols, const std::string& source_url);
// QGIS 3.22 vector-tile layer style (.qml) for the tile layers.
std::string qgis_vector_tile_qml(const symbol_set& symbols);
// The style data of data/styles/: the symbols (symbols.json, required) and the QGIS parts (written once by
// PyQGIS 3.22, see data/README.md): the ports layer's labelling and the A4 print layout (placeholders
// {{NAME}} {{TITLE}} {{CREDITS}} {{XMIN}} ...), empty strings when missing (the project then has neither).
struct qgis_styling {
    symbol_set symbols;
    std::string ports_labeling; // a <labeling> element
    std::string layout;         // a <Layouts> element
};
qgis_styling load_qgis_styling(const std::filesystem::path& data_dir);
// QGIS vector-layer style (.qml) for one GeoPackage layer (ports, terminals, strategic_seaports), with
// the ports' labelling when `styling` has it.
std::string qgis_layer_qml(const std::string& layer, const qgis_styling& styling);
// The GeoPackage point layers with a QGIS style (ports, terminals, strategic_seaports, the equipment layers).
const std::vector<std::string>& styled_point_layers();
// Writes the styles ((layer, qgis_layer_qml), in that order) into the GeoPackage's `layer_styles` table (QGIS's standard
// table; created when missing; rows for the same layer and style name are replaced; layers the GeoPackage
// lacks are skipped).
void write_gpkg_layer_styles(const std::filesystem::path& gpkg, const std::vector<std::pair<std::string, std::string>>& qml_of_layer);
// A QGIS project (EPSG:3857) that opens the MBTiles tile layer (off) and the styled GeoPackage layers over
// a countries basemap (`basemap_rel`, "" = none), ports labelled, with the A4 print layout of `styling`
// (title, map, legend, credits), paths relative to the project file.
// Layers in temporal_layers() get QGIS temporal properties from valid_from / valid_to (start/end expressions
// on the integer years); with last_year > 0 the project's time range is temporal_first_year..last_year,
// one-year steps, for the temporal controller.
std::string qgis_project(const std::string& mbtiles_rel, const std::string& gpkg_rel,
                         const std::vector<std::string>& gpkg_layers, const bbox& extent,
                         const qgis_styling& styling, const std::string& basemap_rel = "", int last_year = 0);
inline constexpr int temporal_first_year = 2000;
const std::vector<std::string>& temporal_layers(); // the GeoPackage layers with valid_from / valid_to
std::string qgis_temporal_xml(const std::string& layer); // "" for other layers

// ---- labels (engine/products/tiles_labels.cpp) ------------------------------------------------
// The style's glyphs URL, relative to the build folder (like its source, "pmtiles://harbormap.pmtiles");
// `harbormap serve` and the viewer make it absolute.
inline constexpr const char* maplibre_glyphs_url = "glyphs/{fontstack}/{range}.pbf";
// MapLibre symbol layers of the port and chokepoint names (fonts from the glyphs below), drawn on top:
// US strategic, PRC- and HK-operated ports in bold, placed first; then chokepoints; then the other key
// ports (BRI, LOGINK, ZPMC, Chinese equipment), all at every zoom; the rest of the ports from zoom 4;
// ports ranked by the static maps' label priority (symbol-sort-key); labels that collide are left out.
std::vector<nlohmann::json> maplibre_label_layers(const symbol_set& symbols);
struct label_glyphs_result {
    std::vector<std::string> fontstacks;
    std::vector<std::uint32_t> ranges; // starts of the 256-code-point ranges
    std::size_t texts = 0;             // label texts the ranges were computed from
    tiles::glyphs_result written;
};
// Writes <out_dir>/glyphs/{fontstack}/{start}-{end}.pbf for the label fonts: the ranges the tiled label
// texts use (ports and chokepoints of load_tile_layers(gpkg, data_dir)), always 0-255 and 256-511.
label_glyphs_result write_label_glyphs(const std::filesystem::path& out_dir, const std::filesystem::path& gpkg,
                                       const std::filesystem::path& data_dir);
// The same from tile layers already loaded (the tiles step's); `gpkg` names the source in errors.
label_glyphs_result write_label_glyphs(const std::filesystem::path& out_dir, const tile_layers& tl, const std::filesystem::path& gpkg);

} // namespace harbormap::products
