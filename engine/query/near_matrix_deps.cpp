#include "engine/query/near_matrix_deps.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"
#include "engine/routing/dependency.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

namespace harbormap::query {
namespace {

near_item make_item(std::string id, std::string name, std::string country, std::string extra, lon_lat pos) {
    near_item it;
    it.id = std::move(id);
    it.name = std::move(name);
    it.country = std::move(country);
    it.extra = std::move(extra);
    it.pos = pos;
    return it;
}

routing::cost_model base_cost(const sea_router& router, bool arctic) {
    routing::cost_model c;
    c.closed_gates = arctic ? 0 : router.graph().default_closed();
    return c;
}

place resolve_or_status(const std::string& text, const port_catalog& catalog, const sea_router& router, double max_snap_m,
                        route_status& st, std::string& msg) {
    place p = resolve_place(text, &catalog, router);
    st = route_status::ok;
    if (!p.lookup.ok()) {
        st = p.lookup.status == lookup_status::ambiguous ? route_status::ambiguous_port : route_status::port_not_found;
        msg = p.lookup.message;
        for (const auto& c : p.lookup.candidates)
            msg += "\n  " + c.port_id + "  " + c.unlocode + "  " + c.name + " " + c.country_iso2;
        return p;
    }
    if (const auto err = check_snap(p, router, max_snap_m); !err.empty()) {
        st = route_status::snap_too_far;
        msg = err;
        p.warning.clear(); // the message says it
    }
    return p;
}

} // namespace

std::vector<std::size_t> resolve_port_set(const std::string& spec_in, const port_catalog& catalog) {
    const std::string spec = trim(spec_in);
    std::vector<std::size_t> out;
    auto filter = [&](auto pred) {
        for (std::size_t i = 0; i < catalog.size(); ++i)
            if (pred(i)) out.push_back(i);
    };
    auto flagged = [&](const char* field) { return [&catalog, field](std::size_t i) { return catalog.flag(i, field); }; };
    const std::string s = to_lower(spec);
    if (s == "all") filter([](std::size_t) { return true; });
    else if (s == "strategic") filter(flagged("strategic"));
    else if (s == "prc") filter(flagged("prc_operated"));
    else if (s == "hk") filter(flagged("hk_operated"));
    else if (s == "bri") filter(flagged("bri"));
    else if (s == "logink") filter(flagged("logink"));
    else if (s == "zpmc") filter(flagged("zpmc"));
    else if (s == "large") filter([&](std::size_t i) { return catalog.text(i, "harbor_size") == "Large"; });
    else {
        struct member {
            std::string text;
            std::int64_t line = 0; // line of the @FILE, 0 for a listed member
        };
        std::vector<member> members;
        std::string file;
        if (!spec.empty() && (spec[0] == '@' || std::filesystem::is_regular_file(spec))) {
            file = spec[0] == '@' ? spec.substr(1) : spec;
            std::ifstream in(file);
            if (!in) throw input_error(file, 0, "", "cannot read the port set file");
            std::string line;
            for (std::int64_t n = 1; std::getline(in, line); ++n) {
                line = trim(line.substr(0, line.find('#')));
                if (!line.empty()) members.push_back({line, n});
            }
        } else {
            for (const auto& m : split(spec, ';')) // ';' separates members so that "lon,lat" stays whole
                if (!trim(m).empty()) members.push_back({trim(m)});
        }
        if (members.empty())
            throw usage_error("empty port set '" + spec + "' (sets: all, strategic, prc, hk, bri, logink, zpmc, large, @FILE, or 'A;B;C')");
        for (const auto& m : members) {
            auto r = catalog.resolve(m.text);
            if (!r.ok() || !r.port) {
                const std::string why = r.message.empty() ? "'" + m.text + "' is not a port" : r.message;
                if (!file.empty()) throw input_error(file, m.line, "", "port set member: " + why); // a data file: exit 1
                throw usage_error("port set member '" + m.text + "': " + why);
            }
            // the members in the order given (a matrix's rows and columns), each once
            if (std::find(out.begin(), out.end(), r.port->index) == out.end()) out.push_back(r.port->index);
        }
        return out;
    }
    return out; // the named sets in the catalog's order
}

const routing::snap_result& port_snaps::at(std::size_t i) {
    if (m_cache.empty()) m_cache.resize(m_catalog.size());
    if (!m_cache[i]) m_cache[i] = m_router.snap().nearest(m_catalog.ref(i).pos);
    return *m_cache[i];
}

// ---------------------------------------------------------------- near
void near_params::validate() const {
    if (trim(at).empty()) throw usage_error("near needs a port or lon,lat");
    if (!radius_m && !k) throw usage_error("near needs --radius or -k");
    if (radius_m && !(*radius_m > 0)) throw usage_error("--radius must be positive");
    if (k && *k == 0) throw usage_error("-k must be at least 1");
    if (by != "sea" && by != "geodesic") throw usage_error("--by must be sea or geodesic");
    if (layer != "ports" && layer != "terminals" && layer != "strategic") throw usage_error("--layer must be ports, terminals or strategic");
}

near_result run_near(const near_params& p, sea_router& router, const port_catalog& catalog, const std::filesystem::path& gpkg) {
    p.validate();
    near_result r;
    r.at = resolve_or_status(p.at, catalog, router, p.max_snap_m, r.status, r.message);
    if (r.status != route_status::ok) return r;
    std::vector<near_item> items;
    if (p.layer == "ports") {
        for (std::size_t i = 0; i < catalog.size(); ++i) {
            if (r.at.lookup.port && r.at.lookup.port->index == i) continue;
            const auto ref = catalog.ref(i);
            std::string extra;
            if (catalog.flag(i, "prc_operated")) extra += "prc-operated ";
            if (catalog.flag(i, "strategic")) extra += "strategic ";
            if (catalog.flag(i, "bri")) extra += "bri ";
            items.push_back(make_item(ref.port_id, ref.name, ref.country_iso2, trim(extra), ref.pos));
        }
    } else {
        const std::string name = p.layer == "terminals" ? "terminals" : "strategic_seaports";
        auto layers_in = read_catalog_layers(gpkg.parent_path(), {name});
        if (layers_in.empty()) throw input_error(gpkg.string(), 0, "", "no '" + name + "' layer");
        for (const auto& f : layers_in.front().features) {
            if (f.geom.points.empty()) continue;
            if (p.layer == "terminals")
                items.push_back(make_item(f.text("terminal_id"), f.text("terminal_name"), f.text("country_iso2"), f.text("class"), f.geom.points.front()));
            else {
                // a US Strategic Seaport: the country is its port's (US; Guam's GU), not its `state` column, whose
                // codes read as other countries' (CA Canada, PA Panama, GA Gabon); the state goes with the role
                std::string cc = "US";
                if (const std::string id = f.text("port_id"); !id.empty())
                    if (const auto at = catalog.resolve(id); at.port && !at.port->country_iso2.empty()) cc = at.port->country_iso2;
                const std::string role = f.text("role_as_reported"), state = f.text("state");
                items.push_back(make_item(f.text("port_id"), f.text("name"), cc, state.empty() ? role : role + ", " + state, f.geom.points.front()));
            }
        }
    }
    for (auto& it : items) it.geodesic_m = geodesic_m(r.at.pos, it.pos);
    if (p.by == "sea") {
        // prefilter: the sea distance is at least the geodesic one
        if (p.radius_m)
            items.erase(std::remove_if(items.begin(), items.end(), [&](const near_item& it) { return it.geodesic_m > *p.radius_m; }), items.end());
        const auto cost = base_cost(router, p.arctic);
        const auto& dist = router.engine().one_to_many(r.at.snap.node, cost);
        for (auto& it : items) {
            const auto s = router.snap().nearest(it.pos);
            if (dist[s.node] != HUGE_VAL) it.sea_m = r.at.snap.distance_m + dist[s.node] + s.distance_m;
        }
    }
    const bool by_sea = p.by == "sea";
    auto key = [&](const near_item& it) { return by_sea ? it.sea_m : it.geodesic_m; };
    std::sort(items.begin(), items.end(), [&](const near_item& a, const near_item& b) {
        const double ka = key(a), kb = key(b);
        return ka != kb ? ka < kb : a.id < b.id;
    });
    for (const auto& it : items) {
        if (p.radius_m && key(it) > *p.radius_m) break;
        if (key(it) == HUGE_VAL) break;
        if (p.k && r.items.size() >= *p.k) break;
        r.items.push_back(it);
    }
    return r;
}

// ---------------------------------------------------------------- matrix
void matrix_params::validate() const {
    if (trim(from_set).empty() || trim(to_set).empty()) throw usage_error("matrix needs --from SET and --to SET");
}

matrix_result run_matrix(const matrix_params& p, sea_router& router, const port_catalog& catalog, port_snaps& snaps) {
    p.validate();
    matrix_result r;
    r.from = resolve_port_set(p.from_set, catalog);
    r.to = resolve_port_set(p.to_set, catalog);
    auto cost = base_cost(router, p.arctic);
    cost.closed_gates |= router.gates_mask(p.avoid);
    r.distance_m.assign(r.from.size() * r.to.size(), HUGE_VAL);
    if (p.with_gates) r.gates.assign(r.distance_m.size(), "");
    const bool from_side = r.from.size() <= r.to.size();
    const auto& src = from_side ? r.from : r.to;
    const auto& dst = from_side ? r.to : r.from;
    std::vector<routing::node_id> sources, targets;
    for (auto i : src) sources.push_back(snaps.at(i).node);
    for (auto i : dst) targets.push_back(snaps.at(i).node);
    auto& eng = router.engine();
    const auto& g = router.graph();
    auto cell_of = [&](std::size_t si, std::size_t di) { return from_side ? si * r.to.size() + di : di * r.to.size() + si; };
    r.searches = src.size();
    if (!p.with_gates) { // distances only: on the contraction hierarchy when the cost model has one
        const auto dist = eng.many_to_many(sources, targets, cost);
        for (std::size_t si = 0; si < src.size(); ++si)
            for (std::size_t di = 0; di < dst.size(); ++di)
                if (const double d = dist[si * dst.size() + di]; d != HUGE_VAL)
                    r.distance_m[cell_of(si, di)] = src[si] == dst[di] ? 0.0 : snaps.at(src[si]).distance_m + d + snaps.at(dst[di]).distance_m;
        return r;
    }
    for (std::size_t si = 0; si < src.size(); ++si) { // with the gates: one Dijkstra tree per source, its paths
        const auto& s = snaps.at(src[si]);
        const auto& dist = eng.one_to_many(s.node, targets, cost);
        for (std::size_t di = 0; di < dst.size(); ++di) {
            const auto& d = snaps.at(dst[di]);
            if (dist[d.node] == HUGE_VAL) continue;
            const std::size_t cell = cell_of(si, di);
            r.distance_m[cell] = src[si] == dst[di] ? 0.0 : s.distance_m + dist[d.node] + d.distance_m; // a port to itself: 0
            std::vector<std::string> ids;
            for (auto gi : eng.gates_on_path(eng.path_to(d.node))) ids.push_back(g.gates[gi].id);
            if (!from_side) std::reverse(ids.begin(), ids.end());
            r.gates[cell] = join(ids, ";");
        }
    }
    return r;
}

// ---------------------------------------------------------------- deps
void deps_params::validate() const {
    if (!all_strategic && trim(port).empty()) throw usage_error("deps needs PORT or --all-strategic");
    if (all_strategic && !trim(port).empty()) throw usage_error("deps: give PORT or --all-strategic, not both");
    if (!(prc_radius_m >= 0)) throw usage_error("--prc-radius must be >= 0");
}

namespace {

// ZPMC ship-to-shore cranes of a port (the ports layer's zpmc_sts_count; 0 when empty).
double zpmc_cranes(const feature& f) { return f.number("zpmc_sts_count").value_or(0); }
double zpmc_cranes(const port_catalog& c, std::size_t port) { return c.number(port, "zpmc_sts_count").value_or(0); }

} // namespace

deps_profile run_deps(const std::string& port_text, const deps_params& p, sea_router& router, const port_catalog& catalog,
                      port_snaps& snaps) {
    deps_profile d;
    d.port = resolve_or_status(port_text, catalog, router, p.max_snap_m, d.status, d.message);
    if (d.status != route_status::ok) return d;
    const auto& g = router.graph();
    const lon_lat origin = d.port.pos;
    std::vector<std::size_t> dest;
    for (auto i : resolve_port_set(p.to_set, catalog)) {
        if (d.port.lookup.port && d.port.lookup.port->index == i) continue;
        if (geodesic_m(origin, catalog.ref(i).pos) < 1000) continue;
        dest.push_back(i);
    }
    d.destinations = dest.size();
    std::vector<std::size_t> prc_ports;
    std::vector<routing::node_id> probes;
    for (std::size_t i = 0; i < catalog.size(); ++i) {
        if (!catalog.flag(i, "prc_operated")) continue;
        if (d.port.lookup.port && d.port.lookup.port->index == i) continue;
        prc_ports.push_back(i);
        probes.push_back(snaps.at(i).node);
        // as route --avoid-prc: one within the radius of the port cannot be avoided; its circle stays open
        if (const double m = geodesic_m(origin, catalog.ref(i).pos); m <= p.prc_radius_m && m >= 1000)
            d.unavoidable.emplace_back(catalog.ref(i), m);
    }
    std::sort(d.unavoidable.begin(), d.unavoidable.end(),
              [](const auto& x, const auto& y) { return std::tie(x.second, x.first.port_id) < std::tie(y.second, y.first.port_id); });
    // a destination's zone: its own surroundings and those of the PRC-operated ports within the radius of it
    std::vector<routing::dependency_target> targets;
    for (auto i : dest) {
        const auto& s = snaps.at(i);
        const lon_lat at = catalog.ref(i).pos;
        auto zone = router.snap().within(at, p.prc_radius_m);
        for (auto q : prc_ports)
            if (q != i && geodesic_m(at, catalog.ref(q).pos) <= p.prc_radius_m) {
                const auto more = router.snap().within(catalog.ref(q).pos, p.prc_radius_m);
                zone.insert(zone.end(), more.begin(), more.end());
            }
        targets.push_back({s.node, d.port.snap.distance_m + s.distance_m, std::move(zone)});
    }
    auto mask = prc_avoid_nodes(router, catalog, p.prc_radius_m, {origin}, nullptr, true);
    const auto a = routing::analyse_dependencies(router.engine(), g, d.port.snap.node, targets, base_cost(router, p.arctic),
                                                 std::move(mask), probes);
    d.reachable = a.reachable;
    // nearest PRC-operated ports by sea
    std::vector<std::pair<port_ref, double>> prc;
    for (std::size_t j = 0; j < prc_ports.size(); ++j)
        if (a.probe_m[j] != HUGE_VAL)
            prc.emplace_back(catalog.ref(prc_ports[j]), d.port.snap.distance_m + a.probe_m[j] + snaps.at(prc_ports[j]).distance_m);
    std::sort(prc.begin(), prc.end(), [](const auto& x, const auto& y) { return std::tie(x.second, x.first.port_id) < std::tie(y.second, y.first.port_id); });
    if (prc.size() > p.nearest_prc) prc.resize(p.nearest_prc);
    d.nearest_prc = prc;
    const auto passes = static_cast<std::size_t>(std::count(a.passes.begin(), a.passes.end(), 1));
    d.prc_share = d.reachable ? static_cast<double>(passes) / static_cast<double>(d.reachable) : 0;
    // gate closures
    routing::exposure_inputs ex;
    ex.routes = d.reachable;
    for (const auto& use : a.gates) {
        gate_dependency gd;
        gd.gate = g.gates[use.gate].id;
        gd.routes = use.routes.size();
        gd.share = static_cast<double>(gd.routes) / static_cast<double>(d.reachable);
        double sum_nm = 0, sum_pct = 0;
        std::size_t n_alt = 0;
        for (std::size_t j = 0; j < use.routes.size(); ++j) {
            if (use.detour_m[j] == HUGE_VAL) {
                ++gd.cut_off;
                continue;
            }
            const double pct = 100.0 * use.detour_m[j] / a.base_m[use.routes[j]];
            sum_nm += nm_from_m(use.detour_m[j]);
            sum_pct += pct;
            ex.gate_detours_pct.push_back(pct);
            ++n_alt;
        }
        ex.gate_cut_offs += gd.cut_off;
        gd.detour_nm = n_alt ? sum_nm / static_cast<double>(n_alt) : 0;
        gd.detour_pct = n_alt ? sum_pct / static_cast<double>(n_alt) : 0;
        d.gates.push_back(gd);
    }
    std::sort(d.gates.begin(), d.gates.end(), [](const auto& x, const auto& y) { return std::tie(y.routes, x.gate) < std::tie(x.routes, y.gate); });
    // PRC avoidance: detours of the routes that have an alternative, cut-offs counted apart
    double sum_pct = 0;
    for (std::size_t k = 0; k < dest.size(); ++k) {
        if (a.base_m[k] == HUGE_VAL || a.avoid_m[k] == HUGE_VAL) continue;
        sum_pct += 100.0 * (a.avoid_m[k] - a.base_m[k]) / a.base_m[k];
        ++d.avoid_prc_routes;
    }
    d.avoid_prc_cut_off = a.avoid_cut_off;
    d.avoid_prc_detour_pct = d.avoid_prc_routes ? sum_pct / static_cast<double>(d.avoid_prc_routes) : 0;
    ex.prc_pass_share = d.prc_share;
    ex.nearest_prc_nm = d.nearest_prc.empty() ? HUGE_VAL : nm_from_m(d.nearest_prc.front().second);
    if (d.port.lookup.port) d.cranes = zpmc_cranes(catalog, d.port.lookup.port->index);
    ex.cranes = d.cranes;
    d.inputs = ex;
    d.weights = p.weights;
    d.components = routing::compute_exposure(ex, p.weights);
    d.exposure = d.components.score;
    return d;
}

void use_seaport_cranes(deps_profile& d, double seaport_cranes) {
    if (d.status != route_status::ok || seaport_cranes <= d.cranes) return;
    d.cranes = seaport_cranes;
    d.inputs.cranes = d.cranes;
    d.components = routing::compute_exposure(d.inputs, d.weights);
    d.exposure = d.components.score;
}

std::vector<deps_profile> run_deps_strategic(const std::filesystem::path& gpkg, const deps_params& p, sea_router& router,
                                             const port_catalog& catalog, port_snaps& snaps) {
    auto layers_in = read_catalog_layers(gpkg.parent_path(), {"strategic_seaports"});
    if (layers_in.empty()) throw input_error(gpkg.string(), 0, "", "no 'strategic_seaports' layer (run 'harbormap build')");
    std::vector<deps_profile> out;
    for (const auto& f : layers_in.front().features) {
        const std::string title = f.text("name") + (f.text("state").empty() ? "" : " (" + f.text("state") + ")");
        std::string arg = f.text("port_id");
        if (arg.empty() || !catalog.resolve(arg).ok()) {
            if (f.geom.points.empty()) {
                deps_profile d;
                d.status = route_status::port_not_found;
                d.port.text = title;
                d.title = title;
                d.message = "no port match (" + (f.text("match_status").empty() ? std::string("unmatched") : f.text("match_status")) +
                            ") and no position in the data";
                out.push_back(std::move(d));
                continue;
            }
            arg = format_general(f.geom.points.front().lon) + "," + format_general(f.geom.points.front().lat);
        }
        auto d = run_deps(arg, p, router, catalog, snaps);
        d.title = title;
        if (d.status == route_status::ok) {
            use_seaport_cranes(d, zpmc_cranes(f));
        } else if (d.status == route_status::snap_too_far) {
            d.status = route_status::port_not_found;
            d.message = "cannot be placed on the sea graph: " + d.message;
        }
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const deps_profile& a, const deps_profile& b) { return a.title < b.title; });
    return out;
}

} // namespace harbormap::query
