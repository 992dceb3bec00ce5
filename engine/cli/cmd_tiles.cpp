// harbormap tiles build | tiles show
#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/core/error.hpp"
#include "engine/products/tiles_build.hpp"
#include "tiles/mvt.hpp"
#include "tiles/tileset.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace fs = std::filesystem;

namespace harbormap::cli {
namespace {

class tiles_build final : public command {
public:
    std::vector<std::string> path() const override { return {"tiles", "build"}; }
    std::string summary() const override {
        return "Build vector tiles (MBTiles, PMTiles v3 or an XYZ folder) from the fused footprint, lanes and chokepoints";
    }
    void setup(CLI::App& app) override {
        app.add_option("-o,--output", m_output, "Output: FILE.mbtiles (default out/harbormap.mbtiles), FILE.pmtiles or a folder");
        app.add_option("-f,--format", m_format, "mbtiles, pmtiles or xyz (default: from the output's extension)")
            ->check(CLI::IsMember({"mbtiles", "pmtiles", "xyz"}));
        app.add_option("--min-zoom", m_min_zoom, "Lowest zoom (default 0)")->check(CLI::Range(0, 24));
        app.add_option("--max-zoom", m_max_zoom, "Highest zoom (default 12)")->check(CLI::Range(0, 24));
        app.add_option("--gpkg", m_gpkg, "Fused GeoPackage (default: <out>/harbormap.gpkg)");
        app.add_flag("--overwrite", m_overwrite, "Replace an existing output");
        app.add_flag("--json", m_json, "Print the per-zoom statistics as JSON on stdout");
    }
    int run(context& ctx) override {
        if (m_min_zoom > m_max_zoom)
            throw usage_error(fmt::format("--min-zoom {} is above --max-zoom {}", m_min_zoom, m_max_zoom));
        products::tiles_params p;
        p.gpkg = m_gpkg.empty() ? ctx.gpkg() : fs::path(m_gpkg);
        p.data_dir = ctx.data_dir;
        fs::path out = m_output.empty() ? ctx.out_dir / "harbormap.mbtiles" : fs::path(m_output);
        const auto fmt_ = tiles::format_for(out, m_format);
        p.outputs = {{fmt_, out}};
        p.min_zoom = m_min_zoom;
        p.max_zoom = m_max_zoom;
        p.overwrite = m_overwrite;
        p.progress = ctx.progress;
        const auto r = products::build_tiles(p, ctx.err);
        if (m_json) ctx.out << nlohmann::json{{"output", out.string()}, {"format", tiles::format_name(fmt_)},
                                              {"zooms", tiles::stats_json(r.result)}}.dump(2)
                            << "\n";
        if (!ctx.quiet) {
            ctx.err << tiles::format_stats(r.result);
            for (const auto& n : r.notes) ctx.err << "note: " << n << "\n";
            ctx.err << "wrote " << out.string() << " (" << tiles::format_name(fmt_) << ", z" << m_min_zoom << "-" << m_max_zoom
                    << ")\n";
        }
        return 0;
    }

private:
    std::string m_output, m_format, m_gpkg;
    std::uint32_t m_min_zoom = 0, m_max_zoom = 12;
    bool m_overwrite = false, m_json = false;
};

class tiles_show final : public command {
public:
    std::vector<std::string> path() const override { return {"tiles", "show"}; }
    std::string summary() const override { return "Show a tileset's metadata and tile counts, or decode one tile"; }
    void setup(CLI::App& app) override {
        app.add_option("file", m_file, "MBTiles, PMTiles, XYZ folder or a single .pbf/.mvt tile")->required();
        app.add_option("--tile", m_tile, "Decode this tile (z/x/y, XYZ scheme)");
        app.add_flag("--json", m_json, "Canonical JSON output");
        app.add_flag("--stats", m_stats, "Decode every tile: tiles, bytes and distinct feature ids per zoom and layer");
    }
    int run(context& ctx) override {
        const fs::path file(m_file);
        if (fs::is_regular_file(file) && (file.extension() == ".pbf" || file.extension() == ".mvt")) {
            print_tile(ctx, read_tile_file(file));
            return 0;
        }
        auto src = tiles::open_tiles(file);
        if (!m_tile.empty()) {
            const auto t = tiles::parse_tile_id(m_tile);
            if (!t) throw usage_error("--tile '" + m_tile + "' is not z/x/y inside the tile grid");
            const auto data = src->get(*t);
            if (!data) {
                ctx.err << "harbormap: tile " << t->str() << " is not in " << file.string() << "\n";
                return 1;
            }
            print_tile(ctx, *data);
            return 0;
        }
        const auto ids = src->list();
        if (const auto m = src->metadata(); m.contains("tiles_outside_grid"))
            ctx.err << "harbormap: warning: " << m["tiles_outside_grid"].dump() << " tile row(s) of " << m_file
                    << " lie outside the tile grid and are skipped\n";
        if (m_stats) return print_stats(ctx, *src, ids);
        std::map<std::uint32_t, std::size_t> per_zoom;
        for (const auto& t : ids) ++per_zoom[t.z];
        const auto meta = src->metadata();
        if (m_json) {
            nlohmann::json z = nlohmann::json::object();
            for (const auto& [k, n] : per_zoom) z[std::to_string(k)] = n;
            ctx.out << nlohmann::json{{"metadata", meta}, {"tiles", ids.size()}, {"tiles_per_zoom", z}}.dump(1) << "\n";
        } else {
            for (const auto& [k, v] : meta.items()) {
                if (k == "json" || k == "vector_layers" || k == "tilestats") continue;
                ctx.out << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
            }
            ctx.out << "tiles: " << ids.size() << "\n";
            for (const auto& [k, n] : per_zoom) ctx.out << "  z" << k << ": " << n << "\n";
        }
        return 0;
    }

private:
    static std::string read_tile_file(const fs::path& p);
    // Features kept per zoom: distinct feature ids per layer (features without id count per tile).
    int print_stats(context& ctx, tiles::tile_source& src, const std::vector<tiles::tile_id>& ids) const {
        struct zoom {
            std::size_t tiles = 0, bytes = 0;
            std::map<std::string, std::set<std::uint64_t>> ids;
            std::map<std::string, std::size_t> anonymous;
        };
        std::map<std::uint32_t, zoom> zooms;
        for (const auto& t : ids) {
            const auto data = src.get(t);
            if (!data) continue;
            auto& z = zooms[t.z];
            ++z.tiles;
            z.bytes += data->size();
            tiles::decoded_tile d;
            try {
                d = tiles::decode_tile(*data);
            } catch (const std::runtime_error& e) {
                throw processing_error(m_file + " tile " + t.str() + ": " + e.what());
            }
            for (const auto& l : d.layers)
                for (const auto& f : l.features) {
                    if (f.id) z.ids[l.name].insert(*f.id);
                    else ++z.anonymous[l.name];
                }
        }
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [k, z] : zooms) {
            nlohmann::json feats = nlohmann::json::object();
            for (const auto& [l, s] : z.ids) feats[l] = s.size();
            for (const auto& [l, n] : z.anonymous) feats[l] = feats.value(l, std::size_t{0}) + n;
            j[std::to_string(k)] = {{"tiles", z.tiles}, {"bytes", z.bytes}, {"features", feats}};
        }
        if (m_json) {
            ctx.out << nlohmann::json{{"zooms", j}}.dump(1) << "\n";
        } else {
            for (const auto& [k, z] : j.items()) {
                ctx.out << "z" << k << ": " << z["tiles"] << " tiles, " << z["bytes"] << " bytes";
                for (const auto& [l, n] : z["features"].items()) ctx.out << ", " << l << " " << n;
                ctx.out << "\n";
            }
        }
        return 0;
    }
    void print_tile(context& ctx, const std::string& data) const {
        tiles::decoded_tile t;
        try {
            t = tiles::decode_tile(data);
        } catch (const std::runtime_error& e) {
            throw processing_error(m_file + (m_tile.empty() ? "" : " tile " + m_tile) + ": " + e.what());
        }
        ctx.out << (m_json ? tiles::to_canonical_json(t) : tiles::to_text(t));
    }
    std::string m_file, m_tile;
    bool m_json = false, m_stats = false;
};

} // namespace
} // namespace harbormap::cli

#include "engine/core/atomic_file.hpp"
#include "tiles/compress.hpp"

namespace harbormap::cli {
namespace {
std::string tiles_show::read_tile_file(const fs::path& p) {
    std::string d = read_file(p);
    return tiles::is_gzip(d) ? tiles::gzip_decompress(d) : d;
}
} // namespace

std::unique_ptr<command> make_tiles_build_command() { return std::make_unique<tiles_build>(); }
std::unique_ptr<command> make_tiles_show_command() { return std::make_unique<tiles_show>(); }

} // namespace harbormap::cli
