// XYZ folder: out/z/x/y.pbf, uncompressed (QGIS reads plain .pbf from folders), plus metadata.json
// (TileJSON-like: the same keys as the MBTiles metadata) written inside the atomic_dir.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "tiles/compress.hpp"
#include "tiles/formats.hpp"

#include <algorithm>

#include <fstream>

namespace fs = std::filesystem;

namespace harbormap::tiles {
namespace {

class xyz_sink : public tile_sink {
public:
    xyz_sink(const fs::path& out, bool overwrite) : m_dir(out, overwrite, {"metadata.json"}) {} // replaces only a tile folder
    void add_tiles(std::uint32_t z, const std::vector<encoded_tile>& tiles) override {
        for (const auto& [t, data, gz] : tiles) {
            const fs::path dir = m_dir.temp_path() / std::to_string(z) / std::to_string(t.x);
            fs::create_directories(dir);
            const fs::path file = dir / (std::to_string(t.y) + ".pbf");
            std::ofstream f(file, std::ios::binary);
            f.write(data.data(), static_cast<std::streamsize>(data.size()));
            if (!f) throw processing_error("cannot write " + file.string());
        }
    }
    void finish(const tileset_metadata& m) override {
        nlohmann::json j = m.json();
        j["name"] = m.name;
        j["format"] = "pbf";
        j["minzoom"] = m.minzoom;
        j["maxzoom"] = m.maxzoom;
        j["bounds"] = {m.bounds.min_lon, m.bounds.min_lat, m.bounds.max_lon, m.bounds.max_lat};
        j["center"] = {m.center.lon, m.center.lat, m.center_zoom};
        j["scheme"] = "xyz";
        j["tiles"] = {"{z}/{x}/{y}.pbf"};
        std::ofstream f(m_dir.temp_path() / "metadata.json", std::ios::binary);
        f << j.dump(1) << "\n";
        f.close();
        if (!f) throw processing_error("cannot write metadata.json in " + m_dir.temp_path().string());
        m_dir.commit();
    }

private:
    atomic_dir m_dir;
};

class xyz_source : public tile_source {
public:
    explicit xyz_source(fs::path root) : m_root(std::move(root)) {}
    std::vector<tile_id> list() override {
        std::vector<tile_id> out;
        for (const auto& e : fs::recursive_directory_iterator(m_root)) {
            if (!e.is_regular_file() || e.path().extension() != ".pbf") continue;
            const fs::path rel = fs::relative(e.path(), m_root);
            std::string s = rel.parent_path().string() + "/" + rel.stem().string();
            auto t = parse_tile_id(s);
            if (!t) {
                // a folder that is no tile folder (a build's out/: its glyphs/ hold .pbf too) is named as such
                if (!fs::exists(m_root / "metadata.json"))
                    throw processing_error(m_root.string() + " is not an XYZ tile folder (no metadata.json; " + rel.generic_string() +
                                           " is not z/x/y.pbf): give the folder 'tiles build' wrote, or an .mbtiles/.pmtiles file" +
                                           (fs::exists(m_root / "harbormap.mbtiles") ? " (this looks like a build's output: " +
                                                                                           (m_root / "harbormap.mbtiles").string() + ")"
                                                                                     : std::string()));
                throw processing_error(e.path().string() + ": not a z/x/y.pbf tile inside the tile grid");
            }
            out.push_back(*t);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    std::optional<std::string> get(const tile_id& t) override {
        const fs::path p = m_root / std::to_string(t.z) / std::to_string(t.x) / (std::to_string(t.y) + ".pbf");
        if (!fs::exists(p)) return std::nullopt;
        std::string data = read_file(p);
        return is_gzip(data) ? gzip_decompress(data) : data;
    }
    nlohmann::json metadata() override {
        const fs::path p = m_root / "metadata.json";
        if (!fs::exists(p)) return nlohmann::json::object();
        try {
            return nlohmann::json::parse(read_file(p));
        } catch (const nlohmann::json::exception& e) {
            throw input_error(p.string(), 0, "", std::string("not valid JSON: ") + e.what());
        }
    }

private:
    fs::path m_root;
};

} // namespace

std::unique_ptr<tile_sink> make_xyz_sink(const fs::path& out, bool overwrite) {
    return std::make_unique<xyz_sink>(out, overwrite);
}
std::unique_ptr<tile_source> open_xyz(const fs::path& path) { return std::make_unique<xyz_source>(path); }

} // namespace harbormap::tiles
