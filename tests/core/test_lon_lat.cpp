#include "engine/core/geodesy.hpp"
#include "engine/core/lon_lat.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace harbormap;

TEST_CASE("lon_lat validation names the problem", "[unit][core]") {
    CHECK_FALSE(check_lon_lat(23.65, 37.93));
    CHECK_FALSE(check_lon_lat(-180, -90));
    CHECK_FALSE(check_lon_lat(180, 90));
    CHECK(check_lon_lat(std::nan(""), 0)->find("finite") != std::string::npos);
    CHECK(check_lon_lat(0, std::numeric_limits<double>::infinity())->find("finite") != std::string::npos);
    CHECK(check_lon_lat(181, 0)->find("longitude 181") != std::string::npos);
    CHECK(check_lon_lat(10, -91)->find("swapped") != std::string::npos);    // |lat| > 90 with |lon| <= 90
    CHECK(check_lon_lat(120, 95)->find("swapped") == std::string::npos);   // both large: not a swap
    CHECK_THROWS_AS(make_lon_lat(0, 100), std::invalid_argument);
}

TEST_CASE("longitude wrapping", "[unit][core]") {
    CHECK(wrap_lon(190.85) == Approx(-169.15));
    CHECK(wrap_lon(-181) == Approx(179));
    CHECK(wrap_lon(180) == 180);
    CHECK(wrap_lon(-180) == -180);
    CHECK(wrap_lon(540) == Approx(-180).margin(1e-9));
}

TEST_CASE("lon,lat parsing keeps longitude first and accepts negatives", "[unit][core]") {
    auto p = parse_lon_lat("-118.27,33.75");
    REQUIRE(p);
    CHECK(p->lon == Approx(-118.27));
    CHECK(p->lat == Approx(33.75));
    CHECK(parse_lon_lat(" 4.47 , 51.9 ")->lat == Approx(51.9));
    CHECK_FALSE(parse_lon_lat("USLAX"));
    CHECK_FALSE(parse_lon_lat("1,2,3"));
    CHECK_FALSE(parse_lon_lat("a,b"));
}

TEST_CASE("geodesic distances against known values", "[unit][core]") {
    // One degree of latitude at the equator on WGS84 is 110,574.4 m; of longitude 111,319.5 m.
    CHECK(geodesic_m({0, 0}, {0, 1}) == Approx(110574.4).margin(0.5));
    CHECK(geodesic_m({0, 0}, {1, 0}) == Approx(111319.5).margin(0.5));
    // Across the antimeridian the short way round.
    CHECK(geodesic_m({179.5, 0}, {-179.5, 0}) == Approx(111319.5).margin(0.5));
    CHECK(haversine_m({179.5, 0}, {-179.5, 0}) == Approx(111195).epsilon(0.001));
    CHECK(nm_from_m(1852) == 1.0);
}

TEST_CASE("distance arguments with units", "[unit][core]") {
    CHECK(parse_distance_m("500nm") == Approx(926000));
    CHECK(parse_distance_m("300 km") == Approx(300000));
    CHECK(parse_distance_m("12") == Approx(12 * 1852));
    CHECK_THROWS(parse_distance_m("12 miles"));
    CHECK_THROWS(parse_distance_m("-3nm"));
    CHECK_THROWS(parse_distance_m("far"));
}

TEST_CASE("bounds across the antimeridian", "[unit]") {
    // Shanghai -> Los Angeles over the Pacific: the box crosses 180 (min_lon > max_lon)
    const bbox pac = bounds_across_antimeridian({{121.5, 31.2}, {170, 45}, {-170, 50}, {-118.2, 33.7}});
    CHECK(pac.min_lon == Approx(121.5));
    CHECK(pac.max_lon == Approx(-118.2));
    CHECK(pac.min_lat == Approx(31.2));
    CHECK(pac.max_lat == Approx(50));
    CHECK(lon_span(pac) == Approx(120.3));
    CHECK(center_lon(pac) == Approx(-178.35));
    // Shanghai -> Rotterdam by Suez: no crossing
    const bbox suez = bounds_across_antimeridian({{121.5, 31.2}, {32.5, 30}, {4.1, 51.9}});
    CHECK(suez.min_lon == Approx(4.1));
    CHECK(suez.max_lon == Approx(121.5));
    CHECK(lon_span(suez) == Approx(117.4));
    CHECK(center_lon(suez) == Approx(62.8));
    CHECK(bounds_across_antimeridian({}).empty());
    CHECK(contains_across_antimeridian(pac, {179, 40}));
    CHECK(contains_across_antimeridian(pac, {-150, 40}));
    CHECK_FALSE(contains_across_antimeridian(pac, {0, 40}));
    CHECK_FALSE(contains_across_antimeridian(pac, {179, 60}));
    CHECK(contains_across_antimeridian(suez, {60, 40}));
    CHECK_FALSE(contains_across_antimeridian(suez, {-60, 40}));
}
