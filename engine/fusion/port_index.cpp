#include "engine/fusion/port_index.hpp"

#include "engine/core/boost_geometry.hpp"
#include "engine/core/geodesy.hpp"

#include <algorithm>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <fmt/format.h>

namespace harbormap::fusion {

namespace bgi = boost::geometry::index;
using rtree_value = std::pair<bg::point, std::size_t>;

struct port_index::impl {
    const std::vector<indexed_port>& ports;
    bgi::rtree<rtree_value, bgi::rstar<16>> tree;
    std::multimap<std::string, std::size_t> wpi;
    std::multimap<std::string, std::size_t> locode;
    std::multimap<std::string, std::size_t> name; // key "CC|name"
    explicit impl(const std::vector<indexed_port>& p) : ports(p) {}
};

port_index::port_index(const std::vector<indexed_port>& ports) : m(std::make_unique<impl>(ports)) {
    std::vector<rtree_value> values;
    values.reserve(ports.size());
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const auto& p = ports[i];
        values.emplace_back(bg::to_point(p.pos), i);
        if (!p.wpi_number.empty()) m->wpi.emplace(p.wpi_number, i);
        if (!p.unlocode.empty()) m->locode.emplace(p.unlocode, i);
        for (const auto& c : p.other_locodes) m->locode.emplace(c, i);
        for (const auto& k : p.name_keys)
            if (!k.empty()) m->name.emplace(p.country_iso2 + "|" + k, i);
    }
    m->tree = decltype(m->tree)(values.begin(), values.end()); // packing constructor
}

port_index::~port_index() = default;

std::string wpi_key(double n) { return fmt::format("{}", n); }

namespace {
template <class Map, class Key>
std::vector<std::size_t> all_of(const Map& map, const Key& key) {
    std::vector<std::size_t> out;
    auto [b, e] = map.equal_range(key);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}
} // namespace

std::vector<std::size_t> port_index::by_wpi(const std::string& n) const { return all_of(m->wpi, n); }
std::vector<std::size_t> port_index::by_locode(const std::string& l) const { return all_of(m->locode, l); }
std::vector<std::size_t> port_index::by_name(const std::string& key, const std::string& cc) const {
    return all_of(m->name, cc + "|" + key);
}

std::vector<proximity_hit> port_index::within(const lon_lat& p, double radius_km) const {
    // A lon/lat box that surely contains the circle, then exact geodesic filtering.
    const double dlat = radius_km / 110.0 + 1e-6;
    const double coslat = std::max(0.01, std::cos(std::min(89.0, std::fabs(p.lat) + dlat) * M_PI / 180.0));
    const double dlon = std::min(180.0, radius_km / (111.0 * coslat) + 1e-6);
    std::vector<bg::box> boxes;
    const double lo = p.lon - dlon, hi = p.lon + dlon;
    const double la0 = std::max(-90.0, p.lat - dlat), la1 = std::min(90.0, p.lat + dlat);
    boxes.emplace_back(bg::point(std::max(-180.0, lo), la0), bg::point(std::min(180.0, hi), la1));
    if (lo < -180) boxes.emplace_back(bg::point(lo + 360, la0), bg::point(180, la1));
    if (hi > 180) boxes.emplace_back(bg::point(-180, la0), bg::point(hi - 360, la1));
    std::vector<proximity_hit> hits;
    for (const auto& b : boxes) {
        std::vector<rtree_value> found;
        m->tree.query(bgi::intersects(b), std::back_inserter(found));
        for (const auto& [pt, i] : found) {
            const double d = geodesic_m(p, m->ports[i].pos) / 1000.0;
            if (d <= radius_km) hits.push_back({i, d});
        }
    }
    std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
        return a.distance_km != b.distance_km ? a.distance_km < b.distance_km : a.port < b.port;
    });
    hits.erase(std::unique(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.port == b.port; }), hits.end());
    return hits;
}

} // namespace harbormap::fusion
