#pragma once
// From feature_layers to tiles: projection, per-zoom generalisation, clipping with a buffer,
// quantisation, MVT encoding, the tile-size limit, and per-zoom statistics.  Knows nothing about
// what the layers mean: the importance rules come in as callbacks (or an attribute name).
//
// Generalisation at zoom z, per layer:
//  - a feature whose `keep` predicate is true is never dropped (not by thinning, not by the size limit);
//  - other features appear from `feature_min_zoom(f)` on;
//  - points: below the layer's max zoom at most one non-keep point per grid cell (point_grid cells per
//    tile side), the most important one (`importance`, ties by lower feature index);
//  - lines/polygons: Douglas-Peucker with `simplify` tile units, then clipped per tile with a buffer;
//    features that shrink below one tile unit vanish (counted as too_small);
//  - a tile above max_tile_bytes loses its least important non-keep features (20% at a time) until it
//    fits; those are counted as dropped_size.  Nothing is dropped silently: every count is reported.
#include "engine/core/geometry.hpp"
#include "engine/core/progress.hpp"
#include "tiles/tileset.hpp"

#include <functional>
#include <string>
#include <vector>

namespace harbormap::tiles {

struct layer_spec {
    std::string name; // MVT layer name
    std::string description;
    const feature_layer* source = nullptr;
    std::uint32_t min_zoom = 0, max_zoom = 30;
    std::function<bool(const feature&)> keep;
    std::function<double(const feature&)> importance; // higher = more important
    std::string importance_attribute;                 // used when `importance` is empty
    std::function<int(const feature&)> feature_min_zoom;
    std::uint32_t point_grid = 0; // 0 = no grid thinning
    double simplify = 1.0;        // tile units
    std::vector<std::string> fields;         // attributes written (empty = all)
    std::vector<std::string> exclude_fields; // never written
};

struct generate_options {
    std::uint32_t min_zoom = 0, max_zoom = 12;
    std::uint32_t extent = 4096;
    std::uint32_t buffer = 64; // tile units around each tile
    std::size_t max_tile_bytes = 500 * 1024;
    progress* prog = nullptr;
};

struct layer_zoom_stats {
    std::string layer;
    std::size_t input = 0;          // features in the layer (within its zoom range)
    std::size_t kept = 0;           // features present in at least one tile of this zoom
    std::size_t below_min_zoom = 0; // not yet shown at this zoom (feature_min_zoom)
    std::size_t thinned = 0;        // lost the grid-cell contest
    std::size_t too_small = 0;      // collapsed below one tile unit
    std::size_t dropped_size = 0;   // removed from every tile by the size limit
};

struct zoom_stats {
    std::uint32_t z = 0;
    std::size_t tiles = 0, bytes = 0, max_bytes = 0, oversize = 0;
    tile_id largest;
    std::vector<layer_zoom_stats> layers;
};

struct generate_result {
    std::vector<zoom_stats> zooms;
    tileset_metadata metadata;
};

// Writes every zoom to every sink, then finish()es them with the metadata (base fields such as name
// and attribution from `meta`; zooms, bounds, center, vector_layers and tilestats filled in here).
generate_result generate(const std::vector<layer_spec>& layers, const generate_options& opt,
                         const std::vector<tile_sink*>& sinks, tileset_metadata meta = {});

// vector_layers (TileJSON) and tilestats (mapbox-geostats) of the layers as written.
nlohmann::json vector_layers_json(const std::vector<layer_spec>& layers, const generate_options& opt);
nlohmann::json tilestats_json(const std::vector<layer_spec>& layers);

// A fixed-width table of the per-zoom statistics (for stderr and the benchmark).
std::string format_stats(const generate_result& r);
nlohmann::json stats_json(const generate_result& r);

} // namespace harbormap::tiles
