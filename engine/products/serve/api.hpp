#pragma once
// The JSON APIs of `harbormap serve`, on the same query layer as the CLI (engine/query): the port
// catalog (resolve), route, near and deps.  Independent of the HTTP library: a request is a map of
// query parameters, an answer is an HTTP status and a JSON body.
//   port(id)      /api/ports/{id}   every fact of one port with its source (as `ports show --json`)
//   ports(q)      /api/ports?...    the `ports list` filters (prc, hk, bri, logink, zpmc, strategic, group,
//                                   country, status, min_confidence, bbox) + limit/offset
//   route(q)      /api/route?from=&to=&avoid=   the fields of `route --json`
//   near(q)       /api/near?at=&k=|radius=&by=&layer=
//   deps(id)      /api/deps/{id}
//   facets()      the values the viewer's filters offer (groups, statuses, confidences), from the data
// Errors: 400 bad request (usage errors of the query layer), 404 unknown port, each as
// {"status": ..., "message": ...}.  Routing queries share one search workspace: they are serialised.
#include "engine/query/near_matrix_deps.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/sea_router.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

namespace harbormap::products::serve {

using query_params = std::multimap<std::string, std::string>;

struct api_response {
    int status = 200;
    std::string body; // JSON text
};

api_response json_error(int status, const std::string& code, const std::string& message);

// Parameter bounds (requests beyond them are 400).
inline constexpr std::size_t max_param_length = 256;
inline constexpr std::size_t max_params = 16;
inline constexpr std::size_t max_list_limit = 1000;
inline constexpr std::size_t max_near_k = 200;
inline constexpr std::size_t max_avoid = 16;

struct api_paths {
    std::filesystem::path gpkg, graph, data_dir, mappings_dir;
};

// The fused ports with every fact row of the other layers (terminals, BRI, LOGINK, ZPMC, strategic)
// by port id: what /api/ports/{id} answers and what `export web` writes as facts.json.
class port_facts {
public:
    explicit port_facts(const std::filesystem::path& gpkg);
    const query::port_catalog& catalog() const { return m_catalog; }
    // port_json() plus "facts": one array of rows per fact layer.
    nlohmann::json detail(const feature& port) const;
    // port_id -> detail, for every port with at least one fact (provenance or fact rows).
    nlohmann::json all_with_facts() const;
    // The statuses of the port's terminal rows (the `terminals` layer, as `ports list --status` reads them).
    std::vector<std::string> terminal_statuses(const std::string& port_id) const;
    // Every status a terminal row has, sorted.
    std::vector<std::string> all_terminal_statuses() const;

private:
    query::port_catalog m_catalog;
    std::map<std::string, nlohmann::json> m_facts; // port_id -> {layer: [rows]}
};

class api {
public:
    api(const api_paths& paths, std::ostream& log); // loads the catalog, the fact layers and the router
    ~api();

    api_response port(const std::string& id) const;
    api_response ports(const query_params& q) const;
    api_response route(const query_params& q);
    api_response near(const query_params& q);
    api_response deps(const std::string& id);
    const nlohmann::json& facets() const { return m_facets; }

private:
    api_paths m_paths;
    port_facts m_ports;
    const query::port_catalog& m_catalog;
    nlohmann::json m_facets;
    std::unique_ptr<query::sea_router> m_router;
    std::unique_ptr<query::port_snaps> m_snaps;
    std::mutex m_routing; // the router's search workspace and the snap cache are not thread-safe
};

// ---- filters of `ports list` over the ports layer (engine/products/serve/port_filter.cpp)
struct port_filter {
    bool prc = false, hk = false, bri = false, logink = false, zpmc = false, strategic = false;
    std::string group, country, min_confidence; // min_confidence: low | medium | high (any fact of the port)
    std::string status;                         // a terminal row of the port has it (as `ports list --status`)
    // the keys `group` stands for (query::group_keys_for over query::group_keys_in): set by the caller before
    // matches() (api::ports; a group that stands for none is a usage error there); with `group` set and no keys,
    // no port matches
    std::vector<std::string> group_keys;
    std::optional<bbox> box;
    // terminal_statuses: the statuses of the port's terminal rows (port_facts::terminal_statuses; read only with `status`)
    bool matches(const feature& port, const std::vector<std::string>& terminal_statuses) const;
};
// Reads the filter from query parameters; throws usage_error naming the parameter.
port_filter parse_port_filter(const query_params& q);
// A port as JSON: its attributes, lon/lat and the parsed provenance list.
nlohmann::json port_json(const feature& port);
// The values the viewer's filters offer: {"groups": [...], "map_groups": [{"name", "keys"}...], "statuses": [...], "confidences": [...]};
// statuses: those of terminal rows (the status filter is `ports list --status`'s).
nlohmann::json port_facets(const query::port_catalog& catalog);

} // namespace harbormap::products::serve
