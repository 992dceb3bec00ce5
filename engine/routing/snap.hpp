#pragma once
// Snapping (the valhalla "loki" part): a position snaps to the nearest node by geodesic distance
// (branch and bound on an implicit k-d tree of the nodes' unit vectors, so also across the antimeridian;
// built with nth_element in a fraction of a millisecond, no allocation per node); for route's ends, passing
// over a node whose straight connector runs across land for one reached over water (nearest_over_water).  within() queries an
// rtree in lon/lat, built on its first call (thread-safe), so a cold route builds none.
#include "engine/routing/sea_graph.hpp"

#include <memory>
#include <vector>

namespace harbormap::routing {

struct snap_result {
    node_id node = invalid_node;
    double distance_m = 0; // geodesic distance from the position to the node
};

// How much of the straight connector (great-circle arc) from a position p to a node q runs over land and
// its coastal clearance, by the graph's land index: the length of its blocked samples (one a cell, leaping
// across open water),
// except the blocked run that reaches q after a clear sample (the node's own coast), in metres on the sphere of
// earth_radius_m.  0 without a land index.  A port up a river (Shanghai) has a few nm of it; a connector
// from a bay across a peninsula (Argentia in Placentia Bay to a lane off Cape Race) has tens.
double connector_land_m(const land_index& land, const lon_lat& p, const lon_lat& q);

// Land on the nearest node's connector up to which it is taken without looking further: two cells of the
// land index (the coastal clearance around a port on the coast).
inline constexpr double snap_own_land_m = 2 * 1852.0 * 60 / land_index::cells_per_degree;

class snapper {
public:
    explicit snapper(const sea_graph& g);
    ~snapper();
    snapper(const snapper&) = delete;
    snapper& operator=(const snapper&) = delete;

    // The geodesically nearest node (land or not; near, matrix and deps snap their ports so).
    snap_result nearest(const lon_lat& p) const;
    // The node with the shortest connector counting its land twice (geodesic distance + connector_land_m),
    // among the nodes within twice the nearest node's distance plus 10 nm; the nearest node when its
    // connector has at most `snap_own_land_m` of land (a port's own coastal cells) or the graph has no land
    // index.  distance_m stays the geodesic distance to the node taken.
    snap_result nearest_over_water(const lon_lat& p) const;

    // Nodes within radius_m of p (geodesic), unordered.
    std::vector<node_id> within(const lon_lat& p, double radius_m) const;

private:
    // Nodes in a lon/lat box containing the circle of radius_m around p, sorted (a superset of within()).
    std::vector<node_id> box_hits(const lon_lat& p, double radius_m) const;
    struct impl;
    const sea_graph& m_graph;
    std::unique_ptr<impl> m_impl;
};

} // namespace harbormap::routing
