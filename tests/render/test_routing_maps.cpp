// The report and the route preset with the routing engine: the seaport table's gates, exposure scores
// and nearest PRC-operated port by sea come from the sea graph; `render --preset route --from --to`
// computes and draws the route with its gates and the PRC-operated ports along it.  The sea graph is
// built from the shipped lanes once per run (under ctest: the shared build's); the footprint is the small fixture.
#include "engine/cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/products/report.hpp"
#include "tests/render/fixture.hpp"
#include "tests/shipped_out.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

using test::count;

// dir with the fixture footprint and a sea graph built from the shipped data (graph built once).
fs::path routed_fixture(const std::string& name) {
    static fs::path graph;
    if (graph.empty()) {
        const auto gdir = test::temp_dir("sea-graph");
        std::ostringstream log;
        products::build_paths bp{test::source_dir() / "data", test::source_dir() / "layers" / "mappings", gdir, log, false, true};
        // the ctest fixture's build when there is one (tests/shipped_out.hpp), else the graph step here
        if (!test::copy_shipped_out(gdir)) products::build_graph_step(bp);
        graph = bp.graph();
    }
    const auto dir = test::temp_dir(name);
    test::write_fixture_gpkg(dir);
    fs::copy_file(graph, dir / "seagraph.hmg");
    return dir;
}

const products::seaport_row& row(const products::report_data& d, const std::string& name) {
    for (const auto& r : d.seaports)
        if (r.name == name) return r;
    FAIL("no seaport row " << name);
    throw std::logic_error("unreachable");
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

int run_cli(const std::vector<std::string>& args, std::string& err) {
    std::ostringstream o, e;
    std::vector<std::string> all = {"--data", (test::source_dir() / "data").string(), "--mappings",
                                    (test::source_dir() / "layers" / "mappings").string()};
    all.insert(all.end(), args.begin(), args.end());
    const int rc = harbormap::cli::run(all, o, e);
    err = e.str();
    return rc;
}

} // namespace

TEST_CASE("report seaport table: gates, exposure and nearest PRC port by sea from the sea graph", "[golden]") {
    const auto dir = routed_fixture("report-routes");
    const auto fp = products::load_map_layers(dir / "harbormap.gpkg");
    auto d = products::compute_report(fp);
    // the fixture's destination set: every port (it has no harbour sizes)
    products::add_sea_routes(d, fp, dir / "seagraph.hmg", "all");
    REQUIRE(d.seaports.size() == 5);
    for (const auto& r : d.seaports) {
        INFO(r.name << ": " << r.gates << " / " << r.exposure);
        CHECK(r.exposure_score >= 0);
        CHECK(r.exposure_score <= 100);
        CHECK(r.exposure == format_fixed(r.exposure_score, 1));
        CHECK(r.gates.find("n/a") == std::string::npos);
        REQUIRE(r.nearest_sea_nm > 0);
        CHECK(r.nearest_sea_nm >= r.nearest_nm * 0.99); // by sea is never shorter than the geodesic
    }
    // Savannah's sea routes to the fixture's Mediterranean/Asian/European ports leave by Gibraltar; its nearest
    // PRC-operated port by sea is Kingston (Jamaica), as the geodesic one.
    const auto& sav = row(d, "Savannah");
    CHECK(has(sav.gate_ids, "gibraltar"));
    CHECK(sav.nearest_prc_sea == "Kingston (JM)");
    CHECK(sav.gates.find("gibraltar ") != std::string::npos);
    // Long Beach reaches the Atlantic ports through Panama; nothing on the west coast routes to Suez first
    const auto& lb = row(d, "Long Beach");
    CHECK(has(lb.gate_ids, "panama"));
    // the deps computation gives the same score
    {
        const query::port_catalog catalog(fp.ports);
        auto router = query::sea_router::open(dir / "seagraph.hmg", test::source_dir() / "data", test::source_dir() / "layers" / "mappings", std::cerr);
        query::port_snaps snaps(*router, catalog);
        query::deps_params dp;
        dp.to_set = "all";
        const auto prof = query::run_deps("wpi:16070", dp, *router, catalog, snaps);
        REQUIRE(prof.status == query::route_status::ok);
        CHECK(prof.exposure == Approx(lb.exposure_score).margin(1e-9));
    }

    // written out: the table carries them, the formula is linked and repeated
    const std::string md = products::report_markdown(d, {});
    const std::string html = products::report_html(d, {});
    CHECK(md.find("| Savannah | US | 6 | Kingston, 900 nm | Kingston (JM), ") != std::string::npos);
    CHECK(md.find("[exposure score](#exposure-score)") != std::string::npos);
    CHECK(md.find("<a id=\"exposure-score\"></a>Exposure score") != std::string::npos);
    CHECK(html.find("<a href=\"#exposure-score\">exposure score</a>") != std::string::npos);
    CHECK(html.find("id=\"exposure-score\"") != std::string::npos);
    CHECK(html.find(products::exposure_formula().substr(0, 40)) != std::string::npos);
    CHECK(html.find("n/a (routing not built)") == std::string::npos);
    const std::regex score_cell(R"(<td class="n exposure">[0-9]+\.[0-9]</td>)");
    CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), score_cell), std::sregex_iterator()) == 5);

    SECTION("a closed gate in the data changes the table") {
        // the same fixture without the Atlantic PRC port: Savannah's nearest by sea moves on
        const auto dir2 = test::temp_dir("report-routes-2");
        test::fixture_options o;
        o.piraeus_prc = false;
        test::write_fixture_gpkg(dir2, o);
        auto fp2 = products::load_map_layers(dir2 / "harbormap.gpkg");
        auto d2 = products::compute_report(fp2);
        products::add_sea_routes(d2, fp2, dir / "seagraph.hmg", "all");
        CHECK(row(d2, "Savannah").nearest_prc_sea == "Kingston (JM)");
        // Piraeus is no longer PRC-operated: no seaport's nearest PRC port by sea is Piraeus
        for (const auto& r : d2.seaports) CHECK(r.nearest_prc_sea.find("Piraievs") == std::string::npos);
    }
}

TEST_CASE("report without a sea graph says n/a and why", "[golden]") {
    const auto dir = test::temp_dir("report-nograph");
    test::write_fixture_gpkg(dir);
    products::report_params p;
    p.gpkg = dir / "harbormap.gpkg";
    p.data_dir = test::source_dir() / "data";
    p.out_dir = dir;
    p.maps = false;
    p.graph = dir / "seagraph.hmg"; // does not exist
    const std::string html = read_file(products::write_report(p) / "index.html");
    CHECK(html.find("n/a (no sea graph)") != std::string::npos);
    CHECK(html.find("seagraph.hmg not found; run &apos;harbormap graph build&apos; or &apos;harbormap build&apos;") != std::string::npos); // HTML-escaped
    CHECK(html.find("id=\"fig-prc-ports\">5<") != std::string::npos); // the rest of the report is there
    // `harbormap report` says so on stderr too (before: exit 0 and nothing said), also with -q
    std::string err;
    REQUIRE(run_cli({"--out", dir.string(), "-q", "report", "--no-maps"}, err) == 0);
    CHECK_THAT(err, Catch::Contains("warning: report: Routing columns n/a: " + (dir / "seagraph.hmg").string() + " not found"));
    // `build` writes the report into its staging directory: the texts name the graph where it would be in out/
    p.graph_shown = "out/seagraph.hmg";
    std::string told;
    p.warn = [&told](const std::string& why) { told = why; };
    const std::string md = read_file(products::write_report(p) / "report.md");
    CHECK_THAT(md, Catch::Contains("Routing columns n/a: out/seagraph.hmg not found") && !Catch::Contains((dir / "seagraph.hmg").string()));
    CHECK_THAT(told, Catch::StartsWith("Routing columns n/a: out/seagraph.hmg not found"));
    p.graph_shown.clear();
    p.warn = {};

    write_file_atomic(dir / "seagraph.hmg", "not a graph");
    const std::string html2 = read_file(products::write_report(p) / "index.html");
    CHECK(html2.find("n/a (sea graph unreadable)") != std::string::npos);
    CHECK(html2.find("Routing columns n/a: " + (dir / "seagraph.hmg").string()) != std::string::npos); // the reason, naming the file
}

TEST_CASE("write_report with a graph fills the table through the CLI", "[golden]") {
    const auto dir = routed_fixture("report-cli");
    std::string err;
    REQUIRE(run_cli({"--out", dir.string(), "-q", "report", "--no-maps", "--routes-to", "all"}, err) == 0);
    const std::string md = read_file(dir / "report" / "report.md");
    CHECK(md.find("n/a (") == std::string::npos);
    CHECK(md.find("| Long Beach | US | 14 | Chancay, 3,600 nm | ") != std::string::npos);
    CHECK(md.find("panama ") != std::string::npos);
    CHECK(md.find("Sea routes on the harbormap sea graph") != std::string::npos);
    // Shanghai is not in the fixture: no illustrative route, no error
    CHECK(md.find("Illustrative route") == std::string::npos);
}

TEST_CASE("render --preset route --from --to computes and draws the route", "[golden][cli]") {
    const auto dir = routed_fixture("route-engine");
    std::string err;
    const std::string out = dir.string();
    REQUIRE(run_cli({"--out", out, "-q", "render", (dir / "route.svg").string(), "--preset", "route", "--from", "Rotterdam", "--to",
                 "Hambantota", "--dpi", "100"},
                err) == 0);
    const std::string svg = read_file(dir / "route.svg");
    CHECK(count(svg, "id=\"layer-route\"") == 1);
    CHECK(count(svg, "id=\"layer-gates\"") == 1);
    CHECK(count(svg, "id=\"layer-endpoints\"") == 1);
    CHECK(count(svg, "id=\"layer-prc-ports\"") == 1);
    // the route line is a path in its layer
    const auto a = svg.find("id=\"layer-route\""), b = svg.find("</g>", a);
    CHECK(svg.substr(a, b - a).find("<path") != std::string::npos);
    // gates in path order in the subtitle, their labels on the map
    CHECK(count(svg, "via Strait of Dover &gt; Strait of Gibraltar &gt; Suez Canal &gt; Bab-el-Mandeb") == 1);
    for (const char* g : {">Suez Canal</text>", ">Bab-el-Mandeb</text>", ">Strait of Gibraltar</text>"}) CHECK(count(svg, g) == 1);
    CHECK(count(svg, "<title>Sea route: Rotterdam (wpi:47020) to Hambantota (wpi:49255)</title>") == 1);
    CHECK(count(svg, ">Chokepoint gate the route crosses (4)</text>") == 1);

    // closing Suez takes the Cape: a different route, the title says so
    REQUIRE(run_cli({"--out", out, "-q", "render", (dir / "route-cape.svg").string(), "--preset", "route", "--from", "Rotterdam", "--to",
                 "Hambantota", "--avoid", "suez", "--dpi", "100"},
                err) == 0);
    const std::string cape = read_file(dir / "route-cape.svg");
    CHECK(count(cape, "to Hambantota (wpi:49255) (Suez Canal closed)</text>") == 1);
    CHECK(count(cape, ">Cape of Good Hope (Cape Agulhas, 20E)</text>") == 1);
    CHECK(count(cape, ">Suez Canal</text>") == 0);

    // PNG and PDF from the same query
    REQUIRE(run_cli({"--out", out, "-q", "render", (dir / "route.png").string(), "--preset", "route", "--from", "Rotterdam", "--to",
                 "Hambantota", "--dpi", "100"},
                err) == 0);
    CHECK(test::png_size(dir / "route.png") == std::pair<int, int>{1169, 826});
    REQUIRE(run_cli({"--out", out, "-q", "render", (dir / "route.pdf").string(), "--preset", "route", "--from", "Rotterdam", "--to",
                 "Hambantota"},
                err) == 0);
    CHECK(read_file(dir / "route.pdf").rfind("%PDF-", 0) == 0);

    // the API: the PRC-operated ports drawn are the route engine's corridor, labels do not overlap
    products::render_params p;
    p.preset = "route";
    p.gpkg = dir / "harbormap.gpkg";
    p.data_dir = test::source_dir() / "data";
    p.graph = dir / "seagraph.hmg";
    p.output = dir / "route-lb.svg";
    p.from = "Long Beach";
    p.to = "Rotterdam";
    p.corridor_m = 300 * 1852.0;
    const auto fp = products::load_map_layers(p.gpkg);
    const auto overlay = products::route_overlay_from_engine(fp, p);
    CHECK(overlay.gates.size() >= 1);
    CHECK(overlay.gates.front().id == "panama");
    CHECK(overlay.gates.front().distance_m < 20000); // placed where the route crosses the gate line
    const auto r = products::render_preset(p);
    CHECK(r.labels.overlap_free());
    std::set<std::string> drawn;
    for (const auto& l : r.labels.placed)
        if (l.layer == "prc-ports") drawn.insert(l.key);
    for (const auto& q : overlay.prc_ports) CHECK((drawn.count(q.id) || has(r.labels.dropped, q.name)));

    SECTION("no-answer cases are clear errors") {
        CHECK(run_cli({"--out", out, "render", (dir / "x.svg").string(), "--preset", "route", "--from", "Atlantis", "--to", "Rotterdam"}, err) == 2);
        CHECK(err.find("Atlantis") != std::string::npos);
        CHECK(run_cli({"--out", out, "render", (dir / "x.svg").string(), "--preset", "route", "--from", "Rotterdam", "--to", "Hambantota",
                   "--avoid", "sues"},
                  err) == 2);
        CHECK(err.find("did you mean suez") != std::string::npos);
        CHECK(run_cli({"--out", out, "render", (dir / "x.svg").string(), "--preset", "route"}, err) == 2);
        CHECK(err.find("--from PORT --to PORT") != std::string::npos);
    }
}
