#pragma once
// `harbormap route FROM TO`: one params struct (validated), stable statuses, text/JSON/GeoJSON output.
#include "engine/query/port_lookup.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/refine.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::query {

enum class route_status { ok, port_not_found, ambiguous_port, no_route, snap_too_far };
std::string to_string(route_status s);

// Output helpers shared by the query writers: rounding to 2 and 6 decimals (JSON numbers), CSV quoting.
inline double round2(double v) { return std::round(v * 100) / 100; }
inline double round6(double v) { return std::round(v * 1e6) / 1e6; }
std::string csv_escape(const std::string& s);

inline constexpr double default_corridor_m = 50 * 1852.0;   // --corridor 50nm
inline constexpr double default_prc_radius_m = 50 * 1852.0; // --avoid-prc passes no closer than this
inline constexpr double snap_warn_m = 50 * 1852.0;          // a snap farther than this is a warning
inline constexpr double default_max_snap_m = 300 * 1852.0;  // ... and farther than this an error (--max-snap)

// A port or a position, resolved and snapped to the sea graph.
struct place {
    std::string text;
    lookup_result lookup;
    lon_lat pos;
    routing::snap_result snap;
    std::string warning;       // snap farther than snap_warn_m (with a "lat/lon swapped?" hint when it applies)
    bool swapped_hint = false; // the position given as lat,lon would snap close to the sea
    std::string label() const; // "Rotterdam (NLRTM)" or "4.4667,51.9"
};

// The snap check shared by route, near and deps: sets p.warning beyond snap_warn_m; returns the error
// message when the snap is farther than max_snap_m (empty when acceptable).
std::string check_snap(place& p, const sea_router& router, double max_snap_m);

// Resolves text (port or lon,lat) with the catalog (may be null: only positions are accepted then).
// Throws usage_error for a malformed argument (lookup_result::bad_input: empty, a position out of range).
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
    bool raw = false;               // keep the graph path and distance (no refinement)
    double max_snap_m = default_max_snap_m;
    void validate() const; // throws usage_error
};

struct corridor_port {
    port_ref port;
    double distance_m = 0; // from the path
    bool prc_operated = false, bri = false;
    std::string near_end;  // not_avoidable: "from" or "to", the end point it is nearer to
};

struct route_result {
    route_status status = route_status::no_route;
    std::string message;
    place from, to;
    std::vector<port_ref> candidates; // ambiguous / not found
    double sea_m = 0;                 // along the graph
    double graph_m = 0;               // sea + both snap distances (the unrefined distance)
    double total_m = 0;               // the distance: refined (or graph_m with --raw)
    double geodesic_m = 0;            // between the two positions (total_m is never below it)
    bool refined = false;
    std::size_t shortcuts = 0;        // refinement shortcuts taken
    std::vector<lon_lat> path;        // from.pos, vertices..., to.pos (lon in [-180, 180])
    std::vector<std::string> gates;   // ids in path order
    std::vector<corridor_port> corridor;
    std::size_t avoided_nodes = 0;    // --avoid-prc: nodes closed
    std::size_t avoided_ports = 0;    // --avoid-prc: PRC-operated ports kept at a distance
    std::vector<corridor_port> unavoidable; // --avoid-prc: PRC-operated ports within the radius all the same (near an end point)
    std::vector<std::string> warnings;      // snap warnings
};

// Nodes within radius of PRC-operated ports, except near the given endpoints; `avoided` receives the
// positions of the ports kept at a distance.  `spare_near_ends` (route --avoid-prc, deps): a port within
// the radius of an end point cannot be avoided (route and deps list it as not avoidable), so its circle
// stays open too; else only a port at an end point (within 1 km) is spared.
std::vector<std::uint8_t> prc_avoid_nodes(const sea_router& router, const port_catalog& catalog, double radius_m,
                                          const std::vector<lon_lat>& exempt, std::vector<lon_lat>* avoided = nullptr,
                                          bool spare_near_ends = false);

// The code a port is typed by in the next command: its UN/LOCODE, else its port id (two ports of one
// name, e.g. the two Singapore entities, are told apart).
std::string port_code(const port_ref& p);

// `refine_in` (benchmarks): receives the input handed to the refinement (unchanged when there is none).
route_result run_route(const route_params& params, sea_router& router, const port_catalog* catalog,
                       routing::refine_input* refine_in = nullptr);
// The ports-layer fields route, near, matrix and deps read besides the lookup's own (port_catalog::lookup_fields):
// the `harbormap` front decodes only these (port_catalog::load); test_front compares its answers with the
// full decode's, so a field missing here shows as a difference.
const std::vector<std::string>& routing_port_fields();

// Splits a lon/lat path at the antimeridian into parts (interpolated crossing points at +-180).
std::vector<line_string> split_antimeridian(const std::vector<lon_lat>& path);
// Distance (m, approximately geodesic) from p to a polyline.
double distance_to_path_m(const lon_lat& p, const std::vector<lon_lat>& path);

std::string route_text(const route_result& r);
std::string route_json(const route_result& r);
// The route as one MultiLineString feature (flat properties; ogr2ogr to a Shapefile works).
std::string route_geojson(const route_result& r);
// The end points and the corridor ports as Point features (the optional --with-ports collection).
std::string route_ports_geojson(const route_result& r);


} // namespace harbormap::query
