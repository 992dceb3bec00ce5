#pragma once
// Tileset metadata, the sink interface the generator writes to, and readers for `tiles show`,
// tests and tools.  Sinks receive uncompressed MVT bytes and compress as their format requires.
#include "engine/core/lon_lat.hpp"
#include "tiles/tile_id.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harbormap::tiles {

struct tileset_metadata {
    std::string name = "harbormap";
    std::string description;
    std::string attribution;
    std::string version = "1.0.0";
    int minzoom = 0, maxzoom = 0;
    bbox bounds{-180, -85.0511, 180, 85.0511};
    lon_lat center{0, 0};
    int center_zoom = 0;
    nlohmann::json vector_layers = nlohmann::json::array();
    nlohmann::json tilestats = nlohmann::json::object();

    // {"vector_layers": [...], "tilestats": {...}}
    nlohmann::json json() const;
};

// One encoded tile: uncompressed MVT bytes and, when a sink wants it, their gzip (compressed by the
// generator's workers, so that the sinks' single writer thread only writes).
struct encoded_tile {
    tile_id id;
    std::string mvt;
    std::string gz;
};

class tile_sink {
public:
    virtual ~tile_sink() = default;
    // True when the sink stores gzip-compressed tiles (encoded_tile::gz is then filled).
    virtual bool wants_gzip() const { return false; }
    // Tiles of zoom z in increasing PMTiles tile id (Hilbert) order, in batches: called any number
    // of times per zoom, zooms increasing, from one thread.
    virtual void add_tiles(std::uint32_t z, const std::vector<encoded_tile>& batch) = 0;
    // Writes metadata and commits the output atomically.
    virtual void finish(const tileset_metadata& m) = 0;
};

enum class tile_format { mbtiles, pmtiles, xyz };
const char* format_name(tile_format f);
// From the -f value or, when empty, the output's extension (.mbtiles/.pmtiles, any case; none = XYZ
// folder; another extension is a usage_error).
tile_format format_for(const std::filesystem::path& out, const std::string& f);

std::unique_ptr<tile_sink> make_sink(tile_format f, const std::filesystem::path& out, bool overwrite = true);

class tile_source {
public:
    virtual ~tile_source() = default;
    // All tiles, sorted by (z, x, y).
    virtual std::vector<tile_id> list() = 0;
    // Uncompressed MVT bytes, or nullopt when the tile is absent.
    virtual std::optional<std::string> get(const tile_id& t) = 0;
    virtual nlohmann::json metadata() = 0;
};

// MBTiles (*.mbtiles), PMTiles (*.pmtiles) or an XYZ folder (z/x/y.pbf).
std::unique_ptr<tile_source> open_tiles(const std::filesystem::path& path);

} // namespace harbormap::tiles
