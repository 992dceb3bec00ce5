#include "engine/routing/snap.hpp"

#include "engine/core/boost_geometry.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/routing/search.hpp"

#include <boost/geometry/index/rtree.hpp>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <mutex>
#include <utility>

namespace harbormap::routing {

namespace bgi = boost::geometry::index;
using value_t = std::pair<bg::point, node_id>;
using point3 = boost::geometry::model::point<double, 3, boost::geometry::cs::cartesian>;
using value3_t = std::pair<point3, node_id>;

namespace {
// A position as a unit vector (geodetic latitude on the unit sphere): chord order = great-circle order,
// and there is no antimeridian.
point3 unit(const lon_lat& p) {
    const double phi = p.lat * M_PI / 180.0, lam = p.lon * M_PI / 180.0;
    return point3(std::cos(phi) * std::cos(lam), std::cos(phi) * std::sin(lam), std::sin(phi));
}
} // namespace

struct snapper::impl {
    bgi::rtree<value3_t, bgi::rstar<16>> sphere; // unit vectors (nearest)
    std::once_flag tree_once;                    // the lon/lat tree is built on the first within()
    bgi::rtree<value_t, bgi::rstar<16>> tree;    // lon/lat boxes (within)
};

snapper::snapper(const sea_graph& g) : m_graph(g), m_impl(std::make_unique<impl>()) {
    std::vector<value3_t> values3;
    values3.reserve(g.nodes.size());
    for (node_id n = 0; n < g.nodes.size(); ++n) values3.emplace_back(unit(g.nodes[n]), n);
    m_impl->sphere = bgi::rtree<value3_t, bgi::rstar<16>>(values3.begin(), values3.end());
}

snapper::~snapper() = default;

snap_result snapper::nearest(const lon_lat& p) const {
    snap_result best;
    if (m_graph.nodes.empty()) return best;
    // The k nodes nearest on the sphere (one rtree query on unit vectors), in order; the ellipsoidal
    // distance (~1 us) is computed only while a candidate's spherical lower bound (lower_bound_m) can
    // still beat the best so far.  The bound and the ellipsoid differ by at most ~1%, so this is one or
    // two geodesic calls; k grows only when all k candidates could still win.
    const point3 q = unit(p);
    std::vector<std::pair<double, node_id>> cands;
    std::vector<value3_t> hits;
    for (std::size_t k = 4;; k *= 4) {
        hits.clear();
        m_impl->sphere.query(bgi::nearest(q, static_cast<unsigned>(k)), std::back_inserter(hits));
        cands.clear();
        for (const auto& [pt, n] : hits) cands.emplace_back(boost::geometry::comparable_distance(pt, q), n);
        std::sort(cands.begin(), cands.end());
        best = {};
        best.distance_m = HUGE_VAL;
        bool decided = false;
        for (const auto& [chord2, n] : cands) {
            if (lower_bound_m(p, m_graph.nodes[n]) > best.distance_m) {
                decided = true;
                break;
            }
            const double d = geodesic_m(p, m_graph.nodes[n]);
            if (d < best.distance_m || (d == best.distance_m && n < best.node)) best = {n, d};
        }
        if (decided || hits.size() < k) break;
    }
    return best;
}

std::vector<node_id> snapper::within(const lon_lat& p, double radius_m) const {
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
        for (const auto& [pt, n] : hits)
            if (geodesic_m(p, m_graph.nodes[n]) <= radius_m) out.push_back(n);
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

} // namespace harbormap::routing
