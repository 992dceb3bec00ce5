#include "engine/routing/snap.hpp"

#include "engine/core/boost_geometry.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/routing/search.hpp"

#include <boost/geometry/index/rtree.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <mutex>
#include <utility>

namespace harbormap::routing {

namespace bgi = boost::geometry::index;
using value_t = std::pair<bg::point, node_id>;
using point3 = boost::geometry::model::point<double, 3, boost::geometry::cs::cartesian>;

namespace {
// A position as a unit vector (geodetic latitude on the unit sphere): chord order = great-circle order,
// and there is no antimeridian.
point3 unit(const lon_lat& p) {
    const double phi = p.lat * M_PI / 180.0, lam = p.lon * M_PI / 180.0;
    return point3(std::cos(phi) * std::cos(lam), std::cos(phi) * std::sin(lam), std::sin(phi));
}
} // namespace

// An implicit k-d tree of the nodes' unit vectors: in every range [lo, hi) of `pts` the middle element
// splits the rest on coordinate depth % 3 (built with nth_element, no node allocations: a cold query
// builds it in a fraction of the time an rtree takes).
struct kd_point {
    std::array<double, 3> v;
    node_id id;
};

struct snapper::impl {
    std::vector<kd_point> pts;                // the k-d tree (nearest)
    std::once_flag tree_once;                 // the lon/lat tree is built on the first within()
    bgi::rtree<value_t, bgi::rstar<16>> tree; // lon/lat boxes (within)

    void build(std::size_t lo, std::size_t hi, int dim) {
        if (hi - lo < 2) return;
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto at = [](std::vector<kd_point>& v, std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
        std::nth_element(at(pts, lo), at(pts, mid), at(pts, hi), [dim](const kd_point& a, const kd_point& b) { return a.v[dim] < b.v[dim]; });
        build(lo, mid, (dim + 1) % 3);
        build(mid + 1, hi, (dim + 1) % 3);
    }
};

namespace {

// A radius certainly below the one lower_bound_m uses (a(1 - e^2) = 6,335,439 m): pruning with it keeps every
// node whose lower bound could still beat the best.
constexpr double prune_radius_m = 6.30e6;

struct nearest_search {
    const sea_graph& g;
    const std::vector<kd_point>& pts;
    lon_lat p;
    std::array<double, 3> q;
    snap_result best;
    double best_chord = 2;  // chord on the unit sphere beyond which no node can beat `best`
    double nearest_c2 = 5;  // phase 1: the smallest squared chord so far
    node_id nearest = invalid_node;

    double chord2(const kd_point& m) const {
        const double dx = m.v[0] - q[0], dy = m.v[1] - q[1], dz = m.v[2] - q[2];
        return dx * dx + dy * dy + dz * dz;
    }
    // Phase 1: the node nearest by chord (no trigonometry), a good first `best`.
    void by_chord(std::size_t lo, std::size_t hi, int dim) {
        if (lo >= hi) return;
        const std::size_t mid = lo + (hi - lo) / 2;
        const kd_point& m = pts[mid];
        if (const double c2 = chord2(m); c2 < nearest_c2 || (c2 == nearest_c2 && m.id < nearest)) nearest_c2 = c2, nearest = m.id;
        const double diff = q[static_cast<std::size_t>(dim)] - m.v[static_cast<std::size_t>(dim)];
        const int next = (dim + 1) % 3;
        by_chord(diff < 0 ? lo : mid + 1, diff < 0 ? mid : hi, next);
        if (diff * diff <= nearest_c2) by_chord(diff < 0 ? mid + 1 : lo, diff < 0 ? hi : mid, next);
    }
    void consider(const kd_point& m) {
        if (chord2(m) > best_chord * best_chord) return; // its lower bound exceeds the best
        const node_id n = m.id;
        if (lower_bound_m(p, g.nodes[n]) > best.distance_m) return;
        const double d = geodesic_m(p, g.nodes[n]);
        if (d < best.distance_m || (d == best.distance_m && n < best.node)) {
            best = {n, d};
            const double half_angle = d / (2 * prune_radius_m);
            best_chord = half_angle >= M_PI / 2 ? 2 : 2 * std::sin(half_angle);
        }
    }
    // Phase 2: every node whose lower bound can still beat the best, by its geodesic distance.
    void search(std::size_t lo, std::size_t hi, int dim) {
        if (lo >= hi) return;
        const std::size_t mid = lo + (hi - lo) / 2;
        const kd_point& m = pts[mid];
        consider(m);
        const double diff = q[static_cast<std::size_t>(dim)] - m.v[static_cast<std::size_t>(dim)];
        const int next = (dim + 1) % 3;
        search(diff < 0 ? lo : mid + 1, diff < 0 ? mid : hi, next);
        if (std::abs(diff) <= best_chord) search(diff < 0 ? mid + 1 : lo, diff < 0 ? hi : mid, next);
    }
};

std::array<double, 3> unit_array(const lon_lat& p) {
    const point3 u = unit(p);
    return {u.get<0>(), u.get<1>(), u.get<2>()};
}

} // namespace

snapper::snapper(const sea_graph& g) : m_graph(g), m_impl(std::make_unique<impl>()) {
    auto& pts = m_impl->pts;
    pts.reserve(g.nodes.size());
    for (node_id n = 0; n < g.nodes.size(); ++n) pts.push_back({unit_array(g.nodes[n]), n});
    m_impl->build(0, pts.size(), 0);
}

snapper::~snapper() = default;

snap_result snapper::nearest(const lon_lat& p) const {
    // Branch and bound on the k-d tree, nearer half first: the ellipsoidal distance (~1 us) is computed only
    // for a node whose spherical lower bound (lower_bound_m) can still beat the best so far, and a half is
    // entered only when its splitting plane is within the chord that could.  The answer is the geodesically
    // nearest node, the lowest id among equals.
    if (m_graph.nodes.empty()) return {};
    nearest_search s{m_graph, m_impl->pts, p, unit_array(p), {}};
    s.best.distance_m = HUGE_VAL;
    s.by_chord(0, m_impl->pts.size(), 0);
    s.consider(kd_point{unit_array(m_graph.nodes[s.nearest]), s.nearest}); // the best to beat
    s.search(0, m_impl->pts.size(), 0);
    return s.best;
}

double connector_land_m(const land_index& land, const lon_lat& p, const lon_lat& q) {
    if (land.empty()) return 0;
    const auto a = unit_vector(p), b = unit_vector(q);
    const double dot = std::clamp(a[0] * b[0] + a[1] * b[1] + a[2] * b[2], -1.0, 1.0);
    const double angle = std::acos(dot);
    if (!(angle > 0)) return 0.0; // p and q coincide: no connector (and no pieces to leap over)
    const double step = M_PI / 180.0 / land_index::cells_per_degree; // one cell of latitude
    const int n = std::max(1, static_cast<int>(std::ceil(angle / step)));
    const double piece = angle / n;
    // the arc as cos(t) a + sin(t) u, u the unit vector perpendicular to a towards b
    std::array<double, 3> u{b[0] - dot * a[0], b[1] - dot * a[1], b[2] - dot * a[2]};
    const double un = std::sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    for (auto& c : u) c = un > 1e-15 ? c / un : 0;
    int blocked = 0, run = 0; // blocked samples; the current blocked run
    bool clear = false;       // a clear sample seen
    for (int k = 0; k <= n;) {
        const double t = k == n ? angle : k * piece, ct = std::cos(t), st = std::sin(t);
        const double x = ct * a[0] + st * u[0], y = ct * a[1] + st * u[1], z = ct * a[2] + st * u[2];
        const lon_lat pt{fast_atan2(y, x) * 180.0 / M_PI, fast_atan2(z, std::sqrt(x * x + y * y)) * 180.0 / M_PI};
        const int cells = std::max(land.cell_distance(pt), (land.clear_radius(pt) - 1) * land_index::cells_per_degree);
        if (cells == 0) {
            ++blocked, ++run, ++k;
            continue;
        }
        run = 0, clear = true;
        // the samples less than (cells - 1) cells away in latitude and longitude are clear too: leap over them
        const double c = std::cos(std::min(89.0, std::abs(pt.lat) + 1) * M_PI / 180.0);
        k += std::max(1, static_cast<int>(std::min((cells - 1) * c * step / piece, static_cast<double>(n))));
    }
    // the run reaching q is the node's own coast, unless the connector is blocked throughout
    // (n + 1 samples for n pieces: a connector blocked throughout counts its length)
    return std::min(clear ? blocked - run : blocked, n) * piece * earth_radius_m;
}

snap_result snapper::nearest_over_water(const lon_lat& p) const {
    const snap_result first = nearest(p);
    const auto& land = m_graph.land;
    if (first.node == invalid_node || land.empty() || first.distance_m <= snap_own_land_m) return first; // land <= length
    const double first_land = connector_land_m(land, p, m_graph.nodes[first.node]);
    if (first_land <= snap_own_land_m) return first;
    // the nearest node's connector runs across land: the shortest connector counting land twice
    snap_result best = first;
    double best_cost = first.distance_m + first_land;
    const double reach = 2 * first.distance_m + 10 * metres_per_nm;
    for (const node_id n : box_hits(p, reach)) {
        if (n == first.node || lower_bound_m(p, m_graph.nodes[n]) >= best_cost) continue;
        const double d = geodesic_m(p, m_graph.nodes[n]);
        if (d >= best_cost || d > reach) continue;
        const double cost = d + connector_land_m(land, p, m_graph.nodes[n]);
        if (cost < best_cost || (cost == best_cost && n < best.node)) best = {n, d}, best_cost = cost;
    }
    return best;
}

std::vector<node_id> snapper::box_hits(const lon_lat& p, double radius_m) const {
    std::call_once(m_impl->tree_once, [&] {
        std::vector<value_t> values;
        values.reserve(m_graph.nodes.size());
        for (node_id n = 0; n < m_graph.nodes.size(); ++n) values.emplace_back(bg::to_point(m_graph.nodes[n]), n);
        m_impl->tree = bgi::rtree<value_t, bgi::rstar<16>>(values.begin(), values.end());
    });
    std::vector<node_id> out;
    // a lon/lat box that contains the geodesic circle (1 degree of latitude >= 110.5 km)
    const double dlat = radius_m / 110000.0 + 0.01;
    const double c = std::cos(std::min(89.0, std::abs(p.lat) + dlat) * M_PI / 180.0);
    const double dlon = std::min(180.0, dlat / std::max(c, 1e-6));
    auto box_query = [&](double lon0, double lon1) {
        std::vector<value_t> hits;
        bg::box b(bg::point(lon0, std::max(-90.0, p.lat - dlat)), bg::point(lon1, std::min(90.0, p.lat + dlat)));
        m_impl->tree.query(bgi::intersects(b), std::back_inserter(hits));
        for (const auto& hit : hits) out.push_back(hit.second);
    };
    double lo = p.lon - dlon, hi = p.lon + dlon;
    if (dlon >= 180) {
        box_query(-180, 180);
    } else {
        box_query(std::max(lo, -180.0), std::min(hi, 180.0));
        if (lo < -180) box_query(lo + 360, 180);
        if (hi > 180) box_query(-180, hi - 360);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<node_id> snapper::within(const lon_lat& p, double radius_m) const {
    std::vector<node_id> out = box_hits(p, radius_m);
    out.erase(std::remove_if(out.begin(), out.end(), [&](node_id n) { return geodesic_m(p, m_graph.nodes[n]) > radius_m; }), out.end());
    return out;
}

} // namespace harbormap::routing
