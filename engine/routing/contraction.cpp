#include "engine/routing/contraction.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <utility>

namespace harbormap::routing {
namespace {

struct dyn_arc {
    node_id to;
    double length_m;
    gate_mask gates;
    node_id middle; // invalid_node: original edge
    edge_id edge;   // invalid_edge: shortcut
};

struct shortcut {
    node_id u, w;
    double length_m;
    gate_mask gates;
};

class contractor {
public:
    contractor(const sea_graph& g, gate_mask closed, const ch_build_options& opt)
        : m_opt(opt), m_adj(g.node_count()), m_dist(g.node_count(), HUGE_VAL), m_hops(g.node_count(), 0),
          m_target(g.node_count(), 0) {
        for (edge_id e = 0; e < g.edge_count(); ++e) {
            if (g.edge_gates[e] & closed) continue;
            const node_id a = g.edge_a[e], b = g.edge_b[e];
            if (a == b) continue;
            // parallel edges: the shortest one (the lowest id on a tie, as Dijkstra relaxes them in id order)
            add_or_improve(a, b, g.edge_length_m[e], g.edge_gates[e], invalid_node, e);
        }
    }

    contraction_hierarchy run(gate_mask closed) {
        const std::size_t n = m_adj.size();
        std::vector<int> prio(n), deleted(n, 0);
        std::vector<std::uint8_t> contracted(n, 0);
        std::vector<std::uint32_t> rank(n, 0);
        std::vector<std::vector<dyn_arc>> up(n);
        using item = std::pair<int, node_id>;
        std::priority_queue<item, std::vector<item>, std::greater<item>> queue;
        std::vector<shortcut> sc;
        auto priority = [&](node_id v, std::size_t limit) {
            sc.clear();
            find_shortcuts(v, limit, sc);
            return 2 * (static_cast<int>(sc.size()) - static_cast<int>(m_adj[v].size())) + deleted[v];
        };
        for (node_id v = 0; v < n; ++v) {
            prio[v] = priority(v, m_opt.simulate_settle_limit);
            queue.push({prio[v], v});
        }
        std::uint32_t next = 0;
        while (!queue.empty()) {
            const auto [p, v] = queue.top();
            queue.pop();
            if (contracted[v] || p != prio[v]) continue;
            // lazy update: re-evaluate; contract only if still the smallest
            const int now = priority(v, m_opt.simulate_settle_limit);
            if (now > p && !queue.empty() && now > queue.top().first) {
                prio[v] = now;
                queue.push({now, v});
                continue;
            }
            sc.clear();
            find_shortcuts(v, m_opt.witness_settle_limit, sc);
            for (const auto& s : sc) add_or_improve(s.u, s.w, s.length_m, s.gates, v, invalid_edge);
            contracted[v] = 1;
            rank[v] = next++;
            up[v] = m_adj[v];
            for (const auto& a : m_adj[v]) {
                auto& l = m_adj[a.to];
                const node_id removed = v; // clang 14 cannot capture a structured binding
            l.erase(std::remove_if(l.begin(), l.end(), [removed](const dyn_arc& x) { return x.to == removed; }), l.end());
                ++deleted[a.to];
            }
            m_adj[v].clear();
            m_adj[v].shrink_to_fit();
            for (const auto& a : up[v]) {
                prio[a.to] = priority(a.to, m_opt.simulate_settle_limit);
                queue.push({prio[a.to], a.to});
            }
        }
        contraction_hierarchy ch;
        ch.closed = closed;
        ch.rank = std::move(rank);
        std::vector<std::uint32_t> offsets(n + 1, 0);
        std::vector<node_id> target, middle;
        std::vector<double> length_m;
        std::vector<gate_mask> gates;
        std::vector<edge_id> edge;
        for (node_id v = 0; v < n; ++v) {
            auto& l = up[v];
            std::sort(l.begin(), l.end(), [](const dyn_arc& a, const dyn_arc& b) { return a.to < b.to; });
            for (const auto& a : l) {
                target.push_back(a.to);
                length_m.push_back(a.length_m);
                gates.push_back(a.gates);
                middle.push_back(a.middle);
                edge.push_back(a.edge);
            }
            offsets[v + 1] = static_cast<std::uint32_t>(target.size());
        }
        ch.up_offsets = std::move(offsets);
        ch.up_target = std::move(target);
        ch.up_length_m = std::move(length_m);
        ch.up_gates = std::move(gates);
        ch.up_middle = std::move(middle);
        ch.up_edge = std::move(edge);
        ch.rebuild_packed();
        return ch;
    }

private:
    void add_or_improve(node_id u, node_id w, double len, gate_mask gates, node_id middle, edge_id edge) {
        for (auto& a : m_adj[u])
            if (a.to == w) {
                if (!(len < a.length_m)) return;
                a = {w, len, gates, middle, edge};
                for (auto& b : m_adj[w])
                    if (b.to == u) b = {u, len, gates, middle, edge};
                return;
            }
        m_adj[u].push_back({w, len, gates, middle, edge});
        m_adj[w].push_back({u, len, gates, middle, edge});
    }

    // Shortcuts needed to contract v: for each pair of neighbours u, w the path u-v-w unless a witness.
    void find_shortcuts(node_id v, std::size_t settle_limit, std::vector<shortcut>& out) {
        const auto& nb = m_adj[v];
        for (std::size_t i = 0; i + 1 < nb.size(); ++i) {
            double max_via = 0;
            for (std::size_t j = i + 1; j < nb.size(); ++j) max_via = std::max(max_via, nb[i].length_m + nb[j].length_m);
            // the neighbours after i are the targets: the search ends once they are all settled (their
            // distances are final then; nothing else of the search is read), as it would end later anyway
            if (++m_stamp == 0) {
                std::fill(m_target.begin(), m_target.end(), 0u);
                m_stamp = 1;
            }
            for (std::size_t j = i + 1; j < nb.size(); ++j) m_target[nb[j].to] = m_stamp;
            witness(nb[i].to, v, max_via, settle_limit, nb.size() - i - 1);
            for (std::size_t j = i + 1; j < nb.size(); ++j) {
                const double via = nb[i].length_m + nb[j].length_m;
                if (m_dist[nb[j].to] > via) out.push_back({nb[i].to, nb[j].to, via, nb[i].gates | nb[j].gates});
            }
        }
    }

    // Dijkstra from src in the remaining graph without `excluded`, up to max_m / the limits, or until the
    // `targets` nodes marked with m_stamp in m_target are settled.
    void witness(node_id src, node_id excluded, double max_m, std::size_t settle_limit, std::size_t targets) {
        for (node_id t : m_touched) m_dist[t] = HUGE_VAL;
        m_touched.clear();
        m_heap.clear();
        m_dist[src] = 0;
        m_hops[src] = 0;
        m_touched.push_back(src);
        m_heap.push_back({0.0, src});
        std::size_t settled = 0;
        const auto cmp = [](const std::pair<double, node_id>& a, const std::pair<double, node_id>& b) { return a > b; };
        while (!m_heap.empty()) {
            std::pop_heap(m_heap.begin(), m_heap.end(), cmp);
            const auto [d, x] = m_heap.back();
            m_heap.pop_back();
            if (d > m_dist[x]) continue;
            if (d > max_m || ++settled > settle_limit) break;
            if (m_target[x] == m_stamp && --targets == 0) break;
            if (m_hops[x] >= m_opt.witness_hop_limit) continue;
            for (const auto& a : m_adj[x]) {
                if (a.to == excluded) continue;
                const double nd = d + a.length_m;
                if (nd < m_dist[a.to]) {
                    if (m_dist[a.to] == HUGE_VAL) m_touched.push_back(a.to);
                    m_dist[a.to] = nd;
                    m_hops[a.to] = m_hops[x] + 1;
                    m_heap.push_back({nd, a.to});
                    std::push_heap(m_heap.begin(), m_heap.end(), cmp);
                }
            }
        }
    }

    ch_build_options m_opt;
    std::vector<std::vector<dyn_arc>> m_adj; // remaining (uncontracted) graph
    std::vector<double> m_dist;
    std::vector<std::uint32_t> m_hops;
    std::vector<std::uint32_t> m_target; // == m_stamp: a target of the current witness search
    std::uint32_t m_stamp = 0;
    std::vector<node_id> m_touched;
    std::vector<std::pair<double, node_id>> m_heap;
};

} // namespace

contraction_hierarchy build_contraction_hierarchy(const sea_graph& g, gate_mask closed, const ch_build_options& opt) {
    if (g.node_count() == 0) return {};
    contractor c(g, closed, opt);
    return c.run(closed);
}

void add_contraction_hierarchy(sea_graph& g) { g.ch = build_contraction_hierarchy(g, g.default_closed()); }

// ---------------------------------------------------------------------------------------------- query

ch_search::ch_search(const sea_graph& g) : m_g(g) {
    for (auto& s : m_side) s.labels.assign(g.node_count(), label{HUGE_VAL, invalid_node, invalid_edge, 0});
}

path_result ch_search::route(node_id source, node_id target) {
    path_result r;
    const auto& ch = m_g.ch;
    const std::size_t n = m_g.node_count();
    if (ch.empty() || source >= n || target >= n) return r;
    if (++m_gen == 0) {
        for (auto& s : m_side)
            for (auto& l : s.labels) l.reached = 0;
        m_gen = 1;
    }
    const std::uint32_t gen = m_gen;
    const std::uint32_t* off = ch.up_offsets.data();
    const packed_arc* arcs = ch.up_arcs.data();
    const node_id ends[2] = {source, target};
    for (int d = 0; d < 2; ++d) {
        side& s = m_side[d];
        s.heap.clear();
        s.labels[ends[d]] = {0.0, invalid_node, invalid_edge, gen};
        heap_push(s.heap, 0.0, ends[d]);
    }
    double best = HUGE_VAL;
    node_id meet = invalid_node;
    int dir = 1;
    for (;;) {
        const bool f = !m_side[0].heap.empty() && m_side[0].heap.front().key < best;
        const bool b = !m_side[1].heap.empty() && m_side[1].heap.front().key < best;
        if (!f && !b) break;
        dir = f && b ? 1 - dir : (f ? 0 : 1);
        label* lab = m_side[dir].labels.data();
        const label* other = m_side[1 - dir].labels.data();
        const entry top = heap_pop(m_side[dir].heap);
        const node_id u = top.node;
        // a node is pushed again only with a smaller key, so an entry above the label is stale and the
        // one equal to it settles the node (once)
        if (top.key > lab[u].dist) continue;
        ++r.settled;
        const double du = lab[u].dist;
        if (other[u].reached == gen && du + other[u].dist < best) {
            best = du + other[u].dist;
            meet = u;
        }
        // stall-on-demand: u is reached more cheaply from a higher neighbour, so it is not on a shortest
        // upward path and need not be expanded
        bool stalled = false;
        for (std::uint32_t a = off[u], ae = off[u + 1]; a < ae; ++a) {
            const label& lx = lab[arcs[a].target];
            if (lx.reached == gen && lx.dist + arcs[a].length_m < du) {
                stalled = true;
                break;
            }
        }
        if (stalled) continue;
        for (std::uint32_t a = off[u], ae = off[u + 1]; a < ae; ++a) {
            const node_id x = arcs[a].target;
            const double dx = du + arcs[a].length_m;
            label& lx = lab[x];
            if (lx.reached != gen || dx < lx.dist) {
                lx = {dx, u, a, gen};
                heap_push(m_side[dir].heap, dx, x);
            }
        }
    }
    if (meet == invalid_node) return r;
    // the arcs source .. meet (upward) and meet .. target (downward), in path order
    auto& chain = m_chain;
    chain.clear();
    const label* fw = m_side[0].labels.data();
    const label* bw = m_side[1].labels.data();
    for (node_id x = meet; x != source; x = fw[x].parent) chain.push_back({fw[x].parent, fw[x].parent_arc, true});
    std::reverse(chain.begin(), chain.end());
    for (node_id x = meet; x != target; x = bw[x].parent) chain.push_back({bw[x].parent, bw[x].parent_arc, false});
    r.status = search_status::ok;
    r.nodes.push_back(source);
    for (const auto& p : chain) unpack(p.owner, p.arc, p.upward, r);
    double cost = 0;
    for (edge_id e : r.edges) cost += m_g.edge_length_m[e];
    r.cost_m = cost;
    return r;
}

void ch_search::unpack(node_id owner, std::uint32_t arc, bool upward, path_result& out) {
    const auto& ch = m_g.ch;
    m_stack.clear();
    m_stack.push_back({owner, arc, upward});
    while (!m_stack.empty()) {
        const piece p = m_stack.back();
        m_stack.pop_back();
        const node_id t = ch.up_target[p.arc];
        const node_id mid = ch.up_middle[p.arc];
        if (mid == invalid_node) {
            out.edges.push_back(ch.up_edge[p.arc]);
            out.nodes.push_back(p.upward ? t : p.owner);
            continue;
        }
        // owner - mid - t; both halves are upward arcs of mid (validated on load)
        const std::uint32_t a_owner = ch.up_half[2 * p.arc], a_t = ch.up_half[2 * p.arc + 1];
        if (p.upward) { // owner -> mid -> t: pushed in reverse
            m_stack.push_back({mid, a_t, true});
            m_stack.push_back({mid, a_owner, false});
        } else { // t -> mid -> owner
            m_stack.push_back({mid, a_owner, true});
            m_stack.push_back({mid, a_t, false});
        }
    }
}

// ---------------------------------------------------------------------------------------------- PHAST

ch_tree::ch_tree(const sea_graph& g) {
    const auto& ch = g.ch;
    const std::size_t n = ch.empty() ? 0 : g.node_count();
    m_pos.resize(n);
    std::vector<node_id> at(n); // position -> node
    for (std::size_t v = 0; v < n; ++v) {
        m_pos[v] = static_cast<std::uint32_t>(n - 1 - ch.rank[v]);
        at[m_pos[v]] = static_cast<node_id>(v);
    }
    m_off.assign(n + 1, 0);
    m_arcs.reserve(ch.arc_count());
    for (std::size_t i = 0; i < n; ++i) {
        const node_id v = at[i];
        for (std::uint32_t a = ch.up_offsets[v]; a < ch.up_offsets[v + 1]; ++a) m_arcs.push_back({ch.up_length_m[a], m_pos[ch.up_target[a]]});
        m_off[i + 1] = static_cast<std::uint32_t>(m_arcs.size());
    }
    m_dist.assign(n, HUGE_VAL);
}

void ch_tree::run(node_id source) {
    const std::size_t n = m_pos.size();
    std::fill(m_dist.begin(), m_dist.end(), HUGE_VAL);
    if (source >= n) return;
    double* dist = m_dist.data();
    const std::uint32_t* off = m_off.data();
    const arc* arcs = m_arcs.data();
    const std::uint32_t s = m_pos[source];
    dist[s] = 0;
    // 1. upward: every upward arc leads to a smaller position, so a position's distance is final when reached
    for (std::uint32_t i = s + 1; i-- > 0;) {
        const double di = dist[i];
        if (di == HUGE_VAL) continue;
        for (std::uint32_t a = off[i], ae = off[i + 1]; a < ae; ++a) {
            const double d = di + arcs[a].length_m;
            if (d < dist[arcs[a].to]) dist[arcs[a].to] = d;
        }
    }
    // 2. downward: the higher ends come first, their distances are final
    for (std::size_t i = 0; i < n; ++i) {
        double di = dist[i];
        for (std::uint32_t a = off[i], ae = off[i + 1]; a < ae; ++a) {
            const double d = dist[arcs[a].to] + arcs[a].length_m;
            if (d < di) di = d;
        }
        dist[i] = di;
    }
}

} // namespace harbormap::routing
