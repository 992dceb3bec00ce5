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
//
// Execution (the planetiler design): per zoom, features are thinned, cut into per-tile records,
// sorted by (PMTiles tile id, layer, feature) and encoded in parallel by opt.threads workers in
// batches of consecutive tiles; one writer thread hands the batches to the sinks in order.  The
// records of a zoom are made in passes over ranges of tile ids so that one pass stays within a share
// of the memory budget; the calling thread thins and makes the next pass (of this zoom or the next)
// while the previous one is encoded and written, so at most two passes are in memory.  The input
// itself is kept within the budget by tile_input (spill files).  With one thread everything runs on
// the calling thread, pass after pass.
#include "engine/core/geometry.hpp"
#include "engine/core/progress.hpp"
#include "tiles/tile_input.hpp"
#include "tiles/tileset.hpp"

#include <functional>
#include <string>
#include <vector>

namespace harbormap::tiles {

struct generate_options {
    std::uint32_t min_zoom = 0, max_zoom = 12;
    std::uint32_t extent = 4096;
    std::uint32_t buffer = 64; // tile units around each tile
    std::size_t max_tile_bytes = 500 * 1024;
    unsigned threads = 0;        // encoding threads; 0 = every core (std::thread::hardware_concurrency)
    std::size_t max_memory = 0;  // working-memory budget in bytes; 0 = tile_input::default_max_memory (32 MiB)
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
    std::size_t passes = 0; // record passes over tile-id ranges (more than 1 when the budget is tight)
    tile_id largest;
    std::vector<layer_zoom_stats> layers;
};

struct generate_result {
    std::vector<zoom_stats> zooms;
    tileset_metadata metadata;
};

// Writes every zoom to every sink, then finish()es them with the metadata (base fields such as name
// and attribution from `meta`; zooms, bounds, center, vector_layers and tilestats filled in here).
// The output is byte-identical whatever opt.threads and opt.max_memory are.
generate_result generate(tile_input& input, const generate_options& opt, const std::vector<tile_sink*>& sinks,
                         tileset_metadata meta = {});
// The same from layers held in memory (each spec's `source`).
generate_result generate(const std::vector<layer_spec>& layers, const generate_options& opt,
                         const std::vector<tile_sink*>& sinks, tileset_metadata meta = {});

// The thread count opt.threads stands for (0 -> every core, at least 1).
unsigned effective_threads(unsigned requested);

// A fixed-width table of the per-zoom statistics (for stderr and the benchmark).
std::string format_stats(const generate_result& r);
nlohmann::json stats_json(const generate_result& r);

} // namespace harbormap::tiles
