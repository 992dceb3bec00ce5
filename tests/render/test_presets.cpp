// The presets on a small fixture footprint GPKG: three formats, SVG structure, pixel probes at known
// ports, no overlapping labels.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/render/draw.hpp"
#include "layers/reader.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

using namespace harbormap;

namespace {
std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}
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

TEST_CASE("group classes of prc_groups", "[unit]") {
    CHECK(products::group_class("COSCO") == "COSCO");
    CHECK(products::group_class("CMPort-TerminalLink") == "China Merchants");
    CHECK(products::group_class("CCCC") == "CCCC");
    CHECK(products::group_class("SIPG") == "Other");
    CHECK(products::group_class("COSCO;CMPort") == "Several");
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
    for (const char* id : {"id=\"panel-main\"", "id=\"panel-alaska\"", "id=\"panel-hawaii\"", "id=\"panel-guam\"",
                           "id=\"layer-strategic-seaports\"", "id=\"layer-nearest-links\"", "id=\"main-scale-bar\""})
        CHECK(count(svg, id) == 1);
    CHECK(count(svg, ">Strategic Seaport with ZPMC ship-to-shore cranes (2)</text>") == 1);
    CHECK(count(svg, ">Long Beach (14)</text>") == 1);
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
