// The report's figures come from the data: change the fixture, the figure follows.
#include "engine/core/atomic_file.hpp"
#include "engine/products/report.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

using namespace harbormap;

TEST_CASE("report figures follow the footprint", "[golden]") {
    const auto dir = test::temp_dir("report");
    test::write_fixture_gpkg(dir);
    products::report_params p;
    p.gpkg = dir / "harbormap.gpkg";
    p.data_dir = test::source_dir() / "data";
    p.out_dir = dir;
    p.maps = false;
    const auto out = products::write_report(p);
    const std::string html = read_file(out / "index.html");
    const std::string md = read_file(out / "report.md");
    CHECK(html.find("id=\"fig-prc-ports\">5<") != std::string::npos);
    CHECK(html.find("id=\"fig-prc-countries\">5<") != std::string::npos);
    CHECK(html.find("id=\"fig-zpmc-strategic\">2<") != std::string::npos);
    CHECK(html.find("id=\"fig-zpmc-strategic-cranes\">20<") != std::string::npos);
    CHECK(html.find("id=\"fig-logink-ports\">2<") != std::string::npos);
    CHECK(html.find("https://example.org/piraeus") != std::string::npos); // each figure links its rows' sources
    // no sea graph given: the routing columns say n/a and why (test_routing_maps.cpp fills them)
    const bool routing_na = html.find("n/a (routing not built)") != std::string::npos || html.find("n/a (no sea graph)") != std::string::npos;
    CHECK(routing_na);
    CHECK(html.find("about 100 ports in 60 countries") != std::string::npos);
    CHECK(md.find("| [Ports with an active PRC-operated terminal](#src-prc-ports) | 5 |") != std::string::npos);
    CHECK(md.find("Remove it") != std::string::npos);
    // one document, two writers: the HTML passes a real parser with a tag-balance check, and both
    // outputs are reviewed goldens (figures are integers computed from the fixture)
    CHECK(test::check_html(out / "index.html") == 0);
    test::check_golden("report_fixture.md", md);
    test::check_golden("report_fixture.html", html);
    // the course-of-action text comes from data/report/courses.json with the figures filled in
    CHECK(md.find("- **Remove it.** Replacing cranes touches 2 Strategic Seaports and at least 20 cranes") != std::string::npos);

    const auto dir2 = test::temp_dir("report2");
    test::fixture_options o;
    o.piraeus_prc = false;
    test::write_fixture_gpkg(dir2, o);
    p.gpkg = dir2 / "harbormap.gpkg";
    p.out_dir = dir2;
    const std::string html2 = read_file(products::write_report(p) / "index.html");
    CHECK(html2.find("id=\"fig-prc-ports\">4<") != std::string::npos);
    // Piraeus leaves the sources of the PRC figure (it stays under BRI)
    const auto a = html2.find("id=\"src-prc-ports\""), b = html2.find("<h3", a + 1);
    REQUIRE(a != std::string::npos);
    CHECK(html2.substr(a, b - a).find("example.org/piraeus") == std::string::npos);
    CHECK(html2.substr(a, b - a).find("example.org/chancay") != std::string::npos);
}
