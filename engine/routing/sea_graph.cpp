#include "engine/routing/sea_graph.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

namespace harbormap::routing {

std::size_t contraction_hierarchy::shortcut_count() const {
    std::size_t k = 0;
    for (node_id m : up_middle) k += m != invalid_node;
    return k;
}

std::uint32_t contraction_hierarchy::find_arc(node_id low, node_id high) const {
    // the upward arcs of a node are sorted by target
    if (up_offsets[low] > up_offsets[low + 1] || up_offsets[low + 1] > up_target.size()) return invalid_edge; // corrupt
    const node_id* b = up_target.data() + up_offsets[low];
    const node_id* e = up_target.data() + up_offsets[low + 1];
    const node_id* it = std::lower_bound(b, e, high);
    return it != e && *it == high ? static_cast<std::uint32_t>(it - up_target.data()) : invalid_edge;
}

void contraction_hierarchy::rebuild_packed() {
    std::vector<packed_arc> arcs(up_target.size());
    for (std::size_t a = 0; a < up_target.size(); ++a) arcs[a] = {up_target[a], up_gates[a], up_length_m[a]};
    // the halves of every shortcut (invalid_edge when missing: validate() reports it)
    std::vector<std::uint32_t> half(2 * up_target.size(), invalid_edge);
    const std::size_t n = up_offsets.empty() ? 0 : up_offsets.size() - 1;
    for (std::size_t v = 0; v < n; ++v)
        for (std::uint32_t a = up_offsets[v]; a < up_offsets[v + 1] && a < up_target.size(); ++a) {
            const node_id mid = up_middle[a];
            if (mid == invalid_node || mid >= n || up_target[a] >= n) continue;
            half[2 * a] = find_arc(mid, static_cast<node_id>(v));
            half[2 * a + 1] = find_arc(mid, up_target[a]);
        }
    up_arcs = std::move(arcs);
    up_half = std::move(half);
}

namespace {

std::string validate_ch(const sea_graph& g) {
    const auto& c = g.ch;
    const std::size_t n = g.nodes.size();
    if (c.rank.size() != n) return "contraction hierarchy ranks differ from the node count";
    std::vector<std::uint8_t> seen(n, 0);
    for (auto r : c.rank) {
        if (r >= n || seen[r]) return "contraction hierarchy ranks are not a permutation";
        seen[r] = 1;
    }
    if (c.up_offsets.size() != n + 1 || c.up_offsets.front() != 0 || c.up_offsets.back() != c.up_target.size())
        return "contraction hierarchy offsets do not span its arcs";
    const std::size_t m = c.up_target.size();
    if (c.up_length_m.size() != m || c.up_gates.size() != m || c.up_middle.size() != m || c.up_edge.size() != m || c.up_arcs.size() != m ||
        c.up_half.size() != 2 * m)
        return "contraction hierarchy arc arrays differ in size";
    for (std::size_t v = 0; v < n; ++v)
        if (c.up_offsets[v] > c.up_offsets[v + 1]) return "contraction hierarchy offsets decrease at node " + std::to_string(v);
    for (std::size_t v = 0; v < n; ++v) {
        for (std::uint32_t a = c.up_offsets[v]; a < c.up_offsets[v + 1]; ++a) {
            const auto where = [a] { return "contraction hierarchy arc " + std::to_string(a); }; // built only to report
            const node_id t = c.up_target[a];
            if (t >= n || c.rank[t] <= c.rank[v]) return where() + " does not lead upward";
            if (a > c.up_offsets[v] && c.up_target[a - 1] >= t) return where() + ": arcs not sorted by target";
            if (c.up_gates[a] & c.closed) return where() + " crosses a closed gate";
            if (c.up_arcs[a].target != t || c.up_arcs[a].gates != c.up_gates[a] || c.up_arcs[a].length_m != c.up_length_m[a])
                return where() + ": its packed arc differs";
            if (c.up_middle[a] == invalid_node) {
                const edge_id e = c.up_edge[a];
                if (e >= g.edge_count() || !((g.edge_a[e] == v && g.edge_b[e] == t) || (g.edge_a[e] == t && g.edge_b[e] == v)))
                    return where() + " names a wrong edge";
                if (c.up_length_m[a] != g.edge_length_m[e] || c.up_gates[a] != g.edge_gates[e]) return where() + " differs from its edge";
                if (c.up_half[2 * a] != invalid_edge || c.up_half[2 * a + 1] != invalid_edge) return where() + " has halves but is no shortcut";
            } else {
                const node_id mid = c.up_middle[a];
                if (c.up_edge[a] != invalid_edge || mid >= n || c.rank[mid] >= c.rank[v]) return where() + " has a wrong middle node";
                // the indexed halves must be mid's arcs to v and to t; as every node's arcs must have strictly
                // increasing targets (checked in this loop; a graph where they do not is refused), that is the one
                // arc find_arc(mid, v) / find_arc(mid, t) finds -- without a binary search per shortcut
                const auto a1 = c.up_half[2 * a], a2 = c.up_half[2 * a + 1];
                if (a1 == invalid_edge || a2 == invalid_edge) return where() + ": its halves are missing";
                const auto is_arc = [&](std::uint32_t h, node_id target) {
                    return h >= c.up_offsets[mid] && h < c.up_offsets[mid + 1] && c.up_target[h] == target;
                };
                if (!is_arc(a1, static_cast<node_id>(v)) || !is_arc(a2, t)) return where() + ": its halves are not indexed";
                if (c.up_length_m[a] != c.up_length_m[a1] + c.up_length_m[a2] || c.up_gates[a] != (c.up_gates[a1] | c.up_gates[a2]))
                    return where() + " differs from its halves";
            }
        }
    }
    return {};
}

} // namespace

namespace {

// g.gate_bounds from g.gates and g.gate_segments.
void set_gate_bounds(sea_graph& g) {
    g.gate_bounds.assign(g.gates.size(), {});
    for (std::size_t k = 0; k < g.gates.size(); ++k) {
        auto& b = g.gate_bounds[k];
        const auto& segs = g.gate_segments[k];
        if (!segs.empty()) {
            double c[3] = {0, 0, 0};
            for (const auto& s : segs)
                for (int i = 0; i < 3; ++i) c[i] += s[static_cast<std::size_t>(i)] + s[static_cast<std::size_t>(i) + 3];
            const double n = std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            if (n > 1e-9) {
                b.centre = {c[0] / n, c[1] / n, c[2] / n};
                double far = 0; // the largest angle from the centre to an end of a segment
                for (const auto& s : segs)
                    for (int e = 0; e < 6; e += 3) {
                        const double d = b.centre[0] * s[static_cast<std::size_t>(e)] + b.centre[1] * s[static_cast<std::size_t>(e) + 1] +
                                         b.centre[2] * s[static_cast<std::size_t>(e) + 2];
                        far = std::max(far, std::acos(std::clamp(d, -1.0, 1.0)));
                    }
                // a great-circle segment between two points of a cap under a quarter circle stays in it; the
                // margin covers rounding.  Otherwise (a gate spanning a hemisphere) no bound: pi.
                b.radius = far < 1.0 ? far + 1e-6 : M_PI;
            } else {
                b.radius = M_PI;
            }
            b.cos_radius = std::cos(b.radius), b.sin_radius = std::sin(b.radius);
        }
        for (const auto& r : g.gates[k].areas)
            for (const auto& p : r) {
                if (b.lon_min > b.lon_max) b.lon_min = b.lon_max = p.lon, b.lat_min = b.lat_max = p.lat;
                b.lon_min = std::min(b.lon_min, p.lon), b.lon_max = std::max(b.lon_max, p.lon);
                b.lat_min = std::min(b.lat_min, p.lat), b.lat_max = std::max(b.lat_max, p.lat);
            }
    }
}

} // namespace

void rebuild_gate_segments(sea_graph& g) {
    g.gate_segments.assign(g.gates.size(), {});
    for (std::size_t k = 0; k < g.gates.size(); ++k) {
        auto add = [&](const std::vector<lon_lat>& pts) {
            for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
                const auto u = unit_vector(pts[i]), v = unit_vector(pts[i + 1]);
                g.gate_segments[k].push_back({u[0], u[1], u[2], v[0], v[1], v[2]});
            }
        };
        for (const auto& l : g.gates[k].lines) add(l);
        for (const auto& r : g.gates[k].areas) add(r);
    }
    set_gate_bounds(g);
}

int sea_graph::gate_index(const std::string& id) const {
    for (std::size_t i = 0; i < gates.size(); ++i)
        if (gates[i].id == id) return static_cast<int>(i);
    return -1;
}

gate_mask sea_graph::segment_gates(const lon_lat& a, const lon_lat& b) const {
    gate_mask m = 0;
    for (std::size_t k = 0; k < gates.size(); ++k)
        if (segment_crosses(gates[k], a, b)) m |= gate_mask{1} << k;
    return m;
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
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != arcs.size()) return "offsets do not span the arcs";
    if (arc_edge.size() != arcs.size()) return "arc arrays differ in size";
    const std::size_t e = edge_length_m.size();
    if (edge_gates.size() != e || edge_a.size() != e || edge_b.size() != e) return "edge arrays differ in size";
    if (arcs.size() != 2 * e) return "arc count is not twice the edge count";
    if (gates.size() > max_gates) return "more than 32 gates";
    for (std::size_t i = 0; i < n; ++i)
        if (offsets[i] > offsets[i + 1]) return "offsets decrease at node " + std::to_string(i);
    for (std::size_t i = 0; i < e; ++i) {
        if (edge_a[i] >= n || edge_b[i] >= n) return "edge " + std::to_string(i) + " has a node out of range";
        if (!(edge_length_m[i] >= 0)) return "edge " + std::to_string(i) + " has a negative or NaN length";
        if (gates.size() < max_gates && (edge_gates[i] >> gates.size()) != 0) return "edge " + std::to_string(i) + " names an unknown gate";
    }
    for (std::size_t a = 0; a < arcs.size(); ++a) {
        if (arcs[a].target >= n) return "arc " + std::to_string(a) + " targets node " + std::to_string(arcs[a].target) + " out of range";
        if (arc_edge[a] >= e) return "arc " + std::to_string(a) + " has edge " + std::to_string(arc_edge[a]) + " out of range";
    }
    // The CSR is the one rebuild_csr makes (the graph file stores it, the loader views it): each node's arcs
    // list its edges in increasing order, each arc leads to the edge's other end and repeats its gates and
    // length.  With 2 arcs per edge, that makes every edge appear once at each end.
    for (std::size_t v = 0; v < n; ++v)
        for (std::uint32_t a = offsets[v]; a < offsets[v + 1]; ++a) {
            const edge_id ed = arc_edge[a];
            const bool from_a = edge_a[ed] == v && edge_b[ed] == arcs[a].target;
            const bool from_b = edge_b[ed] == v && edge_a[ed] == arcs[a].target;
            if (!from_a && !from_b) return "arc " + std::to_string(a) + " does not follow its edge from node " + std::to_string(v);
            if (a > offsets[v] && arc_edge[a - 1] >= ed) return "arcs of node " + std::to_string(v) + " are not in edge order";
            if (arcs[a].gates != edge_gates[ed] || arcs[a].length_m != edge_length_m[ed])
                return "packed arc " + std::to_string(a) + " differs from its edge";
        }
    for (std::size_t t = 0; t < landmark_tables.size(); ++t) {
        const auto& lt = landmark_tables[t];
        if (lt.dist_m.size() != lt.landmarks.size() * n) return "landmark table " + std::to_string(t) + " has the wrong size";
        for (auto l : lt.landmarks)
            if (l >= n) return "landmark table " + std::to_string(t) + " names a node out of range";
        for (double d : lt.dist_m)
            if (!(d >= 0)) return "landmark table " + std::to_string(t) + " has a negative or NaN distance";
    }
    if (!ch.empty())
        if (auto why = validate_ch(*this); !why.empty()) return why;
    for (std::size_t i = 0; i < n; ++i)
        if (!(nodes[i].lon >= -180 && nodes[i].lon <= 180 && nodes[i].lat >= -90 && nodes[i].lat <= 90))
            return "node " + std::to_string(i) + " is outside lon/lat range";
    return {};
}

} // namespace harbormap::routing
