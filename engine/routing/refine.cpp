#include "engine/routing/refine.hpp"

#include "engine/core/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

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

// The n - 1 inner points of the great-circle arc A-B cut into `n` equal pieces, as unit vectors, passed to
// `f` in order.
template <class F> void arc_inner_points(const v3& A, const v3& B, int n, F&& f) {
    const double d = std::clamp(dot(A, B), -1.0, 1.0);
    v3 U{B.x - d * A.x, B.y - d * A.y, B.z - d * A.z};
    const double un = norm(U);
    if (un <= 1e-15) return;
    U = {U.x / un, U.y / un, U.z / un};
    const double theta = std::atan2(un, d), c1 = std::cos(theta / n), s1 = std::sin(theta / n);
    // cos(k t), sin(k t) by rotation (one sincos per arc, not per point)
    double c = 1, s = 0;
    for (int k = 1; k < n; ++k) {
        const double ck = c * c1 - s * s1;
        s = s * c1 + c * s1, c = ck;
        if (!f(v3{A.x * c + U.x * s, A.y * c + U.y * s, A.z * c + U.z * s})) return;
    }
}

// The great-circle arc a-b cut into `n` equal pieces: the n + 1 points, a and b included, into `out`.
void split_arc(const lon_lat& a, const lon_lat& b, int n, std::vector<lon_lat>& out) {
    out.assign(1, a);
    if (n > 1)
        arc_inner_points(to_v3(a), to_v3(b), n, [&](const v3& p) {
            out.push_back(to_lon_lat(p));
            return true;
        });
    out.push_back(b);
}

// Pieces needed to keep points of the arc A-B (unit vectors) at most `max_deg` apart.
int arc_pieces(const v3& A, const v3& B, double max_deg) {
    const double theta = std::acos(std::clamp(dot(A, B), -1.0, 1.0)) / refine_deg;
    return std::max(1, static_cast<int>(std::ceil(theta / max_deg)));
}
int arc_pieces(const lon_lat& a, const lon_lat& b, double max_deg) { return arc_pieces(to_v3(a), to_v3(b), max_deg); }

gate_mask arc_gates_v3(const sea_graph& g, const lon_lat& a, const lon_lat& b, const v3& A, const v3& B, bool bounded = true);

} // namespace

// Vincenty's inverse formula on WGS84 (within 1 mm of GeographicLib's geodesic_m, several times cheaper);
// geodesic_m itself where Vincenty converges slowly or not at all (nearly antipodal points).
double shortcut_length_m(const lon_lat& p, const lon_lat& q) {
    constexpr double a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f);
    double L = (q.lon - p.lon) * refine_deg;
    L = std::remainder(L, 2 * M_PI);
    if (std::abs(L) > 2.8) return geodesic_m(p, q);
    const double U1 = std::atan((1 - f) * std::tan(p.lat * refine_deg)), U2 = std::atan((1 - f) * std::tan(q.lat * refine_deg));
    const double sU1 = std::sin(U1), cU1 = std::cos(U1), sU2 = std::sin(U2), cU2 = std::cos(U2);
    double lambda = L, sin_sigma = 0, cos_sigma = 1, sigma = 0, cos2_alpha = 1, cos_2sm = 0;
    for (int it = 0;; ++it) {
        if (it == 20) return geodesic_m(p, q);
        const double sl = std::sin(lambda), cl = std::cos(lambda);
        const double t1 = cU2 * sl, t2 = cU1 * sU2 - sU1 * cU2 * cl;
        sin_sigma = std::sqrt(t1 * t1 + t2 * t2);
        if (sin_sigma == 0) return 0; // the same point
        cos_sigma = sU1 * sU2 + cU1 * cU2 * cl;
        sigma = std::atan2(sin_sigma, cos_sigma);
        const double sin_alpha = cU1 * cU2 * sl / sin_sigma;
        cos2_alpha = 1 - sin_alpha * sin_alpha;
        cos_2sm = cos2_alpha != 0 ? cos_sigma - 2 * sU1 * sU2 / cos2_alpha : 0;
        const double C = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha));
        const double next = L + (1 - C) * f * sin_alpha * (sigma + C * sin_sigma * (cos_2sm + C * cos_sigma * (-1 + 2 * cos_2sm * cos_2sm)));
        const bool done = std::abs(next - lambda) < 1e-13;
        lambda = next;
        if (done) break;
    }
    const double u2 = cos2_alpha * (a * a - b * b) / (b * b);
    const double A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    const double B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    const double d_sigma = B * sin_sigma * (cos_2sm + B / 4 * (cos_sigma * (-1 + 2 * cos_2sm * cos_2sm) -
                                                               B / 6 * cos_2sm * (-3 + 4 * sin_sigma * sin_sigma) * (-3 + 4 * cos_2sm * cos_2sm)));
    return b * A * (sigma - d_sigma);
}

namespace {

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

// A path being refined.  pos: where a point lies on the input path (vertex i = i, a point inside input
// segment i = i + t), or -1 when it lies off it (on an earlier shortcut).  After densifying, every point
// has a unit vector; the points made by densifying get their position on first use (pt): most are never
// an end of a tested shortcut.
struct work_path {
    mutable std::vector<lon_lat> pts;
    std::vector<double> pos;
    std::vector<double> len;        // per segment
    std::vector<gate_mask> gates;   // per segment
    std::vector<std::uint8_t> clear; // per segment: tested acceptable (a shortcut); empty = none
    std::vector<std::size_t> free_to; // per point: ends up to this index are known acceptable (inside one
                                      // acceptable segment of the previous pass); empty = none
    // per point (empty = none): exact (pts given, v = to_v3(pts)), inner (v on the great circle, pts from
    // it on first use) or inner_known (pts computed)
    enum kind : std::uint8_t { exact, inner, inner_known };
    mutable std::vector<std::uint8_t> lazy;
    std::vector<v3> v;

    const lon_lat& pt(std::size_t i) const {
        if (!lazy.empty() && lazy[i] == inner) pts[i] = to_lon_lat(v[i]), lazy[i] = inner_known;
        return pts[i];
    }
    // to_v3(pt(i)), reusing the unit vector of an exact point
    v3 unit(std::size_t i) const { return !lazy.empty() && lazy[i] == exact ? v[i] : to_v3(pt(i)); }
    std::size_t size() const { return pts.size(); }
    // empty, the buffers kept
    void reset() {
        for (auto* x : {&pos, &len}) x->clear();
        pts.clear(), gates.clear(), clear.clear(), free_to.clear(), lazy.clear(), v.clear();
    }
};

// Buffers of the refinement kept from query to query (per thread): no allocation once they have grown.
struct refine_scratch {
    work_path input, dense, pulled;
    std::vector<std::uint8_t> blocked;
    std::vector<v3> unit;
    std::vector<lon_lat> pieces;
    std::vector<gate_mask> masks;
};
refine_scratch& scratch() {
    thread_local refine_scratch s;
    return s;
}

// Does the segment from position pa to position pb follow the input path (lie within one input segment)?
bool along_input(double pa, double pb) { return pa >= 0 && pb >= 0 && pb <= std::floor(pa) + 1; }

// The end segments: pieces of at most 1/32 degree (half a land-index cell), at most 64 of them.
constexpr double end_step_deg = 1.0 / 32;
constexpr int end_pieces_max = 64;

// Every segment longer than `step_deg` cut into equal pieces (lengths shared in proportion); a segment that
// crosses a gate is cut only when its pieces together cross the same gates.
void densify_path(const sea_graph& g, const work_path& in, double step_deg, work_path& out) {
    out.reset();
    auto push_exact = [&out](const lon_lat& q, const v3& qv) {
        out.pts.push_back(q);
        out.lazy.push_back(work_path::exact);
        out.v.push_back(qv);
    };
    v3 to_v = to_v3(in.pt(0)); // unit vectors of the vertices, each computed once
    push_exact(in.pt(0), to_v);
    out.pos.push_back(in.pos[0]);
    std::vector<lon_lat>& p = scratch().pieces; // the pieces of one segment
    std::vector<gate_mask>& m = scratch().masks;
    for (std::size_t i = 0; i + 1 < in.size(); ++i) {
        const std::size_t first = out.size() - 1;
        const lon_lat &from = in.pt(i), &to = in.pt(i + 1);
        const v3 from_v = to_v;
        to_v = to_v3(to);
        // the first and last segments (usually the snap connectors, from a port in the coastal clearance)
        // are cut finer, so a shortcut can leave them as soon as they leave the clearance
        const bool end = i == 0 || i + 2 == in.size();
        int n = std::min(end ? end_pieces_max : 1 << 20, arc_pieces(from_v, to_v, end ? std::min(step_deg, end_step_deg) : step_deg));
        const bool along = along_input(in.pos[i], in.pos[i + 1]);
        auto push_piece = [&](int k, gate_mask gm) {
            out.pos.push_back(k == n ? in.pos[i + 1] : along ? in.pos[i] + (in.pos[i + 1] - in.pos[i]) * k / n : -1.0);
            out.len.push_back(in.len[i] / n);
            out.gates.push_back(gm);
        };
        if (n > 1 && in.gates[i] != 0) {
            // a segment crossing a gate: cut only when its pieces together cross the same gates
            split_arc(from, to, n, p);
            m.assign(static_cast<std::size_t>(n), in.gates[i]);
            gate_mask all = 0;
            for (int k = 0; k < n; ++k) all |= m[static_cast<std::size_t>(k)] = arc_gates(g, p[static_cast<std::size_t>(k)], p[static_cast<std::size_t>(k) + 1]);
            if (all != in.gates[i]) n = 1, p = {from, to}, m.assign(1, in.gates[i]);
            for (int k = 1; k <= n; ++k) {
                const lon_lat& q = p[static_cast<std::size_t>(k)];
                push_exact(q, k == n ? to_v : to_v3(q));
                push_piece(k, m[static_cast<std::size_t>(k - 1)]);
            }
        } else {
            // inner points as unit vectors (their positions computed on first use), the end exactly
            int k = 1;
            if (n > 1)
                arc_inner_points(from_v, to_v, n, [&](const v3& q) {
                    out.pts.push_back({});
                    out.lazy.push_back(work_path::inner);
                    out.v.push_back(q);
                    push_piece(k++, in.gates[i]);
                    return true;
                });
            push_exact(to, to_v);
            push_piece(n, in.gates[i]);
        }
        const bool clear = !in.clear.empty() && in.clear[i];
        for (std::size_t k = first; k + 1 < out.size(); ++k) out.free_to.push_back(clear ? out.size() - 1 : k + 1);
    }
    out.free_to.push_back(out.size() - 1);
}

class shortcut_test {
public:
    shortcut_test(const sea_graph& g, const work_path& w, const std::vector<keep_out_circle>& keep_out, refined_path& stats)
        : m_g(g), m_w(w), m_stats(stats), m_blocked(scratch().blocked), m_v(scratch().unit) {
        m_blocked.assign(w.size(), unknown);
        m_v.resize(w.size());
        for (const auto& k : keep_out) m_keep.push_back({to_v3(k.centre), k.radius_m / earth_radius_m * 1.01});
    }
    // Is point i on a blocked cell?  (computed on first use, with its unit vector: most points of a pass are
    // never an end of a tested shortcut)
    bool blocked(std::size_t i) const {
        if (m_blocked[i] == unknown) m_blocked[i] = m_g.land.blocked(m_w.pt(i)) ? 1 : 0, m_v[i] = m_w.unit(i);
        return m_blocked[i] == 1;
    }
    gate_mask run(std::size_t a, std::size_t j) const {
        gate_mask m = 0;
        for (std::size_t k = a; k < j; ++k) m |= m_w.gates[k];
        return m;
    }
    bool ok(std::size_t a, std::size_t j) const {
        if (!m_w.free_to.empty() && j <= m_w.free_to[a]) return true; // inside a shortcut already tested
        ++m_stats.tests;
        if (blocked(a) || blocked(j)) return false;
        const lon_lat& pa = m_w.pt(a);
        const lon_lat& pj = m_w.pt(j);
        const v3 &A = m_v[a], &B = m_v[j];
        for (const auto& [c, r] : m_keep)
            if (arc_distance(c, A, B) < r) return false;
        // cheap rejections first: seven points along the arc on a blocked cell (an arc across a continent),
        // a different set of gates; then the full probe
        bool open = true;
        arc_inner_points(A, B, 8, [&](const v3& p) { return open = !blocked_unit(m_g.land, {p.x, p.y, p.z}); });
        if (!open) return false;
        if (arc_gates_v3(m_g, pa, pj, A, B) != run(a, j)) return false;
        return m_g.land.arc_clear_unit({A.x, A.y, A.z}, {B.x, B.y, B.z}, &m_stats.probes); // a, j are not blocked (above)
    }

private:
    const sea_graph& m_g;
    const work_path& m_w;
    refined_path& m_stats;
    static constexpr std::uint8_t unknown = 2;
    std::vector<std::uint8_t>& m_blocked; // per point: 0, 1 or unknown
    std::vector<v3>& m_v;                 // per point: unit vector (once m_blocked is known)
    std::vector<std::pair<v3, double>> m_keep;
};

// Refinement passes: the path cut every 1 degree, pulled, then the result cut every 0.25 degree (~15 nm)
// and pulled again, so shortcuts can start and end inside long lane segments.
constexpr double refine_steps_deg[] = {1.0, 0.25};
// Galloping from an anchor stops after this many unacceptable ends beyond the farthest acceptable one.
constexpr int refine_misses = 2;

// The farthest point acceptable from anchor a: ends at a + 2, 4, 8, ... up to the last point are all tried
// (visibility is not monotonic: an island can hide a middle point and not a farther one), then the step
// after the farthest acceptable one is bisected.
std::size_t farthest_acceptable(const shortcut_test& test, std::size_t a, std::size_t n) {
    std::size_t ok = a + 1, bad = n; // bad: first end found unacceptable beyond ok
    if (test.blocked(a)) return ok;
    int misses = 0;
    for (std::size_t span = 2;; span *= 2) {
        const std::size_t j = std::min(n - 1, a + span);
        if (test.ok(a, j)) ok = j, bad = n, misses = 0;
        else if (bad == n) bad = j;
        if (j == n - 1 || (bad < n && ++misses >= refine_misses)) break;
    }
    while (bad < n && bad - ok > 1) {
        const std::size_t mid = ok + (bad - ok) / 2;
        (test.ok(a, mid) ? ok : bad) = mid;
    }
    return ok;
}

// One string-pulling pass: from each anchor to the farthest acceptable point.
void pull_pass(const sea_graph& g, const work_path& w, const std::vector<keep_out_circle>& keep_out, refined_path& stats, work_path& out) {
    const shortcut_test test(g, w, keep_out, stats);
    const std::size_t n = w.size();
    out.reset();
    out.pts.push_back(w.pt(0));
    out.pos.push_back(w.pos[0]);
    for (std::size_t a = 0; a + 1 < n;) {
        const std::size_t j = farthest_acceptable(test, a, n);
        double len = 0;
        for (std::size_t k = a; k < j; ++k) len += w.len[k];
        out.pts.push_back(w.pt(j));
        out.pos.push_back(w.pos[j]);
        out.len.push_back(j == a + 1 || along_input(w.pos[a], w.pos[j]) ? len : std::min(len, shortcut_length_m(w.pt(a), w.pt(j))));
        out.gates.push_back(test.run(a, j));
        out.clear.push_back(j > a + 1 || (!w.free_to.empty() && w.free_to[a] > a + 1));
        a = j;
    }
}


} // namespace

gate_mask arc_gates(const sea_graph& g, const lon_lat& a, const lon_lat& b) { return arc_gates_v3(g, a, b, to_v3(a), to_v3(b)); }
gate_mask arc_gates_unbounded(const sea_graph& g, const lon_lat& a, const lon_lat& b) {
    return arc_gates_v3(g, a, b, to_v3(a), to_v3(b), false);
}

namespace {

// Might the great-circle arc A-B come within the cap of gate bound b?  False only when it cannot: the arc
// lies in the cap around its middle M of half its length h, so it stays out of the gate's cap (centre c,
// radius r < 1.01 rad) when angle(M, c) > h + r, i.e. cos angle(M, c) < cos h cos r - sin h sin r.
// S = A + B (|S| = 2 cos h), cos_h = cos h, sin_h = sin h.
bool arc_near_cap(const sea_graph::gate_bound& b, const v3& S, double s_norm, double cos_h, double sin_h) {
    if (b.radius < 0) return false;
    if (b.radius >= M_PI) return true;
    const double cs = S.x * b.centre[0] + S.y * b.centre[1] + S.z * b.centre[2];
    return cs >= s_norm * (cos_h * b.cos_radius - sin_h * b.sin_radius);
}

// arc_gates with the unit vectors A, B of a, b given; `bounded`: skip the gates whose bounds the arc and
// its ends are outside of (same answer, tests compare both).
gate_mask arc_gates_v3(const sea_graph& g, const lon_lat& a, const lon_lat& b, const v3& A, const v3& B, bool bounded) {
    gate_mask m = 0;
    bounded = bounded && g.gate_bounds.size() == g.gate_segments.size(); // (a graph not made by rebuild_csr: no bounds)
    const v3 n1 = cross(A, B);
    const v3 S{A.x + B.x, A.y + B.y, A.z + B.z}, Dv{A.x - B.x, A.y - B.y, A.z - B.z};
    const double s_norm = norm(S), cos_h = s_norm / 2, sin_h = norm(Dv) / 2;
    for (std::size_t k = 0; k < g.gate_segments.size(); ++k) {
        bool hit = false;
        const bool check_segments = !bounded || arc_near_cap(g.gate_bounds[k], S, s_norm, cos_h, sin_h);
        for (std::size_t i = 0; check_segments && i < g.gate_segments[k].size(); ++i) {
            const auto& s = g.gate_segments[k][i];
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
        if (!hit && !g.gates[k].areas.empty()) {
            auto in_box = [&](const lon_lat& p) { // (only when bounded: gate_bounds[k] exists)
                const auto& bb = g.gate_bounds[k];
                return p.lon >= bb.lon_min && p.lon <= bb.lon_max && p.lat >= bb.lat_min && p.lat <= bb.lat_max;
            };
            const bool check_a = !bounded || in_box(a), check_b = !bounded || in_box(b);
            for (std::size_t r = 0; !hit && r < g.gates[k].areas.size(); ++r)
                hit = (check_a && point_in_ring(g.gates[k].areas[r], a)) || (check_b && point_in_ring(g.gates[k].areas[r], b));
        }
        if (hit) m |= gate_mask{1} << k;
    }
    return m;
}

} // namespace

// A position from fast_atan2 (error < 1e-4 degree, far below a 1/16-degree cell) lies in the cell of u or
// a neighbour, so a distance >= 2 cells to the nearest blocked cell there means u's own cell is not
// blocked; otherwise the exact position decides.
bool blocked_unit(const land_index& land, const std::array<double, 3>& u) {
    const lon_lat rough{fast_atan2(u[1], u[0]) / refine_deg, fast_atan2(u[2], std::sqrt(u[0] * u[0] + u[1] * u[1])) / refine_deg};
    const int d = land.cell_distance(rough);
    if (d >= 2) return false;
    // the exact position is within 1.2e-4 degree of the rough one, so it lies in the same cell (whose
    // distance d answers) unless the rough one is that close to a cell edge or to the 84-degree limit
    constexpr int per_degree = land_index::cells_per_degree;
    constexpr double margin_deg = 2.5e-4, margin_cells = margin_deg * per_degree;
    const double fc = (rough.lon + 180.0) * per_degree, fr = (90.0 - rough.lat) * per_degree;
    const double xc = fc - std::floor(fc), xr = fr - std::floor(fr);
    const bool inside = xc > margin_cells && xc < 1 - margin_cells && xr > margin_cells && xr < 1 - margin_cells;
    if (inside && std::abs(std::abs(rough.lat) - land_index::max_abs_lat) > margin_deg) return d == 0;
    return land.blocked(to_lon_lat({u[0], u[1], u[2]}));
}

refined_path refine_path(const sea_graph& g, const refine_input& in) {
    refined_path out;
    const std::size_t n = in.points.size();
    if (n == 0) return out;
    double input_m = 0;
    for (double l : in.length_m) input_m += l;
    if (g.land.empty() || n < 3) {
        out.points = in.points;
        out.length_m = input_m;
        return out;
    }
    refine_scratch& sc = scratch();
    sc.input.reset();
    sc.input.pts.assign(in.points.begin(), in.points.end());
    sc.input.len.assign(in.length_m.begin(), in.length_m.end());
    sc.input.gates.assign(in.gates.begin(), in.gates.end());
    for (std::size_t i = 0; i < n; ++i) sc.input.pos.push_back(static_cast<double>(i));
    const work_path* cur = &sc.input;
    for (double step : refine_steps_deg) {
        densify_path(g, *cur, step, sc.dense);
        pull_pass(g, sc.dense, in.keep_out, out, sc.pulled);
        cur = &sc.pulled;
    }
    const work_path& w = *cur;
    // output: shortcuts densified along their great circle, runs along one input segment merged
    out.points.push_back(w.pts[0]);
    bool last_along = false;
    std::vector<lon_lat>& d = sc.pieces;
    for (std::size_t i = 0; i + 1 < w.pts.size(); ++i) {
        out.length_m += w.len[i];
        const bool along = along_input(w.pos[i], w.pos[i + 1]);
        if (along) {
            if (last_along && w.pos[i] != std::floor(w.pos[i]) && along_input(w.pos[i - 1], w.pos[i + 1])) out.points.pop_back();
            out.points.push_back(w.pts[i + 1]);
        } else {
            split_arc(w.pts[i], w.pts[i + 1], arc_pieces(w.pts[i], w.pts[i + 1], 1.0), d);
            out.points.insert(out.points.end(), d.begin() + 1, d.end());
            ++out.shortcuts;
        }
        last_along = along;
    }
    // (shortcut lengths come from Vincenty's formula, within a millimetre of the geodesic: the sum is kept
    // from going below the geodesic between the ends by that rounding)
    out.length_m = std::max(std::min(out.length_m, input_m), geodesic_m(in.points.front(), in.points.back()));
    return out;
}

} // namespace harbormap::routing
