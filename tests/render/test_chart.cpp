// Bar and range charts (engine/render/chart.hpp): the SVG carries one rect per bar, the labels and the
// axis; the PNG has the computed page size; bad input names the chart and the row.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/render/chart.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace harbormap;
using namespace harbormap::render;

namespace {
chart_document two_series() {
    chart_document c;
    c.title = "Cost range per seaport";
    c.axis_label = "USD million";
    c.series = {{"remove", rgba::hex("#b2182b")}, {"secure", rgba::hex("#2166ac")}};
    c.rows = {{"Long Beach (20)", {{0, 233.3, 420.0, {}}, {1, 35.0, 126.0, {}}}},
              {"Gulfport (3)", {{0, 35.0, 63.0, {}}, {1, 5.25, 18.9, {}}}},
              {"count only", {{1, 0, 7, {}}}}};
    return c;
}
} // namespace

TEST_CASE("nice axis ends are 1, 2 or 5 times a power of ten", "[unit]") {
    CHECK(nice_axis_max(0) == 1);
    CHECK(nice_axis_max(420) == Approx(500));
    CHECK(nice_axis_max(500) == Approx(500));
    CHECK(nice_axis_max(501) == Approx(1000));
    CHECK(nice_axis_max(0.13) == Approx(0.2));
    CHECK(nice_axis_max(17) == Approx(20));
}

TEST_CASE("a range chart as SVG: one bar per value, labels, legend and axis", "[unit]") {
    const auto dir = test::temp_dir("chart");
    const auto r = render_chart(two_series(), dir / "c.svg");
    CHECK(r.bars == 5);
    CHECK(r.axis_max == Approx(500));
    const std::string svg = read_file(dir / "c.svg");
    for (const char* t : {"Cost range per seaport", "Long Beach (20)", "Gulfport (3)", "remove", "secure", "USD million",
                          "233.3\u2013420.0", "5.2\u201318.9", ">7<", ">500<"}) {
        INFO(t);
        CHECK(svg.find(t) != std::string::npos);
    }
    // the bars group holds exactly the five bars (one path each)
    const auto a = svg.find("id=\"bars\""), b = svg.find("</g>", a);
    REQUIRE(a != std::string::npos);
    const std::string bars = svg.substr(a, b - a);
    std::size_t paths = 0;
    for (auto p = bars.find("<path"); p != std::string::npos; p = bars.find("<path", p + 1)) ++paths;
    CHECK(paths == 5);
    // the page grows with the rows
    auto more = two_series();
    for (int i = 0; i < 10; ++i) more.rows.push_back({"row " + std::to_string(i), {{0, 1, 2, {}}}});
    CHECK(render_chart(more, dir / "more.svg").page.height_pt > r.page.height_pt + 80);
}

TEST_CASE("a chart as PNG has the page size at its dpi", "[unit]") {
    const auto dir = test::temp_dir("chart");
    auto c = two_series();
    c.dpi = 72;
    const auto r = render_chart(c, dir / "c.png");
    const std::string png = read_file(dir / "c.png");
    REQUIRE(png.size() > 24);
    const auto be32 = [&](std::size_t at) {
        return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
               (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
    };
    CHECK(be32(16) == r.page.width_px());
    CHECK(be32(20) == r.page.height_px());
}

TEST_CASE("a bar of an unknown series or a reversed range is refused, naming the row", "[unit]") {
    const auto dir = test::temp_dir("chart");
    auto c = two_series();
    c.rows[1].bars[0].series = 5;
    CHECK_THROWS_WITH(render_chart(c, dir / "bad.svg"), Catch::Contains("Gulfport (3)") && Catch::Contains("series 5"));
    c = two_series();
    c.rows[0].bars[1] = {1, 50, 10, {}};
    CHECK_THROWS_WITH(render_chart(c, dir / "bad.svg"), Catch::Contains("Long Beach (20)"));
    CHECK_FALSE(std::filesystem::exists(dir / "bad.svg"));
}
