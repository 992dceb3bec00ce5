// The real sea graph (data/sealanes + data/chokepoints): reference distances, gates and properties.
#include "engine/cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"
#include "engine/query/sea_router.hpp"
#include "tests/routing/real_world.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

using namespace harbormap;

namespace {

using routing_tests::source_dir;

// The graph of the shared real data (real_world.hpp), mapped from its graph file.
query::sea_router& real_router() { return *routing_tests::world().router; }

// Line split at commas: the columns read here come before the source column, the only one with quoted commas.
std::vector<std::string> csv_fields(std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return split(line, ',');
}

} // namespace

TEST_CASE("real graph: one component, all gates present, arctic closed by default", "[golden][routing]") {
    const auto& g = real_router().graph();
    CHECK(g.validate().empty());
    CHECK(g.node_count() > 9000);
    for (const char* id : {"suez", "panama", "malacca", "sunda", "lombok", "hormuz", "bab_el_mandeb", "gibraltar", "bosporus",
                           "dardanelles", "dover", "good_hope", "magellan", "bering", "kiel", "taiwan"})
        CHECK(g.gate_index(id) >= 0);
    CHECK(g.gate_ids(g.default_closed()) == std::vector<std::string>{"arctic"});
}

TEST_CASE("reference sea distances (NGA Pub. 151): error table before/after refinement, expected gates", "[golden][routing]") {
    std::ifstream in(source_dir() / "data" / "reference" / "sea_distances.csv");
    REQUIRE(in);
    std::string line;
    std::getline(in, line);
    const auto header = csv_fields(line);
    auto col = [&](const std::string& name) {
        auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    const std::size_t c_from = col("from_name"), c_flon = col("from_lon"), c_flat = col("from_lat"), c_to = col("to_name"),
                      c_tlon = col("to_lon"), c_tlat = col("to_lat"), c_closed = col("closed"), c_ref = col("ref_nm"),
                      c_gates = col("expected_chokepoints");
    int rows = 0;
    // all rows, and the ocean rows: Pub. 151 distance of 200 nm or more and both ends within 50 nm of the
    // lane network.  A shorter row measures the harbour and canal approaches (Amsterdam-Rotterdam: the
    // lanes have no North Sea Canal and go out through the IJsselmeer), a far end the network's gap
    // (Aracaju, Arrecife, Argentia in Placentia Bay, Aleksandrovsk-Sakhalinskiy); both are listed and
    // counted in "all".
    std::vector<double> raw_err, err, ocean_raw_err, ocean_err;
    std::string table = fmt::format("{:<26} {:<12} {:<6} {:>7} {:>9} {:>8} {:>9} {:>8}  {}\n", "from", "to", "closed", "pub151", "graph_nm", "error",
                                    "refined", "error", "note");
    while (std::getline(in, line)) {
        if (trim(line).empty()) continue;
        const auto f = csv_fields(line);
        ++rows;
        query::route_params p;
        p.from = f[c_flon] + "," + f[c_flat];
        p.to = f[c_tlon] + "," + f[c_tlat];
        p.avoid = split(f[c_closed], ';');
        p.avoid.erase(std::remove(p.avoid.begin(), p.avoid.end(), ""), p.avoid.end());
        const double ref_nm = *parse_double(f[c_ref]);
        const auto r = query::run_route(p, real_router(), nullptr);
        INFO(f[c_from] << " -> " << f[c_to] << " closed=" << f[c_closed] << " gates=" << join(r.gates, ";"));
        REQUIRE(r.status == query::route_status::ok);
        CHECK(r.refined);
        const double nm = nm_from_m(r.total_m), raw_nm = nm_from_m(r.graph_m);
        const bool far_end = std::max(r.from.snap.distance_m, r.to.snap.distance_m) > 50 * 1852.0;
        CHECK(far_end == !r.warnings.empty()); // a far end is always a warning
        const bool ocean = ref_nm >= 200 && !far_end;
        raw_err.push_back(std::abs(raw_nm - ref_nm) / ref_nm);
        err.push_back(std::abs(nm - ref_nm) / ref_nm);
        if (ocean) ocean_raw_err.push_back(raw_err.back()), ocean_err.push_back(err.back());
        table += fmt::format("{:<26} {:<12} {:<6} {:>7.0f} {:>9.1f} {:>+7.2f}% {:>9.1f} {:>+7.2f}%  {}\n", f[c_from], f[c_to], f[c_closed], ref_nm, raw_nm,
                             100 * (raw_nm - ref_nm) / ref_nm, nm, 100 * (nm - ref_nm) / ref_nm,
                             far_end ? "end > 50 nm from the lanes" : ocean ? "" : "under 200 nm");
        if (ocean) CHECK(std::abs(nm - ref_nm) / ref_nm < 0.04);
        CHECK(r.total_m <= r.graph_m * (1 + 1e-12));
        CHECK(r.total_m >= r.geodesic_m);
        for (const auto& gate : split(f[c_gates], ';'))
            if (!gate.empty()) CHECK(std::find(r.gates.begin(), r.gates.end(), gate) != r.gates.end());
        for (const auto& closed : p.avoid) CHECK(std::find(r.gates.begin(), r.gates.end(), closed) == r.gates.end());
        // the what-if rows: Suez closed takes Panama
        if (f[c_closed] == "suez") CHECK(std::find(r.gates.begin(), r.gates.end(), "panama") != r.gates.end());
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    auto worst = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
    REQUIRE(ocean_err.size() >= 30);
    table += fmt::format("all {} rows: median |error| graph {:.2f}% -> refined {:.2f}%; worst {:.2f}% -> {:.2f}%\n", rows, 100 * median(raw_err),
                         100 * median(err), 100 * worst(raw_err), 100 * worst(err));
    table += fmt::format("{} ocean rows: median |error| graph {:.2f}% -> refined {:.2f}%; worst {:.2f}% -> {:.2f}%\n", ocean_err.size(),
                         100 * median(ocean_raw_err), 100 * median(ocean_err), 100 * worst(ocean_raw_err), 100 * worst(ocean_err));
    WARN(table);
    // the refinement improves the table as a whole (targets on the ocean rows: median 0.75%, worst 3%; README)
    CHECK(median(err) < median(raw_err));
    CHECK(median(ocean_err) < median(ocean_raw_err));
    CHECK(worst(ocean_err) <= worst(ocean_raw_err));
    CHECK(median(ocean_err) < 0.01);
    CHECK(median(err) < 0.0075); // all rows: 0.72% since the port approaches (0.83% before)
}

TEST_CASE("properties on random pairs: symmetry, sea >= geodesic, A* = Dijkstra", "[unit][routing]") {
    auto& router = real_router();
    const auto& g = router.graph();
    auto& eng = router.engine();
    std::mt19937 rng(20261126);
    std::uniform_int_distribution<routing::node_id> pick(0, static_cast<routing::node_id>(g.node_count() - 1));
    routing::cost_model cost;
    cost.closed_gates = g.default_closed();
    for (int i = 0; i < 60; ++i) {
        const auto a = pick(rng), b = pick(rng);
        const auto ab = eng.dijkstra(a, b, cost);
        const auto ba = eng.dijkstra(b, a, cost);
        const auto star = eng.astar(a, b, cost);
        INFO("pair " << a << " " << b);
        REQUIRE(ab.status == routing::search_status::ok); // one component, arctic closed: still connected
        CHECK(ba.cost_m == Approx(ab.cost_m).epsilon(1e-9));
        CHECK(star.cost_m == Approx(ab.cost_m).epsilon(1e-9));
        CHECK(star.settled <= ab.settled);
        CHECK(ab.cost_m >= geodesic_m(g.nodes[a], g.nodes[b]) * (1 - 1e-9));
        CHECK(routing::lower_bound_m(g.nodes[a], g.nodes[b]) <= geodesic_m(g.nodes[a], g.nodes[b]));
        const auto& tree = eng.one_to_many(a, cost);
        CHECK(tree[b] == Approx(ab.cost_m).epsilon(1e-9));
    }
}

TEST_CASE("the lower bound is admissible on every edge", "[unit][routing]") {
    const auto& g = real_router().graph();
    for (std::size_t e = 0; e < g.edge_count(); ++e)
        REQUIRE(routing::lower_bound_m(g.nodes[g.edge_a[e]], g.nodes[g.edge_b[e]]) <= g.edge_length_m[e] + 1e-6); // 1 um for rounding on the tiniest edges
}

TEST_CASE("cli: graph build will not replace a graph file without --overwrite", "[unit][routing]") {
    const auto out_dir = routing_tests::world().out;
    const auto before = read_file(out_dir / "seagraph.hmg");
    std::ostringstream out, err;
    const int rc = cli::run({"--data", (source_dir() / "data").string(), "--out", out_dir.string(), "graph", "build"}, out, err);
    CHECK(rc == 2);
    CHECK_THAT(err.str(), Catch::Contains("seagraph.hmg exists: use --overwrite to replace it"));
    CHECK(read_file(out_dir / "seagraph.hmg") == before);
}

TEST_CASE("cli: route with negative lon,lat positionals, --json and statuses", "[unit][routing]") {
    const auto out_dir = routing_tests::world().out; // the real graph file (real_world.hpp)
    const std::string data = (source_dir() / "data").string(), maps = (source_dir() / "layers" / "mappings").string();
    std::ostringstream out, err;
    int rc = cli::run({"--data", data, "--mappings", maps, "--out", out_dir.string(), "route", "-118.27083,33.75", "-74.01667,40.7", "--json"},
                  out, err);
    INFO(err.str());
    REQUIRE(rc == 0);
    const auto j = nlohmann::json::parse(out.str());
    CHECK(j["status"] == "ok");
    CHECK(j["distance_nm"].get<double>() == Approx(4929).epsilon(0.05));
    CHECK(j["distance_km"].get<double>() == Approx(j["distance_nm"].get<double>() * 1.852).epsilon(1e-3));
    CHECK(j["gates"] == nlohmann::json::array({"panama"}));
    CHECK(j["geometry"]["type"] == "MultiLineString");
    // closing both Panama and Magellan (and the arctic, closed by default) leaves no route from the US west coast to NY
    out.str("");
    rc = cli::run({"--data", data, "--mappings", maps, "--out", out_dir.string(), "route", "-118.27083,33.75", "-74.01667,40.7",
                   "--avoid", "panama,magellan", "--avoid", "good_hope,suez,malacca,sunda,lombok", "--json"},
                  out, err);
    CHECK(rc == 1);
    CHECK(nlohmann::json::parse(out.str())["status"] == "no_route");
    // unknown gate: usage error with a suggestion
    err.str("");
    rc = cli::run({"--data", data, "--out", out_dir.string(), "route", "0,0", "1,1", "--avoid", "sues"}, out, err);
    CHECK(rc == 2);
    CHECK_THAT(err.str(), Catch::Contains("did you mean suez"));
}

TEST_CASE("port approaches: a snap over water, an end joining the path where the route goes", "[golden][routing]") {
    auto& router = real_router();
    const auto& g = router.graph();
    query::route_params p;
    // Argentia (Placentia Bay): the nearest node (60.6 nm, off Cape Race) lies across the Avalon Peninsula
    // (57 nm of land and clearance cells); the snap takes one south of the bay (72 nm, across the Cape Shore:
    // 36 nm)
    const lon_lat argentia{-53.98333, 47.3};
    const auto any = router.snap().nearest(argentia), snap = router.snap().nearest_over_water(argentia);
    CHECK(nm_from_m(any.distance_m) == Approx(60.6).margin(0.1));
    const double land_any = routing::connector_land_m(g.land, argentia, g.nodes[any.node]);
    CHECK(nm_from_m(land_any) > 50);
    CHECK(snap.node != any.node);
    CHECK(nm_from_m(routing::connector_land_m(g.land, argentia, g.nodes[snap.node])) < 40);
    p.from = "-53.98333,47.3";
    p.to = "-74.01667,40.7"; // New York: Pub. 151 1,009 nm
    auto r = query::run_route(p, router, nullptr);
    REQUIRE(r.status == query::route_status::ok);
    CHECK(nm_from_m(r.total_m) == Approx(1009).epsilon(0.02));
    // Aleksandrovsk-Sakhalinskiy: the nearest node is 73 nm north in the Tatar Strait and the route to
    // Yokohama comes back south past the port: the refined route joins the lane south of it; --raw keeps
    // the graph path (up to the snap node and back)
    p.from = "142.11667,50.9";
    p.to = "139.65,35.45";
    p.raw = true;
    const auto raw = query::run_route(p, router, nullptr);
    p.raw = false;
    r = query::run_route(p, router, nullptr);
    REQUIRE(raw.status == query::route_status::ok);
    REQUIRE(r.status == query::route_status::ok);
    CHECK(nm_from_m(r.from.snap.distance_m) == Approx(73.1).margin(0.1));
    CHECK(r.graph_m == raw.total_m);
    CHECK(std::any_of(raw.path.begin(), raw.path.end(), [](const lon_lat& q) { return q.lat > 52; }));
    for (const auto& q : r.path) CHECK(q.lat < 51.0);
    CHECK(nm_from_m(r.total_m) == Approx(1143).epsilon(0.02)); // Pub. 151 1,143 nm
}

TEST_CASE("snapping: over 50 nm warns, over --max-snap is an error, a lat/lon swap gets a hint", "[golden][routing]") {
    auto& router = real_router();
    query::route_params p;
    p.from = "-104.99,39.74"; // Denver: 708 nm inland
    p.to = "4.46667,51.9";
    auto r = query::run_route(p, router, nullptr);
    CHECK(r.status == query::route_status::snap_too_far);
    CHECK_THAT(r.message, Catch::Contains("-104.99,39.74") && Catch::Contains("708") && Catch::Contains("--max-snap 300 nm"));
    CHECK_THAT(r.message, !Catch::Contains("swapped")); // 39.74,-104.99 is no position either
    CHECK_THAT(query::route_text(r), Catch::Contains("status: snap_too_far"));
    CHECK(nlohmann::json::parse(query::route_json(r))["status"] == "snap_too_far");
    p.max_snap_m = 1000 * 1852.0;
    r = query::run_route(p, router, nullptr);
    REQUIRE(r.status == query::route_status::ok);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::Contains("708") && Catch::Contains("more than 50 nm"));
    CHECK_THAT(query::route_text(r), Catch::StartsWith("warning:"));
    CHECK(nlohmann::json::parse(query::route_json(r))["warnings"].size() == 1);
    // Charleston given as lat,lon: 1,614 nm from the sea as given, under a nautical mile swapped
    p = {};
    p.from = "32.78,-79.9";
    p.to = "4.46667,51.9";
    r = query::run_route(p, router, nullptr);
    CHECK(r.status == query::route_status::snap_too_far);
    CHECK_THAT(r.message, Catch::Contains("lat/lon swapped?") && Catch::Contains("-79.9,32.78"));
    // Madrid: 167 nm inland, a warning but no swap hint; a port position: no warning
    p.from = "-3.7,40.4";
    r = query::run_route(p, router, nullptr);
    REQUIRE(r.status == query::route_status::ok);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::Contains("167") && !Catch::Contains("swapped"));
    p.from = "121.49167,31.23333";
    CHECK(query::run_route(p, router, nullptr).warnings.empty());
}

TEST_CASE("lane additions: the North Sea Canal joins marnet at IJmuiden; an addition that joins nothing is refused", "[unit][routing]") {
    const auto data = source_dir() / "data";
    const auto mappings = source_dir() / "layers" / "mappings";
    const auto lanes = query::load_lanes(data, mappings);
    REQUIRE(!lanes.empty());
    // the canal is the last lane; it starts at the end vertex of marnet's IJmuiden spur and ends at Amsterdam
    const auto& canal = lanes.back().line;
    REQUIRE(canal.size() >= 2);
    CHECK(canal.front().lon == 4.547653);
    CHECK(canal.front().lat == 52.462285);
    CHECK(canal.back().lon == Approx(4.891667));
    // 24 km long (Britannica); the straight pieces between the cited mouth and source give ~24.4 km
    double len = 0;
    for (std::size_t i = 1; i < canal.size(); ++i) len += geodesic_m(canal[i - 1], canal[i]);
    CHECK(len == Approx(24400).margin(1000));
    // in the real graph, Amsterdam's route to Rotterdam leaves by the canal, not round the IJsselmeer
    query::route_params p;
    p.from = "4.9,52.38333"; // Pub. 151's Amsterdam
    p.to = "4.46667,51.9";   // Pub. 151's Rotterdam
    const auto r = query::run_route(p, real_router(), nullptr);
    REQUIRE(r.status == query::route_status::ok);
    CHECK(r.from.snap.distance_m < 2 * metres_per_nm);
    CHECK(nm_from_m(r.total_m) < 90); // 153 nm round the IJsselmeer before; Pub. 151: 67 nm
    // a broken addition (its first vertex is not a vertex of the network) names file, row and field
    const auto dir = std::filesystem::temp_directory_path() / ("hm-lane-additions-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    write_file_atomic(dir / "sealanes.json", read_file(mappings / "sealanes.json"));
    std::string mapping = read_file(mappings / "lane_additions.json");
    mapping.replace(mapping.find("sealanes/lane_additions.geojson"), std::string("sealanes/lane_additions.geojson").size(), (dir / "add.geojson").string());
    write_file_atomic(dir / "lane_additions.json", mapping);
    std::string added = read_file(data / "sealanes" / "lane_additions.geojson");
    added.replace(added.find("[4.547653,52.462285]"), std::string("[4.547653,52.462285]").size(), "[4.5477,52.4623]");
    write_file_atomic(dir / "add.geojson", added);
    try {
        query::load_lanes(data, dir);
        FAIL("a lane addition that joins nothing was accepted");
    } catch (const input_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("add.geojson") && Catch::Contains("geometry") &&
                                              Catch::Contains("north-sea-canal") && Catch::Contains("does not start at a vertex"));
    }
    std::filesystem::remove_all(dir);
}
