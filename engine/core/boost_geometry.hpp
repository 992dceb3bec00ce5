#pragma once
// Registers harbormap::lon_lat as a Boost.Geometry point in geographic degrees (and a cartesian
// twin for planar work such as rtree boxes and clipping in projected tile space).
#include "engine/core/lon_lat.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/register/point.hpp>

BOOST_GEOMETRY_REGISTER_POINT_2D(harbormap::lon_lat, double, boost::geometry::cs::cartesian, lon, lat)

namespace harbormap::bg {
namespace bgeo = boost::geometry;
using point = bgeo::model::point<double, 2, bgeo::cs::cartesian>;
using box = bgeo::model::box<point>;
inline point to_point(const lon_lat& p) { return point(p.lon, p.lat); }
} // namespace harbormap::bg
