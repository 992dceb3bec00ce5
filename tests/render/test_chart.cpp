// Charts (engine/render/chart.hpp): categories (horizontal bar and range charts) and time series
// (vertical: grouped, stacked, lines).  The SVG carries one path per bar, the labels and the axis; a
// time-series SVG is compared with its golden (numbers within a tolerance); the PNG has the computed
// page size; bad input names the chart and the row.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/render/chart.hpp"
#include "engine/render/text.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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

TEST_CASE("the value axis: about five steps of 1, 2 or 5 times a power of ten, to the first step >= the maximum", "[unit]") {
    const auto axis = [](double v, double min_step = 0) {
        const value_axis a = nice_axis(v, min_step);
        return std::pair<double, double>{a.max, a.step};
    };
    CHECK(axis(0) == std::pair<double, double>{1, 0.2});
    CHECK(axis(420).first == Approx(500));
    CHECK(axis(420).second == Approx(100));
    CHECK(axis(500).first == Approx(500));
    CHECK(axis(501).first == Approx(600)); // not 1000: the next step, not the next power
    CHECK(axis(0.13).first == Approx(0.15));
    CHECK(axis(0.13).second == Approx(0.05));
    CHECK(axis(17) == std::pair<double, double>{20, 5});
    CHECK(axis(24) == std::pair<double, double>{25, 5});
    CHECK(axis(3) == std::pair<double, double>{3, 1});
    CHECK(axis(2, 1) == std::pair<double, double>{2, 1}); // counts: no half steps
    CHECK(axis(2).second == Approx(0.5));
}

TEST_CASE("a range chart as SVG: one bar per value, labels, legend and axis", "[unit]") {
    const auto dir = test::temp_dir("chart");
    const auto r = render_chart(two_series(), dir / "c.svg");
    CHECK(r.bars == 5);
    CHECK(r.axis.max == Approx(500));
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

namespace {
// Agreements by year and status, as the report's LOGINK chart draws them (one row per year, a gap year
// with no bar, a year with one status only).
chart_document by_year(chart_mode mode) {
    chart_document c;
    c.title = "Agreements by year";
    c.axis_label = "agreements";
    c.note = "Table t: 9 rows at their year; 2 without a year are not drawn.";
    c.credit = "Source: a fixture";
    c.mode = mode;
    c.orientation = chart_orientation::vertical;
    c.width_pt = 400;
    c.plot_height_pt = 120;
    c.min_step = 1;
    c.series = {{"signed", chart_colour(0)}, {"operational", chart_colour(1)}};
    c.rows = {{"2015", {{0, 0, 2, {}}, {1, 0, 3, {}}}}, {"2016", {}}, {"2017", {{0, 0, 4, {}}}}};
    return c;
}

std::size_t count_of(const std::string& text, const std::string& what, std::size_t from = 0, std::size_t to = std::string::npos) {
    std::size_t n = 0;
    for (auto p = text.find(what, from); p != std::string::npos && p < to; p = text.find(what, p + 1)) ++n;
    return n;
}

std::string group_of(const std::string& svg, const std::string& id) {
    const auto a = svg.find("id=\"" + id + "\"");
    REQUIRE(a != std::string::npos);
    return svg.substr(a, svg.find("</g>", a) - a);
}
} // namespace

TEST_CASE("a stacked time series: one column per year, parts end to end, the totals on top (golden SVG)", "[unit]") {
    const auto dir = test::temp_dir("chart");
    const auto r = render_chart(by_year(chart_mode::stacked), dir / "stacked.svg");
    CHECK(r.bars == 3);          // 2015: two parts, 2016: none, 2017: one
    CHECK(r.axis.max == 5);      // the largest total, 2 + 3 (not the largest part)
    CHECK(r.axis.step == 1);
    CHECK(r.row_labels == 3);
    const std::string svg = read_file(dir / "stacked.svg");
    const std::string bars = group_of(svg, "bars");
    CHECK(count_of(bars, "<path") == 3);
    CHECK(bars.find(">5<") != std::string::npos); // 2015's total
    CHECK(bars.find(">4<") != std::string::npos); // 2017's total (one part: no part label inside)
    CHECK(count_of(bars, ">4<") == 1);
    for (const char* t : {">2015<", ">2016<", ">2017<", ">signed<", ">operational<", ">agreements<", "2 without a year are not drawn"}) {
        INFO(t);
        CHECK(svg.find(t) != std::string::npos);
    }
    test::check_golden_numbers("chart_stacked_years.svg", svg, 0.6);
}

TEST_CASE("a grouped time series keeps each series at its place in every year; a line chart draws points and breaks at gaps", "[unit]") {
    const auto dir = test::temp_dir("chart");
    const auto g = render_chart(by_year(chart_mode::grouped), dir / "grouped.svg");
    CHECK(g.bars == 3);
    CHECK(g.axis.max == 4);
    test::check_golden_numbers("chart_grouped_years.svg", read_file(dir / "grouped.svg"), 0.6);

    const auto l = render_chart(by_year(chart_mode::lines), dir / "lines.svg");
    CHECK(l.bars == 3); // points: 2015 and 2017 of "signed", 2015 of "operational"
    const std::string lines = group_of(read_file(dir / "lines.svg"), "bars");
    CHECK(count_of(lines, "<circle") == 3);
    // one path per series; "signed" has no value in 2016: its path is two parts (two moves), no segment across the gap
    REQUIRE(count_of(lines, "<path d=\"") == 2);
    const auto first = lines.find("<path d=\""), second = lines.find("<path d=\"", first + 1);
    const std::string signed_d = lines.substr(first, lines.find('"', first + 9) - first);
    const std::string operational_d = lines.substr(second, lines.find('"', second + 9) - second);
    CHECK(count_of(signed_d, "M") == 2);
    CHECK(count_of(signed_d, "L") == 0);
    CHECK(count_of(operational_d, "M") == 1);
}

TEST_CASE("dense years: some row labels are left out, the last year always labelled", "[unit]") {
    const auto dir = test::temp_dir("chart");
    auto c = by_year(chart_mode::stacked);
    c.rows.clear();
    for (int y = 1990; y <= 2026; ++y) c.rows.push_back({std::to_string(y), {{0, 0, static_cast<double>(y % 7), {}}}});
    const auto r = render_chart(c, dir / "dense.svg");
    CHECK(r.row_labels < c.rows.size());
    CHECK(r.row_labels > 3);
    const std::string labels = group_of(read_file(dir / "dense.svg"), "rows");
    CHECK(labels.find(">2026<") != std::string::npos);
    CHECK(count_of(labels, "<text") == r.row_labels);
}

TEST_CASE("the note and credit under a chart wrap like the maps' footer: pango's lines, none wider than the page margins", "[unit]") {
    // A credit holding a path longer than the line (a word the old greedy wrap kept whole, past the page edge)
    // is broken between characters by render::wrap_text, as the map footers are; nothing is lost.
    const auto dir = test::temp_dir("chart");
    auto c = by_year(chart_mode::stacked);
    c.width_pt = 220;
    c.note = "Table t: 9 rows at their year; 2 without a year are not drawn, and a longer sentence follows to wrap.";
    c.credit = "Source: data/curated/a_very_long_file_name_for_the_logink_agreements_by_year_and_status.csv";
    render_chart(c, dir / "wrap.svg");
    const std::string note = group_of(read_file(dir / "wrap.svg"), "note");
    const std::regex text_re("<text [^>]*>([^<]*)</text>");
    std::vector<std::string> lines;
    for (auto it = std::sregex_iterator(note.begin(), note.end(), text_re); it != std::sregex_iterator(); ++it)
        lines.push_back((*it)[1].str());
    CHECK(lines.size() >= 4);
    font_spec small;
    small.size = 6.5;
    std::string joined;
    for (const auto& l : lines) {
        INFO(l);
        CHECK(measure_text(l, small).width <= 220 - 2 * 18 + 0.01);
        joined += l;
    }
    std::string expected = c.note + c.credit;
    for (std::string* s : {&joined, &expected}) s->erase(std::remove(s->begin(), s->end(), ' '), s->end());
    CHECK(joined == expected);
    CHECK(lines == [&] {
        std::vector<std::string> all = wrap_text(c.note, small, 220 - 2 * 18);
        for (auto& l : wrap_text(c.credit, small, 220 - 2 * 18)) all.push_back(l);
        return all;
    }());
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
    c = two_series();
    c.rows[0].bars[1].series = 0;
    CHECK_THROWS_WITH(render_chart(c, dir / "bad.svg"), Catch::Contains("Long Beach (20)") && Catch::Contains("two bars of series 'remove'"));
    c = two_series();
    c.mode = chart_mode::stacked; // a range cannot be stacked
    CHECK_THROWS_WITH(render_chart(c, dir / "bad.svg"), Catch::Contains("Long Beach (20)") && Catch::Contains("not ranges"));
    CHECK_FALSE(std::filesystem::exists(dir / "bad.svg"));
}
