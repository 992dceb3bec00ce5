#include "engine/routing/sea_graph.hpp"

#include <bit>
#include <string>

namespace harbormap::routing {

int sea_graph::gate_index(const std::string& id) const {
    for (std::size_t i = 0; i < gates.size(); ++i)
        if (gates[i].id == id) return static_cast<int>(i);
    return -1;
}

gate_mask sea_graph::default_closed() const {
    gate_mask m = 0;
    for (std::size_t i = 0; i < gates.size(); ++i)
        if (gates[i].closed_by_default) m |= gate_mask{1} << i;
    return m;
}

std::vector<std::string> sea_graph::gate_ids(gate_mask m) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < gates.size(); ++i)
        if (m & (gate_mask{1} << i)) out.push_back(gates[i].id);
    return out;
}

const landmark_table* sea_graph::landmarks_for(gate_mask closed) const {
    const landmark_table* best = nullptr;
    for (const auto& t : landmark_tables) {
        if ((t.closed & ~closed) != 0 || t.landmarks.empty()) continue;
        if (!best || std::popcount(t.closed) > std::popcount(best->closed)) best = &t;
    }
    return best;
}

std::string sea_graph::validate() const {
    const std::size_t n = nodes.size();
    if (offsets.size() != n + 1) return "offsets has " + std::to_string(offsets.size()) + " entries, expected " + std::to_string(n + 1);
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != arc_target.size()) return "offsets do not span the arcs";
    if (arc_edge.size() != arc_target.size()) return "arc arrays differ in size";
    const std::size_t e = edge_length_m.size();
    if (edge_gates.size() != e || edge_a.size() != e || edge_b.size() != e) return "edge arrays differ in size";
    if (arc_target.size() != 2 * e) return "arc count is not twice the edge count";
    if (gates.size() > max_gates) return "more than 32 gates";
    for (std::size_t i = 0; i < n; ++i)
        if (offsets[i] > offsets[i + 1]) return "offsets decrease at node " + std::to_string(i);
    for (std::size_t a = 0; a < arc_target.size(); ++a) {
        if (arc_target[a] >= n) return "arc " + std::to_string(a) + " targets node " + std::to_string(arc_target[a]) + " out of range";
        if (arc_edge[a] >= e) return "arc " + std::to_string(a) + " has edge " + std::to_string(arc_edge[a]) + " out of range";
    }
    for (std::size_t i = 0; i < e; ++i) {
        if (edge_a[i] >= n || edge_b[i] >= n) return "edge " + std::to_string(i) + " has a node out of range";
        if (!(edge_length_m[i] >= 0)) return "edge " + std::to_string(i) + " has a negative or NaN length";
        if (gates.size() < max_gates && (edge_gates[i] >> gates.size()) != 0) return "edge " + std::to_string(i) + " names an unknown gate";
    }
    if (arcs.size() != arc_target.size()) return "packed arcs differ in size";
    for (std::size_t t = 0; t < landmark_tables.size(); ++t) {
        const auto& lt = landmark_tables[t];
        if (lt.dist_m.size() != lt.landmarks.size() * n) return "landmark table " + std::to_string(t) + " has the wrong size";
        for (auto l : lt.landmarks)
            if (l >= n) return "landmark table " + std::to_string(t) + " names a node out of range";
        for (double d : lt.dist_m)
            if (!(d >= 0)) return "landmark table " + std::to_string(t) + " has a negative or NaN distance";
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!(nodes[i].lon >= -180 && nodes[i].lon <= 180 && nodes[i].lat >= -90 && nodes[i].lat <= 90))
            return "node " + std::to_string(i) + " is outside lon/lat range";
    return {};
}

} // namespace harbormap::routing
