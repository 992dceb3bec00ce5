#pragma once
// Geometry in Web Mercator world coordinates (0..1, y down), the antimeridian split, clipping to
// axis-aligned boxes, Douglas-Peucker simplification and quantisation to tile coordinates.
#include "engine/core/geometry.hpp"
#include "tiles/mvt.hpp"
#include "tiles/tile_id.hpp"

#include <vector>

namespace harbormap::tiles {

using wline = std::vector<world_point>;
using wpolygon = std::vector<wline>; // exterior first, then holes; rings open

struct wgeom {
    geometry_type type = geometry_type::none;
    std::vector<world_point> points;
    std::vector<wline> lines;
    std::vector<wpolygon> polygons;
    bool empty() const { return points.empty() && lines.empty() && polygons.empty(); }
};

struct wbox {
    double minx = 0, miny = 0, maxx = 1, maxy = 1;
};

// Projects to world coordinates.  Lines and rings are first made continuous in longitude (a step of
// more than 180 degrees is taken as crossing the antimeridian, so 179 -> -179 becomes 179 -> 181),
// then every copy shifted by a whole world that overlaps 0..1 is clipped to x in [0, 1]: a line or
// polygon crossing +-180 comes out split into its two halves.  Longitudes beyond +-180 in the
// input (e.g. 187) are handled the same way.
wgeom project(const geometry& g);

wbox bounds(const wgeom& g);
wgeom clip(const wgeom& g, const wbox& box);
std::vector<wline> clip_line(const wline& line, const wbox& box);
wline clip_ring(const wline& ring, const wbox& box); // Sutherland-Hodgman; may come back empty

// Douglas-Peucker with tolerance `tol` (world units); rings that collapse are dropped (a polygon
// whose exterior collapses is dropped).  Points pass unchanged.
wgeom simplify(const wgeom& g, double tol);

// To integer tile coordinates of tile t (extent units), removing repeated points; lines with fewer
// than 2 distinct points and rings with zero area are dropped; exterior rings are made clockwise
// (positive area in tile coordinates, y down) and holes counter-clockwise, as MVT 2.1 requires.
std::vector<std::vector<ipoint>> quantize(const wgeom& g, const tile_id& t, std::uint32_t extent);

} // namespace harbormap::tiles
