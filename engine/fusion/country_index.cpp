#include "engine/fusion/country_index.hpp"

#include "engine/core/boost_geometry.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/fusion/local_frame.hpp"

#include <algorithm>
#include <boost/geometry/index/rtree.hpp>
#include <limits>
#include <vector>

namespace harbormap::fusion {

namespace {

namespace bgidx = boost::geometry::index;
using box_entry = std::pair<bg::box, std::size_t>;

// ISO numeric ids as three digits ("36" and "036" alike: a CSV reader may have typed them as numbers).
std::string numeric_key(const std::string& s) {
    if (s.empty() || s.size() >= 3 || s.find_first_not_of("0123456789") != std::string::npos) return s;
    return std::string(3 - s.size(), '0') + s;
}

} // namespace

struct country_index::impl {
    struct country_polygon { // a named type: unity builds reject anonymous-namespace types in members
        std::string iso2;
        bg_polygon poly;
        bg::box envelope;
    };
    std::vector<country_polygon> polygons;
    std::map<std::string, std::vector<std::size_t>> by_iso2;
    bgidx::rtree<box_entry, bgidx::quadratic<16>> tree;
};

country_index::country_index(const feature_layer& countries, const std::map<std::string, std::string>& iso2_of_numeric)
    : m(std::make_unique<impl>()) {
    std::map<std::string, std::string> iso2;
    for (const auto& [numeric, code] : iso2_of_numeric) iso2[numeric_key(numeric)] = code;
    std::vector<box_entry> boxes;
    for (const auto& f : countries.features) {
        auto it = iso2.find(numeric_key(f.text("id")));
        if (it == iso2.end()) continue;
        for (const auto& p : f.geom.polygons) {
            if (p.rings.empty() || p.rings.front().size() < 3) continue;
            impl::country_polygon cp{it->second, to_bg_polygon(p), {}};
            cp.envelope = bg::bgeo::return_envelope<bg::box>(cp.poly);
            boxes.emplace_back(cp.envelope, m->polygons.size());
            m->by_iso2[cp.iso2].push_back(m->polygons.size());
            m->polygons.push_back(std::move(cp));
        }
    }
    m->tree = decltype(m->tree)(boxes.begin(), boxes.end());
}

country_index::~country_index() = default;

bool country_index::has(const std::string& iso2) const { return m->by_iso2.count(iso2) > 0; }

std::size_t country_index::countries() const { return m->by_iso2.size(); }

std::optional<double> country_index::distance_km(const std::string& iso2, const lon_lat& p) const {
    auto it = m->by_iso2.find(iso2);
    if (it == m->by_iso2.end()) return std::nullopt;
    const local_frame frame(p);
    const bg::point pt = bg::to_point(p);
    double best = std::numeric_limits<double>::infinity();
    lon_lat best_point = p;
    for (auto i : it->second) {
        const impl::country_polygon& cp = m->polygons[i];
        if (frame.box_km(cp.envelope) >= best) continue;
        if (bg::bgeo::covered_by(pt, cp.envelope) && bg::bgeo::covered_by(pt, cp.poly)) return 0.0;
        auto scan = [&](const auto& ring) {
            for (std::size_t k = 1; k < ring.size(); ++k) {
                const auto [q, d] = frame.nearest_on_segment(ring[k - 1], ring[k]);
                if (d < best) {
                    best = d;
                    best_point = q;
                }
            }
        };
        scan(cp.poly.outer());
        for (const auto& inner : cp.poly.inners()) scan(inner);
    }
    return km_from_m(geodesic_m(p, best_point));
}

std::string country_index::country_at(const lon_lat& p) const {
    const bg::point pt = bg::to_point(p);
    std::vector<box_entry> hits;
    m->tree.query(bgidx::intersects(pt), std::back_inserter(hits));
    for (const auto& [envelope, i] : hits)
        if (bg::bgeo::covered_by(pt, m->polygons[i].poly)) return m->polygons[i].iso2;
    return {};
}

} // namespace harbormap::fusion

namespace harbormap::fusion {

std::optional<country_index::hit> country_index::nearest_country(const lon_lat& p) const {
    if (std::string at = country_at(p); !at.empty()) return hit{at, 0.0};
    constexpr unsigned candidates = 16; // envelopes nearest in degrees; the distances decide
    std::vector<box_entry> near;
    m->tree.query(bgidx::nearest(bg::to_point(p), candidates), std::back_inserter(near));
    std::optional<hit> best;
    for (const auto& entry : near) {
        const std::string& iso2 = m->polygons[entry.second].iso2;
        if (best && best->iso2 == iso2) continue;
        const double km = *distance_km(iso2, p);
        if (!best || km < best->km) best = hit{iso2, km};
    }
    return best;
}

} // namespace harbormap::fusion
