#include "engine/routing/search.hpp"

#include <cmath>
#include <functional>
#include <queue>
#include <utility>

namespace harbormap::routing {
namespace {

constexpr double min_radius_m = 6378137.0 * (1 - 0.00669437999014); // a (1 - e^2)
constexpr double deg = M_PI / 180.0;
constexpr std::uint32_t no_arc = 0xffffffffu;

using entry = std::pair<double, node_id>;
using min_heap = std::priority_queue<entry, std::vector<entry>, std::greater<entry>>;

} // namespace

double lower_bound_m(const lon_lat& a, const lon_lat& b) {
    const double p1 = a.lat * deg, p2 = b.lat * deg;
    const double sdp = std::sin((p2 - p1) / 2), sdl = std::sin((b.lon - a.lon) * deg / 2);
    const double h = sdp * sdp + std::cos(p1) * std::cos(p2) * sdl * sdl;
    // a hair below the exact bound to absorb rounding
    return 2 * min_radius_m * std::asin(std::min(1.0, std::sqrt(h))) * (1 - 1e-12);
}

search_engine::search_engine(const sea_graph& g)
    : m_g(g), m_dist(g.node_count(), HUGE_VAL), m_parent_arc(g.node_count(), no_arc), m_parent(g.node_count(), invalid_node),
      m_settled(g.node_count(), 0) {}

void search_engine::reset() {
    for (node_id n : m_touched) {
        m_dist[n] = HUGE_VAL;
        m_parent_arc[n] = no_arc;
        m_parent[n] = invalid_node;
        m_settled[n] = 0;
    }
    m_touched.clear();
}

template <bool use_heuristic>
path_result search_engine::point_to_point(node_id source, node_id target, const cost_model& cost) {
    reset();
    m_source = source;
    path_result r;
    if (source >= m_g.node_count() || target >= m_g.node_count()) return r;
    const lon_lat goal = m_g.nodes[target];
    auto h = [&](node_id n) { return use_heuristic ? lower_bound_m(m_g.nodes[n], goal) : 0.0; };
    min_heap heap;
    m_dist[source] = 0;
    m_touched.push_back(source);
    heap.emplace(h(source), source);
    while (!heap.empty()) {
        const auto [key, u] = heap.top();
        heap.pop();
        if (m_settled[u]) continue;
        m_settled[u] = 1;
        ++r.settled;
        if (u == target) break;
        const double du = m_dist[u];
        for (std::uint32_t a = m_g.arc_begin(u); a < m_g.arc_end(u); ++a) {
            const node_id v = m_g.arc_target[a];
            if (m_settled[v]) continue;
            const edge_id e = m_g.arc_edge[a];
            if (!cost.allowed(m_g, e, v)) continue;
            const double dv = du + cost.edge_cost(m_g, e);
            if (dv < m_dist[v]) {
                if (m_dist[v] == HUGE_VAL) m_touched.push_back(v);
                m_dist[v] = dv;
                m_parent_arc[v] = a;
                m_parent[v] = u;
                heap.emplace(dv + h(v), v);
            }
        }
    }
    const std::size_t settled = r.settled;
    r = path_to(target);
    r.settled = settled;
    return r;
}

path_result search_engine::dijkstra(node_id source, node_id target, const cost_model& cost) {
    return point_to_point<false>(source, target, cost);
}

path_result search_engine::astar(node_id source, node_id target, const cost_model& cost) {
    return point_to_point<true>(source, target, cost);
}

const std::vector<double>& search_engine::run_tree(node_id source, const std::vector<node_id>* targets, const cost_model& cost) {
    reset();
    m_source = source;
    if (source >= m_g.node_count()) return m_dist;
    std::size_t remaining = 0;
    std::vector<std::uint8_t> is_target;
    if (targets) {
        is_target.assign(m_g.node_count(), 0);
        for (node_id t : *targets)
            if (t < m_g.node_count() && !is_target[t]) {
                is_target[t] = 1;
                ++remaining;
            }
    }
    min_heap heap;
    m_dist[source] = 0;
    m_touched.push_back(source);
    heap.emplace(0.0, source);
    while (!heap.empty()) {
        const auto [du, u] = heap.top();
        heap.pop();
        if (m_settled[u]) continue;
        m_settled[u] = 1;
        if (targets && is_target[u] && --remaining == 0) break;
        for (std::uint32_t a = m_g.arc_begin(u); a < m_g.arc_end(u); ++a) {
            const node_id v = m_g.arc_target[a];
            if (m_settled[v]) continue;
            const edge_id e = m_g.arc_edge[a];
            if (!cost.allowed(m_g, e, v)) continue;
            const double dv = du + cost.edge_cost(m_g, e);
            if (dv < m_dist[v]) {
                if (m_dist[v] == HUGE_VAL) m_touched.push_back(v);
                m_dist[v] = dv;
                m_parent_arc[v] = a;
                m_parent[v] = u;
                heap.emplace(dv, v);
            }
        }
    }
    // Tentative (unsettled) distances are not final: only settled nodes count.
    if (targets)
        for (node_id n : m_touched)
            if (!m_settled[n]) m_dist[n] = HUGE_VAL;
    return m_dist;
}

const std::vector<double>& search_engine::one_to_many(node_id source, const cost_model& cost) {
    return run_tree(source, nullptr, cost);
}

const std::vector<double>& search_engine::one_to_many(node_id source, const std::vector<node_id>& targets, const cost_model& cost) {
    return run_tree(source, &targets, cost);
}

path_result search_engine::path_to(node_id target) const {
    path_result r;
    if (target >= m_g.node_count() || m_dist[target] == HUGE_VAL) return r;
    r.status = search_status::ok;
    r.cost_m = m_dist[target];
    for (node_id n = target; n != invalid_node; n = m_parent[n]) {
        r.nodes.push_back(n);
        if (m_parent_arc[n] != no_arc) r.edges.push_back(m_g.arc_edge[m_parent_arc[n]]);
    }
    std::reverse(r.nodes.begin(), r.nodes.end());
    std::reverse(r.edges.begin(), r.edges.end());
    return r;
}

std::vector<std::size_t> search_engine::gates_on_path(const path_result& p) const {
    std::vector<std::size_t> out;
    gate_mask prev = 0;
    for (edge_id e : p.edges) {
        const gate_mask m = m_g.edge_gates[e];
        for (std::size_t i = 0; i < m_g.gates.size(); ++i) {
            const gate_mask bit = gate_mask{1} << i;
            if ((m & bit) && !(prev & bit)) {
                // a gate crossed again later (a loop back) is listed again only if not already last
                if (out.empty() || out.back() != i) out.push_back(i);
            }
        }
        prev = m;
    }
    return out;
}

} // namespace harbormap::routing
