#include "engine/core/geos.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>

namespace harbormap::geos {

void context::on_message(const char* message, void* userdata) {
    static_cast<context*>(userdata)->m_error = message ? message : "";
}

context::context() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &context::on_message, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, nullptr, nullptr);
}

context::~context() { GEOS_finish_r(m_handle); }

namespace {
GEOSCoordSequence* make_seq(GEOSContextHandle_t h, const std::vector<lon_lat>& pts, bool close) {
    const bool need_close = close && !pts.empty() && !(pts.front() == pts.back());
    const auto n = static_cast<unsigned>(pts.size() + (need_close ? 1 : 0));
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n, 2);
    for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, pts[i].lon, pts[i].lat);
    if (need_close) GEOSCoordSeq_setXY_r(h, seq, n - 1, pts.front().lon, pts.front().lat);
    return seq;
}
ring ring_from(GEOSContextHandle_t h, const GEOSGeometry* r) {
    ring out;
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        out.push_back({x, y});
    }
    return out;
}
void collect(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<polygon>& out) {
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        polygon p;
        p.rings.push_back(ring_from(h, GEOSGetExteriorRing_r(h, g)));
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) p.rings.push_back(ring_from(h, GEOSGetInteriorRingN_r(h, g, i)));
        if (!p.rings[0].empty()) out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}
} // namespace

geom_ptr to_geos(const context& ctx, const polygon& poly) {
    auto h = ctx.handle();
    if (poly.rings.empty()) return geom_ptr(GEOSGeom_createEmptyPolygon_r(h), geom_deleter{h});
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, make_seq(h, poly.rings[0], true));
    std::vector<GEOSGeometry*> holes;
    for (std::size_t i = 1; i < poly.rings.size(); ++i)
        holes.push_back(GEOSGeom_createLinearRing_r(h, make_seq(h, poly.rings[i], true)));
    if (!shell) throw processing_error("GEOS: cannot build ring: " + ctx.last_error());
    GEOSGeometry* g = GEOSGeom_createPolygon_r(h, shell, holes.empty() ? nullptr : holes.data(),
                                               static_cast<unsigned>(holes.size()));
    return geom_ptr(g, geom_deleter{h});
}

geom_ptr to_geos(const context& ctx, const line_string& line) {
    auto h = ctx.handle();
    return geom_ptr(GEOSGeom_createLineString_r(h, make_seq(h, line, false)), geom_deleter{h});
}

std::vector<polygon> polygons_from_geos(const context& ctx, const GEOSGeometry* g) {
    std::vector<polygon> out;
    if (g) collect(ctx.handle(), g, out);
    return out;
}

std::string invalid_reason(const context& ctx, const polygon& poly) {
    for (const auto& r : poly.rings)
        if (r.size() < 3) return "ring has fewer than 3 points";
    auto g = to_geos(ctx, poly);
    if (!g) return "cannot build polygon: " + ctx.last_error();
    if (GEOSisValid_r(ctx.handle(), g.get()) == 1) return {};
    char* reason = GEOSisValidReason_r(ctx.handle(), g.get());
    std::string r = reason ? reason : "invalid";
    GEOSFree_r(ctx.handle(), reason);
    return r;
}

std::vector<polygon> make_valid(const context& ctx, const polygon& poly) {
    auto g = to_geos(ctx, poly);
    geom_ptr v(GEOSMakeValid_r(ctx.handle(), g.get()), geom_deleter{ctx.handle()});
    return polygons_from_geos(ctx, v.get());
}

std::vector<polygon> split_at_antimeridian(const context& ctx, const polygon& poly) {
    // Unwrap each ring: every jump of more than 180 degrees shifts the following vertices by 360.
    polygon unwrapped = poly;
    double min_lon = 180, max_lon = -180;
    for (auto& ring : unwrapped.rings) {
        double shift = 0;
        for (std::size_t i = 0; i < ring.size(); ++i) {
            if (i > 0) {
                const double d = (ring[i].lon + shift) - ring[i - 1].lon;
                if (d > 180) shift -= 360;
                else if (d < -180) shift += 360;
            }
            ring[i].lon += shift;
            min_lon = std::min(min_lon, ring[i].lon);
            max_lon = std::max(max_lon, ring[i].lon);
        }
        if (ring.empty() || std::abs(ring.front().lon - ring.back().lon) > 1e-9) return {poly}; // circles a pole
    }
    if (min_lon >= -180 && max_lon <= 180) return {poly};
    auto g = to_geos(ctx, unwrapped);
    if (!g) return {poly};
    std::vector<polygon> out;
    // the world of the unwrapped ring in 360-degree windows, each shifted back into [-180, 180]
    for (double west = -540; west < max_lon; west += 360) {
        if (west + 360 <= min_lon) continue;
        geom_ptr part(GEOSClipByRect_r(ctx.handle(), g.get(), west, -90, west + 360, 90), geom_deleter{ctx.handle()});
        if (!part) continue;
        for (auto& piece : polygons_from_geos(ctx, part.get())) {
            for (auto& ring : piece.rings)
                for (auto& p : ring) p.lon = std::clamp(p.lon - (west + 180), -180.0, 180.0);
            out.push_back(std::move(piece));
        }
    }
    return out.empty() ? std::vector<polygon>{poly} : out;
}

} // namespace harbormap::geos
