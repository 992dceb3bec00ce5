// Contraction hierarchy: exact distances and the same gates as Dijkstra (drawn seas, the real graph),
// its storage in the graph file, old files refused, and the fallback to ALT for other cost models.
// Also: snapping finds the geodesically nearest node.
#include "drawn_sea.hpp"
#include "tests/routing/real_world.hpp"
#include "tests/sanitizer_run.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/contraction.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/routing/search.hpp"
#include "engine/routing/snap.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

using namespace harbormap;
using namespace harbormap::routing;

namespace {

using routing_tests::real_graph;
using routing_tests::source_dir;

// A path is a walk from its first to its last node over its edges, and its cost is their sum.
void check_path(const sea_graph& g, const path_result& p, node_id a, node_id b, gate_mask closed) {
    REQUIRE(p.nodes.size() == p.edges.size() + 1);
    CHECK(p.nodes.front() == a);
    CHECK(p.nodes.back() == b);
    double len = 0;
    for (std::size_t k = 0; k < p.edges.size(); ++k) {
        const edge_id e = p.edges[k];
        const bool joins = (g.edge_a[e] == p.nodes[k] && g.edge_b[e] == p.nodes[k + 1]) ||
                           (g.edge_b[e] == p.nodes[k] && g.edge_a[e] == p.nodes[k + 1]);
        REQUIRE(joins);
        CHECK((g.edge_gates[e] & closed) == 0);
        len += g.edge_length_m[e];
    }
    CHECK(len == p.cost_m);
}

// Moves every lane vertex by a small pseudo-random offset that depends only on its position (so shared
// vertices stay shared).  A regular grid has mirror-image paths of bit-identical length, between which
// Dijkstra and the hierarchy may choose differently; the jitter removes such ties.
void jitter(harbormap::testing::drawn_sea& sea, double amount) {
    auto f = [](double x, double y) {
        const double v = std::sin(x * 12.9898 + y * 78.233) * 43758.5453;
        return v - std::floor(v) - 0.5;
    };
    for (auto& l : sea.lanes)
        for (auto& p : l.line) p = {p.lon + amount * f(p.lon, p.lat), p.lat + amount * f(p.lat, p.lon)};
}

struct compare_stats {
    int routes = 0, no_routes = 0, same_path = 0;
    std::size_t ch_settled = 0, dijkstra_settled = 0;
};

// CH (shortest_path with the default closures) against Dijkstra for one pair.
void compare(const sea_graph& g, search_engine& eng, node_id a, node_id b, compare_stats& st) {
    cost_model c;
    c.closed_gates = g.default_closed();
    REQUIRE(eng.uses_ch(c));
    INFO("pair " << a << " -> " << b);
    const auto d = eng.dijkstra(a, b, c);
    const auto ch = eng.shortest_path(a, b, c);
    REQUIRE(ch.status == d.status);
    if (d.status != search_status::ok) {
        ++st.no_routes;
        return;
    }
    ++st.routes;
    CHECK(ch.cost_m == Approx(d.cost_m).epsilon(1e-12).margin(1e-6));
    check_path(g, ch, a, b, c.closed_gates);
    CHECK(g.gate_ids(0).empty());
    std::vector<std::string> gd, gc;
    for (auto i : eng.gates_on_path(d)) gd.push_back(g.gates[i].id);
    for (auto i : eng.gates_on_path(ch)) gc.push_back(g.gates[i].id);
    auto show = [&](const path_result& p) {
        std::ostringstream o;
        o.precision(17);
        o << p.cost_m << ":";
        for (auto n : p.nodes) o << " " << g.nodes[n].lon << "," << g.nodes[n].lat;
        return o.str();
    };
    INFO("dijkstra " << show(d));
    INFO("ch       " << show(ch));
    CHECK(gc == gd);
    if (ch.edges == d.edges) ++st.same_path;
    st.ch_settled += ch.settled;
    st.dijkstra_settled += d.settled;
}

// many_to_many (PHAST on the hierarchy) against one Dijkstra tree per source: the same reachability, the same
// distances up to the order of the float sums (relative 1e-12; a shortcut's length is summed when built).
// Returns the number of cells compared.
std::size_t compare_matrix(const sea_graph& g, search_engine& eng, const std::vector<node_id>& sources, const std::vector<node_id>& targets) {
    cost_model c;
    c.closed_gates = g.default_closed();
    REQUIRE(eng.uses_ch(c));
    const std::vector<double> m = eng.many_to_many(sources, targets, c);
    REQUIRE(m.size() == sources.size() * targets.size());
    std::size_t cells = 0, wrong = 0;
    double worst = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& tree = eng.one_to_many(sources[i], c);
        for (std::size_t k = 0; k < targets.size(); ++k, ++cells) {
            const double a = m[i * targets.size() + k], b = tree[targets[k]];
            if (a == HUGE_VAL || b == HUGE_VAL) {
                wrong += a != b;
                continue;
            }
            const double rel = std::abs(a - b) / std::max(b, 1.0);
            worst = std::max(worst, rel);
            wrong += rel > 1e-12;
        }
    }
    INFO("worst relative difference " << worst);
    CHECK(wrong == 0);
    return cells;
}

std::vector<node_id> all_nodes(const sea_graph& g) {
    std::vector<node_id> v(g.node_count());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<node_id>(i);
    return v;
}

} // namespace

TEST_CASE("contraction hierarchy = Dijkstra on drawn seas (every pair), gates in path order", "[unit][routing]") {
    struct map_case {
        std::vector<std::string> rows;
        double lon0, lat0, step;
        bool diagonals;
    };
    const std::vector<map_case> maps = {
        // two passages round an island, gate 1 on the northern one, gate 2 (closed by default) on the southern
        {{"A....1....B", ".#########.", "...........", ".....2.....", "C.........D"}, 10, 5, 0.5, false},
        // a chain of straits and a closed bay behind gate 2
        {{"A..1..#..3..B", "##.###.###.##", "##.........##", "######2######", "######C######"}, -20, 40, 1.0, true},
        // across the antimeridian (between the 6th and 7th column), with a bay behind gate 2
        {{"A..1....B", ".#.###.#.", ".#2#.....", "##C######"}, 174.5, -10, 1.0, false},
    };
    for (std::size_t m = 0; m < maps.size(); ++m) {
        auto sea = harbormap::testing::draw_sea(maps[m].rows, maps[m].lon0, maps[m].lat0, maps[m].step, maps[m].diagonals);
        jitter(sea, 0.03 * maps[m].step);
        for (auto& gt : sea.gates)
            if (gt.id == "gate2") gt.closed_by_default = true;
        const sea_graph g = build_sea_graph(sea.lanes, sea.gates);
        INFO("map " << m);
        REQUIRE(g.validate().empty());
        REQUIRE_FALSE(g.ch.empty());
        CHECK(g.ch.closed == g.default_closed());
        search_engine eng(g);
        compare_stats st;
        for (node_id a = 0; a < g.node_count(); ++a)
            for (node_id b = 0; b < g.node_count(); ++b) compare(g, eng, a, b, st);
        CHECK(st.routes > 0);
        // every drawn sea keeps a bay reachable only through the closed gate 2, except the first
        if (m > 0) CHECK(st.no_routes > 0);
        // the matrix (PHAST) as well, every pair
        CHECK(compare_matrix(g, eng, all_nodes(g), all_nodes(g)) == g.node_count() * g.node_count());
    }
}

TEST_CASE("contraction hierarchy with tiny witness limits (many superfluous shortcuts) stays exact", "[unit][routing]") {
    auto sea = harbormap::testing::draw_sea({
        "A....1......B",
        ".####.#####..",
        "......#......",
        ".###.....##..",
        "C.....2.....D",
    }, 100, 20, 0.7, true);
    jitter(sea, 0.02);
    sea_graph g = build_sea_graph(sea.lanes, sea.gates);
    const std::size_t normal = g.ch.shortcut_count();
    ch_build_options opt;
    opt.witness_settle_limit = 1;
    opt.simulate_settle_limit = 1;
    opt.witness_hop_limit = 1;
    g.ch = build_contraction_hierarchy(g, g.default_closed(), opt);
    REQUIRE(g.validate().empty());
    CHECK(g.ch.shortcut_count() >= normal);
    search_engine eng(g);
    compare_stats st;
    for (node_id a = 0; a < g.node_count(); ++a)
        for (node_id b = 0; b < g.node_count(); ++b) compare(g, eng, a, b, st);
    CHECK(st.routes == static_cast<int>(g.node_count() * g.node_count()));
    compare_matrix(g, eng, all_nodes(g), all_nodes(g));
}

TEST_CASE("matrix on the hierarchy (PHAST) = Dijkstra trees on the real graph; other cost models keep the trees", "[unit][routing]") {
    const sea_graph& g = real_graph();
    search_engine eng(g);
    std::mt19937 rng(22);
    std::uniform_int_distribution<node_id> pick(0, static_cast<node_id>(g.node_count() - 1));
    // under the sanitizer run (scripts/test-sanitize) 6 sources: the same code path, a quarter of the trees
    const int count = harbormap::test::sanitizer_run() ? 6 : 24;
    std::vector<node_id> sources;
    for (int i = 0; i < count; ++i) sources.push_back(pick(rng));
    sources.push_back(static_cast<node_id>(g.node_count())); // out of range: a row of no routes
    const auto targets = all_nodes(g);
    compare_matrix(g, eng, sources, targets);
    cost_model def;
    def.closed_gates = g.default_closed();
    const auto m = eng.many_to_many(sources, targets, def);
    CHECK(std::all_of(m.end() - static_cast<std::ptrdiff_t>(targets.size()), m.end(), [](double d) { return d == HUGE_VAL; }));
    // Suez closed: no hierarchy for it, the trees themselves (bit-identical)
    cost_model suez = def;
    suez.closed_gates |= gate_mask{1} << g.gate_index("suez");
    REQUIRE_FALSE(eng.uses_ch(suez));
    const std::vector<node_id> few(sources.begin(), sources.begin() + 3);
    const auto ms = eng.many_to_many(few, targets, suez);
    std::size_t differ = 0, longer = 0;
    for (std::size_t i = 0; i < few.size(); ++i) {
        const auto& tree = eng.one_to_many(few[i], suez);
        for (std::size_t k = 0; k < targets.size(); ++k) {
            differ += ms[i * targets.size() + k] != tree[targets[k]];
            longer += ms[i * targets.size() + k] > m[i * targets.size() + k] * (1 + 1e-9);
        }
    }
    CHECK(differ == 0);
    CHECK(longer > 0); // some routes go round the Cape
}

TEST_CASE("contraction hierarchy = Dijkstra on random pairs of the real graph (distance, path, gates)", "[unit][routing]") {
    const sea_graph& g = real_graph();
    REQUIRE_FALSE(g.ch.empty());
    CHECK(g.ch.closed == g.default_closed());
    search_engine eng(g);
    std::mt19937 rng(2026);
    std::uniform_int_distribution<node_id> pick(0, static_cast<node_id>(g.node_count() - 1));
    compare_stats st;
    for (int i = 0; i < 400; ++i) compare(g, eng, pick(rng), pick(rng), st);
    CHECK(st.routes > 350);
    // real lengths have no ties in practice: the very same edges
    CHECK(st.same_path >= st.routes - 2);
    // the hierarchy's point: a few hundred nodes settled instead of a good part of the graph
    CHECK(st.ch_settled * 20 < st.dijkstra_settled);
    // ports that matter: Shanghai - Rotterdam goes through Malacca and Suez
    snapper snap(g);
    const node_id sh = snap.nearest({121.47, 31.23}).node, rt = snap.nearest({4.28, 51.9}).node;
    compare(g, eng, sh, rt, st);
    cost_model c;
    c.closed_gates = g.default_closed();
    std::vector<std::string> gates;
    for (auto i : eng.gates_on_path(eng.shortest_path(sh, rt, c))) gates.push_back(g.gates[i].id);
    CHECK(std::find(gates.begin(), gates.end(), "malacca") != gates.end());
    CHECK(std::find(gates.begin(), gates.end(), "suez") != gates.end());
}

TEST_CASE("other cost models fall back to ALT; the CH can be switched off", "[unit][routing]") {
    const sea_graph& g = real_graph();
    search_engine eng(g);
    snapper snap(g);
    const node_id sh = snap.nearest({121.47, 31.23}).node, rt = snap.nearest({4.28, 51.9}).node;
    cost_model def;
    def.closed_gates = g.default_closed();
    cost_model suez = def;
    suez.closed_gates |= gate_mask{1} << g.gate_index("suez");
    cost_model arctic; // nothing closed
    std::vector<std::uint8_t> none(g.node_count(), 0);
    cost_model avoid = def;
    avoid.avoid_nodes = &none;
    CHECK(eng.uses_ch(def));
    CHECK_FALSE(eng.uses_ch(suez));
    CHECK_FALSE(eng.uses_ch(arctic));
    CHECK_FALSE(eng.uses_ch(avoid));
    for (const cost_model* c : {&suez, &arctic, &avoid}) {
        const auto a = eng.astar(sh, rt, *c), s = eng.shortest_path(sh, rt, *c);
        CHECK(s.edges == a.edges);
        CHECK(s.cost_m == a.cost_m);
    }
    // an empty avoid set gives the default distance, through ALT
    CHECK(eng.shortest_path(sh, rt, avoid).cost_m == Approx(eng.shortest_path(sh, rt, def).cost_m).epsilon(1e-12));
    const auto with = eng.shortest_path(sh, rt, def);
    eng.set_use_ch(false);
    CHECK_FALSE(eng.uses_ch(def));
    const auto without = eng.shortest_path(sh, rt, def);
    CHECK(without.edges == with.edges);
    CHECK(without.settled > with.settled);
}

TEST_CASE("graph file round trip keeps the contraction hierarchy; old and corrupt hierarchies are refused", "[unit][routing]") {
    const sea_graph& g = real_graph();
    const std::string bytes = serialize_graph(g);
    const sea_graph r = deserialize_graph(bytes, "g.hmg");
    CHECK(r.ch.closed == g.ch.closed);
    CHECK(r.ch.rank == g.ch.rank);
    CHECK(r.ch.up_offsets == g.ch.up_offsets);
    CHECK(r.ch.up_target == g.ch.up_target);
    CHECK(r.ch.up_length_m == g.ch.up_length_m);
    CHECK(r.ch.up_gates == g.ch.up_gates);
    CHECK(r.ch.up_middle == g.ch.up_middle);
    CHECK(r.ch.up_edge == g.ch.up_edge);
    CHECK(serialize_graph(r) == bytes);
    search_engine e1(g), e2(r);
    cost_model c;
    c.closed_gates = g.default_closed();
    std::mt19937 rng(5);
    std::uniform_int_distribution<node_id> pick(0, static_cast<node_id>(g.node_count() - 1));
    for (int i = 0; i < 20; ++i) {
        const node_id a = pick(rng), b = pick(rng);
        const auto p = e1.shortest_path(a, b, c), q = e2.shortest_path(a, b, c);
        CHECK(p.edges == q.edges);
        CHECK(p.cost_m == q.cost_m);
    }

    auto error_of = [](const std::string& b) -> std::string {
        try {
            deserialize_graph(b, "old.hmg");
        } catch (const processing_error& e) {
            return e.what();
        }
        return "";
    };
    // a version 2 file (landmarks, no hierarchy): rebuild
    std::string v2 = bytes;
    const std::uint32_t two = 2;
    std::memcpy(v2.data() + 8, &two, 4);
    const std::string why = error_of(v2);
    CHECK_THAT(why, Catch::Contains("old.hmg") && Catch::Contains("version 2") &&
                        Catch::Contains("reads version " + std::to_string(graph_file_version)) && Catch::Contains("harbormap graph build"));
    // a version 3 file (no land index, FNV checksum): rebuild as well
    std::string v3 = bytes;
    const std::uint32_t three = 3;
    std::memcpy(v3.data() + 8, &three, 4);
    CHECK_THAT(error_of(v3), Catch::Contains("version 3") && Catch::Contains("rebuild"));
    // a hierarchy whose shortcut names a wrong middle node, or a length that is not the sum of its halves
    std::size_t shortcut = 0;
    while (g.ch.up_middle[shortcut] == invalid_node) ++shortcut;
    sea_graph bad = g;
    const auto edit = [](auto& array, std::size_t i, auto value) { // file_array is read-only: copy, change, put back
        std::vector<std::decay_t<decltype(array[0])>> v(array.begin(), array.end());
        v[i] = value;
        array = std::move(v);
    };
    edit(bad.ch.up_middle, shortcut, g.ch.up_target[shortcut]);
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("contraction hierarchy arc") && Catch::Contains("rebuild"));
    bad = g;
    edit(bad.ch.up_length_m, shortcut, g.ch.up_length_m[shortcut] * 0.5);
    bad.ch.rebuild_packed();
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("differs from its halves"));
    bad = g;
    edit(bad.ch.rank, 0, g.ch.rank[1]);
    edit(bad.ch.rank, 1, g.ch.rank[0]);
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("contraction hierarchy"));
}

TEST_CASE("snapping finds the geodesically nearest node, also across the antimeridian", "[unit][routing]") {
    const sea_graph& g = real_graph();
    snapper snap(g);
    std::mt19937 rng(99);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-70, 80), edge(179.0, 180.0);
    for (int i = 0; i < 60; ++i) {
        lon_lat p{lon(rng), lat(rng)};
        if (i % 6 == 0) p.lon = (i % 12 == 0 ? 1 : -1) * edge(rng);
        double best = HUGE_VAL;
        for (const auto& q : g.nodes) best = std::min(best, geodesic_m(p, q));
        const auto s = snap.nearest(p);
        INFO(p.lon << "," << p.lat);
        REQUIRE(s.node != invalid_node);
        CHECK(s.distance_m == best);
        CHECK(geodesic_m(p, g.nodes[s.node]) == s.distance_m);
    }
}
