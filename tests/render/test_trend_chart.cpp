// The growth charts: the render module's chart (SVG structured, PNG through cairo) and the report's
// growth figures counted from fact rows with known years (2010 < 2015 < now).
#include "engine/core/atomic_file.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/report.hpp"
#include "engine/render/trend_chart.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

using namespace harbormap;

TEST_CASE("a chart renders to SVG and PNG with its title, legend and caption", "[unit][render]") {
    const auto dir = test::temp_dir("chart");
    render::trend_spec s;
    s.title = "Ports by year";
    s.caption = "Table terminals: 3 rows";
    s.x_labels = {"2010", "2011", "2012"};
    s.series = {{"COSCO", render::trend_colour(0), {1, 2, 4}}, {"CMPort", render::trend_colour(1), {0, 1, 1}}};
    const auto svg = render::render_trend(s, dir / "c.svg");
    CHECK(svg.y_max == 4);
    CHECK(svg.marks == 5); // bars with a value > 0
    const std::string text = read_file(dir / "c.svg");
    for (const char* want : {"Ports by year", "COSCO", "CMPort", "Table terminals: 3 rows", "2011", "id=\"series\""})
        CHECK(text.find(want) != std::string::npos);
    s.k = render::trend_spec::kind::lines;
    const auto png = render::render_trend(s, dir / "c.png");
    CHECK(png.marks == 6); // line vertices
    const auto [w, h] = test::png_size(dir / "c.png");
    CHECK(w == s.page.width_px());
    CHECK(h == s.page.height_px());
    s.series[1].values.pop_back();
    CHECK_THROWS_AS(render::render_trend(s, dir / "bad.svg"), std::invalid_argument);
}

namespace {
feature terminal_row(const char* port, const char* cc, const char* group, const char* cls, std::optional<std::int64_t> from) {
    feature f;
    f.properties = {{"port_name", port}, {"country_iso2", cc}, {"group_key", group}, {"class", cls},
                    {"valid_from", from ? value(*from) : value()}, {"valid_to", value()}};
    return f;
}
const std::vector<double>& series(const products::growth_chart& g, const std::string& name) {
    for (const auto& [n, v] : g.series)
        if (n == name) return v;
    FAIL("no series " << name);
    throw std::logic_error("unreachable");
}
} // namespace

TEST_CASE("growth chart: PRC-operated ports by year from the rows' years", "[unit][render]") {
    const auto dir = test::temp_dir("growth");
    products::evidence_layers l;
    l.terminals.features = {
        terminal_row("Piraeus", "GR", "COSCO", "prc-operated", 2010),
        terminal_row("Piraeus", "GR", "COSCO", "prc-operated", 2016), // same port: counted once
        terminal_row("Chancay", "PE", "COSCO", "prc-operated", 2015),
        terminal_row("Colombo", "LK", "CMPort", "prc-operated", 2013),
        terminal_row("Lekki", "NG", "CHEC", "prc-operated", std::nullopt), // year unknown: not drawn
        terminal_row("Long Beach", "US", "COSCO", "prc-divested", 2012),  // never PRC-operated in the chart
    };
    const auto charts = products::write_growth_charts(l, dir / "maps", 72);
    REQUIRE(charts.size() == 1);
    const auto& g = charts[0];
    CHECK(g.table == "terminals");
    CHECK(g.rows == 4);
    CHECK(g.rows_year_unknown == 1);
    REQUIRE(g.x.front() == "2000");
    REQUIRE(g.x.back() == "2016");
    const auto& all = series(g, "all groups");
    const auto at = [&](int year) { return all[static_cast<std::size_t>(year - 2000)]; };
    CHECK(at(2009) == 0);
    CHECK(at(2010) == 1);
    CHECK(at(2013) == 2);
    CHECK(at(2015) == 3);
    CHECK(at(2016) == 3);
    CHECK(series(g, "COSCO")[15] == 2); // 2015: Piraeus, Chancay
    CHECK(series(g, "CMPort")[12] == 0);
    CHECK(std::filesystem::exists(dir / "maps" / "growth-prc-ports.svg"));
    CHECK(std::filesystem::exists(dir / "maps" / "growth-prc-ports.png"));
}
