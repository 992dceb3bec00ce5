// The report's figures come from the data: change the fixture, the figure follows.
#include "engine/core/atomic_file.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/report.hpp"
#include "engine/products/report/sections.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <stdexcept>

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

// The growth charts (report/growth.cpp through render::render_chart), counted from fact rows with known
// years (2010 < 2015 < now).
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
const products::growth_chart& chart(const std::vector<products::growth_chart>& charts, const std::string& id) {
    for (const auto& g : charts)
        if (g.id == id) return g;
    FAIL("no chart " << id);
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
    CHECK(g.note.find("1 without one are not drawn") != std::string::npos);
    // drawn by the one chart renderer: a line per series, the years along the axis
    const std::string svg = read_file(dir / "maps" / "growth-prc-ports.svg");
    CHECK(svg.find("inkscape:label=\"Lines\"") != std::string::npos);
    CHECK(svg.find(">2016<") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "maps" / "growth-prc-ports.png"));
}

namespace {
struct logink_fixture_row {
    const char* id;
    const char* granularity;
    const char* status;
    std::optional<std::int64_t> year;
};
// LOGINK rows as the fact layer carries them: agreements at 2010, 2015 and 2017 (none in between),
// two rows without a year and an aggregate row (a partner count, not an agreement).
const logink_fixture_row logink_rows[] = {
    {"kr-busan", "port", "operational", 2010},     {"jp-tokyo", "port", "operational", 2010},
    {"jp-kobe", "port", "operational", 2015},      {"ae-abudhabi", "port", "signed", 2017},
    {"nl-rotterdam", "port", "signed", 2017},      {"kh-sihanoukville", "port", "feasibility", 2017},
    {"intl-ipcsa", "organisation", "signed", 2017}, {"es-barcelona", "port", "signed", std::nullopt},
    {"sg-singapore", "port", "proposed", std::nullopt}, {"agg-uscc", "aggregate", "signed", 2022},
};
} // namespace

TEST_CASE("growth chart: LOGINK agreements per year equal the rows, rows without a year only in the note", "[unit][render]") {
    const auto dir = test::temp_dir("growth-logink");
    products::evidence_layers l;
    std::map<int, double> per_year;
    std::size_t no_year = 0, aggregates = 0;
    for (const auto& r : logink_rows) {
        feature f;
        f.properties = {{"logink_id", std::string(r.id)}, {"granularity", std::string(r.granularity)},
                        {"status", std::string(r.status)}, {"valid_from", r.year ? value(*r.year) : value()},
                        {"valid_to", value()}};
        l.logink.features.push_back(std::move(f));
        if (std::string(r.granularity) == "aggregate") ++aggregates;
        else if (!r.year) ++no_year;
        else per_year[static_cast<int>(*r.year)] += 1;
    }
    const auto charts = products::write_growth_charts(l, dir / "maps", 72);
    const auto& g = chart(charts, "logink");
    CHECK(g.table == "logink");
    CHECK(g.rows_year_unknown == no_year);
    // the years the rows carry, first to last, and nothing else (no 2022 from the aggregate row)
    REQUIRE(g.x.front() == std::to_string(per_year.begin()->first));
    REQUIRE(g.x.back() == std::to_string(per_year.rbegin()->first));
    for (std::size_t i = 0; i < g.x.size(); ++i) {
        double total = 0;
        for (const auto& [status, values] : g.series) total += values.at(i);
        const int year = std::stoi(g.x[i]);
        INFO(year);
        CHECK(total == (per_year.count(year) ? per_year.at(year) : 0.0));
    }
    CHECK(series(g, "feasibility")[static_cast<std::size_t>(2017 - per_year.begin()->first)] == 1);
    CHECK(g.note.find(std::to_string(no_year) + " without a year are not drawn") != std::string::npos);
    CHECK(g.note.find(std::to_string(aggregates) + " aggregate row") != std::string::npos);
    const std::string svg = read_file(dir / "maps" / "growth-logink.svg");
    CHECK(svg.find("LOGINK agreements by year") != std::string::npos);
    CHECK(svg.find(std::to_string(no_year) + " without a year are not drawn") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "maps" / "growth-logink.png"));

    // the report's growth section shows it with its note
    products::report_data d;
    d.charts = charts;
    const std::string md = products::report::to_markdown(products::report::build_document({d, {}, nullptr, test::source_dir() / "data"}));
    const auto at = md.find("Growth through time");
    REQUIRE(at != std::string::npos);
    CHECK(md.find("../maps/growth-logink.png", at) != std::string::npos);
    CHECK(md.find(std::to_string(no_year) + " without a year are not drawn", at) != std::string::npos);
}
