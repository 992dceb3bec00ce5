#include "engine/routing/dependency.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace harbormap::routing {
namespace {

// Union-find over a dense key space (component labels, then opened nodes).
class disjoint_sets {
public:
    explicit disjoint_sets(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t x) {
        while (m_parent[x] != x) x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<std::size_t> m_parent;
};

// Would opening `opened` (masked nodes) join the origin's component to the target's?
bool joined(const sea_graph& g, const cost_model& cost, const std::vector<std::uint32_t>& comp, std::uint32_t components,
            node_id origin, node_id target, const std::vector<node_id>& opened) {
    disjoint_sets sets(components + opened.size());
    auto key_of = [&](node_id v) -> std::size_t {
        const auto it = std::lower_bound(opened.begin(), opened.end(), v);
        if (it != opened.end() && *it == v) return components + static_cast<std::size_t>(it - opened.begin());
        return comp[v] == no_component ? SIZE_MAX : comp[v];
    };
    for (auto z : opened)
        for (auto a = g.arc_begin(z); a < g.arc_end(z); ++a) {
            const auto& arc = g.arcs[a];
            if (arc.gates & cost.closed_gates) continue;
            const auto kv = key_of(arc.target);
            if (kv != SIZE_MAX) sets.unite(key_of(z), kv);
        }
    const auto ko = key_of(origin), kt = key_of(target);
    return ko != SIZE_MAX && kt != SIZE_MAX && sets.find(ko) == sets.find(kt);
}

void gate_closures(search_engine& eng, const sea_graph& g, node_id origin, const std::vector<dependency_target>& targets,
                   const cost_model& base, dependency_analysis& out) {
    for (std::size_t gi = 0; gi < g.gates.size(); ++gi) {
        const gate_mask bit = gate_mask{1} << gi;
        gate_use use;
        use.gate = gi;
        for (std::size_t k = 0; k < targets.size(); ++k)
            if (out.base_m[k] != HUGE_VAL && (out.route_gates[k] & bit)) use.routes.push_back(k);
        if (use.routes.empty()) continue;
        auto closed = base;
        closed.closed_gates |= bit;
        std::vector<node_id> nodes;
        for (auto k : use.routes) nodes.push_back(targets[k].node);
        const auto& alt = eng.one_to_many(origin, nodes, closed);
        for (auto k : use.routes) {
            const double d = alt[targets[k].node];
            use.detour_m.push_back(d == HUGE_VAL ? HUGE_VAL : d + targets[k].end_m - out.base_m[k]);
        }
        out.gates.push_back(std::move(use));
    }
}

void avoidance(search_engine& eng, const sea_graph& g, node_id origin, const std::vector<dependency_target>& targets,
               const cost_model& base, std::vector<std::uint8_t>& mask, dependency_analysis& out) {
    mask[origin] = 0;
    auto cost = base;
    cost.avoid_nodes = &mask;
    std::vector<std::size_t> shared, own;
    for (std::size_t k = 0; k < targets.size(); ++k) {
        if (out.base_m[k] == HUGE_VAL) continue;
        bool touches = mask[targets[k].node] != 0;
        for (auto nd : targets[k].zone) touches = touches || mask[nd] != 0;
        (touches ? own : shared).push_back(k);
    }
    if (!shared.empty()) {
        std::vector<node_id> nodes;
        for (auto k : shared) nodes.push_back(targets[k].node);
        const auto& t = eng.one_to_many(origin, nodes, cost);
        for (auto k : shared)
            if (t[targets[k].node] != HUGE_VAL) out.avoid_m[k] = t[targets[k].node] + targets[k].end_m;
    }
    std::vector<std::uint32_t> comp;
    std::uint32_t components = 0;
    if (!own.empty()) {
        comp = component_labels(g, cost);
        for (auto c : comp)
            if (c != no_component) components = std::max(components, c + 1);
    }
    for (auto k : own) {
        std::vector<node_id> opened(targets[k].zone);
        opened.push_back(targets[k].node);
        std::sort(opened.begin(), opened.end());
        opened.erase(std::unique(opened.begin(), opened.end()), opened.end());
        std::vector<node_id> masked;
        for (auto v : opened)
            if (mask[v]) masked.push_back(v);
        if (!joined(g, cost, comp, components, origin, targets[k].node, masked)) continue; // cut off
        std::vector<std::pair<node_id, std::uint8_t>> saved;
        for (auto v : opened) saved.emplace_back(v, mask[v]), mask[v] = 0;
        const auto r = eng.astar(origin, targets[k].node, cost);
        for (auto it = saved.rbegin(); it != saved.rend(); ++it) mask[it->first] = it->second;
        if (r.status == search_status::ok) out.avoid_m[k] = r.cost_m + targets[k].end_m;
    }
    for (std::size_t k = 0; k < targets.size(); ++k)
        if (out.base_m[k] != HUGE_VAL && out.avoid_m[k] == HUGE_VAL) ++out.avoid_cut_off;
}

} // namespace

std::vector<std::uint32_t> component_labels(const sea_graph& g, const cost_model& cost) {
    const std::size_t nn = g.node_count();
    std::vector<std::uint32_t> comp(nn, no_component);
    std::uint32_t next = 0;
    std::vector<node_id> stack;
    auto masked = [&](node_id v) { return cost.avoid_nodes && (*cost.avoid_nodes)[v]; };
    for (node_id v0 = 0; v0 < nn; ++v0) {
        if (comp[v0] != no_component || masked(v0)) continue;
        comp[v0] = next;
        stack.push_back(v0);
        while (!stack.empty()) {
            const auto u = stack.back();
            stack.pop_back();
            for (auto a = g.arc_begin(u); a < g.arc_end(u); ++a) {
                const auto& arc = g.arcs[a];
                if ((arc.gates & cost.closed_gates) || masked(arc.target) || comp[arc.target] != no_component) continue;
                comp[arc.target] = next;
                stack.push_back(arc.target);
            }
        }
        ++next;
    }
    return comp;
}

dependency_analysis analyse_dependencies(search_engine& eng, const sea_graph& g, node_id origin,
                                         const std::vector<dependency_target>& targets, const cost_model& base,
                                         std::vector<std::uint8_t> avoid, const std::vector<node_id>& probes) {
    dependency_analysis out;
    const std::size_t n = targets.size();
    out.base_m.assign(n, HUGE_VAL);
    out.route_gates.assign(n, 0);
    out.passes.assign(n, 0);
    out.avoid_m.assign(n, HUGE_VAL);
    const bool avoiding = !avoid.empty();
    const auto& tree = eng.one_to_many(origin, base);
    for (auto p : probes) out.probe_m.push_back(tree[p]);
    std::vector<node_id> zone;
    for (std::size_t k = 0; k < n; ++k) {
        const auto& t = targets[k];
        if (tree[t.node] == HUGE_VAL) continue;
        out.base_m[k] = tree[t.node] + t.end_m;
        ++out.reachable;
        const auto path = eng.path_to(t.node);
        for (auto gi : eng.gates_on_path(path)) out.route_gates[k] |= gate_mask{1} << gi;
        if (!avoiding) continue;
        zone = t.zone;
        std::sort(zone.begin(), zone.end());
        for (auto v : path.nodes)
            if (avoid[v] && v != origin && !std::binary_search(zone.begin(), zone.end(), v)) {
                out.passes[k] = 1;
                break;
            }
    }
    gate_closures(eng, g, origin, targets, base, out);
    if (avoiding) avoidance(eng, g, origin, targets, base, avoid, out);
    else out.avoid_m = out.base_m;
    return out;
}

} // namespace harbormap::routing
