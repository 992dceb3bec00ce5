#include "engine/render/geoprep.hpp"

#include <cmath>

namespace harbormap::render {

namespace {

bbox ring_bounds(const ring& r) {
    bbox b;
    for (const auto& p : r) b.expand(p);
    return b;
}

bool inside(const bbox& outer, const bbox& inner) {
    return inner.min_lon >= outer.min_lon && inner.max_lon <= outer.max_lon && inner.min_lat >= outer.min_lat &&
           inner.max_lat <= outer.max_lat;
}

void collect_lines(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<line_string>& out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, g);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(h, seq, &n);
        line_string l;
        l.reserve(n);
        for (unsigned i = 0; i < n; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
            l.push_back({x, y});
        }
        if (l.size() >= 2) out.push_back(std::move(l));
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) collect_lines(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}

} // namespace

line_string densify(const line_string& line, double max_deg) {
    if (line.size() < 2 || max_deg <= 0) return line;
    line_string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const lon_lat a = line[i], b = line[i + 1];
        const double len = std::hypot(b.lon - a.lon, b.lat - a.lat);
        const int n = std::max(1, static_cast<int>(std::ceil(len / max_deg)));
        for (int k = 0; k < n; ++k) out.push_back({a.lon + (b.lon - a.lon) * k / n, a.lat + (b.lat - a.lat) * k / n});
    }
    out.push_back(line.back());
    return out;
}

std::vector<polygon> geo_projector::clip_polygon(const polygon& poly) const {
    std::vector<polygon> out;
    if (poly.rings.empty() || poly.rings[0].size() < 4) return out;
    const bbox pb = ring_bounds(poly.rings[0]);
    auto h = m_geos.handle();
    geos::geom_ptr g;
    for (const bbox& b : m_frame.clip_boxes()) {
        if (!pb.intersects(b)) continue;
        if (inside(b, pb)) {
            out.push_back(poly);
            continue;
        }
        // Valid polygons in (the readers check the mapped sources' polygons, load_basemap repairs the
        // basemap once): no validity test per map and clip box.
        if (!g) g = geos::to_geos(m_geos, poly);
        if (!g) continue;
        // GEOS's rectangle clipping (made for rendering): far cheaper than a general intersection
        geos::geom_ptr cut(GEOSClipByRect_r(h, g.get(), b.min_lon, b.min_lat, b.max_lon, b.max_lat), geos::geom_deleter{h});
        if (!cut) continue;
        for (auto& piece : geos::polygons_from_geos(m_geos, cut.get())) out.push_back(std::move(piece));
    }
    return out;
}

std::vector<line_string> geo_projector::clip_line(const line_string& line) const {
    std::vector<line_string> out;
    auto h = m_geos.handle();
    for (const auto& part : split_at_antimeridian(line)) {
        bbox pb;
        for (const auto& p : part) pb.expand(p);
        geos::geom_ptr g;
        for (const bbox& b : m_frame.clip_boxes()) {
            if (!pb.intersects(b)) continue;
            if (inside(b, pb)) {
                out.push_back(part);
                continue;
            }
            if (!g) g = geos::to_geos(m_geos, part);
            if (!g) break;
            geos::geom_ptr cut(GEOSClipByRect_r(h, g.get(), b.min_lon, b.min_lat, b.max_lon, b.max_lat), geos::geom_deleter{h});
            if (cut) collect_lines(h, cut.get(), out);
        }
    }
    return out;
}

page_path geo_projector::project(const line_string& pts) const {
    page_path out;
    const line_string dense = densify(pts, m_step);
    out.reserve(dense.size());
    for (const auto& p : dense)
        if (auto q = m_frame.to_page(p)) out.push_back(*q);
    return out;
}

std::vector<page_shape> geo_projector::polygons(const std::vector<polygon>& polys) const {
    std::vector<page_shape> out;
    for (const auto& poly : polys) {
        for (const auto& piece : clip_polygon(poly)) {
            page_shape shape;
            for (const auto& r : piece.rings) {
                page_path pp = project(r);
                if (pp.size() >= 3) shape.push_back(std::move(pp));
            }
            if (!shape.empty()) out.push_back(std::move(shape));
        }
    }
    return out;
}

page_shape geo_projector::lines(const std::vector<line_string>& ls) const {
    page_shape out;
    for (const auto& l : ls)
        for (const auto& part : clip_line(l)) {
            page_path pp = project(part);
            if (pp.size() >= 2) out.push_back(std::move(pp));
        }
    return out;
}

} // namespace harbormap::render
