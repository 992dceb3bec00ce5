#include "engine/core/geodesy.hpp"

#include "engine/core/error.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <GeographicLib/Geodesic.hpp>
#include <string>
#include <algorithm>

namespace harbormap {
namespace {
// GeographicLib's WGS84 ellipsoid (a = 6378137 m, f = 1/298.257223563): the library PROJ's geodesic
// routines come from, without PROJ's dependencies (SQLite, libtiff, curl) in every query process.
const GeographicLib::Geodesic& wgs84() { return GeographicLib::Geodesic::WGS84(); }
constexpr double deg = M_PI / 180.0;
} // namespace

double geodesic_m(const lon_lat& a, const lon_lat& b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12, azi1, azi2);
    return s12;
}

double geodesic_azimuth(const lon_lat& a, const lon_lat& b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12, azi1, azi2);
    return azi1;
}

lon_lat geodesic_direct(const lon_lat& a, double azimuth_deg, double distance_m) {
    double lat2 = 0, lon2 = 0, azi2 = 0;
    wgs84().Direct(a.lat, a.lon, azimuth_deg, distance_m, lat2, lon2, azi2);
    return {wrap_lon(lon2), lat2};
}

double haversine_m(const lon_lat& a, const lon_lat& b) {
    const double p1 = a.lat * deg, p2 = b.lat * deg;
    const double dp = (b.lat - a.lat) * deg, dl = (b.lon - a.lon) * deg;
    const double h = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(h)));
}

double parse_distance_m(const std::string& text) {
    std::string t;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p == t.data())
        throw usage_error("'" + text + "' is not a distance (use e.g. 500nm, 300km, 2000m)");
    std::string unit(p, static_cast<const char*>(t.data() + t.size()));
    if (!std::isfinite(v) || v < 0) throw usage_error("'" + text + "' is not a distance: it must be >= 0");
    if (unit.empty() || unit == "nm" || unit == "nmi") return v * metres_per_nm;
    if (unit == "km") return v * metres_per_km;
    if (unit == "m") return v;
    throw usage_error("'" + text + "': unknown distance unit '" + unit + "' (use nm, km or m)");
}

} // namespace harbormap
