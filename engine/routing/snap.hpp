#pragma once
// Snapping (the valhalla "loki" part): a position snaps to the nearest node by geodesic distance
// (branch and bound on an implicit k-d tree of the nodes' unit vectors, so also across the antimeridian;
// built with nth_element in a fraction of a millisecond, no allocation per node).  within() queries an
// rtree in lon/lat, built on its first call (thread-safe), so a cold route builds none.
#include "engine/routing/sea_graph.hpp"

#include <memory>
#include <vector>

namespace harbormap::routing {

struct snap_result {
    node_id node = invalid_node;
    double distance_m = 0; // geodesic distance from the position to the node
};

class snapper {
public:
    explicit snapper(const sea_graph& g);
    ~snapper();
    snapper(const snapper&) = delete;
    snapper& operator=(const snapper&) = delete;

    snap_result nearest(const lon_lat& p) const;
    // Nodes within radius_m of p (geodesic), unordered.
    std::vector<node_id> within(const lon_lat& p, double radius_m) const;

private:
    struct impl;
    const sea_graph& m_graph;
    std::unique_ptr<impl> m_impl;
};

} // namespace harbormap::routing
