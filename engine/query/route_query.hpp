#pragma once
// `harbormap route FROM TO`: one params struct (validated), stable statuses, text/JSON/GeoJSON output.
#include "engine/query/port_lookup.hpp"
#include "engine/query/sea_router.hpp"

#include <optional>
#include <string>
#include <vector>

namespace harbormap::query {

enum class route_status { ok, port_not_found, ambiguous_port, no_route };
std::string to_string(route_status s);

inline constexpr double default_corridor_m = 50 * 1852.0;   // --corridor 50nm
inline constexpr double default_prc_radius_m = 50 * 1852.0; // --avoid-prc passes no closer than this

// A port or a position, resolved and snapped to the sea graph.
struct place {
    std::string text;
    lookup_result lookup;
    lon_lat pos;
    routing::snap_result snap;
    std::string label() const; // "Rotterdam (NLRTM)" or "4.4667,51.9"
};

// Resolves text (port or lon,lat) with the catalog (may be null: only positions are accepted then).
place resolve_place(const std::string& text, const port_catalog* catalog, const sea_router& router);

struct route_params {
    std::string from, to;
    std::vector<std::string> avoid; // gate ids
    bool arctic = false;            // open the gates closed by default (arctic routes)
    bool avoid_prc = false;
    double prc_radius_m = default_prc_radius_m;
    double corridor_m = default_corridor_m;
    bool use_astar = true;          // false: plain Dijkstra; true: the contraction hierarchy for the
                                    // default cost model, ALT A* for every other one
    void validate() const; // throws usage_error
};

struct corridor_port {
    port_ref port;
    double distance_m = 0; // from the path
    bool prc_operated = false, bri = false;
};

struct route_result {
    route_status status = route_status::no_route;
    std::string message;
    place from, to;
    std::vector<port_ref> candidates; // ambiguous / not found
    double sea_m = 0;                 // along the graph
    double total_m = 0;               // sea + both snap distances
    std::vector<lon_lat> path;        // from.pos, nodes..., to.pos (lon in [-180, 180])
    std::vector<std::string> gates;   // ids in path order
    std::vector<corridor_port> corridor;
    std::size_t avoided_nodes = 0;    // --avoid-prc: nodes closed
};

// Nodes within radius of PRC-operated ports, except near the given endpoints.
std::vector<std::uint8_t> prc_avoid_nodes(const sea_router& router, const port_catalog& catalog, double radius_m,
                                          const std::vector<lon_lat>& exempt);

route_result run_route(const route_params& params, sea_router& router, const port_catalog* catalog);

// Splits a lon/lat path at the antimeridian into parts (interpolated crossing points at +-180).
std::vector<line_string> split_antimeridian(const std::vector<lon_lat>& path);
// Distance (m, approximately geodesic) from p to a polyline.
double distance_to_path_m(const lon_lat& p, const std::vector<lon_lat>& path);

std::string route_text(const route_result& r);
std::string route_json(const route_result& r);
std::string route_geojson(const route_result& r);

// Property helpers for the fused ports layer.
bool truthy(const feature& f, const std::string& key);

} // namespace harbormap::query
