#pragma once
// The coastline for the position checks: is a position on land, and how far is it from the coast?
// Built once from the Natural Earth land polygons shipped with the country polygons (the `land` object
// of data/basemap/countries-50m.json: the countries merged).  Every ring segment goes into an R-tree
// (Boost.Geometry, lon/lat boxes), so a query looks at the few segments near the point: the nearest
// is picked in a local frame and the distance reported is geodesic.  Ring edges along the antimeridian
// and the south pole (cuts of the projection, not coasts) are not coastline.
#include "engine/core/geometry.hpp"

#include <cstddef>
#include <memory>
#include <optional>

namespace harbormap::fusion {

class coast_index {
public:
    explicit coast_index(const feature_layer& land);
    ~coast_index();
    coast_index(const coast_index&) = delete;
    coast_index& operator=(const coast_index&) = delete;

    std::size_t segments() const; // coastline segments indexed
    // nullopt at sea (outside every land polygon); on land, the geodesic km to the nearest coastline point.
    std::optional<double> inland_km(const lon_lat& p) const;

private:
    struct impl;
    std::unique_ptr<impl> m;
};

} // namespace harbormap::fusion
