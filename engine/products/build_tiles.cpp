// The tiles step: inputs -> harbormap::tiles layer specs -> MBTiles + PMTiles + XYZ, then styles.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/progress.hpp"
#include "engine/core/text.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/products/manifest.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/products/tiles_build.hpp"
#include "layers/reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fs = std::filesystem;

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;
namespace {



feature_layer take_layer(std::vector<feature_layer>& all, const std::string& name, const fs::path& file) {
    for (auto& l : all)
        if (l.name == name) return std::move(l);
    throw input_error(file.string(), 0, "", "layer '" + name + "' not found (run `harbormap build` first)");
}

// lanes: the Benden major/middle/minor lanes (display) and the MARNET searoute network.
feature_layer make_lanes(const fs::path& data_dir, std::vector<std::string>& notes) {
    feature_layer out;
    out.name = "lanes";
    out.geom_type = geometry_type::line;
    out.fields = {{"source", field_type::text}, {"class", field_type::text}, {"passage", field_type::text}};
    std::int64_t id = 1;
    const fs::path benden = data_dir / "sealanes" / "shipping_lanes_benden.geojson";
    const fs::path marnet = data_dir / "sealanes" / "marnet_searoute.geojson";
    for (const auto& [file, source] : {std::pair{benden, std::string("benden")}, std::pair{marnet, std::string("marnet")}}) {
        if (!fs::exists(file)) {
            notes.push_back("lanes: " + file.string() + " not found, skipped");
            continue;
        }
        for (auto& l : layers::read_vector_file(file)) {
            for (auto& f : l.features) {
                if (f.geom.type != geometry_type::line || f.geom.lines.empty()) continue;
                feature g;
                g.id = id++;
                g.row = f.row;
                g.geom = std::move(f.geom);
                const std::string cls = source == "benden" ? f.text("Type") : "network";
                g.properties = {{"source", source}, {"class", cls}, {"passage", f.text("passage")}};
                if (f.text("passage").empty()) g.properties.back().second = std::monostate{};
                out.features.push_back(std::move(g));
            }
        }
    }
    return out;
}

int port_min_zoom(const feature& f) {
    switch (f.integer("harbor_rank")) {
    case 4: return 0; // Large
    case 3: return 2; // Medium
    case 2: return 4; // Small
    case 1: return 5; // Very small
    default: return 6;
    }
}

} // namespace

const std::vector<std::pair<std::string, std::string>>& equipment_tile_layers() {
    static const std::vector<std::pair<std::string, std::string>> l = {
        {"cranes", "Cranes by maker (ZPMC abroad and at US ports, other makers at US ports; curated, lower bounds)"},
        {"crane_orders", "US crane orders and deliveries since 2023 by maker (prc_maker)"},
        {"prc_equipment", "Other Chinese equipment in seaports (scanners, port machinery, autonomous trucks)"}};
    return l;
}

bool port_is_key(const feature& f) {
    for (const char* k : {"strategic", "prc_operated", "hk_operated", "bri", "logink", "zpmc", "zpmc_abroad", "prc_equipment"})
        if (f.flag(k)) return true;
    return false;
}

tile_layers load_tile_layers(const fs::path& gpkg, const fs::path& data_dir) {
    tile_layers t;
    if (!fs::exists(gpkg)) throw input_error(gpkg.string(), 0, "", "no such file (run `harbormap build` first, or pass --gpkg)");
    auto fused = layers::read_vector_file(gpkg, {"ports", "terminals", "strategic_seaports", "cranes", "crane_orders", "prc_equipment"});
    t.layers.push_back(take_layer(fused, "ports", gpkg));
    // the fact layers are optional (e.g. a synthetic benchmark GeoPackage)
    for (const char* optional : {"terminals", "strategic_seaports", "cranes", "crane_orders", "prc_equipment"}) {
        auto it = std::find_if(fused.begin(), fused.end(), [&](const feature_layer& l) { return l.name == optional; });
        if (it != fused.end()) t.layers.push_back(std::move(*it));
        else t.notes.push_back(std::string(optional) + ": not in " + gpkg.string() + ", layer skipped");
    }
    t.layers.push_back(make_lanes(data_dir, t.notes));
    const fs::path gates = data_dir / "chokepoints" / "gates.geojson";
    bool have_gates = false;
    if (fs::exists(gates)) {
        auto gl = layers::read_vector_file(gates);
        if (!gl.empty()) {
            feature_layer c = std::move(gl.front());
            c.name = "chokepoints";
            // the layer type follows its first feature (polygons or lines)
            if (!c.features.empty()) c.geom_type = c.features.front().geom.type;
            t.layers.push_back(std::move(c));
            have_gates = true;
        }
    } else {
        t.notes.push_back("chokepoints: " + gates.string() + " not found, layer skipped");
    }
    // the layers vector is final now: specs may point into it
    auto find = [&](const std::string& name) -> feature_layer* {
        for (auto& l : t.layers)
            if (l.name == name) return &l;
        return nullptr;
    };
    auto spec = [&](const std::string& name, const std::string& desc) {
        tiles::layer_spec s;
        s.source = find(name);
        s.name = name;
        s.description = desc;
        return s;
    };
    {
        auto s = spec("ports", "Ports of the fused footprint (WPI + curated); key ports (strategic, PRC/HK-operated, BRI, "
                      "LOGINK, ZPMC) at every zoom, the rest by harbour size");
        s.keep = port_is_key;
        s.importance = [](const feature& f) {
            return static_cast<double>(f.find("importance") ? f.integer("importance") : f.integer("harbor_rank"));
        };
        s.feature_min_zoom = port_min_zoom;
        s.point_grid = 32;
        s.exclude_fields = {"provenance"};
        t.specs.push_back(std::move(s));
    }
    if (find("terminals")) {
        auto s = spec("terminals", "PRC and Hong Kong terminal stakes, builders and leases (curated), matched to ports");
        s.keep = [](const feature&) { return true; };
        t.specs.push_back(std::move(s));
    }
    if (find("strategic_seaports")) {
        auto s = spec("strategic_seaports", "US strategic seaports (MARAD/DoD) with ZPMC cranes and the nearest PRC-operated port");
        s.keep = [](const feature&) { return true; };
        t.specs.push_back(std::move(s));
    }
    // equipment facts (rows without a position, e.g. aggregates, have no geometry and are not tiled)
    for (const auto& [name, desc] : equipment_tile_layers())
        if (find(name)) {
            auto s = spec(name, desc);
            s.keep = [](const feature&) { return true; };
            t.specs.push_back(std::move(s));
        }
    if (!find("lanes")->features.empty()) {
        auto s = spec("lanes", "Shipping lanes: Benden major/middle/minor lanes (display) and the MARNET searoute network");
        s.feature_min_zoom = [](const feature& f) {
            const std::string c = f.text("class");
            return c == "Major" ? 0 : c == "Middle" ? 1 : c == "Minor" ? 2 : 3;
        };
        s.importance = [](const feature& f) {
            const std::string c = f.text("class");
            return c == "Major" ? 3.0 : c == "Middle" ? 2.0 : c == "Minor" ? 1.0 : 0.0;
        };
        s.simplify = 1.0;
        t.specs.push_back(std::move(s));
    }
    if (have_gates) {
        auto s = spec("chokepoints", "Chokepoint gate areas");
        s.keep = [](const feature&) { return true; };
        t.specs.push_back(std::move(s));
    }
    return t;
}

tiles_result build_tiles(const tiles_params& p, std::ostream& err) { return build_tiles(p, load_tile_layers(p.gpkg, p.data_dir), err); }

tiles_result build_tiles(const tiles_params& p, const tile_layers& tl, std::ostream& err) {
    std::vector<std::unique_ptr<tiles::tile_sink>> sinks;
    std::vector<tiles::tile_sink*> raw;
    for (const auto& o : p.outputs) {
        sinks.push_back(tiles::make_sink(o.format, o.path, p.overwrite));
        raw.push_back(sinks.back().get());
    }
    progress prog(err, p.progress);
    tiles::generate_options opt;
    opt.min_zoom = p.min_zoom;
    opt.max_zoom = p.max_zoom;
    opt.prog = &prog;
    tiles::tileset_metadata meta;
    meta.name = "harbormap";
    meta.description = "Chinese ownership and technology in seaports: ports, terminals, strategic seaports, lanes";
    meta.attribution = "World Port Index (NGA); UNECE UN/LOCODE; curated terminal/BRI/LOGINK/ZPMC tables; "
                       "searoute MARNET (EUPL-1.2); Benden shipping lanes";
    tiles_result r;
    try {
        r.result = tiles::generate(tl.specs, opt, raw, meta);
    } catch (const std::invalid_argument& e) {
        throw usage_error(e.what());
    }
    r.notes = tl.notes;
    return r;
}

namespace {

// The year of the GeoPackage's build date (its manifest), 0 when it has none.
int build_year(const fs::path& gpkg) {
    const auto l = layers::read_vector_file(gpkg, {manifest_layer_name});
    if (l.empty()) return 0;
    const std::string date = manifest::from_layer(l.front()).build_date();
    return static_cast<int>(parse_int(date.substr(0, std::min<std::size_t>(4, date.size()))).value_or(0));
}

} // namespace

void build_tiles_step(const build_paths& p) {
    constexpr std::uint32_t build_max_zoom = 8; // keeps `harbormap build` fast; `tiles build` defaults to 12
    tiles_params tp;
    tp.gpkg = p.gpkg();
    tp.data_dir = p.data_dir;
    tp.outputs = {{tiles::tile_format::mbtiles, p.stage_dir / "harbormap.mbtiles"},
                  {tiles::tile_format::pmtiles, p.stage_dir / "harbormap.pmtiles"}};
    if (p.xyz) tp.outputs.push_back({tiles::tile_format::xyz, p.stage_dir / "tiles"});
    tp.min_zoom = 0;
    tp.max_zoom = build_max_zoom;
    tp.progress = p.progress;
    const qgis_styling styling = load_qgis_styling(p.data_dir); // symbols.json first: a bad file fails before the tiling
    const tile_layers tl = load_tile_layers(tp.gpkg, tp.data_dir);
    const tiles_result r = build_tiles(tp, tl, p.progress_stream()); // its stream carries progress only

    // styles (build_tiles_finish copies the layers' .qml into the GeoPackage)
    const fs::path styles = p.stage_dir / "styles";
    write_file_atomic(styles / "harbormap.style.json", maplibre_style(styling.symbols, "pmtiles://harbormap.pmtiles"));
    write_label_glyphs(p.stage_dir, tl, p.gpkg()); // the style's glyphs/ (its labels work offline)
    write_file_atomic(styles / "harbormap_tiles.qml", qgis_vector_tile_qml(styling.symbols));
    const std::vector<std::string>& point_layers = styled_point_layers();
    for (const auto& l : point_layers) write_file_atomic(styles / (l + ".qml"), qgis_layer_qml(l, styling));
    // the project's basemap travels with it: the Natural Earth countries (world-atlas) and their licence, as
    // GeoJSON cut at the antimeridian as the static maps cut them (QGIS drew the TopoJSON's Chukotka and Fiji,
    // whose rings jump from 180 to -180, as strips of land across the whole world)
    write_file_atomic(p.stage_dir / "basemap" / "countries-50m.geojson", basemap_geojson(p.data_dir));
    write_file_atomic(p.stage_dir / "basemap" / "LICENSE-world-atlas-ISC.txt", read_file(p.data_dir / "basemap" / "LICENSE-world-atlas-ISC.txt"));
    // the temporal controller runs to the build date's year (the manifest's: never the wall clock)
    const int last_year = build_year(p.gpkg());
    write_file_atomic(p.stage_dir / "harbormap.qgs",
                      qgis_project("./harbormap.mbtiles", "./harbormap.gpkg", point_layers, r.result.metadata.bounds, styling,
                                   "./basemap/countries-50m.geojson", last_year));

    if (!p.quiet) {
        p.err << "tiles: z" << tp.min_zoom << "-" << tp.max_zoom
              << " -> harbormap.mbtiles, harbormap.pmtiles" << (p.xyz ? ", tiles/ (XYZ)" : "") << ", styles/, harbormap.qgs (+ basemap/)\n";
        p.err << tiles::format_stats(r.result);
        for (const auto& n : r.notes) p.err << "note: " << n << "\n";
    }
}

// The layer styles inside harbormap.gpkg, written once no other step reads the GeoPackage (the report
// reads it beside the tiles step; a write there could meet SQLite's lock): the styles/<layer>.qml the
// tiles step wrote, so symbols.json is read once and the GeoPackage's styles are the .qml files' bytes.
void build_tiles_finish(const build_paths& p) {
    std::vector<std::pair<std::string, std::string>> qml;
    for (const auto& l : styled_point_layers()) qml.emplace_back(l, read_file(p.stage_dir / "styles" / (l + ".qml")));
    write_gpkg_layer_styles(p.gpkg(), qml);
}

} // namespace harbormap::products
