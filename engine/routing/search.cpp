#include "engine/routing/search.hpp"

#include "engine/routing/contraction.hpp"

#include <bit>
#include <cmath>
#include <functional>
#include <algorithm>
#include <utility>

namespace harbormap::routing {
namespace {

constexpr double min_radius_m = 6378137.0 * (1 - 0.00669437999014); // a (1 - e^2)
constexpr double deg = M_PI / 180.0;
constexpr std::uint32_t no_arc = 0xffffffffu;


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
      m_settled(g.node_count(), 0), m_mark(g.node_count(), 0) {
    // node positions as points on the sphere of radius a(1 - e^2), for the chord bound
    m_xyz.resize(3 * g.node_count());
    for (std::size_t n = 0; n < g.node_count(); ++n) {
        const double phi = g.nodes[n].lat * deg, lam = g.nodes[n].lon * deg;
        m_xyz[3 * n] = min_radius_m * std::cos(phi) * std::cos(lam);
        m_xyz[3 * n + 1] = min_radius_m * std::cos(phi) * std::sin(lam);
        m_xyz[3 * n + 2] = min_radius_m * std::sin(phi);
    }
}

search_engine::~search_engine() = default;

bool search_engine::uses_ch(const cost_model& cost) const {
    return m_use_ch && m_g.ch_for(cost.closed_gates, cost.avoid_nodes != nullptr) != nullptr;
}

path_result search_engine::shortest_path(node_id source, node_id target, const cost_model& cost) {
    if (!uses_ch(cost)) return astar(source, target, cost);
    if (!m_ch) m_ch = std::make_unique<ch_search>(m_g);
    return m_ch->route(source, target);
}

void search_engine::begin_search() {
    for (node_id n : m_touched) {
        m_dist[n] = HUGE_VAL;
        m_parent_arc[n] = no_arc;
        m_parent[n] = invalid_node;
    }
    m_touched.clear();
    m_heap.clear();
    if (++m_gen == 0) { // wrapped: clear the stamps once every 4 billion searches
        std::fill(m_settled.begin(), m_settled.end(), 0u);
        std::fill(m_mark.begin(), m_mark.end(), 0u);
        m_gen = 1;
    }
}

// mode 0: Dijkstra; 1: A* with the great-circle bound; 2: A* with the landmark (ALT) bound.
template <int mode>
path_result search_engine::point_to_point(node_id source, node_id target, const cost_model& cost) {
    begin_search();
    m_source = source;
    path_result r;
    if (source >= m_g.node_count() || target >= m_g.node_count()) return r;
    const lon_lat goal = m_g.nodes[target];
    const landmark_table* lt = nullptr;
    std::size_t active = 0;
    double tx = 0, ty = 0, tz = 0;
    if constexpr (mode == 2) {
        lt = m_g.landmarks_for(cost.closed_gates);
        const double* trow = lt->row(target);
        const double* srow = lt->row(source);
        // the active landmarks: those that bound the source best (a landmark "behind" the source or
        // "beyond" the target); the others rarely win on the way and cost a load each
        std::vector<std::pair<double, std::uint32_t>> rank;
        for (std::uint32_t i = 0; i < lt->count(); ++i)
            if (trow[i] != HUGE_VAL && srow[i] != HUGE_VAL) rank.emplace_back(-std::abs(trow[i] - srow[i]), i);
        std::sort(rank.begin(), rank.end());
        if (rank.size() > m_active_landmarks) rank.resize(m_active_landmarks);
        m_lm_target.clear();
        m_lm_index.clear();
        for (const auto& [key, i] : rank) {
            m_lm_target.push_back(trow[i]);
            m_lm_index.push_back(i);
        }
        active = m_lm_index.size();
        tx = m_xyz[3 * target];
        ty = m_xyz[3 * target + 1];
        tz = m_xyz[3 * target + 2];
    }
    const double* xyz = m_xyz.data();
    const double* lm_t = m_lm_target.data();
    const std::uint32_t* lm_i = m_lm_index.data();
    // The landmark bound is lowered by 1 mm so that rounding in the stored sums cannot make it exceed the
    // true distance (a constant shift keeps it consistent).  A node that a landmark reaches while the
    // target is reachable from it, or the other way round, cannot reach the target: its bound is infinite.
    auto h = [&](node_id n) -> double {
        if constexpr (mode == 0) {
            return 0.0;
        } else if constexpr (mode == 1) {
            return lower_bound_m(m_g.nodes[n], goal);
        } else {
            const double* row = lt->row(n);
            double best = 0;
            for (std::size_t k = 0; k < active; ++k) best = std::max(best, std::abs(lm_t[k] - row[lm_i[k]]));
            // the chord through the sphere of the smallest radius of curvature: a cheap great-circle bound
            // (no trigonometry) that is tighter than the landmarks on short open-sea legs
            const double dx = xyz[3 * n] - tx, dy = xyz[3 * n + 1] - ty, dz = xyz[3 * n + 2] - tz;
            const double chord = std::sqrt(dx * dx + dy * dy + dz * dz) * (1 - 1e-12);
            return std::max(chord, best - 1e-3);
        }
    };
    const std::uint32_t gen = m_gen;
    const auto* offsets = m_g.offsets.data();
    const auto* arcs = m_g.arcs.data();
    const std::uint8_t* avoid = cost.avoid_nodes ? cost.avoid_nodes->data() : nullptr;
    const gate_mask closed = cost.closed_gates;
    m_dist[source] = 0;
    m_touched.push_back(source);
    heap_push(m_heap, h(source), source);
    while (!m_heap.empty()) {
        const node_id u = heap_pop(m_heap).node;
        if (m_settled[u] == gen) continue;
        m_settled[u] = gen;
        ++r.settled;
        if (u == target) break;
        const double du = m_dist[u];
        for (std::uint32_t a = offsets[u], ae = offsets[u + 1]; a < ae; ++a) {
            const packed_arc& arc = arcs[a];
            const node_id v = arc.target;
            if (m_settled[v] == gen || (arc.gates & closed) || (avoid && avoid[v])) continue;
            const double dv = du + arc.length_m;
            if (dv < m_dist[v]) {
                if (m_dist[v] == HUGE_VAL) m_touched.push_back(v);
                m_dist[v] = dv;
                m_parent_arc[v] = a;
                m_parent[v] = u;
                const double key = dv + h(v);
                if (key != HUGE_VAL) heap_push(m_heap, key, v);
            }
        }
    }
    const std::size_t settled = r.settled;
    if (m_settled[target] == gen) r = path_to(target);
    r.settled = settled;
    return r;
}

path_result search_engine::dijkstra(node_id source, node_id target, const cost_model& cost) {
    return point_to_point<0>(source, target, cost);
}

path_result search_engine::astar(node_id source, node_id target, const cost_model& cost) {
    if (m_bound == bound::none) return point_to_point<0>(source, target, cost);
    if (m_bound == bound::automatic && m_g.landmarks_for(cost.closed_gates)) return point_to_point<2>(source, target, cost);
    return point_to_point<1>(source, target, cost);
}

const std::vector<double>& search_engine::run_tree(node_id source, const std::vector<node_id>* targets, const cost_model& cost) {
    begin_search();
    m_source = source;
    if (source >= m_g.node_count()) return m_dist;
    const std::uint32_t gen = m_gen;
    std::size_t remaining = 0;
    if (targets)
        for (node_id t : *targets)
            if (t < m_g.node_count() && m_mark[t] != gen) {
                m_mark[t] = gen;
                ++remaining;
            }
    const auto* offsets = m_g.offsets.data();
    const auto* arcs = m_g.arcs.data();
    const std::uint8_t* avoid = cost.avoid_nodes ? cost.avoid_nodes->data() : nullptr;
    const gate_mask closed = cost.closed_gates;
    m_dist[source] = 0;
    m_touched.push_back(source);
    heap_push(m_heap, 0.0, source);
    bool stopped = false;
    while (!m_heap.empty()) {
        const node_id u = heap_pop(m_heap).node;
        if (m_settled[u] == gen) continue;
        m_settled[u] = gen;
        if (targets && m_mark[u] == gen && --remaining == 0) {
            stopped = true;
            break;
        }
        const double du = m_dist[u];
        for (std::uint32_t a = offsets[u], ae = offsets[u + 1]; a < ae; ++a) {
            const packed_arc& arc = arcs[a];
            const node_id v = arc.target;
            if (m_settled[v] == gen || (arc.gates & closed) || (avoid && avoid[v])) continue;
            const double dv = du + arc.length_m;
            if (dv < m_dist[v]) {
                if (m_dist[v] == HUGE_VAL) m_touched.push_back(v);
                m_dist[v] = dv;
                m_parent_arc[v] = a;
                m_parent[v] = u;
                heap_push(m_heap, dv, v);
            }
        }
    }
    // Tentative (unsettled) distances are not final: only settled nodes count.
    if (stopped)
        for (node_id n : m_touched)
            if (m_settled[n] != gen) m_dist[n] = HUGE_VAL;
    return m_dist;
}

const std::vector<double>& search_engine::one_to_many(node_id source, const cost_model& cost) {
    return run_tree(source, nullptr, cost);
}

const std::vector<double>& search_engine::one_to_many(node_id source, const std::vector<node_id>& targets, const cost_model& cost) {
    return run_tree(source, &targets, cost);
}

std::vector<double> search_engine::many_to_many(const std::vector<node_id>& sources, const std::vector<node_id>& targets,
                                                const cost_model& cost) {
    const std::size_t n = m_g.node_count();
    std::vector<double> out(sources.size() * targets.size(), HUGE_VAL);
    const bool ch = uses_ch(cost);
    if (ch && !m_ch_tree) m_ch_tree = std::make_unique<ch_tree>(m_g);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        double* row = out.data() + i * targets.size();
        if (ch) {
            m_ch_tree->run(sources[i]);
            for (std::size_t k = 0; k < targets.size(); ++k) row[k] = m_ch_tree->dist(targets[k]);
        } else {
            const auto& dist = run_tree(sources[i], &targets, cost);
            for (std::size_t k = 0; k < targets.size(); ++k)
                if (targets[k] < n) row[k] = dist[targets[k]];
        }
    }
    return out;
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
    const gate_mask* edge_gates = m_g.edge_gates.data();
    for (edge_id e : p.edges) {
        const gate_mask m = edge_gates[e];
        // the gates entered on this edge, in gate order (most edges cross none)
        for (gate_mask entered = m & ~prev; entered != 0; entered &= entered - 1) {
            const auto i = static_cast<std::size_t>(std::countr_zero(entered));
            // a gate crossed again later (a loop back) is listed again only if not already last
            if (out.empty() || out.back() != i) out.push_back(i);
        }
        prev = m;
    }
    return out;
}

} // namespace harbormap::routing
