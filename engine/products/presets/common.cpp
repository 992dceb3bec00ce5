#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geos.hpp"
#include "engine/core/text.hpp"
#include "engine/products/manifest.hpp"
#include "layers/reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::products::preset_parts {

std::optional<lon_lat> point_of(const feature& f) {
    if (f.geom.points.empty()) return std::nullopt;
    return f.geom.points.front();
}

const feature_layer* find_layer(const std::vector<feature_layer>& ls, const std::string& name) {
    for (const auto& l : ls)
        if (l.name == name) return &l;
    return nullptr;
}

page_spec page_of(const render_params& p) {
    page_spec pg;
    if (!p.paper.empty()) {
        auto sz = paper_size_pt(p.paper);
        if (!sz) throw usage_error("--paper '" + p.paper + "': unknown paper (a3, a4, a5, letter, tabloid)");
        pg.width_pt = p.portrait ? sz->first : sz->second;
        pg.height_pt = p.portrait ? sz->second : sz->first;
    } else if (p.width_pt > 0 && p.height_pt > 0) {
        pg.width_pt = p.width_pt;
        pg.height_pt = p.height_pt;
    }
    pg.dpi = p.dpi;
    return pg;
}

rgba colour_of(const symbol_set& symbols, const std::string& id) { return rgba::hex(symbols.at(id).colour); }

point_style pt(const symbol_set& symbols, const std::string& id) {
    const symbol_def& c = symbols.at(id);
    static const std::map<std::string, marker> markers = {{"circle", marker::circle}, {"square", marker::square},
                                                          {"triangle", marker::triangle}, {"diamond", marker::diamond},
                                                          {"star", marker::star}, {"ring", marker::ring}};
    const auto m = markers.find(c.print.marker);
    if (m == markers.end()) throw input_error(symbols.file.string(), 0, "classes", "class '" + id + "' needs a point \"print\" (the static maps draw it)");
    return point_style{m->second, c.print.size_pt, rgba::hex(c.colour).with_alpha(c.print.opacity), rgba::hex(c.outline), c.print.outline_pt};
}

line_style ln(const symbol_set& symbols, const std::string& id) {
    const symbol_def& c = symbols.at(id);
    if (c.print.marker != "line") throw input_error(symbols.file.string(), 0, "classes", "class '" + id + "' needs a line \"print\" (the static maps draw it)");
    return line_style{rgba::hex(c.colour).with_alpha(c.print.opacity), c.print.width_pt, c.print.dash};
}

symbol_class point_class(const std::string& legend, point_style s) {
    symbol_class c;
    c.legend = legend;
    c.point = s;
    return c;
}

font_spec label_font(const symbol_set& symbols, double size, bool bold) {
    font_spec f;
    f.size = size;
    f.bold = bold;
    f.colour = rgba::hex(symbols.theme_colour("label"));
    f.halo = rgba{1, 1, 1, 0.9};
    f.halo_width = 1.1;
    return f;
}

map_document new_document(const render_params& p, const std::vector<polygon>& basemap, const symbol_set& symbols, const std::string& title) {
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    doc.title = p.title.empty() ? title : p.title;
    theme& t = doc.colours;
    const std::pair<const char*, rgba*> slots[] = {{"page", &t.page},   {"ocean", &t.ocean},         {"land", &t.land},
                                                    {"border", &t.border}, {"coast", &t.coast},     {"graticule", &t.graticule},
                                                    {"frame", &t.frame}, {"text", &t.text},       {"muted", &t.muted}};
    for (const auto& [slot, colour] : slots) *colour = rgba::hex(symbols.theme_colour(slot));
    return doc;
}

std::string credit_line(const std::string& projection_name, bool lanes) {
    std::string s = "Sources: harbormap footprint (curated from cited public sources; see report for each figure's links); "
                    "ports: NGA World Port Index (Pub. 150)";
    if (lanes) s += "; sea lanes: Benden (2022), doi:10.5281/zenodo.6361763; chokepoints: Eurostat SeaRoute (EUPL-1.2)";
    s += "; basemap: Natural Earth via world-atlas. Projection: " + projection_name + ".";
    return s;
}

std::vector<chokepoint> load_chokepoints(const fs::path& data_dir) {
    fs::path file = data_dir / "chokepoints" / "gates.geojson";
    if (!fs::exists(file)) file = data_dir / "sealanes" / "eurostat_pass.geojson";
    std::vector<chokepoint> out;
    if (!fs::exists(file)) return out;
    for (const auto& layer : layers::read_vector_file(file)) {
        for (const auto& f : layer.features) {
            const bbox b = f.geom.bounds();
            if (b.empty()) continue;
            std::string name = f.text("name");
            if (name.empty()) name = f.text("id");
            if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
            // skip the polar passages: not chokepoints of today's trade
            const std::string key = to_lower(name);
            if (key == "northwest" || key == "northeast" || key == "kiel" || key == "corinth") continue;
            out.push_back({name, {(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2}});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

map_layer chokepoint_layer(const fs::path& data_dir, const symbol_set& symbols) {
    map_layer l;
    l.id = "chokepoints";
    l.title = "Maritime chokepoints";
    l.kind = geometry_type::point;
    l.classes.push_back(point_class("Chokepoint", pt(symbols, "chokepoint")));
    l.label_font = label_font(symbols, 5.6);
    l.label_font.italic = true;
    l.label_font.colour = colour_of(symbols, "chokepoint");
    l.show_counts = false;
    for (const auto& c : load_chokepoints(data_dir)) l.items.push_back({geometry::make_point(c.at), 0, c.name, 1, "gate:" + to_lower(c.name)});
    return l;
}

map_layer sealane_layer(const fs::path& data_dir, const symbol_set& symbols) {
    map_layer l;
    l.id = "sea-lanes";
    l.title = "Main shipping lanes";
    l.kind = geometry_type::line;
    l.obstacle = false;
    symbol_class major;
    major.legend = "Major lane";
    major.line = ln(symbols, "lane_major");
    symbol_class middle;
    middle.legend = "Middle lane";
    middle.line = ln(symbols, "lane_middle");
    l.classes = {major, middle};
    const fs::path file = data_dir / "sealanes" / "shipping_lanes_benden.geojson";
    if (!fs::exists(file)) return l;
    for (const auto& layer : layers::read_vector_file(file))
        for (const auto& f : layer.features) {
            const std::string t = f.text("Type");
            const int cls = t == "Major" ? 0 : t == "Middle" ? 1 : -1;
            if (cls < 0) continue;
            l.items.push_back({f.geom, cls, "", 0, "lane:" + t});
        }
    return l;
}

panel world_panel(map_document& doc, const render_params& p) {
    panel pn;
    pn.id = "main";
    pn.projection = p.projection.empty() ? "+proj=eqearth +lon_0=0" : p.projection;
    if (p.extent) {
        pn.extent = *p.extent;
        const bbox& e = *p.extent;
        const double span = lon_span(e), clon = center_lon(e), clat = (e.min_lat + e.max_lat) / 2;
        if (p.projection.empty())
            pn.projection = span > 140 ? "+proj=eqearth +lon_0=" + format_fixed(clon, 3)
                                       : "+proj=laea +lat_0=" + format_fixed(clat, 3) + " +lon_0=" + format_fixed(clon, 3);
        pn.graticule_step = span > 90 ? 30 : span > 30 ? 10 : 5;
        pn.scale_bar = span <= 90;
    } else {
        pn.extent = {-180, -90, 180, 90};
    }
    doc.legend.title = "Legend";
    return pn;
}

void lay_out_world(map_document& doc) {
    panel& pn = doc.panels.at(0);
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = page_margin(doc.page);
    const double top = m + 40, legend_h = std::max(70.0, H * 0.15);
    const auto place = [&](double foot_h, double map_h) {
        pn.area = {m, top, W - 2 * m, map_h};
        pn.area = fitted_area(pn);
        pn.area = {std::floor(pn.area.x), top, std::ceil(pn.area.w), std::ceil(pn.area.h)}; // map right under the title
        // between the page's margins (as the map that fills the width), also under a map narrower than the page
        doc.legend.area = {std::floor(m), pn.area.bottom() + 8, W - 2 * m, H - pn.area.bottom() - 8 - foot_h - m * 0.5};
    };
    // The legend's height under a map that leaves room for a one-line footer ...
    const double one_line = footer_line_height(doc.page) + 8;
    place(one_line, H - top - legend_h - one_line - m * 0.5);
    const double legend_need = legend_height(doc), legend_w = legend_width(doc);
    // ... it keeps above a longer footer: the map gives up height only where the strip under it would
    // otherwise hold the legend in more columns (A4 landscape; portrait has room to spare), and only as
    // much as the legend needs to keep its columns
    const double foot_h = footer_height(doc);
    place(foot_h, H - top - legend_h - foot_h - m * 0.5);
    const double have = doc.legend.area.h;
    if (have >= legend_need) return;
    double need = legend_need;
    for (double h = legend_need - 1; h >= have; h -= 1) {
        doc.legend.area.h = h;
        if (legend_width(doc) > legend_w + 0.5) break;
        need = h;
    }
    doc.legend.area.h = have;
    if (have < need) place(foot_h, pn.area.h - std::ceil(need - have) - 1); // the map's height is rounded up
}

panel inset_panel(const inset_def& d) {
    panel pn;
    pn.id = d.id;
    pn.caption = d.caption;
    pn.projection = d.projection;
    pn.extent = d.extent;
    pn.graticule_step = d.graticule_step;
    return pn;
}

double port_priority(const symbol_set& symbols, const feature& f) {
    return symbols.port_label_priority(f.integer("importance"), f.integer("prc_terminals"), f.flag("strategic"));
}

} // namespace harbormap::products::preset_parts

namespace harbormap::products {
using namespace preset_parts;

map_layers load_map_layers(const fs::path& gpkg) {
    if (!fs::exists(gpkg))
        throw input_error(gpkg.string(), 0, "", "the fused footprint does not exist: run 'harbormap build' first (or pass --out DIR)");
    auto ls = layers::read_vector_file(gpkg, {"ports", "terminals", "strategic_seaports", "cranes", "prc_equipment", manifest_layer_name});
    map_layers fp;
    fp.source = gpkg;
    const feature_layer* ports = find_layer(ls, "ports");
    if (!ports) throw input_error(gpkg.string(), 0, "", "layer 'ports' is missing (rebuild with 'harbormap build')");
    fp.ports = *ports;
    if (auto t = find_layer(ls, "terminals")) fp.terminals = *t;
    if (auto s = find_layer(ls, "strategic_seaports")) fp.strategic = *s;
    if (auto c = find_layer(ls, "cranes")) fp.cranes = *c;
    if (auto e = find_layer(ls, "prc_equipment")) fp.equipment = *e;
    if (auto m = find_layer(ls, manifest_layer_name)) {
        const auto entries = manifest::from_layer(*m).entries;
        if (auto y = entries.find("as_of"); y != entries.end())
            if (const auto year = parse_int(y->second)) fp.as_of = static_cast<int>(*year);
    }
    return fp;
}

void mark_as_of(render::map_document& doc, const map_layers& fp) {
    if (fp.as_of) doc.subtitle = "As of " + std::to_string(*fp.as_of) + ": " + doc.subtitle;
}

namespace {

// The basemap's countries as they are drawn: rings that cross the antimeridian as a jump (Chukotka, Fiji)
// are cut there -- on a map centred elsewhere, and in any planar GIS, the jump would draw a strip of land
// across the whole width -- and Natural Earth's few self-touching rings are repaired.
std::vector<polygon> drawable_parts(const geos::context& ctx, const polygon& whole) {
    std::vector<polygon> out;
    for (auto& p : geos::split_at_antimeridian(ctx, whole)) {
        if (geos::invalid_reason(ctx, p).empty()) out.push_back(std::move(p));
        else
            for (auto& piece : geos::make_valid(ctx, p)) out.push_back(std::move(piece));
    }
    return out;
}

fs::path basemap_file(const fs::path& data_dir) { return data_dir / "basemap" / "countries-50m.json"; }

} // namespace

std::vector<polygon> load_basemap(const fs::path& data_dir) {
    const fs::path file = basemap_file(data_dir);
    std::vector<polygon> out;
    // Once here, so the maps clip valid polygons that stay on their side of the antimeridian.
    const geos::context ctx;
    for (const auto& layer : layers::read_vector_file(file, {"countries"}))
        for (const auto& f : layer.features)
            for (const auto& whole : f.geom.polygons)
                for (auto& p : drawable_parts(ctx, whole)) out.push_back(std::move(p));
    if (out.empty()) throw input_error(file.string(), 0, "countries", "no country polygons");
    return out;
}

std::string basemap_geojson(const fs::path& data_dir) {
    const fs::path file = basemap_file(data_dir);
    const geos::context ctx;
    std::string o = "{\"type\":\"FeatureCollection\",\"name\":\"countries\",\"features\":[\n";
    std::size_t n = 0;
    for (const auto& layer : layers::read_vector_file(file, {"countries"}))
        for (const auto& f : layer.features) {
            std::vector<polygon> parts;
            for (const auto& whole : f.geom.polygons)
                for (auto& p : drawable_parts(ctx, whole)) parts.push_back(std::move(p));
            if (parts.empty()) continue;
            o += n++ ? ",\n" : "";
            o += fmt::format("{{\"type\":\"Feature\",\"properties\":{{\"id\":{},\"name\":{}}},\"geometry\":{{\"type\":\"MultiPolygon\","
                             "\"coordinates\":[",
                             nlohmann::json(f.text("id")).dump(), nlohmann::json(f.text("name")).dump());
            for (std::size_t i = 0; i < parts.size(); ++i) {
                o += i ? ",[" : "[";
                for (std::size_t r = 0; r < parts[i].rings.size(); ++r) {
                    o += r ? ",[" : "[";
                    for (std::size_t k = 0; k < parts[i].rings[r].size(); ++k)
                        o += fmt::format("{}[{:.6f},{:.6f}]", k ? "," : "", parts[i].rings[r][k].lon, parts[i].rings[r][k].lat);
                    o += "]";
                }
                o += "]";
            }
            o += "]}}";
        }
    if (n == 0) throw input_error(file.string(), 0, "countries", "no country polygons");
    return o + "\n]}\n";
}

} // namespace harbormap::products
