#include "engine/routing/graph_builder.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/routing/contraction.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/routing/landmarks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace harbormap::routing {
namespace {

// Coordinates are keyed at 1e-7 degree (~1 cm) so that 190.8498 - 360 and -169.1502 are one node.
std::int64_t quantise(double v) { return static_cast<std::int64_t>(std::llround(v * 1e7)); }

struct key_hash {
    std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const noexcept {
        return std::hash<std::int64_t>()(k.first * 1000003 ^ k.second);
    }
};

} // namespace

sea_graph build_sea_graph(const std::vector<lane>& lanes, const std::vector<gate>& gates, build_stats* stats,
                          const std::vector<polygon>& land) {
    if (gates.size() > max_gates) throw std::invalid_argument("at most 32 gates are supported, got " + std::to_string(gates.size()));
    for (std::size_t i = 0; i < gates.size(); ++i)
        for (std::size_t j = i + 1; j < gates.size(); ++j)
            if (gates[i].id == gates[j].id) throw std::invalid_argument("duplicate gate id '" + gates[i].id + "'");
    build_stats st;
    st.input_lines = lanes.size();

    // 1. nodes and raw edges
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, node_id, key_hash> index;
    std::vector<lon_lat> nodes;
    auto node_of = [&](lon_lat p) {
        if (p.lon > 180) p.lon -= 360;
        const auto key = std::make_pair(quantise(p.lon), quantise(p.lat));
        auto [it, fresh] = index.emplace(key, static_cast<node_id>(nodes.size()));
        if (fresh) nodes.push_back({static_cast<double>(key.first) / 1e7, static_cast<double>(key.second) / 1e7});
        return it->second;
    };
    std::vector<std::pair<node_id, node_id>> raw;
    for (const auto& l : lanes) {
        st.input_vertices += l.line.size();
        node_id prev = invalid_node;
        for (const auto& p : l.line) {
            const node_id n = node_of(p);
            if (prev != invalid_node) {
                if (prev == n) ++st.degenerate_segments;
                else raw.emplace_back(std::min(prev, n), std::max(prev, n));
            }
            prev = n;
        }
    }
    // antimeridian joins: (+180, y) <-> (-180, y)
    std::vector<std::pair<node_id, node_id>> joins;
    for (node_id n = 0; n < nodes.size(); ++n) {
        if (nodes[n].lon != 180.0) continue;
        auto it = index.find({quantise(-180.0), quantise(nodes[n].lat)});
        if (it != index.end()) joins.emplace_back(std::min(n, it->second), std::max(n, it->second));
    }
    const std::size_t raw_count = raw.size();
    raw.insert(raw.end(), joins.begin(), joins.end());
    std::vector<char> is_join(raw.size(), 0);
    std::fill(is_join.begin() + static_cast<std::ptrdiff_t>(raw_count), is_join.end(), 1);
    // dedupe (keep the first occurrence; a join duplicating a lane segment stays a lane segment)
    {
        std::vector<std::size_t> order(raw.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return raw[x] < raw[y]; });
        std::vector<std::pair<node_id, node_id>> uniq;
        std::vector<char> uniq_join;
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k > 0 && raw[order[k]] == raw[order[k - 1]]) {
                ++st.degenerate_segments;
                continue;
            }
            uniq.push_back(raw[order[k]]);
            uniq_join.push_back(is_join[order[k]]);
        }
        raw.swap(uniq);
        is_join.swap(uniq_join);
    }

    // 2. components (union-find), keep the largest
    std::vector<node_id> parent(nodes.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](node_id x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& [a, b] : raw) parent[find(a)] = find(b);
    std::vector<std::size_t> size(nodes.size(), 0);
    for (node_id n = 0; n < nodes.size(); ++n) ++size[find(n)];
    node_id best = 0;
    for (node_id n = 0; n < nodes.size(); ++n) {
        if (size[n] > 0 && parent[n] == n) ++st.components;
        if (size[n] > size[best]) best = n;
    }
    if (raw.empty()) throw std::invalid_argument("the lane network has no segments");
    std::vector<node_id> renum(nodes.size(), invalid_node);
    sea_graph g;
    // Keep the input order of nodes among the kept ones (deterministic).
    std::vector<lon_lat> kept;
    for (node_id n = 0; n < nodes.size(); ++n)
        if (find(n) == find(best)) {
            renum[n] = static_cast<node_id>(kept.size());
            kept.push_back(nodes[n]);
        }
    st.dropped_nodes = nodes.size() - kept.size();

    // 3. edges with lengths and gate masks
    for (const auto& gt : gates) g.gates.push_back(gt);
    st.gate_edges.assign(gates.size(), 0);
    std::vector<node_id> edge_a, edge_b;
    std::vector<double> edge_length_m;
    std::vector<gate_mask> edge_gates;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const node_id a = renum[raw[i].first], b = renum[raw[i].second];
        if (a == invalid_node) continue;
        if (is_join[i]) ++st.antimeridian_joins;
        const lon_lat& pa = kept[a];
        const lon_lat& pb = kept[b];
        edge_a.push_back(a);
        edge_b.push_back(b);
        edge_length_m.push_back(is_join[i] ? 0.0 : geodesic_m(pa, pb));
        gate_mask m = 0;
        if (!is_join[i])
            for (std::size_t k = 0; k < gates.size(); ++k)
                if (segment_crosses(gates[k], pa, pb)) {
                    m |= gate_mask{1} << k;
                    ++st.gate_edges[k];
                }
        edge_gates.push_back(m);
    }
    g.nodes = std::move(kept);
    g.edge_a = std::move(edge_a);
    g.edge_b = std::move(edge_b);
    g.edge_length_m = std::move(edge_length_m);
    g.edge_gates = std::move(edge_gates);

    rebuild_csr(g);
    add_landmark_tables(g);
    add_contraction_hierarchy(g);
    if (!land.empty()) g.land = build_land_index(land);
    st.nodes = g.nodes.size();
    st.edges = g.edge_a.size();
    if (stats) *stats = st;
    return g;
}

} // namespace harbormap::routing
