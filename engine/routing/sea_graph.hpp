#pragma once
// The sea graph: an undirected graph stored as a compact CSR (the OSRM static_graph model).  Nodes are
// lane vertices (lon in [-180, 180]); every undirected edge appears as two arcs.  Per undirected edge we
// keep its geodesic length and a bit mask of the chokepoint gates its segment crosses.
#include "engine/core/lon_lat.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace harbormap::routing {

using node_id = std::uint32_t;
using edge_id = std::uint32_t;
using gate_mask = std::uint32_t; // bit i = gate i of sea_graph::gates
inline constexpr node_id invalid_node = 0xffffffffu;
inline constexpr std::size_t max_gates = 32;

struct gate_info {
    std::string id;   // "suez"
    std::string name; // "Suez Canal"
    bool closed_by_default = false; // e.g. the arctic gate; opened explicitly
};

// One arc of the CSR as the search loop reads it: target, gate mask and length side by side (16 bytes),
// so relaxing an arc touches one cache line instead of three arrays.
struct packed_arc {
    node_id target;
    gate_mask gates;
    double length_m;
};

// ALT landmarks (A*, landmarks, triangle inequality): exact shortest distances from a few landmark nodes
// to every node, computed with the gates in `closed` closed.  For any query that closes at least these
// gates (and possibly avoids nodes), |d(L,t) - d(L,v)| <= d(v,t) holds for every landmark L: closures and
// avoid sets only remove edges, so distances in the query graph are never shorter.  The bound is
// consistent, so A* with it settles each node once and returns Dijkstra's distances.
struct landmark_table {
    gate_mask closed = 0;              // gates closed while computing the distances
    std::vector<node_id> landmarks;    // landmark nodes
    std::vector<double> dist_m;        // node-major: dist_m[n * landmarks.size() + i]; HUGE_VAL = unreachable
    std::size_t count() const { return landmarks.size(); }
    const double* row(node_id n) const { return dist_m.data() + static_cast<std::size_t>(n) * landmarks.size(); }
};

struct sea_graph {
    std::vector<lon_lat> nodes;          // node positions, lon in [-180, 180]
    std::vector<std::uint32_t> offsets;  // nodes.size() + 1 entries; arcs of n are [offsets[n], offsets[n+1])
    std::vector<node_id> arc_target;     // per arc
    std::vector<edge_id> arc_edge;       // per arc: its undirected edge
    std::vector<double> edge_length_m;   // per undirected edge (geodesic; 0 for antimeridian joins)
    std::vector<gate_mask> edge_gates;   // per undirected edge
    std::vector<node_id> edge_a, edge_b; // per undirected edge: its end nodes (a < b)
    std::vector<gate_info> gates;        // gate i <-> bit i
    std::vector<packed_arc> arcs;        // per arc (rebuilt with offsets by rebuild_csr)
    std::vector<landmark_table> landmark_tables; // stored in the graph file (version 2); may be empty

    std::size_t node_count() const { return nodes.size(); }
    std::size_t edge_count() const { return edge_length_m.size(); }
    std::size_t arc_count() const { return arc_target.size(); }
    std::uint32_t arc_begin(node_id n) const { return offsets[n]; }
    std::uint32_t arc_end(node_id n) const { return offsets[n + 1]; }

    // Index of a gate id, or -1.
    int gate_index(const std::string& id) const;
    // Gates closed unless opened explicitly.
    gate_mask default_closed() const;
    // Gate ids in a mask, in gate order.
    std::vector<std::string> gate_ids(gate_mask m) const;
    // The landmark table usable for a query that closes `closed` (its own closed gates a subset of them),
    // preferring the one with the most closed gates; nullptr when there is none.
    const landmark_table* landmarks_for(gate_mask closed) const;
    // Consistency check of the arrays (sizes, ranges, symmetry); empty when fine, else the reason.
    std::string validate() const;
};

} // namespace harbormap::routing
