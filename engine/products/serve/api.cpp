#include "engine/products/serve/api.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"
#include "engine/query/port_groups.hpp"
#include "engine/query/route_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace harbormap::products::serve {
namespace {

using nlohmann::json;

const std::vector<std::string>& fact_layers() {
    // the layers `ports show` lists; `cranes` without its source_table zpmc rows (those are zpmc_cranes)
    static const std::vector<std::string> l = {"terminals",   "bri_projects", "logink",        "zpmc_cranes",
                                               "cranes",      "crane_orders", "prc_equipment", "strategic_seaports"};
    return l;
}

std::string param(const query_params& q, const std::string& key, const std::string& fallback = {}) {
    const auto it = q.find(key);
    return it == q.end() ? fallback : it->second;
}

void only_known(const query_params& q, const std::set<std::string>& known) {
    for (const auto& [k, v] : q)
        if (!known.count(k)) throw usage_error("unknown parameter '" + k + "' (known: " + join({known.begin(), known.end()}, ", ") + ")");
}

std::size_t count_param(const query_params& q, const std::string& key, std::size_t fallback, std::size_t max, std::int64_t min = 0) {
    const std::string v = param(q, key);
    if (v.empty()) return fallback;
    const auto n = parse_int(v);
    if (!n || *n < min || static_cast<std::size_t>(*n) > max)
        throw usage_error(fmt::format("parameter '{}': expected an integer {}-{}, got '{}'", key, min, max, v));
    return static_cast<std::size_t>(*n);
}

bool flag_param(const query_params& q, const std::string& key) {
    const std::string v = to_lower(param(q, key, "false"));
    if (v == "1" || v == "true" || v == "yes" || v.empty()) return true;
    if (v == "0" || v == "false" || v == "no") return false;
    throw usage_error("parameter '" + key + "': expected true or false, got '" + v + "'");
}

int http_status(query::route_status s) {
    switch (s) {
    case query::route_status::ok: return 200;
    case query::route_status::port_not_found: return 404;
    case query::route_status::ambiguous_port: return 400;
    case query::route_status::no_route: return 200; // an answer: no sea route under these constraints
    case query::route_status::snap_too_far: return 422; // a position too far from the sea graph (see --max-snap)
    }
    return 500;
}

// Runs f, turning the query layer's usage errors into 400 answers.
template <class F>
api_response guarded(F&& f) {
    try {
        return f();
    } catch (const usage_error& e) {
        return json_error(400, "bad_request", e.what());
    }
}

} // namespace

api_response json_error(int status, const std::string& code, const std::string& message) {
    return {status, json{{"status", code}, {"message", message}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"};
}

port_facts::port_facts(const std::filesystem::path& gpkg) : m_catalog(query::port_catalog::load(gpkg)) {
    for (auto& l : query::read_catalog_layers(gpkg.parent_path(), fact_layers()))
        for (const auto& f : l.features) {
            const std::string id = f.text("port_id");
            if (id.empty() || (l.name == "cranes" && f.text("source_table") == "zpmc")) continue;
            json& facts = m_facts[id];
            if (!facts.contains(l.name)) facts[l.name] = json::array();
            json row = port_json(f);
            row.erase("provenance");
            facts[l.name].push_back(std::move(row));
        }
}

json port_facts::detail(const feature& port) const {
    json j = port_json(port);
    const auto it = m_facts.find(port.text("port_id"));
    json& facts = j["facts"] = json::object(); // apart from the port's own counts/flags of the same names (bri_projects, logink)
    for (const auto& l : fact_layers()) facts[l] = it != m_facts.end() && it->second.contains(l) ? it->second.at(l) : json::array();
    return j;
}

std::vector<std::string> port_facts::terminal_statuses(const std::string& port_id) const {
    std::vector<std::string> out;
    const auto it = m_facts.find(port_id);
    if (it == m_facts.end() || !it->second.contains("terminals")) return out;
    for (const auto& row : it->second.at("terminals"))
        if (row.contains("status") && row["status"].is_string()) out.push_back(row["status"].get<std::string>());
    return out;
}

std::vector<std::string> port_facts::all_terminal_statuses() const {
    std::set<std::string> all;
    for (const auto& [id, facts] : m_facts)
        for (const auto& s : terminal_statuses(id)) all.insert(s);
    return {all.begin(), all.end()};
}

json port_facts::all_with_facts() const {
    json all = json::object();
    for (const auto& f : m_catalog.layer().features) {
        const std::string id = f.text("port_id");
        if (m_facts.count(id) || (!f.text("provenance").empty() && f.text("provenance") != "[]")) all[id] = detail(f);
    }
    return all;
}

api::api(const api_paths& paths, std::ostream& log) : m_paths(paths), m_ports(paths.gpkg), m_catalog(m_ports.catalog()) {
    m_facets = port_facets(m_catalog);
    m_router = query::sea_router::open(paths.graph, paths.data_dir, paths.mappings_dir, log);
    m_snaps = std::make_unique<query::port_snaps>(*m_router, m_catalog);
}

api::~api() = default;

api_response api::port(const std::string& id) const {
    if (trim(id).empty() || id.size() > max_param_length) return json_error(400, "bad_request", "port id: 1-256 characters");
    const auto r = m_catalog.resolve(id);
    if (r.bad_input) return json_error(400, "bad_request", r.message); // a position out of range: not a missing port
    // a position (in range) is a bad request too, as on the command line: /api/near?at= answers for one
    if (r.ok() && !r.port) return json_error(400, "bad_request", query::position_is_not_a_port(id) + " (the ports near a position: /api/near?at=)");
    if (!r.ok()) {
        json j{{"status", query::to_string(r.status)}, {"message", r.message}};
        json c = json::array();
        for (const auto& p : r.candidates) c.push_back({{"port_id", p.port_id}, {"name", p.name}, {"country_iso2", p.country_iso2}, {"unlocode", p.unlocode}});
        j["candidates"] = c;
        return {r.status == query::lookup_status::ambiguous ? 400 : 404, j.dump() + "\n"};
    }
    json j = m_ports.detail(m_catalog.layer().features[r.port->index]);
    j["status"] = "ok";
    return {200, j.dump() + "\n"};
}

api_response api::ports(const query_params& q) const {
    return guarded([&] {
        port_filter f = parse_port_filter(q);
        if (!f.status.empty()) { // a terminal status, case aside, as `ports list --status`; one no row has is an error
            const auto known = m_ports.all_terminal_statuses();
            const auto it = std::find_if(known.begin(), known.end(), [&](const std::string& k) { return to_lower(k) == to_lower(f.status); });
            if (it == known.end())
                throw usage_error("parameter 'status': no terminal row has status '" + f.status + "' (terminal statuses: " + join(known, ", ") + ")");
            f.status = *it;
        }
        if (!f.group.empty()) { // a group key or a map group (China Merchants), as `ports list --group`; one no port has is an error
            const std::set<std::string> known = query::group_keys_in(m_catalog.layer().features);
            f.group_keys = query::group_keys_for(f.group, known);
            if (f.group_keys.empty())
                throw usage_error("parameter 'group': no port has terminal group key or map group '" + f.group + "' (by the maps' group: " +
                                  query::describe_group_keys(f.group, known, "hk=true") + ")");
        }
        const std::size_t limit = count_param(q, "limit", 100, max_list_limit);
        const std::size_t offset = count_param(q, "offset", 0, std::numeric_limits<int>::max());
        json list = json::array();
        std::size_t total = 0;
        for (const auto& p : m_catalog.layer().features) {
            if (!f.matches(p, f.status.empty() ? std::vector<std::string>{} : m_ports.terminal_statuses(p.text("port_id")))) continue;
            if (total++ < offset || list.size() >= limit) continue;
            json row = port_json(p);
            row.erase("provenance");
            list.push_back(std::move(row));
        }
        return api_response{200, json{{"status", "ok"}, {"total", total}, {"offset", offset}, {"limit", limit}, {"ports", list}}.dump() + "\n"};
    });
}

api_response api::route(const query_params& q) {
    return guarded([&] {
        only_known(q, {"from", "to", "avoid", "arctic", "avoid_prc", "corridor"});
        query::route_params p;
        p.from = param(q, "from");
        p.to = param(q, "to");
        if (p.from.empty() || p.to.empty()) throw usage_error("route needs from= and to= (UN/LOCODE, WPI number, port id, name or lon,lat)");
        for (const auto& [k, v] : q)
            if (k == "avoid")
                for (auto& id : split_list(v, ",")) p.avoid.push_back(id);
        if (p.avoid.size() > max_avoid) throw usage_error(fmt::format("avoid: at most {} gates", max_avoid));
        p.arctic = flag_param(q, "arctic");
        p.avoid_prc = flag_param(q, "avoid_prc");
        if (const auto c = param(q, "corridor"); !c.empty()) p.corridor_m = parse_distance_m(c);
        p.validate();
        std::lock_guard lock(m_routing);
        const auto r = query::run_route(p, *m_router, &m_catalog);
        return api_response{http_status(r.status), query::route_json(r)};
    });
}

api_response api::near(const query_params& q) {
    return guarded([&] {
        only_known(q, {"at", "k", "radius", "by", "layer", "arctic"});
        query::near_params p;
        p.at = param(q, "at");
        if (const auto k = count_param(q, "k", 0, max_near_k, 1); k > 0) p.k = k; // k=0 is refused, not the default
        if (const auto r = param(q, "radius"); !r.empty()) {
            p.radius_m = parse_distance_m(r);
            if (*p.radius_m > 20000e3) throw usage_error("radius: at most 20000km");
        }
        if (!p.k && !p.radius_m) p.k = 10;
        p.by = param(q, "by", "sea");
        p.layer = param(q, "layer", "ports");
        p.arctic = flag_param(q, "arctic");
        p.validate();
        std::lock_guard lock(m_routing);
        const auto r = query::run_near(p, *m_router, m_catalog, m_paths.gpkg);
        return api_response{http_status(r.status), query::near_json(r, p)};
    });
}

api_response api::deps(const std::string& id) {
    return guarded([&] {
        if (trim(id).empty() || id.size() > max_param_length) throw usage_error("port id: 1-256 characters");
        query::deps_params p;
        p.port = id;
        p.validate();
        std::lock_guard lock(m_routing);
        const auto d = query::run_deps(id, p, *m_router, m_catalog, *m_snaps);
        if (d.status != query::route_status::ok) return json_error(http_status(d.status), query::to_string(d.status), d.message);
        return api_response{200, query::deps_json({d})};
    });
}

} // namespace harbormap::products::serve
