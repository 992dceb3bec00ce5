#include "engine/query/route_query.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/routing/refine.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace harbormap::query {
namespace {

constexpr double route_deg = M_PI / 180.0;


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


} // namespace

std::string csv_escape(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

std::string to_string(route_status s) {
    switch (s) {
    case route_status::ok: return "ok";
    case route_status::port_not_found: return "port_not_found";
    case route_status::ambiguous_port: return "ambiguous_port";
    case route_status::no_route: return "no_route";
    case route_status::snap_too_far: return "snap_too_far";
    }
    return "unknown";
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
            p.lookup.bad_input = true;
        } else {
            p.lookup.status = lookup_status::ok;
            p.lookup.point = *ll;
        }
    } else {
        p.lookup.message = "'" + text + "' is not a lon,lat position and no port catalog is loaded";
    }
    // a malformed argument (a position out of range, an empty one) is the caller's mistake, not a port
    // the data lacks: a usage error (CLI exit 2, API 400) naming the value
    if (p.lookup.bad_input) throw usage_error(p.lookup.message);
    if (p.lookup.ok()) {
        p.pos = p.lookup.position();
        p.snap = router.snap().nearest_over_water(p.pos);
    }
    return p;
}

std::string check_snap(place& p, const sea_router& router, double max_snap_m) {
    const double d = p.snap.distance_m;
    if (!(d > snap_warn_m)) return "";
    const std::string nm = format_fixed(nm_from_m(d), 1);
    std::string hint;
    if (!p.lookup.port && d > default_max_snap_m) {
        // given as lon,lat and absurdly far from the sea: would lat,lon make sense?
        const lon_lat sw{p.pos.lat, p.pos.lon};
        if (std::abs(sw.lat) <= 90 && !check_lon_lat(sw.lon, sw.lat)) {
            const auto s2 = router.snap().nearest(sw);
            if (s2.distance_m <= snap_warn_m && s2.distance_m < d / 4) {
                p.swapped_hint = true;
                hint = fmt::format("; lat/lon swapped? {},{} (lon,lat) is {} nm from the sea graph", format_general(sw.lon),
                                   format_general(sw.lat), format_fixed(nm_from_m(s2.distance_m), 1));
            }
        }
    }
    p.warning = fmt::format("'{}' is {} nm from its sea-graph node (more than {} nm){}", p.text, nm,
                            format_fixed(nm_from_m(snap_warn_m), 0), hint);
    if (d > max_snap_m)
        return fmt::format("'{}' is {} nm from its sea-graph node, more than --max-snap {} nm{}", p.text, nm,
                           format_fixed(nm_from_m(max_snap_m), 0), hint);
    return "";
}

const std::vector<std::string>& routing_port_fields() {
    static const std::vector<std::string> fields = {"prc_operated", "bri", "strategic", "hk_operated", "logink",
                                                    "zpmc", "harbor_size", "zpmc_sts_count"};
    return fields;
}

void route_params::validate() const {
    if (trim(from).empty() || trim(to).empty()) throw usage_error("route needs FROM and TO");
    if (!(corridor_m >= 0) || corridor_m > 2000 * 1852.0) throw usage_error("--corridor must be between 0 and 2000nm");
    if (!(prc_radius_m >= 0) || prc_radius_m > 1000 * 1852.0) throw usage_error("--prc-radius must be between 0 and 1000nm");
    if (!(max_snap_m > 0)) throw usage_error("--max-snap must be positive");
}

std::vector<std::uint8_t> prc_avoid_nodes(const sea_router& router, const port_catalog& catalog, double radius_m,
                                          const std::vector<lon_lat>& exempt, std::vector<lon_lat>* avoided, bool spare_near_ends) {
    std::vector<std::uint8_t> avoid(router.graph().node_count(), 0);
    for (std::size_t i = 0; i < catalog.size(); ++i) {
        if (!catalog.flag(i, "prc_operated")) continue;
        const auto point = catalog.point(i);
        if (!point) continue;
        const lon_lat pp = *point;
        bool is_endpoint = false;
        for (const auto& e : exempt)
            if (geodesic_m(e, pp) <= (spare_near_ends ? radius_m : 1000.0)) is_endpoint = true;
        if (is_endpoint) continue;
        if (avoided) avoided->push_back(pp);
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
    const double kx = std::cos(p.lat * route_deg);
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
        best = std::min(best, std::sqrt(cx * cx + cy * cy) * route_deg * earth_radius_m);
    }
    return best;
}

namespace {

// Path vertices with per-segment lengths and gates (snap connectors included), for the refinement.
// `from`/`to`: the end positions and the nodes they join the path at (path's first and last) with the
// connector lengths.
routing::refine_input path_input(const lon_lat& from, const routing::snap_result& from_snap, const lon_lat& to,
                                 const routing::snap_result& to_snap, const routing::path_result& p, const sea_router& router) {
    const auto& g = router.graph();
    routing::refine_input in;
    auto connector = [&](const lon_lat& a, const lon_lat& b, double len) {
        if (a == b) return;
        const routing::gate_mask m = g.segment_gates(a, b); // before the push: `a` may be in.points.back()
        in.points.push_back(b);
        in.length_m.push_back(len);
        in.gates.push_back(m);
    };
    in.points.push_back(from);
    connector(from, g.nodes[p.nodes.front()], from_snap.distance_m);
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
        const auto e = p.edges[i];
        const lon_lat b = g.nodes[p.nodes[i + 1]];
        if (in.points.back() == b) continue; // antimeridian joins are zero-length: their two nodes differ
        in.points.push_back(b);
        in.length_m.push_back(g.edge_length_m[e]);
        in.gates.push_back(g.edge_gates[e]);
    }
    connector(in.points.back(), to, to_snap.distance_m);
    return in;
}

// Where an end joins the path: the path's node k replaces the stretch end -> snap node -> ... -> k when
// the straight connector to k is shorter than that stretch, k lies within twice the snap distance plus
// 10 nm of the end, the connector has no more land than the snap connector plus snap_own_land_m
// (routing::connector_land_m), crosses the gates the stretch crosses and enters no keep-out circle (the
// ports --avoid-prc avoids); the k saving most is taken.
// (Aleksandrovsk-Sakhalinskiy's nearest node is 73 nm north in the Tatar Strait and every route goes back
// south past the port.)  The refinement starts from there; --raw and matrices keep the snap node.  `snap`
// is the end's node, the path's first; for the last, call it on the reversed path.
void join_path_front(const lon_lat& pos, routing::snap_result& snap, routing::path_result& p, const sea_router& router,
                     const std::vector<routing::keep_out_circle>& keep_out) {
    const auto& g = router.graph();
    if (p.nodes.size() < 2) return;
    const double reach = 2 * snap.distance_m + 10 * metres_per_nm;
    const double land_max = routing::connector_land_m(g.land, pos, g.nodes[p.nodes[0]]);
    double along = snap.distance_m, best_saving = 0, best_d = 0;
    routing::gate_mask gates = g.segment_gates(pos, g.nodes[p.nodes[0]]);
    std::size_t best = 0;
    for (std::size_t k = 1; k < p.nodes.size() && along <= 3 * reach; ++k) {
        along += g.edge_length_m[p.edges[k - 1]];
        gates |= g.edge_gates[p.edges[k - 1]];
        const lon_lat q = g.nodes[p.nodes[k]];
        const double d = geodesic_m(pos, q);
        if (d > reach || along - d <= best_saving) continue;
        if (routing::connector_land_m(g.land, pos, q) > land_max || g.segment_gates(pos, q) != gates) continue;
        if (std::any_of(keep_out.begin(), keep_out.end(), [&](const routing::keep_out_circle& c) { return distance_to_path_m(c.centre, {pos, q}) < c.radius_m; }))
            continue;
        best = k, best_saving = along - d, best_d = d;
    }
    if (best == 0) return;
    for (std::size_t k = 0; k < best; ++k) p.cost_m -= g.edge_length_m[p.edges[k]];
    p.nodes.erase(p.nodes.begin(), p.nodes.begin() + static_cast<std::ptrdiff_t>(best));
    p.edges.erase(p.edges.begin(), p.edges.begin() + static_cast<std::ptrdiff_t>(best));
    snap = {p.nodes.front(), best_d};
}

void join_path_ends(const route_result& r, routing::snap_result& from, routing::snap_result& to, routing::path_result& p,
                    const sea_router& router, const std::vector<routing::keep_out_circle>& keep_out) {
    join_path_front(r.from.pos, from, p, router, keep_out);
    std::reverse(p.nodes.begin(), p.nodes.end());
    std::reverse(p.edges.begin(), p.edges.end());
    join_path_front(r.to.pos, to, p, router, keep_out);
    std::reverse(p.nodes.begin(), p.nodes.end());
    std::reverse(p.edges.begin(), p.edges.end());
    p.cost_m = std::max(p.cost_m, 0.0);
}

void list_ports(route_result& r, const route_params& params, const port_catalog& catalog) {
    // cell by cell: a cold route decodes two flags per port and the listed ports (no ports layer)
    for (std::size_t i = 0; i < catalog.size(); ++i) {
        const bool prc = catalog.flag(i, "prc_operated"), bri = catalog.flag(i, "bri");
        if (!prc && !bri) continue;
        const auto point = catalog.point(i);
        if (!point) continue;
        if ((r.from.lookup.port && r.from.lookup.port->index == i) || (r.to.lookup.port && r.to.lookup.port->index == i)) continue;
        const double d = distance_to_path_m(*point, r.path);
        if (params.corridor_m > 0 && d <= params.corridor_m) r.corridor.push_back({catalog.ref(i), d, prc, bri, ""});
        if (params.avoid_prc && prc && d <= params.prc_radius_m) {
            const lon_lat pp = *point;
            r.unavoidable.push_back({catalog.ref(i), d, prc, bri, geodesic_m(pp, r.from.pos) <= geodesic_m(pp, r.to.pos) ? "from" : "to"});
        }
    }
    for (auto* list : {&r.corridor, &r.unavoidable})
        std::sort(list->begin(), list->end(), [](const corridor_port& a, const corridor_port& b) {
            return std::tie(a.distance_m, a.port.port_id) < std::tie(b.distance_m, b.port.port_id);
        });
}

} // namespace

route_result run_route(const route_params& params, sea_router& router, const port_catalog* catalog, routing::refine_input* refine_in) {
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
    for (place* p : {&r.from, &r.to}) {
        const std::string err = check_snap(*p, router, params.max_snap_m);
        if (!p->warning.empty() && err.empty()) r.warnings.push_back(p->warning);
        if (!err.empty()) {
            r.status = route_status::snap_too_far;
            r.message = err;
            return r;
        }
    }
    if (geodesic_m(r.from.pos, r.to.pos) < 1.0) {
        // the same place at both ends: no sea route to take (not a snap out and back)
        r.status = route_status::ok;
        r.path = {r.from.pos, r.to.pos};
        r.warnings.push_back("from and to are the same place: distance 0");
        if (catalog && (params.corridor_m > 0 || params.avoid_prc)) list_ports(r, params, *catalog);
        return r;
    }
    routing::cost_model cost;
    cost.closed_gates = router.gates_mask(params.avoid) | (params.arctic ? 0 : router.graph().default_closed());
    std::vector<std::uint8_t> avoid;
    std::vector<lon_lat> avoided_ports;
    if (params.avoid_prc) {
        if (!catalog) throw usage_error("--avoid-prc needs the fused ports layer (run 'harbormap build')");
        avoid = prc_avoid_nodes(router, *catalog, params.prc_radius_m, {r.from.pos, r.to.pos}, &avoided_ports, true);
        avoid[r.from.snap.node] = 0;
        avoid[r.to.snap.node] = 0;
        r.avoided_nodes = static_cast<std::size_t>(std::count(avoid.begin(), avoid.end(), 1));
        r.avoided_ports = avoided_ports.size();
        cost.avoid_nodes = &avoid;
    }
    auto& eng = router.engine();
    // the default cost model goes to the contraction hierarchy, every other one to ALT A*
    routing::path_result p = params.use_astar ? eng.shortest_path(r.from.snap.node, r.to.snap.node, cost)
                                              : eng.dijkstra(r.from.snap.node, r.to.snap.node, cost);
    if (p.status != routing::search_status::ok) {
        r.status = route_status::no_route;
        r.message = "no sea route from " + r.from.label() + " to " + r.to.label() + " under the given closures";
        return r;
    }
    r.status = route_status::ok;
    r.sea_m = p.cost_m;
    r.graph_m = p.cost_m + r.from.snap.distance_m + r.to.snap.distance_m;
    r.geodesic_m = geodesic_m(r.from.pos, r.to.pos);
    const auto& g = router.graph();
    for (auto gi : eng.gates_on_path(p)) r.gates.push_back(g.gates[gi].id);
    if (params.raw || g.land.empty()) {
        r.path = path_input(r.from.pos, r.from.snap, r.to.pos, r.to.snap, p, router).points;
        r.total_m = r.graph_m;
    } else {
        // the refinement starts where the ends join the path (join_path_ends), the reported snaps stay
        std::vector<routing::keep_out_circle> keep_out;
        for (const auto& pp : avoided_ports) keep_out.push_back({pp, params.prc_radius_m});
        routing::snap_result from = r.from.snap, to = r.to.snap;
        join_path_ends(r, from, to, p, router, keep_out);
        auto in = path_input(r.from.pos, from, r.to.pos, to, p, router);
        in.keep_out = std::move(keep_out);
        if (refine_in) *refine_in = in;
        auto refined = routing::refine_path(g, in);
        r.path = std::move(refined.points);
        r.shortcuts = refined.shortcuts;
        r.refined = true;
        r.total_m = std::max(refined.length_m, r.geodesic_m);
    }
    if (catalog && (params.corridor_m > 0 || params.avoid_prc)) list_ports(r, params, *catalog);
    return r;
}

std::string port_code(const port_ref& p) { return p.unlocode.empty() ? p.port_id : p.unlocode; }

std::string route_text(const route_result& r) {
    std::string s;
    for (const auto& w : r.warnings) s += "warning:  " + w + "\n";
    if (r.status != route_status::ok) {
        s += "status: " + to_string(r.status) + "\n" + r.message + "\n";
        for (const auto& c : r.candidates)
            s += fmt::format("  {:<14} {:<7} {:<32} {} {},{}\n", c.port_id, c.unlocode, c.name, c.country_iso2,
                             format_fixed(c.pos.lon, 4), format_fixed(c.pos.lat, 4));
        return s;
    }
    s += fmt::format("from:     {}  snap {} nm\n", r.from.label(), format_fixed(nm_from_m(r.from.snap.distance_m), 1));
    s += fmt::format("to:       {}  snap {} nm\n", r.to.label(), format_fixed(nm_from_m(r.to.snap.distance_m), 1));
    if (r.path.size() == 2 && r.total_m == 0 && r.geodesic_m == 0)
        s += "distance: 0.0 nm (the same place)\n";
    else
        s += fmt::format("distance: {} nm ({} km){}; geodesic {} nm\n", format_fixed(nm_from_m(r.total_m), 1),
                         format_fixed(km_from_m(r.total_m), 1),
                         r.refined ? fmt::format(", refined from the graph's {} nm", format_fixed(nm_from_m(r.graph_m), 1))
                                   : std::string(", along the graph (raw)"),
                         format_fixed(nm_from_m(r.geodesic_m), 1));
    s += "gates:    " + (r.gates.empty() ? std::string("(none)") : join(r.gates, " > ")) + "\n";
    if (r.avoided_ports)
        s += fmt::format("avoided:  {} PRC-operated ports kept at a distance ({} graph nodes closed)\n", r.avoided_ports, r.avoided_nodes);
    if (!r.unavoidable.empty()) {
        s += fmt::format("not avoidable (within the radius, near an end point): {}\n", r.unavoidable.size());
        for (const auto& c : r.unavoidable)
            s += fmt::format("  {:>6} nm  {:<32} {:<2} {:<10} near {}\n", format_fixed(nm_from_m(c.distance_m), 1), c.port.name,
                             c.port.country_iso2, port_code(c.port), c.near_end == "from" ? r.from.label() : r.to.label());
    }
    s += fmt::format("corridor: {} PRC-operated/BRI port{} within the corridor\n", r.corridor.size(), r.corridor.size() == 1 ? "" : "s");
    for (const auto& c : r.corridor)
        s += fmt::format("  {:>6} nm  {:<32} {:<2} {:<10} {}{}\n", format_fixed(nm_from_m(c.distance_m), 1), c.port.name,
                         c.port.country_iso2, port_code(c.port), c.prc_operated ? "prc-operated" : "",
                         c.bri ? (c.prc_operated ? ",bri" : "bri") : "");
    return s;
}

namespace {

nlohmann::json ports_json(const std::vector<corridor_port>& list) {
    auto a = nlohmann::json::array();
    for (const auto& c : list)
        a.push_back({{"port_id", c.port.port_id}, {"name", c.port.name}, {"country_iso2", c.port.country_iso2},
                     {"distance_nm", round2(nm_from_m(c.distance_m))}, {"prc_operated", c.prc_operated}, {"bri", c.bri}});
    for (std::size_t i = 0; i < list.size(); ++i)
        if (!list[i].near_end.empty()) a[i]["near_end"] = list[i].near_end;
    return a;
}

nlohmann::json path_geometry(const route_result& r) {
    nlohmann::json geom;
    geom["type"] = "MultiLineString";
    auto& coords = geom["coordinates"] = nlohmann::json::array();
    for (const auto& part : split_antimeridian(r.path)) {
        nlohmann::json line = nlohmann::json::array();
        for (const auto& q : part) line.push_back({round6(q.lon), round6(q.lat)});
        coords.push_back(line);
    }
    return geom;
}

} // namespace

std::string route_json(const route_result& r) {
    nlohmann::json j;
    j["status"] = to_string(r.status);
    j["warnings"] = r.warnings;
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
    j["distance_nm"] = round2(nm_from_m(r.total_m));
    j["distance_km"] = round2(km_from_m(r.total_m));
    j["refined"] = r.refined;
    j["graph_distance_nm"] = round2(nm_from_m(r.graph_m));
    j["geodesic_nm"] = round2(nm_from_m(r.geodesic_m));
    j["sea_distance_nm"] = round2(nm_from_m(r.sea_m));
    j["gates"] = r.gates;
    j["corridor"] = ports_json(r.corridor);
    if (r.avoided_ports) {
        j["avoided_ports"] = r.avoided_ports;
        j["avoided_nodes"] = r.avoided_nodes;
        j["not_avoidable"] = ports_json(r.unavoidable);
    }
    j["geometry"] = path_geometry(r);
    return j.dump(2) + "\n";
}

std::string route_geojson(const route_result& r) {
    nlohmann::json fc;
    fc["type"] = "FeatureCollection";
    auto& feats = fc["features"] = nlohmann::json::array();
    if (r.status == route_status::ok) {
        nlohmann::json props = {{"from", r.from.label()},
                                {"to", r.to.label()},
                                {"distance_nm", round2(nm_from_m(r.total_m))}, // read by `render --route-geojson`
                                {"distance_km", round2(km_from_m(r.total_m))},
                                {"graph_nm", round2(nm_from_m(r.graph_m))},
                                {"refined", r.refined},
                                {"gates", join(r.gates, ";")},
                                {"corridor", static_cast<std::int64_t>(r.corridor.size())},
                                {"not_avoid", static_cast<std::int64_t>(r.unavoidable.size())}};
        feats.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", path_geometry(r)}});
    }
    return fc.dump() + "\n";
}

std::string route_ports_geojson(const route_result& r) {
    nlohmann::json fc;
    fc["type"] = "FeatureCollection";
    auto& feats = fc["features"] = nlohmann::json::array();
    if (r.status != route_status::ok) return fc.dump() + "\n";
    auto point = [](const lon_lat& p) { return nlohmann::json{{"type", "Point"}, {"coordinates", {round6(p.lon), round6(p.lat)}}}; };
    for (const place* p : {&r.from, &r.to})
        feats.push_back({{"type", "Feature"},
                         {"properties", {{"role", p == &r.from ? "from" : "to"}, {"port_id", p->lookup.port ? p->lookup.port->port_id : ""},
                                         {"name", p->label()}, {"dist_nm", round2(nm_from_m(p->snap.distance_m))}, {"prc", false}, {"bri", false}}},
                         {"geometry", point(p->pos)}});
    auto add = [&](const std::vector<corridor_port>& list, const char* role) {
        for (const auto& c : list)
            feats.push_back({{"type", "Feature"},
                             {"properties", {{"role", role}, {"port_id", c.port.port_id}, {"name", c.port.name},
                                             {"dist_nm", round2(nm_from_m(c.distance_m))}, {"prc", c.prc_operated}, {"bri", c.bri}}},
                             {"geometry", point(c.port.pos)}});
    };
    add(r.unavoidable, "not_avoidable");
    add(r.corridor, "corridor");
    return fc.dump() + "\n";
}

} // namespace harbormap::query
