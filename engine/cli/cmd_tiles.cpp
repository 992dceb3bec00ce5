// harbormap tiles build | tiles show
#include "engine/cli/command.hpp"
#include "engine/core/error.hpp"
#include "engine/core/progress.hpp"
#include "engine/products/tiles_build.hpp"
#include "engine/cli/tiles_read.hpp"
#include "layers/reader.hpp"
#include "tiles/generator.hpp"
#include "tiles/mvt.hpp"
#include "tiles/tileset.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace harbormap::cli {
namespace {

// "64M", "512MiB", "1G", "1000000" -> bytes
std::size_t parse_size(const std::string& text) {
    std::size_t pos = 0;
    double v = 0;
    try {
        v = std::stod(text, &pos);
    } catch (const std::exception&) {
        pos = 0;
    }
    std::string unit = text.substr(pos);
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const double mult = unit.empty() || unit == "B" ? 1.0
                        : unit == "K" || unit == "KB" || unit == "KIB" ? 1024.0
                        : unit == "M" || unit == "MB" || unit == "MIB" ? 1024.0 * 1024
                        : unit == "G" || unit == "GB" || unit == "GIB" ? 1024.0 * 1024 * 1024
                                                                       : -1;
    if (pos == 0 || mult < 0 || !(v > 0))
        throw usage_error("--max-memory '" + text + "' is not a size (e.g. 64M, 1G or a number of bytes)");
    return static_cast<std::size_t>(v * mult);
}

// "NAME=VALUE" of a per-layer option
std::pair<std::string, std::string> split_assignment(const std::string& opt, const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw usage_error(opt + " '" + text + "' is not NAME=VALUE");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

// Until the tiles step's params carry the execution options (threads, max_memory), the harbormap
// layers are tiled with the defaults (every core, 32 MiB); once they do, the options pass through.
template <class Params>
void set_execution(Params& p, unsigned threads, std::size_t budget) {
    if constexpr (requires { p.threads; p.max_memory; }) {
        p.threads = threads;
        p.max_memory = budget;
    } else if (threads || budget) {
        throw usage_error("--threads and --max-memory apply to --layer inputs (the harbormap layers use every core)");
    }
}

class tiles_build final : public command {
public:
    std::vector<std::string> path() const override { return {"tiles", "build"}; }
    std::string summary() const override {
        return "Build vector tiles (MBTiles, PMTiles v3 or an XYZ folder) from the fused footprint, lanes and "
               "chokepoints, or from any layers (--layer)";
    }
    void setup(CLI::App& app) override {
        app.add_option("-o,--output", m_output, "Output: FILE.mbtiles (default out/harbormap.mbtiles), FILE.pmtiles or a folder");
        app.add_option("-f,--format", m_format, "mbtiles, pmtiles or xyz (default: from the output's extension)")
            ->check(CLI::IsMember({"mbtiles", "pmtiles", "xyz"}));
        app.add_option("--min-zoom", m_min_zoom, "Lowest zoom (default 0)")->check(CLI::Range(0, 24));
        app.add_option("--max-zoom", m_max_zoom, "Highest zoom (default 12)")->check(CLI::Range(0, 24));
        app.add_option("--gpkg", m_gpkg, "Fused GeoPackage (default: <out>/harbormap.gpkg)");
        app.add_option("--layer", m_layers,
                       "NAME=FILE: tile this layer instead of the harbormap layers (GeoJSON, GeoJSONSeq .geojsons, CSV with "
                       "lon/lat columns, GPKG: its layer NAME or its only layer); repeatable");
        app.add_option("--keep", m_keep, "NAME=ATTR: features of layer NAME whose ATTR is true/non-zero are never dropped");
        app.add_option("--priority", m_priority,
                       "NAME=ATTR: numeric ATTR ranks features of layer NAME (higher wins the grid cell and survives the size limit)");
        app.add_option("--min-zoom-attr", m_minzoom_attr, "NAME=ATTR: a feature of layer NAME appears from zoom ATTR on");
        app.add_option("--grid", m_grid,
                       "NAME=N: below the max zoom keep at most one point (the highest priority) per cell of an N x N grid "
                       "per tile (default 32 for point layers; 0 = keep every point)");
        app.add_option("--threads", m_threads, "Threads (default: every core): with 2 or more, reader threads parse the input (a CSV of 2 MiB or more "
                       "in two parts at once) while the others tile and encode; with 1, everything runs on one thread. "
                       "The output is the same for any count")
            ->check(CLI::Range(1, 256));
        app.add_option("--max-memory", m_max_memory,
                       "Working-memory budget, e.g. 64M or 1G (default 32M); input and records beyond it go to temporary files");
        app.add_flag("--overwrite", m_overwrite, "Replace an existing output");
        app.add_flag("--json", m_json, "Print the per-zoom statistics as JSON on stdout");
    }
    int run(context& ctx) override {
        if (m_min_zoom > m_max_zoom)
            throw usage_error(fmt::format("--min-zoom {} is above --max-zoom {}", m_min_zoom, m_max_zoom));
        const std::size_t budget = m_max_memory.empty() ? 0 : parse_size(m_max_memory);
        fs::path out = m_output.empty() ? ctx.out_dir / "harbormap.mbtiles" : fs::path(m_output);
        const auto fmt_ = tiles::format_for(out, m_format);
        tiles::generate_result result;
        std::vector<std::string> notes;
        if (!m_layers.empty()) {
            result = build_layers(ctx, fmt_, out, budget);
        } else {
            if (!m_keep.empty() || !m_priority.empty() || !m_minzoom_attr.empty() || !m_grid.empty())
                throw usage_error("--keep, --priority, --min-zoom-attr and --grid apply to --layer inputs");
            products::tiles_params p;
            p.gpkg = m_gpkg.empty() ? ctx.gpkg() : fs::path(m_gpkg);
            p.data_dir = ctx.data_dir;
            p.outputs = {{fmt_, out}};
            p.min_zoom = m_min_zoom;
            p.max_zoom = m_max_zoom;
            p.overwrite = m_overwrite;
            p.progress = ctx.progress;
            set_execution(p, m_threads, budget);
            auto r = products::build_tiles(p, ctx.err);
            result = std::move(r.result);
            notes = std::move(r.notes);
        }
        if (m_json) ctx.out << nlohmann::json{{"output", out.string()}, {"format", tiles::format_name(fmt_)},
                                              {"zooms", tiles::stats_json(result)}}.dump(2)
                            << "\n";
        if (!ctx.quiet) {
            ctx.err << tiles::format_stats(result);
            for (const auto& n : notes) ctx.err << "note: " << n << "\n";
            ctx.err << "wrote " << out.string() << " (" << tiles::format_name(fmt_) << ", z" << m_min_zoom << "-" << m_max_zoom
                    << ")\n";
        }
        return 0;
    }

private:
    // The rules of layer `name` from --keep/--priority/--min-zoom-attr/--grid.
    tiles::layer_spec spec_for(const std::string& name, geometry_type type) const {
        tiles::layer_spec s;
        s.name = name;
        s.point_grid = type == geometry_type::point ? 32 : 0;
        for (const auto& [opt, list] : {std::pair{"--keep", &m_keep}, std::pair{"--priority", &m_priority},
                                        std::pair{"--min-zoom-attr", &m_minzoom_attr}, std::pair{"--grid", &m_grid}}) {
            for (const auto& text : *list) {
                // plain names, not structured bindings: the lambda below captures them (clang 14)
                const auto assignment = split_assignment(opt, text);
                const std::string& layer = assignment.first;
                const std::string& v = assignment.second;
                if (std::none_of(m_layers.begin(), m_layers.end(), [&](const std::string& l) { return l.rfind(layer + "=", 0) == 0; }))
                    throw usage_error(std::string(opt) + " '" + text + "': no --layer " + layer);
                if (layer != name) continue;
                if (opt == std::string("--keep")) s.keep = [a = v](const feature& f) { return f.flag(a); };
                else if (opt == std::string("--priority")) s.importance_attribute = v;
                else if (opt == std::string("--min-zoom-attr"))
                    s.feature_min_zoom = [a = v](const feature& f) { return static_cast<int>(std::clamp<std::int64_t>(f.integer(a), 0, 30)); };
                else {
                    char* end = nullptr;
                    const long n = std::strtol(v.c_str(), &end, 10);
                    if (*end || n < 0 || n > 4096) throw usage_error("--grid '" + text + "': N must be 0..4096");
                    s.point_grid = static_cast<std::uint32_t>(n);
                }
            }
        }
        return s;
    }

    // --layer NAME=FILE...: each file streamed through the layers module into a tiles::tile_input.
    tiles::generate_result build_layers(context& ctx, tiles::tile_format f, const fs::path& out, std::size_t budget) {
        tiles::tile_input input(budget ? budget : tiles::tile_input::default_max_memory);
        std::set<std::string> names;
        std::string description;
        for (const auto& text : m_layers) {
            const auto assignment = split_assignment("--layer", text);
            const std::string& name = assignment.first; // plain names: captured by on_layer below (clang 14)
            const std::string& file = assignment.second;
            if (!names.insert(name).second) throw usage_error("--layer " + name + " given twice");
            std::size_t li = 0, seen = 0;
            std::string first;
            auto on_layer = [&](const feature_layer& schema) {
                if (++seen > 1)
                    throw usage_error("--layer " + text + ": " + file + " has several layers (" + first + ", " + schema.name +
                                      ", ...); name the tile layer after one of them");
                first = schema.name;
                li = input.add_layer(spec_for(name, schema.geom_type), schema.fields, schema.geom_type);
            };
            std::size_t rows = 0, no_geometry = 0;
            std::int64_t last_row = -1; // the parts of a mixed GeometryCollection come as features of one row
            auto on_feature = [&](feature&& ft) {
                rows += ft.row != last_row;
                last_row = ft.row;
                no_geometry += ft.geom.empty();
                input.add(li, ft);
            };
            // one thread (--threads 1, or a one-core machine): GDAL's parsing on the calling thread too
            const auto stream = tiles::effective_threads(m_threads) == 1 ? stream_inline : stream_overlapped;
            // the file's layer NAME, or every layer when it has none of that name (a CSV's is its file name)
            stream(file, {name}, on_layer, on_feature);
            if (seen == 0) throw input_error(file, 0, "", "no layer in file");
            if (rows == 0) throw input_error(file, 0, "", "no features (nothing to tile)");
            if (rows > 0 && no_geometry == rows)
                throw input_error(file, 0, "geometry",
                                  "no feature has a geometry (a CSV needs lon/lat columns: lon, longitude, lng or x and lat, latitude or y)");
            if (no_geometry > 0 && !ctx.quiet)
                ctx.err << "harbormap: warning: " << file << ": " << no_geometry << " of " << rows
                        << " features have no geometry and are not tiled\n";
            description += (description.empty() ? "" : ", ") + name;
        }
        auto sink = tiles::make_sink(f, out, m_overwrite);
        progress prog(ctx.err, ctx.progress);
        tiles::generate_options opt;
        opt.min_zoom = m_min_zoom;
        opt.max_zoom = m_max_zoom;
        opt.threads = m_threads;
        opt.max_memory = budget;
        opt.prog = &prog;
        tiles::tileset_metadata meta;
        meta.name = out.stem().string();
        meta.description = "Layers: " + description;
        return tiles::generate(input, opt, {sink.get()}, meta);
    }

    std::string m_output, m_format, m_gpkg, m_max_memory;
    std::vector<std::string> m_layers, m_keep, m_priority, m_minzoom_attr, m_grid;
    std::uint32_t m_min_zoom = 0, m_max_zoom = 12;
    unsigned m_threads = 0;
    bool m_overwrite = false, m_json = false;
};

class tiles_show final : public command {
public:
    std::vector<std::string> path() const override { return {"tiles", "show"}; }
    std::string summary() const override { return "Show a tileset's metadata and tile counts, or decode one tile"; }
    void setup(CLI::App& app) override {
        app.add_option("file", m_file, "MBTiles, PMTiles, XYZ folder or a single .pbf/.mvt tile")->required();
        app.add_option("--tile", m_tiles,
                       "Decode this tile (z/x/y, XYZ scheme); repeatable: with --json one object keyed by tile id");
        app.add_option("--layer", m_only, "With --tile or a tile file: print only this layer (repeatable)");
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
        if (!m_tiles.empty()) return print_tiles(ctx, *src);
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
            for (const auto& w : d.warnings) ctx.err << "harbormap: warning: " << m_file << " tile " << t.str() << ": " << w << "\n";
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
    // --tile z/x/y [--tile ...]: one tile as before; several: {"z/x/y": tile, ...} with --json, or
    // each tile's text after a "z/x/y:" line.
    // The tiles' text is made whole before it is printed: a tile that is not there (exit 1) or does not decode
    // leaves stdout empty, not a JSON object cut after the tiles before it.
    int print_tiles(context& ctx, tiles::tile_source& src) {
        std::ostringstream text;
        const int rc = print_tiles(ctx, src, text);
        if (rc == 0) ctx.out << text.str();
        return rc;
    }
    int print_tiles(context& ctx, tiles::tile_source& src, std::ostream& out) {
        const bool many = m_tiles.size() > 1;
        if (many && m_json) out << "{";
        for (std::size_t i = 0; i < m_tiles.size(); ++i) {
            m_tile = m_tiles[i];
            const auto t = tiles::parse_tile_id(m_tile);
            if (!t) throw usage_error("--tile '" + m_tile + "' is not z/x/y inside the tile grid");
            const auto data = src.get(*t);
            if (!data) {
                ctx.err << "harbormap: tile " << t->str() << " is not in " << m_file << "\n";
                return 1;
            }
            if (many) out << (m_json ? (i ? ",\n" : "\n") + nlohmann::json(t->str()).dump() + ":" : t->str() + ":\n");
            print_tile(ctx, *data, out);
        }
        if (many && m_json) out << "}\n";
        return 0;
    }
    void print_tile(context& ctx, const std::string& data) const { print_tile(ctx, data, ctx.out); }
    void print_tile(context& ctx, const std::string& data, std::ostream& out) const {
        tiles::decoded_tile t;
        try {
            t = tiles::decode_tile(data);
        } catch (const std::runtime_error& e) {
            throw processing_error(m_file + (m_tile.empty() ? "" : " tile " + m_tile) + ": " + e.what());
        }
        for (const auto& w : t.warnings) ctx.err << "harbormap: warning: " << m_file << (m_tile.empty() ? "" : " tile " + m_tile) << ": " << w << "\n";
        if (!m_only.empty())
            std::erase_if(t.layers, [&](const tiles::decoded_layer& l) { return std::find(m_only.begin(), m_only.end(), l.name) == m_only.end(); });
        out << (m_json ? tiles::to_canonical_json(t) : tiles::to_text(t));
    }
    std::string m_file, m_tile;
    std::vector<std::string> m_tiles, m_only;
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
