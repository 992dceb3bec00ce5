#pragma once
// Chokepoint gates: a line (or polygon) laid across a strait, canal or cape passage.  An edge crosses a
// gate when its segment intersects the gate geometry (planar test in lon/lat degrees, which is exact
// enough for gates a few tens of km long).  Segments that cross the antimeridian are unwrapped first
// and tested against the gate shifted by -360/0/+360.
#include "engine/core/geometry.hpp"

#include <string>
#include <vector>

namespace harbormap::routing {

struct gate {
    std::string id;
    std::string name;
    bool closed_by_default = false;
    std::vector<line_string> lines; // gate lines
    std::vector<ring> areas;        // closed rings (polygon exteriors)
};

// Does the segment a-b (lon/lat; the shorter way round the globe) intersect the gate?
bool segment_crosses(const gate& g, const lon_lat& a, const lon_lat& b);

// Planar helpers (exposed for tests).
bool segments_intersect(const lon_lat& p1, const lon_lat& p2, const lon_lat& q1, const lon_lat& q2);
bool point_in_ring(const ring& r, const lon_lat& p);

} // namespace harbormap::routing
