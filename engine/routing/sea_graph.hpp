#pragma once
// The sea graph: an undirected graph stored as a compact CSR (the OSRM static_graph model).  Nodes are
// lane vertices (lon in [-180, 180]); every undirected edge appears as two arcs.  Per undirected edge we
// keep its geodesic length and a bit mask of the chokepoint gates its segment crosses.
#include "engine/core/lon_lat.hpp"
#include "engine/routing/file_array.hpp"
#include "engine/routing/gates.hpp"
#include "engine/routing/land_index.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace harbormap::routing {

using node_id = std::uint32_t;
using edge_id = std::uint32_t;
using gate_mask = std::uint32_t; // bit i = gate i of sea_graph::gates
inline constexpr node_id invalid_node = 0xffffffffu;
inline constexpr std::size_t max_gates = 32;

// A gate as the graph keeps it: id, name, default closure and its geometry (lines and areas; the
// refinement tests shortcuts against it).
using gate_info = gate;

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
    file_array<double> dist_m;         // node-major: dist_m[n * landmarks.size() + i]; HUGE_VAL = unreachable
                                       // (viewed in the mapped graph file when read from one)
    std::size_t count() const { return landmarks.size(); }
    const double* row(node_id n) const { return dist_m.data() + static_cast<std::size_t>(n) * landmarks.size(); }
};

// Contraction hierarchy (Geisberger et al. 2008) for ONE cost model: the gates in `closed` closed, no
// avoided nodes (the default query).  Nodes are contracted in `rank` order; every node keeps its arcs to
// higher-ranked nodes ("upward" arcs, a CSR by node).  An arc is an original edge (`up_edge`, `up_middle`
// == invalid_node) or a shortcut that replaces the two arcs middle-low and middle-high through a node of
// lower rank than both ends (`up_middle`, `up_edge` == invalid edge); its length is the sum and its gate
// mask the OR of the two.  Between two nodes there is at most one arc, so a shortcut unpacks by looking
// up its two halves in the middle node's upward arcs.  Edges crossing a closed gate are not in the
// hierarchy.  A bidirectional upward search on it gives the shortest distance (see ch_search).
inline constexpr edge_id invalid_edge = 0xffffffffu;
struct contraction_hierarchy {
    gate_mask closed = 0;
    file_array<std::uint32_t> rank;       // per node: contraction order (0 first)
    file_array<std::uint32_t> up_offsets; // nodes + 1 entries
    file_array<node_id> up_target;        // per upward arc: the higher-ranked end
    file_array<double> up_length_m;       // per upward arc
    file_array<gate_mask> up_gates;       // per upward arc: OR of the gates of the edges it stands for
    file_array<node_id> up_middle;        // per upward arc: the contracted middle node, or invalid_node
    file_array<edge_id> up_edge;          // per upward arc: the original edge, or invalid_edge
    file_array<packed_arc> up_arcs;       // derived (rebuild_packed): target, gates, length side by side
    file_array<std::uint32_t> up_half;    // derived: per shortcut its halves middle-low, middle-high (2 per arc)

    bool empty() const { return rank.empty(); }
    std::size_t arc_count() const { return up_target.size(); }
    std::size_t shortcut_count() const;
    // The upward arc of `low` to `high`, or invalid_edge.
    std::uint32_t find_arc(node_id low, node_id high) const;
    void rebuild_packed();
};

struct sea_graph {
    file_array<lon_lat> nodes;          // node positions, lon in [-180, 180]
    file_array<std::uint32_t> offsets;  // nodes.size() + 1 entries; arcs of n are [offsets[n], offsets[n+1])
    file_array<edge_id> arc_edge;       // per arc: its undirected edge
    file_array<double> edge_length_m;   // per undirected edge (geodesic; 0 for antimeridian joins)
    file_array<gate_mask> edge_gates;   // per undirected edge
    file_array<node_id> edge_a, edge_b; // per undirected edge: its end nodes (a < b)
    std::vector<gate_info> gates;        // gate i <-> bit i
    file_array<packed_arc> arcs;        // per arc: target, gates, length of its edge (rebuilt with offsets by rebuild_csr)
    std::vector<landmark_table> landmark_tables; // stored in the graph file (version 2); may be empty
    contraction_hierarchy ch;            // stored in the graph file (version 3); may be empty
    land_index land;                     // stored in the graph file (version 4); empty: no refinement
    // derived (rebuild_gate_segments): per gate, its line segments and ring edges as pairs of unit vectors (x, y, z,
    // x, y, z), for great-circle crossing tests without trigonometry
    std::vector<std::vector<std::array<double, 6>>> gate_segments;
    // derived (rebuild_gate_segments): per gate, a cap holding all its segments (unit vector of the
    // centre, angular radius in radians: an arc that does not come that close to the centre crosses none of
    // them) and the lon/lat box of its areas (a point outside it is in none of them), so testing an arc
    // against a far-away gate costs a few multiplications
    struct gate_bound {
        std::array<double, 3> centre{0, 0, 1};
        double radius = -1;                        // < 0: no segments; pi: no bound
        double cos_radius = 1, sin_radius = 0;
        double lon_min = 1, lon_max = -1, lat_min = 1, lat_max = -1; // empty box: no areas
    };
    std::vector<gate_bound> gate_bounds;

    std::size_t node_count() const { return nodes.size(); }
    std::size_t edge_count() const { return edge_length_m.size(); }
    std::size_t arc_count() const { return arcs.size(); }
    std::uint32_t arc_begin(node_id n) const { return offsets[n]; }
    std::uint32_t arc_end(node_id n) const { return offsets[n + 1]; }

    // Index of a gate id, or -1.
    int gate_index(const std::string& id) const;
    // Gates the straight segment a-b crosses (segment_crosses: the planar test the graph's edges are masked with).
    gate_mask segment_gates(const lon_lat& a, const lon_lat& b) const;
    // Gates closed unless opened explicitly.
    gate_mask default_closed() const;
    // Gate ids in a mask, in gate order.
    std::vector<std::string> gate_ids(gate_mask m) const;
    // The landmark table usable for a query that closes `closed` (its own closed gates a subset of them),
    // preferring the one with the most closed gates; nullptr when there is none.
    const landmark_table* landmarks_for(gate_mask closed) const;
    // The contraction hierarchy when it answers queries that close exactly `closed` and avoid no nodes,
    // else nullptr.
    const contraction_hierarchy* ch_for(gate_mask closed, bool avoids_nodes) const {
        return !ch.empty() && !avoids_nodes && ch.closed == closed ? &ch : nullptr;
    }
    // Consistency check of the arrays (sizes, ranges, symmetry); empty when fine, else the reason.
    std::string validate() const;
};

// Derives g.gate_segments and g.gate_bounds from g.gates (the builder, through rebuild_csr, and the loader:
// the graph file does not store them).
void rebuild_gate_segments(sea_graph& g);

} // namespace harbormap::routing
