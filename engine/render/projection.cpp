#include "engine/render/projection.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace harbormap::render {

struct projection::impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    bool radians_in = false;
    ~impl() {
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
};

namespace {
std::optional<double> proj_param(const std::string& def, const std::string& key) {
    const std::string needle = "+" + key + "=";
    auto pos = def.find(needle);
    if (pos == std::string::npos) return std::nullopt;
    pos += needle.size();
    auto end = def.find_first_of(" \t", pos);
    return parse_double(def.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
}
} // namespace

projection::projection(const std::string& definition) : m(std::make_unique<impl>()), m_definition(trim(definition)) {
    if (m_definition.empty()) throw usage_error("--projection: empty projection string");
    m->ctx = proj_context_create();
    proj_log_level(m->ctx, PJ_LOG_NONE);
    PJ* obj = proj_create(m->ctx, m_definition.c_str());
    if (!obj) throw usage_error("--projection '" + m_definition + "': PROJ cannot parse it (" +
                               proj_context_errno_string(m->ctx, proj_context_errno(m->ctx)) + ")");
    const PJ_TYPE t = proj_get_type(obj);
    const bool is_crs = t == PJ_TYPE_PROJECTED_CRS || t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_BOUND_CRS ||
                        t == PJ_TYPE_COMPOUND_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS || t == PJ_TYPE_OTHER_CRS;
    if (is_crs) {
        PJ* op = proj_create_crs_to_crs(m->ctx, "EPSG:4326", m_definition.c_str(), nullptr);
        proj_destroy(obj);
        if (!op) throw usage_error("--projection '" + m_definition + "': no transformation from EPSG:4326");
        PJ* norm = proj_normalize_for_visualization(m->ctx, op);
        proj_destroy(op);
        if (!norm) throw usage_error("--projection '" + m_definition + "': cannot normalise axis order");
        m->pj = norm;
        m->radians_in = false;
    } else {
        m->pj = obj;
        m->radians_in = proj_angular_input(obj, PJ_FWD) != 0;
    }
    m_lon0 = proj_param(m_definition, "lon_0").value_or(0.0);
    m_mercator = m_definition.find("proj=merc") != std::string::npos ||
                 m_definition.find("proj=webmerc") != std::string::npos || m_definition == "EPSG:3857" ||
                 m_definition == "EPSG:3395";
    // Probe: the projection must project its own centre.
    if (!forward({m_lon0, m_mercator ? 0.0 : proj_param(m_definition, "lat_0").value_or(0.0)}))
        throw usage_error("--projection '" + m_definition + "': it does not project lon/lat (is it a projection?)");
}

projection::~projection() = default;
projection::projection(projection&&) noexcept = default;
projection& projection::operator=(projection&&) noexcept = default;

std::optional<xy> projection::forward(const lon_lat& p) const {
    double lat = p.lat;
    if (m_mercator) lat = std::clamp(lat, -85.06, 85.06);
    PJ_COORD c;
    if (m->radians_in) c = proj_coord(proj_torad(p.lon), proj_torad(lat), 0, 0);
    else c = proj_coord(p.lon, lat, 0, 0);
    proj_errno_reset(m->pj);
    PJ_COORD r = proj_trans(m->pj, PJ_FWD, c);
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || std::abs(r.xy.x) > 1e12 || std::abs(r.xy.y) > 1e12)
        return std::nullopt;
    return xy{r.xy.x, r.xy.y};
}

std::string projection::name() const {
    struct known {
        const char* key;
        const char* name;
    };
    static const known names[] = {{"proj=eqearth", "Equal Earth"},     {"proj=aea", "Albers equal-area conic"},
                                  {"proj=lcc", "Lambert conformal conic"}, {"proj=webmerc", "Web Mercator"},
                                  {"EPSG:3857", "Web Mercator"},          {"proj=merc", "Mercator"},
                                  {"proj=robin", "Robinson"},              {"proj=natearth", "Natural Earth"},
                                  {"proj=aeqd", "azimuthal equidistant"},  {"proj=laea", "Lambert azimuthal equal-area"},
                                  {"proj=ortho", "orthographic"},          {"proj=wintri", "Winkel tripel"}};
    for (const auto& k : names)
        if (m_definition.find(k.key) != std::string::npos) return k.name;
    return m_definition;
}

frame::frame(const std::string& proj_definition, const bbox& extent, const rect& area)
    : m_proj(proj_definition), m_extent(extent), m_area(area) {
    const bool crosses = extent.min_lon > extent.max_lon;
    const double lo = extent.min_lon;
    const double hi = crosses ? extent.max_lon + 360 : extent.max_lon;
    m_world = (hi - lo) >= 359.999 && extent.min_lat <= -89.999 && extent.max_lat >= 89.999;

    const double seam = [&] {
        double s = m_proj.central_meridian() + 180;
        while (s > 180) s -= 360;
        while (s <= -180) s += 360;
        return s;
    }();
    // Boxes of an extent: split at +-180, then at the projection's seam.
    auto boxes_for = [&](double a_lo, double a_hi, double lat0, double lat1) {
        constexpr double eps = 1e-7;
        std::vector<std::pair<double, double>> ranges;
        if (a_hi - a_lo >= 359.999) ranges.push_back({-180, 180});
        else if (a_hi > 180) ranges = {{a_lo, 180}, {-180, a_hi - 360}};
        else if (a_lo < -180) ranges = {{a_lo + 360, 180}, {-180, a_hi}};
        else ranges.push_back({a_lo, a_hi});
        std::vector<bbox> out;
        for (const auto& [a, b] : ranges) {
            if (std::abs(seam - 180) > 1e-9 && seam > a && seam < b) {
                out.push_back({a, lat0, seam - eps, lat1});
                out.push_back({seam + eps, lat0, b, lat1});
            } else {
                out.push_back({a, lat0, b, lat1});
            }
        }
        for (auto& b : out) { // keep lon strictly inside: PROJ maps +-180 to either edge
            b.min_lon = std::max(b.min_lon, -180 + eps);
            b.max_lon = std::min(b.max_lon, 180 - eps);
        }
        return out;
    };
    const std::vector<bbox> fit_boxes = boxes_for(lo, hi, extent.min_lat, extent.max_lat);
    if (m_world) {
        m_clip_boxes = fit_boxes;
    } else {
        // Clip generously around the extent: the page rectangle may show more than the extent.
        const double dlon = std::max(5.0, 0.6 * (hi - lo)), dlat = std::max(5.0, 0.6 * (extent.max_lat - extent.min_lat));
        double clo = lo - dlon, chi = hi + dlon;
        double clat0 = std::max(-90.0, extent.min_lat - dlat), clat1 = std::min(90.0, extent.max_lat + dlat);
        if (chi - clo >= 360) {
            // every longitude is on the page: the panel (fitted to the width) shows more latitudes than
            // the extent, so a latitude cut would draw as a straight edge across the map (Russia cut
            // by a horizontal line, the Arctic coast as a strip over the whole width).  Keep all land;
            // the panel rectangle clips what falls outside.
            clo = -180;
            chi = 180;
            clat0 = -90;
            clat1 = 90;
        }
        m_clip_boxes = boxes_for(clo, chi, clat0, clat1);
    }

    // Projected bounds of the extent by sampling each clip box densely.
    double minx = std::numeric_limits<double>::infinity(), maxx = -minx, miny = minx, maxy = -minx;
    constexpr int n = 96;
    for (const auto& b : fit_boxes) {
        for (int i = 0; i <= n; ++i)
            for (int j = 0; j <= n; ++j) {
                const lon_lat p{b.min_lon + (b.max_lon - b.min_lon) * i / n, b.min_lat + (b.max_lat - b.min_lat) * j / n};
                if (auto q = m_proj.forward(p)) {
                    minx = std::min(minx, q->x);
                    maxx = std::max(maxx, q->x);
                    miny = std::min(miny, q->y);
                    maxy = std::max(maxy, q->y);
                }
            }
    }
    if (!(maxx > minx) || !(maxy > miny))
        throw usage_error("projection '" + proj_definition + "' does not project the requested extent");
    m_scale = std::min(area.w / (maxx - minx), area.h / (maxy - miny));
    m_minx = minx;
    m_maxy = maxy;
    m_ox = area.x + (area.w - (maxx - minx) * m_scale) / 2;
    m_oy = area.y + (area.h - (maxy - miny) * m_scale) / 2;
}

std::optional<xy> frame::to_page(const lon_lat& p) const {
    auto m = m_proj.forward(p);
    if (!m) return std::nullopt;
    return page_from_projected(*m);
}

} // namespace harbormap::render
