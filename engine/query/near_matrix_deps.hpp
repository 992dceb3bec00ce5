#pragma once
// Many-port sea queries on the routing facade: port sets, `near`, `matrix` and `deps`.
// One params struct per query (validated); no-answer cases are statuses, not exceptions.
#include "engine/query/route_query.hpp"
#include "engine/routing/exposure.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::query {

// A set of ports of the fused layer by spec: all | strategic | prc | hk | bri | logink | zpmc | large |
// @FILE (one port argument per line, '#' comments) | a ';'-separated list of port arguments.
// Returns feature indices, each once: a named set in the catalog's order, listed or @FILE members in the
// order given.  An unresolvable listed member is a usage_error; an @FILE that cannot be read or a member
// of it that does not resolve is an input_error naming the file and line.
std::vector<std::size_t> resolve_port_set(const std::string& spec, const port_catalog& catalog);

// Snap of every port of the catalog (computed once, on first use).
class port_snaps {
public:
    port_snaps(const sea_router& router, const port_catalog& catalog) : m_router(router), m_catalog(catalog) {}
    const routing::snap_result& at(std::size_t index);

private:
    const sea_router& m_router;
    const port_catalog& m_catalog;
    std::vector<std::optional<routing::snap_result>> m_cache;
};

// ---- near
struct near_params {
    std::string at;
    std::optional<double> radius_m; // either radius or k (or both: the k nearest within the radius)
    std::optional<std::size_t> k;
    std::string by = "sea";     // sea | geodesic
    std::string layer = "ports"; // ports | terminals | strategic
    bool arctic = false;
    double max_snap_m = default_max_snap_m;
    void validate() const;
};
struct near_item {
    std::string id, name, country, extra; // extra: class/role
    lon_lat pos;
    double geodesic_m = 0, sea_m = HUGE_VAL;
};
struct near_result {
    route_status status = route_status::ok;
    std::string message;
    place at;
    std::vector<near_item> items; // nearest first
};
// The features of `layer` are read from gpkg (ports come from the catalog).
near_result run_near(const near_params& p, sea_router& router, const port_catalog& catalog,
                     const std::filesystem::path& gpkg);
std::string near_text(const near_result& r, const near_params& p);
std::string near_json(const near_result& r, const near_params& p);

// ---- matrix
struct matrix_params {
    std::string from_set, to_set;
    std::vector<std::string> avoid;
    bool arctic = false;
    bool with_gates = false; // add the gates of each route (slower)
    void validate() const;
};
struct matrix_result {
    std::vector<std::size_t> from, to;   // port indices
    std::vector<double> distance_m;      // from.size() x to.size(), HUGE_VAL = no route
    std::vector<std::string> gates;      // same shape when with_gates
    std::size_t searches = 0;
};
// One one-to-all search per port of the smaller side (the graph is undirected): a PHAST sweep of the
// contraction hierarchy when the cost model is the one it was built for and no gates are asked for, else a
// Dijkstra tree (whose paths give the gates).
matrix_result run_matrix(const matrix_params& p, sea_router& router, const port_catalog& catalog, port_snaps& snaps);
std::string matrix_csv(const matrix_result& r, const port_catalog& catalog, bool with_gates);

// ---- deps
struct deps_params {
    std::string port;          // or empty with all_strategic
    bool all_strategic = false;
    std::string to_set = "large";
    double prc_radius_m = default_prc_radius_m;
    bool arctic = false;
    std::size_t nearest_prc = 5;
    double max_snap_m = default_max_snap_m;
    routing::exposure_weights weights; // --weights c=..,p=..,n=..,z=..
    void validate() const;
};
struct gate_dependency {
    std::string gate;
    std::size_t routes = 0;      // routes crossing it
    double share = 0;            // routes / reachable routes
    double detour_nm = 0;        // mean extra distance of those routes when the gate is closed
    double detour_pct = 0;       // mean extra distance in %
    std::size_t cut_off = 0;     // routes with no alternative when closed
};
struct deps_profile {
    route_status status = route_status::ok;
    std::string message;
    place port;
    std::size_t destinations = 0, reachable = 0;
    std::vector<gate_dependency> gates; // most used first
    std::vector<std::pair<port_ref, double>> nearest_prc; // by sea, metres
    double prc_share = 0;          // share of routes passing within prc_radius of a PRC-operated port (not one near an end)
    std::vector<std::pair<port_ref, double>> unavoidable; // PRC-operated ports within prc_radius of the port (geodesic m):
                                                          // every route passes them; not counted in P nor avoided
    double avoid_prc_detour_pct = 0; // mean detour (%) of the routes that can avoid PRC-operated ports
    std::size_t avoid_prc_routes = 0;  // routes that can avoid them
    std::size_t avoid_prc_cut_off = 0; // routes that cannot (counted apart from the detours)
    double cranes = 0;             // ZPMC STS cranes at the port (ports layer zpmc_sts_count)
    routing::exposure_components components; // C, P, N, Z (routing/exposure.hpp)
    routing::exposure_weights weights;       // those the score was computed with
    routing::exposure_inputs inputs;         // what the components were computed from
    std::string title;                       // --all-strategic: the Strategic Seaport's name and state
    double exposure = 0;           // 0..100, components.score
};
deps_profile run_deps(const std::string& port_text, const deps_params& p, sea_router& router, const port_catalog& catalog,
                      port_snaps& snaps);
// Every US Strategic Seaport of the GeoPackage's strategic_seaports layer by its own name: at its matched
// port, else at its position; one that cannot be placed (no match and no position, or too far from the
// sea graph) is a profile with status port_not_found and the reason as its message.  Z uses the larger of
// the seaport's and the port's ZPMC crane counts.
std::vector<deps_profile> run_deps_strategic(const std::filesystem::path& gpkg, const deps_params& p, sea_router& router,
                                             const port_catalog& catalog, port_snaps& snaps);
// The crane term of a Strategic Seaport's profile (run_deps_strategic, the report's seaport table): the seaport's
// own ZPMC count (strategic_seaports.zpmc_sts_count, e.g. a port complex's: Norfolk (Hampton Roads) 22 where its
// port entity has 6) when it is larger than the port's; the score is recomputed.
void use_seaport_cranes(deps_profile& d, double seaport_cranes);
std::string deps_text(const std::vector<deps_profile>& profiles, bool table);
std::string deps_json(const std::vector<deps_profile>& profiles);
std::string deps_csv(const std::vector<deps_profile>& profiles);

// ---- near and matrix, further formats
std::string near_csv(const near_result& r);
std::string near_geojson(const near_result& r);
std::string matrix_json(const matrix_result& r, const port_catalog& catalog, bool with_gates);

} // namespace harbormap::query
