#include "drawn_sea.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/query/route_query.hpp"
#include "engine/routing/search.hpp"
#include "engine/routing/snap.hpp"

#include <catch2/catch.hpp>

using namespace harbormap;
using namespace harbormap::routing;
using harbormap::testing::draw_sea;

namespace {

node_id node_at(const sea_graph& g, const lon_lat& p) {
    for (node_id n = 0; n < g.node_count(); ++n)
        if (std::abs(g.nodes[n].lon - p.lon) < 1e-9 && std::abs(g.nodes[n].lat - p.lat) < 1e-9) return n;
    FAIL("no node at " << p.lon << "," << p.lat);
    return invalid_node;
}

double path_geodesic(const sea_graph& g, const path_result& p) {
    double d = 0;
    for (std::size_t i = 1; i < p.nodes.size(); ++i) d += geodesic_m(g.nodes[p.nodes[i - 1]], g.nodes[p.nodes[i]]);
    return d;
}

} // namespace

TEST_CASE("two channels around an island: gates, closures and no-route", "[unit][routing]") {
    // Two channels between the west sea (A) and the east sea (B); gate 1 in the north channel,
    // gate 2 in the south one.  The north channel is shorter for A->B.
    const auto sea = draw_sea({
        "A....1....B",
        ".#########.",
        ".#########.",
        ".....2.....",
    }, 10, 5, 0.5);
    build_stats st;
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates, &st);
    REQUIRE(g.validate().empty());
    CHECK(st.components == 1);
    REQUIRE(g.gates.size() == 2);
    search_engine eng(g);
    const node_id a = node_at(g, sea.named.at('A')), b = node_at(g, sea.named.at('B'));

    cost_model open;
    const auto p = eng.astar(a, b, open);
    REQUIRE(p.status == search_status::ok);
    CHECK(g.gate_ids(g.edge_gates[p.edges[4]]) == std::vector<std::string>{"gate1"});
    std::vector<std::string> crossed;
    for (auto i : eng.gates_on_path(p)) crossed.push_back(g.gates[i].id);
    CHECK(crossed == std::vector<std::string>{"gate1"});
    // along the drawn row: the sum of the ten half-degree segments along 5N
    double row = 0;
    for (int i = 0; i < 10; ++i) row += geodesic_m({10 + 0.5 * i, 5}, {10 + 0.5 * (i + 1), 5});
    CHECK(p.cost_m == Approx(row).epsilon(1e-12));
    CHECK(p.cost_m > geodesic_m(sea.named.at('A'), sea.named.at('B')));

    cost_model north_closed;
    north_closed.closed_gates = 1u << g.gate_index("gate1");
    const auto q = eng.astar(a, b, north_closed);
    REQUIRE(q.status == search_status::ok);
    crossed.clear();
    for (auto i : eng.gates_on_path(q)) crossed.push_back(g.gates[i].id);
    CHECK(crossed == std::vector<std::string>{"gate2"});
    CHECK(q.cost_m > p.cost_m * 1.3);
    CHECK(q.cost_m == Approx(path_geodesic(g, q)));

    cost_model both;
    both.closed_gates = north_closed.closed_gates | (1u << g.gate_index("gate2"));
    CHECK(eng.astar(a, b, both).status == search_status::no_route);
    CHECK(eng.dijkstra(a, b, both).status == search_status::no_route);
    // the tree search agrees: B unreachable, A's own sea still reachable
    const auto& d = eng.one_to_many(a, both);
    CHECK(d[b] == HUGE_VAL);
    CHECK(d[node_at(g, {10, 3.5})] == Approx(geodesic_m(sea.named.at('A'), {10, 3.5})).epsilon(1e-9));
}

TEST_CASE("avoid set: nodes near a blocked port are not entered", "[unit][routing]") {
    const auto sea = draw_sea({
        "A...X...B",
        ".#######.",
        ".........",
    }, -40, 20, 1.0);
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates);
    search_engine eng(g);
    snapper snap(g);
    const node_id a = snap.nearest(sea.named.at('A')).node, b = snap.nearest(sea.named.at('B')).node;
    std::vector<std::uint8_t> avoid(g.node_count(), 0);
    for (auto n : snap.within(sea.named.at('X'), 120000)) avoid[n] = 1; // X and its two neighbours (~105 km)
    CHECK(std::count(avoid.begin(), avoid.end(), 1) == 3);
    cost_model c;
    c.avoid_nodes = &avoid;
    const auto p = eng.dijkstra(a, b, c);
    REQUIRE(p.status == search_status::ok);
    for (auto n : p.nodes) CHECK_FALSE(avoid[n]);
    CHECK(p.cost_m > eng.dijkstra(a, b, cost_model{}).cost_m);
}

TEST_CASE("snapping picks the nearest node by geodesic distance and reports it", "[unit][routing]") {
    const auto sea = draw_sea({
        "A..",
        "...",
        "..B",
    }, 100, 60, 1.0);
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates);
    snapper snap(g);
    // At 60N a degree of longitude is half a degree of latitude: (101.9, 59.45) is nearer to (102, 60)
    // than to (102, 59) in lon/lat degrees but not on the ellipsoid.
    const lon_lat p{101.9, 59.45};
    const auto s = snap.nearest(p);
    double best = HUGE_VAL;
    node_id best_n = invalid_node;
    for (node_id n = 0; n < g.node_count(); ++n)
        if (geodesic_m(p, g.nodes[n]) < best) best = geodesic_m(p, g.nodes[n]), best_n = n;
    CHECK(s.node == best_n);
    CHECK(s.distance_m == Approx(best));
    CHECK(snap.nearest(sea.named.at('B')).distance_m == 0);
}

TEST_CASE("snapping: a node across land is passed over for one reached over water", "[unit][routing]") {
    // a peninsula (lon 2..3, lat 0..2) between a bay position p and the nearest node A; B is farther, due south
    const std::vector<polygon> land{{{{{2, 0}, {3, 0}, {3, 2}, {2, 2}, {2, 0}}}}};
    const lon_lat p{1.5, 1.0}, a{3.6, 1.0}, b{1.5, -1.5};
    const sea_graph g = build_sea_graph({{{a, {3.6, -1.5}, b}, ""}}, {}, nullptr, land);
    // land and its one-cell clearance: 1 degree of land plus about a cell on either side
    CHECK(nm_from_m(connector_land_m(g.land, p, a)) == Approx(60 + 2 * 60.0 / 16).margin(4));
    CHECK(connector_land_m(g.land, p, b) == 0);
    CHECK(connector_land_m(g.land, {1.0, 1.0}, {1.97, 1.0}) == 0); // a node by the coast: its own blocked run
    CHECK(nm_from_m(connector_land_m(g.land, {2.5, 1.0}, {3.03, 1.0})) == Approx(0.53 * 60).margin(2)); // blocked throughout
    CHECK(connector_land_m(g.land, {2.5, 1.0}, {2.5, 1.0}) == 0); // coincident ends on land: no connector
    snapper snap(g);
    CHECK(g.nodes[snap.nearest(p).node] == a);
    const auto s = snap.nearest_over_water(p);
    CHECK(g.nodes[s.node] == b);
    CHECK(s.distance_m == Approx(geodesic_m(p, b)));
    // without a land index the nearest node is taken
    const sea_graph bare = build_sea_graph({{{a, {3.6, -1.5}, b}, ""}}, {});
    CHECK(bare.nodes[snapper(bare).nearest_over_water(p).node] == a);
}

TEST_CASE("antimeridian: lon > 180 is read as lon - 360 and +-180 nodes are joined", "[unit][routing]") {
    // West part drawn from 178E to 180E, east part from 180W (-180) to 178W: two separate lane sets
    // that only meet through the zero-length joins at equal latitude.
    auto west = draw_sea({
        "A..",
        "...",
    }, 178, 10, 1.0);
    auto east = draw_sea({
        "..B",
        "...",
    }, -180, 10, 1.0);
    std::vector<lane> lanes = west.lanes;
    lanes.insert(lanes.end(), east.lanes.begin(), east.lanes.end());
    build_stats st;
    const sea_graph g = build_sea_graph(lanes, {}, &st);
    CHECK(st.antimeridian_joins == 2);
    CHECK(st.components == 1);
    search_engine eng(g);
    snapper snap(g);
    const auto p = eng.astar(snap.nearest({178, 10}).node, snap.nearest({-178, 10}).node, {});
    REQUIRE(p.status == search_status::ok);
    // 178E -> 179E -> 180 = -180 (zero-length join) -> 179W -> 178W
    const double expected = geodesic_m({178, 10}, {179, 10}) + geodesic_m({179, 10}, {180, 10}) +
                            geodesic_m({-180, 10}, {-179, 10}) + geodesic_m({-179, 10}, {-178, 10});
    CHECK(p.cost_m == Approx(expected).epsilon(1e-12));
    CHECK(p.nodes.size() == 6);
    // a snap across the line
    CHECK(snap.nearest({179.9, 9}).distance_m == Approx(geodesic_m({179.9, 9}, {180, 9})));
    CHECK(snap.nearest({-179.95, 9.0}).distance_m < 6000);

    // The same sea written with lon > 180 (as marnet stores the Bering Sea): one continuous drawing.
    const auto wide = draw_sea({
        "A...B",
        ".....",
    }, 178, 10, 1.0);
    const sea_graph w = build_sea_graph(wide.lanes, {});
    for (const auto& n : w.nodes) CHECK(n.lon <= 180);
    search_engine ew(w);
    snapper sw(w);
    const auto q = ew.dijkstra(sw.nearest({178, 10}).node, sw.nearest({-178, 10}).node, {});
    REQUIRE(q.status == search_status::ok);
    CHECK(q.cost_m == Approx(p.cost_m).epsilon(1e-9));
    // The path geometry is split at the antimeridian.
    std::vector<lon_lat> path;
    for (auto n : q.nodes) path.push_back(w.nodes[n]);
    const auto parts = query::split_antimeridian(path);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].back().lon == 180);
    CHECK(parts[1].front().lon == -180);
    CHECK(parts[0].back().lat == Approx(10));
}

TEST_CASE("a gate line across a lane that crosses the antimeridian is detected", "[unit][routing]") {
    gate bering{"g", "g", false, {{{-179.5, 9}, {-179.5, 11}}}, {}};
    CHECK(segment_crosses(bering, {179, 10}, {-179, 10}));
    CHECK(segment_crosses(bering, {-179, 10}, {179, 10}));
    CHECK_FALSE(segment_crosses(bering, {179, 10}, {179.9, 10}));
    gate box{"b", "b", false, {}, {{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}};
    CHECK(segment_crosses(box, {0.2, 0.2}, {0.4, 0.4})); // wholly inside
    CHECK(segment_crosses(box, {-1, 0.5}, {2, 0.5}));
    CHECK_FALSE(segment_crosses(box, {-1, 2}, {2, 2}));
}

TEST_CASE("the largest component is kept", "[unit][routing]") {
    const auto sea = draw_sea({
        "A....#..",
        ".....#..",
    }, 0, 0, 1.0);
    build_stats st;
    const sea_graph g = build_sea_graph(sea.lanes, {}, &st);
    CHECK(st.components == 2);
    CHECK(g.node_count() == 10);
    CHECK(st.dropped_nodes == 4);
}
