#pragma once
// Raw tile reads from an MBTiles file for the server: the stored bytes as they are (gzip, as harbormap
// writes them) with their ETag, plus the tileset's TileJSON fields from the metadata table.  A tileset
// up to `preload_bytes` is read into memory once (ids -> bytes, ETags computed once); a larger one is
// read per request from a small pool of read-only SQLite connections (one per concurrent request, reused).
#include "tiles/tile_id.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace harbormap::products::serve {

struct stored_tile {
    std::string data; // as stored (gzip when gzipped is true)
    bool gzipped = false;
    std::string etag; // "\"<16 hex>\"" over the stored bytes
};

class tile_store {
public:
    static constexpr std::uintmax_t default_preload_bytes = 256ull << 20;
    // throws processing_error when unreadable
    explicit tile_store(std::filesystem::path mbtiles, std::uintmax_t preload_bytes = default_preload_bytes);
    bool preloaded() const { return m_preloaded; }
    ~tile_store();
    tile_store(const tile_store&) = delete;
    tile_store& operator=(const tile_store&) = delete;

    std::optional<stored_tile> get(const tiles::tile_id& t) const;
    const nlohmann::json& metadata() const { return m_metadata; } // name -> value (json field parsed)
    std::uint32_t min_zoom() const { return m_min_zoom; }
    std::uint32_t max_zoom() const { return m_max_zoom; }
    // TileJSON 3.0.0 with the given tile URL template ("http://host/tiles/{z}/{x}/{y}.pbf").
    nlohmann::json tilejson(const std::string& tiles_url) const;

    struct connection; // one read-only SQLite handle and its prepared statement

private:
    std::unique_ptr<connection> acquire() const;
    void release(std::unique_ptr<connection> c) const;

    std::filesystem::path m_path;
    nlohmann::json m_metadata;
    std::uint32_t m_min_zoom = 0, m_max_zoom = 0;
    bool m_preloaded = false;
    std::unordered_map<std::uint64_t, stored_tile> m_cache; // pmtiles_tile_id -> tile, when preloaded
    mutable std::mutex m_pool_mutex;
    mutable std::vector<std::unique_ptr<connection>> m_pool;
};

// 64-bit FNV-1a as 16 hex digits in double quotes: a strong ETag for the bytes.
std::string etag_of(std::string_view bytes);

} // namespace harbormap::products::serve
