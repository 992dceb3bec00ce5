#pragma once
// The concrete sinks and sources behind make_sink()/open_tiles() (tileset.hpp).
#include "tiles/tileset.hpp"

namespace harbormap::tiles {

// MBTiles 1.3 (SQLite): tiles gzip-compressed, rows inserted in TMS order (zoom_level, tile_column,
// tile_row with tile_row = 2^z - 1 - y), metadata name, format=pbf, minzoom, maxzoom, bounds, center, json.
std::unique_ptr<tile_sink> make_mbtiles_sink(const std::filesystem::path& out, bool overwrite);
std::unique_ptr<tile_source> open_mbtiles(const std::filesystem::path& path);

// XYZ folder: z/x/y.pbf uncompressed + metadata.json.
std::unique_ptr<tile_sink> make_xyz_sink(const std::filesystem::path& out, bool overwrite);
std::unique_ptr<tile_source> open_xyz(const std::filesystem::path& path);

// PMTiles v3 (see pmtiles.hpp).  root_limit: header + root directory bytes before leaf directories
// are used (16384 by the spec; smaller values only to exercise leaves in tests).
std::unique_ptr<tile_sink> make_pmtiles_sink(const std::filesystem::path& out, bool overwrite,
                                             std::size_t root_limit = 16384);
std::unique_ptr<tile_source> open_pmtiles(const std::filesystem::path& path);

} // namespace harbormap::tiles
