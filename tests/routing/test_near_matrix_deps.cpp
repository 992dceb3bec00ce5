// near, matrix and deps on a small drawn sea with a hand-made ports layer: expected values come from
// the drawing (sums of geodesic segment lengths along known paths), not from the search under test.
#include "drawn_sea.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"
#include "engine/query/near_matrix_deps.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

// 2-degree cells from (-60, 10).  Row 0 (10N) is the north channel with gate 1; row 2 (6N) the south
// channel with gate 2; row 1 is an island except at both ends.  Gate 3 (closed by default, like the
// arctic gate) is the only way to C.
//
//   col  0         1         2
//        0123456789012345678901
const std::vector<std::string> map_rows = {
    "O.....P..1.........A3C",
    ".##################.##",
    "B....Q...2..T..T.....#",
};
constexpr double lon0 = -60, lat0 = 10, step = 2;

lon_lat cell(int col, int row) { return {lon0 + col * step, lat0 - row * step}; }

// Length of a path of cells (geodesic per segment, as the graph builder weighs edges).
double cells_m(const std::vector<std::pair<int, int>>& cells) {
    double d = 0;
    for (std::size_t i = 1; i < cells.size(); ++i)
        d += geodesic_m(cell(cells[i - 1].first, cells[i - 1].second), cell(cells[i].first, cells[i].second));
    return d;
}
std::vector<std::pair<int, int>> row_run(int row, int c0, int c1) {
    std::vector<std::pair<int, int>> out;
    for (int c = c0; c1 >= c0 ? c <= c1 : c >= c1; c += c1 >= c0 ? 1 : -1) out.emplace_back(c, row);
    return out;
}
std::vector<std::pair<int, int>> concat(std::vector<std::vector<std::pair<int, int>>> parts) {
    std::vector<std::pair<int, int>> out;
    for (auto& p : parts)
        for (auto& c : p)
            if (out.empty() || out.back() != c) out.push_back(c);
    return out;
}

struct port_def {
    const char* id;
    const char* name;
    const char* locode;
    int col, row;
    const char* size;
    bool prc, strategic;
};
const std::vector<port_def> port_defs = {
    {"t:O", "Origin", "ZZORI", 0, 0, "Medium", false, true},
    {"t:A", "Alpha", "ZZAAA", 19, 0, "Large", false, false},
    {"t:B", "Bravo", "ZZBBB", 0, 2, "Large", false, true},
    {"t:C", "Charlie", "ZZCCC", 21, 0, "Large", false, false},
    {"t:P", "Pier", "ZZPRC", 6, 0, "Small", true, false},
    {"t:Q", "Quay", "ZZQQQ", 5, 2, "Small", false, false},
    {"t:T1", "Twin", "ZZTWA", 12, 2, "Small", false, false},
    {"t:T2", "Twin", "ZZTWB", 15, 2, "Small", false, false},
};

feature port_feature(const port_def& d, std::int64_t id) {
    feature f;
    f.id = id;
    f.geom = geometry::make_point(cell(d.col, d.row));
    f.properties = {{"port_id", std::string(d.id)},           {"name", std::string(d.name)},
                    {"unlocode", std::string(d.locode)},      {"country_iso2", std::string("ZZ")},
                    {"harbor_size", std::string(d.size)},     {"prc_operated", d.prc},
                    {"strategic", d.strategic},               {"bri", false}};
    return f;
}

struct drawn_world {
    std::unique_ptr<query::sea_router> router;
    std::unique_ptr<query::port_catalog> catalog;
    std::unique_ptr<query::port_snaps> snaps;
};

drawn_world make_world() {
    auto sea = harbormap::testing::draw_sea(map_rows, lon0, lat0, step);
    for (auto& g : sea.gates)
        if (g.id == "gate3") g.closed_by_default = true;
    drawn_world w;
    w.router = std::make_unique<query::sea_router>(routing::build_sea_graph(sea.lanes, sea.gates));
    feature_layer ports;
    ports.name = "ports";
    for (std::size_t i = 0; i < port_defs.size(); ++i) ports.features.push_back(port_feature(port_defs[i], static_cast<std::int64_t>(i + 1)));
    w.catalog = std::make_unique<query::port_catalog>(ports);
    w.snaps = std::make_unique<query::port_snaps>(*w.router, *w.catalog);
    return w;
}

std::size_t index_of(const char* id) {
    for (std::size_t i = 0; i < port_defs.size(); ++i)
        if (std::string(port_defs[i].id) == id) return i;
    FAIL("no port " << id);
    return 0;
}

// Known sea paths from O.
double sea_O_B() { return cells_m({{0, 0}, {0, 1}, {0, 2}}); }
double sea_O_P() { return cells_m(row_run(0, 0, 6)); }
double sea_O_Q() { return cells_m(concat({{{0, 0}, {0, 1}}, row_run(2, 0, 5)})); }
double sea_O_A_north() { return cells_m(row_run(0, 0, 19)); }
double sea_O_A_south() { return cells_m(concat({{{0, 0}, {0, 1}}, row_run(2, 0, 19), {{19, 1}, {19, 0}}})); }

std::map<std::string, std::vector<std::string>> csv_rows(const std::string& csv) {
    std::map<std::string, std::vector<std::string>> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto f = split(line, ',');
        rows[f.at(0) + ">" + f.at(2)] = f;
    }
    return rows;
}

} // namespace

TEST_CASE("drawn sea: the designed distances hold (sanity of the fixture)", "[unit][routing]") {
    // Q is nearer than P as the crow flies but farther by sea (round the island's west end).
    CHECK(geodesic_m(cell(0, 0), cell(5, 2)) < geodesic_m(cell(0, 0), cell(6, 0)));
    CHECK(sea_O_Q() > sea_O_P());
    CHECK(sea_O_A_south() > sea_O_A_north());
}

TEST_CASE("near: k nearest and radius, by sea and by geodesic distance", "[unit][routing]") {
    auto w = make_world();
    query::near_params p;
    p.at = "ZZORI";
    p.k = 3;
    p.by = "sea";
    auto r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.status == query::route_status::ok);
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].id == "t:B");
    CHECK(r.items[1].id == "t:P");
    CHECK(r.items[2].id == "t:Q");
    CHECK(r.items[0].sea_m == Approx(sea_O_B()).epsilon(1e-9));
    CHECK(r.items[1].sea_m == Approx(sea_O_P()).epsilon(1e-9));
    CHECK(r.items[2].sea_m == Approx(sea_O_Q()).epsilon(1e-9));
    for (const auto& it : r.items) {
        CHECK(it.geodesic_m == Approx(geodesic_m(cell(0, 0), it.pos)).epsilon(1e-12));
        CHECK(it.sea_m >= it.geodesic_m * (1 - 1e-12));
    }
    CHECK(r.items[1].extra == "prc-operated");

    // by geodesic distance Q comes before P
    p.by = "geodesic";
    r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].id == "t:B");
    CHECK(r.items[1].id == "t:Q");
    CHECK(r.items[2].id == "t:P");
    CHECK(r.items[1].sea_m == HUGE_VAL); // no sea search by geodesic

    // radius between P and Q by sea: B and P only; by geodesic the same radius also takes Q
    p.k.reset();
    p.radius_m = (sea_O_P() + sea_O_Q()) / 2;
    p.by = "sea";
    r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].id == "t:B");
    CHECK(r.items[1].id == "t:P");
    p.by = "geodesic";
    r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[2].id == "t:P");
    CHECK(r.items[1].id == "t:Q");
    // radius and k together: the k nearest within the radius
    p.k = 1;
    r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].id == "t:B");

    // a lon,lat position (between cells) snaps and the snap distance counts
    p = {};
    p.at = "-59.5,10";
    p.k = 1;
    r = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].id == "t:O");
    CHECK(r.at.snap.distance_m == Approx(geodesic_m({-59.5, 10}, cell(0, 0))));
    CHECK(r.items[0].sea_m == Approx(r.at.snap.distance_m).epsilon(1e-12));

    // JSON carries both distances in nm
    p = {};
    p.at = "ZZORI";
    p.k = 2;
    const auto j = nlohmann::json::parse(query::near_json(query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg"), p));
    CHECK(j["status"] == "ok");
    REQUIRE(j["items"].size() == 2);
    CHECK(j["items"][1]["id"] == "t:P");
    CHECK(j["items"][1]["sea_nm"].get<double>() == Approx(nm_from_m(sea_O_P())).margin(0.006));
}

TEST_CASE("near: terminals and strategic layers from the port catalog; statuses", "[unit][routing]") {
    auto w = make_world();
    const fs::path dir = fs::temp_directory_path() / ("hm-near-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path gpkg = dir / "harbormap.gpkg"; // the layers are read from the catalog beside it
    {
        feature_layer t;
        t.name = "terminals";
        t.fields = {{"terminal_id", field_type::text}, {"terminal_name", field_type::text}, {"country_iso2", field_type::text}, {"class", field_type::text}};
        auto term = [&](const char* id, const char* name, const char* cls, lon_lat pos, std::int64_t fid) {
            feature f;
            f.id = fid;
            f.geom = geometry::make_point(pos);
            f.properties = {{"terminal_id", std::string(id)}, {"terminal_name", std::string(name)}, {"country_iso2", std::string("ZZ")}, {"class", std::string(cls)}};
            return f;
        };
        t.features.push_back(term("term-p", "Pier Box Terminal", "prc-operated", cell(6, 0), 1));
        t.features.push_back(term("term-q", "Quay Bulk Terminal", "hk-operated", cell(5, 2), 2));
        feature_layer s;
        s.name = "strategic_seaports";
        s.fields = {{"port_id", field_type::text}, {"name", field_type::text}, {"state", field_type::text}, {"role_as_reported", field_type::text}};
        feature f;
        f.id = 1;
        f.geom = geometry::make_point(cell(0, 2));
        f.properties = {{"port_id", std::string("t:B")}, {"name", std::string("Bravo")}, {"state", std::string("CA")}, {"role_as_reported", std::string("commercial")}};
        s.features.push_back(f);
        query::write_catalog_file(query::catalog_path(dir), {&t, &s});
    }
    query::near_params p;
    p.at = "ZZORI";
    p.k = 5;
    p.layer = "terminals";
    auto r = query::run_near(p, *w.router, *w.catalog, gpkg);
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].id == "term-p");
    CHECK(r.items[0].extra == "prc-operated");
    CHECK(r.items[0].sea_m == Approx(sea_O_P()).epsilon(1e-9));
    CHECK(r.items[1].id == "term-q");
    p.by = "geodesic";
    r = query::run_near(p, *w.router, *w.catalog, gpkg);
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].id == "term-q");
    p.layer = "strategic";
    p.by = "sea";
    r = query::run_near(p, *w.router, *w.catalog, gpkg);
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].name == "Bravo");
    CHECK(r.items[0].country == "ZZ"); // its port's country, not its state (CA is Canada's code)
    CHECK(r.items[0].extra == "commercial, CA");
    CHECK(r.items[0].sea_m == Approx(sea_O_B()).epsilon(1e-9));
    fs::remove_all(dir);

    // statuses
    p = {};
    p.k = 1;
    p.at = "Nowhere Harbour";
    CHECK(query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg").status == query::route_status::port_not_found);
    p.at = "Twin";
    const auto amb = query::run_near(p, *w.router, *w.catalog, "/nonexistent.gpkg");
    CHECK(amb.status == query::route_status::ambiguous_port);
    CHECK_THAT(amb.message, Catch::Contains("ZZTWA") && Catch::Contains("ZZTWB"));
    CHECK_THAT(query::near_text(amb, p), Catch::Contains("ambiguous_port"));
    // usage errors
    p.at = "ZZORI";
    p.k.reset();
    CHECK_THROWS_AS(p.validate(), usage_error);
    p.k = 1;
    p.by = "air";
    CHECK_THROWS_AS(p.validate(), usage_error);
}

TEST_CASE("matrix: CSV shape, symmetric entries, sea >= geodesic, closures", "[unit][routing]") {
    auto w = make_world();
    query::matrix_params p;
    p.from_set = "ZZORI;ZZPRC;ZZQQQ";
    p.to_set = "large"; // A, B, C
    auto r = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(r.from.size() == 3);
    REQUIRE(r.to.size() == 3);
    CHECK(r.searches == 3);
    const std::string csv = query::matrix_csv(r, *w.catalog, false);
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    CHECK(line == "from_id,from_name,to_id,to_name,distance_nm,distance_km,status");
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        CHECK(split(line, ',').size() == 7);
    }
    CHECK(n == 9);
    auto rows = csv_rows(csv);
    CHECK(rows.at("t:O>t:A")[4] == format_fixed(nm_from_m(sea_O_A_north()), 1));
    CHECK(rows.at("t:O>t:A")[5] == format_fixed(km_from_m(sea_O_A_north()), 1));
    CHECK(rows.at("t:O>t:A")[6] == "ok");
    CHECK(rows.at("t:O>t:B")[4] == format_fixed(nm_from_m(sea_O_B()), 1));
    // C lies behind a gate that is closed by default
    CHECK(rows.at("t:O>t:C")[6] == "no_route");
    CHECK(rows.at("t:O>t:C")[4].empty());

    // symmetry: the transposed matrix (searched from the other side) has the same entries
    query::matrix_params t;
    t.from_set = "all";
    t.to_set = "ZZORI;ZZAAA";
    const auto a = query::run_matrix(t, *w.router, *w.catalog, *w.snaps);
    std::swap(t.from_set, t.to_set);
    const auto b = query::run_matrix(t, *w.router, *w.catalog, *w.snaps);
    REQUIRE(a.from.size() == port_defs.size());
    for (std::size_t i = 0; i < a.from.size(); ++i)
        for (std::size_t k = 0; k < a.to.size(); ++k) {
            const double dab = a.distance_m[i * a.to.size() + k], dba = b.distance_m[k * b.to.size() + i];
            INFO(w.catalog->ref(a.from[i]).port_id << " - " << w.catalog->ref(a.to[k]).port_id);
            if (a.from[i] == index_of("t:C")) {
                CHECK(dab == HUGE_VAL);
                CHECK(dba == HUGE_VAL);
                continue;
            }
            CHECK(dab == Approx(dba).epsilon(1e-12));
            CHECK(dab >= geodesic_m(w.catalog->ref(a.from[i]).pos, w.catalog->ref(a.to[k]).pos) * (1 - 1e-12));
        }

    // gates per route and closures
    p.from_set = "ZZORI";
    p.to_set = "ZZAAA";
    p.with_gates = true;
    r = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    CHECK(r.gates.at(0) == "gate1");
    p.avoid = {"gate1"};
    r = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    CHECK(r.gates.at(0) == "gate2");
    CHECK(r.distance_m.at(0) == Approx(sea_O_A_south()).epsilon(1e-9));
    p.avoid = {"gate1", "gate2"};
    r = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    CHECK(r.distance_m.at(0) == HUGE_VAL);
    CHECK_THAT(query::matrix_csv(r, *w.catalog, true), Catch::Contains("t:O,Origin,t:A,Alpha,,,no_route,"));
    // the arctic-like gate opens explicitly
    p = {};
    p.from_set = "ZZORI";
    p.to_set = "ZZCCC";
    p.arctic = true;
    r = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    CHECK(r.distance_m.at(0) == Approx(cells_m(row_run(0, 0, 21))).epsilon(1e-9));
    // bad sets and gates are usage errors
    p.to_set = "ZZORI;Nowhere Harbour";
    CHECK_THROWS_AS(query::run_matrix(p, *w.router, *w.catalog, *w.snaps), usage_error);
    p.to_set = "Twin";
    CHECK_THROWS_WITH(query::run_matrix(p, *w.router, *w.catalog, *w.snaps), Catch::Contains("Twin"));
    p.to_set = "large";
    p.avoid = {"gate9"};
    CHECK_THROWS_AS(query::run_matrix(p, *w.router, *w.catalog, *w.snaps), usage_error);
}

TEST_CASE("deps: a closed gate forces the drawn detour; the exposure score follows its formula", "[unit][routing]") {
    auto w = make_world();
    query::deps_params p;
    p.port = "ZZORI";
    p.prc_radius_m = 150 * 1852.0; // P's node and its two neighbours (~118 nm apart), not two cells away
    p.weights = routing::exposure_weights::parse("c=0.5,p=0.3,n=0.2,z=0"); // the weights before Z existed
    const auto d = query::run_deps(p.port, p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(d.status == query::route_status::ok);
    CHECK(d.destinations == 3); // A, B, C (the large ports other than O)
    CHECK(d.reachable == 2);    // C is behind a gate closed by default

    // Gate 1 carries O->A (1 of 2 routes); closing it sends the route round the island's west end.
    const double base = sea_O_A_north(), alt = sea_O_A_south();
    const double pct = 100 * (alt - base) / base;
    REQUIRE(pct > 5);
    REQUIRE(pct < 50); // so that the detour factor is not capped
    REQUIRE(d.gates.size() == 1);
    const auto& g1 = d.gates[0];
    CHECK(g1.gate == "gate1");
    CHECK(g1.routes == 1);
    CHECK(g1.share == Approx(0.5));
    CHECK(g1.cut_off == 0);
    CHECK(g1.detour_nm == Approx(nm_from_m(alt - base)).epsilon(1e-9));
    CHECK(g1.detour_pct == Approx(pct).epsilon(1e-9));

    // PRC passes: O->A passes P; O->B does not.  Avoiding P's surroundings forces the same detour on O->A.
    CHECK(d.prc_share == Approx(0.5));
    CHECK(d.avoid_prc_cut_off == 0);
    CHECK(d.avoid_prc_detour_pct == Approx((pct + 0) / 2).epsilon(1e-9));
    REQUIRE(d.nearest_prc.size() == 1);
    CHECK(d.nearest_prc[0].first.port_id == "t:P");
    CHECK(d.nearest_prc[0].second == Approx(sea_O_P()).epsilon(1e-9));

    // exposure = 100 (0.5 min(1, C) + 0.3 S + 0.2 N), C = sum over gates and their routes of
    // min(1, detour% / 50) (1 when cut off) / reachable, S = PRC pass share, N = proximity of the nearest
    // PRC-operated port by sea (1 at <= 500 nm, 0 at >= 3000 nm, linear between).
    const double C = std::min(1.0, pct / 50) / 2;
    const double nearest_nm = nm_from_m(sea_O_P());
    REQUIRE(nearest_nm > 500);
    REQUIRE(nearest_nm < 3000);
    const double N = (3000 - nearest_nm) / 2500;
    CHECK(d.exposure == Approx(100 * (0.5 * C + 0.3 * 0.5 + 0.2 * N)).epsilon(1e-9));
    // the components are reported as computed; no cut-off, no cranes at the drawn port
    CHECK(d.components.c == Approx(C).epsilon(1e-9));
    CHECK(d.components.c_detour == Approx(C).epsilon(1e-9));
    CHECK(d.components.c_cut_off == 0);
    CHECK(d.components.p == Approx(0.5));
    CHECK(d.components.n == Approx(N).epsilon(1e-9));
    CHECK(d.components.z == 0);
    CHECK(d.avoid_prc_routes == 2);
    {
        // default weights: the same components, weighted 0.4 / 0.25 / 0.15 / 0.2
        query::deps_params q = p;
        q.weights = {};
        const auto dd = query::run_deps(q.port, q, *w.router, *w.catalog, *w.snaps);
        CHECK(dd.exposure == Approx(100 * (0.4 * C + 0.25 * 0.5 + 0.15 * N + 0.2 * 0)).epsilon(1e-9));
        const auto jj = nlohmann::json::parse(query::deps_json({dd}));
        CHECK(jj[0]["exposure_components"]["C"].get<double>() == Approx(C).margin(0.006));
        CHECK(jj[0]["exposure_components"]["P"].get<double>() == Approx(0.5));
        CHECK(jj[0]["exposure_components"]["N"].get<double>() == Approx(N).margin(0.006));
        CHECK(jj[0]["exposure_components"]["Z"].get<double>() == 0);
        CHECK(jj[0]["exposure_weights"] == "c=0.4,p=0.25,n=0.15,z=0.2");
        CHECK_THAT(query::deps_text({dd}, false), Catch::Contains("C chokepoints") && Catch::Contains("Z ZPMC cranes"));
    }

    // The text and JSON renderings carry the same figures.
    const auto j = nlohmann::json::parse(query::deps_json({d}));
    REQUIRE(j.size() == 1);
    CHECK(j[0]["status"] == "ok");
    CHECK(j[0]["exposure"].get<double>() == Approx(d.exposure).margin(0.006));
    CHECK(j[0]["gates"][0]["gate"] == "gate1");
    CHECK(j[0]["gates"][0]["detour_pct"].get<double>() == Approx(pct).margin(0.006));
    CHECK(j[0]["nearest_prc"][0]["port_id"] == "t:P");
    CHECK_THAT(query::deps_text({d}, false), Catch::Contains("gate1") && Catch::Contains("Pier (ZZPRC)"));

    // With the default-closed gate opened C is reachable and its route crosses gate 3 (cut off when closed
    // is not possible: gate 3 is the only way, so closing it cuts the route off).
    p.arctic = true;
    const auto open = query::run_deps(p.port, p, *w.router, *w.catalog, *w.snaps);
    CHECK(open.reachable == 3);
    const auto it = std::find_if(open.gates.begin(), open.gates.end(), [](const auto& gd) { return gd.gate == "gate3"; });
    REQUIRE(it != open.gates.end());
    CHECK(it->routes == 1);
    CHECK(it->cut_off == 1);
    // gate1 now carries O->A and O->C (both 2 of 3 routes); C's detour is the same extra as A's
    const auto g1o = std::find_if(open.gates.begin(), open.gates.end(), [](const auto& gd) { return gd.gate == "gate1"; });
    REQUIRE(g1o != open.gates.end());
    CHECK(g1o->routes == 2);
    CHECK(g1o->detour_nm == Approx(nm_from_m(alt - base)).epsilon(1e-9));
    CHECK(open.gates.front().gate == "gate1"); // most used first
}

TEST_CASE("deps: Z reads the port's ZPMC crane count; a gate that is the only way counts as cut off", "[unit][routing]") {
    auto w = make_world();
    feature_layer ports = w.catalog->layer();
    ports.features[index_of("t:O")].properties.emplace_back("zpmc_sts_count", std::int64_t{5});
    const query::port_catalog catalog(ports);
    query::port_snaps snaps(*w.router, catalog);
    query::deps_params p;
    p.port = "ZZORI";
    p.arctic = true; // C is reachable only through gate 3
    const auto d = query::run_deps(p.port, p, *w.router, catalog, snaps);
    REQUIRE(d.status == query::route_status::ok);
    CHECK(d.cranes == 5);
    CHECK(d.components.z == Approx(5.0 / 20));
    // gate 3 cuts O->C off: one (gate, route) pair of three routes, apart from the detours
    CHECK(d.components.c_cut_off == Approx(1.0 / 3));
    CHECK(d.components.c == Approx(std::min(1.0, d.components.c_detour + 1.0 / 3)));
    const auto& x = d.components;
    CHECK(d.exposure == Approx(100 * (0.4 * x.c + 0.25 * x.p + 0.15 * x.n + 0.2 * x.z)).epsilon(1e-9));
}

TEST_CASE("deps: statuses for unknown and ambiguous ports; --to sets", "[unit][routing]") {
    auto w = make_world();
    query::deps_params p;
    auto d = query::run_deps("Nowhere Harbour", p, *w.router, *w.catalog, *w.snaps);
    CHECK(d.status == query::route_status::port_not_found);
    CHECK_THAT(query::deps_text({d}, false), Catch::Contains("port_not_found"));
    d = query::run_deps("Twin", p, *w.router, *w.catalog, *w.snaps);
    CHECK(d.status == query::route_status::ambiguous_port);
    CHECK_THAT(d.message, Catch::Contains("t:T1") && Catch::Contains("t:T2"));
    const auto j = nlohmann::json::parse(query::deps_json({d}));
    CHECK(j[0]["status"] == "ambiguous_port");
    // the table form lists the status in the row
    CHECK_THAT(query::deps_text({d}, true), Catch::Contains("ambiguous_port"));
    // --to a set of one: the route to Q has no gate and no PRC pass
    p.to_set = "ZZQQQ";
    d = query::run_deps("ZZORI", p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(d.status == query::route_status::ok);
    CHECK(d.destinations == 1);
    CHECK(d.reachable == 1);
    CHECK(d.gates.empty());
    CHECK(d.prc_share == 0);
    // usage errors
    p = {};
    CHECK_THROWS_AS(p.validate(), usage_error);
    p.port = "ZZORI";
    p.all_strategic = true;
    CHECK_THROWS_AS(p.validate(), usage_error);
}

TEST_CASE("route --avoid-prc: the end joins and the refinement keep out of the radius of an avoided port", "[unit][routing]") {
    // One lane along the equator (0..3 E, 0.25-degree nodes) and a far island (so the graph has a land index
    // and routes are refined).  E sits 36 nm north of the lane, D at the lane's east end.  Without the keep-out,
    // the end join (a straight connector from E to a path node up to 2 x 36 + 10 nm away) and the refinement
    // both cut from E towards D and pass ~4 nm from the PRC-operated port P, 39 nm from E: P lies beyond 1 km
    // of the ends, so --avoid-prc avoids it, and its 10 nm radius does not reach the lane (21 nm away), so the
    // search's path is the same either way.  The connector and the shortcuts have to keep out of the radius.
    std::vector<routing::lane> lanes;
    for (int i = 0; i < 12; ++i) lanes.push_back({{{i * 0.25, 0.0}, {(i + 1) * 0.25, 0.0}}, ""});
    const std::vector<polygon> land{{{{{0.0, -3.0}, {0.5, -3.0}, {0.5, -2.5}, {0.0, -2.5}, {0.0, -3.0}}}}};
    const routing::sea_graph g = routing::build_sea_graph(lanes, {}, nullptr, land);
    REQUIRE_FALSE(g.land.empty());
    const lon_lat E{1.0, 0.6}, D{3.0, 0.0}, P{1.6, 0.35};
    feature_layer ports;
    ports.name = "ports";
    feature f;
    f.id = 1;
    f.geom = geometry::make_point(P);
    f.properties = {{"port_id", std::string("t:P")}, {"name", std::string("Pier")},       {"unlocode", std::string("ZZPRC")},
                    {"country_iso2", std::string("ZZ")}, {"harbor_size", std::string("Small")}, {"prc_operated", true},
                    {"strategic", false},                {"bri", false}};
    ports.features.push_back(f);
    const query::port_catalog catalog(ports);
    const double radius = 10 * metres_per_nm;
    REQUIRE(geodesic_m(E, P) > 3 * radius);
    query::route_params p;
    p.from = format_general(E.lon) + "," + format_general(E.lat);
    p.to = format_general(D.lon) + "," + format_general(D.lat);
    p.prc_radius_m = radius;
    p.corridor_m = 0;
    query::sea_router plain_router(g);
    const auto plain = query::run_route(p, plain_router, &catalog);
    REQUIRE(plain.status == query::route_status::ok);
    REQUIRE(plain.refined);
    // the fixture does what it says: the unconstrained route passes well inside P's radius
    CHECK(query::distance_to_path_m(P, plain.path) < 0.6 * radius);
    p.avoid_prc = true;
    query::sea_router avoid_router(g);
    const auto avoid = query::run_route(p, avoid_router, &catalog);
    REQUIRE(avoid.status == query::route_status::ok);
    REQUIRE(avoid.refined);
    CHECK(avoid.avoided_ports == 1);
    CHECK(avoid.avoided_nodes == 0); // the radius reaches no node: only the joins and shortcuts can enter it
    CHECK(query::distance_to_path_m(P, avoid.path) >= radius * (1 - 1e-9));
    CHECK(avoid.unavoidable.empty());
    // still a joined, refined route: shorter than the graph's and not below the straight line
    CHECK(avoid.total_m < avoid.graph_m);
    CHECK(avoid.total_m >= plain.total_m);
    CHECK(avoid.total_m >= geodesic_m(E, D));
}
