#pragma once
// Country polygons by ISO 3166-1 alpha-2, for the position checks: is a row's position in the country
// its row names?  Built once from the shipped Natural Earth countries (world-atlas TopoJSON, ids are
// ISO numeric) and the ISO code table (data/basemap/country_codes.csv); planar point-in-polygon in
// lon/lat (Boost.Geometry) with an rtree of polygon envelopes, distances to the border geodesic.
#include "engine/core/geometry.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace harbormap::fusion {

class country_index {
public:
    // countries: polygons with an "id" property (ISO numeric, "036"); iso2_of_numeric: "036" -> "AU".
    // Geometries without an id, or with an id the table lacks, belong to no country.
    country_index(const feature_layer& countries, const std::map<std::string, std::string>& iso2_of_numeric);
    ~country_index();
    country_index(const country_index&) = delete;
    country_index& operator=(const country_index&) = delete;

    bool has(const std::string& iso2) const; // the country has polygons
    std::size_t countries() const;
    // Geodesic km from p to the country's polygons (0 inside); nullopt when the country has none.
    std::optional<double> distance_km(const std::string& iso2, const lon_lat& p) const;
    // The country whose polygon contains p ("" when none: sea, or a polygon without an id).
    std::string country_at(const lon_lat& p) const;
    // The country containing p (km 0), else the nearest one (among the polygons with the nearest envelopes).
    struct hit {
        std::string iso2;
        double km = 0;
    };
    std::optional<hit> nearest_country(const lon_lat& p) const;

private:
    struct impl;
    std::unique_ptr<impl> m;
};

} // namespace harbormap::fusion
