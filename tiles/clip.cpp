#include "tiles/clip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace harbormap::tiles {
namespace {

// Continuous longitudes: each step of more than 180 degrees is unwrapped by whole turns.
std::vector<world_point> unwrap(const std::vector<lon_lat>& pts, double ref_lon) {
    std::vector<world_point> out;
    out.reserve(pts.size());
    double prev = ref_lon;
    bool first = true;
    for (const auto& p : pts) {
        double lon = p.lon;
        if (!first || !std::isnan(ref_lon)) {
            while (lon - prev > 180.0) lon -= 360.0;
            while (prev - lon > 180.0) lon += 360.0;
        }
        first = false;
        prev = lon;
        out.push_back(to_world({lon, p.lat}));
    }
    return out;
}

void extent_x(const std::vector<world_point>& pts, double& lo, double& hi) {
    for (const auto& p : pts) {
        lo = std::min(lo, p.x);
        hi = std::max(hi, p.x);
    }
}

void shift(std::vector<world_point>& pts, double dx) {
    for (auto& p : pts) p.x += dx;
}

double perp_dist2(const world_point& p, const world_point& a, const world_point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    if (len2 == 0) {
        const double ex = p.x - a.x, ey = p.y - a.y;
        return ex * ex + ey * ey;
    }
    double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
    return ex * ex + ey * ey;
}

wline douglas_peucker(const wline& in, double tol) {
    if (in.size() <= 2 || tol <= 0) return in;
    std::vector<char> keep(in.size(), 0);
    keep.front() = keep.back() = 1;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, in.size() - 1}};
    const double tol2 = tol * tol;
    while (!stack.empty()) {
        auto [a, b] = stack.back();
        stack.pop_back();
        double best = -1;
        std::size_t idx = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = perp_dist2(in[i], in[a], in[b]);
            if (d > best) {
                best = d;
                idx = i;
            }
        }
        if (best > tol2) {
            keep[idx] = 1;
            stack.push_back({a, idx});
            stack.push_back({idx, b});
        }
    }
    wline out;
    for (std::size_t i = 0; i < in.size(); ++i)
        if (keep[i]) out.push_back(in[i]);
    return out;
}

} // namespace

wgeom project(const geometry& g) {
    wgeom out;
    out.type = g.type;
    const wbox world{0, -1, 1, 2};
    switch (g.type) {
    case geometry_type::point:
        for (const auto& p : g.points) {
            world_point w = to_world({wrap_lon(p.lon), p.lat});
            if (w.x >= 1.0) w.x -= 1.0; // 180 -> -180 for points
            out.points.push_back(w);
        }
        break;
    case geometry_type::line:
        for (const auto& l : g.lines) {
            if (l.size() < 2) continue;
            wline w = unwrap(l, std::nan(""));
            double lo = 1e300, hi = -1e300;
            extent_x(w, lo, hi);
            for (double k = std::floor(lo); k < hi; k += 1.0) {
                wline c = w;
                shift(c, -k);
                for (auto& piece : clip_line(c, world)) out.lines.push_back(std::move(piece));
            }
        }
        break;
    case geometry_type::polygon:
        for (const auto& poly : g.polygons) {
            if (poly.rings.empty() || poly.rings[0].size() < 3) continue;
            wpolygon w;
            const double ref = poly.rings[0][0].lon;
            for (std::size_t i = 0; i < poly.rings.size(); ++i) {
                wline r = unwrap(poly.rings[i], i == 0 ? std::nan("") : ref);
                if (r.size() > 1 && r.front() == r.back()) r.pop_back();
                w.push_back(std::move(r));
            }
            double lo = 1e300, hi = -1e300;
            extent_x(w[0], lo, hi);
            for (double k = std::floor(lo); k < hi; k += 1.0) {
                wpolygon c;
                for (std::size_t i = 0; i < w.size(); ++i) {
                    wline r = w[i];
                    shift(r, -k);
                    r = clip_ring(r, world);
                    if (r.size() >= 3) c.push_back(std::move(r));
                    else if (i == 0) break;
                }
                if (!c.empty()) out.polygons.push_back(std::move(c));
            }
        }
        break;
    default: break;
    }
    return out;
}

wbox bounds(const wgeom& g) {
    wbox b{1e300, 1e300, -1e300, -1e300};
    auto add = [&](const world_point& p) {
        b.minx = std::min(b.minx, p.x);
        b.miny = std::min(b.miny, p.y);
        b.maxx = std::max(b.maxx, p.x);
        b.maxy = std::max(b.maxy, p.y);
    };
    for (const auto& p : g.points) add(p);
    for (const auto& l : g.lines)
        for (const auto& p : l) add(p);
    for (const auto& poly : g.polygons)
        if (!poly.empty())
            for (const auto& p : poly[0]) add(p);
    return b;
}

std::vector<wline> clip_line(const wline& line, const wbox& box) {
    std::vector<wline> out;
    wline cur;
    auto flush = [&] {
        if (cur.size() >= 2) out.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const world_point a = line[i], b = line[i + 1];
        // Liang-Barsky
        double t0 = 0, t1 = 1;
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {a.x - box.minx, box.maxx - a.x, a.y - box.miny, box.maxy - a.y};
        bool inside = true;
        for (int k = 0; k < 4 && inside; ++k) {
            if (p[k] == 0) {
                if (q[k] < 0) inside = false;
            } else {
                const double t = q[k] / p[k];
                if (p[k] < 0) t0 = std::max(t0, t);
                else t1 = std::min(t1, t);
                if (t0 > t1) inside = false;
            }
        }
        if (!inside) {
            flush();
            continue;
        }
        const world_point ca = t0 == 0 ? a : world_point{a.x + t0 * dx, a.y + t0 * dy};
        const world_point cb = t1 == 1 ? b : world_point{a.x + t1 * dx, a.y + t1 * dy};
        if (cur.empty()) cur.push_back(ca);
        else if (!(cur.back() == ca)) {
            flush();
            cur.push_back(ca);
        }
        cur.push_back(cb);
        if (t1 < 1) flush();
    }
    flush();
    return out;
}

wline clip_ring(const wline& ring, const wbox& box) {
    wline cur = ring;
    for (int edge = 0; edge < 4 && !cur.empty(); ++edge) {
        auto inside = [&](const world_point& p) {
            switch (edge) {
            case 0: return p.x >= box.minx;
            case 1: return p.x <= box.maxx;
            case 2: return p.y >= box.miny;
            default: return p.y <= box.maxy;
            }
        };
        auto cross = [&](const world_point& a, const world_point& b) {
            double t;
            switch (edge) {
            case 0: t = (box.minx - a.x) / (b.x - a.x); return world_point{box.minx, a.y + t * (b.y - a.y)};
            case 1: t = (box.maxx - a.x) / (b.x - a.x); return world_point{box.maxx, a.y + t * (b.y - a.y)};
            case 2: t = (box.miny - a.y) / (b.y - a.y); return world_point{a.x + t * (b.x - a.x), box.miny};
            default: t = (box.maxy - a.y) / (b.y - a.y); return world_point{a.x + t * (b.x - a.x), box.maxy};
            }
        };
        wline next;
        next.reserve(cur.size() + 4);
        for (std::size_t i = 0; i < cur.size(); ++i) {
            const world_point& a = cur[(i + cur.size() - 1) % cur.size()];
            const world_point& b = cur[i];
            const bool ia = inside(a), ib = inside(b);
            if (ib) {
                if (!ia) next.push_back(cross(a, b));
                next.push_back(b);
            } else if (ia) {
                next.push_back(cross(a, b));
            }
        }
        cur = std::move(next);
    }
    if (cur.size() < 3) cur.clear();
    return cur;
}

wgeom clip(const wgeom& g, const wbox& box) {
    wgeom out;
    out.type = g.type;
    for (const auto& p : g.points)
        if (p.x >= box.minx && p.x <= box.maxx && p.y >= box.miny && p.y <= box.maxy) out.points.push_back(p);
    for (const auto& l : g.lines)
        for (auto& piece : clip_line(l, box)) out.lines.push_back(std::move(piece));
    for (const auto& poly : g.polygons) {
        wpolygon c;
        for (std::size_t i = 0; i < poly.size(); ++i) {
            wline r = clip_ring(poly[i], box);
            if (r.size() >= 3) c.push_back(std::move(r));
            else if (i == 0) break;
        }
        if (!c.empty()) out.polygons.push_back(std::move(c));
    }
    return out;
}

wgeom simplify(const wgeom& g, double tol) {
    if (tol <= 0 || g.type == geometry_type::point) return g;
    wgeom out;
    out.type = g.type;
    for (const auto& l : g.lines) {
        wline s = douglas_peucker(l, tol);
        if (s.size() >= 2) out.lines.push_back(std::move(s));
    }
    for (const auto& poly : g.polygons) {
        wpolygon c;
        for (std::size_t i = 0; i < poly.size(); ++i) {
            wline closed = poly[i];
            closed.push_back(closed.front());
            wline s = douglas_peucker(closed, tol);
            s.pop_back();
            if (s.size() >= 3) c.push_back(std::move(s));
            else if (i == 0) break;
        }
        if (!c.empty()) out.polygons.push_back(std::move(c));
    }
    return out;
}

std::vector<std::vector<ipoint>> quantize(const wgeom& g, const tile_id& t, std::uint32_t extent) {
    const double scale = static_cast<double>(1u << t.z) * extent;
    const double ox = static_cast<double>(t.x) * extent, oy = static_cast<double>(t.y) * extent;
    auto q = [&](const world_point& p) {
        return ipoint{static_cast<std::int32_t>(std::llround(p.x * scale - ox)),
                      static_cast<std::int32_t>(std::llround(p.y * scale - oy))};
    };
    std::vector<std::vector<ipoint>> parts;
    if (g.type == geometry_type::point) {
        std::vector<ipoint> pts;
        for (const auto& p : g.points) pts.push_back(q(p));
        if (!pts.empty()) parts.push_back(std::move(pts));
        return parts;
    }
    auto dedup = [&](const wline& l) {
        std::vector<ipoint> out;
        out.reserve(l.size());
        for (const auto& p : l) {
            const ipoint ip = q(p);
            if (out.empty() || !(out.back() == ip)) out.push_back(ip);
        }
        return out;
    };
    for (const auto& l : g.lines) {
        auto pts = dedup(l);
        if (pts.size() >= 2) parts.push_back(std::move(pts));
    }
    for (const auto& poly : g.polygons) {
        for (std::size_t i = 0; i < poly.size(); ++i) {
            auto r = dedup(poly[i]);
            while (r.size() > 1 && r.front() == r.back()) r.pop_back();
            const std::int64_t a = r.size() >= 3 ? ring_area2(r) : 0;
            if (a == 0) {
                if (i == 0) break; // exterior collapsed: drop the polygon with its holes
                continue;
            }
            const bool want_positive = (i == 0);
            if ((a > 0) != want_positive) std::reverse(r.begin(), r.end());
            parts.push_back(std::move(r));
        }
    }
    return parts;
}

} // namespace harbormap::tiles
