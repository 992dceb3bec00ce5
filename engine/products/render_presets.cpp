#include "engine/products/render_presets.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/render/draw.hpp"
#include "layers/reader.hpp"
#include "engine/query/route_query.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

namespace {



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

point_style pt(marker m, const char* fill, double size, const char* stroke = "#ffffff", double sw = 0.6) {
    return point_style{m, size, rgba::hex(fill), rgba::hex(stroke), sw};
}

symbol_class point_class(const std::string& legend, point_style s) {
    symbol_class c;
    c.legend = legend;
    c.point = s;
    return c;
}

font_spec label_font(double size, bool bold = false) {
    font_spec f;
    f.size = size;
    f.bold = bold;
    f.colour = rgba::hex("#1e2a33");
    f.halo = rgba{1, 1, 1, 0.9};
    f.halo_width = 1.1;
    return f;
}

std::string credit_line(const std::string& projection_name, bool lanes) {
    std::string s = "Sources: harbormap footprint (curated from cited public sources; see report for each figure's links); "
                    "ports: NGA World Port Index (Pub. 150)";
    if (lanes) s += "; sea lanes: Benden (2022), doi:10.5281/zenodo.6361763; chokepoints: Eurostat SeaRoute (EUPL-1.2)";
    s += "; basemap: Natural Earth via world-atlas. Projection: " + projection_name + ".";
    return s;
}

struct chokepoint {
    std::string name;
    lon_lat at;
};

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

map_layer chokepoint_layer(const fs::path& data_dir) {
    map_layer l;
    l.id = "chokepoints";
    l.title = "Maritime chokepoints";
    l.kind = geometry_type::point;
    l.classes.push_back(point_class("Chokepoint", pt(marker::diamond, "#26343d", 4.2, "#ffffff", 0.7)));
    l.label_font = label_font(5.6);
    l.label_font.italic = true;
    l.label_font.colour = rgba::hex("#26343d");
    l.show_counts = false;
    for (const auto& c : load_chokepoints(data_dir)) l.items.push_back({geometry::make_point(c.at), 0, c.name, 1, "gate:" + to_lower(c.name)});
    return l;
}

map_layer sealane_layer(const fs::path& data_dir) {
    map_layer l;
    l.id = "sea-lanes";
    l.title = "Main shipping lanes";
    l.kind = geometry_type::line;
    l.obstacle = false;
    symbol_class major;
    major.legend = "Major lane";
    major.line = {rgba::hex("#7fa3bd"), 1.0, {}};
    symbol_class middle;
    middle.legend = "Middle lane";
    middle.line = {rgba::hex("#9fbbcf"), 0.5, {}};
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

double port_priority(const feature& f) {
    return 100.0 + static_cast<double>(f.integer("importance")) + 10.0 * static_cast<double>(f.integer("prc_terminals")) +
           (f.flag("strategic") ? 100 : 0);
}

} // namespace

void render_params::validate() const {
    if (preset != "world" && preset != "us-strategic" && preset != "route") {
        auto s = suggest(preset, {"world", "us-strategic", "route"});
        throw usage_error("--preset '" + preset + "': unknown preset (world, us-strategic, route)" +
                          (s.empty() ? "" : "; did you mean " + s[0] + "?"));
    }
    if (output.empty()) throw usage_error("no output file given (OUT.png, OUT.svg or OUT.pdf)");
    (void)format_from_path(output);
    if (dpi < 36 || dpi > 1200) throw usage_error("--dpi " + format_general(dpi) + ": expected 36..1200");
    if ((width_pt > 0) != (height_pt > 0)) throw usage_error("--width and --height go together");
    if (width_pt < 0 || height_pt < 0) throw usage_error("--width/--height must be positive");
    if (width_pt > 0 && (width_pt / 72 * dpi > 20000 || height_pt / 72 * dpi > 20000))
        throw usage_error("page too large: at most 20000 px a side");
    if (preset == "route" && route_geojson.empty() && (trim(from).empty() || trim(to).empty()))
        throw usage_error("--preset route needs --from PORT --to PORT (computed with the sea graph) or --route-geojson FILE "
                          "(a line from 'harbormap route --geojson')");
    if (preset != "route" && (!avoid.empty() || avoid_prc))
        throw usage_error("--avoid/--avoid-prc apply to --preset route only");
    if (!route_geojson.empty() && (!avoid.empty() || avoid_prc))
        throw usage_error("--avoid/--avoid-prc close gates of a computed route: use --from/--to instead of --route-geojson");
    if (!(corridor_m >= 0) || corridor_m > 2000 * 1852.0) throw usage_error("--corridor must be between 0 and 2000nm");
}

std::string group_class(const std::string& prc_groups) {
    std::set<std::string> classes;
    for (const auto& g : split(prc_groups, ';')) {
        const std::string t = to_lower(trim(g));
        if (t.empty()) continue;
        if (t.find("cosco") != std::string::npos) classes.insert("COSCO");
        else if (t.find("cmport") != std::string::npos || t.find("china merchants") != std::string::npos) classes.insert("China Merchants");
        else if (t.find("cccc") != std::string::npos || t.find("china communications") != std::string::npos || t.find("china harbour") != std::string::npos)
            classes.insert("CCCC");
        else classes.insert("Other");
    }
    if (classes.empty()) return "Other";
    if (classes.size() > 1) return "Several";
    return *classes.begin();
}

footprint load_footprint(const fs::path& gpkg) {
    if (!fs::exists(gpkg))
        throw input_error(gpkg.string(), 0, "", "the fused footprint does not exist: run 'harbormap build' first (or pass --out DIR)");
    auto ls = layers::read_vector_file(gpkg, {"ports", "terminals", "strategic_seaports"});
    footprint fp;
    fp.source = gpkg;
    const feature_layer* ports = find_layer(ls, "ports");
    if (!ports) throw input_error(gpkg.string(), 0, "", "layer 'ports' is missing (rebuild with 'harbormap build')");
    fp.ports = *ports;
    if (auto t = find_layer(ls, "terminals")) fp.terminals = *t;
    if (auto s = find_layer(ls, "strategic_seaports")) fp.strategic = *s;
    return fp;
}

std::vector<polygon> load_basemap(const fs::path& data_dir) {
    const fs::path file = data_dir / "basemap" / "countries-50m.json";
    std::vector<polygon> out;
    for (const auto& layer : layers::read_vector_file(file, {"countries"}))
        for (const auto& f : layer.features)
            for (const auto& p : f.geom.polygons) out.push_back(p);
    if (out.empty()) throw input_error(file.string(), 0, "countries", "no country polygons");
    return out;
}

render::map_document world_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p) {
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    doc.title = p.title.empty() ? "PRC-operated port terminals worldwide" : p.title;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = std::max(14.0, std::min(W, H) * 0.035);

    panel pn;
    pn.id = "main";
    pn.projection = p.projection.empty() ? "+proj=eqearth +lon_0=0" : p.projection;
    if (p.extent) {
        pn.extent = *p.extent;
        const bbox& e = *p.extent;
        const double span = e.min_lon > e.max_lon ? e.max_lon + 360 - e.min_lon : e.max_lon - e.min_lon;
        const double clon = wrap_lon(e.min_lon + span / 2), clat = (e.min_lat + e.max_lat) / 2;
        if (p.projection.empty())
            pn.projection = span > 140 ? "+proj=eqearth +lon_0=" + format_fixed(clon, 3)
                                       : "+proj=laea +lat_0=" + format_fixed(clat, 3) + " +lon_0=" + format_fixed(clon, 3);
        pn.graticule_step = span > 90 ? 30 : span > 30 ? 10 : 5;
        pn.scale_bar = span <= 90;
    } else {
        pn.extent = {-180, -90, 180, 90};
    }
    const double top = m + 40, legend_h = std::max(70.0, H * 0.15), credit_h = 16;
    pn.area = {m, top, W - 2 * m, H - top - legend_h - credit_h - m * 0.5};
    pn.area = fitted_area(pn);
    pn.area = {std::floor(pn.area.x), top, std::ceil(pn.area.w), std::ceil(pn.area.h)}; // map right under the title

    pn.layers.push_back(sealane_layer(p.data_dir));

    // counts for the subtitle
    std::set<std::string> prc_ports, prc_countries;
    map_layer logink;
    logink.id = "logink";
    logink.title = "LOGINK (PRC logistics data platform)";
    logink.classes.push_back(point_class("LOGINK agreement (ring)", pt(marker::ring, "#c2185b", 8.5, "#ffffff", 0.4)));
    logink.label_font = label_font(5.5);
    map_layer bri;
    bri.id = "bri";
    bri.title = "Belt and Road port projects";
    bri.classes.push_back(point_class("BRI-linked port, no PRC-operated terminal", pt(marker::triangle, "#ffffff", 4.4, "#8a6d1d", 1.0)));
    bri.label_font = label_font(5.5);
    map_layer hk;
    hk.id = "hutchison";
    hk.title = "Hong Kong operator";
    hk.classes.push_back(point_class("CK Hutchison terminal (HK, shown separately)", pt(marker::square, "#7d8b94", 4.2, "#ffffff", 0.5)));
    hk.label_font = label_font(5.5);
    map_layer prc;
    prc.id = "prc-terminals";
    prc.title = "PRC-operated terminals, by group";
    const std::vector<std::pair<std::string, std::string>> groups = {
        {"COSCO", "#c62828"}, {"China Merchants", "#1565c0"}, {"CCCC", "#ef8f00"}, {"Other", "#6a3d9a"}, {"Several", "#3e2723"}};
    const std::map<std::string, std::string> group_legend = {{"COSCO", "COSCO Shipping Ports"},
                                                             {"China Merchants", "China Merchants Port (incl. Terminal Link)"},
                                                             {"CCCC", "CCCC / China Harbour"},
                                                             {"Other", "Other PRC firms"},
                                                             {"Several", "Several PRC groups"}};
    for (const auto& [g, colour] : groups) prc.classes.push_back(point_class(group_legend.at(g), pt(marker::circle, colour.c_str(), 5.2, "#ffffff", 0.7)));
    prc.label_font = label_font(5.6, true);
    for (const auto& f : fp.ports.features) {
        auto at = point_of(f);
        if (!at) continue;
        const std::string key = f.text("port_id");
        const bool is_prc = f.flag("prc_operated");
        const std::string name = f.text("name");
        if (f.flag("logink")) logink.items.push_back({f.geom, 0, "", 0, key});
        if (is_prc) {
            const std::string cls = group_class(f.text("prc_groups"));
            int idx = 0;
            for (std::size_t i = 0; i < groups.size(); ++i)
                if (groups[i].first == cls) idx = static_cast<int>(i);
            map_item it{f.geom, idx, name, port_priority(f), key};
            prc.items.push_back(std::move(it));
            prc_ports.insert(key);
            prc_countries.insert(f.text("country_iso2"));
        } else if (f.flag("hk_operated")) {
            hk.items.push_back({f.geom, 0, "", port_priority(f), key});
        } else if (f.flag("bri")) {
            bri.items.push_back({f.geom, 0, "", port_priority(f), key});
        }
    }
    // larger symbols for ports with several PRC terminals; biggest drawn first
    std::stable_sort(prc.items.begin(), prc.items.end(), [](const map_item& a, const map_item& b) { return a.priority > b.priority; });
    pn.layers.push_back(std::move(logink));
    pn.layers.push_back(std::move(hk));
    pn.layers.push_back(std::move(bri));
    pn.layers.push_back(chokepoint_layer(p.data_dir));
    pn.layers.push_back(std::move(prc));

    doc.subtitle = std::to_string(prc_ports.size()) + " ports in " + std::to_string(prc_countries.size()) +
                   " countries with a terminal operated or part-owned by a mainland-PRC firm (active), with Belt and Road and LOGINK ports";
    doc.credit = credit_line(projection(pn.projection).name(), true);
    doc.legend.area = {pn.area.x, pn.area.bottom() + 8, W - 2 * m, H - pn.area.bottom() - 8 - credit_h - m * 0.5};
    doc.legend.title = "Legend";
    doc.panels.push_back(std::move(pn));
    return doc;
}

render::map_document us_strategic_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p) {
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    doc.title = p.title.empty() ? "US Strategic Seaports: ZPMC cranes and the nearest PRC-operated ports" : p.title;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = std::max(14.0, std::min(W, H) * 0.035);
    const double top = m + 40, credit_h = 16, right_w = std::max(150.0, W * 0.22);

    // what is drawn
    std::map<std::string, const feature*> ports_by_id;
    for (const auto& f : fp.ports.features) ports_by_id[f.text("port_id")] = &f;
    map_layer links;
    links.id = "nearest-links";
    links.title = "Nearest PRC-operated port";
    links.kind = geometry_type::line;
    links.obstacle = false;
    symbol_class lk;
    lk.legend = "Strategic Seaport to its nearest PRC-operated port";
    lk.line = {rgba::hex("#c62828").with_alpha(0.55), 0.7, {2.5, 1.8}};
    links.classes.push_back(lk);
    map_layer seaports;
    seaports.id = "strategic-seaports";
    seaports.title = "DoD Strategic Seaports";
    seaports.classes.push_back(point_class("Strategic Seaport with ZPMC ship-to-shore cranes", pt(marker::star, "#c62828", 6.5, "#ffffff", 0.6)));
    seaports.classes.push_back(point_class("Strategic Seaport, no ZPMC cranes reported", pt(marker::circle, "#0d3b66", 5.0, "#ffffff", 0.7)));
    seaports.label_font = label_font(6.0, true);
    map_layer zpmc;
    zpmc.id = "zpmc-ports";
    zpmc.title = "Other US ports";
    zpmc.classes.push_back(point_class("Port with ZPMC cranes (not strategic)", pt(marker::square, "#e57373", 3.6, "#ffffff", 0.4)));
    zpmc.label_font = label_font(5.4);
    map_layer prc;
    prc.id = "prc-ports";
    prc.title = "PRC-operated ports";
    prc.classes.push_back(point_class("Nearest PRC-operated port of a Strategic Seaport", pt(marker::circle, "#c62828", 5.0, "#ffffff", 0.7)));
    prc.classes.push_back(point_class("Other PRC-operated port", pt(marker::circle, "#ef9a9a", 3.6, "#ffffff", 0.5)));
    prc.label_font = label_font(5.6);
    prc.label_font.colour = rgba::hex("#8e1b1b");

    std::set<std::string> nearest_ids;
    int with_zpmc = 0;
    for (const auto& s : fp.strategic.features) {
        auto at = point_of(s);
        if (!at) continue;
        const bool z = s.flag("zpmc");
        with_zpmc += z ? 1 : 0;
        std::string name = s.text("name");
        if (auto pos = name.find(" ("); pos != std::string::npos) name = name.substr(0, pos);
        const auto n = s.integer("zpmc_sts_count");
        const std::string label = z && n > 0 ? name + " (" + std::to_string(n) + ")" : name;
        seaports.items.push_back({s.geom, z ? 0 : 1, label, 100.0 + static_cast<double>(n), s.text("port_id")});
        const std::string near = s.text("nearest_prc_port_id");
        if (auto it = ports_by_id.find(near); !near.empty() && it != ports_by_id.end()) {
            nearest_ids.insert(near);
            if (auto q = point_of(*it->second)) {
                // great-circle line, densified geodesically
                geometry g;
                g.type = geometry_type::line;
                line_string l;
                const double d = geodesic_m(*at, *q), az = geodesic_azimuth(*at, *q);
                const int steps = std::max(2, static_cast<int>(d / 50000));
                for (int i = 0; i <= steps; ++i) l.push_back(i == steps ? *q : geodesic_direct(*at, az, d * i / steps));
                g.lines.push_back(std::move(l));
                links.items.push_back({std::move(g), 0, "", 0, s.text("port_id") + ">" + near});
            }
        }
    }
    std::set<std::string> strategic_ids;
    for (const auto& s : fp.strategic.features) strategic_ids.insert(s.text("port_id"));
    for (const auto& f : fp.ports.features) {
        const std::string key = f.text("port_id");
        if (f.flag("prc_operated")) {
            const bool near = nearest_ids.count(key) > 0;
            prc.items.push_back({f.geom, near ? 0 : 1, near ? f.text("name") : "", near ? 60.0 : 0.0, key});
        } else if (f.flag("zpmc") && !strategic_ids.count(key) && f.text("country_iso2") == "US") {
            zpmc.items.push_back({f.geom, 0, f.text("name"), 20.0 + static_cast<double>(f.integer("zpmc_sts_count")), key});
        }
    }

    panel main;
    main.id = "main";
    main.projection = p.projection.empty() ? "+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=37.5 +lon_0=-96 +datum=WGS84" : p.projection;
    main.extent = p.extent ? *p.extent : bbox{-125.5, 16.5, -65.5, 50.5};
    main.graticule_step = 10;
    main.scale_bar = true;
    const double avail_h = H - top - credit_h - m * 0.5;
    const bool insets = !p.extent;
    main.area = {m, top, W - 2 * m - right_w - 10, insets ? avail_h * 0.70 : avail_h};
    main.layers = {links, zpmc, prc, seaports};
    doc.panels.push_back(main);
    if (insets) {
        struct inset {
            const char* id;
            const char* caption;
            const char* proj;
            bbox extent;
            double step;
        };
        const inset ins[] = {
            {"alaska", "Alaska", "+proj=aea +lat_1=55 +lat_2=65 +lat_0=50 +lon_0=-154 +datum=WGS84", {-172, 51, -129, 71.5}, 10},
            {"hawaii", "Hawaii", "+proj=aea +lat_1=8 +lat_2=18 +lat_0=13 +lon_0=-157 +datum=WGS84", {-160.5, 18.7, -154.6, 22.4}, 2},
            {"guam", "Guam and the Western Pacific", "+proj=aeqd +lat_0=16 +lon_0=135 +datum=WGS84", {112, -2, 152, 38}, 10},
        };
        const double gap = 8, iy = main.area.bottom() + gap, ih = avail_h - main.area.h - gap;
        const double iw = (main.area.w - 2 * gap) / 3;
        for (int i = 0; i < 3; ++i) {
            panel pn;
            pn.id = ins[i].id;
            pn.caption = ins[i].caption;
            pn.projection = ins[i].proj;
            pn.extent = ins[i].extent;
            pn.graticule_step = ins[i].step;
            pn.area = {main.area.x + i * (iw + gap), iy, iw, ih};
            pn.layers = {links, zpmc, prc, seaports};
            for (auto& l : pn.layers) l.in_legend = false;
            doc.panels.push_back(std::move(pn));
        }
    }
    doc.subtitle = std::to_string(fp.strategic.features.size()) + " commercial and military Strategic Seaports; " +
                   std::to_string(with_zpmc) + " with ZPMC ship-to-shore cranes (count in brackets; lower bounds from delivery reports)";
    doc.legend.area = {W - m - right_w, top, right_w, avail_h};
    doc.credit = credit_line(projection(main.projection).name() + " (CONUS)", false);
    return doc;
}

namespace {

// Bounds of a set of lines, unwrapped across the antimeridian when that is shorter: (lo, hi, lat0, lat1).
struct route_bounds {
    double lo = 0, hi = 0, span = 0, lat0 = 90, lat1 = -90;
};
route_bounds bounds_of(const std::vector<line_string>& lines) {
    std::vector<double> lons;
    route_bounds b;
    for (const auto& l : lines)
        for (const auto& q : l) {
            lons.push_back(wrap_lon(q.lon));
            b.lat0 = std::min(b.lat0, q.lat);
            b.lat1 = std::max(b.lat1, q.lat);
        }
    std::sort(lons.begin(), lons.end());
    double best_gap = lons.front() + 360 - lons.back();
    b.lo = lons.front();
    b.hi = lons.back();
    for (std::size_t i = 1; i < lons.size(); ++i)
        if (lons[i] - lons[i - 1] > best_gap) {
            best_gap = lons[i] - lons[i - 1];
            b.lo = lons[i];
            b.hi = lons[i - 1];
        }
    b.span = b.lo <= b.hi ? b.hi - b.lo : b.hi + 360 - b.lo;
    return b;
}

// Points every ~20 km along the lines (for proximity tests without the routing module).
std::vector<lon_lat> densify(const std::vector<line_string>& lines) {
    std::vector<lon_lat> dense;
    for (const auto& l : lines)
        for (std::size_t i = 0; i + 1 < l.size(); ++i) {
            const double d = haversine_m(l[i], l[i + 1]);
            const int n = std::max(1, static_cast<int>(d / 20000));
            for (int k = 0; k < n; ++k) dense.push_back(geodesic_direct(l[i], geodesic_azimuth(l[i], l[i + 1]), d * k / n));
            dense.push_back(l[i + 1]);
        }
    return dense;
}

double nearest_m(const std::vector<lon_lat>& dense, const lon_lat& q) {
    double best = HUGE_VAL;
    for (const auto& r : dense)
        if (std::abs(r.lat - q.lat) < 5) best = std::min(best, haversine_m(r, q));
    return best;
}


} // namespace

route_overlay route_overlay_from_geojson(const footprint& fp, const render_params& p) {
    route_overlay o;
    o.corridor_m = p.corridor_m;
    o.source = p.route_geojson.filename().string();
    o.from = p.from;
    o.to = p.to;
    std::vector<std::string> gate_ids;
    for (const auto& layer : layers::read_vector_file(p.route_geojson))
        for (const auto& f : layer.features) {
            for (const auto& l : f.geom.lines) o.lines.push_back(l);
            if (!f.geom.lines.empty()) {
                for (const auto& g : split(f.text("gates"), ';'))
                    if (!trim(g).empty()) gate_ids.push_back(trim(g));
                if (const value* v = f.find("distance_nm")) {
                    if (auto d = std::get_if<double>(v)) o.distance_m = *d * metres_per_nm;
                    else if (auto i = std::get_if<std::int64_t>(v)) o.distance_m = static_cast<double>(*i) * metres_per_nm;
                }
            }
            const std::string role = f.text("role");
            if ((role == "from" || role == "to") && !f.geom.points.empty())
                o.endpoints.push_back({role, f.text("name"), f.geom.points.front(), 0});
        }
    if (o.lines.empty()) throw input_error(p.route_geojson.string(), 0, "geometry", "no LineString in the route file");
    const auto dense = densify(o.lines);
    for (const auto& c : load_chokepoints(p.data_dir)) {
        const std::string id = to_lower(c.name);
        const bool listed = std::find(gate_ids.begin(), gate_ids.end(), id) != gate_ids.end();
        if (gate_ids.empty() ? nearest_m(dense, c.at) <= 100 * metres_per_nm : listed) o.gates.push_back({id, c.name, c.at, 0});
    }
    for (const auto& f : fp.ports.features) {
        auto at = point_of(f);
        if (!at || !f.flag("prc_operated")) continue;
        bool endpoint = false;
        for (const auto& e : o.endpoints) endpoint = endpoint || haversine_m(e.pos, *at) < 1000;
        if (endpoint) continue;
        const double d = nearest_m(dense, *at);
        if (d <= p.corridor_m) o.prc_ports.push_back({f.text("port_id"), f.text("name"), *at, d});
    }
    return o;
}

route_overlay route_overlay_from_engine(const footprint& fp, const render_params& p) {
    std::ostringstream quiet;
    std::ostream& log = p.log ? *p.log : quiet;
    const fs::path mappings = p.mappings_dir.empty() ? p.data_dir.parent_path() / "layers" / "mappings" : p.mappings_dir;
    auto router = sea_router::open(p.graph, p.data_dir, mappings, log);
    const port_catalog catalog(fp.ports);
    return route_overlay_of(p, *router, catalog);
}

route_overlay route_overlay_of(const render_params& p, sea_router& router, const port_catalog& catalog) {
    route_params rp;
    rp.from = p.from;
    rp.to = p.to;
    rp.avoid = p.avoid;
    rp.avoid_prc = p.avoid_prc;
    rp.arctic = p.arctic;
    rp.corridor_m = p.corridor_m;
    const route_result r = run_route(rp, router, &catalog);
    if (r.status == route_status::port_not_found || r.status == route_status::ambiguous_port) {
        std::string msg = "--preset route: " + r.message;
        for (const auto& c : r.candidates) msg += "\n  " + c.port_id + "  " + c.unlocode + "  " + c.name + " " + c.country_iso2;
        throw usage_error(msg);
    }
    if (r.status != route_status::ok) throw processing_error("--preset route: " + r.message);
    route_overlay o;
    o.corridor_m = p.corridor_m;
    o.source = "harbormap sea graph";
    o.from = r.from.label();
    o.to = r.to.label();
    o.distance_m = r.total_m;
    o.lines = split_antimeridian(r.path);
    o.endpoints = {{"from", r.from.lookup.port ? r.from.lookup.port->name : r.from.label(), r.from.pos, 0},
                   {"to", r.to.lookup.port ? r.to.lookup.port->name : r.to.label(), r.to.pos, 0}};
    for (const auto& c : r.corridor)
        if (c.prc_operated) o.prc_ports.push_back({c.port.port_id, c.port.name, c.port.pos, c.distance_m});
    // where the path crosses each gate: the point of the gate's geometry nearest to the path
    std::map<std::string, routing::gate> gates;
    const fs::path gates_file = p.data_dir / "chokepoints" / "gates.geojson";
    if (fs::exists(gates_file))
        for (auto& g : load_gates(gates_file)) gates[g.id] = std::move(g);
    std::vector<std::string> names;
    for (const auto& id : r.gates) {
        const std::string name = router.graph().gates[static_cast<std::size_t>(std::max(0, router.graph().gate_index(id)))].name;
        names.push_back(name);
        auto it = gates.find(id);
        if (it == gates.end()) continue;
        std::vector<line_string> shape = it->second.lines;
        for (const auto& ring : it->second.areas) shape.push_back(ring);
        lon_lat best{};
        double best_d = HUGE_VAL;
        for (const auto& q : densify(shape)) {
            const double d = distance_to_path_m(q, r.path);
            if (d < best_d) best_d = d, best = q;
        }
        if (best_d < HUGE_VAL) o.gates.push_back({id, name, best, best_d});
    }
    std::vector<std::string> closed;
    for (const auto& id : p.avoid) {
        const int gi = router.graph().gate_index(to_lower(trim(id)));
        closed.push_back(gi >= 0 ? router.graph().gates[static_cast<std::size_t>(gi)].name : id);
    }
    if (!closed.empty()) o.closures = join(closed, " and ") + " closed";
    if (p.avoid_prc) o.closures += std::string(o.closures.empty() ? "" : "; ") + "avoiding PRC-operated ports";
    return o;
}

render::map_document route_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p, const route_overlay& route) {
    (void)fp;
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    if (route.lines.empty()) throw processing_error("route map: the route has no line");
    const route_bounds b = bounds_of(route.lines);
    const double pad_lon = std::max(3.0, b.span * 0.12), pad_lat = std::max(3.0, (b.lat1 - b.lat0) * 0.15);
    bbox ext = p.extent ? *p.extent
                        : bbox{wrap_lon(b.lo - pad_lon), std::max(-85.0, b.lat0 - pad_lat), wrap_lon(b.hi + pad_lon), std::min(85.0, b.lat1 + pad_lat)};
    if (!p.extent && b.span + 2 * pad_lon >= 360) ext = {-180, ext.min_lat, 180, ext.max_lat};
    const double clon = wrap_lon(b.lo + b.span / 2), clat = (b.lat0 + b.lat1) / 2;

    panel pn;
    pn.id = "main";
    pn.extent = ext;
    pn.projection = !p.projection.empty() ? p.projection
                    : b.span > 140 ? "+proj=eqearth +lon_0=" + format_fixed(clon, 3)
                                   : "+proj=laea +lat_0=" + format_fixed(clat, 3) + " +lon_0=" + format_fixed(clon, 3);
    pn.graticule_step = b.span > 90 ? 30 : b.span > 30 ? 10 : 5;
    pn.scale_bar = b.span <= 90;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = std::max(14.0, std::min(W, H) * 0.035);
    const double top = m + 40, credit_h = 16;
    pn.area = {m, top, W - 2 * m, H - top - credit_h - m * 0.5};

    map_layer rl;
    rl.id = "route";
    rl.title = "Route";
    rl.kind = geometry_type::line;
    rl.obstacle = false;
    symbol_class rc;
    rc.legend = route.distance_m > 0 ? "Sea route, " + format_thousands(nm_from_m(route.distance_m)) + " nm" : "Sea route";
    rc.line = {rgba::hex("#0d47a1"), 2.0, {}};
    rl.classes.push_back(rc);
    rl.show_counts = false;
    geometry rg;
    rg.type = geometry_type::line;
    rg.lines = route.lines;
    rl.items.push_back({rg, 0, "", 0, "route"});

    map_layer ends;
    ends.id = "endpoints";
    ends.title = "End points";
    ends.classes.push_back(point_class("Origin and destination", pt(marker::star, "#0d47a1", 7.0, "#ffffff", 0.7)));
    ends.label_font = label_font(6.6, true);
    ends.show_counts = false;
    for (const auto& e : route.endpoints) ends.items.push_back({geometry::make_point(e.pos), 0, e.name, 1000, "end:" + e.id});

    map_layer prc;
    prc.id = "prc-ports";
    prc.title = "PRC-operated ports along the route";
    prc.classes.push_back(point_class("PRC-operated port within " + format_fixed(nm_from_m(route.corridor_m), 0) + " nm of the route",
                                      pt(marker::circle, "#c62828", 5.2, "#ffffff", 0.7)));
    prc.label_font = label_font(5.8, true);
    std::map<std::string, const feature*> by_id;
    for (const auto& f : fp.ports.features) by_id[f.text("port_id")] = &f;
    for (const auto& q : route.prc_ports) {
        auto it = by_id.find(q.id);
        prc.items.push_back({geometry::make_point(q.pos), 0, q.name, it == by_id.end() ? 100.0 : port_priority(*it->second), q.id});
    }

    map_layer gates;
    gates.id = "gates";
    gates.title = "Chokepoints on the route";
    gates.kind = geometry_type::point;
    gates.classes.push_back(point_class("Chokepoint gate the route crosses", pt(marker::diamond, "#26343d", 5.0, "#ffffff", 0.7)));
    gates.label_font = label_font(6.0);
    gates.label_font.italic = true;
    gates.label_font.colour = rgba::hex("#26343d");
    gates.show_counts = true;
    for (const auto& g : route.gates) gates.items.push_back({geometry::make_point(g.pos), 0, g.name, 500, "gate:" + g.id});
    pn.layers = {rl, gates, prc, ends};

    const std::string from = route.from.empty() ? p.from : route.from, to = route.to.empty() ? p.to : route.to;
    doc.title = !p.title.empty() ? p.title : (from.empty() ? "Sea route" : "Sea route: " + from + " to " + to);
    if (p.title.empty() && !route.closures.empty()) doc.title += " (" + route.closures + ")";
    std::vector<std::string> gnames;
    for (const auto& g : route.gates) gnames.push_back(g.name);
    std::string sub = route.distance_m > 0 ? format_thousands(nm_from_m(route.distance_m)) + " nm (" + format_thousands(route.distance_m / 1000) + " km) " : "";
    sub += gnames.empty() ? std::string("crossing no chokepoint gate") : "via " + join(gnames, " > ");
    sub += "; " + std::to_string(prc.items.size()) + " PRC-operated ports within " + format_fixed(nm_from_m(route.corridor_m), 0) + " nm";
    if (route.distance_m <= 0) sub += " (route from " + route.source + ")";
    doc.subtitle = sub;
    doc.credit = credit_line(projection(pn.projection).name(), true);
    doc.panels.push_back(std::move(pn));
    return doc;
}

render::map_document route_map(const footprint& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const route_overlay o = p.route_geojson.empty() ? route_overlay_from_engine(fp, p) : route_overlay_from_geojson(fp, p);
    return route_map(fp, basemap, p, o);
}

render::render_result render_preset(const render_params& p) {
    p.validate();
    const footprint fp = load_footprint(p.gpkg);
    const auto basemap = load_basemap(p.data_dir);
    map_document doc = p.preset == "world" ? world_map(fp, basemap, p)
                       : p.preset == "us-strategic" ? us_strategic_map(fp, basemap, p)
                                                    : route_map(fp, basemap, p);
    render_options o;
    o.overwrite = p.overwrite;
    o.cairo_svg = p.cairo_svg;
    return render_map(doc, p.output, o);
}

} // namespace harbormap::products
