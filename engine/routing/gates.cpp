#include "engine/routing/gates.hpp"

#include <algorithm>
#include <cmath>

namespace harbormap::routing {
namespace {

int orient(const lon_lat& a, const lon_lat& b, const lon_lat& c) {
    const double v = (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
    return (v > 0) - (v < 0);
}

bool on_segment(const lon_lat& a, const lon_lat& b, const lon_lat& c) {
    return std::min(a.lon, b.lon) <= c.lon && c.lon <= std::max(a.lon, b.lon) && std::min(a.lat, b.lat) <= c.lat &&
           c.lat <= std::max(a.lat, b.lat);
}

bool crosses_planar(const gate& g, const lon_lat& a, const lon_lat& b) {
    for (const auto& l : g.lines)
        for (std::size_t i = 0; i + 1 < l.size(); ++i)
            if (segments_intersect(a, b, l[i], l[i + 1])) return true;
    for (const auto& r : g.areas) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i)
            if (segments_intersect(a, b, r[i], r[i + 1])) return true;
        if (point_in_ring(r, a)) return true; // wholly inside
    }
    return false;
}

gate shifted(const gate& g, double dlon) {
    gate s = g;
    for (auto& l : s.lines)
        for (auto& p : l) p.lon += dlon;
    for (auto& r : s.areas)
        for (auto& p : r) p.lon += dlon;
    return s;
}

} // namespace

bool segments_intersect(const lon_lat& p1, const lon_lat& p2, const lon_lat& q1, const lon_lat& q2) {
    const int o1 = orient(p1, p2, q1), o2 = orient(p1, p2, q2), o3 = orient(q1, q2, p1), o4 = orient(q1, q2, p2);
    if (o1 != o2 && o3 != o4) return true;
    return (o1 == 0 && on_segment(p1, p2, q1)) || (o2 == 0 && on_segment(p1, p2, q2)) ||
           (o3 == 0 && on_segment(q1, q2, p1)) || (o4 == 0 && on_segment(q1, q2, p2));
}

bool point_in_ring(const ring& r, const lon_lat& p) {
    bool inside = false;
    for (std::size_t i = 0, j = r.size() ? r.size() - 1 : 0; i < r.size(); j = i++) {
        const lon_lat& u = r[i];
        const lon_lat& v = r[j];
        if ((u.lat > p.lat) != (v.lat > p.lat) && p.lon < (v.lon - u.lon) * (p.lat - u.lat) / (v.lat - u.lat) + u.lon)
            inside = !inside;
    }
    return inside;
}

bool segment_crosses(const gate& g, const lon_lat& a, const lon_lat& b_in) {
    lon_lat b = b_in;
    if (b.lon - a.lon > 180) b.lon -= 360;
    else if (a.lon - b.lon > 180) b.lon += 360;
    if (crosses_planar(g, a, b)) return true;
    const bool wraps = std::max(a.lon, b.lon) > 180 || std::min(a.lon, b.lon) < -180;
    if (!wraps) return false;
    return crosses_planar(shifted(g, 360), a, b) || crosses_planar(shifted(g, -360), a, b);
}

} // namespace harbormap::routing
