#pragma once
// Cost model and search (the valhalla "sif" + "thor" split).  The cost model says whether an edge may
// be used and what it costs; closing a gate or avoiding nodes is a restricted cost model, not another
// graph.  A search_engine owns a reusable workspace (one per thread); results are stable statuses.
#include "engine/routing/quad_heap.hpp"
#include "engine/routing/sea_graph.hpp"

#include <cstdint>
#include <memory>
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

// Point-to-point searches use A* with the ALT bound (landmark distances stored in the graph; see
// landmark_table) when the graph has a table usable under the cost model, else the great-circle bound.
// The workspace is reused between searches: a generation counter marks settled nodes and targets, the
// distances of the previous search are reset through its list of touched nodes, and the priority queue
// is a 4-ary heap on a vector that keeps its capacity.
class ch_search;
class ch_tree;

class search_engine {
public:
    explicit search_engine(const sea_graph& g);
    ~search_engine();
    search_engine(const search_engine&) = delete;
    search_engine& operator=(const search_engine&) = delete;

    enum class bound { automatic, great_circle, none };

    path_result dijkstra(node_id source, node_id target, const cost_model& cost);
    path_result astar(node_id source, node_id target, const cost_model& cost);
    // The fastest exact point-to-point search for the cost model: the contraction hierarchy when the
    // graph has one for it (the default closures, no avoided nodes) and it is enabled, else astar().
    // Same distance, and the same path up to ties between equally long paths.
    path_result shortest_path(node_id source, node_id target, const cost_model& cost);
    // Would shortest_path() use the contraction hierarchy for this cost model?
    bool uses_ch(const cost_model& cost) const;
    void set_use_ch(bool on) { m_use_ch = on; }
    // Distances from source to every node (HUGE_VAL when unreachable); the shortest-path tree stays in
    // the workspace until the next search and can be read with path_to().
    const std::vector<double>& one_to_many(node_id source, const cost_model& cost);
    // Stops once every target is settled (or unreachable).
    const std::vector<double>& one_to_many(node_id source, const std::vector<node_id>& targets, const cost_model& cost);
    path_result path_to(node_id target) const;
    // Distances from every source to every target, row-major: [i * targets.size() + k] (HUGE_VAL =
    // unreachable).  With the contraction hierarchy when uses_ch(cost) (one PHAST sweep per source, see
    // ch_tree), else one Dijkstra tree per source, stopped once the targets are settled.  The two agree up to
    // the order of the float sums (relative 1e-12 at most).  Distances only: path_to() does not read them.
    std::vector<double> many_to_many(const std::vector<node_id>& sources, const std::vector<node_id>& targets, const cost_model& cost);

    // Gates crossed along a path, in path order (a gate crossed by consecutive edges is reported once).
    std::vector<std::size_t> gates_on_path(const path_result& p) const;

    // Which lower bound astar() uses: automatic = landmarks when usable, else great circle (benchmarks
    // and tests compare them).
    void set_bound(bound b) { m_bound = b; }

private:
    void begin_search();
    template <int mode>
    path_result point_to_point(node_id source, node_id target, const cost_model& cost);
    const std::vector<double>& run_tree(node_id source, const std::vector<node_id>* targets, const cost_model& cost);

    const sea_graph& m_g;
    std::vector<double> m_dist;              // valid for every node: HUGE_VAL unless reached by the last search
    std::vector<std::uint32_t> m_parent_arc; // arc index used to reach a node (UINT32_MAX for none)
    std::vector<node_id> m_parent;
    std::vector<std::uint32_t> m_settled;    // == m_gen: settled in the current search
    std::vector<std::uint32_t> m_mark;       // == m_gen: a target of the current tree search
    std::vector<node_id> m_touched;
    std::vector<heap_entry> m_heap;
    std::vector<double> m_lm_target;         // landmark distances of the target (active landmarks)
    std::vector<std::uint32_t> m_lm_index;   // their columns in the table
    std::vector<double> m_xyz;               // per node: x, y, z on the sphere of radius a(1 - e^2)
    std::size_t m_active_landmarks = 6;
    std::uint32_t m_gen = 0;
    node_id m_source = invalid_node;
    bound m_bound = bound::automatic;
    bool m_use_ch = true;
    std::unique_ptr<ch_search> m_ch; // created on first use
    std::unique_ptr<ch_tree> m_ch_tree; // created on first use
};

} // namespace harbormap::routing
