// engine/core/geos: polygons cut at the antimeridian.
#include "engine/core/geos.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace harbormap;

namespace {
double ring_area(const std::vector<lon_lat>& r) { // planar, degrees squared
    double a = 0;
    for (std::size_t i = 1; i < r.size(); ++i) a += r[i - 1].lon * r[i].lat - r[i].lon * r[i - 1].lat;
    return std::abs(a) / 2;
}
} // namespace

TEST_CASE("a ring that jumps across the antimeridian is cut into pieces on either side", "[unit][core]") {
    const geos::context ctx;
    // 170E..170W across 180 at 60-70N, written as it comes in lon/lat data: 170 -> -170 is a jump
    polygon across;
    across.rings.push_back({{170, 60}, {-170, 60}, {-170, 70}, {170, 70}, {170, 60}});
    const auto pieces = geos::split_at_antimeridian(ctx, across);
    REQUIRE(pieces.size() == 2);
    double area = 0;
    for (const auto& p : pieces) {
        double lo = 180, hi = -180;
        for (const auto& q : p.rings.front()) lo = std::min(lo, q.lon), hi = std::max(hi, q.lon);
        CHECK(hi - lo == Approx(10).margin(1e-9)); // each piece 10 degrees wide, on its own side
        CHECK(((lo >= 170 - 1e-9 && hi <= 180) || (lo >= -180 && hi <= -170 + 1e-9)));
        for (std::size_t i = 1; i < p.rings.front().size(); ++i)
            CHECK(std::abs(p.rings.front()[i].lon - p.rings.front()[i - 1].lon) <= 180);
        area += ring_area(p.rings.front());
    }
    CHECK(area == Approx(20 * 10)); // nothing lost: 20 degrees by 10

    // a polygon away from the antimeridian, and a ring around the pole, come back unchanged
    polygon plain;
    plain.rings.push_back({{10, 10}, {20, 10}, {20, 20}, {10, 10}});
    REQUIRE(geos::split_at_antimeridian(ctx, plain).size() == 1);
    CHECK(geos::split_at_antimeridian(ctx, plain).front().rings == plain.rings);
    polygon polar;
    polar.rings.push_back({{-180, -80}, {-60, -70}, {60, -70}, {180, -80}, {-180, -90}, {-180, -80}});
    REQUIRE(geos::split_at_antimeridian(ctx, polar).size() == 1);
    CHECK(geos::split_at_antimeridian(ctx, polar).front().rings == polar.rings);
}
