#pragma once
// Distances on the WGS84 ellipsoid (GeographicLib's geodesic routines, Karney 2013) and units.
#include "engine/core/lon_lat.hpp"

namespace harbormap {

inline constexpr double metres_per_nm = 1852.0;
inline constexpr double metres_per_km = 1000.0;
inline constexpr double earth_radius_m = 6371008.8; // mean radius, for the fast spherical formula

inline double nm_from_m(double m) { return m / metres_per_nm; }
inline double km_from_m(double m) { return m / metres_per_km; }

// Geodesic (ellipsoidal) distance in metres.  Exact to the nanometre; ~1 µs a call.
double geodesic_m(const lon_lat& a, const lon_lat& b);

// Great-circle distance on the mean sphere in metres (haversine); within 0.5% of geodesic_m.
double haversine_m(const lon_lat& a, const lon_lat& b);

// Initial azimuth from a to b in degrees clockwise from north, and the point at distance d along it.
lon_lat geodesic_direct(const lon_lat& a, double azimuth_deg, double distance_m);
double geodesic_azimuth(const lon_lat& a, const lon_lat& b);

// Parses a distance with unit: "500nm", "300km", "2000m", "12.5 nm"; a bare number is nautical miles.
// Returns metres; throws usage_error on bad text.
double parse_distance_m(const std::string& text);

} // namespace harbormap
