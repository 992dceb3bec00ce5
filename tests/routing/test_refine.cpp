// Path refinement on drawn seas with land: line-of-sight shortcuts never cross land (nor come within the
// clearance), never skip or add a gate, never go below the geodesic, and straighten open-water staircases.
#include "drawn_sea.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/routing/land_index.hpp"
#include "engine/routing/refine.hpp"
#include "tests/routing/real_world.hpp"
#include "tests/sanitizer_run.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace harbormap;
using namespace harbormap::routing;
using harbormap::testing::draw_sea;

namespace {

bool inside_any(const std::vector<polygon>& land, const lon_lat& p) {
    for (const auto& poly : land)
        if (point_in_ring(poly.rings.front(), p)) return true;
    return false;
}

// Points every ~0.005 degree along the great circle a-b.
std::vector<lon_lat> along(const lon_lat& a, const lon_lat& b) {
    std::vector<lon_lat> out;
    const double d = geodesic_m(a, b);
    const int n = std::max(1, static_cast<int>(d / 500.0));
    const double az = geodesic_azimuth(a, b);
    for (int k = 0; k <= n; ++k) out.push_back(k == n ? b : geodesic_direct(a, az, d * k / n));
    return out;
}

void check_never_on_land(const std::vector<lon_lat>& path, const std::vector<polygon>& land) {
    for (std::size_t i = 0; i + 1 < path.size(); ++i)
        for (const auto& q : along(path[i], path[i + 1])) {
            INFO("segment " << i << " point " << q.lon << "," << q.lat);
            REQUIRE_FALSE(inside_any(land, q));
        }
}

} // namespace

TEST_CASE("land index: land and a one-cell clearance are blocked; arcs across land are not clear", "[unit][routing]") {
    // a 1-degree island at (10..11, 20..21)
    const std::vector<polygon> land{{{{{10, 20}, {11, 20}, {11, 21}, {10, 21}, {10, 20}}}}};
    const auto ix = build_land_index(land);
    CHECK(ix.blocked({10.5, 20.5}));
    CHECK(ix.blocked({10.5 + 0.5 + 1.5 / 16, 20.5}));  // the cell next to the one holding the shore
    CHECK_FALSE(ix.blocked({10.5 + 0.5 + 2.5 / 16, 20.5})); // beyond
    CHECK(ix.cell_distance({15, 20.5}) == 15);          // far out
    CHECK(ix.blocked({0, 85}));                         // beyond 84 degrees
    CHECK_FALSE(ix.arc_clear({9, 20.5}, {12, 20.5}));   // through the island
    CHECK(ix.arc_clear({9, 22}, {12, 22}));             // north of it
    CHECK(ix.arc_clear({-60, 0}, {60, 10}));            // open "ocean" (no other land)
    CHECK(ix.arc_clear({179.5, -5}, {-179.5, 5}));      // across the antimeridian
    // a tiny rock smaller than a cell still blocks
    const auto rock = build_land_index({{{{{30.01, 0.01}, {30.02, 0.01}, {30.02, 0.02}, {30.01, 0.02}, {30.01, 0.01}}}}});
    CHECK_FALSE(rock.arc_clear({29, 0.015}, {31, 0.015}));
    CHECK_FALSE(rock.arc_clear({30.015, -1}, {30.015, 1}));
    CHECK(rock.arc_clear({29, 0.5}, {31, 0.5}));
}

TEST_CASE("refinement on a drawn sea: straighter, never on land, gates kept, between geodesic and graph", "[unit][routing]") {
    // A 4-connected grid sea (paths are staircases) with an island and a peninsula; gate 1 is a strait.
    const auto sea = draw_sea({
        "A.............#####",
        "..............#####",
        "....######.........",
        "....######.........",
        "###########11######",
        "...................",
        "..................B",
    }, 140, 10, 0.5);
    REQUIRE(sea.land.size() > 20);
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates, nullptr, sea.land);
    REQUIRE_FALSE(g.land.empty());
    // the graph file keeps the land index and the gate geometry
    const sea_graph g2 = deserialize_graph(serialize_graph(g), "drawn");
    CHECK(g2.land.tiles == g.land.tiles);
    CHECK(g2.land.blocks == g.land.blocks);
    REQUIRE(g2.gates.size() == 1);
    CHECK(g2.gates[0].areas.size() == g.gates[0].areas.size());
    query::sea_router router(g2);
    std::mt19937 rng(7);
    std::vector<lon_lat> sea_cells;
    for (const auto& l : sea.lanes) sea_cells.push_back(l.line.front());
    int shortened = 0;
    for (int trial = 0; trial < 120; ++trial) {
        const lon_lat a = sea_cells[rng() % sea_cells.size()], b = sea_cells[rng() % sea_cells.size()];
        if (a == b) continue;
        query::route_params p;
        p.from = format_general(a.lon) + "," + format_general(a.lat);
        p.to = format_general(b.lon) + "," + format_general(b.lat);
        const auto r = query::run_route(p, router, nullptr);
        REQUIRE(r.status == query::route_status::ok);
        INFO(p.from << " -> " << p.to);
        CHECK(r.refined);
        CHECK(r.total_m <= r.graph_m * (1 + 1e-12));
        CHECK(r.total_m >= r.geodesic_m);
        check_never_on_land(r.path, sea.land);
        // the gates the refined line crosses are the gates of the graph path
        gate_mask crossed = 0;
        for (std::size_t i = 0; i + 1 < r.path.size(); ++i) crossed |= arc_gates(g2, r.path[i], r.path[i + 1]);
        CHECK(g2.gate_ids(crossed) == r.gates);
        // --raw keeps the graph distance and path
        auto raw = p;
        raw.raw = true;
        const auto rr = query::run_route(raw, router, nullptr);
        CHECK_FALSE(rr.refined);
        CHECK(rr.total_m == Approx(r.graph_m).epsilon(1e-12));
        if (r.total_m < r.graph_m * 0.99) ++shortened;
    }
    CHECK(shortened > 30); // staircases across open water get straightened
    // A to B: around the island, through the strait
    query::route_params p;
    p.from = "140,10";
    p.to = "149,7";
    REQUIRE(sea.named.at('B') == lon_lat{149, 7});
    const auto r = query::run_route(p, router, nullptr);
    REQUIRE(r.status == query::route_status::ok);
    CHECK(r.gates == std::vector<std::string>{"gate1"});
    CHECK(r.shortcuts > 0);
    CHECK(r.total_m < r.graph_m * 0.97);
}

TEST_CASE("refinement keeps out of keep-out circles", "[unit][routing]") {
    const auto sea = draw_sea({
        "A.........",
        "..........",
        "..........",
        ".........B",
    }, 20, 5, 0.5);
    const sea_graph g = build_sea_graph(sea.lanes, sea.gates, nullptr, sea.land.empty() ? std::vector<polygon>{{{{{0, 60}, {1, 60}, {1, 61}, {0, 61}, {0, 60}}}}} : sea.land);
    refine_input in;
    const std::vector<lon_lat> pts{{20, 5}, {22.5, 5}, {24.5, 5}, {24.5, 3.5}};
    in.points = pts;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) in.length_m.push_back(geodesic_m(pts[i], pts[i + 1])), in.gates.push_back(0);
    const auto free = refine_path(g, in);
    CHECK(free.points.size() < 10); // one densified shortcut
    CHECK(free.shortcuts == 1);
    in.keep_out.push_back({{23.5, 3.85}, 20000}); // on the shortcut's line, clear of the path
    const auto kept = refine_path(g, in);
    for (std::size_t i = 0; i + 1 < kept.points.size(); ++i)
        for (const auto& q : along(kept.points[i], kept.points[i + 1])) CHECK(geodesic_m(q, {23.5, 3.85}) > 20000 * 0.99);
    CHECK(kept.length_m > free.length_m);
}

namespace {

polygon square(double west, double south, double east, double north) {
    return {{{{west, south}, {east, south}, {east, north}, {west, north}, {west, south}}}};
}

// A graph for refine_path: the land index and gates matter, the lanes do not (one far away).
sea_graph land_graph(const std::vector<polygon>& land, const std::vector<gate>& gates = {}) {
    return build_sea_graph({{{{-60, -50}, {-59, -50}}, ""}}, gates, nullptr, land);
}

refine_input input_of(const sea_graph& g, const std::vector<lon_lat>& pts) {
    refine_input in;
    in.points = pts;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        in.length_m.push_back(geodesic_m(pts[i], pts[i + 1]));
        in.gates.push_back(arc_gates(g, pts[i], pts[i + 1]));
    }
    return in;
}

double input_length(const refine_input& in) {
    double s = 0;
    for (double l : in.length_m) s += l;
    return s;
}

gate_mask gates_crossed(const sea_graph& g, const std::vector<lon_lat>& path) {
    gate_mask m = 0;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) m |= arc_gates(g, path[i], path[i + 1]);
    return m;
}

} // namespace

TEST_CASE("refinement: an island hiding a middle vertex does not stop a farther shortcut", "[unit][routing]") {
    // island at lon 3..4, lat 1..2; the path climbs over it and comes back down to the start's latitude
    const std::vector<polygon> land{square(3, 1, 4, 2)};
    const sea_graph g = land_graph(land);
    const auto in = input_of(g, {{0, 0}, {1, 0.5}, {2, 0.5}, {2.5, 2.5}, {5, 2.5}, {6, 2}, {7, 1}, {7.5, 0.5}, {8, 0}});
    REQUIRE_FALSE(g.land.arc_clear({0, 0}, {5, 2.5}));  // vertex 4 is hidden
    REQUIRE(g.land.arc_clear({0, 0}, {8, 0}));          // the last one is not
    const auto r = refine_path(g, in);
    CHECK(r.shortcuts == 1);
    CHECK(r.length_m == Approx(geodesic_m({0, 0}, {8, 0})).epsilon(1e-9));
    check_never_on_land(r.points, land);
}

TEST_CASE("refinement: shortcuts leave a lane part way along a segment, never over land", "[unit][routing]") {
    // a lane runs east along a coast (land north of lat 0.2 from lon 2 to 12), then turns north-east
    // around the cape at lon 12; the goal is north-east of the cape
    const std::vector<polygon> land{square(2, 0.2, 12, 6)};
    const sea_graph g = land_graph(land);
    const std::vector<lon_lat> pts{{0, 0}, {12.5, 0}, {13, 7}};
    const auto in = input_of(g, pts);
    REQUIRE_FALSE(g.land.arc_clear({0, 0}, {13, 7})); // the cape is in the way
    const auto r = refine_path(g, in);
    // vertex-only pulling keeps the lane (0,0)-(12.5,0)-(13,7) (both shortcuts from a vertex cross the
    // cape); ends inside the segments let the path cut the corner at (12.5, 0): one shortcut from the
    // start to a point part way up the second segment, short of the cape
    CHECK(r.shortcuts >= 1);
    CHECK(r.length_m < input_length(in) - 1000);
    CHECK(r.length_m > geodesic_m({0, 0}, {13, 7}));
    bool inside_segment = false;
    for (const auto& p : r.points) inside_segment |= p.lon > 12.5 + 1e-6 && p.lon < 13 - 1e-6 && p.lat > 1e-6 && p.lat < 7 - 1e-6;
    CHECK(inside_segment);
    check_never_on_land(r.points, land);
}

TEST_CASE("refinement: a shortcut never skips a gate the path crosses", "[unit][routing]") {
    // the path goes north through a gate (a line across lon 0 at lat 2.5), then east; the straight line
    // from the start to the end passes east of the gate and is refused
    gate gt;
    gt.id = "strait";
    gt.name = "strait";
    gt.lines = {{{-0.5, 2.5}, {0.5, 2.5}}};
    const std::vector<polygon> land{square(40, 40, 41, 41)}; // far away: a non-empty land index
    const sea_graph g = land_graph(land, {gt});
    REQUIRE(g.gate_segments.size() == 1);
    const auto in = input_of(g, {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {1, 5}, {2, 5}, {3, 5}, {5, 5}});
    REQUIRE(in.gates[2] == gate_mask{1});
    REQUIRE(arc_gates(g, {0, 0}, {5, 5}) == 0);
    const auto r = refine_path(g, in);
    CHECK(gates_crossed(g, r.points) == gate_mask{1});
    CHECK(r.length_m > geodesic_m({0, 0}, {5, 5}) * 1.01);
    CHECK(r.length_m < input_length(in));
    // without the gate the same path becomes one shortcut
    const sea_graph open = land_graph(land);
    const auto free = refine_path(open, input_of(open, in.points));
    CHECK(free.shortcuts == 1);
    CHECK(free.length_m == Approx(geodesic_m({0, 0}, {5, 5})).epsilon(1e-9));
}

TEST_CASE("refinement: the fast blocked-cell test answers as the exact position on the real land index", "[unit][routing]") {
    // lane nodes jittered by up to ~5 cells (many near coasts and in the clearance) and points anywhere: the fast test (float position, exact only near blocked cells) must agree with the
    // straightforward one (double atan2/asin, then the cell)
    const sea_graph& g = routing_tests::real_graph();
    REQUIRE_FALSE(g.land.empty());
    std::mt19937 rng(14);
    std::uniform_real_distribution<double> jitter(-0.3, 0.3), u01(0, 1);
    std::vector<lon_lat> pts;
    const auto& nodes = g.nodes;
    for (int k = 0; k < 20000; ++k) {
        const lon_lat& n = nodes[static_cast<std::size_t>(rng() % nodes.size())];
        pts.push_back({n.lon + jitter(rng), std::clamp(n.lat + jitter(rng), -89.9, 89.9)});
        pts.push_back({-180 + 360 * u01(rng), std::asin(2 * u01(rng) - 1) * 180 / M_PI});
    }
    std::size_t blocked = 0, mismatches = 0;
    for (const auto& p : pts) {
        const auto u = unit_vector(p);
        const lon_lat exact{std::atan2(u[1], u[0]) * 180 / M_PI, std::asin(std::clamp(u[2], -1.0, 1.0)) * 180 / M_PI};
        const bool want = g.land.blocked(exact);
        blocked += want;
        if (blocked_unit(g.land, u) != want) {
            ++mismatches;
            UNSCOPED_INFO("mismatch at " << p.lon << "," << p.lat);
        }
    }
    CHECK(mismatches == 0);
    CHECK(blocked > pts.size() / 10); // both answers occur often
    CHECK(blocked < pts.size() * 9 / 10);
}

TEST_CASE("refinement: the gate bounds skip only gates an arc cannot cross (same masks as testing every gate)", "[unit][routing]") {
    // real gates: arcs from lane nodes to points up to ~25 degrees away (many across or near a gate), and
    // short arcs around each gate's own points; bounded and unbounded tests must give the same mask
    const sea_graph& g = routing_tests::real_graph();
    REQUIRE(g.gate_bounds.size() == g.gates.size());
    std::mt19937 rng(19);
    std::uniform_real_distribution<double> far(-25, 25), near(-0.5, 0.5);
    std::size_t crossing = 0, mismatches = 0;
    const std::size_t n = 20000 / harbormap::test::sample_step(10);
    auto check = [&](const lon_lat& a, const lon_lat& b) {
        const gate_mask want = arc_gates_unbounded(g, a, b);
        crossing += want != 0;
        if (arc_gates(g, a, b) != want) {
            ++mismatches;
            UNSCOPED_INFO("mismatch on " << a.lon << "," << a.lat << " - " << b.lon << "," << b.lat);
        }
    };
    for (std::size_t k = 0; k < n; ++k) {
        const lon_lat& a = g.nodes[static_cast<std::size_t>(rng() % g.nodes.size())];
        check(a, {std::remainder(a.lon + far(rng), 360.0), std::clamp(a.lat + far(rng) / 2, -80.0, 80.0)});
    }
    for (const auto& gt : g.gates) {
        std::vector<lon_lat> pts;
        for (const auto& l : gt.lines) pts.insert(pts.end(), l.begin(), l.end());
        for (const auto& r : gt.areas) pts.insert(pts.end(), r.begin(), r.end());
        for (const auto& p : pts)
            for (int k = 0; k < 200; ++k) check({p.lon + near(rng), p.lat + near(rng)}, {p.lon + near(rng), p.lat + near(rng)});
    }
    CHECK(mismatches == 0);
    CHECK(crossing > 500); // many arcs do cross a gate
}

TEST_CASE("refinement: gate bounds on drawn gates (a line, an area, a gate across the antimeridian)", "[unit][routing]") {
    gate line;
    line.id = "line";
    line.lines = {{{-0.5, 2.5}, {0.5, 2.5}}};
    gate area;
    area.id = "area";
    area.areas = {{{10, 10}, {11, 10}, {11, 11}, {10, 11}, {10, 10}}};
    gate seam;
    seam.id = "seam";
    seam.lines = {{{179.5, -1}, {180, 0}, {-179.5, 1}}};
    const sea_graph g = land_graph({square(40, 40, 41, 41)}, {line, area, seam});
    REQUIRE(g.gate_bounds.size() == 3);
    CHECK(arc_gates(g, {0, 0}, {0, 5}) == 1u);
    CHECK(arc_gates(g, {0.6, 0}, {0.6, 5}) == 0u);
    CHECK(arc_gates(g, {10.5, 10.5}, {12, 12}) == 2u); // starts inside the area
    CHECK(arc_gates(g, {9, 9}, {12, 12}) == 2u);        // across its ring
    CHECK(arc_gates(g, {9, 9}, {9, 12}) == 0u);         // beside it
    CHECK(arc_gates(g, {179, 0.2}, {-179, 0.2}) == 4u);  // across the seam
    CHECK(arc_gates(g, {179, 5}, {-179, 5}) == 0u);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(-3, 15), lat(-3, 13), seam_lon(178, 182), seam_lat(-3, 3);
    for (int k = 0; k < 4000; ++k) {
        const lon_lat a{lon(rng), lat(rng)}, b{lon(rng), lat(rng)};
        REQUIRE(arc_gates(g, a, b) == arc_gates_unbounded(g, a, b));
        const lon_lat c{std::remainder(seam_lon(rng), 360.0), seam_lat(rng)}, d{std::remainder(seam_lon(rng), 360.0), seam_lat(rng)};
        REQUIRE(arc_gates(g, c, d) == arc_gates_unbounded(g, c, d));
    }
}

TEST_CASE("refinement: shortcut lengths (Vincenty) within a millimetre of the geodesic, short to nearly antipodal", "[unit][routing]") {
    std::mt19937 rng(151);
    std::uniform_real_distribution<double> any_lon(-180, 180), any_lat(-84, 84), near_step(-3, 3);
    double worst = 0;
    for (int k = 0; k < 20000 / static_cast<int>(harbormap::test::sample_step(10)); ++k) {
        const lon_lat a{any_lon(rng), any_lat(rng)};
        // a quarter near a (shortcuts in coastal waters), the rest anywhere (ocean crossings, antipodes)
        const lon_lat b = k % 4 == 0 ? lon_lat{std::remainder(a.lon + near_step(rng), 360.0), std::clamp(a.lat + near_step(rng), -84.0, 84.0)} : lon_lat{any_lon(rng), any_lat(rng)};
        worst = std::max(worst, std::abs(shortcut_length_m(a, b) - geodesic_m(a, b)));
    }
    CHECK(worst < 1e-3);
    CHECK(shortcut_length_m({10, 20}, {10, 20}) == 0);
    CHECK(shortcut_length_m({0, 0}, {179.9, 0.1}) == Approx(geodesic_m({0, 0}, {179.9, 0.1})).margin(1e-3)); // nearly antipodal
    CHECK(shortcut_length_m({179.5, 10}, {-179.5, 11}) == Approx(geodesic_m({179.5, 10}, {-179.5, 11})).margin(1e-3));
}
