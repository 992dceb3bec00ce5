#pragma once
// Shared by the position checks' geography (country_index, coast_index): polygons as Boost.Geometry
// polygons in lon/lat, and a local equirectangular frame around a point (km), enough to find the nearest
// point of a polygon ring or coastline; the distance they report is the geodesic one to that point.
#include "engine/core/boost_geometry.hpp"
#include "engine/core/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace harbormap::fusion {

using bg_polygon = bg::bgeo::model::polygon<bg::point>;

inline bg_polygon to_bg_polygon(const polygon& p) {
    bg_polygon out;
    for (std::size_t r = 0; r < p.rings.size(); ++r) {
        auto& ring = r == 0 ? out.outer() : out.inners().emplace_back();
        for (const auto& v : p.rings[r]) ring.push_back(bg::to_point(v));
    }
    bg::bgeo::correct(out); // closure and orientation as Boost.Geometry expects
    return out;
}

inline constexpr double km_per_deg_lat = 110.574; // WGS84 at mid latitudes; only to pick the nearest point
inline constexpr double km_per_deg_lon_equator = 111.320;

inline double wrap_deg(double d) {
    while (d > 180) d -= 360;
    while (d < -180) d += 360;
    return d;
}

struct local_frame {
    lon_lat origin;
    double kx;
    explicit local_frame(const lon_lat& p) : origin(p), kx(km_per_deg_lon_equator * std::cos(p.lat * std::numbers::pi / 180.0)) {}
    double x(double lon) const { return wrap_deg(lon - origin.lon) * kx; }
    double y(double lat) const { return (lat - origin.lat) * km_per_deg_lat; }
    double box_km(const bg::box& b) const {
        const double lon = std::clamp(origin.lon, b.min_corner().get<0>(), b.max_corner().get<0>());
        const double lat = std::clamp(origin.lat, b.min_corner().get<1>(), b.max_corner().get<1>());
        return std::hypot(x(lon), y(lat));
    }
    // The point of segment a-b nearest to the origin, and its local distance (km).
    std::pair<lon_lat, double> nearest_on_segment(const bg::point& a, const bg::point& b) const {
        const double ax = x(a.get<0>()), ay = y(a.get<1>()), bx = x(b.get<0>()), by = y(b.get<1>());
        const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
        const lon_lat q{a.get<0>() + t * wrap_deg(b.get<0>() - a.get<0>()), a.get<1>() + t * (b.get<1>() - a.get<1>())};
        return {q, std::hypot(ax + t * dx, ay + t * dy)};
    }
};

} // namespace harbormap::fusion
