#include "engine/fusion/matcher.hpp"

#include <catch2/catch.hpp>

using namespace harbormap;
using namespace harbormap::fusion;

namespace {
// A small fixture of WPI-like ports (positions are real WPI points).
std::vector<indexed_port> matcher_ports() {
    return {
        {"42230", "GRPIR", "GR", {"piraievs", "piraeus"}, {23.65, 37.933333}},     // 0
        {"16070", "USLGB", "US", {"long beach"}, {-118.183333, 33.766667}},       // 1
        {"16080", "USLAX", "US", {"los angeles"}, {-118.266667, 33.716667}},      // 2
        {"49460", "", "IN", {"machilipatnam"}, {81.2, 16.166667}},                // 3 (WPI reuses this number)
        {"49460", "", "IN", {"machilipatnam"}, {81.216667, 16.166667}},           // 4
        {"50000", "SGSIN", "SG", {"keppel singapore", "singapore"}, {103.833333, 1.266667}}, // 5
        {"90001", "", "XA", {"twin"}, {10.0, 10.0}},                              // 6: equidistant pair
        {"90002", "", "XA", {"twin b"}, {10.2, 10.0}},                            // 7
    };
}
} // namespace

TEST_CASE("WPI number is the first key", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.wpi_number = "42230";
    in.names = {"Piraeus"};
    in.country_iso2 = "GR";
    auto r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 0);
    CHECK(r.method == match_method::wpi_number);
}

TEST_CASE("a proxy WPI number is not an identity; the name decides", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.wpi_number = "16080"; // Los Angeles' number used as a stand-in position
    in.position_is_proxy = true;
    in.names = {"Long Beach"};
    in.country_iso2 = "US";
    in.pos = lon_lat{-118.266667, 33.716667};
    auto r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 1);
    CHECK(r.method == match_method::name_country);
    CHECK(r.reason.find("proxy") != std::string::npos);
}

TEST_CASE("a proxy position without a name match stays unmatched (no proximity)", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.names = {"Lekki"};
    in.country_iso2 = "US";
    in.pos = lon_lat{-118.183333, 33.766667}; // exactly on Long Beach, but only as a stand-in
    in.position_is_proxy = true;
    auto r = match_row(in, ports, idx);
    CHECK_FALSE(r.port);
    CHECK(r.reason.find("proxy") != std::string::npos);
}

TEST_CASE("UN/LOCODE is the second key", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.unlocode = "USLGB";
    in.country_iso2 = "US";
    auto r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 1);
    CHECK(r.method == match_method::unlocode);
}

TEST_CASE("name + country: near-miss in another country is not a match", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.names = {"Port of Piraeus"};
    in.country_iso2 = "CY";
    auto r = match_row(in, ports, idx);
    CHECK_FALSE(r.port);
    in.country_iso2 = "GR";
    r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 0);
}

TEST_CASE("ties: a reused WPI number is broken by distance, or left ambiguous", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.wpi_number = "49460";
    in.country_iso2 = "IN";
    auto r = match_row(in, ports, idx); // no position: cannot choose
    CHECK_FALSE(r.port);
    CHECK(r.candidates.size() == 2);
    in.pos = lon_lat{81.2165, 16.1667};
    r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 4);
}

TEST_CASE("proximity: nearest same-country port within the radius", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.names = {"San Pedro Bay terminal"};
    in.country_iso2 = "US";
    in.pos = lon_lat{-118.19, 33.76}; // ~0.9 km from Long Beach, ~8 km from Los Angeles
    auto r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 1);
    CHECK(r.method == match_method::proximity);
    CHECK(*r.distance_km == Approx(0.9).margin(0.3));

    match_options tight;
    tight.radius_km = 0.5; // just outside
    r = match_row(in, ports, idx, tight);
    CHECK_FALSE(r.port);
    CHECK(r.reason.find("no WPI port within 0.5 km") != std::string::npos);
}

TEST_CASE("proximity: an equidistant pair is a tie, not a guess", "[unit][fusion]") {
    const auto ports = matcher_ports();
    const port_index idx(ports);
    match_input in;
    in.names = {"midway"};
    in.country_iso2 = "XA";
    in.pos = lon_lat{10.1, 10.0};
    match_options o;
    o.radius_km = 20;
    auto r = match_row(in, ports, idx, o);
    CHECK_FALSE(r.port);
    CHECK(r.candidates.size() == 2);
    CHECK(r.reason.find("equally near") != std::string::npos);
}

TEST_CASE("proximity across the antimeridian", "[unit][fusion]") {
    std::vector<indexed_port> ports = {{"1", "", "FJ", {"east"}, {179.99, -17.0}}, {"2", "", "FJ", {"far"}, {170.0, -17.0}}};
    const port_index idx(ports);
    match_input in;
    in.country_iso2 = "FJ";
    in.names = {"nowhere"};
    in.pos = lon_lat{-179.99, -17.0}; // ~2 km from port 1 across ±180
    auto r = match_row(in, ports, idx);
    REQUIRE(r.port);
    CHECK(*r.port == 0);
    CHECK(*r.distance_km < 3.0);
}
