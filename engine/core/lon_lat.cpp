#include "engine/core/lon_lat.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace harbormap {

std::optional<std::string> check_lon_lat(double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat))
        return fmt::format("coordinate is not a finite number (lon={}, lat={})", lon, lat);
    if (std::fabs(lat) > 90.0 && std::fabs(lon) <= 90.0)
        return fmt::format("latitude {} is out of range [-90, 90]; longitude and latitude look swapped", lat);
    if (std::fabs(lat) > 90.0) return fmt::format("latitude {} is out of range [-90, 90]", lat);
    if (std::fabs(lon) > 180.0) return fmt::format("longitude {} is out of range [-180, 180]", lon);
    return std::nullopt;
}

lon_lat make_lon_lat(double lon, double lat) {
    if (auto why = check_lon_lat(lon, lat)) throw std::invalid_argument(*why);
    return {lon, lat};
}

double wrap_lon(double lon) {
    if (lon >= -180.0 && lon <= 180.0) return lon;
    double w = std::fmod(lon + 180.0, 360.0);
    if (w < 0) w += 360.0;
    return w - 180.0;
}

bbox bounds_across_antimeridian(const std::vector<lon_lat>& points) {
    bbox b;
    if (points.empty()) return b;
    std::vector<double> lons;
    lons.reserve(points.size());
    for (const auto& q : points) {
        lons.push_back(wrap_lon(q.lon));
        b.min_lat = std::min(b.min_lat, q.lat);
        b.max_lat = std::max(b.max_lat, q.lat);
    }
    std::sort(lons.begin(), lons.end());
    double best_gap = lons.front() + 360 - lons.back(); // the gap over the antimeridian
    b.min_lon = lons.front();
    b.max_lon = lons.back();
    for (std::size_t i = 1; i < lons.size(); ++i)
        if (lons[i] - lons[i - 1] > best_gap) {
            best_gap = lons[i] - lons[i - 1];
            b.min_lon = lons[i];
            b.max_lon = lons[i - 1];
        }
    return b;
}

double lon_span(const bbox& b) { return b.min_lon <= b.max_lon ? b.max_lon - b.min_lon : b.max_lon + 360 - b.min_lon; }

double center_lon(const bbox& b) { return wrap_lon(b.min_lon + lon_span(b) / 2); }

bool contains_across_antimeridian(const bbox& b, const lon_lat& p) {
    if (p.lat < b.min_lat || p.lat > b.max_lat) return false;
    const double lon = wrap_lon(p.lon);
    return b.min_lon <= b.max_lon ? lon >= b.min_lon && lon <= b.max_lon : lon >= b.min_lon || lon <= b.max_lon;
}

std::optional<lon_lat> parse_lon_lat(const std::string& text) {
    auto comma = text.find(',');
    if (comma == std::string::npos) return std::nullopt;
    auto parse = [](std::string_view s, double& v) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        if (!s.empty() && s.front() == '+') s.remove_prefix(1);
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc() && p == s.data() + s.size() && !s.empty();
    };
    double lon = 0, lat = 0;
    std::string_view sv(text);
    if (!parse(sv.substr(0, comma), lon) || !parse(sv.substr(comma + 1), lat)) return std::nullopt;
    return lon_lat{lon, lat};
}

bbox parse_bbox(const std::string& text) {
    const auto parts = split(text, ',');
    if (parts.size() != 4) throw usage_error("--bbox '" + text + "': expected minlon,minlat,maxlon,maxlat");
    double v[4];
    for (int i = 0; i < 4; ++i) {
        auto d = parse_double(trim(parts[static_cast<std::size_t>(i)]));
        if (!d) throw usage_error("--bbox '" + text + "': '" + parts[static_cast<std::size_t>(i)] + "' is not a number");
        v[i] = *d;
    }
    if (v[0] < -180 || v[0] > 180 || v[2] < -180 || v[2] > 180)
        throw usage_error("--bbox '" + text + "': longitudes must be within -180..180");
    if (v[1] < -90 || v[3] > 90 || v[1] >= v[3])
        throw usage_error("--bbox '" + text + "': latitudes must be within -90..90 and minlat < maxlat");
    if (v[0] == v[2]) throw usage_error("--bbox '" + text + "': minlon equals maxlon");
    return bbox{v[0], v[1], v[2], v[3]};
}

} // namespace harbormap
