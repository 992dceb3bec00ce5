// ALT (A* with landmarks): the landmark tables, their storage in the graph file, and A* = Dijkstra under
// closures and avoid sets (the bound stays admissible because closures only remove edges).
#include "drawn_sea.hpp"
#include "tests/routing/real_world.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/routing/landmarks.hpp"
#include "engine/routing/search.hpp"
#include "engine/routing/snap.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace harbormap;
using namespace harbormap::routing;

namespace {

using routing_tests::real_graph;
using routing_tests::source_dir;

} // namespace

TEST_CASE("landmark tables: exact distances, a table per closure set, chosen by subset", "[unit][routing]") {
    auto sea = harbormap::testing::draw_sea({
        "A....1....B",
        ".#########.",
        ".....2.....",
    }, 10, 5, 0.5);
    sea.gates[1].closed_by_default = true; // gate2
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates);
    REQUIRE(g.validate().empty());
    REQUIRE(g.landmark_tables.size() == 2);
    CHECK(g.landmark_tables[0].closed == 0);
    CHECK(g.landmark_tables[1].closed == g.default_closed());
    const gate_mask g1 = gate_mask{1} << g.gate_index("gate1"), g2 = g.default_closed();
    CHECK(g.landmarks_for(0) == &g.landmark_tables[0]);
    CHECK(g.landmarks_for(g1) == &g.landmark_tables[0]);
    CHECK(g.landmarks_for(g2) == &g.landmark_tables[1]);
    CHECK(g.landmarks_for(g1 | g2) == &g.landmark_tables[1]);
    // every column is the Dijkstra tree of its landmark under the table's closures
    search_engine eng(g);
    for (const auto& t : g.landmark_tables) {
        REQUIRE(t.count() == default_landmark_count);
        cost_model c;
        c.closed_gates = t.closed;
        for (std::size_t i = 0; i < t.count(); ++i) {
            const auto& d = eng.one_to_many(t.landmarks[i], c);
            for (node_id v = 0; v < g.node_count(); ++v) REQUIRE(t.row(v)[i] == d[v]);
        }
    }
    // the first landmark is the node farthest from node 0
    cost_model open;
    const auto& d0 = eng.one_to_many(0, open);
    CHECK(d0[g.landmark_tables[0].landmarks[0]] == *std::max_element(d0.begin(), d0.end()));
}

TEST_CASE("landmark tables survive the graph file; a graph without tables falls back to the great-circle bound", "[unit][routing]") {
    const sea_graph& g = real_graph();
    REQUIRE(!g.landmark_tables.empty());
    const sea_graph r = deserialize_graph(serialize_graph(g), "g.hmg");
    REQUIRE(r.landmark_tables.size() == g.landmark_tables.size());
    for (std::size_t i = 0; i < g.landmark_tables.size(); ++i) {
        CHECK(r.landmark_tables[i].closed == g.landmark_tables[i].closed);
        CHECK(r.landmark_tables[i].landmarks == g.landmark_tables[i].landmarks);
        CHECK(r.landmark_tables[i].dist_m == g.landmark_tables[i].dist_m);
    }
    sea_graph bare = g;
    bare.landmark_tables.clear();
    CHECK(bare.landmarks_for(bare.default_closed()) == nullptr);
    search_engine with(g), without(bare);
    cost_model c;
    c.closed_gates = g.default_closed();
    snapper snap(g);
    const node_id a = snap.nearest({121.5, 31.2}).node, b = snap.nearest({4.3, 51.9}).node; // Shanghai, Rotterdam
    const auto p = with.astar(a, b, c), q = without.astar(a, b, c);
    REQUIRE(p.status == search_status::ok);
    CHECK(p.cost_m == Approx(q.cost_m).epsilon(1e-12));
    CHECK(p.settled * 3 < q.settled); // the landmark bound is much tighter on a long route
}

TEST_CASE("A* (landmarks) = A* (great circle) = Dijkstra under random closures and avoid sets", "[unit][routing]") {
    const sea_graph& g = real_graph();
    search_engine eng(g);
    snapper snap(g);
    std::mt19937 rng(4242);
    std::uniform_int_distribution<node_id> pick(0, static_cast<node_id>(g.node_count() - 1));
    std::uniform_int_distribution<std::uint32_t> mask(0, (1u << g.gates.size()) - 1);
    int routes = 0, no_routes = 0;
    for (int i = 0; i < 150; ++i) {
        const node_id a = pick(rng), b = pick(rng);
        cost_model c;
        // a few random gates closed (plus the default closures in most cases)
        c.closed_gates = mask(rng) & mask(rng) & mask(rng);
        if (i % 4 != 0) c.closed_gates |= g.default_closed();
        std::vector<std::uint8_t> avoid;
        if (i % 3 == 0) {
            avoid.assign(g.node_count(), 0);
            for (int k = 0; k < 30; ++k)
                for (auto n : snap.within(g.nodes[pick(rng)], 150000)) avoid[n] = 1;
            avoid[a] = avoid[b] = 0;
            c.avoid_nodes = &avoid;
        }
        INFO("pair " << a << " " << b << " closed " << c.closed_gates << " avoid " << (c.avoid_nodes != nullptr));
        const auto d = eng.dijkstra(a, b, c);
        eng.set_bound(search_engine::bound::automatic);
        const auto alt = eng.astar(a, b, c);
        eng.set_bound(search_engine::bound::great_circle);
        const auto gc = eng.astar(a, b, c);
        eng.set_bound(search_engine::bound::automatic);
        REQUIRE(alt.status == d.status);
        REQUIRE(gc.status == d.status);
        if (d.status != search_status::ok) {
            ++no_routes;
            continue;
        }
        ++routes;
        CHECK(alt.cost_m == Approx(d.cost_m).epsilon(1e-9));
        CHECK(gc.cost_m == Approx(d.cost_m).epsilon(1e-9));
        CHECK(alt.settled <= d.settled);
        // the path is a real path under the cost model, and its length is the cost
        double len = 0;
        for (std::size_t k = 0; k < alt.edges.size(); ++k) {
            CHECK((g.edge_gates[alt.edges[k]] & c.closed_gates) == 0);
            len += g.edge_length_m[alt.edges[k]];
        }
        for (auto n : alt.nodes)
            if (c.avoid_nodes) CHECK_FALSE(avoid[n]);
        CHECK(len == Approx(alt.cost_m).epsilon(1e-12));
        CHECK(alt.nodes.front() == a);
        CHECK(alt.nodes.back() == b);
    }
    CHECK(routes > 50);
    CHECK(no_routes > 0); // random closures do cut some pairs apart
}

TEST_CASE("one-to-many with targets settles the targets with the full tree's distances", "[unit][routing]") {
    const sea_graph& g = real_graph();
    search_engine eng(g);
    cost_model c;
    c.closed_gates = g.default_closed();
    std::mt19937 rng(7);
    std::uniform_int_distribution<node_id> pick(0, static_cast<node_id>(g.node_count() - 1));
    for (int i = 0; i < 10; ++i) {
        const node_id s = pick(rng);
        const std::vector<double> full = eng.one_to_many(s, c);
        std::vector<node_id> targets;
        for (int k = 0; k < 5; ++k) targets.push_back(pick(rng));
        const auto& part = eng.one_to_many(s, targets, c);
        for (auto t : targets) CHECK(part[t] == full[t]);
        // unsettled nodes are reported unreachable, settled ones exact
        for (node_id v = 0; v < g.node_count(); ++v)
            if (part[v] != HUGE_VAL) REQUIRE(part[v] == full[v]);
        const auto p = eng.path_to(targets.back());
        CHECK(p.cost_m == full[targets.back()]);
        CHECK(p.nodes.front() == s);
    }
}
