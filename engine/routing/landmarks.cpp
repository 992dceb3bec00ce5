#include "engine/routing/landmarks.hpp"

#include "engine/routing/search.hpp"

#include <algorithm>
#include <cmath>

namespace harbormap::routing {

landmark_table compute_landmarks(const sea_graph& g, gate_mask closed, std::size_t count) {
    landmark_table t;
    t.closed = closed;
    const std::size_t n = g.node_count();
    if (n == 0 || count == 0) return t;
    count = std::min(count, n);
    search_engine eng(g);
    cost_model cost;
    cost.closed_gates = closed;
    std::vector<std::vector<double>> columns;
    std::vector<double> nearest(n, HUGE_VAL); // distance to the nearest chosen landmark
    // farthest reachable node from a start node (ties: the lowest id)
    auto farthest = [&](const std::vector<double>& d) {
        node_id best = invalid_node;
        for (node_id v = 0; v < n; ++v)
            if (d[v] != HUGE_VAL && (best == invalid_node || d[v] > d[best])) best = v;
        return best;
    };
    node_id next = farthest(eng.one_to_many(0, cost));
    while (next != invalid_node && t.landmarks.size() < count) {
        t.landmarks.push_back(next);
        columns.push_back(eng.one_to_many(next, cost));
        const auto& d = columns.back();
        for (node_id v = 0; v < n; ++v) nearest[v] = std::min(nearest[v], d[v]);
        // the next landmark: the reached node farthest from all chosen ones; nodes no landmark reaches
        // (another component under these closures) start a landmark of their own
        next = invalid_node;
        double best = -1;
        for (node_id v = 0; v < n; ++v) {
            const double key = nearest[v] == HUGE_VAL ? 1e300 : nearest[v];
            if (key > best && std::find(t.landmarks.begin(), t.landmarks.end(), v) == t.landmarks.end()) {
                best = key;
                next = v;
            }
        }
        if (best <= 0) break; // every node is a landmark or at distance 0 from one
    }
    const std::size_t k = t.landmarks.size();
    std::vector<double> dist(n * k, HUGE_VAL);
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t v = 0; v < n; ++v) dist[v * k + i] = columns[i][v];
    t.dist_m = std::move(dist);
    return t;
}

void add_landmark_tables(sea_graph& g, std::size_t count) {
    g.landmark_tables.clear();
    std::vector<landmark_table> tables;
    tables.push_back(compute_landmarks(g, 0, count));
    if (const gate_mask d = g.default_closed(); d != 0) tables.push_back(compute_landmarks(g, d, count));
    g.landmark_tables = std::move(tables);
}

} // namespace harbormap::routing
