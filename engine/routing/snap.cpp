#include "engine/routing/snap.hpp"

#include "engine/core/boost_geometry.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/routing/search.hpp"

#include <boost/geometry/index/rtree.hpp>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

namespace harbormap::routing {

namespace bgi = boost::geometry::index;
using value_t = std::pair<bg::point, node_id>;

struct snapper::impl {
    bgi::rtree<value_t, bgi::rstar<16>> tree;
};

snapper::snapper(const sea_graph& g) : m_graph(g), m_impl(std::make_unique<impl>()) {
    std::vector<value_t> values;
    values.reserve(g.nodes.size());
    for (node_id n = 0; n < g.nodes.size(); ++n) values.emplace_back(bg::to_point(g.nodes[n]), n);
    m_impl->tree = bgi::rtree<value_t, bgi::rstar<16>>(values.begin(), values.end());
}

snapper::~snapper() = default;

snap_result snapper::nearest(const lon_lat& p) const {
    snap_result best;
    if (m_graph.nodes.empty()) return best;
    best.distance_m = HUGE_VAL;
    // lon/lat degrees are not isotropic: take a few candidates from the rtree and pick by geodesic
    // distance.  The ellipsoidal distance (~1 us) is computed only for candidates whose spherical lower
    // bound can still beat the best so far, nearest bound first.
    std::vector<value_t> hits;
    auto consider = [&](double lon) {
        hits.clear();
        m_impl->tree.query(bgi::nearest(bg::point(lon, p.lat), 24), std::back_inserter(hits));
        std::vector<std::pair<double, node_id>> cands;
        cands.reserve(hits.size());
        for (const auto& [pt, n] : hits) cands.emplace_back(lower_bound_m(p, m_graph.nodes[n]), n);
        std::sort(cands.begin(), cands.end());
        for (const auto& [lb, n] : cands) {
            if (lb > best.distance_m) break;
            const double d = geodesic_m(p, m_graph.nodes[n]);
            if (d < best.distance_m || (d == best.distance_m && n < best.node)) best = {n, d};
        }
    };
    consider(p.lon);
    if (p.lon > 90) consider(p.lon - 360);
    if (p.lon < -90) consider(p.lon + 360);
    return best;
}

std::vector<node_id> snapper::within(const lon_lat& p, double radius_m) const {
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
