#include "engine/render/draw.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/render/geoprep.hpp"
#include "engine/render/text.hpp"

#include <algorithm>
#include <cmath>

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

page_shape marker_shape(marker m, double x, double y, double size) {
    const double r = size / 2;
    page_path p;
    switch (m) {
    case marker::square: p = {{x - r * 0.88, y - r * 0.88}, {x + r * 0.88, y - r * 0.88}, {x + r * 0.88, y + r * 0.88}, {x - r * 0.88, y + r * 0.88}}; break;
    case marker::diamond: p = {{x, y - r * 1.15}, {x + r * 1.15, y}, {x, y + r * 1.15}, {x - r * 1.15, y}}; break;
    case marker::triangle: p = {{x, y - r * 1.2}, {x + r * 1.1, y + r * 0.8}, {x - r * 1.1, y + r * 0.8}}; break;
    case marker::star:
        for (int i = 0; i < 10; ++i) {
            const double a = -M_PI / 2 + i * M_PI / 5;
            const double rr = (i % 2 == 0) ? r * 1.3 : r * 0.55;
            p.push_back({x + rr * std::cos(a), y + rr * std::sin(a)});
        }
        break;
    case marker::circle:
    case marker::ring:
        for (int i = 0; i < 24; ++i) p.push_back({x + r * std::cos(i * M_PI / 12), y + r * std::sin(i * M_PI / 12)});
        break;
    }
    return {p};
}

namespace {

void draw_marker(canvas& c, const point_style& s, double x, double y) {
    stroke_spec st{s.stroke, s.stroke_width, {}, true};
    if (s.shape == marker::circle) {
        c.circle(x, y, s.size / 2, &s.fill, s.stroke_width > 0 ? &st : nullptr);
    } else if (s.shape == marker::ring) {
        stroke_spec outer{s.stroke, s.stroke_width + 1.4, {}, true};
        c.circle(x, y, s.size / 2, nullptr, &outer);
        stroke_spec inner{s.fill, std::max(0.8, s.size * 0.22), {}, true};
        c.circle(x, y, s.size / 2, nullptr, &inner);
    } else {
        c.shape(marker_shape(s.shape, x, y, s.size), true, &s.fill, s.stroke_width > 0 ? &st : nullptr);
    }
}

double marker_radius(const point_style& s) {
    const double k = s.shape == marker::star ? 1.3 : s.shape == marker::triangle || s.shape == marker::diamond ? 1.2 : 1.0;
    return s.size / 2 * k + s.stroke_width / 2;
}

double nice_round(double v) {
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    const double m = v / p;
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

void graticule(canvas& c, const panel& pn, const frame& f, const geo_projector& gp, const theme& th) {
    std::vector<line_string> lines;
    const double step = pn.graticule_step > 0 ? pn.graticule_step : 30;
    const double lat_lim = f.proj().is_mercator() ? 85 : 90;
    for (double lon = -180 + step; lon < 180 - 1e-9; lon += step) lines.push_back({{lon, -lat_lim}, {lon, lat_lim}});
    for (double lat = -90 + step; lat < 90 - 1e-9; lat += step) {
        if (std::abs(lat) > lat_lim) continue;
        line_string l;
        for (double lon = -180; lon <= 180; lon += 2) l.push_back({std::min(lon, 179.9999999), lat});
        lines.push_back(std::move(l));
    }
    stroke_spec st{th.graticule, 0.35, {}, true};
    c.shape(gp.lines(lines), false, nullptr, &st);
}

page_shape globe_outline(const frame& f, const geo_projector& gp) {
    const double lon0 = f.proj().central_meridian();
    const double a = lon0 - 180 + 1e-6, b = lon0 + 180 - 1e-6;
    const double lat_lim = f.proj().is_mercator() ? 85.06 : 90;
    line_string ring;
    for (double lat = -lat_lim; lat <= lat_lim; lat += 1) ring.push_back({a, lat});
    for (double lon = a; lon <= b; lon += 1) ring.push_back({lon, lat_lim});
    for (double lat = lat_lim; lat >= -lat_lim; lat -= 1) ring.push_back({b, lat});
    for (double lon = b; lon >= a; lon -= 1) ring.push_back({lon, -lat_lim});
    return {gp.project(ring)};
}

struct legend_row {
    bool heading = false;
    std::string text;
    std::string layer;
    geometry_type kind = geometry_type::point;
    symbol_class cls;
};

} // namespace

render_result render_map(const map_document& doc, const std::filesystem::path& out, const render_options& opts) {
    render_result res;
    res.format = format_from_path(out);
    atomic_file af(out, opts.overwrite);
    std::unique_ptr<canvas> cv = (res.format == output_format::svg && !opts.cairo_svg)
                                     ? make_svg_canvas(af.temp_path(), doc.page, doc.title)
                                     : make_cairo_canvas(af.temp_path(), res.format, doc.page);
    canvas& c = *cv;
    const theme& th = doc.colours;
    const double W = doc.page.width_pt, H = doc.page.height_pt;
    const double margin = std::max(14.0, std::min(W, H) * 0.035);

    c.begin_group("background", "Background");
    c.shape({{{0, 0}, {W, 0}, {W, H}, {0, H}}}, true, &th.page, nullptr);
    c.end_group();

    collision_index index(std::max(12.0, std::min(W, H) / 40));
    std::vector<label_request> requests;
    long owner = 0;

    for (std::size_t pi = 0; pi < doc.panels.size(); ++pi) {
        const panel& pn = doc.panels[pi];
        const frame f = make_frame(pn);
        const geo_projector gp(f, f.whole_world() ? 1.0 : 0.25);
        c.begin_group("panel-" + pn.id, pn.caption.empty() ? "Map" : pn.caption);
        c.push_clip(pn.area);
        // sea
        c.begin_group(pn.id + "-sea", "Sea");
        if (f.whole_world()) c.shape(globe_outline(f, gp), true, &th.ocean, nullptr);
        else c.shape({{{pn.area.x, pn.area.y}, {pn.area.right(), pn.area.y}, {pn.area.right(), pn.area.bottom()}, {pn.area.x, pn.area.bottom()}}}, true, &th.ocean, nullptr);
        c.end_group();
        if (pn.graticule) {
            c.begin_group(pn.id + "-graticule", "Graticule");
            graticule(c, pn, f, gp, th);
            c.end_group();
        }
        // basemap
        c.begin_group(pn.id + "-basemap", "Countries (Natural Earth)");
        {
            const auto shapes = gp.polygons(doc.countries);
            stroke_spec border{th.border, 0.3, {}, true};
            page_shape all;
            for (const auto& s : shapes) c.shape(s, true, &th.land, &border);
        }
        c.end_group();
        // layers: areas, then lines, then points, each in document order
        for (geometry_type pass : {geometry_type::polygon, geometry_type::line, geometry_type::point}) {
            for (const auto& layer : pn.layers) {
                if (layer.kind != pass) continue;
                c.begin_group(pn.id == "main" ? "layer-" + layer.id : pn.id + "-layer-" + layer.id, layer.title);
                for (const auto& item : layer.items) {
                    if (item.cls < 0 || static_cast<std::size_t>(item.cls) >= layer.classes.size()) continue;
                    const symbol_class& sc = layer.classes[static_cast<std::size_t>(item.cls)];
                    if (pass == geometry_type::polygon) {
                        stroke_spec st{sc.area.stroke, sc.area.stroke_width, {}, true};
                        for (const auto& s : gp.polygons(item.geom.polygons))
                            c.shape(s, true, &sc.area.fill, sc.area.stroke_width > 0 ? &st : nullptr);
                    } else if (pass == geometry_type::line) {
                        stroke_spec st{sc.line.colour, sc.line.width, sc.line.dash, true};
                        c.shape(gp.lines(item.geom.lines), false, nullptr, &st);
                    } else {
                        for (const auto& p : item.geom.points) {
                            bool in = false;
                            for (const auto& b : f.clip_boxes()) in = in || b.contains(p);
                            if (!in) continue;
                            auto q = f.to_page(p);
                            if (!q || !pn.area.contains(q->x, q->y)) continue;
                            draw_marker(c, sc.point, q->x, q->y);
                            ++res.symbols;
                            const double r = marker_radius(sc.point);
                            const long id = owner++;
                            if (layer.obstacle) index.insert({q->x - r, q->y - r, 2 * r, 2 * r}, id);
                            if (pn.labels && !item.label.empty()) {
                                label_request rq;
                                rq.text = item.label;
                                rq.x = q->x;
                                rq.y = q->y;
                                rq.radius = r;
                                rq.priority = item.priority;
                                rq.owner = id;
                                rq.font = layer.label_font;
                                rq.bounds = pn.area.inflated(-2);
                                rq.layer = layer.id;
                                rq.key = item.key;
                                rq.panel = static_cast<int>(pi);
                                requests.push_back(std::move(rq));
                            }
                        }
                    }
                }
                c.end_group();
            }
        }
        c.pop_clip();
        // panel frame and caption
        stroke_spec fr{th.frame, 0.6, {}, false};
        if (!f.whole_world() || pi > 0)
            c.shape({{{pn.area.x, pn.area.y}, {pn.area.right(), pn.area.y}, {pn.area.right(), pn.area.bottom()}, {pn.area.x, pn.area.bottom()}}}, true, nullptr, &fr);
        if (!pn.caption.empty()) {
            font_spec cf;
            cf.size = 6.5;
            cf.bold = true;
            cf.colour = th.muted;
            const text_extent e = measure_text(pn.caption, cf);
            const rect box{pn.area.x + 3, pn.area.y + 2, e.width, e.height};
            c.text(pn.caption, box.x, box.y, cf);
            index.insert(box.inflated(1));
        }
        // scale bar
        if (pn.scale_bar && !f.whole_world()) {
            const bbox& e = pn.extent;
            const double clon = e.min_lon > e.max_lon ? wrap_lon((e.min_lon + e.max_lon + 360) / 2) : (e.min_lon + e.max_lon) / 2;
            const lon_lat cen{clon, (e.min_lat + e.max_lat) / 2};
            auto p0 = f.to_page(cen);
            auto p1 = f.to_page(geodesic_direct(cen, 90, 100000));
            if (p0 && p1) {
                const double pt_per_km = std::hypot(p1->x - p0->x, p1->y - p0->y) / 100;
                const double km = nice_round(pn.area.w * 0.16 / pt_per_km);
                const double len = km * pt_per_km;
                font_spec sf;
                sf.size = 6;
                sf.colour = th.text;
                sf.halo_width = 1.2;
                const double x = pn.area.right() - len - 14, y = pn.area.bottom() - 14;
                c.begin_group(pn.id + "-scale-bar", "Scale bar");
                const rgba black = th.text, white{1, 1, 1, 1};
                stroke_spec outline{th.text, 0.5, {}, false};
                for (int i = 0; i < 4; ++i) {
                    const double x0 = x + len * i / 4;
                    c.shape({{{x0, y}, {x0 + len / 4, y}, {x0 + len / 4, y + 3}, {x0, y + 3}}}, true, i % 2 ? &white : &black, &outline);
                }
                const std::string lab = format_general(km) + " km (" + format_fixed(km / 1.852, 0) + " nm) at " +
                                        format_fixed(std::abs(cen.lat), 0) + (cen.lat >= 0 ? "°N" : "°S");
                const text_extent te = measure_text(lab, sf);
                c.text("0", x - 2, y - te.height - 0.5, sf);
                c.text(lab, x + len - te.width, y - te.height - 0.5, sf);
                c.end_group();
                index.insert(rect{std::min(x - 2, x + len - te.width), y - te.height - 1, std::max(len, te.width) + 4, te.height + 5}.inflated(1));
            }
        }
        c.end_group();
    }

    // legend rows
    std::vector<legend_row> rows;
    // legend order = stacking order, top layer first
    std::vector<const map_layer*> legend_layers;
    if (!doc.panels.empty())
        for (auto it = doc.panels[0].layers.rbegin(); it != doc.panels[0].layers.rend(); ++it) legend_layers.push_back(&*it);
    std::stable_sort(legend_layers.begin(), legend_layers.end(), [](const map_layer* a, const map_layer* b) {
        auto rank = [](const map_layer* l) { return l->kind == geometry_type::point ? 0 : l->kind == geometry_type::line ? 1 : 2; };
        return rank(a) < rank(b);
    });
    for (const map_layer* lp : legend_layers) {
        const map_layer& layer = *lp;
        if (!layer.in_legend) continue;
        std::vector<std::size_t> counts(layer.classes.size(), 0);
        for (const auto& it : layer.items)
            if (it.cls >= 0 && static_cast<std::size_t>(it.cls) < counts.size()) ++counts[static_cast<std::size_t>(it.cls)];
        bool any = false;
        for (std::size_t k = 0; k < layer.classes.size(); ++k) {
            if (layer.classes[k].legend.empty() || counts[k] == 0) continue;
            if (!any) rows.push_back({true, layer.title, layer.id, layer.kind, {}});
            any = true;
            std::string text = layer.classes[k].legend;
            if (layer.show_counts && layer.kind == geometry_type::point) text += " (" + std::to_string(counts[k]) + ")";
            rows.push_back({false, text, layer.id, layer.kind, layer.classes[k]});
        }
    }
    if (doc.legend.show && !rows.empty() && !doc.panels.empty()) {
        font_spec lf;
        lf.size = 6.5;
        lf.colour = th.text;
        font_spec hf = lf;
        hf.bold = true;
        const double row_h = 9.5, sym_w = 12, pad = 5;
        // columns: fill the legend area top-down (area below the map if given, else a corner box)
        rect area = doc.legend.area;
        const bool below = area.w > 0 && area.h > 0;
        const double max_h = below ? area.h - 2 * pad : doc.panels[0].area.h * 0.45;
        const int per_col = std::max(1, static_cast<int>(max_h / row_h));
        // slot of each row: (column, row); a heading never ends a column
        std::vector<std::pair<std::size_t, int>> slot(rows.size());
        {
            std::size_t col = 0;
            int r = 0;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (r >= per_col || (rows[i].heading && r > 0 && r + 1 >= per_col)) {
                    ++col;
                    r = 0;
                }
                slot[i] = {col, r++};
            }
        }
        std::vector<double> col_w;
        int rows_used = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::size_t col = slot[i].first;
            if (col_w.size() <= col) col_w.push_back(0);
            rows_used = std::max(rows_used, slot[i].second + 1);
            const text_extent e = measure_text(rows[i].text, rows[i].heading ? hf : lf);
            col_w[col] = std::max(col_w[col], e.width + (rows[i].heading ? 0 : sym_w));
        }
        double total_w = pad;
        for (double w : col_w) total_w += w + 12;
        const double total_h = rows_used * row_h + 2 * pad;
        rect box;
        if (below) {
            box = {area.x, area.y, total_w, total_h};
        } else {
            const rect& pa = doc.panels[0].area;
            const rect fa = fitted_area(doc.panels[0]);
            const rect ma{std::max(pa.x, fa.x), std::max(pa.y, fa.y), std::min(pa.right(), fa.right()) - std::max(pa.x, fa.x),
                          std::min(pa.bottom(), fa.bottom()) - std::max(pa.y, fa.y)};
            std::size_t best_hits = SIZE_MAX;
            for (const auto& corner : doc.legend.corners) {
                rect cand{corner.find("left") != std::string::npos ? ma.x + 6 : ma.right() - total_w - 6,
                          corner.find("top") != std::string::npos ? ma.y + 6 : ma.bottom() - total_h - 6, total_w, total_h};
                std::size_t hits = 0;
                for (const auto& rq : requests) hits += cand.contains(rq.x, rq.y) ? 1 : 0;
                if (index.hits(cand)) hits += 1;
                if (hits < best_hits) {
                    best_hits = hits;
                    box = cand;
                }
            }
        }
        res.legend_box = box;
        index.insert(box.inflated(2));
        c.begin_group("legend", doc.legend.title);
        const rgba bg{1, 1, 1, below ? 0.0 : 0.92};
        stroke_spec bst{th.frame.with_alpha(below ? 0 : 0.8), 0.4, {}, false};
        if (!below) c.shape({{{box.x, box.y}, {box.right(), box.y}, {box.right(), box.bottom()}, {box.x, box.bottom()}}}, true, &bg, &bst);
        std::vector<double> col_x{box.x + pad};
        for (std::size_t k = 0; k + 1 < col_w.size(); ++k) col_x.push_back(col_x.back() + col_w[k] + 12);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const double cx = col_x[slot[i].first];
            const double ry = box.y + pad + slot[i].second * row_h;
            const legend_row& r = rows[i];
            if (r.heading) {
                c.text(r.text, cx, ry, hf);
            } else {
                const double my = ry + row_h / 2 - 0.5;
                if (r.kind == geometry_type::point) {
                    point_style ps = r.cls.point;
                    ps.size = std::min(ps.size, 7.0);
                    draw_marker(c, ps, cx + 4, my);
                } else if (r.kind == geometry_type::line) {
                    stroke_spec st{r.cls.line.colour, std::min(r.cls.line.width, 3.0), r.cls.line.dash, true};
                    c.shape({{{cx, my}, {cx + 9, my}}}, false, nullptr, &st);
                } else {
                    stroke_spec st{r.cls.area.stroke, r.cls.area.stroke_width, {}, true};
                    c.shape({{{cx, my - 3}, {cx + 9, my - 3}, {cx + 9, my + 3}, {cx, my + 3}}}, true, &r.cls.area.fill, &st);
                }
                c.text(r.text, cx + sym_w, ry, lf);
                res.legend.push_back({r.layer, r.text});
            }
        }
        c.end_group();
    }

    // title and credit are outside the panels; reserve them anyway
    font_spec tf;
    tf.size = std::clamp(W / 48, 11.0, 22.0);
    tf.bold = true;
    tf.colour = th.text;
    font_spec stf;
    stf.size = tf.size * 0.55;
    stf.colour = th.muted;
    c.begin_group("title", "Title");
    double ty = margin * 0.6;
    if (!doc.title.empty()) {
        const text_extent e = measure_text(doc.title, tf);
        c.text(doc.title, margin, ty, tf);
        index.insert({margin, ty, e.width, e.height});
        ty += e.height;
    }
    if (!doc.subtitle.empty()) {
        const text_extent e = measure_text(doc.subtitle, stf);
        c.text(doc.subtitle, margin, ty, stf);
        index.insert({margin, ty, e.width, e.height});
    }
    c.end_group();
    if (!doc.credit.empty()) {
        font_spec cf;
        cf.size = std::clamp(W / 150, 5.0, 7.0);
        cf.colour = th.muted;
        text_extent e = measure_text(doc.credit, cf);
        while (e.width > W - 2 * margin && cf.size > 3.5) {
            cf.size *= 0.95;
            e = measure_text(doc.credit, cf);
        }
        c.begin_group("credit", "Sources");
        c.text(doc.credit, margin, H - margin * 0.5 - e.height, cf);
        c.end_group();
        index.insert({margin, H - margin * 0.5 - e.height, e.width, e.height});
    }

    // labels last, above everything
    res.labels = place_labels(std::move(requests), index);
    c.begin_group("labels", "Labels");
    for (const auto& l : res.labels.placed) c.text(l.text, l.x, l.y, l.font);
    c.end_group();

    c.finish();
    cv.reset();
    af.commit();
    if (res.format == output_format::png) {
        res.width_px = doc.page.width_px();
        res.height_px = doc.page.height_px();
    }
    return res;
}

} // namespace harbormap::render
