#include "tiles/formats.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sqlite.hpp"
#include "tiles/compress.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>

namespace harbormap::tiles {
namespace {

// the checked SQLite connection of core, with a hint for files that are not MBTiles
class db : public sqlite_db {
public:
    db(const std::filesystem::path& p, int flags) : sqlite_db(p, flags, " (is it an MBTiles file?)") {}
};

struct stmt {
    sqlite3_stmt* s;
    ~stmt() { sqlite3_finalize(s); }
};

class mbtiles_sink : public tile_sink {
public:
    mbtiles_sink(const std::filesystem::path& out, bool overwrite)
        : m_file(out, overwrite), m_db(std::make_unique<db>(m_file.temp_path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) {
        m_db->exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;"
                   "CREATE TABLE metadata (name text, value text);"
                   "CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);"
                   "BEGIN;");
        m_insert = m_db->prepare("INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)");
    }
    ~mbtiles_sink() override {
        sqlite3_finalize(m_insert);
        m_db.reset();
    }

    bool wants_gzip() const override { return true; }
    // Rows in the order given (by zoom, then PMTiles tile id): deterministic whatever the thread count.
    void add_tiles(std::uint32_t z, const std::vector<encoded_tile>& tiles) override {
        for (const encoded_tile& t : tiles) {
            sqlite3_bind_int(m_insert, 1, static_cast<int>(z));
            sqlite3_bind_int64(m_insert, 2, t.id.x);
            sqlite3_bind_int64(m_insert, 3, t.id.tms_y());
            sqlite3_bind_blob(m_insert, 4, t.gz.data(), static_cast<int>(t.gz.size()), SQLITE_STATIC);
            m_db->check(sqlite3_step(m_insert), SQLITE_DONE);
            sqlite3_reset(m_insert);
        }
    }

    void finish(const tileset_metadata& m) override {
        sqlite3_finalize(m_insert);
        m_insert = nullptr;
        m_db->exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");
        stmt meta{m_db->prepare("INSERT INTO metadata VALUES (?1, ?2)")};
        const std::vector<std::pair<std::string, std::string>> rows = {
            {"name", m.name},
            {"format", "pbf"},
            {"type", "overlay"},
            {"version", m.version},
            {"description", m.description},
            {"attribution", m.attribution},
            {"minzoom", std::to_string(m.minzoom)},
            {"maxzoom", std::to_string(m.maxzoom)},
            {"bounds", fmt::format("{:.6f},{:.6f},{:.6f},{:.6f}", m.bounds.min_lon, m.bounds.min_lat, m.bounds.max_lon,
                                   m.bounds.max_lat)},
            {"center", fmt::format("{:.6f},{:.6f},{}", m.center.lon, m.center.lat, m.center_zoom)},
            {"json", m.json().dump()},
        };
        for (const auto& [k, v] : rows) {
            sqlite3_bind_text(meta.s, 1, k.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(meta.s, 2, v.c_str(), -1, SQLITE_TRANSIENT);
            m_db->check(sqlite3_step(meta.s), SQLITE_DONE);
            sqlite3_reset(meta.s);
        }
        m_db->exec("COMMIT;");
        sqlite3_finalize(meta.s);
        meta.s = nullptr;
        m_db.reset();
        m_file.commit();
    }

private:
    atomic_file m_file;
    std::unique_ptr<db> m_db;
    sqlite3_stmt* m_insert = nullptr;
};

class mbtiles_source : public tile_source {
public:
    explicit mbtiles_source(const std::filesystem::path& p) : m_db(p, SQLITE_OPEN_READONLY) {}

    std::vector<tile_id> list() override {
        stmt s{m_db.prepare("SELECT zoom_level, tile_column, tile_row FROM tiles")};
        std::vector<tile_id> out;
        while (sqlite3_step(s.s) == SQLITE_ROW) {
            const auto z = static_cast<std::uint32_t>(sqlite3_column_int(s.s, 0));
            const auto x = static_cast<std::uint32_t>(sqlite3_column_int64(s.s, 1));
            const auto row = static_cast<std::uint32_t>(sqlite3_column_int64(s.s, 2));
            if (z > 30 || row >= (1u << z) || x >= (1u << z)) {
                ++m_outside; // e.g. GDAL's MVT writer emits 0/1/0 for data across the antimeridian
                continue;
            }
            out.push_back({z, x, tms_flip(z, row)});
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    std::optional<std::string> get(const tile_id& t) override {
        stmt s{m_db.prepare("SELECT tile_data FROM tiles WHERE zoom_level=?1 AND tile_column=?2 AND tile_row=?3")};
        sqlite3_bind_int(s.s, 1, static_cast<int>(t.z));
        sqlite3_bind_int64(s.s, 2, t.x);
        sqlite3_bind_int64(s.s, 3, t.tms_y());
        if (sqlite3_step(s.s) != SQLITE_ROW) return std::nullopt;
        const auto* p = static_cast<const char*>(sqlite3_column_blob(s.s, 0));
        std::string data(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s.s, 0)));
        return is_gzip(data) ? gzip_decompress(data) : data;
    }

    nlohmann::json metadata() override {
        stmt s{m_db.prepare("SELECT name, value FROM metadata")};
        nlohmann::json j = nlohmann::json::object();
        while (sqlite3_step(s.s) == SQLITE_ROW) {
            const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(s.s, 0));
            const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(s.s, 1));
            j[k ? k : ""] = v ? v : "";
        }
        if (m_outside) j["tiles_outside_grid"] = m_outside; // found by list(): not readable as z/x/y
        return j;
    }

private:
    db m_db;
    std::size_t m_outside = 0;
};

} // namespace

std::unique_ptr<tile_sink> make_mbtiles_sink(const std::filesystem::path& out, bool overwrite) {
    return std::make_unique<mbtiles_sink>(out, overwrite);
}
std::unique_ptr<tile_source> open_mbtiles(const std::filesystem::path& path) {
    return std::make_unique<mbtiles_source>(path);
}

} // namespace harbormap::tiles
