#pragma once
// Path refinement after the search: line-of-sight shortcuts over water ("string pulling").  The lane
// network zigzags across open ocean and leaves coasts late; a shortcut replaces a stretch of the path
// between two of its points a and j (path vertices or points inside its segments) by the geodesic a-j when
//   * the great-circle arc a-j stays on cells the land index leaves open (no land, coastal clearance;
//     land_index.hpp), checked by probing the arc, leaping across open-ocean tiles;
//   * it crosses exactly the gates the replaced stretch crosses (gate geometry is in the graph), so the
//     gates a route reports are the gates its line crosses;
//   * it enters no keep-out circle (e.g. the PRC-operated ports avoided by --avoid-prc).
// Two passes: the path is cut into pieces of at most 1 degree and pulled, then the result is cut into
// pieces of at most 0.25 degree (~15 nm) and pulled again, so a shortcut can leave a lane segment part way
// along it.  A pass goes greedily from an anchor to the farthest acceptable point: ends 2, 4, 8, ... points
// ahead are tried until two in a row beyond the farthest acceptable one fail (an island can hide a middle
// point and not a farther one), then the gap after the farthest acceptable end is bisected.  In the
// second pass ends inside one shortcut of the first are known acceptable and not probed again.  The end
// segments (usually the snap connectors, from a port inside the coastal clearance) are cut at 1/32 degree
// so a shortcut can leave them as soon as they leave the clearance.  Before the full probe, seven points
// of the arc and its gate set are checked (cheap rejections).  The length is the sum of ellipsoidal
// geodesics (pieces of input segments keep their share of the given length), so it is never below the
// geodesic between the end points and never above the input length.
#include "engine/routing/sea_graph.hpp"

#include <array>
#include <vector>

namespace harbormap::routing {

struct keep_out_circle {
    lon_lat centre;
    double radius_m = 0;
};

struct refine_input {
    std::vector<lon_lat> points;     // path vertices, first to last
    std::vector<double> length_m;    // per segment (points.size() - 1)
    std::vector<gate_mask> gates;    // per segment: gates it crosses
    std::vector<keep_out_circle> keep_out;  // circles a shortcut may not enter
};

struct refined_path {
    std::vector<lon_lat> points;     // refined vertices; shortcuts densified along their great circle (<= 1 degree apart),
                                     // stretches along one input segment merged
    double length_m = 0;
    std::size_t shortcuts = 0;       // segments that replace two or more input segments
    std::size_t tests = 0, probes = 0; // diagnostics: shortcuts tested, land cells probed
};

refined_path refine_path(const sea_graph& g, const refine_input& in);

// The ellipsoidal length of a shortcut a-b: Vincenty's inverse formula on WGS84 (within 1 mm of
// geodesic_m, which it falls back to for nearly antipodal points or slow convergence).
double shortcut_length_m(const lon_lat& a, const lon_lat& b);

// Gates crossed by the great-circle arc a-b (tested piecewise, pieces of at most 1 degree).
gate_mask arc_gates(const sea_graph& g, const lon_lat& a, const lon_lat& b);
// The same without the gate bounds (every segment and area of every gate tested; for tests).
gate_mask arc_gates_unbounded(const sea_graph& g, const lon_lat& a, const lon_lat& b);

// Is the cell holding the point with unit vector u (x towards 0E on the equator, z north) blocked?  The
// same answer as land.blocked({atan2(y, x), asin(z)} in degrees), usually without double-precision
// trigonometry (the cheap rejections of a shortcut use it).
bool blocked_unit(const land_index& land, const std::array<double, 3>& u);

} // namespace harbormap::routing
