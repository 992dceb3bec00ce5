#pragma once
// PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a 127-byte header,
// a gzip-compressed root directory (header + root < 16 KiB; leaf directories when needed), gzip JSON
// metadata, then tile data clustered by Hilbert tile id, deduplicated (identical tiles share one
// blob; consecutive identical tiles become one run).  Tiles are gzip-compressed.  The bytes depend
// only on the tiles and metadata: the same input gives the same file.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::tiles::pmtiles {

enum compression : std::uint8_t { unknown = 0, none = 1, gzip = 2, brotli = 3, zstd = 4 };

struct header {
    std::uint64_t root_offset = 0, root_length = 0;
    std::uint64_t metadata_offset = 0, metadata_length = 0;
    std::uint64_t leaf_offset = 0, leaf_length = 0;
    std::uint64_t data_offset = 0, data_length = 0;
    std::uint64_t addressed_tiles = 0, tile_entries = 0, tile_contents = 0;
    bool clustered = true;
    std::uint8_t internal_compression = gzip, tile_compression = gzip, tile_type = 1; // 1 = MVT
    std::uint8_t min_zoom = 0, max_zoom = 0;
    std::int32_t min_lon_e7 = 0, min_lat_e7 = 0, max_lon_e7 = 0, max_lat_e7 = 0;
    std::uint8_t center_zoom = 0;
    std::int32_t center_lon_e7 = 0, center_lat_e7 = 0;
};

inline constexpr std::size_t header_size = 127;

std::string serialize_header(const header& h);
header parse_header(std::string_view bytes); // throws std::runtime_error

struct entry {
    std::uint64_t tile_id = 0;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t run_length = 0; // 0 = points to a leaf directory
    friend bool operator==(const entry&, const entry&) = default;
};

// Uncompressed directory bytes (varints, columnar) and back.
std::string serialize_directory(const std::vector<entry>& entries);
std::vector<entry> parse_directory(std::string_view bytes); // throws std::runtime_error

} // namespace harbormap::tiles::pmtiles
