// Preset `route`: a sea route (routing engine or GeoJSON) with its gates and the PRC-operated ports along it.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"
#include "layers/reader.hpp"

#include <sstream>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::products {
using namespace preset_parts;

namespace {
using namespace harbormap::query;

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

route_overlay route_overlay_from_geojson(const map_layers& fp, const render_params& p) {
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

route_overlay route_overlay_from_engine(const map_layers& fp, const render_params& p) {
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

render::map_document route_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p, const route_overlay& route) {
    (void)fp;
    const symbol_set symbols = load_symbols(p.data_dir);
    map_document doc = new_document(p, basemap, symbols, ""); // the title follows from the route below
    if (route.lines.empty()) throw processing_error("route map: the route has no line");
    std::vector<lon_lat> vertices;
    for (const auto& l : route.lines) vertices.insert(vertices.end(), l.begin(), l.end());
    const bbox b = bounds_across_antimeridian(vertices);
    const double span = lon_span(b);
    const double pad_lon = std::max(3.0, span * 0.12), pad_lat = std::max(3.0, (b.max_lat - b.min_lat) * 0.15);
    bbox ext = p.extent ? *p.extent
                        : bbox{wrap_lon(b.min_lon - pad_lon), std::max(-85.0, b.min_lat - pad_lat), wrap_lon(b.max_lon + pad_lon),
                               std::min(85.0, b.max_lat + pad_lat)};
    if (!p.extent && span + 2 * pad_lon >= 360) ext = {-180, ext.min_lat, 180, ext.max_lat};
    const double clon = center_lon(b), clat = (b.min_lat + b.max_lat) / 2;

    panel pn;
    pn.id = "main";
    pn.extent = ext;
    pn.projection = !p.projection.empty() ? p.projection
                    : span > 140 ? "+proj=eqearth +lon_0=" + format_fixed(clon, 3)
                                   : "+proj=laea +lat_0=" + format_fixed(clat, 3) + " +lon_0=" + format_fixed(clon, 3);
    pn.graticule_step = span > 90 ? 30 : span > 30 ? 10 : 5;
    pn.scale_bar = span <= 90;
    doc.credit = credit_line(projection(pn.projection).name(), true);
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = page_margin(doc.page);
    const double top = m + 40;
    pn.area = {m, top, W - 2 * m, H - top - footer_height(doc) - m * 0.5}; // above the credit's lines

    map_layer rl;
    rl.id = "route";
    rl.title = "Route";
    rl.kind = geometry_type::line;
    rl.obstacle = false;
    symbol_class rc;
    rc.legend = route.distance_m > 0 ? "Sea route, " + format_thousands(nm_from_m(route.distance_m)) + " nm" : "Sea route";
    rc.line = ln(symbols, "route");
    rl.classes.push_back(rc);
    rl.show_counts = false;
    geometry rg;
    rg.type = geometry_type::line;
    rg.lines = route.lines;
    rl.items.push_back({rg, 0, "", 0, "route"});

    map_layer ends;
    ends.id = "endpoints";
    ends.title = "End points";
    ends.classes.push_back(point_class("Origin and destination", pt(symbols, "route_end")));
    ends.label_font = label_font(symbols, 6.6, true);
    ends.show_counts = false;
    for (const auto& e : route.endpoints) ends.items.push_back({geometry::make_point(e.pos), 0, e.name, 1000, "end:" + e.id});

    map_layer prc;
    prc.id = "prc-ports";
    prc.title = "PRC-operated ports along the route";
    prc.classes.push_back(point_class("PRC-operated port within " + format_fixed(nm_from_m(route.corridor_m), 0) + " nm of the route",
                                      pt(symbols, "route_prc_port")));
    prc.label_font = label_font(symbols, 5.8, true);
    std::map<std::string, const feature*> by_id;
    for (const auto& f : fp.ports.features) by_id[f.text("port_id")] = &f;
    for (const auto& q : route.prc_ports) {
        auto it = by_id.find(q.id);
        prc.items.push_back({geometry::make_point(q.pos), 0, q.name, it == by_id.end() ? 100.0 : port_priority(symbols, *it->second), q.id});
    }

    map_layer gates;
    gates.id = "gates";
    gates.title = "Chokepoints on the route";
    gates.kind = geometry_type::point;
    gates.classes.push_back(point_class("Chokepoint gate the route crosses", pt(symbols, "route_gate")));
    gates.label_font = label_font(symbols, 6.0);
    gates.label_font.italic = true;
    gates.label_font.colour = colour_of(symbols, "chokepoint");
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
    doc.panels.push_back(std::move(pn));
    return doc;
}

render::map_document route_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const route_overlay o = p.route_geojson.empty() ? route_overlay_from_engine(fp, p) : route_overlay_from_geojson(fp, p);
    return route_map(fp, basemap, p, o);
}

} // namespace harbormap::products
