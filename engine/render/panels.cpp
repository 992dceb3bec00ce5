// Panel geometry: the frame a panel is drawn with, the rectangle its extent fills, where a point
// lands on it, and whether an inset has anything of the map in it.
#include "engine/render/draw.hpp"

#include <algorithm>

namespace harbormap::render {

frame make_frame(const panel& p) { return frame(p.projection, p.extent, p.area); }

rect fitted_area(const panel& p) {
    const frame f = make_frame(p);
    // project the extent boundary densely and take its page bounds
    const bbox e = p.extent;
    const double lo = e.min_lon, hi = e.min_lon > e.max_lon ? e.max_lon + 360 : e.max_lon;
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    constexpr int n = 96;
    for (int i = 0; i <= n; ++i)
        for (int j = 0; j <= n; ++j) {
            double lon = lo + (hi - lo) * i / n;
            if (lon > 180) lon -= 360;
            const double lat = e.min_lat + (e.max_lat - e.min_lat) * j / n;
            for (const auto& b : f.clip_boxes()) {
                if (!b.contains({lon, lat}) && !(lon >= b.min_lon - 1e-6 && lon <= b.max_lon + 1e-6)) continue;
                lon = std::clamp(lon, b.min_lon, b.max_lon);
                break;
            }
            if (auto q = f.to_page({lon, lat})) {
                x0 = std::min(x0, q->x);
                x1 = std::max(x1, q->x);
                y0 = std::min(y0, q->y);
                y1 = std::max(y1, q->y);
            }
        }
    if (x1 < x0) return p.area;
    return {x0, y0, x1 - x0, y1 - y0};
}

// Where a lon/lat point lands on a panel, if inside its clip boxes and its area.
std::optional<xy> on_panel(const panel& pn, const frame& f, const lon_lat& p) {
    bool in = false;
    for (const auto& b : f.clip_boxes()) in = in || b.contains(p);
    if (!in) return std::nullopt;
    auto q = f.to_page(p);
    if (!q || !pn.area.contains(q->x, q->y)) return std::nullopt;
    return q;
}

bool panel_is_empty(const panel& p) {
    const frame f = make_frame(p);
    for (const auto& layer : p.layers) {
        if (layer.kind != geometry_type::point) continue;
        for (const auto& item : layer.items) {
            if (item.cls < 0) continue;
            for (const auto& pt : item.geom.points)
                if (on_panel(p, f, pt)) return false;
        }
    }
    return true;
}

} // namespace harbormap::render
