#pragma once
// Cost model and search (the valhalla "sif" + "thor" split).  The cost model says whether an edge may
// be used and what it costs; closing a gate or avoiding nodes is a restricted cost model, not another
// graph.  A search_engine owns a reusable workspace (one per thread); results are stable statuses.
#include "engine/routing/sea_graph.hpp"

#include <cstdint>
#include <vector>

namespace harbormap::routing {

struct cost_model {
    gate_mask closed_gates = 0;                       // edges crossing these gates are not allowed
    const std::vector<std::uint8_t>* avoid_nodes = nullptr; // nodes (by id) that may not be entered

    bool allowed(const sea_graph& g, edge_id e, node_id to) const {
        if (g.edge_gates[e] & closed_gates) return false;
        if (avoid_nodes && (*avoid_nodes)[to]) return false;
        return true;
    }
    double edge_cost(const sea_graph& g, edge_id e) const { return g.edge_length_m[e]; }
};

enum class search_status { ok, no_route };

struct path_result {
    search_status status = search_status::no_route;
    double cost_m = 0;
    std::vector<node_id> nodes; // source .. target
    std::vector<edge_id> edges; // nodes.size() - 1
    std::size_t settled = 0;    // nodes settled (diagnostics)
};

// A lower bound of the ellipsoidal geodesic distance: great-circle distance on a sphere whose radius is
// the smallest radius of curvature of WGS84 (a(1-e^2) = 6,335,439 m).  Admissible and consistent.
double lower_bound_m(const lon_lat& a, const lon_lat& b);

class search_engine {
public:
    explicit search_engine(const sea_graph& g);

    path_result dijkstra(node_id source, node_id target, const cost_model& cost);
    path_result astar(node_id source, node_id target, const cost_model& cost);
    // Distances from source to every node (HUGE_VAL when unreachable); the shortest-path tree stays in
    // the workspace until the next search and can be read with path_to().
    const std::vector<double>& one_to_many(node_id source, const cost_model& cost);
    // Stops once every target is settled (or unreachable).
    const std::vector<double>& one_to_many(node_id source, const std::vector<node_id>& targets, const cost_model& cost);
    path_result path_to(node_id target) const;

    // Gates crossed along a path, in path order (a gate crossed by consecutive edges is reported once).
    std::vector<std::size_t> gates_on_path(const path_result& p) const;

private:
    void reset();
    template <bool use_heuristic>
    path_result point_to_point(node_id source, node_id target, const cost_model& cost);
    const std::vector<double>& run_tree(node_id source, const std::vector<node_id>* targets, const cost_model& cost);

    const sea_graph& m_g;
    std::vector<double> m_dist;
    std::vector<std::uint32_t> m_parent_arc; // arc index used to reach a node (UINT32_MAX for none)
    std::vector<node_id> m_parent;
    std::vector<std::uint8_t> m_settled;
    std::vector<node_id> m_touched;
    node_id m_source = invalid_node;
};

} // namespace harbormap::routing
