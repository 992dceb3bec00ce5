#pragma once
// The 4-ary min-heap shared by the searches (search_engine and the CH query): a plain vector that
// keeps its capacity between searches, ordered by (key, node) so that ties are broken by node id and
// results do not depend on insertion order.
#include "engine/routing/sea_graph.hpp"

#include <algorithm>
#include <vector>

namespace harbormap::routing {

struct heap_entry {
    double key;
    node_id node;
};

namespace detail {
inline bool heap_before(double ka, node_id na, double kb, node_id nb) { return ka < kb || (ka == kb && na < nb); }
} // namespace detail

inline void heap_push(std::vector<heap_entry>& h, double key, node_id n) {
    std::size_t i = h.size();
    h.push_back({key, n});
    while (i > 0) {
        const std::size_t p = (i - 1) / 4;
        if (!detail::heap_before(key, n, h[p].key, h[p].node)) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = {key, n};
}

inline heap_entry heap_pop(std::vector<heap_entry>& h) {
    const heap_entry top = h.front();
    const heap_entry last = h.back();
    h.pop_back();
    const std::size_t n = h.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
        const std::size_t c = 4 * i + 1;
        if (c >= n) break;
        std::size_t m = c;
        const std::size_t ce = std::min(c + 4, n);
        for (std::size_t k = c + 1; k < ce; ++k)
            if (detail::heap_before(h[k].key, h[k].node, h[m].key, h[m].node)) m = k;
        if (!detail::heap_before(h[m].key, h[m].node, last.key, last.node)) break;
        h[i] = h[m];
        i = m;
    }
    h[i] = last;
    return top;
}

} // namespace harbormap::routing
