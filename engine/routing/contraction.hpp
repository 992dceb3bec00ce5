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
#include "engine/routing/search.hpp"
#include "engine/routing/quad_heap.hpp"
#include "engine/routing/sea_graph.hpp"

#include <cstddef>
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

} // namespace harbormap::routing
