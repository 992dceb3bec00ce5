#pragma once
// Longitude first, everywhere. lon_lat is a plain pair of degrees (WGS84);
// make_lon_lat() validates, the aggregate itself does not (hot paths).
#include <optional>
#include <string>
#include <vector>

namespace harbormap {

struct lon_lat {
    double lon = 0.0;
    double lat = 0.0;
    friend bool operator==(const lon_lat&, const lon_lat&) = default;
};

// Why a coordinate pair is not acceptable, or empty if it is.
// Detects NaN/Inf, out-of-range values and the detectable lat/lon swap (|lat| > 90 but |lon| <= 90).
std::optional<std::string> check_lon_lat(double lon, double lat);

// Throws std::invalid_argument with the reason from check_lon_lat.
lon_lat make_lon_lat(double lon, double lat);

// Wrap a longitude into [-180, 180).  180 stays 180 (it is a valid, distinct edge in line data).
double wrap_lon(double lon);

struct bbox {
    double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
    bool empty() const { return min_lon > max_lon || min_lat > max_lat; }
    void expand(const lon_lat& p) {
        if (p.lon < min_lon) min_lon = p.lon;
        if (p.lon > max_lon) max_lon = p.lon;
        if (p.lat < min_lat) min_lat = p.lat;
        if (p.lat > max_lat) max_lat = p.lat;
    }
    void expand(const bbox& b) {
        if (b.empty()) return;
        expand(lon_lat{b.min_lon, b.min_lat});
        expand(lon_lat{b.max_lon, b.max_lat});
    }
    bool contains(const lon_lat& p) const {
        return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
    }
    bool intersects(const bbox& o) const {
        return !(o.min_lon > max_lon || o.max_lon < min_lon || o.min_lat > max_lat || o.max_lat < min_lat);
    }
};

// ---- boxes that may cross the antimeridian (min_lon > max_lon then means "from min_lon east over
// 180° to max_lon"; such a box is empty() by the plain test above, so use these helpers) ----
// The smallest longitude interval covering the points (split at the widest gap between their wrapped
// longitudes, which may be the one over the antimeridian), and their latitude range.
bbox bounds_across_antimeridian(const std::vector<lon_lat>& points);
// Longitude extent in degrees (0..360) of a box that may cross the antimeridian.
double lon_span(const bbox& b);
// Central longitude (wrapped) of a box that may cross the antimeridian.
double center_lon(const bbox& b);
// Is p inside a box that may cross the antimeridian?
bool contains_across_antimeridian(const bbox& b, const lon_lat& p);

// Parses a --bbox "minlon,minlat,maxlon,maxlat"; minlon > maxlon means the box crosses the antimeridian
// (test points with contains_across_antimeridian).  Throws usage_error with the reason.
bbox parse_bbox(const std::string& text);

// Parses "lon,lat" (e.g. "-118.2,33.7"); nullopt when the text is not two numbers.
std::optional<lon_lat> parse_lon_lat(const std::string& text);

} // namespace harbormap
