#include "engine/routing/refine.hpp"

#include "engine/core/geodesy.hpp"

#include <algorithm>
#include <cmath>

namespace harbormap::routing {
namespace {

constexpr double refine_deg = M_PI / 180.0;

struct v3 {
    double x, y, z;
};
v3 to_v3(const lon_lat& p) {
    const double f = p.lat * refine_deg, l = p.lon * refine_deg;
    return {std::cos(f) * std::cos(l), std::cos(f) * std::sin(l), std::sin(f)};
}
double dot(const v3& a, const v3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
v3 cross(const v3& a, const v3& b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
double norm(const v3& a) { return std::sqrt(dot(a, a)); }
lon_lat to_lon_lat(const v3& p) { return {std::atan2(p.y, p.x) / refine_deg, std::asin(std::clamp(p.z, -1.0, 1.0)) / refine_deg}; }

// Points of the great-circle arc a-b at most `max_deg` apart, a and b included.
std::vector<lon_lat> densify(const lon_lat& a, const lon_lat& b, double max_deg) {
    const v3 A = to_v3(a), B = to_v3(b);
    const double d = std::clamp(dot(A, B), -1.0, 1.0);
    v3 U{B.x - d * A.x, B.y - d * A.y, B.z - d * A.z};
    const double un = norm(U);
    std::vector<lon_lat> out{a};
    if (un > 1e-15) {
        U = {U.x / un, U.y / un, U.z / un};
        const double theta = std::atan2(un, d);
        const int n = static_cast<int>(std::ceil(theta / refine_deg / max_deg));
        for (int k = 1; k < n; ++k) {
            const double t = theta * k / n, c = std::cos(t), s = std::sin(t);
            out.push_back(to_lon_lat({A.x * c + U.x * s, A.y * c + U.y * s, A.z * c + U.z * s}));
        }
    }
    out.push_back(b);
    return out;
}

// Angular distance (radians) from p to the great-circle arc a-b.
double arc_distance(const v3& p, const v3& a, const v3& b) {
    const v3 n = cross(a, b);
    const double nn = norm(n);
    const double to_ends = std::min(std::acos(std::clamp(dot(p, a), -1.0, 1.0)), std::acos(std::clamp(dot(p, b), -1.0, 1.0)));
    if (nn < 1e-15) return to_ends;
    const v3 N{n.x / nn, n.y / nn, n.z / nn};
    const double s = dot(p, N);
    // foot of the perpendicular; inside the arc when it lies between a and b
    const v3 f{p.x - s * N.x, p.y - s * N.y, p.z - s * N.z};
    if (dot(cross(a, f), N) >= 0 && dot(cross(f, b), N) >= 0) return std::asin(std::min(1.0, std::abs(s)));
    return to_ends;
}

class shortcut_test {
public:
    shortcut_test(const sea_graph& g, const refine_input& in) : m_g(g), m_in(in) {
        m_blocked.resize(in.points.size());
        for (std::size_t i = 0; i < in.points.size(); ++i) m_blocked[i] = g.land.blocked(in.points[i]);
        for (const auto& k : in.keep_out) m_keep.push_back({to_v3(k.centre), k.radius_m / earth_radius_m * 1.01});
    }
    bool blocked(std::size_t i) const { return m_blocked[i]; }
    mutable std::size_t tests = 0, probes = 0;
    bool ok(std::size_t a, std::size_t j) const {
        ++tests;
        if (m_blocked[a] || m_blocked[j]) return false;
        gate_mask run = 0;
        for (std::size_t k = a; k < j; ++k) run |= m_in.gates[k];
        const lon_lat& pa = m_in.points[a];
        const lon_lat& pj = m_in.points[j];
        if (!m_keep.empty()) {
            const v3 A = to_v3(pa), B = to_v3(pj);
            for (const auto& [c, r] : m_keep)
                if (arc_distance(c, A, B) < r) return false;
        }
        if (!m_g.land.arc_clear(pa, pj, &probes)) return false;
        return arc_gates(m_g, pa, pj) == run;
    }

private:
    const sea_graph& m_g;
    const refine_input& m_in;
    std::vector<bool> m_blocked;
    std::vector<std::pair<v3, double>> m_keep;
};

} // namespace

gate_mask arc_gates(const sea_graph& g, const lon_lat& a, const lon_lat& b) {
    gate_mask m = 0;
    const v3 A = to_v3(a), B = to_v3(b);
    const v3 n1 = cross(A, B);
    for (std::size_t k = 0; k < g.gate_segments.size(); ++k) {
        bool hit = false;
        for (const auto& s : g.gate_segments[k]) {
            const v3 C{s[0], s[1], s[2]}, D{s[3], s[4], s[5]};
            // great-circle arcs AB and CD cross when C, D lie on opposite sides of the plane of AB, A, B on
            // opposite sides of the plane of CD, and the crossing is on the near side (not antipodal)
            const double c1 = dot(n1, C), d1 = dot(n1, D);
            if ((c1 > 0) == (d1 > 0) && c1 != 0 && d1 != 0) continue;
            const v3 n2 = cross(C, D);
            const double a2 = dot(n2, A), b2 = dot(n2, B);
            if ((a2 > 0) == (b2 > 0) && a2 != 0 && b2 != 0) continue;
            const v3 x = cross(n1, n2);
            const v3 mid_ab{A.x + B.x, A.y + B.y, A.z + B.z}, mid_cd{C.x + D.x, C.y + D.y, C.z + D.z};
            if ((dot(x, mid_ab) > 0) != (dot(x, mid_cd) > 0)) continue; // the two arcs meet at opposite points
            hit = true;
            break;
        }
        for (std::size_t r = 0; !hit && r < g.gates[k].areas.size(); ++r)
            hit = point_in_ring(g.gates[k].areas[r], a) || point_in_ring(g.gates[k].areas[r], b);
        if (hit) m |= gate_mask{1} << k;
    }
    return m;
}

refined_path refine_path(const sea_graph& g, const refine_input& in) {
    refined_path out;
    const std::size_t n = in.points.size();
    if (n == 0) return out;
    out.points.push_back(in.points[0]);
    if (g.land.empty() || n < 3) {
        out.points = in.points;
        for (double l : in.length_m) out.length_m += l;
        return out;
    }
    const shortcut_test test(g, in);
    std::size_t a = 0;
    while (a + 1 < n) {
        std::size_t ok = a + 1, bad = n; // ok: acceptable end; bad: first end found unacceptable
        if (!test.blocked(a)) {
            for (std::size_t span = 2;; span *= 2) {
                const std::size_t j = std::min(n - 1, a + span);
                if (!test.ok(a, j)) {
                    bad = j;
                    break;
                }
                ok = j;
                if (j == n - 1) break;
            }
            while (bad < n && bad - ok > 1) {
                const std::size_t mid = ok + (bad - ok) / 2;
                (test.ok(a, mid) ? ok : bad) = mid;
            }
        }
        if (ok == a + 1) {
            out.length_m += in.length_m[a];
            out.points.push_back(in.points[ok]);
        } else {
            out.length_m += geodesic_m(in.points[a], in.points[ok]);
            const auto d = densify(in.points[a], in.points[ok], 1.0);
            out.points.insert(out.points.end(), d.begin() + 1, d.end());
            ++out.shortcuts;
        }
        a = ok;
    }
    out.tests = test.tests;
    out.probes = test.probes;
    return out;
}

} // namespace harbormap::routing
