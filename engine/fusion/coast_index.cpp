#include "engine/fusion/coast_index.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/fusion/local_frame.hpp"

#include <boost/geometry/index/rtree.hpp>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

namespace harbormap::fusion {

namespace {

namespace bgi = boost::geometry::index;
using coast_segment = bg::bgeo::model::segment<bg::point>;
using coast_box_entry = std::pair<bg::box, std::size_t>;

// A ring edge that is a cut of the data, not a coast: along the antimeridian or the south pole.
bool is_cut(const bg::point& a, const bg::point& b) {
    constexpr double edge = 179.9999, pole = -89.9999;
    const bool antimeridian = std::abs(a.get<0>()) >= edge && std::abs(b.get<0>()) >= edge && a.get<0>() * b.get<0>() > 0;
    return antimeridian || (a.get<1>() <= pole && b.get<1>() <= pole);
}

} // namespace

struct coast_index::impl {
    struct land_polygon { // a named type: unity builds reject anonymous-namespace types in members
        bg_polygon poly;
        bg::box envelope;
    };
    std::vector<land_polygon> land;
    bgi::rtree<coast_box_entry, bgi::quadratic<16>> land_tree;
    bgi::rtree<coast_segment, bgi::quadratic<16>> coast;
};

coast_index::coast_index(const feature_layer& land) : m(std::make_unique<impl>()) {
    std::vector<coast_box_entry> boxes;
    std::vector<coast_segment> segments;
    for (const auto& f : land.features)
        for (const auto& p : f.geom.polygons) {
            if (p.rings.empty() || p.rings.front().size() < 3) continue;
            impl::land_polygon lp{to_bg_polygon(p), {}};
            lp.envelope = bg::bgeo::return_envelope<bg::box>(lp.poly);
            const auto add_ring = [&](const auto& ring) {
                for (std::size_t k = 1; k < ring.size(); ++k)
                    if (!is_cut(ring[k - 1], ring[k])) segments.emplace_back(ring[k - 1], ring[k]);
            };
            add_ring(lp.poly.outer());
            for (const auto& inner : lp.poly.inners()) add_ring(inner);
            boxes.emplace_back(lp.envelope, m->land.size());
            m->land.push_back(std::move(lp));
        }
    m->land_tree = decltype(m->land_tree)(boxes.begin(), boxes.end());
    m->coast = decltype(m->coast)(segments.begin(), segments.end());
}

coast_index::~coast_index() = default;

std::size_t coast_index::segments() const { return m->coast.size(); }

std::optional<double> coast_index::inland_km(const lon_lat& p) const {
    const bg::point pt = bg::to_point(p);
    std::vector<coast_box_entry> hits;
    m->land_tree.query(bgi::intersects(pt), std::back_inserter(hits));
    const bool on_land = std::any_of(hits.begin(), hits.end(), [&](const coast_box_entry& h) {
        return bg::bgeo::covered_by(pt, m->land[h.second].poly);
    });
    if (!on_land || m->coast.empty()) return std::nullopt;

    // The segments nearest in degrees bound the distance; every segment within that bound (a box around
    // p, widened in longitude by the latitude's scale) is then measured in the local frame.
    const local_frame frame(p);
    double best = std::numeric_limits<double>::infinity();
    lon_lat best_point = p;
    const auto measure = [&](const coast_segment& s) {
        const auto [q, d] = frame.nearest_on_segment(s.first, s.second);
        if (d < best) {
            best = d;
            best_point = q;
        }
    };
    constexpr unsigned candidates = 8;
    for (auto it = m->coast.qbegin(bgi::nearest(pt, candidates)); it != m->coast.qend(); ++it) measure(*it);
    const double dlat = best / km_per_deg_lat, dlon = frame.kx > 1e-6 ? std::min(180.0, best / frame.kx) : 180.0;
    const bg::box around(bg::point(p.lon - dlon, p.lat - dlat), bg::point(p.lon + dlon, p.lat + dlat));
    for (auto it = m->coast.qbegin(bgi::intersects(around)); it != m->coast.qend(); ++it) measure(*it);
    return km_from_m(geodesic_m(p, best_point));
}

} // namespace harbormap::fusion
