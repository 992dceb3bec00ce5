#include "engine/query/near_matrix_deps.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace harbormap::query {
namespace {

double r2(double v) { return std::round(v * 100) / 100; }

near_item make_item(std::string id, std::string name, std::string country, std::string extra, lon_lat pos) {
    near_item it;
    it.id = std::move(id);
    it.name = std::move(name);
    it.country = std::move(country);
    it.extra = std::move(extra);
    it.pos = pos;
    return it;
}

std::string csv_escape(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

routing::cost_model base_cost(const sea_router& router, bool arctic) {
    routing::cost_model c;
    c.closed_gates = arctic ? 0 : router.graph().default_closed();
    return c;
}

place resolve_or_status(const std::string& text, const port_catalog& catalog, const sea_router& router, route_status& st,
                        std::string& msg) {
    place p = resolve_place(text, &catalog, router);
    st = route_status::ok;
    if (!p.lookup.ok()) {
        st = p.lookup.status == lookup_status::ambiguous ? route_status::ambiguous_port : route_status::port_not_found;
        msg = p.lookup.message;
        for (const auto& c : p.lookup.candidates)
            msg += "\n  " + c.port_id + "  " + c.unlocode + "  " + c.name + " " + c.country_iso2;
    }
    return p;
}

} // namespace

std::vector<std::size_t> resolve_port_set(const std::string& spec_in, const port_catalog& catalog) {
    const std::string spec = trim(spec_in);
    const auto& fs = catalog.layer().features;
    std::vector<std::size_t> out;
    auto filter = [&](auto pred) {
        for (std::size_t i = 0; i < fs.size(); ++i)
            if (pred(fs[i])) out.push_back(i);
    };
    const std::string s = to_lower(spec);
    if (s == "all") filter([](const feature&) { return true; });
    else if (s == "strategic") filter([](const feature& f) { return truthy(f, "strategic"); });
    else if (s == "prc") filter([](const feature& f) { return truthy(f, "prc_operated"); });
    else if (s == "hk") filter([](const feature& f) { return truthy(f, "hk_operated"); });
    else if (s == "bri") filter([](const feature& f) { return truthy(f, "bri"); });
    else if (s == "logink") filter([](const feature& f) { return truthy(f, "logink"); });
    else if (s == "zpmc") filter([](const feature& f) { return truthy(f, "zpmc"); });
    else if (s == "large") filter([](const feature& f) { return f.text("harbor_size") == "Large"; });
    else {
        std::vector<std::string> members;
        if (!spec.empty() && (spec[0] == '@' || std::filesystem::is_regular_file(spec))) {
            const std::string file = spec[0] == '@' ? spec.substr(1) : spec;
            std::ifstream in(file);
            if (!in) throw usage_error("cannot read port set file '" + file + "'");
            std::string line;
            while (std::getline(in, line)) {
                line = trim(line.substr(0, line.find('#')));
                if (!line.empty()) members.push_back(line);
            }
        } else {
            for (const auto& m : split(spec, ';')) // ';' separates members so that "lon,lat" stays whole
                if (!trim(m).empty()) members.push_back(trim(m));
        }
        if (members.empty())
            throw usage_error("empty port set '" + spec + "' (sets: all, strategic, prc, hk, bri, logink, zpmc, large, @FILE, or 'A;B;C')");
        for (const auto& m : members) {
            auto r = catalog.resolve(m);
            if (!r.ok() || !r.port) throw usage_error("port set member '" + m + "': " + (r.message.empty() ? "not a port" : r.message));
            out.push_back(r.port->index);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

const routing::snap_result& port_snaps::at(std::size_t i) {
    if (m_cache.empty()) m_cache.resize(m_catalog.layer().features.size());
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
    r.at = resolve_or_status(p.at, catalog, router, r.status, r.message);
    if (r.status != route_status::ok) return r;
    std::vector<near_item> items;
    if (p.layer == "ports") {
        for (std::size_t i = 0; i < catalog.layer().features.size(); ++i) {
            const auto ref = catalog.ref(i);
            if (r.at.lookup.port && r.at.lookup.port->index == i) continue;
            const auto& f = catalog.layer().features[i];
            std::string extra;
            if (truthy(f, "prc_operated")) extra += "prc-operated ";
            if (truthy(f, "strategic")) extra += "strategic ";
            if (truthy(f, "bri")) extra += "bri ";
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
            else
                items.push_back(make_item(f.text("port_id"), f.text("name"), f.text("state"), f.text("role_as_reported"), f.geom.points.front()));
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

std::string near_text(const near_result& r, const near_params& p) {
    if (r.status != route_status::ok) return "status: " + to_string(r.status) + "\n" + r.message + "\n";
    std::string s = fmt::format("near {} (snap {} nm), by {}: {} {}\n", r.at.label(), format_fixed(nm_from_m(r.at.snap.distance_m), 1), p.by,
                                r.items.size(), p.layer);
    s += fmt::format("{:>4}  {:>9}  {:>9}  {:<22} {:<34} {:<3} {}\n", "rank", "sea_nm", "geo_nm", "id", "name", "cc", "notes");
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        const auto& it = r.items[i];
        s += fmt::format("{:>4}  {:>9}  {:>9}  {:<22} {:<34} {:<3} {}\n", i + 1,
                         it.sea_m == HUGE_VAL ? std::string("-") : format_fixed(nm_from_m(it.sea_m), 1),
                         format_fixed(nm_from_m(it.geodesic_m), 1), it.id, it.name, it.country, it.extra);
    }
    return s;
}

std::string near_json(const near_result& r, const near_params& p) {
    nlohmann::json j;
    j["status"] = to_string(r.status);
    if (r.status != route_status::ok) {
        j["message"] = r.message;
        return j.dump(2) + "\n";
    }
    j["at"] = {{"input", r.at.text}, {"label", r.at.label()}, {"lon", r.at.pos.lon}, {"lat", r.at.pos.lat},
               {"snap_nm", r2(nm_from_m(r.at.snap.distance_m))}};
    j["by"] = p.by;
    j["layer"] = p.layer;
    auto& a = j["items"] = nlohmann::json::array();
    for (const auto& it : r.items) {
        nlohmann::json o = {{"id", it.id}, {"name", it.name}, {"country", it.country}, {"notes", it.extra}, {"lon", it.pos.lon},
                            {"lat", it.pos.lat}, {"geodesic_nm", r2(nm_from_m(it.geodesic_m))}};
        if (it.sea_m != HUGE_VAL) o["sea_nm"] = r2(nm_from_m(it.sea_m));
        a.push_back(o);
    }
    return j.dump(2) + "\n";
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
    std::vector<routing::node_id> targets;
    for (auto i : dst) targets.push_back(snaps.at(i).node);
    auto& eng = router.engine();
    const auto& g = router.graph();
    for (std::size_t si = 0; si < src.size(); ++si) {
        const auto& s = snaps.at(src[si]);
        const auto& dist = eng.one_to_many(s.node, targets, cost);
        ++r.searches;
        for (std::size_t di = 0; di < dst.size(); ++di) {
            const auto& d = snaps.at(dst[di]);
            if (dist[d.node] == HUGE_VAL) continue;
            const std::size_t cell = from_side ? si * r.to.size() + di : di * r.to.size() + si;
            r.distance_m[cell] = s.distance_m + dist[d.node] + d.distance_m;
            if (p.with_gates) {
                std::vector<std::string> ids;
                for (auto gi : eng.gates_on_path(eng.path_to(d.node))) ids.push_back(g.gates[gi].id);
                if (!from_side) std::reverse(ids.begin(), ids.end());
                r.gates[cell] = join(ids, ";");
            }
        }
    }
    return r;
}

std::string matrix_csv(const matrix_result& r, const port_catalog& catalog, bool with_gates) {
    std::string s = "from_id,from_name,to_id,to_name,distance_nm,distance_km,status";
    s += with_gates ? ",gates\n" : "\n";
    std::vector<port_ref> from, to;
    for (auto i : r.from) from.push_back(catalog.ref(i));
    for (auto i : r.to) to.push_back(catalog.ref(i));
    for (std::size_t a = 0; a < from.size(); ++a)
        for (std::size_t b = 0; b < to.size(); ++b) {
            const std::size_t cell = a * to.size() + b;
            const double d = r.distance_m[cell];
            s += csv_escape(from[a].port_id) + "," + csv_escape(from[a].name) + "," + csv_escape(to[b].port_id) + "," +
                 csv_escape(to[b].name) + ",";
            s += d == HUGE_VAL ? std::string(",,no_route") : format_fixed(nm_from_m(d), 1) + "," + format_fixed(km_from_m(d), 1) + ",ok";
            if (with_gates) {
                s += ',';
                s += csv_escape(r.gates[cell]);
            }
            s += "\n";
        }
    return s;
}

// ---------------------------------------------------------------- deps
void deps_params::validate() const {
    if (!all_strategic && trim(port).empty()) throw usage_error("deps needs PORT or --all-strategic");
    if (all_strategic && !trim(port).empty()) throw usage_error("deps: give PORT or --all-strategic, not both");
    if (!(prc_radius_m >= 0)) throw usage_error("--prc-radius must be >= 0");
}

deps_profile run_deps(const std::string& port_text, const deps_params& p, sea_router& router, const port_catalog& catalog,
                      port_snaps& snaps) {
    deps_profile d;
    d.port = resolve_or_status(port_text, catalog, router, d.status, d.message);
    if (d.status != route_status::ok) return d;
    const auto& g = router.graph();
    auto& eng = router.engine();
    const auto base = base_cost(router, p.arctic);
    const lon_lat origin = d.port.pos;
    std::vector<std::size_t> dest;
    for (auto i : resolve_port_set(p.to_set, catalog)) {
        if (d.port.lookup.port && d.port.lookup.port->index == i) continue;
        if (geodesic_m(origin, catalog.ref(i).pos) < 1000) continue;
        dest.push_back(i);
    }
    d.destinations = dest.size();
    // baseline tree: distances and paths (gates, PRC passes)
    const auto& tree = eng.one_to_many(d.port.snap.node, base);
    std::vector<double> base_m(dest.size(), HUGE_VAL);
    std::vector<routing::gate_mask> route_gates(dest.size(), 0);
    std::vector<std::uint8_t> near_prc_mask;
    {
        std::vector<lon_lat> exempt{origin};
        near_prc_mask = prc_avoid_nodes(router, catalog, p.prc_radius_m, exempt);
    }
    std::vector<std::vector<routing::node_id>> dest_zone(dest.size());
    std::size_t passes = 0;
    for (std::size_t k = 0; k < dest.size(); ++k) {
        const auto& s = snaps.at(dest[k]);
        if (tree[s.node] == HUGE_VAL) continue;
        base_m[k] = d.port.snap.distance_m + tree[s.node] + s.distance_m;
        ++d.reachable;
        const auto path = eng.path_to(s.node);
        for (auto gi : eng.gates_on_path(path)) route_gates[k] |= routing::gate_mask{1} << gi;
        dest_zone[k] = router.snap().within(catalog.ref(dest[k]).pos, p.prc_radius_m);
        std::set<routing::node_id> zone(dest_zone[k].begin(), dest_zone[k].end());
        for (auto n : path.nodes)
            if (near_prc_mask[n] && !zone.count(n)) {
                ++passes;
                break;
            }
    }
    // nearest PRC-operated ports by sea
    std::vector<std::pair<port_ref, double>> prc;
    for (std::size_t i = 0; i < catalog.layer().features.size(); ++i) {
        if (!truthy(catalog.layer().features[i], "prc_operated")) continue;
        if (d.port.lookup.port && d.port.lookup.port->index == i) continue;
        const auto& s = snaps.at(i);
        if (tree[s.node] == HUGE_VAL) continue;
        prc.emplace_back(catalog.ref(i), d.port.snap.distance_m + tree[s.node] + s.distance_m);
    }
    std::sort(prc.begin(), prc.end(), [](const auto& a, const auto& b) { return std::tie(a.second, a.first.port_id) < std::tie(b.second, b.first.port_id); });
    if (prc.size() > p.nearest_prc) prc.resize(p.nearest_prc);
    d.nearest_prc = prc;
    d.prc_share = d.reachable ? static_cast<double>(passes) / static_cast<double>(d.reachable) : 0;
    // gate closures
    double chokepoint_term = 0;
    for (std::size_t gi = 0; gi < g.gates.size(); ++gi) {
        const routing::gate_mask bit = routing::gate_mask{1} << gi;
        std::vector<std::size_t> users;
        for (std::size_t k = 0; k < dest.size(); ++k)
            if (base_m[k] != HUGE_VAL && (route_gates[k] & bit)) users.push_back(k);
        if (users.empty()) continue;
        auto closed = base;
        closed.closed_gates |= bit;
        // one tree per used gate, stopped once the routes that crossed it are settled again
        std::vector<routing::node_id> user_nodes;
        for (auto k : users) user_nodes.push_back(snaps.at(dest[k]).node);
        const auto& alt = eng.one_to_many(d.port.snap.node, user_nodes, closed);
        gate_dependency gd;
        gd.gate = g.gates[gi].id;
        gd.routes = users.size();
        gd.share = static_cast<double>(users.size()) / static_cast<double>(d.reachable);
        double sum_nm = 0, sum_pct = 0, factor = 0;
        std::size_t n_alt = 0;
        for (auto k : users) {
            const auto& s = snaps.at(dest[k]);
            if (alt[s.node] == HUGE_VAL) {
                ++gd.cut_off;
                factor += 1;
                continue;
            }
            const double extra = d.port.snap.distance_m + alt[s.node] + s.distance_m - base_m[k];
            const double pct = 100.0 * extra / base_m[k];
            sum_nm += nm_from_m(extra);
            sum_pct += pct;
            factor += std::min(1.0, pct / 50.0);
            ++n_alt;
        }
        gd.detour_nm = n_alt ? sum_nm / static_cast<double>(n_alt) : 0;
        gd.detour_pct = n_alt ? sum_pct / static_cast<double>(n_alt) : 0;
        chokepoint_term += factor / static_cast<double>(d.reachable);
        d.gates.push_back(gd);
    }
    std::sort(d.gates.begin(), d.gates.end(), [](const auto& a, const auto& b) { return std::tie(b.routes, a.gate) < std::tie(a.routes, b.gate); });
    // PRC avoidance: per destination, its own surroundings are open (as in `route --avoid-prc`).  A
    // destination whose surroundings hold no avoided node sees exactly the common mask, so one tree
    // (stopped once they are settled) answers all of those; only destinations next to a PRC-operated
    // port need a search of their own (A* with landmarks).
    {
        auto mask = near_prc_mask;
        mask[d.port.snap.node] = 0;
        auto cost = base;
        cost.avoid_nodes = &mask;
        std::vector<double> pct(dest.size(), HUGE_VAL); // HUGE_VAL: not reachable / not counted
        std::vector<std::size_t> shared, own;
        for (std::size_t k = 0; k < dest.size(); ++k) {
            if (base_m[k] == HUGE_VAL) continue;
            bool touches = mask[snaps.at(dest[k]).node] != 0;
            for (auto nd : dest_zone[k]) touches = touches || mask[nd] != 0;
            (touches ? own : shared).push_back(k);
        }
        if (!shared.empty()) {
            std::vector<routing::node_id> targets;
            for (auto k : shared) targets.push_back(snaps.at(dest[k]).node);
            const auto& t = eng.one_to_many(d.port.snap.node, targets, cost);
            for (auto k : shared) {
                const auto& s = snaps.at(dest[k]);
                if (t[s.node] == HUGE_VAL) continue;
                const double m = d.port.snap.distance_m + t[s.node] + s.distance_m;
                pct[k] = 100.0 * (m - base_m[k]) / base_m[k];
            }
        }
        // Components of the sea under the common mask: a destination of its own is cut off unless its
        // opened surroundings join the origin's component to its own (checked on a few labels, which
        // spares a search that would explore every node it can reach before giving up).
        const std::size_t nn = g.node_count();
        constexpr std::uint32_t none = 0xffffffffu;
        std::vector<std::uint32_t> comp(nn, none);
        if (!own.empty()) {
            std::uint32_t next = 0;
            std::vector<routing::node_id> stack;
            for (routing::node_id v0 = 0; v0 < nn; ++v0) {
                if (comp[v0] != none || mask[v0]) continue;
                comp[v0] = next;
                stack.push_back(v0);
                while (!stack.empty()) {
                    const auto u = stack.back();
                    stack.pop_back();
                    for (auto a = g.arc_begin(u); a < g.arc_end(u); ++a) {
                        const auto& arc = g.arcs[a];
                        if ((arc.gates & cost.closed_gates) || mask[arc.target] || comp[arc.target] != none) continue;
                        comp[arc.target] = next;
                        stack.push_back(arc.target);
                    }
                }
                ++next;
            }
        }
        auto joined = [&](routing::node_id target, const std::vector<routing::node_id>& opened) {
            // union-find over component labels and opened nodes (keys: label, or nn + index of the opened node)
            std::map<std::uint64_t, std::uint64_t> parent;
            auto find = [&](std::uint64_t x) {
                while (parent.count(x) && parent[x] != x) x = parent[x];
                return x;
            };
            auto unite = [&](std::uint64_t a, std::uint64_t b) {
                a = find(a), b = find(b);
                if (a != b) parent[a] = b;
            };
            auto key_of = [&](routing::node_id v) -> std::uint64_t {
                const auto it = std::find(opened.begin(), opened.end(), v);
                if (it != opened.end()) return std::uint64_t{nn} + static_cast<std::uint64_t>(it - opened.begin());
                return comp[v] == none ? std::uint64_t(-1) : comp[v];
            };
            for (auto z : opened)
                for (auto a = g.arc_begin(z); a < g.arc_end(z); ++a) {
                    const auto& arc = g.arcs[a];
                    if (arc.gates & cost.closed_gates) continue;
                    const auto kv = key_of(arc.target);
                    if (kv != std::uint64_t(-1)) unite(key_of(z), kv);
                }
            const auto ko = key_of(d.port.snap.node), kt = key_of(target);
            return ko != std::uint64_t(-1) && kt != std::uint64_t(-1) && find(ko) == find(kt);
        };
        for (auto k : own) {
            {
                std::vector<routing::node_id> opened(dest_zone[k]);
                opened.push_back(snaps.at(dest[k]).node);
                std::sort(opened.begin(), opened.end());
                opened.erase(std::unique(opened.begin(), opened.end()), opened.end());
                std::vector<routing::node_id> masked;
                for (auto v : opened)
                    if (mask[v]) masked.push_back(v);
                if (!joined(snaps.at(dest[k]).node, masked)) continue; // cut off
            }
            std::vector<std::pair<routing::node_id, std::uint8_t>> saved;
            for (auto nd : dest_zone[k]) saved.emplace_back(nd, mask[nd]), mask[nd] = 0;
            const auto& s = snaps.at(dest[k]);
            saved.emplace_back(s.node, mask[s.node]);
            mask[s.node] = 0;
            const auto r = eng.astar(d.port.snap.node, s.node, cost);
            for (auto it = saved.rbegin(); it != saved.rend(); ++it) mask[it->first] = it->second;
            if (r.status != routing::search_status::ok) continue;
            const double m = d.port.snap.distance_m + r.cost_m + s.distance_m;
            pct[k] = 100.0 * (m - base_m[k]) / base_m[k];
        }
        double sum_pct = 0;
        std::size_t n = 0;
        for (std::size_t k = 0; k < dest.size(); ++k) {
            if (base_m[k] == HUGE_VAL) continue;
            if (pct[k] == HUGE_VAL) {
                ++d.avoid_prc_cut_off;
                continue;
            }
            sum_pct += pct[k];
            ++n;
        }
        d.avoid_prc_detour_pct = n ? sum_pct / static_cast<double>(n) : 0;
    }
    const double nearest_nm = d.nearest_prc.empty() ? HUGE_VAL : nm_from_m(d.nearest_prc.front().second);
    const double proximity = nearest_nm <= 500 ? 1.0 : nearest_nm >= 3000 ? 0.0 : (3000 - nearest_nm) / 2500;
    d.exposure = 100.0 * (0.5 * std::min(1.0, chokepoint_term) + 0.3 * d.prc_share + 0.2 * proximity);
    return d;
}

std::string deps_text(const std::vector<deps_profile>& profiles, bool table) {
    std::string s;
    if (table) {
        s += fmt::format("{:<34} {:>5} {:>8} {:>8} {:>9} {:<32} {}\n", "port", "dest", "exposure", "prc_pass", "avoid_prc", "nearest PRC-operated (sea nm)", "top gates (share%, detour%)");
        for (const auto& d : profiles) {
            if (d.status != route_status::ok) {
                s += fmt::format("{:<34} {}\n", d.port.text, to_string(d.status));
                continue;
            }
            std::vector<std::string> gs;
            for (std::size_t i = 0; i < d.gates.size() && i < 4; ++i)
                gs.push_back(fmt::format("{} {:.0f}%/{:+.0f}%", d.gates[i].gate, 100 * d.gates[i].share, d.gates[i].detour_pct));
            const std::string near = d.nearest_prc.empty() ? "-" : fmt::format("{} {:.0f}", d.nearest_prc.front().first.name, nm_from_m(d.nearest_prc.front().second));
            s += fmt::format("{:<34} {:>5} {:>8.1f} {:>7.0f}% {:>+8.1f}% {:<32} {}\n", d.port.label().substr(0, 34), d.reachable, d.exposure,
                             100 * d.prc_share, d.avoid_prc_detour_pct, near.substr(0, 32), join(gs, ", "));
        }
        return s;
    }
    for (const auto& d : profiles) {
        if (d.status != route_status::ok) {
            s += "status: " + to_string(d.status) + "\n" + d.message + "\n";
            continue;
        }
        s += fmt::format("port:        {} (snap {} nm)\n", d.port.label(), format_fixed(nm_from_m(d.port.snap.distance_m), 1));
        s += fmt::format("routes:      {} destinations, {} reachable\n", d.destinations, d.reachable);
        s += fmt::format("exposure:    {:.1f} / 100\n", d.exposure);
        s += fmt::format("PRC passes:  {:.0f}% of routes pass within the radius of a PRC-operated port; avoiding them adds {:+.1f}% on average ({} cut off)\n",
                         100 * d.prc_share, d.avoid_prc_detour_pct, d.avoid_prc_cut_off);
        s += "gates:       gate            routes  share   detour_nm  detour%  cut_off\n";
        for (const auto& g : d.gates)
            s += fmt::format("             {:<15} {:>6} {:>5.0f}%  {:>9.0f}  {:>+7.1f}%  {:>7}\n", g.gate, g.routes, 100 * g.share, g.detour_nm, g.detour_pct, g.cut_off);
        s += "nearest PRC-operated ports by sea:\n";
        for (const auto& [ref, m] : d.nearest_prc)
            s += fmt::format("             {:>8.1f} nm  {} ({}) {}\n", nm_from_m(m), ref.name, ref.unlocode.empty() ? ref.port_id : ref.unlocode, ref.country_iso2);
    }
    return s;
}

std::string deps_json(const std::vector<deps_profile>& profiles) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : profiles) {
        nlohmann::json j;
        j["status"] = to_string(d.status);
        j["input"] = d.port.text;
        if (d.status != route_status::ok) {
            j["message"] = d.message;
            arr.push_back(j);
            continue;
        }
        j["port"] = d.port.label();
        if (d.port.lookup.port) j["port_id"] = d.port.lookup.port->port_id;
        j["destinations"] = d.destinations;
        j["reachable"] = d.reachable;
        j["exposure"] = r2(d.exposure);
        j["prc_pass_share"] = r2(d.prc_share);
        j["avoid_prc_detour_pct"] = r2(d.avoid_prc_detour_pct);
        j["avoid_prc_cut_off"] = d.avoid_prc_cut_off;
        auto& gs = j["gates"] = nlohmann::json::array();
        for (const auto& g : d.gates)
            gs.push_back({{"gate", g.gate}, {"routes", g.routes}, {"share", r2(g.share)}, {"detour_nm", r2(g.detour_nm)},
                          {"detour_pct", r2(g.detour_pct)}, {"cut_off", g.cut_off}});
        auto& np = j["nearest_prc"] = nlohmann::json::array();
        for (const auto& [ref, m] : d.nearest_prc)
            np.push_back({{"port_id", ref.port_id}, {"name", ref.name}, {"country_iso2", ref.country_iso2}, {"sea_nm", r2(nm_from_m(m))}});
        arr.push_back(j);
    }
    return arr.dump(2) + "\n";
}

} // namespace harbormap::query
