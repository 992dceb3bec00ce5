// The maps and the report on the REAL footprint: fused from the shipped data in the test (the build's
// fusion and graph steps into a temp dir), then `world` and `us-strategic` are rendered and their
// label placement is checked (no two labels overlap, all inside their panel, the key ports labelled),
// and the report's seaport table carries gates and exposure scores from the sea graph.
#include "engine/core/atomic_file.hpp"
#include "engine/core/text.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/products/coa/coa_inputs.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/report/sections.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/products/report.hpp"
#include "engine/products/sources.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/render/geoprep.hpp"
#include "layers/reader.hpp"
#include "tests/render/fixture.hpp"
#include "tests/shipped_out.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

// out dir with harbormap.gpkg and seagraph.hmg built from data/ (once per run; under ctest the shared build's)
const fs::path& real_out() {
    static fs::path dir;
    if (dir.empty()) {
        dir = test::temp_dir("real");
        if (test::copy_shipped_out(dir)) return dir; // the ctest fixture's build (tests/shipped_out.hpp)
        std::ostringstream log;
        products::build_paths bp{test::source_dir() / "data", test::source_dir() / "layers" / "mappings", dir, log, false, true};
        products::build_fusion_step(bp);
        products::build_graph_step(bp);
    }
    return dir;
}

products::render_params params(const std::string& preset, const std::string& file) {
    products::render_params p;
    p.preset = preset;
    p.gpkg = real_out() / "harbormap.gpkg";
    p.data_dir = test::source_dir() / "data";
    p.output = real_out() / file;
    p.dpi = 100;
    return p;
}

// The checks on a placement, independent of label_placement::overlap_free().
void check_placement(const render::label_placement& lp, const render::map_document& doc) {
    const auto& placed = lp.placed;
    for (std::size_t i = 0; i < placed.size(); ++i) {
        INFO("label '" << placed[i].text << "' (" << placed[i].layer << ")");
        CHECK(placed[i].box.w > 0);
        CHECK(placed[i].box.h > 0);
        // inside its panel
        REQUIRE(placed[i].panel >= 0);
        REQUIRE(static_cast<std::size_t>(placed[i].panel) < doc.panels.size());
        CHECK(doc.panels[static_cast<std::size_t>(placed[i].panel)].area.contains(placed[i].box));
        for (std::size_t j = i + 1; j < placed.size(); ++j) {
            if (!placed[i].box.intersects(placed[j].box)) continue;
            FAIL_CHECK("label '" << placed[i].text << "' overlaps '" << placed[j].text << "'");
        }
    }
    CHECK(lp.overlap_free());
}

bool labelled(const render::label_placement& lp, const std::string& layer, const std::string& text) {
    for (const auto& l : lp.placed)
        if (l.layer == layer && l.text.rfind(text, 0) == 0) return true;
    return false;
}

} // namespace

TEST_CASE("world map of the real footprint: labels do not overlap", "[golden]") {
    auto p = params("world", "world.svg");
    const auto fp = products::load_map_layers(p.gpkg);
    REQUIRE(fp.ports.features.size() > 3000);
    const auto doc = products::world_map(fp, products::load_basemap(p.data_dir), p);
    std::size_t prc = 0;
    for (const auto& l : doc.panels[0].layers)
        if (l.id == "prc-terminals") prc = l.items.size();
    REQUIRE(prc > 50); // the real footprint, not a fixture

    for (const char* file : {"world.svg", "world.png"}) {
        p.output = real_out() / file;
        const auto r = products::render_preset(p);
        check_placement(r.labels, doc);
        // a crowded map: many labels placed, many dropped for space rather than overlapped
        CHECK(r.labels.placed.size() >= 20);
        CHECK(r.labels.placed.size() + r.labels.dropped.size() >= prc);
        CHECK(labelled(r.labels, "prc-terminals", "Piraeus")); // the display name (WPI main name: Piraievs)
    }
}

TEST_CASE("us-strategic map of the real footprint: labels do not overlap", "[golden]") {
    auto p = params("us-strategic", "us.svg");
    const auto fp = products::load_map_layers(p.gpkg);
    REQUIRE(fp.strategic.features.size() >= 20);
    const auto doc = products::us_strategic_map(fp, products::load_basemap(p.data_dir), p);
    REQUIRE(doc.panels.size() == 3); // main + Alaska, Guam (Hawaii has nothing of the map: left out)
    for (const char* file : {"us.svg", "us.png", "us.pdf"}) {
        p.output = real_out() / file;
        const auto r = products::render_preset(p);
        check_placement(r.labels, doc);
        std::size_t strategic = 0;
        for (const auto& l : r.labels.placed) strategic += l.layer == "strategic-seaports" ? 1 : 0;
        CHECK(strategic >= 15); // most of the 23 seaports are named
        for (const char* name : {"Long Beach", "Norfolk", "Tacoma", "Savannah"}) {
            INFO(name);
            CHECK(labelled(r.labels, "strategic-seaports", name));
        }
    }
    // on A3 at 300 dpi as well (print)
    p.paper = "a3";
    p.dpi = 300;
    p.output = real_out() / "us-a3.pdf";
    const auto doc3 = products::us_strategic_map(fp, products::load_basemap(p.data_dir), p);
    check_placement(products::render_preset(p).labels, doc3);
}

namespace {

// Sums "N port(s) (M row(s))" over the legend lines of one layer: {ports, rows}.
std::pair<std::size_t, std::size_t> legend_counts(const render::render_result& r, const std::string& layer) {
    std::size_t ports = 0, rows = 0;
    for (const auto& e : r.legend) {
        if (e.layer != layer) continue;
        const auto colon = e.text.rfind(": ");
        REQUIRE(colon != std::string::npos);
        std::istringstream in(e.text.substr(colon + 2));
        std::size_t n = 0, m = 0;
        std::string word, paren;
        in >> n >> word >> paren;
        m = std::stoul(paren.substr(1));
        ports += n;
        rows += m;
    }
    return {ports, rows};
}

std::size_t lines_with(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) n += line.find(needle) != std::string::npos ? 1 : 0;
    return n;
}

std::size_t csv_rows(const char* file) {
    return layers::read_vector_file(test::source_dir() / "data" / "curated" / file).at(0).features.size();
}

} // namespace

TEST_CASE("equipment map of the real footprint: legend counts equal the CSV rows, symbols only at ports", "[golden]") {
    auto p = params("equipment", "equipment.svg");
    const auto fp = products::load_map_layers(p.gpkg);
    const auto doc = products::equipment_map(fp, products::load_basemap(p.data_dir), p);
    std::ostringstream log; // the unplaced rows of one render
    p.log = &log;
    const auto r = products::render_preset(p);
    check_placement(r.labels, doc);
    // every ZPMC row (abroad and at US ports) and every equipment row is on the map or reported
    const auto [crane_ports, crane_rows] = legend_counts(r, "zpmc-cranes");
    CHECK(crane_rows + lines_with(log.str(), "cranes row not on the map") == csv_rows("zpmc_international.csv") + csv_rows("zpmc_us_ports.csv"));
    const auto [equipment_ports, equipment_rows] = legend_counts(r, "prc-equipment");
    CHECK(equipment_rows + lines_with(log.str(), "prc_equipment row not on the map") == csv_rows("other_prc_equipment.csv"));
    CHECK(crane_ports >= 40);
    CHECK(equipment_ports >= 15);
    // a symbol sits at its port entity's position, or at the coordinates of the row (no port took it)
    std::map<std::string, lon_lat> port_pos, row_pos;
    for (const auto& f : fp.ports.features) port_pos[f.text("port_id")] = f.geom.points.at(0);
    for (const auto* l : {&fp.cranes, &fp.equipment})
        for (const auto& f : l->features)
            if (!f.geom.empty() && f.text("port_id").empty()) row_pos["row:" + f.text(l == &fp.cranes ? "row_id" : "record_id")] = f.geom.points.at(0);
    std::size_t symbols = 0;
    for (const auto& layer : doc.panels[0].layers)
        for (const auto& it : layer.items) {
            INFO(layer.id << " " << it.key);
            const auto& pos = it.key.rfind("row:", 0) == 0 ? row_pos : port_pos;
            REQUIRE(pos.count(it.key));
            CHECK(it.geom.points.at(0).lon == pos.at(it.key).lon);
            CHECK(it.geom.points.at(0).lat == pos.at(it.key).lat);
            ++symbols;
        }
    CHECK(symbols == crane_ports + equipment_ports);
    p.output = real_out() / "equipment.png";
    check_placement(products::render_preset(p).labels, doc);
}

TEST_CASE("world --cranes on the real footprint: every zpmc_international row placed at a port or reported", "[golden]") {
    auto p = params("world", "world-cranes.svg");
    p.cranes = true;
    std::ostringstream log;
    p.log = &log;
    const auto r = products::render_preset(p);
    const auto [ports, rows] = legend_counts(r, "zpmc-cranes");
    CHECK(rows + lines_with(log.str(), "cranes row not on the map") == csv_rows("zpmc_international.csv"));
    CHECK(ports >= 35);
    p.output = real_out() / "world-cranes.png";
    products::render_preset(p);
}

TEST_CASE("report on the real footprint: seaport table with gates and exposure from the sea graph", "[golden]") {
    products::report_params rp;
    rp.gpkg = real_out() / "harbormap.gpkg";
    rp.data_dir = test::source_dir() / "data";
    rp.out_dir = real_out();
    rp.graph = real_out() / "seagraph.hmg";
    rp.maps = false;
    const auto dir = products::write_report(rp);
    const std::string md = read_file(dir / "report.md");
    const auto line_of = [&](const std::string& name) {
        const auto a = md.find("\n| " + name);
        REQUIRE(a != std::string::npos);
        return md.substr(a + 1, md.find('\n', a + 1) - a - 1);
    };
    for (const char* name : {"Long Beach", "Norfolk", "Tacoma", "Savannah", "Charleston"}) {
        const auto cells = split(line_of(name), '|');
        INFO(line_of(name));
        REQUIRE(cells.size() == 10); // leading/trailing empty + 8 columns
        const std::string sea = trim(cells[5]), gates = trim(cells[6]), exposure = trim(cells[7]);
        CHECK(sea.find(" nm") != std::string::npos);
        CHECK(gates.find("n/a") == std::string::npos);
        CHECK(gates.find("% (") != std::string::npos); // "panama 68% (+82% if closed)"
        const auto score = parse_double(exposure);
        REQUIRE(score);
        CHECK(*score >= 0);
        CHECK(*score <= 100);
    }
    // the exposure column is deps --all-strategic's: the crane term takes the seaport's own ZPMC count where it is
    // larger than its port's (Norfolk (Hampton Roads) 22, its port entity 6: the report said 52.6, deps 66.6)
    {
        query::sea_router router(routing::read_graph_file(rp.graph));
        const query::port_catalog catalog(products::load_map_layers(rp.gpkg).ports);
        query::port_snaps snaps(router, catalog);
        query::deps_params dp;
        dp.to_set = "large";
        dp.nearest_prc = 1;
        std::size_t compared = 0;
        for (const auto& d : query::run_deps_strategic(rp.gpkg, dp, router, catalog, snaps)) {
            if (d.status != query::route_status::ok) continue;
            const std::string name = d.title.substr(0, d.title.rfind(" ("));
            INFO(d.title);
            CHECK(trim(split(line_of(name), '|')[7]) == format_fixed(d.exposure, 1));
            ++compared;
        }
        CHECK(compared >= 20);
    }
    // the west coast leaves through Panama, the east coast through Gibraltar (as listed first)
    CHECK(trim(split(line_of("Long Beach"), '|')[6]).rfind("panama ", 0) == 0);
    CHECK(trim(split(line_of("Norfolk"), '|')[6]).rfind("gibraltar ", 0) == 0);
    CHECK(md.find("Exposure score") != std::string::npos);
    // the illustrative route: Suez closed is longer and does not cross Suez
    const auto a = md.find("| Suez open | "), b = md.find("| Suez closed | ");
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    const auto open_cells = split(md.substr(a, md.find('\n', a) - a), '|');
    const auto closed_cells = split(md.substr(b, md.find('\n', b) - b), '|');
    auto nm = [](std::string s) {
        s.erase(std::remove(s.begin(), s.end(), ','), s.end());
        return parse_double(trim(s.substr(0, s.find(" nm")))).value_or(-1);
    };
    CHECK(nm(open_cells[2]) > 9000);
    CHECK(nm(closed_cells[2]) > nm(open_cells[2]));
    CHECK(open_cells[3].find("Suez Canal") != std::string::npos);
    CHECK(closed_cells[3].find("Suez Canal") == std::string::npos);
    // each PRC-operated port along the route once; the two Singapore entities by their codes (the list read
    // "..., Singapore, Vlissingen, Singapore, ..." before)
    for (const auto& cells : {open_cells, closed_cells}) {
        std::vector<std::string> names;
        for (const auto& n : split(cells[4], ',')) names.push_back(trim(n));
        INFO(cells[4]);
        CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
    }
    CHECK(open_cells[4].find("Singapore (SGKEP)") != std::string::npos);
    CHECK(open_cells[4].find("Singapore (SGJUR)") != std::string::npos);
    // the real report (with the route example table, which had a stray </table>) is well-formed HTML
    CHECK(test::check_html(dir / "index.html") == 0);
    CHECK(read_file(dir / "index.html").find("<table") != std::string::npos);
}

TEST_CASE("report on the real footprint: the PRC-operated ports by group add up to the headline", "[golden]") {
    const auto gpkg = real_out() / "harbormap.gpkg";
    const auto d = products::compute_report(products::load_map_layers(gpkg));
    const auto ev = products::compute_evidence(products::load_evidence_layers(gpkg));
    REQUIRE(ev.find("ev-prc-active-ports"));
    // before: the groups counted port entities (88) under the headline's 92 ports by curated name
    long long ports = 0;
    for (const auto& [group, v] : d.by_group) {
        INFO(group);
        CHECK(v.first > 0);
        CHECK(v.second <= v.first);
        CHECK(v.second <= ev.find("ev-prc-active-countries")->value);
        ports += v.first;
    }
    CHECK(ports == ev.find("ev-prc-active-ports")->value);
}

TEST_CASE("maps of an as-of footprint say the year (they read as the present footprint)", "[golden]") {
    const auto dir = test::temp_dir("as-of-map");
    products::write_as_of_gpkg(test::source_dir() / "data", test::source_dir() / "layers" / "mappings", 2010, dir / "harbormap.gpkg");
    const auto past = products::load_map_layers(dir / "harbormap.gpkg");
    REQUIRE(past.as_of);
    CHECK(*past.as_of == 2010);
    const auto present = products::load_map_layers(real_out() / "harbormap.gpkg");
    CHECK_FALSE(present.as_of);
    const auto basemap = products::load_basemap(test::source_dir() / "data");
    for (const char* preset : {"world", "us-strategic", "equipment"}) {
        INFO(preset);
        auto p = params(preset, std::string(preset) + ".svg");
        CHECK_THAT(products::preset_document(p, past, basemap).subtitle, Catch::StartsWith("As of 2010: "));
        CHECK(products::preset_document(p, present, basemap).subtitle.find("As of") == std::string::npos);
    }
    // us-strategic insets: each link that starts in an inset ends at a PRC-operated port drawn in it, even one the
    // main map shows too (as of 2010 Anchorage's nearest is Seattle: the line ran off the Alaska inset to nothing)
    for (const auto* fp : {&past, &present}) {
        const auto doc = products::preset_document(params("us-strategic", "us.svg"), *fp, basemap);
        std::size_t links = 0;
        for (std::size_t i = 1; i < doc.panels.size(); ++i) {
            const auto& pn = doc.panels[i];
            const render::map_layer* lk = nullptr;
            const render::map_layer* prc = nullptr;
            for (const auto& l : pn.layers) {
                if (l.id == "nearest-links") lk = &l;
                if (l.id == "prc-ports") prc = &l;
            }
            REQUIRE(lk);
            REQUIRE(prc);
            for (const auto& it : lk->items) {
                INFO(pn.id << " " << it.key);
                if (!pn.extent.contains(it.geom.lines.front().front())) continue; // another inset's link
                const lon_lat end = it.geom.lines.back().back();
                ++links;
                CHECK(std::any_of(prc->items.begin(), prc->items.end(), [&](const render::map_item& q) {
                    return !q.geom.points.empty() && std::abs(q.geom.points.front().lon - end.lon) < 1e-9 &&
                           std::abs(q.geom.points.front().lat - end.lat) < 1e-9 && !q.label.empty();
                }));
            }
        }
        CHECK(links >= 2); // Anchorage, Guam
    }
}

TEST_CASE("route map across the Pacific: the basemap has no seam (Russia whole, no strip over the map)", "[golden]") {
    // Shanghai to Rotterdam with Suez closed goes by Panama: every longitude is on the map, centred on
    // the Pacific, so the projection's seam runs through Russia.  The land used to be cut at a latitude
    // (a straight edge across Russia, the Arctic coast as a strip over the whole width).
    auto p = params("route", "route-suez-closed.png");
    p.from = "Shanghai";
    p.to = "Rotterdam";
    p.avoid = {"suez"};
    p.graph = real_out() / "seagraph.hmg";
    products::render_preset(p);
    const auto fp = products::load_map_layers(p.gpkg);
    const auto basemap = products::load_basemap(p.data_dir);
    const auto doc = products::route_map(fp, basemap, p);
    const auto& pn = doc.panels[0];
    const auto f = render::make_frame(pn);
    // no ring of the loaded basemap jumps across the antimeridian (an edge from ~180 to ~-180 runs across
    // the whole world in the lon/lat plane: on this map, a strip of land over the Pacific) -- but the ring of
    // Antarctica, which circles the pole: its jump is the cut of the map's edge
    std::size_t jumps = 0;
    for (const auto& poly : basemap)
        for (const auto& ring : poly.rings) {
            bool polar = false;
            for (const auto& q : ring) polar = polar || q.lat < -60;
            for (std::size_t i = 1; i < ring.size(); ++i) jumps += !polar && std::abs(ring[i].lon - ring[i - 1].lon) > 180;
        }
    CHECK(jumps == 0);
    // no projected land piece spans (nearly) the whole map width; north of Antarctica (which circles the
    // pole, so it spans the width) none spans half of it (Russia, the widest, is ~0.42)
    const render::geo_projector gp(f);
    for (const auto& poly : basemap) {
        double max_lat = -90;
        for (const auto& q : poly.rings.front()) max_lat = std::max(max_lat, q.lat);
        for (const auto& shape : gp.polygons({poly})) {
            double x0 = 1e300, x1 = -1e300;
            for (const auto& q : shape.front()) x0 = std::min(x0, q.x), x1 = std::max(x1, q.x);
            CHECK(x1 - x0 < (max_lat > -60 ? 0.5 : 0.8) * pn.area.w);
        }
    }
    // pixel probes: land in Siberia and on the Arctic coast (Taymyr, Yakutia), sea in the Arctic Ocean
    const double s = p.dpi / 72.0;
    const auto probe = [&](lon_lat at) {
        auto q = f.to_page(at);
        REQUIRE(q);
        REQUIRE(pn.area.contains(q->x, q->y));
        return test::png_pixel(p.output, static_cast<int>(q->x * s), static_cast<int>(q->y * s));
    };
    const auto land = doc.colours.land;
    const auto is_land = [&](const test::rgb& c) {
        return std::abs(c.r - static_cast<int>(land.r * 255)) < 6 && std::abs(c.g - static_cast<int>(land.g * 255)) < 6 &&
               std::abs(c.b - static_cast<int>(land.b * 255)) < 6;
    };
    for (const lon_lat at : {lon_lat{95, 62}, lon_lat{101, 74.5}, lon_lat{115, 70}}) {
        INFO("land probe at " << at.lon << "," << at.lat);
        CHECK(is_land(probe(at)));
    }
    for (const lon_lat at : {lon_lat{-150, 74}, lon_lat{150, 77}, lon_lat{0, 80}}) {
        INFO("sea probe at " << at.lon << "," << at.lat);
        CHECK_FALSE(is_land(probe(at)));
    }
}

TEST_CASE("report on the real footprint: courses of action, cost and time, as harbormap coa computes them", "[golden]") {
    products::report_params rp;
    rp.gpkg = real_out() / "harbormap.gpkg";
    rp.data_dir = test::source_dir() / "data";
    rp.mappings_dir = test::source_dir() / "layers" / "mappings";
    rp.out_dir = real_out();
    rp.maps = true; // the chart only: add_courses_of_action draws no map
    products::report_data d;
    const auto maps = test::temp_dir("coa-maps");
    products::add_courses_of_action(d, rp, maps);
    REQUIRE(d.coa);
    // the same figures as the coa command's own computation (default assumptions, every Strategic Seaport)
    const auto in = products::coa::load_inputs(rp.gpkg, rp.data_dir, rp.mappings_dir);
    const auto direct = products::coa::compute(in.facts, products::coa::strategic_ports(in), {});
    REQUIRE(d.coa->ports.size() == direct.ports.size());
    CHECK(d.coa->ports.size() >= 5);
    CHECK(products::coa::format_text(*d.coa) == products::coa::format_text(direct));
    // `coa --port "Long Beach"` counts N as the seaport table does (high/medium rows): 20 ZPMC STS, not the
    // ports layer's 22 (which adds the two low-confidence LBCT cranes); before, --port said 22 and priced them
    bool long_beach = false;
    for (const auto& f : in.ports.features) {
        if (f.text("port_id") != "wpi:16070") continue;
        long_beach = true;
        CHECK(f.integer("zpmc_sts_count") == 22);
        CHECK(products::coa::port_entry(in, f).zpmc_sts == 20);
        for (const auto& s : direct.ports)
            if (s.port.port_id == "wpi:16070") CHECK(s.port.zpmc_sts == 20);
    }
    CHECK(long_beach);
    // `coa --port "Hampton Roads"` resolves to Norfolk and prices its own rows' 6 cranes; the Strategic
    // Seaport row counts 22 for the complex, and the note says so (before: nothing said it)
    for (const auto& f : in.ports.features) {
        if (f.text("port_id") != "wpi:8280") continue;
        const auto e = products::coa::port_entry(in, f);
        CHECK(e.zpmc_sts == 6);
        CHECK_THAT(products::coa::seaport_count_note(in, f, e), Catch::Contains("6 ZPMC STS cranes") && Catch::Contains("'Norfolk (Hampton Roads)' counts 22"));
    }
    for (const auto& f : in.ports.features)
        if (f.text("port_id") == "wpi:16070") CHECK(products::coa::seaport_count_note(in, f, products::coa::port_entry(in, f)).empty());
    // the chart: one remove and one secure bar per seaport with ZPMC cranes counted
    CHECK(d.coa_chart == "../maps/coa-costs.png");
    const std::string svg = read_file(maps / "coa-costs.svg");
    for (const auto& p : direct.ports) {
        if (p.port.zpmc_sts == 0) continue;
        INFO(p.port.name);
        CHECK(svg.find(p.port.name + " (" + std::to_string(p.port.zpmc_sts) + ")") != std::string::npos);
    }
    // the section: one table row per seaport with its remove cost, the total, the assumptions with fact ids,
    // what is not known, and every cited fact with its own source URL
    const auto doc = products::report::build_document({d, {}, nullptr, rp.data_dir});
    const std::string md = products::report::to_markdown(doc);
    const auto at = md.find("## <a id=\"coa-costs\"></a>Courses of action: cost and time");
    REQUIRE(at != std::string::npos);
    const std::string sec = md.substr(at, md.find("\n## ", at + 1) - at);
    for (const auto& p : direct.ports) {
        INFO(p.port.name);
        CHECK(sec.find("| " + p.port.name + " | " + std::to_string(p.port.zpmc_sts) + " | ") != std::string::npos);
        CHECK(sec.find(products::coa::money_text(p.scenarios.front().cost)) != std::string::npos);
    }
    CHECK(sec.find("All Strategic Seaports above") != std::string::npos);
    CHECK(sec.find("non-PRC STS crane price: " + products::coa::money_text(direct.replacement_price)) != std::string::npos);
    for (const auto& id : direct.replacement_price.facts) {
        INFO(id);
        CHECK(sec.find("**" + id + "**") != std::string::npos);
    }
    CHECK(sec.find("rc-010") != std::string::npos); // Coast Guard directives: not public
    CHECK(sec.find("coa-costs.png") != std::string::npos);
}

// ---- issue 15 item 3: maps an analyst can hand over -------------------------------------------------

namespace {

// The first integer after `marker` in `text` (-1 if none).
long number_before(const std::string& text, const std::string& marker) {
    const auto pos = text.find(marker);
    if (pos == std::string::npos) return -1;
    std::size_t b = pos;
    while (b > 0 && text[b - 1] == ' ') --b;
    std::size_t a = b;
    while (a > 0 && std::isdigit(static_cast<unsigned char>(text[a - 1]))) --a;
    return a == b ? -1 : std::stol(text.substr(a, b - a));
}

// Sum of the "(N)" counts of a layer's legend entries.
std::size_t legend_sum(const render::render_result& r, const std::string& layer) {
    std::size_t n = 0;
    for (const auto& e : r.legend) {
        if (e.layer != layer) continue;
        const auto open = e.text.rfind(" (");
        REQUIRE(open != std::string::npos);
        n += std::stoul(e.text.substr(open + 2));
    }
    return n;
}

// The SVG elements of group `id` (up to its closing tag; layer groups hold no nested groups).
std::string svg_group(const std::string& svg, const std::string& id) {
    const auto a = svg.find("<g id=\"" + id + "\"");
    if (a == std::string::npos) return "";
    const auto b = svg.find("</g>", a);
    return svg.substr(a, b - a);
}

std::size_t occurrences(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

// Every label is within `near_pt` of its own symbol's edge, or joined to it by a leader line that
// starts at the symbol and ends on the text; the SVG has one leader path per such label.
void check_labels_near_or_leadered(const render::render_result& r, const std::string& svg, double near_pt) {
    std::size_t leaders = 0;
    for (const auto& l : r.labels.placed) {
        INFO("label '" << l.text << "' gap " << l.gap() << " pt");
        if (!l.leader) {
            CHECK(l.gap() <= near_pt);
            continue;
        }
        ++leaders;
        CHECK(std::hypot(l.leader_x0 - l.anchor_x, l.leader_y0 - l.anchor_y) <= l.radius + 1.0);
        CHECK(render::distance_to(l.box, l.leader_x1, l.leader_y1) <= 1.0);
    }
    CHECK(occurrences(svg_group(svg, "leaders"), "<path") == leaders);
}

// Point symbols drawn in one layer group of the SVG.
std::size_t svg_symbols(const std::string& svg, const std::string& group) {
    const std::string g = svg_group(svg, group);
    return occurrences(g, "<path") + occurrences(g, "<circle");
}

// The footnote and the credit at the foot of the page: every line at 6 pt or more (before, each was one
// line shrunk to fit the page's width: 3.5 and 3.9 pt on an A4 portrait world map), inside the margins,
// clear of the panels, the legend and each other, and every word of both on the page.
void check_footer(const render::map_document& doc, const render::render_result& r, const std::string& svg) {
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = render::page_margin(doc.page);
    // the SVG as drawn: font sizes, baselines and text of the "credit" group's lines
    const std::string g = svg_group(svg, "credit");
    const std::regex line_re(R"re(<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]* font-size="([0-9.]+)"[^>]*>([^<]*)</text>)re");
    std::string drawn, expected;
    std::size_t n = 0;
    for (auto it = std::sregex_iterator(g.begin(), g.end(), line_re); it != std::sregex_iterator(); ++it, ++n) {
        INFO("footer line '" << (*it)[4] << "'");
        CHECK(std::stod((*it)[3]) >= 6.0);
        CHECK(std::stod((*it)[1]) >= m - 0.5);
        CHECK(std::stod((*it)[2]) <= H - m * 0.5);
        drawn += (*it)[4];
    }
    CHECK(n >= 1);
    for (const std::string& t : {doc.footnote, doc.credit}) expected += xml_escape(t);
    std::erase(drawn, ' ');
    std::erase(expected, ' ');
    CHECK(drawn == expected);
    // the boxes the renderer reserved for them
    REQUIRE(r.footer.size() == n);
    for (std::size_t i = 0; i < r.footer.size(); ++i) {
        const render::footer_line& l = r.footer[i];
        INFO("footer line '" << l.text << "' at " << l.box.x << "," << l.box.y << " " << l.box.w << "x" << l.box.h);
        CHECK(l.size >= 6.0);
        CHECK(render::rect{m - 0.5, 0, W - 2 * m + 1, H - m * 0.5 + 0.01}.contains(l.box));
        for (const auto& pn : doc.panels) CHECK_FALSE(pn.area.intersects(l.box));
        CHECK_FALSE(r.legend_box.intersects(l.box));
        if (i > 0) CHECK(l.box.y >= r.footer[i - 1].box.bottom());
    }
}

// A preset on the real footprint: its document (as the preset makes it), the render result and the SVG.
struct real_map {
    products::map_layers fp;
    render::map_document doc;
    render::render_result r;
    std::string svg;
};

real_map render_real(const products::render_params& p) {
    real_map m;
    m.fp = products::load_map_layers(p.gpkg);
    const auto* preset = products::find_preset(p.preset);
    REQUIRE(preset);
    m.doc = preset->make(m.fp, products::load_basemap(p.data_dir), p);
    m.r = products::render_preset(p);
    m.svg = read_file(p.output);
    return m;
}

} // namespace

TEST_CASE("us-strategic on the real footprint: legend counts add up to the subtitle, positionless seaports in a footnote", "[golden]") {
    auto p = params("us-strategic", "us-legible.svg");
    const auto [fp, doc, r, svg] = render_real(p);
    INFO(doc.subtitle);
    // "23 commercial and military Strategic Seaports (22 mapped, 1 without a position); ..."
    const long total = number_before(doc.subtitle, "commercial and military Strategic Seaports");
    REQUIRE(total == static_cast<long>(fp.strategic.features.size()));
    std::vector<std::string> positionless;
    for (const auto& f : fp.strategic.features)
        if (f.geom.points.empty()) positionless.push_back(f.text("name"));
    const std::size_t mapped = legend_sum(r, "strategic-seaports");
    CHECK(mapped + positionless.size() == static_cast<std::size_t>(total));
    if (!positionless.empty()) {
        CHECK(number_before(doc.subtitle, "mapped,") == static_cast<long>(mapped));
        CHECK(number_before(doc.subtitle, "without a position") == static_cast<long>(positionless.size()));
    }
    for (const auto& name : positionless) {
        INFO(name);
        CHECK(doc.footnote.find(name) != std::string::npos);
        CHECK(svg.find(xml_escape(name) + ", ") != std::string::npos); // the footnote is on the page
        // never placed: no label of it
        for (const auto& l : r.labels.placed) CHECK(l.text.rfind(name.substr(0, name.find(" (")), 0) != 0);
    }
    // the legend counts what the map shows: every mapped seaport is a symbol of some panel
    std::size_t drawn = 0;
    for (const auto& pn : doc.panels) drawn += svg_symbols(svg, (pn.id == "main" ? "" : pn.id + "-") + std::string("layer-strategic-seaports"));
    CHECK(drawn == mapped);
    check_footer(doc, r, svg);
}

TEST_CASE("us-strategic on the real footprint: labels near their symbol or on a leader, no empty inset, link targets named", "[golden]") {
    auto p = params("us-strategic", "us-leaders.svg");
    const auto [fp, doc, r, svg] = render_real(p);
    check_labels_near_or_leadered(r, svg, 4.0);
    check_placement(r.labels, doc);
    // the East-coast cluster and Puget Sound: every one named
    for (const char* name : {"Sunny Point", "Wilmington", "Norfolk", "Newport News", "Philadelphia", "Charleston", "Port Elizabeth"}) {
        INFO(name);
        CHECK(labelled(r.labels, "strategic-seaports", name));
    }
    CHECK(labelled(r.labels, "prc-ports", "Seattle"));
    // no inset without a symbol of the map's own classes (seaports, ZPMC ports)
    REQUIRE(doc.panels.size() >= 2);
    for (std::size_t i = 1; i < doc.panels.size(); ++i) {
        const std::string id = doc.panels[i].id;
        INFO("inset " << id);
        CHECK(svg_symbols(svg, id + "-layer-strategic-seaports") + svg_symbols(svg, id + "-layer-zpmc-ports") > 0);
        CHECK(r.panel_symbols.at(i) > 0);
        // a link drawn in an inset ends inside it, at a named PRC-operated port
        const auto f = render::make_frame(doc.panels[i]);
        for (const auto& layer : doc.panels[i].layers) {
            if (layer.id != "nearest-links") continue;
            for (const auto& it : layer.items) {
                const auto& l = it.geom.lines.at(0);
                const auto a = f.to_page(l.front()), b = f.to_page(l.back());
                if (!a || !doc.panels[i].area.contains(a->x, a->y)) continue;
                INFO("link " << it.key);
                REQUIRE(b);
                CHECK(doc.panels[i].area.contains(b->x, b->y));
                const std::string target = it.key.substr(it.key.find('>') + 1);
                bool named = false;
                for (const auto& lab : r.labels.placed) named = named || (lab.key == target && lab.panel == static_cast<int>(i));
                CHECK(named);
            }
        }
    }
    CHECK(svg.find("id=\"panel-guam\"") != std::string::npos);
}

TEST_CASE("us-strategic --bbox: subtitle and legend count the region shown", "[golden]") {
    auto p = params("us-strategic", "us-east.svg");
    p.extent = bbox{-82, 30, -70, 42}; // Jacksonville to New York
    const auto [fp, doc, r, svg] = render_real(p);
    std::size_t inside = 0;
    for (const auto& f : fp.strategic.features)
        if (!f.geom.points.empty() && p.extent->contains(f.geom.points.front())) ++inside;
    INFO(doc.subtitle);
    REQUIRE(inside >= 5);
    CHECK(inside < fp.strategic.features.size());
    CHECK(number_before(doc.subtitle, "commercial and military Strategic Seaports in the region shown") == static_cast<long>(inside));
    CHECK(legend_sum(r, "strategic-seaports") == inside);
    // a dashed line leaving the region ends at a port the footnote names
    std::size_t off = 0;
    for (const auto& f : fp.strategic.features) {
        if (f.geom.points.empty() || !p.extent->contains(f.geom.points.front())) continue;
        for (const auto& port : fp.ports.features) {
            if (port.text("port_id") != f.text("nearest_prc_port_id") || port.geom.points.empty()) continue;
            if (p.extent->contains(port.geom.points.front())) continue;
            ++off;
            INFO(port.text("name"));
            CHECK(doc.footnote.find(port.text("name") + " (") != std::string::npos);
        }
    }
    CHECK(off > 0); // Miami lies south of the box
    CHECK(doc.footnote.find("Dashed lines leaving the map end at") != std::string::npos);
    check_footer(doc, r, svg);
}

TEST_CASE("world map of the real footprint: the subtitle counts as the report, the legend what is drawn, major and Japan/Korea LOGINK ports named", "[golden]") {
    auto p = params("world", "world-legible.svg");
    const auto [fp, doc, r, svg] = render_real(p);
    INFO(doc.subtitle);
    INFO(doc.footnote);
    std::size_t drawn = 0;
    for (const auto& f : fp.ports.features) drawn += f.flag("prc_operated") && !f.geom.points.empty() ? 1 : 0;
    CHECK(legend_sum(r, "prc-terminals") == drawn);
    // a port with both a Hutchison and a PRC-operated terminal is drawn as PRC-operated: the Hutchison entry
    // counts the others and says so (it read "CK Hutchison terminal (HK, shown separately) (12)" beside the
    // report's 14 Hutchison ports, Rotterdam and Laem Chabang being PRC-operated too)
    std::size_t hk_only = 0;
    for (const auto& f : fp.ports.features) hk_only += f.flag("hk_operated") && !f.flag("prc_operated") && !f.geom.points.empty() ? 1 : 0;
    CHECK(legend_sum(r, "hutchison") == hk_only);
    for (const auto& e : r.legend)
        if (e.layer == "hutchison") CHECK_THAT(e.text, Catch::Contains("no PRC-operated one"));
    // The subtitle's ports and countries are the report's headline figures (distinct country + curated port
    // name of the active PRC rows), and the rows whose port has no position are counted and named in the
    // footnote. Before, the subtitle said 88 (the port entities drawn) beside the report's 92, and the five
    // ports whose rows matched no port (Yumurtalik, Utrenneye, Obi Island, ...) were missing without a word.
    const auto ev = products::compute_evidence(products::load_evidence_layers(p.gpkg));
    REQUIRE(ev.find("ev-prc-active-ports"));
    CHECK(number_before(doc.subtitle, "ports in") == ev.find("ev-prc-active-ports")->value);
    CHECK(number_before(doc.subtitle, "countries with a terminal") == ev.find("ev-prc-active-countries")->value);
    std::set<std::string> drawn_ids;
    for (const auto& f : fp.ports.features)
        if (!f.geom.points.empty()) drawn_ids.insert(f.text("port_id"));
    std::set<std::string> unplaced_names;
    for (const auto& t : fp.terminals.features) {
        if (t.text("class") != "prc-operated" || drawn_ids.count(t.text("port_id"))) continue;
        unplaced_names.insert(t.text("port_name"));
        CHECK(doc.footnote.find(t.text("terminal_id")) != std::string::npos);
    }
    CHECK(unplaced_names.size() >= 1); // the shipped data has such rows (Yumurtalik (Sugozu), TR, ...)
    CHECK(number_before(doc.subtitle, "not mapped") == static_cast<long>(unplaced_names.size()));
    check_labels_near_or_leadered(r, svg, 4.0);
    check_placement(r.labels, doc);
    for (const char* name : {"Rotterdam", "Antwerp", "Piraeus", "Busan"}) {
        INFO(name);
        CHECK(labelled(r.labels, "prc-terminals", name));
    }
    // every LOGINK port of Japan and Korea is named (in the inset or on the main map)
    std::size_t jk = 0;
    for (const auto& f : fp.ports.features) {
        const std::string cc = f.text("country_iso2");
        if (!f.flag("logink") || (cc != "JP" && cc != "KR")) continue;
        ++jk;
        INFO(f.text("name"));
        CHECK(svg.find(">" + xml_escape(f.text("name")) + "</text>") != std::string::npos);
    }
    CHECK(jk >= 10);
    // no inset without symbols
    for (std::size_t i = 1; i < doc.panels.size(); ++i) CHECK(r.panel_symbols.at(i) > 0);
    check_footer(doc, r, svg); // A4 landscape: the footnote and the credit take two lines each
    CHECK(doc.panels.size() == 3); // both insets beside the legend, above the footer's four lines
}

TEST_CASE("world map on A4 portrait: the long footnote and the credit wrap at 6 pt, clear of the map and the legend", "[golden]") {
    // The audit's case: `render --preset world --paper a4 --portrait` drew the "Not mapped: ..." footnote and the
    // credit each on one line shrunk to 3.5 and 3.9 pt, illegible in print.
    auto p = params("world", "world-a4-portrait.svg");
    p.paper = "a4";
    p.portrait = true;
    const auto [fp, doc, r, svg] = render_real(p);
    REQUIRE(!doc.footnote.empty());
    check_footer(doc, r, svg);
    std::size_t footnote_lines = 0, credit_lines = 0;
    for (const auto& l : r.footer) ++(l.credit ? credit_lines : footnote_lines);
    CHECK(footnote_lines >= 2);
    CHECK(credit_lines >= 2);
    for (const auto& l : r.footer) CHECK(l.size == Approx(6.0));
}

TEST_CASE("world map on A4 portrait: the legend in columns under the map, both insets under it, no half-empty page", "[golden]") {
    // The strip under the width-filling map held the legend in one column and the Japan/Korea inset beside it,
    // and left the lower half of the strip empty; the North-west Europe inset found no room beside the legend.
    auto p = params("world", "world-a4-portrait-insets.svg");
    p.paper = "a4";
    p.portrait = true;
    const auto [fp, doc, r, svg] = render_real(p);
    REQUIRE(doc.panels.size() == 3);
    CHECK(doc.panels[1].id == "japan-korea");
    CHECK(doc.panels[2].id == "europe");
    for (std::size_t i = 1; i < doc.panels.size(); ++i) CHECK(r.panel_symbols.at(i) > 0);
    const double W = doc.page.width_pt, m = render::page_margin(doc.page);
    INFO("legend " << r.legend_box.x << "," << r.legend_box.y << " " << r.legend_box.w << "x" << r.legend_box.h);
    CHECK(r.legend_box.x + r.legend_box.w <= W - m + 0.5);
    CHECK(r.legend_box.y >= doc.panels[0].area.bottom());
    double lowest = r.legend_box.bottom();
    for (std::size_t i = 0; i < doc.panels.size(); ++i) {
        const render::rect& a = doc.panels[i].area;
        INFO("panel " << doc.panels[i].id << " " << a.x << "," << a.y << " " << a.w << "x" << a.h);
        CHECK(a.x >= std::floor(m) - 0.5); // the layout's left edge is the margin rounded down
        CHECK(a.right() <= W - m + 0.5);
        CHECK_FALSE(a.intersects(r.legend_box));
        for (std::size_t j = i + 1; j < doc.panels.size(); ++j) CHECK_FALSE(a.intersects(doc.panels[j].area));
        for (const auto& l : r.footer) CHECK_FALSE(a.intersects(l.box));
        lowest = std::max(lowest, a.bottom());
    }
    // the insets are under the legend; the legend and the insets cover most of the strip between the map and
    // the footer (before: about a quarter, the one-column legend and one inset beside it)
    for (std::size_t i = 1; i < doc.panels.size(); ++i) CHECK(doc.panels[i].area.y >= r.legend_box.bottom());
    REQUIRE(!r.footer.empty());
    CHECK(lowest <= r.footer.front().box.y);
    const double strip = (W - 2 * m) * (r.footer.front().box.y - doc.panels[0].area.bottom());
    double covered = r.legend_box.w * r.legend_box.h;
    for (std::size_t i = 1; i < doc.panels.size(); ++i) covered += doc.panels[i].area.w * doc.panels[i].area.h;
    INFO("covered " << covered << " of " << strip << " pt2 under the map");
    CHECK(covered > 0.45 * strip);
    check_footer(doc, r, svg);
}

TEST_CASE("us-strategic on A4 portrait: the legend's column is as wide as its lines, inside the page", "[golden]") {
    // The legend's column was max(150 pt, 22% of the page) wide: on A4 portrait "Strategic Seaport with ZPMC
    // ship-to-shore cranes (10)" and the nearest-port line ran past the page's right edge.
    auto p = params("us-strategic", "us-strategic-a4-portrait.svg");
    p.paper = "a4";
    p.portrait = true;
    const auto [fp, doc, r, svg] = render_real(p);
    const double W = doc.page.width_pt, m = render::page_margin(doc.page);
    INFO("legend " << r.legend_box.x << "+" << r.legend_box.w << " on a page " << W << " pt wide, margin " << m);
    CHECK(r.legend_box.w > 150.0); // its lines need more than the old column
    CHECK(r.legend_box.x + r.legend_box.w <= W - m + 0.5);
    for (const auto& pn : doc.panels) CHECK_FALSE(pn.area.intersects(r.legend_box));
    check_footer(doc, r, svg);
}

TEST_CASE("region map of the real footprint: the subtitle counts the region's ports, as its legend", "[golden]") {
    auto p = params("region", "europe.svg");
    p.region = "europe";
    const auto [fp, doc, r, svg] = render_real(p);
    INFO(doc.subtitle);
    const long n = number_before(doc.subtitle, "ports in");
    std::size_t prc = 0;
    for (const auto& f : fp.ports.features) prc += f.flag("prc_operated") ? 1 : 0;
    CHECK(n > 5);
    CHECK(n < static_cast<long>(prc));
    CHECK(legend_sum(r, "prc-terminals") == static_cast<std::size_t>(n));
    CHECK(doc.subtitle.find("in the region shown") != std::string::npos);
}

TEST_CASE("growth charts on the real footprint: LOGINK agreements per year equal the table's rows", "[golden]") {
    const auto facts = products::load_evidence_layers(real_out() / "harbormap.gpkg");
    const auto maps = test::temp_dir("growth-real");
    const auto charts = products::write_growth_charts(facts, maps, 72);
    const auto it = std::find_if(charts.begin(), charts.end(), [](const products::growth_chart& g) { return g.id == "logink"; });
    REQUIRE(it != charts.end());
    // the table itself: every row with a year at that year, except aggregate rows (partner counts, not agreements)
    std::map<int, double> per_year;
    std::size_t no_year = 0, rows = 0;
    const auto table = layers::read_vector_file(test::source_dir() / "data" / "curated" / "logink_ports.csv");
    for (const auto& f : table.at(0).features) {
        ++rows;
        if (f.text("granularity") == "aggregate") continue;
        const std::string year = f.text("year");
        if (year.empty()) ++no_year;
        else per_year[std::stoi(year)] += 1;
    }
    CHECK(rows == csv_rows("logink_ports.csv"));
    CHECK(it->rows_year_unknown == no_year);
    CHECK(it->rows + it->rows_year_unknown < rows); // the aggregate row is in neither
    REQUIRE(!per_year.empty());
    CHECK(it->x.front() == std::to_string(per_year.begin()->first));
    CHECK(it->x.back() == std::to_string(per_year.rbegin()->first));
    double drawn = 0;
    for (std::size_t i = 0; i < it->x.size(); ++i) {
        double total = 0;
        for (const auto& [status, values] : it->series) total += values.at(i);
        INFO(it->x[i]);
        CHECK(total == (per_year.count(std::stoi(it->x[i])) ? per_year.at(std::stoi(it->x[i])) : 0.0));
        drawn += total;
    }
    CHECK(drawn == static_cast<double>(it->rows));
    CHECK(it->note.find(std::to_string(no_year) + " without a year are not drawn") != std::string::npos);
    // the other growth charts are there too, each as SVG and PNG
    for (const char* id : {"prc-ports", "zpmc", "us-orders", "logink"}) {
        INFO(id);
        CHECK(std::filesystem::exists(maps / (std::string("growth-") + id + ".svg")));
        CHECK(std::filesystem::exists(maps / (std::string("growth-") + id + ".png")));
    }
    // and the report's growth section shows the LOGINK chart
    products::report_data d;
    d.charts = charts;
    const std::string md = products::report::to_markdown(products::report::build_document({d, {}, nullptr, test::source_dir() / "data"}));
    CHECK(md.find("![LOGINK agreements by year](../maps/growth-logink.png)") != std::string::npos);
}
