#include "engine/products/serve/tile_store.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "tiles/compress.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace harbormap::products::serve {

struct tile_store::connection {
    sqlite3* db = nullptr;
    sqlite3_stmt* get = nullptr;
    ~connection() {
        sqlite3_finalize(get);
        sqlite3_close(db);
    }
};

namespace {

std::unique_ptr<tile_store::connection> open_connection(const std::filesystem::path& path);

} // namespace

std::string etag_of(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return fmt::format("\"{:016x}\"", h);
}

tile_store::tile_store(std::filesystem::path mbtiles, std::uintmax_t preload_bytes) : m_path(std::move(mbtiles)) {
    if (!std::filesystem::exists(m_path))
        throw processing_error(m_path.string() + " does not exist: run 'harbormap build' first (or pass the output folder)");
    auto c = acquire();
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(c->db, "SELECT name, value FROM metadata", -1, &s, nullptr) != SQLITE_OK)
        throw processing_error(m_path.string() + ": no metadata table: " + sqlite3_errmsg(c->db));
    m_metadata = nlohmann::json::object();
    while (sqlite3_step(s) == SQLITE_ROW) {
        const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
        m_metadata[k ? k : ""] = v ? v : "";
    }
    sqlite3_finalize(s);
    auto zoom = [&](const char* key, std::uint32_t fallback) {
        if (!m_metadata.contains(key)) return fallback;
        const auto z = parse_int(m_metadata[key].get<std::string>());
        if (!z || *z < 0 || *z > 30) throw processing_error(fmt::format("{}: metadata '{}' is not a zoom level 0-30", m_path.string(), key));
        return static_cast<std::uint32_t>(*z);
    };
    m_min_zoom = zoom("minzoom", 0);
    m_max_zoom = zoom("maxzoom", 14);
    if (std::filesystem::file_size(m_path) <= preload_bytes) {
        if (sqlite3_prepare_v2(c->db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles", -1, &s, nullptr) != SQLITE_OK)
            throw processing_error(m_path.string() + ": no tiles table: " + sqlite3_errmsg(c->db));
        while (sqlite3_step(s) == SQLITE_ROW) {
            const auto z = sqlite3_column_int64(s, 0), x = sqlite3_column_int64(s, 1), row = sqlite3_column_int64(s, 2);
            if (z < 0 || z > 30 || x < 0 || row < 0 || x >= (1ll << z) || row >= (1ll << z)) continue; // not addressable as z/x/y
            const tiles::tile_id id{static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(x), tiles::tms_flip(static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(row))};
            const auto* p = static_cast<const char*>(sqlite3_column_blob(s, 3));
            stored_tile t;
            t.data.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, 3)));
            t.gzipped = tiles::is_gzip(t.data);
            t.etag = etag_of(t.data);
            m_cache.emplace(tiles::pmtiles_tile_id(id), std::move(t));
        }
        sqlite3_finalize(s);
        m_preloaded = true;
    }
    release(std::move(c));
}

tile_store::~tile_store() = default;

namespace {

std::unique_ptr<tile_store::connection> open_connection(const std::filesystem::path& path) {
    auto c = std::make_unique<tile_store::connection>();
    // read-only, no shared cache, no mutex (a connection is used by one request at a time)
    if (sqlite3_open_v2(path.c_str(), &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw processing_error(path.string() + ": cannot open as MBTiles: " + (c->db ? sqlite3_errmsg(c->db) : "out of memory"));
    if (sqlite3_prepare_v2(c->db, "SELECT tile_data FROM tiles WHERE zoom_level=?1 AND tile_column=?2 AND tile_row=?3", -1, &c->get,
                           nullptr) != SQLITE_OK)
        throw processing_error(path.string() + ": no tiles table: " + sqlite3_errmsg(c->db));
    return c;
}

} // namespace

std::unique_ptr<tile_store::connection> tile_store::acquire() const {
    {
        std::lock_guard lock(m_pool_mutex);
        if (!m_pool.empty()) {
            auto c = std::move(m_pool.back());
            m_pool.pop_back();
            return c;
        }
    }
    return open_connection(m_path);
}

void tile_store::release(std::unique_ptr<connection> c) const {
    std::lock_guard lock(m_pool_mutex);
    m_pool.push_back(std::move(c));
}

std::optional<stored_tile> tile_store::get(const tiles::tile_id& t) const {
    if (m_preloaded) {
        const auto it = m_cache.find(tiles::pmtiles_tile_id(t));
        if (it == m_cache.end()) return std::nullopt;
        return it->second;
    }
    auto c = acquire();
    sqlite3_reset(c->get);
    sqlite3_bind_int(c->get, 1, static_cast<int>(t.z));
    sqlite3_bind_int64(c->get, 2, t.x);
    sqlite3_bind_int64(c->get, 3, t.tms_y());
    std::optional<stored_tile> out;
    if (sqlite3_step(c->get) == SQLITE_ROW) {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(c->get, 0));
        stored_tile st;
        st.data.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(c->get, 0)));
        st.gzipped = tiles::is_gzip(st.data);
        st.etag = etag_of(st.data);
        out = std::move(st);
    }
    sqlite3_reset(c->get);
    release(std::move(c));
    return out;
}

nlohmann::json tile_store::tilejson(const std::string& tiles_url) const {
    nlohmann::json j{{"tilejson", "3.0.0"}, {"scheme", "xyz"}, {"tiles", {tiles_url}}, {"minzoom", m_min_zoom}, {"maxzoom", m_max_zoom}};
    for (const char* k : {"name", "description", "attribution", "version"})
        if (m_metadata.contains(k)) j[k] = m_metadata[k];
    auto numbers = [&](const char* key) {
        std::vector<double> v;
        if (m_metadata.contains(key))
            for (const auto& p : split(m_metadata[key].get<std::string>(), ','))
                if (auto d = parse_double(trim(p))) v.push_back(*d);
        return v;
    };
    if (auto b = numbers("bounds"); b.size() == 4) j["bounds"] = b;
    if (auto c = numbers("center"); c.size() >= 2) j["center"] = c;
    if (m_metadata.contains("json")) {
        const auto meta = nlohmann::json::parse(m_metadata["json"].get<std::string>(), nullptr, false);
        if (meta.is_object() && meta.contains("vector_layers")) j["vector_layers"] = meta["vector_layers"];
    }
    return j;
}

} // namespace harbormap::products::serve
