#include "engine/query/route_query.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace harbormap::query {
namespace {

constexpr double deg = M_PI / 180.0;

nlohmann::json port_json(const place& p) {
    nlohmann::json j;
    j["input"] = p.text;
    if (p.lookup.port) {
        j["port_id"] = p.lookup.port->port_id;
        j["name"] = p.lookup.port->name;
        j["unlocode"] = p.lookup.port->unlocode;
        j["country_iso2"] = p.lookup.port->country_iso2;
    }
    j["lon"] = p.pos.lon;
    j["lat"] = p.pos.lat;
    j["snap_nm"] = std::round(nm_from_m(p.snap.distance_m) * 100) / 100;
    if (p.snap.node != routing::invalid_node) j["snap_node"] = p.snap.node;
    return j;
}

double r2(double v) { return std::round(v * 100) / 100; }
double r6(double v) { return std::round(v * 1e6) / 1e6; }

} // namespace

std::string to_string(route_status s) {
    switch (s) {
    case route_status::ok: return "ok";
    case route_status::port_not_found: return "port_not_found";
    case route_status::ambiguous_port: return "ambiguous_port";
    case route_status::no_route: return "no_route";
    }
    return "unknown";
}

bool truthy(const feature& f, const std::string& key) {
    const value* v = f.find(key);
    if (!v) return false;
    if (auto b = std::get_if<bool>(v)) return *b;
    if (auto i = std::get_if<std::int64_t>(v)) return *i != 0;
    if (auto d = std::get_if<double>(v)) return *d != 0;
    if (auto s = std::get_if<std::string>(v)) {
        const std::string t = to_lower(*s);
        return t == "1" || t == "true" || t == "yes";
    }
    return false;
}

std::string place::label() const {
    if (lookup.port) {
        const auto& p = *lookup.port;
        return p.name + " (" + (p.unlocode.empty() ? p.port_id : p.unlocode) + ")";
    }
    return format_general(pos.lon) + "," + format_general(pos.lat);
}

place resolve_place(const std::string& text, const port_catalog* catalog, const sea_router& router) {
    place p;
    p.text = text;
    if (catalog) {
        p.lookup = catalog->resolve(text);
    } else if (auto ll = parse_lon_lat(trim(text))) {
        if (auto why = check_lon_lat(ll->lon, ll->lat)) {
            p.lookup.message = "'" + text + "': " + *why;
        } else {
            p.lookup.status = lookup_status::ok;
            p.lookup.point = *ll;
        }
    } else {
        p.lookup.message = "'" + text + "' is not a lon,lat position and no port catalog is loaded";
    }
    if (p.lookup.ok()) {
        p.pos = p.lookup.position();
        p.snap = router.snap().nearest(p.pos);
    }
    return p;
}

void route_params::validate() const {
    if (trim(from).empty() || trim(to).empty()) throw usage_error("route needs FROM and TO");
    if (!(corridor_m >= 0) || corridor_m > 2000 * 1852.0) throw usage_error("--corridor must be between 0 and 2000nm");
    if (!(prc_radius_m >= 0) || prc_radius_m > 1000 * 1852.0) throw usage_error("--prc-radius must be between 0 and 1000nm");
}

std::vector<std::uint8_t> prc_avoid_nodes(const sea_router& router, const port_catalog& catalog, double radius_m,
                                          const std::vector<lon_lat>& exempt) {
    std::vector<std::uint8_t> avoid(router.graph().node_count(), 0);
    for (const auto& f : catalog.layer().features) {
        if (!truthy(f, "prc_operated") || f.geom.points.empty()) continue;
        const lon_lat pp = f.geom.points.front();
        bool is_endpoint = false;
        for (const auto& e : exempt)
            if (geodesic_m(e, pp) <= 1000.0) is_endpoint = true;
        if (is_endpoint) continue;
        for (auto n : router.snap().within(pp, radius_m)) avoid[n] = 1;
    }
    // the endpoints' own surroundings stay open
    for (const auto& e : exempt)
        for (auto n : router.snap().within(e, radius_m)) avoid[n] = 0;
    return avoid;
}

std::vector<line_string> split_antimeridian(const std::vector<lon_lat>& path) {
    std::vector<line_string> parts;
    if (path.empty()) return parts;
    parts.emplace_back();
    parts.back().push_back(path.front());
    for (std::size_t i = 1; i < path.size(); ++i) {
        const lon_lat a = path[i - 1], b = path[i];
        const double dl = b.lon - a.lon;
        if (std::abs(dl) > 180) {
            // crosses: unwrap b, interpolate the latitude at +-180
            const double side = a.lon >= 0 ? 180.0 : -180.0;
            const double bu = b.lon + (dl > 0 ? -360.0 : 360.0);
            const double t = (side - a.lon) / (bu - a.lon);
            const double lat = a.lat + t * (b.lat - a.lat);
            if (!(a.lon == side)) parts.back().push_back({side, lat});
            parts.emplace_back();
            if (!(b.lon == -side)) parts.back().push_back({-side, lat});
        }
        parts.back().push_back(b);
    }
    std::vector<line_string> out;
    for (auto& p : parts) {
        line_string clean;
        for (const auto& q : p)
            if (clean.empty() || !(clean.back() == q)) clean.push_back(q);
        if (clean.size() >= 2) out.push_back(std::move(clean));
    }
    return out;
}

double distance_to_path_m(const lon_lat& p, const std::vector<lon_lat>& path) {
    double best = HUGE_VAL;
    const double kx = std::cos(p.lat * deg);
    for (std::size_t i = 0; i < path.size(); ++i) {
        best = std::min(best, haversine_m(p, path[i]));
        if (i + 1 == path.size()) break;
        // planar projection around p (equirectangular, lon unwrapped relative to p)
        auto local = [&](const lon_lat& q) {
            double dl = q.lon - p.lon;
            if (dl > 180) dl -= 360;
            if (dl < -180) dl += 360;
            return std::pair<double, double>{dl * kx, q.lat - p.lat};
        };
        const auto [ax, ay] = local(path[i]);
        const auto [bx, by] = local(path[i + 1]);
        const double vx = bx - ax, vy = by - ay, len2 = vx * vx + vy * vy;
        if (len2 <= 0 || len2 > 400) continue; // long segments: vertices only (degrees^2)
        const double t = std::clamp(-(ax * vx + ay * vy) / len2, 0.0, 1.0);
        const double cx = ax + t * vx, cy = ay + t * vy;
        best = std::min(best, std::sqrt(cx * cx + cy * cy) * deg * earth_radius_m);
    }
    return best;
}

route_result run_route(const route_params& params, sea_router& router, const port_catalog* catalog) {
    params.validate();
    route_result r;
    r.from = resolve_place(params.from, catalog, router);
    r.to = resolve_place(params.to, catalog, router);
    for (const place* p : {&r.from, &r.to}) {
        if (p->lookup.ok()) continue;
        r.status = p->lookup.status == lookup_status::ambiguous ? route_status::ambiguous_port : route_status::port_not_found;
        r.message = p->lookup.message.empty() ? "cannot resolve '" + p->text + "'" : p->lookup.message;
        r.candidates = p->lookup.candidates;
        return r;
    }
    routing::cost_model cost;
    cost.closed_gates = router.gates_mask(params.avoid) | (params.arctic ? 0 : router.graph().default_closed());
    std::vector<std::uint8_t> avoid;
    if (params.avoid_prc) {
        if (!catalog) throw usage_error("--avoid-prc needs the fused ports layer (run 'harbormap build')");
        avoid = prc_avoid_nodes(router, *catalog, params.prc_radius_m, {r.from.pos, r.to.pos});
        avoid[r.from.snap.node] = 0;
        avoid[r.to.snap.node] = 0;
        r.avoided_nodes = static_cast<std::size_t>(std::count(avoid.begin(), avoid.end(), 1));
        cost.avoid_nodes = &avoid;
    }
    auto& eng = router.engine();
    // the default cost model goes to the contraction hierarchy, every other one to ALT A*
    const routing::path_result p = params.use_astar ? eng.shortest_path(r.from.snap.node, r.to.snap.node, cost)
                                                    : eng.dijkstra(r.from.snap.node, r.to.snap.node, cost);
    if (p.status != routing::search_status::ok) {
        r.status = route_status::no_route;
        r.message = "no sea route from " + r.from.label() + " to " + r.to.label() + " under the given closures";
        return r;
    }
    r.status = route_status::ok;
    r.sea_m = p.cost_m;
    r.total_m = p.cost_m + r.from.snap.distance_m + r.to.snap.distance_m;
    const auto& g = router.graph();
    r.path.push_back(r.from.pos);
    for (auto n : p.nodes)
        if (!(r.path.back() == g.nodes[n])) r.path.push_back(g.nodes[n]);
    if (!(r.path.back() == r.to.pos)) r.path.push_back(r.to.pos);
    for (auto gi : eng.gates_on_path(p)) r.gates.push_back(g.gates[gi].id);
    if (catalog && params.corridor_m > 0) {
        const auto& fs = catalog->layer().features;
        for (std::size_t i = 0; i < fs.size(); ++i) {
            const bool prc = truthy(fs[i], "prc_operated"), bri = truthy(fs[i], "bri");
            if ((!prc && !bri) || fs[i].geom.points.empty()) continue;
            if ((r.from.lookup.port && r.from.lookup.port->index == i) || (r.to.lookup.port && r.to.lookup.port->index == i)) continue;
            const double d = distance_to_path_m(fs[i].geom.points.front(), r.path);
            if (d <= params.corridor_m) r.corridor.push_back({catalog->ref(i), d, prc, bri});
        }
        std::sort(r.corridor.begin(), r.corridor.end(), [](const corridor_port& a, const corridor_port& b) {
            return std::tie(a.distance_m, a.port.port_id) < std::tie(b.distance_m, b.port.port_id);
        });
    }
    return r;
}

std::string route_text(const route_result& r) {
    std::string s;
    if (r.status != route_status::ok) {
        s += "status: " + to_string(r.status) + "\n" + r.message + "\n";
        for (const auto& c : r.candidates)
            s += fmt::format("  {:<14} {:<7} {:<32} {} {},{}\n", c.port_id, c.unlocode, c.name, c.country_iso2,
                             format_fixed(c.pos.lon, 4), format_fixed(c.pos.lat, 4));
        return s;
    }
    s += fmt::format("from:     {}  snap {} nm\n", r.from.label(), format_fixed(nm_from_m(r.from.snap.distance_m), 1));
    s += fmt::format("to:       {}  snap {} nm\n", r.to.label(), format_fixed(nm_from_m(r.to.snap.distance_m), 1));
    s += fmt::format("distance: {} nm ({} km), of which sea graph {} nm\n", format_fixed(nm_from_m(r.total_m), 1),
                     format_fixed(km_from_m(r.total_m), 1), format_fixed(nm_from_m(r.sea_m), 1));
    s += "gates:    " + (r.gates.empty() ? std::string("(none)") : join(r.gates, " > ")) + "\n";
    if (r.avoided_nodes) s += fmt::format("avoided:  {} graph nodes near PRC-operated ports\n", r.avoided_nodes);
    s += fmt::format("corridor: {} PRC-operated/BRI ports within the corridor\n", r.corridor.size());
    for (const auto& c : r.corridor)
        s += fmt::format("  {:>6} nm  {:<32} {:<2} {}{}\n", format_fixed(nm_from_m(c.distance_m), 1), c.port.name,
                         c.port.country_iso2, c.prc_operated ? "prc-operated" : "", c.bri ? (c.prc_operated ? ",bri" : "bri") : "");
    return s;
}

std::string route_json(const route_result& r) {
    nlohmann::json j;
    j["status"] = to_string(r.status);
    if (r.status != route_status::ok) {
        j["message"] = r.message;
        auto& c = j["candidates"] = nlohmann::json::array();
        for (const auto& p : r.candidates)
            c.push_back({{"port_id", p.port_id}, {"name", p.name}, {"unlocode", p.unlocode}, {"country_iso2", p.country_iso2},
                         {"lon", p.pos.lon}, {"lat", p.pos.lat}});
        return j.dump(2) + "\n";
    }
    j["from"] = port_json(r.from);
    j["to"] = port_json(r.to);
    j["distance_nm"] = r2(nm_from_m(r.total_m));
    j["distance_km"] = r2(km_from_m(r.total_m));
    j["sea_distance_nm"] = r2(nm_from_m(r.sea_m));
    j["gates"] = r.gates;
    auto& cor = j["corridor"] = nlohmann::json::array();
    for (const auto& c : r.corridor)
        cor.push_back({{"port_id", c.port.port_id}, {"name", c.port.name}, {"country_iso2", c.port.country_iso2},
                       {"distance_nm", r2(nm_from_m(c.distance_m))}, {"prc_operated", c.prc_operated}, {"bri", c.bri}});
    if (r.avoided_nodes) j["avoided_nodes"] = r.avoided_nodes;
    nlohmann::json geom;
    const auto parts = split_antimeridian(r.path);
    geom["type"] = "MultiLineString";
    auto& coords = geom["coordinates"] = nlohmann::json::array();
    for (const auto& part : parts) {
        nlohmann::json line = nlohmann::json::array();
        for (const auto& q : part) line.push_back({r6(q.lon), r6(q.lat)});
        coords.push_back(line);
    }
    j["geometry"] = geom;
    return j.dump(2) + "\n";
}

std::string route_geojson(const route_result& r) {
    nlohmann::json fc;
    fc["type"] = "FeatureCollection";
    auto& feats = fc["features"] = nlohmann::json::array();
    if (r.status == route_status::ok) {
        const nlohmann::json full = nlohmann::json::parse(route_json(r));
        nlohmann::json props = {{"from", r.from.label()}, {"to", r.to.label()}, {"distance_nm", full["distance_nm"]},
                                {"distance_km", full["distance_km"]}, {"gates", join(r.gates, ";")}};
        feats.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", full["geometry"]}});
        for (const place* p : {&r.from, &r.to})
            feats.push_back({{"type", "Feature"},
                             {"properties", {{"role", p == &r.from ? "from" : "to"}, {"name", p->label()}, {"snap_nm", r2(nm_from_m(p->snap.distance_m))}}},
                             {"geometry", {{"type", "Point"}, {"coordinates", {r6(p->pos.lon), r6(p->pos.lat)}}}}});
        for (const auto& c : r.corridor)
            feats.push_back({{"type", "Feature"},
                             {"properties", {{"role", "corridor"}, {"port_id", c.port.port_id}, {"name", c.port.name},
                                             {"distance_nm", r2(nm_from_m(c.distance_m))}, {"prc_operated", c.prc_operated}, {"bri", c.bri}}},
                             {"geometry", {{"type", "Point"}, {"coordinates", {r6(c.port.pos.lon), r6(c.port.pos.lat)}}}}});
    }
    return fc.dump() + "\n";
}

} // namespace harbormap::query
