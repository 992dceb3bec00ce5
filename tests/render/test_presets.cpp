// The presets on a small fixture footprint GPKG: three formats, SVG structure, pixel probes at known
// ports, no overlapping labels.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/fusion/footprint.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/render/draw.hpp"
#include "layers/reader.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace harbormap;

namespace {
using test::count;
products::render_params params(const std::filesystem::path& dir, const std::string& preset, const std::string& out) {
    products::render_params p;
    p.preset = preset;
    p.gpkg = dir / "harbormap.gpkg";
    p.data_dir = test::source_dir() / "data";
    p.output = dir / out;
    p.dpi = 100;
    return p;
}
} // namespace

TEST_CASE("the PRC group of a port's terminal group keys", "[unit]") {
    CHECK(fusion::prc_group({"COSCO"}) == "COSCO");
    CHECK(fusion::prc_group({"CMPort-TerminalLink"}) == "China Merchants");
    CHECK(fusion::prc_group({"CMPort", "CMPort-TerminalLink"}) == "China Merchants");
    CHECK(fusion::prc_group({"CCCC"}) == "CCCC");
    CHECK(fusion::prc_group({"SIPG"}) == "Other");
    CHECK(fusion::prc_group({"SIPG", "QPI"}) == "Other");
    CHECK(fusion::prc_group({""}) == "Other");
    CHECK(fusion::prc_group({"COSCO", "CMPort"}) == "Several");
    CHECK(fusion::prc_group({"CCCC", "SIPG"}) == "Several");
}

TEST_CASE("world preset renders to PNG, SVG and PDF from the footprint", "[golden]") {
    const auto dir = test::temp_dir("world");
    test::write_fixture_gpkg(dir);
    const auto fp = products::load_map_layers(dir / "harbormap.gpkg");
    const auto basemap = products::load_basemap(test::source_dir() / "data");

    auto p = params(dir, "world", "world.svg");
    const auto svg_res = products::render_preset(p);
    const std::string svg = read_file(p.output);
    for (const char* id : {"id=\"layer-prc-terminals\"", "id=\"layer-bri\"", "id=\"layer-logink\"", "id=\"layer-hutchison\"",
                           "id=\"layer-sea-lanes\"", "id=\"layer-chokepoints\"", "id=\"legend\"", "id=\"labels\""})
        CHECK(count(svg, id) == 1);
    CHECK(count(svg, ">COSCO Shipping Ports (2)</text>") == 1); // Piraeus, Chancay
    CHECK(count(svg, ">China Merchants Port (incl. Terminal Link) (2)</text>") == 1);
    CHECK(count(svg, ">Several PRC groups (1)</text>") == 1);   // Rotterdam
    CHECK(count(svg, ">Major lane</text>") == 1);
    CHECK(count(svg, ">Piraievs</text>") == 1);
    CHECK(count(svg, "4 ports in 4 countries") == 0);
    CHECK(count(svg, "5 ports in 5 countries") == 1);
    CHECK(svg_res.labels.overlap_free());
    CHECK(svg_res.labels.placed.size() >= 5);

    p.output = dir / "world.png";
    const auto png_res = products::render_preset(p);
    CHECK(png_res.labels.overlap_free());
    const auto [w, h] = test::png_size(p.output);
    CHECK(w == 1169);
    CHECK(h == 826);
    // pixel probe: Piraeus is a COSCO red dot where the frame puts it
    const auto doc = products::world_map(fp, basemap, p);
    const auto f = render::make_frame(doc.panels[0]);
    const double s = p.dpi / 72.0;
    auto at = f.to_page({23.65, 37.933333});
    REQUIRE(at);
    auto px = test::png_pixel(p.output, static_cast<int>(at->x * s), static_cast<int>(at->y * s));
    CHECK(px.r > 150);
    CHECK(px.g < 80);
    CHECK(px.b < 80);

    p.output = dir / "world.pdf";
    products::render_preset(p);
    CHECK(read_file(p.output).rfind("%PDF-", 0) == 0);

    SECTION("the figure follows the data") {
        const auto dir2 = test::temp_dir("world2");
        test::fixture_options o;
        o.piraeus_prc = false;
        test::write_fixture_gpkg(dir2, o);
        auto p2 = params(dir2, "world", "world.svg");
        products::render_preset(p2);
        const std::string svg2 = read_file(p2.output);
        CHECK(count(svg2, "4 ports in 4 countries") == 1);
        CHECK(count(svg2, ">COSCO Shipping Ports (1)</text>") == 1);
    }
}

TEST_CASE("us-strategic preset: insets, ZPMC stars, nearest PRC ports", "[golden]") {
    const auto dir = test::temp_dir("us");
    test::write_fixture_gpkg(dir);
    auto p = params(dir, "us-strategic", "us.svg");
    const auto r = products::render_preset(p);
    const std::string svg = read_file(p.output);
    for (const char* id : {"id=\"panel-main\"", "id=\"panel-alaska\"", "id=\"layer-strategic-seaports\"", "id=\"layer-nearest-links\"",
                           "id=\"main-scale-bar\""})
        CHECK(count(svg, id) == 1);
    // Anchorage and Apra Harbor have their insets; the fixture has nothing in Hawaii: that inset is left out
    CHECK(count(svg, "id=\"panel-guam\"") == 1);
    CHECK(count(svg, "id=\"panel-hawaii\"") == 0);
    REQUIRE(r.panel_symbols.size() == 3);
    CHECK(r.panel_symbols[1] > 0);
    CHECK(r.panel_symbols[2] > 0);
    CHECK(count(svg, ">Strategic Seaport with ZPMC ship-to-shore cranes (2)</text>") == 1);
    CHECK(count(svg, ">Long Beach (14)</text>") == 1);
    // the links go to the nearest PRC-operated port by geodesic distance, as the report's "(geodesic)" column
    // (its "by sea" column may name another port: Guam's is Basamuk geodesic, Weda Bay by sea)
    CHECK(count(svg, ">Strategic Seaport to its nearest PRC-operated port (geodesic)</text>") == 1);
    CHECK(count(svg, ">A seaport&apos;s nearest PRC-operated port (geodesic) (") + count(svg, ">A seaport's nearest PRC-operated port (geodesic) (") == 1);
    CHECK(r.labels.overlap_free());
    p.output = dir / "us.png";
    const auto pr = products::render_preset(p);
    CHECK(pr.labels.overlap_free());
    const auto fp = products::load_map_layers(p.gpkg);
    const auto doc = products::us_strategic_map(fp, products::load_basemap(p.data_dir), p);
    const auto f = render::make_frame(doc.panels[0]);
    auto at = f.to_page({-118.216667, 33.75});
    REQUIRE(at);
    const double s = p.dpi / 72.0;
    auto px = test::png_pixel(p.output, static_cast<int>(at->x * s), static_cast<int>(at->y * s));
    CHECK(px.r > 150); // red ZPMC star
    CHECK(px.b < 90);
    p.output = dir / "us.pdf";
    products::render_preset(p);
    CHECK(read_file(p.output).rfind("%PDF-", 0) == 0);
}

TEST_CASE("route preset draws a GeoJSON route with gates and PRC ports along it", "[golden]") {
    const auto dir = test::temp_dir("route");
    test::write_fixture_gpkg(dir);
    write_file_atomic(dir / "route.geojson",
                      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":)"
                      R"([[4.28,51.9],[1.4,51.0],[-5.5,48.5],[-9.5,43],[-9.5,37],[-5.6,35.95],[0,37],[11,37.5],[20,36.5],[23.65,37.93]]}}]})");
    auto p = params(dir, "route", "route.svg");
    p.route_geojson = dir / "route.geojson";
    p.from = "Rotterdam";
    p.to = "Piraeus";
    const auto r = products::render_preset(p);
    const std::string svg = read_file(p.output);
    CHECK(count(svg, ">Sea route: Rotterdam to Piraeus</text>") == 1);
    CHECK(count(svg, "Gibraltar</text>") + count(svg, "Dover</text>") >= 1);
    CHECK(count(svg, ">Piraievs</text>") == 1);
    CHECK(r.labels.overlap_free());
    p.route_geojson.clear();
    CHECK_THROWS_AS(products::render_preset(p), usage_error);
}

TEST_CASE("missing footprint is a clear input error", "[unit]") {
    const auto dir = test::temp_dir("missing");
    auto p = params(dir, "world", "x.png");
    CHECK_THROWS_WITH(products::render_preset(p), Catch::Contains("harbormap build"));
    p.preset = "wrld";
    CHECK_THROWS_WITH(products::render_preset(p), Catch::Contains("did you mean world"));
}

namespace {

// Centres of the symbols of one SVG layer group: circles by (cx, cy), paths by their bounding box.
std::vector<std::pair<double, double>> symbol_centres(const std::string& svg, const std::string& layer_id) {
    std::vector<std::pair<double, double>> out;
    const auto start = svg.find("<g id=\"" + layer_id + "\"");
    if (start == std::string::npos) return out;
    const auto end = svg.find("</g>", start);
    const std::string g = svg.substr(start, end - start);
    auto attr = [](const std::string& el, const std::string& name) {
        const auto p = el.find(" " + name + "=\"");
        return std::stod(el.substr(p + name.size() + 3));
    };
    for (auto p = g.find('<', 1); p != std::string::npos; p = g.find('<', p + 1)) {
        const std::string el = g.substr(p, g.find('>', p) - p);
        if (el.rfind("<circle", 0) == 0) {
            out.emplace_back(attr(el, "cx"), attr(el, "cy"));
        } else if (el.rfind("<path", 0) == 0) {
            const auto d0 = el.find("d=\"") + 3;
            std::string d = el.substr(d0, el.find('"', d0) - d0);
            for (char& c : d)
                if (c == 'M' || c == 'L' || c == 'Z') c = ' ';
            std::istringstream in(d);
            double x, y, x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
            while (in >> x >> y) {
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
            }
            out.emplace_back((x0 + x1) / 2, (y0 + y1) / 2);
        }
    }
    return out;
}

// True when (x, y) is within `tol` pt of the page position of one of `places`.
bool at_one_of(const render::frame& f, const std::vector<lon_lat>& places, std::pair<double, double> xy, double tol) {
    for (const auto& pl : places)
        if (auto q = f.to_page(pl); q && std::hypot(q->x - xy.first, q->y - xy.second) <= tol) return true;
    return false;
}

} // namespace

TEST_CASE("world --cranes: ZPMC cranes abroad at their ports, legend counts equal the rows, no invented position", "[golden]") {
    const auto dir = test::temp_dir("world-cranes");
    test::fixture_options o;
    o.equipment = true;
    test::write_fixture_gpkg(dir, o);
    auto p = params(dir, "world", "world.svg");
    products::render_preset(p);
    CHECK(count(read_file(p.output), "layer-zpmc-cranes") == 0); // off unless asked for
    p.cranes = true;
    std::ostringstream log;
    p.log = &log;
    products::render_preset(p);
    const std::string svg = read_file(p.output);
    // 7 zpmc_international rows: Piraeus 19 and 3, Rotterdam 58, Kingston 6, Lekki (no count); the aggregate
    // and the coordinate-less Dubai row are reported, not placed; the US rows are not "abroad"
    CHECK(count(svg, ">20 or more cranes: 1 port (1 row)</text>") == 1);  // Rotterdam
    CHECK(count(svg, ">10 to 19 cranes: 1 port (2 rows)</text>") == 1);   // Piraeus (19, not 22: rows are not summed)
    CHECK(count(svg, ">5 to 9 cranes: 1 port (1 row)</text>") == 1);      // Kingston
    CHECK(count(svg, ">count not stated: 1 port (1 row)</text>") == 1);   // Lekki
    CHECK(count(svg, "1 to 4 cranes") == 0);
    CHECK(count(svg, ">ZPMC cranes outside the US: 4 ports, 4 countries, 7 rows (2 without a port, not drawn); by port") == 1); // legend heading
    CHECK_THAT(log.str(), Catch::Contains("zi-5 ((aggregate) APM Terminals): an aggregate"));
    CHECK_THAT(log.str(), Catch::Contains("zi-6 (Dubai (port not named)): no coordinates and no port entity"));
    CHECK(count(svg, ">Piraievs</text>") == 1); // one label per port: the crane symbols carry none on the world map
    CHECK(count(svg, "(19)</text>") == 0);
    // every symbol at a port entity's position (Piraeus and Rotterdam at the port, not the row's own
    // coordinates), or at the own coordinates of the row no port took (Lekki); nothing else
    const auto fp = products::load_map_layers(p.gpkg);
    const auto doc = products::world_map(fp, products::load_basemap(p.data_dir), p);
    const auto f = render::make_frame(doc.panels[0]);
    const std::vector<lon_lat> places = {{23.65, 37.933333}, {4.283333, 51.9}, {-76.8, 17.966667}, {3.98, 6.42}};
    const auto centres = symbol_centres(svg, "layer-zpmc-cranes");
    CHECK(centres.size() == 5); // four symbols; the "count not stated" ring is two circles
    for (const auto& c : centres) {
        INFO("symbol at " << c.first << "," << c.second);
        CHECK(at_one_of(f, places, c, 0.02));
    }
    for (const auto& pl : places) {
        auto q = f.to_page(pl);
        REQUIRE(q);
        CHECK(std::any_of(centres.begin(), centres.end(), [&](auto c) { return std::hypot(c.first - q->x, c.second - q->y) < 0.02; }));
    }
    p.preset = "us-strategic";
    CHECK_THROWS_AS(products::render_preset(p), usage_error); // --cranes is a world/region option
}

TEST_CASE("equipment preset: ZPMC cranes and other Chinese equipment by port, counts from the rows", "[golden]") {
    const auto dir = test::temp_dir("equipment");
    test::fixture_options o;
    o.equipment = true;
    test::write_fixture_gpkg(dir, o);
    auto p = params(dir, "equipment", "equipment.svg");
    std::ostringstream log;
    p.log = &log;
    const auto r = products::render_preset(p);
    const std::string svg = read_file(p.output);
    for (const char* id : {"id=\"layer-zpmc-cranes\"", "id=\"layer-prc-equipment\"", "id=\"legend\"", "id=\"labels\""})
        CHECK(count(svg, id) == 1);
    // cranes: the seven rows abroad and Long Beach's ZPMC row; Savannah's Konecranes row is not Chinese
    CHECK(count(svg, ">10 to 19 cranes: 2 ports (3 rows)</text>") == 1); // Piraeus, Long Beach
    CHECK(count(svg, ">20 or more cranes: 1 port (1 row)</text>") == 1);
    CHECK(count(svg, "ZPMC cranes (US incl.): 5 ports, 5 countries, 8 rows;") == 1);
    CHECK(count(svg, "Savannah") == 0);
    // equipment by maker; the EU-wide Nuctech row is a fact without a port
    CHECK(count(svg, ">Nuctech scanners: 2 ports (2 rows)</text>") == 1);
    CHECK(count(svg, ">Sany port machinery: 1 port (1 row)</text>") == 1);
    CHECK(count(svg, ">Other maker or maker not named: 1 port (1 row)</text>") == 1);
    CHECK(count(svg, "Westwell") == 0); // no rows, no legend line
    CHECK(count(svg, "other Chinese equipment: 4 ports, 4 countries, 5 rows; 3 rows without a port not drawn") == 1);
    CHECK_THAT(log.str(), Catch::Contains("e-4 ((aggregate) European Union)"));
    CHECK(r.labels.overlap_free());
    const auto fp = products::load_map_layers(p.gpkg);
    const auto doc = products::equipment_map(fp, products::load_basemap(p.data_dir), p);
    const auto f = render::make_frame(doc.panels[0]);
    const std::vector<lon_lat> equipment_ports = {{4.283333, 51.9}, {-76.8, 17.966667}, {-77.27, -11.59}, {81.133333, 6.116667}};
    const auto centres = symbol_centres(svg, "layer-prc-equipment");
    CHECK(centres.size() == 4);
    for (const auto& c : centres) {
        INFO("symbol at " << c.first << "," << c.second);
        CHECK(at_one_of(f, equipment_ports, c, 0.6)); // a triangle's box centre sits 0.2 r above its anchor
    }
    p.output = dir / "equipment.png";
    CHECK(products::render_preset(p).symbols == r.symbols);
}

namespace {
// Sets (or adds) one attribute of a feature.
void set_property(feature& f, const std::string& key, value v) {
    for (auto& [k, old] : f.properties)
        if (k == key) {
            old = std::move(v);
            return;
        }
    f.properties.emplace_back(key, std::move(v));
}
} // namespace

TEST_CASE("a port without a position is counted in the subtitle and named in a footnote, never placed", "[golden]") {
    const auto dir = test::temp_dir("positionless");
    test::write_fixture_gpkg(dir);
    auto fp = products::load_map_layers(dir / "harbormap.gpkg");
    const auto basemap = products::load_basemap(test::source_dir() / "data");
    auto p = params(dir, "world", "world.svg");

    // world: a PRC-operated port with no geometry
    const auto before = products::world_map(fp, basemap, p);
    feature lost = fp.ports.features.front();
    lost.geom = geometry{};
    set_property(lost, "port_id", std::string("cur:XX:lost"));
    set_property(lost, "name", std::string("Lost Harbour"));
    set_property(lost, "prc_operated", true);
    fp.ports.features.push_back(lost);
    const auto doc = products::world_map(fp, basemap, p);
    CHECK(count(before.subtitle, "5 ports in") == 1);
    CHECK(count(doc.subtitle, "6 ports in") == 1);
    CHECK(count(doc.subtitle, "(1 not mapped)") == 1);
    CHECK(count(doc.footnote, "Not mapped (no position in the footprint): Lost Harbour (cur:XX:lost)") == 1);
    const auto r = render::render_map(doc, p.output);
    std::size_t legend = 0;
    for (const auto& e : r.legend)
        if (e.layer == "prc-terminals") legend += std::stoul(e.text.substr(e.text.rfind(" (") + 2));
    CHECK(legend == 5);
    CHECK(count(read_file(p.output), "Lost Harbour") == 1); // the footnote; no label

    // us-strategic: a Strategic Seaport with no geometry
    fp = products::load_map_layers(dir / "harbormap.gpkg");
    feature seaport = fp.strategic.features.front();
    const std::size_t n = fp.strategic.features.size();
    seaport.geom = geometry{};
    set_property(seaport, "name", std::string("Nowhere (Military Ocean Terminal Nowhere)"));
    set_property(seaport, "port_id", std::string());
    set_property(seaport, "notes", std::string("no WPI entry"));
    fp.strategic.features.push_back(seaport);
    p.preset = "us-strategic";
    const auto us = products::us_strategic_map(fp, basemap, p);
    INFO(us.subtitle);
    CHECK(count(us.subtitle, std::to_string(n + 1) + " commercial and military Strategic Seaports (" + std::to_string(n) + " mapped, 1 without a position)") == 1);
    CHECK(count(us.footnote, "Not mapped: Nowhere (Military Ocean Terminal Nowhere)") == 1);
    CHECK(count(us.footnote, "(no WPI entry)") == 1);
    p.output = dir / "us.svg";
    const auto ur = render::render_map(us, p.output);
    std::size_t mapped = 0;
    for (const auto& e : ur.legend)
        if (e.layer == "strategic-seaports") mapped += std::stoul(e.text.substr(e.text.rfind(" (") + 2));
    CHECK(mapped == n);
}

TEST_CASE("scale bar: its label never covers the 0 at the bar's start", "[golden]") {
    // the Gulf region: the 200 km bar is shorter than its label "200 km (108 nm) at 26°N", which is
    // right-aligned to the bar's end and so reaches past its start: the 0 is left out there
    const auto dir = test::temp_dir("scale");
    test::write_fixture_gpkg(dir);
    for (const char* region : {"gulf", "europe", "panama"}) {
        auto p = params(dir, "region", std::string(region) + ".svg");
        p.region = region;
        products::render_preset(p);
        const std::string svg = read_file(p.output);
        const auto g = svg.find("id=\"main-scale-bar\"");
        REQUIRE(g != std::string::npos);
        const std::string group = svg.substr(g, svg.find("</g>", g) - g);
        std::vector<std::pair<double, std::string>> texts; // x, text
        for (std::size_t at = group.find("<text x=\""); at != std::string::npos; at = group.find("<text x=\"", at + 1)) {
            const double x = std::stod(group.substr(at + 9));
            const auto open = group.find('>', at) + 1;
            texts.emplace_back(x, group.substr(open, group.find("</text>", open) - open));
        }
        REQUIRE(!texts.empty());
        const auto& label = texts.back();
        CHECK(label.second.find(" km (") != std::string::npos);
        if (texts.size() == 2) {
            CHECK(texts[0].second == "0");
            // the 0 (6 pt, ~3.5 pt wide) ends at least 3 pt before the label starts
            CHECK(texts[0].first + 3.5 + 3 <= label.first);
        }
        if (std::string(region) == "gulf") CHECK(texts.size() == 1);
    }
}

TEST_CASE("region subtitle: one port in one country is said so", "[golden]") {
    const auto dir = test::temp_dir("one");
    test::write_fixture_gpkg(dir);
    auto p = params(dir, "region", "piraeus.svg");
    p.extent = bbox{23.0, 37.5, 24.0, 38.5}; // the fixture's Piraeus alone
    products::render_preset(p);
    const std::string svg = read_file(p.output);
    CHECK(count(svg, "1 port in 1 country with a terminal") == 1);
    CHECK(count(svg, "1 ports") == 0);
}
