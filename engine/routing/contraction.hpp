#pragma once
// Contraction hierarchy for the default cost model (see contraction_hierarchy in sea_graph.hpp).
//
// Preprocessing: nodes are contracted one by one in the order of a lazily updated priority
//   2 * edge difference (shortcuts needed - arcs removed) + deleted neighbours,
// so degree-2 lane vertices (edge difference -1) go first and the hubs of the network last.  Contracting
// v adds a shortcut u-w for two neighbours u, w unless a witness search (Dijkstra from u in the remaining
// graph without v, limited in settled nodes and hops) finds a path no longer than u-v-w.  A missed
// witness only adds a superfluous shortcut; the hierarchy stays exact.
//
// Query: a bidirectional Dijkstra that only follows upward arcs, with stall-on-demand (a node reached
// more cheaply through a higher neighbour is not expanded) and the usual stopping rule (a direction
// stops when its smallest key reaches the best meeting distance).  The path is unpacked recursively to
// the original edges; its length is then summed edge by edge in path order, as Dijkstra sums it.
//
// One-to-all (matrices): PHAST (Delling, Goldberg, Nowatzyk, Werneck 2011), see ch_tree.
#include "engine/routing/search.hpp"
#include "engine/routing/quad_heap.hpp"
#include "engine/routing/sea_graph.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace harbormap::routing {

struct ch_build_options {
    std::size_t witness_settle_limit = 400; // nodes settled per witness search when contracting
    std::size_t simulate_settle_limit = 60; // ... when only estimating a priority
    std::uint32_t witness_hop_limit = 8;
};

// Builds the hierarchy for queries that close exactly `closed` and avoid no nodes.
contraction_hierarchy build_contraction_hierarchy(const sea_graph& g, gate_mask closed, const ch_build_options& opt = {});
// Sets g.ch for the default cost model (the gates closed by default).
void add_contraction_hierarchy(sea_graph& g);

// Query workspace for one hierarchy (one per thread).
class ch_search {
public:
    explicit ch_search(const sea_graph& g);
    // Shortest path from source to target on g.ch: nodes, original edges, cost summed in path order.
    path_result route(node_id source, node_id target);

private:
    using entry = heap_entry;
    // per node and direction, one cache line read per visit
    struct label {
        double dist;
        node_id parent;
        std::uint32_t parent_arc;
        std::uint32_t reached; // == generation: dist/parent valid
    };
    struct side {
        std::vector<label> labels;
        std::vector<entry> heap;
    };
    void unpack(node_id owner, std::uint32_t arc, bool upward, path_result& out);

    const sea_graph& m_g;
    side m_side[2];
    struct piece {
        node_id owner;
        std::uint32_t arc;
        bool upward; // travelled from owner to target
    };
    std::vector<piece> m_stack, m_chain;
    std::uint32_t m_gen = 0;
};

// One-to-all distances on the hierarchy (PHAST), for matrices.  Once: the nodes renumbered by decreasing
// rank (position 0 = the last contracted node), each with its upward arcs as (position, length).  Per source:
//   1. upward pass: the positions from the source's down to 0 (increasing rank, a topological order of the
//      upward arcs), each reached one relaxing its upward arcs -- the shortest upward distances, no heap;
//   2. downward sweep: positions 0 .. n-1 (decreasing rank), each taking the minimum of its own label and,
//      over its upward arcs, the higher end's (already final) distance plus the arc.
// Every shortest path has an up-down form in the hierarchy, so the result is Dijkstra's distance; only the
// order of the float sums differs (a shortcut's length was summed when it was built), a relative
// difference of the order of 1e-15 per arc.  Two linear passes over arrays that fit the cache: ~20x fewer
// instructions than a Dijkstra tree over the whole graph.
class ch_tree {
public:
    explicit ch_tree(const sea_graph& g);
    // Distances from source to every node; read them with dist() until the next run().
    void run(node_id source);
    // HUGE_VAL when unreachable (or the source was out of range).
    double dist(node_id n) const { return n < m_pos.size() ? m_dist[m_pos[n]] : HUGE_VAL; }

private:
    struct arc {
        double length_m;
        std::uint32_t to; // position of the higher end
    };
    std::vector<std::uint32_t> m_pos; // node -> position
    std::vector<std::uint32_t> m_off; // per position: [m_off[i], m_off[i + 1]) in m_arcs
    std::vector<arc> m_arcs;
    std::vector<double> m_dist; // per position
};

} // namespace harbormap::routing
