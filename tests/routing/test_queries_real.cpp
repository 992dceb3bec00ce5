// near, matrix and deps on the real data: the fused ports layer (built here by the fusion step) and the
// sea graph from data/sealanes + data/chokepoints.
#include "engine/cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "tests/routing/real_world.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

using routing_tests::source_dir;
using routing_tests::world;

int run_cli(std::vector<std::string> args, std::string& out, std::string& err, bool quiet = true) {
    std::vector<std::string> full = {quiet ? "--quiet" : "--progress", "--data", (source_dir() / "data").string(), "--mappings",
                                     (source_dir() / "layers" / "mappings").string(), "--out", world().out.string()};
    full.insert(full.end(), args.begin(), args.end());
    std::ostringstream o, e;
    const int rc = cli::run(full, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

query::route_params avoid_prc_route(const char* from, const char* to) {
    query::route_params p;
    p.from = from;
    p.to = to;
    p.avoid_prc = true;
    return p;
}

query::deps_profile deps_of(const char* port, const char* to_set = "large") {
    auto& w = world();
    query::deps_params p;
    p.port = port;
    p.to_set = to_set;
    return query::run_deps(p.port, p, *w.router, *w.catalog, *w.snaps);
}

} // namespace

TEST_CASE("real deps USLGB: Panama first, a nearest PRC-operated port, detours when gates close", "[golden][routing]") {
    const auto d = deps_of("USLGB");
    REQUIRE(d.status == query::route_status::ok);
    CHECK(d.destinations > 100); // the large ports of WPI
    CHECK(d.reachable == d.destinations);
    REQUIRE(!d.gates.empty());
    // A US west-coast port: most large ports lie in the Atlantic/Indian Ocean basins behind Panama.
    CHECK(d.gates.front().gate == "panama");
    CHECK(d.gates.front().share > 0.4);
    CHECK(d.gates.front().detour_pct > 20); // round Cape Horn or via Suez
    CHECK(d.gates.front().cut_off == 0);
    std::vector<std::string> ids;
    for (const auto& g : d.gates) ids.push_back(g.gate);
    for (const char* expected : {"panama", "malacca", "suez", "gibraltar"})
        CHECK(std::find(ids.begin(), ids.end(), expected) != ids.end());
    for (const auto& g : d.gates) {
        INFO(g.gate);
        CHECK(g.routes <= d.reachable);
        CHECK(g.detour_nm >= 0);
        CHECK(g.cut_off <= g.routes);
    }
    // nearest PRC-operated ports by sea, nearest first, each by sea at least the geodesic distance
    REQUIRE(d.nearest_prc.size() == query::deps_params{}.nearest_prc);
    CHECK(d.nearest_prc.front().first.unlocode == "USLAX"); // the neighbouring port of Los Angeles
    CHECK(nm_from_m(d.nearest_prc.front().second) < 20);
    for (std::size_t i = 0; i < d.nearest_prc.size(); ++i) {
        CHECK(d.nearest_prc[i].second >= geodesic_m(d.port.pos, d.nearest_prc[i].first.pos) * (1 - 1e-9));
        if (i) CHECK(d.nearest_prc[i].second >= d.nearest_prc[i - 1].second);
    }
    CHECK(d.prc_share > 0);
    CHECK(d.prc_share < 1);
    CHECK(d.exposure > 0);
    CHECK(d.exposure <= 100);
    // the same nearest PRC port by `near --layer ports`: sea distance agrees with deps and matrix
    auto& w = world();
    query::near_params np;
    np.at = "USLGB";
    np.k = 1;
    const auto n = query::run_near(np, *w.router, *w.catalog, w.out / "harbormap.gpkg");
    REQUIRE(n.items.size() == 1);
    CHECK(n.items[0].name == "Los Angeles");
    CHECK(n.items[0].sea_m == Approx(d.nearest_prc.front().second).epsilon(1e-9));
}

TEST_CASE("real matrix strategic x prc: all reachable, symmetric, sea >= geodesic; agrees with route", "[golden][routing]") {
    auto& w = world();
    query::matrix_params p;
    p.from_set = "strategic";
    p.to_set = "prc";
    const auto a = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(a.from.size() >= 20);
    REQUIRE(a.to.size() >= 50);
    std::swap(p.from_set, p.to_set);
    const auto b = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(b.from == a.to);
    for (std::size_t i = 0; i < a.from.size(); ++i)
        for (std::size_t k = 0; k < a.to.size(); ++k) {
            const double dab = a.distance_m[i * a.to.size() + k], dba = b.distance_m[k * b.to.size() + i];
            INFO(w.catalog->ref(a.from[i]).port_id << " - " << w.catalog->ref(a.to[k]).port_id);
            REQUIRE(dab != HUGE_VAL);
            CHECK(dab == Approx(dba).epsilon(1e-9));
            CHECK(dab >= geodesic_m(w.catalog->ref(a.from[i]).pos, w.catalog->ref(a.to[k]).pos) * (1 - 1e-9));
        }
    // the cells (on the contraction hierarchy) equal those of one Dijkstra tree per port (taken with --gates)
    p.with_gates = true;
    const auto c = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
    REQUIRE(c.distance_m.size() == b.distance_m.size());
    for (std::size_t i = 0; i < c.distance_m.size(); ++i) CHECK(c.distance_m[i] == Approx(b.distance_m[i]).epsilon(1e-12));
    // a cell equals the point-to-point route between the same ports
    query::route_params rp;
    rp.from = w.catalog->ref(a.from.front()).port_id;
    rp.to = w.catalog->ref(a.to.back()).port_id;
    rp.corridor_m = 0;
    rp.raw = true; // matrices are graph distances; `route` refines them
    const auto r = query::run_route(rp, *w.router, w.catalog.get());
    REQUIRE(r.status == query::route_status::ok);
    CHECK(r.total_m == Approx(a.distance_m[a.to.size() - 1]).epsilon(1e-9));
    rp.raw = false;
    CHECK(query::run_route(rp, *w.router, w.catalog.get()).total_m <= r.total_m);
}

TEST_CASE("real route --avoid-prc: ports near the end points listed apart; the others kept at the radius", "[golden][routing]") {
    auto& w = world();
    auto p = avoid_prc_route("USLGB", "NLRTM");
    const auto r = query::run_route(p, *w.router, w.catalog.get());
    REQUIRE(r.status == query::route_status::ok);
    CHECK(r.avoided_ports > 10);
    // Los Angeles (next to Long Beach), Antwerp and Zeebrugge (near Rotterdam) cannot be avoided
    std::vector<std::string> names;
    for (const auto& c : r.unavoidable) {
        names.push_back(c.port.name);
        CHECK(c.prc_operated);
        CHECK(c.distance_m <= p.prc_radius_m);
        const double to_end = std::min(geodesic_m(c.port.pos, r.from.pos), geodesic_m(c.port.pos, r.to.pos));
        CHECK(to_end <= 2 * p.prc_radius_m); // its radius overlaps an end point's
    }
    CHECK(std::find(names.begin(), names.end(), "Los Angeles") != names.end());
    CHECK(std::find(names.begin(), names.end(), "Antwerp") != names.end()); // display name (WPI: Antwerpen)
    // every other PRC-operated port stays outside the radius of the path
    for (std::size_t i = 0; i < w.catalog->layer().features.size(); ++i) {
        const auto& f = w.catalog->layer().features[i];
        if (!f.flag("prc_operated") || r.from.lookup.port->index == i || r.to.lookup.port->index == i) continue; // end points
        const auto ref = w.catalog->ref(i);
        if (std::find(names.begin(), names.end(), ref.name) != names.end()) continue;
        INFO(ref.name);
        CHECK(query::distance_to_path_m(ref.pos, r.path) > p.prc_radius_m * 0.98);
    }
    const auto text = query::route_text(r);
    CHECK_THAT(text, Catch::Contains("not avoidable (within the radius, near an end point): " + std::to_string(r.unavoidable.size())) &&
                         Catch::Contains("near Long Beach (USLGB)"));
    const auto j = nlohmann::json::parse(query::route_json(r));
    CHECK(j["not_avoidable"].size() == r.unavoidable.size());
    CHECK(j["avoided_ports"] == r.avoided_ports);
    // without --avoid-prc nothing is listed apart
    p.avoid_prc = false;
    CHECK(query::run_route(p, *w.router, w.catalog.get()).unavoidable.empty());
}

TEST_CASE("real route --avoid-prc from Tacoma: Seattle, within the radius of the start, does not close Puget Sound", "[golden][routing]") {
    // Seattle (PRC-operated) is ~19 nm from Tacoma: every way out of Puget Sound passes within its 50 nm.
    // It cannot be avoided, so it is listed apart and its circle stays open; before, its circle beyond
    // Tacoma's own was closed and every Tacoma route with --avoid-prc was 'no_route'.
    auto& w = world();
    auto p = avoid_prc_route("USTIW", "JPYOK");
    const auto r = query::run_route(p, *w.router, w.catalog.get());
    INFO(r.message);
    REQUIRE(r.status == query::route_status::ok);
    REQUIRE(r.unavoidable.size() == 1);
    CHECK(r.unavoidable.front().port.name == "Seattle");
    CHECK(r.unavoidable.front().near_end == "from");
    CHECK_THAT(query::route_text(r), Catch::Contains("Seattle") && Catch::Contains("near Tacoma (USTIW)"));
    // each listed port with the code to type next; one port is "1 ... port", not "1 ... ports"
    CHECK_THAT(query::route_text(r), Catch::Contains("US USSEA      near Tacoma") && Catch::Contains("corridor: 1 PRC-operated/BRI port within"));
    // the same route as without --avoid-prc within a few per cent (Tacoma - Yokohama ~4,300 nm), and the
    // other PRC-operated ports are still avoided
    p.avoid_prc = false;
    const auto plain = query::run_route(p, *w.router, w.catalog.get());
    REQUIRE(plain.status == query::route_status::ok);
    CHECK(r.total_m == Approx(plain.total_m).epsilon(0.05));
    CHECK(r.avoided_ports > 10);
}

TEST_CASE("real deps Tacoma: Seattle is not avoidable, as in route --avoid-prc; cut-offs agree with route", "[golden][routing]") {
    // Before: deps closed Seattle's circle beyond Tacoma's own, so "99% of routes pass ... 173 cut off"
    // while route --avoid-prc found Tacoma - Yokohama.  Now the same rule as route: a PRC-operated port within
    // the radius of either end stays open and is listed apart, not counted in P.
    auto& w = world();
    const auto all = deps_of("USTIW");
    REQUIRE(all.status == query::route_status::ok);
    REQUIRE(all.unavoidable.size() == 1);
    CHECK(all.unavoidable.front().first.name == "Seattle");
    CHECK(nm_from_m(all.unavoidable.front().second) == Approx(19.3).margin(0.5));
    CHECK(all.avoid_prc_routes > all.reachable / 2);
    CHECK(all.prc_share < 0.95);
    CHECK_THAT(query::deps_text({all}, false), Catch::Contains("not avoidable near the port") && Catch::Contains("Seattle (USSEA) US 19."));
    CHECK(nlohmann::json::parse(query::deps_json({all}))[0]["not_avoidable"][0]["name"] == "Seattle");
    const auto csv = split(query::deps_csv({all}), '\n');
    REQUIRE(csv.size() >= 2);
    CHECK(csv[0].substr(csv[0].rfind(',') + 1) == "not_avoidable");
    CHECK(csv[1].substr(csv[1].rfind(',') + 1) == "USSEA");
    // destination by destination, deps' cut-off is route --avoid-prc's no_route: Kotka lies behind Muuga
    // (Tallinn, PRC-operated) in the Gulf of Finland; Yokohama and Rotterdam (Antwerp and Vlissingen within
    // its radius, spared as route spares them) have a way round
    for (const char* to : {"FIKTK", "JPYOK", "NLRTM"}) {
        INFO(to);
        const auto d = deps_of("USTIW", to);
        REQUIRE(d.reachable == 1);
        const auto r = query::run_route(avoid_prc_route("USTIW", to), *w.router, w.catalog.get());
        CHECK(d.avoid_prc_cut_off == (r.status == query::route_status::no_route ? 1u : 0u));
        CHECK(d.avoid_prc_cut_off == (std::string(to) == "FIKTK" ? 1u : 0u));
    }
}

TEST_CASE("cli: matrix port sets keep the order given; a bad @FILE member names the file and line (exit 1)", "[routing][cli]") {
    std::string out, err;
    // Piraeus before Long Beach, Singapore before Rotterdam, as typed (before: sorted by catalog index)
    int rc = run_cli({"matrix", "--from", "GRPIR;USLGB;Piraeus", "--to", "SGSIN;NLRTM"}, out, err);
    INFO(err);
    REQUIRE(rc == 0);
    std::istringstream rows(out);
    std::vector<std::string> lines;
    for (std::string l; std::getline(rows, l);) lines.push_back(l);
    REQUIRE(lines.size() == 5); // header + 2 x 2 (Piraeus given twice counts once)
    CHECK_THAT(lines[1], Catch::StartsWith("wpi:42230,Piraeus,wpi:50000,Singapore,"));
    CHECK_THAT(lines[2], Catch::StartsWith("wpi:42230,Piraeus,wpi:31140,Rotterdam,"));
    CHECK_THAT(lines[3], Catch::StartsWith("wpi:16070,Long Beach,wpi:50000,"));
    // an @FILE is data: its unknown member is reported at its line, exit 1
    const fs::path set = world().out / "set-bad.txt";
    write_file_atomic(set, "# my ports\nGRPIR\n\nXXXXX\nUSLGB\n");
    rc = run_cli({"matrix", "--from", "@" + set.string(), "--to", "NLRTM"}, out, err);
    CHECK(rc == 1);
    CHECK_THAT(err, Catch::Contains(set.string() + ":4: port set member: no port matches 'XXXXX'"));
    rc = run_cli({"matrix", "--from", "@" + (world().out / "no-such-set.txt").string(), "--to", "NLRTM"}, out, err);
    CHECK(rc == 1);
    CHECK_THAT(err, Catch::Contains("no-such-set.txt: cannot read the port set file"));
    // a listed member stays a usage error
    CHECK(run_cli({"matrix", "--from", "GRPIR;XXXXX", "--to", "NLRTM"}, out, err) == 2);
}

TEST_CASE("real route: a port to itself is 0 nm with a warning (before: twice its snap, 3.5 nm for Piraeus)", "[golden][routing]") {
    auto& w = world();
    query::route_params p;
    p.from = "Piraeus";
    p.to = "GRPIR";
    const auto r = query::run_route(p, *w.router, w.catalog.get());
    REQUIRE(r.status == query::route_status::ok);
    CHECK(r.total_m == 0.0);
    CHECK(r.graph_m == 0.0);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings.front(), Catch::Contains("same place"));
    CHECK_THAT(query::route_text(r), Catch::Contains("distance: 0.0 nm (the same place)"));
    // a route between two places stays a route
    p.to = "NLRTM";
    const auto r2 = query::run_route(p, *w.router, w.catalog.get());
    CHECK(nm_from_m(r2.total_m) == Approx(2840).epsilon(0.02));
    CHECK(r2.warnings.empty());
}

TEST_CASE("real matrix: a port to itself is 0 nm, with and without the gates (before: twice its snap, 3.5 nm for Piraeus)", "[golden][routing]") {
    auto& w = world();
    query::matrix_params p;
    p.from_set = "GRPIR;USLGB;NLRTM";
    p.to_set = "NLRTM;GRPIR";
    for (const bool gates : {false, true}) {
        p.with_gates = gates;
        const auto m = query::run_matrix(p, *w.router, *w.catalog, *w.snaps);
        REQUIRE(m.distance_m.size() == 6);
        CHECK(m.distance_m[0 * 2 + 1] == 0.0); // Piraeus -> Piraeus
        CHECK(m.distance_m[2 * 2 + 0] == 0.0); // Rotterdam -> Rotterdam
        CHECK(nm_from_m(m.distance_m[0 * 2 + 0]) == Approx(2840).epsilon(0.02)); // Piraeus -> Rotterdam as before
        CHECK(m.distance_m[1 * 2 + 0] > 0);
    }
}

TEST_CASE("cli: near, matrix and deps on the real data", "[golden][routing][cli]") {
    std::string out, err;
    int rc = run_cli({"near", "USLGB", "-k", "3", "--json"}, out, err);
    INFO(err);
    REQUIRE(rc == 0);
    auto j = nlohmann::json::parse(out);
    REQUIRE(j["items"].size() == 3);
    for (const auto& it : j["items"]) CHECK(it["sea_nm"].get<double>() >= it["geodesic_nm"].get<double>() - 0.01);
    rc = run_cli({"near", "USLGB", "--radius", "30nm", "--by", "geodesic", "--layer", "terminals"}, out, err);
    REQUIRE(rc == 0);
    CHECK_THAT(out, Catch::Contains("prc-operated"));
    // a port complex answers with its main member, and the command says so on stderr (route, near, deps)
    rc = run_cli({"near", "Hampton Roads", "-k", "1", "--json"}, out, err, false);
    REQUIRE(rc == 0);
    CHECK_THAT(err, Catch::Contains("Hampton Roads is a port complex") && Catch::Contains("using its main member Norfolk"));
    rc = run_cli({"route", "Shenzhen", "Singapore"}, out, err, false);
    REQUIRE(rc == 0);
    CHECK_THAT(err, Catch::Contains("Shenzhen is a port complex") && Catch::Contains("Singapore is a port complex"));
    CHECK_THAT(out, Catch::Contains("Yantian"));

    const fs::path csv = world().out / "m.csv";
    rc = run_cli({"matrix", "--from", "strategic", "--to", "USLAX;NLRTM", "-o", csv.string(), "--overwrite"}, out, err);
    REQUIRE(rc == 0);
    std::istringstream in(read_file(csv));
    std::string line;
    std::getline(in, line);
    CHECK(line == "from_id,from_name,to_id,to_name,distance_nm,distance_km,status");
    std::size_t rows = 0;
    while (std::getline(in, line)) ++rows;
    CHECK(rows == 2 * query::resolve_port_set("strategic", *world().catalog).size());

    rc = run_cli({"deps", "--all-strategic", "--json"}, out, err);
    REQUIRE(rc == 0);
    j = nlohmann::json::parse(out);
    // every Strategic Seaport by its own name: placed, or listed with the reason it cannot be
    const auto seaports = layers::read_vector_file(world().out / "harbormap.gpkg", {"strategic_seaports"}).front().features.size();
    CHECK(j.size() == seaports);
    std::size_t placed = 0;
    for (const auto& d : j) {
        INFO(d["input"]);
        CHECK(!d["seaport"].get<std::string>().empty());
        if (d["status"] != "ok") {
            CHECK(d["status"] == "port_not_found");
            CHECK_THAT(d["message"].get<std::string>(), Catch::Contains("no port match") || Catch::Contains("cannot be placed"));
            continue;
        }
        ++placed;
        CHECK(d["exposure"].get<double>() >= 0);
        CHECK(d["exposure"].get<double>() <= 100);
        CHECK(!d["nearest_prc"].empty());
        for (const char* c : {"C", "P", "N", "Z"}) CHECK(d["exposure_components"][c].get<double>() >= 0);
    }
    CHECK(placed + 2 >= seaports);
    rc = run_cli({"deps", "--all-strategic", "--format", "csv"}, out, err);
    REQUIRE(rc == 0);
    CHECK(std::count(out.begin(), out.end(), '\n') == static_cast<long>(seaports + 1));
    CHECK_THAT(out, Catch::StartsWith("input,seaport,port,status,message,destinations,reachable,exposure,C,"));
    rc = run_cli({"deps", "Nowhere Harbour Zzz"}, out, err);
    CHECK(rc == 1);
    CHECK_THAT(out, Catch::Contains("port_not_found"));
    rc = run_cli({"deps"}, out, err);
    CHECK(rc == 2);
}

TEST_CASE("cli: --format and -o on route, near, matrix, deps; the route GeoJSON is lines, ports apart", "[golden][routing][cli]") {
    std::string out, err;
    const fs::path dir = world().out / "formats";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto line_file = (dir / "route.geojson").string(), ports_file = (dir / "ports.geojson").string();
    int rc = run_cli({"route", "USLGB", "NLRTM", "--format", "geojson", "-o", line_file, "--with-ports", ports_file}, out, err);
    INFO(err);
    REQUIRE(rc == 0);
    CHECK(out.empty());
    const auto lines = nlohmann::json::parse(read_file(line_file));
    REQUIRE(lines["features"].size() == 1); // one geometry type per file: ogr2ogr to a Shapefile works
    CHECK(lines["features"][0]["geometry"]["type"] == "MultiLineString");
    CHECK(lines["features"][0]["properties"]["refined"] == true);
    const auto ports = nlohmann::json::parse(read_file(ports_file));
    REQUIRE(ports["features"].size() >= 2);
    for (const auto& f : ports["features"]) CHECK(f["geometry"]["type"] == "Point");
    // an existing -o file is refused (usage error) unless --overwrite
    rc = run_cli({"route", "USLGB", "NLRTM", "--geojson", "-o", line_file}, out, err);
    CHECK(rc == 2);
    CHECK_THAT(err, Catch::Contains("--overwrite"));
    rc = run_cli({"route", "USLGB", "NLRTM", "--format", "json", "-o", line_file, "--overwrite"}, out, err);
    CHECK(rc == 0);
    CHECK(nlohmann::json::parse(read_file(line_file))["status"] == "ok");
    // the aliases agree with --format or are refused
    CHECK(run_cli({"route", "USLGB", "NLRTM", "--json", "--format", "text"}, out, err) == 2);
    CHECK(run_cli({"route", "USLGB", "NLRTM", "--with-ports", ports_file}, out, err) == 2);
    CHECK(run_cli({"route", "USLGB", "NLRTM", "--format", "csv"}, out, err) == 2); // not offered by route
    rc = run_cli({"near", "USLGB", "-k", "2", "--format", "csv"}, out, err);
    REQUIRE(rc == 0);
    CHECK_THAT(out, Catch::StartsWith("rank,id,name,country,notes,lon,lat,geodesic_nm,sea_nm\n1,"));
    rc = run_cli({"near", "USLGB", "-k", "2", "--format", "geojson"}, out, err);
    REQUIRE(rc == 0);
    CHECK(nlohmann::json::parse(out)["features"].size() == 2);
    rc = run_cli({"matrix", "--from", "USLGB;NLRTM", "--to", "USLAX", "--format", "json"}, out, err);
    REQUIRE(rc == 0);
    const auto m = nlohmann::json::parse(out);
    CHECK(m["distance_nm"].size() == 2);
    CHECK(m["distance_nm"][0].size() == 1);
    rc = run_cli({"deps", "USLGB", "--format", "json", "-o", (dir / "deps.json").string()}, out, err);
    REQUIRE(rc == 0);
    CHECK(nlohmann::json::parse(read_file(dir / "deps.json"))[0]["status"] == "ok");
}
