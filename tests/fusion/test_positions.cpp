// Position sanity on the SHIPPED data (issue 21 item 2): the real WPI, the real curated tables and the
// shipped Natural Earth countries.  One row at a time is broken the way real rows break (lon and lat
// exchanged, a position in the wrong country, a position far from the port the row names), and the
// fusion must report exactly that row, with file, row, field, distance and the "lat/lon swapped?" hint.
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/fusion/coast_index.hpp"
#include "engine/fusion/country_index.hpp"
#include "engine/products/sources.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <stdexcept>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

const fs::path source_root = HARBORMAP_SOURCE_DIR;

const products::loaded_sources& shipped() {
    static const products::loaded_sources src = products::load_sources(source_root / "data", source_root / "layers/mappings");
    return src;
}

feature& row_of(products::loaded_sources& src, const std::string& table, const std::string& id_field, const std::string& id) {
    for (auto& f : src.tables.at(table).layer.features)
        if (f.text(id_field) == id) return f;
    FAIL("no row " << id << " in " << table);
    throw std::logic_error("unreachable");
}

void set_text(feature& f, const std::string& key, const std::string& v) {
    for (auto& [k, val] : f.properties)
        if (k == key) val = v;
}

// The WPI port's position, read from the WPI table itself (not from the fusion).
lon_lat wpi_position(const std::string& number) {
    for (const auto& f : shipped().tables.at("wpi").layer.features)
        if (f.number("wpi_number") && *f.number("wpi_number") == std::stod(number)) return f.geom.points.front();
    FAIL("no WPI port " << number);
    throw std::logic_error("unreachable");
}

// A warning of this kind on the terminals row f, on this field, at this distance.
void check_warning(const fusion::position_warning& w, const std::string& kind, const feature& f, const std::string& field,
                   double km, double epsilon) {
    CHECK(w.kind == kind);
    CHECK(w.source == "terminals");
    CHECK(w.row == f.row);
    CHECK(w.field == field);
    CHECK(w.distance_km == Approx(km).epsilon(epsilon));
}

const feature* report_row(const fusion::footprint& fp, const std::string& table, const std::string& id) {
    for (const auto& f : fp.match_report.features)
        if (f.text("source_table") == table && f.text("row_id") == id) return &f;
    return nullptr;
}

} // namespace

TEST_CASE("country index: point in the shipped Natural Earth polygons, distances to the border", "[positions]") {
    const auto& countries = *shipped().countries;
    CHECK(countries.countries() > 200);
    const lon_lat athens{23.7275, 37.9838}, riyadh{46.7167, 24.6333}, aegean{25.0, 38.5};
    CHECK(countries.country_at(athens) == "GR");
    CHECK(countries.country_at(riyadh) == "SA");
    CHECK(*countries.distance_km("GR", athens) == Approx(0.0));
    CHECK(countries.country_at(aegean).empty()); // open sea
    CHECK(*countries.distance_km("GR", aegean) < 60.0);
    CHECK(*countries.distance_km("GR", riyadh) > 1500.0);  // Riyadh is far from Greece ...
    CHECK(*countries.distance_km("GR", riyadh) < 2500.0);  // ... but on the same planet
    CHECK_FALSE(countries.distance_km("XX", athens));      // no such country: no answer
    const auto red_sea = countries.nearest_country({37.933333, 23.65});
    REQUIRE(red_sea);
    CHECK(red_sea->iso2 == "SA");
    CHECK(red_sea->km > 25.0);
    CHECK(red_sea->km < 80.0);
    CHECK(countries.nearest_country(riyadh)->km == 0.0);
}

TEST_CASE("the shipped data passes the position checks", "[positions]") {
    const auto fp = products::fuse_sources(shipped());
    for (const auto& w : fp.position_warnings) WARN(w.message());
    CHECK(fp.position_warnings.empty());
    CHECK(fp.summary.position_port_checked > 300);    // most curated rows name their WPI port
    CHECK(fp.summary.position_country_checked > 400); // and every row with a position has a country
}

TEST_CASE("a Piraeus terminal row with lon and lat swapped is reported with the swap hint", "[positions]") {
    auto src = shipped();
    feature& f = row_of(src, "terminals", "terminal_id", "gr-piraeus-pct");
    REQUIRE(f.text("country_iso2") == "GR");
    REQUIRE(f.text("wpi_number") == "42230");
    const lon_lat right = f.geom.points.front(), swapped{right.lat, right.lon};
    f.geom.points.front() = swapped;
    const auto fp = products::fuse_sources(src);

    REQUIRE(fp.position_warnings.size() == 2);
    const double expected_km = km_from_m(geodesic_m(swapped, wpi_position("42230")));
    const auto& far = fp.position_warnings[0];
    check_warning(far, "far-from-port", f, "lon/lat", expected_km, 1e-6);
    CHECK(far.distance_km > 1000.0);
    CHECK(far.swap_fixes);
    CHECK(far.message().rfind(src.tables.at("terminals").file + ":" + std::to_string(f.row) + ": field 'lon/lat': ", 0) == 0);
    CHECK(far.message().find("WPI 42230 (Piraievs, GR), the port its wpi_number names (limit 50 km)") != std::string::npos);
    CHECK(far.message().find("lat/lon swapped?") != std::string::npos);

    const auto& out = fp.position_warnings[1];
    CHECK(out.kind == "outside-country");
    CHECK(out.field == "country_iso2");
    CHECK(out.distance_km > 1000.0);
    CHECK(out.message().find("outside GR") != std::string::npos);
    // 37.9 E, 23.65 N is in the Red Sea off Saudi Arabia's coast (about 45 km, a coarse 50m coastline)
    CHECK(out.message().find("it lies in no country (sea, or land without an ISO code); the nearest is SA, ") != std::string::npos);
    CHECK(out.message().find("lat/lon swapped?") != std::string::npos);

    // the match report carries it on the row
    const feature* r = report_row(fp, "terminals", "gr-piraeus-pct");
    REQUIRE(r);
    CHECK(r->text("position_warning").find("lat/lon swapped?") != std::string::npos);
    CHECK(report_row(fp, "terminals", "gr-piraeus-ppa")->text("position_warning").empty());

    // --strict: the same findings as one error, a line each
    try {
        products::throw_if_strict(fp.position_warnings, true);
        FAIL("no error under --strict");
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find(far.message()) != std::string::npos);
        CHECK(std::string(e.what()).find(out.message()) != std::string::npos);
    }
    CHECK_NOTHROW(products::throw_if_strict(fp.position_warnings, false));
}

TEST_CASE("a row placed in the wrong country is reported, without a swap hint", "[positions]") {
    auto src = shipped();
    // Piraeus says Turkey: its position is still its WPI port's, so only the country check fails
    feature& f = row_of(src, "terminals", "terminal_id", "gr-piraeus-ppa");
    set_text(f, "country_iso2", "TR");
    const auto fp = products::fuse_sources(src);
    REQUIRE(fp.position_warnings.size() == 1);
    const auto& w = fp.position_warnings[0];
    CHECK(w.kind == "outside-country");
    CHECK(w.row == f.row);
    CHECK(w.field == "country_iso2");
    CHECK(w.distance_km > 25.0);
    CHECK_FALSE(w.swap_fixes);
    CHECK(w.message().find("outside TR") != std::string::npos);
    // Piraeus is on the coast, 1-2 km off the coarse 50m polygon of Greece
    CHECK(w.message().find("the nearest is GR, ") != std::string::npos);
    CHECK(w.message().find("swapped") == std::string::npos);
}

TEST_CASE("a row without a WPI number is checked against the port its name attaches it to", "[positions]") {
    auto src = shipped();
    // a Piraeus row without its WPI number, placed at Thessaloniki (about 300 km north, still Greece)
    feature& f = row_of(src, "terminals", "terminal_id", "gr-piraeus-ppa");
    for (auto& [k, v] : f.properties)
        if (k == "wpi_number") v = value();
    const lon_lat thessaloniki{22.93, 40.63};
    f.geom.points.front() = thessaloniki;
    const auto fp = products::fuse_sources(src);
    REQUIRE(fp.position_warnings.size() == 1);
    const auto& w = fp.position_warnings[0];
    CHECK(w.kind == "far-from-port");
    CHECK(w.distance_km == Approx(km_from_m(geodesic_m(thessaloniki, wpi_position("42230")))).epsilon(1e-6));
    CHECK(w.message().find("the port its port name attaches it to (name+country)") != std::string::npos);
}

TEST_CASE("the distance limit is an option", "[positions]") {
    auto src = shipped();
    feature& f = row_of(src, "terminals", "terminal_id", "gr-piraeus-ppa");
    // 30 km south-east of the WPI position: in the Saronic Gulf, within Greece's coastal tolerance
    const lon_lat moved = geodesic_direct(f.geom.points.front(), 135.0, 30000.0);
    f.geom.points.front() = moved;
    CHECK(products::fuse_sources(src).position_warnings.empty()); // default 50 km
    fusion::position_options tight;
    tight.max_port_km = 20.0;
    const auto fp = products::fuse_sources(src, tight);
    REQUIRE(fp.position_warnings.size() == 1);
    CHECK(fp.position_warnings[0].kind == "far-from-port");
    CHECK(fp.position_warnings[0].distance_km == Approx(30.0).epsilon(0.01));
    CHECK(fp.position_warnings[0].message().find("(limit 20 km)") != std::string::npos);
}

TEST_CASE("layers check's position check finds the same as the build's", "[positions]") {
    auto src = shipped();
    feature& f = row_of(src, "terminals", "terminal_id", "gr-piraeus-pct");
    f.geom.points.front() = lon_lat{f.geom.points.front().lat, f.geom.points.front().lon};
    products::loaded_sources only;
    only.tables.emplace("terminals", src.tables.at("terminals"));
    const auto checked = products::check_positions(only, source_root / "data", source_root / "layers/mappings");
    const auto built = products::fuse_sources(src).position_warnings;
    REQUIRE(checked.size() == built.size());
    for (std::size_t i = 0; i < checked.size(); ++i) CHECK(checked[i].message() == built[i].message());
}

// --- on land far from water (the third check) ---------------------------------------------------------

namespace {
std::vector<fusion::position_warning> of_kind(const fusion::footprint& fp, const std::string& kind) {
    std::vector<fusion::position_warning> out;
    for (const auto& w : fp.position_warnings)
        if (w.kind == kind) out.push_back(w);
    return out;
}
} // namespace

TEST_CASE("coast index: on land or at sea, and the distance to the shipped Natural Earth coastline", "[positions]") {
    const auto& coast = *shipped().coast;
    CHECK(coast.segments() > 10000);
    const lon_lat madrid{-3.7038, 40.4168}, aegean{25.0, 38.5}, athens{23.7275, 37.9838}, chad{18.7, 15.5};
    CHECK_FALSE(coast.inland_km(aegean));           // open sea
    REQUIRE(coast.inland_km(madrid));
    CHECK(*coast.inland_km(madrid) > 250.0);        // the nearest coast is the Mediterranean near Valencia, ~300 km
    CHECK(*coast.inland_km(madrid) < 400.0);
    REQUIRE(coast.inland_km(athens));
    CHECK(*coast.inland_km(athens) < 15.0);         // Athens is by the Saronic Gulf
    CHECK(*coast.inland_km(chad) > 800.0);          // the middle of Africa
    // the distance is to the nearest coastline point: consistent with a point moved straight inland
    const lon_lat valencia = wpi_position("38480");
    const double at_port = coast.inland_km(valencia).value_or(0.0);
    CHECK(at_port < 10.0);
    const auto moved = coast.inland_km(geodesic_direct(valencia, 270.0, 100000.0)); // 100 km west, inland
    REQUIRE(moved);
    CHECK(*moved > 60.0);
    CHECK(*moved <= 100.0 + at_port + 1.0);
}

TEST_CASE("the shipped data has no row on land far from water", "[positions]") {
    const auto fp = products::fuse_sources(shipped());
    for (const auto& w : of_kind(fp, "inland")) WARN(w.message());
    CHECK(of_kind(fp, "inland").empty());
    CHECK(fp.summary.position_inland_checked > 400); // every row with a position
    // COFCO's Timbues terminal on the Parana (no WPI number; its position is a stand-in copied from WPI 13600
    // Puerto San Martin, a river port): far inland, but no farther than the river port it stands at
    const feature& timbues = row_of(const_cast<products::loaded_sources&>(shipped()), "terminals", "terminal_id", "ar-timbues-cofco");
    REQUIRE(timbues.text("wpi_number").empty());
    CHECK(timbues.text("coord_source").rfind("wpi-proxy:Puerto San Martin (13600)", 0) == 0);
    const auto inland = shipped().coast->inland_km(timbues.geom.points.front());
    REQUIRE(inland);
    CHECK(*inland > 100.0);
    CHECK(report_row(fp, "terminals", "ar-timbues-cofco")->text("position_warning").empty());
}

TEST_CASE("a terminal row claiming a coastal port but placed 300 km inland warns with the distance", "[positions]") {
    auto src = shipped();
    // the COSCO (CSP Spain) Valencia terminal placed in Madrid, about 300 km inland
    feature& f = row_of(src, "terminals", "terminal_id", "es-valencia-csp");
    REQUIRE(f.text("wpi_number") == "38480");
    const lon_lat madrid{-3.7038, 40.4168};
    f.geom.points.front() = madrid;
    const double expected_km = *shipped().coast->inland_km(madrid);
    const auto fp = products::fuse_sources(src);
    const auto inland = of_kind(fp, "inland");
    REQUIRE(inland.size() == 1);
    const auto& w = inland[0];
    check_warning(w, "inland", f, "lon/lat", expected_km, 1e-9);
    CHECK(w.distance_km > 250.0);
    CHECK_FALSE(w.swap_fixes);
    CHECK(w.message().find("the position is on land, " + fmt::format("{:.1f}", expected_km) + " km from the coast") !=
          std::string::npos);
    CHECK(w.message().find("WPI 38480 (Valencia, ES), the port its wpi_number names") != std::string::npos);
    // it is far from its port too (the first check), and in Spain (no country warning)
    CHECK(of_kind(fp, "far-from-port").size() == 1);
    CHECK(of_kind(fp, "outside-country").empty());
    // the match report carries it; --strict makes it an error
    const feature* r = report_row(fp, "terminals", "es-valencia-csp");
    REQUIRE(r);
    CHECK(r->text("position_warning").find("on land") != std::string::npos);
    CHECK_THROWS_WITH(products::throw_if_strict(fp.position_warnings, true), Catch::Contains(w.message()));

    // a limit above the distance: no inland warning
    fusion::position_options wide;
    wide.inland_km = expected_km + 1;
    CHECK(of_kind(products::fuse_sources(src, wide), "inland").empty());
}

TEST_CASE("a row at an inland river port is not warned: its own WPI port is as far inland", "[positions]") {
    // the WPI river port (harbor_type "River ...", not on a lake: the Great Lakes are land in the 50m
    // Natural Earth land) farthest from the coast
    const auto& wpi = shipped().tables.at("wpi").layer.features;
    std::string number;
    double port_km = 0;
    lon_lat port_pos;
    for (const auto& p : wpi) {
        if (p.geom.points.empty() || !p.number("wpi_number") || p.text("harbor_type").rfind("River", 0) != 0 ||
            p.text("water_body").find("Lake") != std::string::npos)
            continue;
        const double km = shipped().coast->inland_km(p.geom.points.front()).value_or(0.0);
        if (km > port_km) {
            port_km = km;
            number = fmt::format("{:.0f}", *p.number("wpi_number"));
            port_pos = p.geom.points.front();
        }
    }
    REQUIRE(port_km > 150.0);
    INFO("WPI " << number << " is " << port_km << " km from the coast");
    auto src = shipped();
    // a terminal row (Valencia's, renamed) at that river port, naming it by its WPI number
    feature& f = row_of(src, "terminals", "terminal_id", "es-valencia-csp");
    const std::string cc = shipped().countries->country_at(port_pos);
    REQUIRE_FALSE(cc.empty());
    for (auto& [k, v] : f.properties)
        if (k == "wpi_number") v = std::stod(number);
    set_text(f, "country_iso2", cc);
    // 10 km off the WPI point, still as inland as the port
    f.geom.points.front() = geodesic_direct(port_pos, 45.0, 10000.0);
    const auto fp = products::fuse_sources(src);
    for (const auto& w : fp.position_warnings) WARN(w.message());
    CHECK(of_kind(fp, "inland").empty());
    // the same position without the port it names (no WPI number, a name that attaches it nowhere): it is
    // then a row far from any water, and warns
    for (auto& [k, v] : f.properties)
        if (k == "wpi_number") v = value();
    set_text(f, "port_name", "Nowhere Inland");
    const auto unnamed = of_kind(products::fuse_sources(src), "inland");
    REQUIRE(unnamed.size() == 1);
    CHECK(unnamed[0].distance_km > 150.0);
    CHECK(unnamed[0].message().find("WPI") == std::string::npos);
}

TEST_CASE("lon and lat swapped into the interior: the inland warning carries the swap hint", "[positions]") {
    auto src = shipped();
    // Gwadar (62.3 E, 25.1 N) swapped is 25.1 E, 62.3 N: inland Finland, far from Gwadar and outside Pakistan
    feature& f = row_of(src, "terminals", "terminal_id", "pk-gwadar");
    const lon_lat right = f.geom.points.front(), swapped{right.lat, right.lon};
    f.geom.points.front() = swapped;
    const auto fp = products::fuse_sources(src);
    const auto inland = of_kind(fp, "inland");
    const auto in_finland = shipped().coast->inland_km(swapped);
    REQUIRE(in_finland);
    REQUIRE(*in_finland > 25.0);
    REQUIRE(inland.size() == 1);
    CHECK(inland[0].distance_km == Approx(*in_finland).epsilon(1e-9));
    CHECK(inland[0].swap_fixes);
    CHECK(inland[0].message().find("lat/lon swapped?") != std::string::npos);
    CHECK(of_kind(fp, "far-from-port").size() == 1);
    CHECK(of_kind(fp, "outside-country").size() == 1);
}
