#include "engine/render/draw.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/render/geoprep.hpp"
#include "engine/render/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

namespace harbormap::render {

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
    double max_marker = 7.0; // legend marker size cap (pt)
};

// What the steps of render_map share: the canvas, the theme, the collision index of symbols and
// reserved boxes (labels are placed against it last), the label requests and the result.
struct draw_state {
    canvas& c;
    const theme& th;
    render_result& res;
    collision_index index;
    std::vector<label_request> requests;
    long owner = 0;
    std::map<std::tuple<int, long, long>, long> owner_at; // symbols at one spot of a panel share an owner
    std::vector<double> owner_r;                           // largest symbol radius of each owner
    std::vector<symbol_mark> symbols;                      // obstacle symbols (for label ambiguity)
};

// One owner id per spot (1 pt grid) of a panel: a port drawn by several layers (a LOGINK ring around a
// PRC-operated dot) is one symbol for its labels.
long owner_of(draw_state& s, int pi, double x, double y, double r) {
    const auto key = std::make_tuple(pi, std::lround(x), std::lround(y));
    auto it = s.owner_at.find(key);
    if (it == s.owner_at.end()) {
        it = s.owner_at.emplace(key, s.owner++).first;
        s.owner_r.push_back(0);
    }
    double& rr = s.owner_r[static_cast<std::size_t>(it->second)];
    rr = std::max(rr, r);
    return it->second;
}


page_shape box_shape(const rect& r) { return {{{r.x, r.y}, {r.right(), r.y}, {r.right(), r.bottom()}, {r.x, r.bottom()}}}; }

// --- panels ------------------------------------------------------------------------------------

void draw_sea(draw_state& s, const panel& pn, const frame& f, const geo_projector& gp) {
    s.c.begin_group(pn.id + "-sea", "Sea");
    if (f.whole_world()) s.c.shape(globe_outline(f, gp), true, &s.th.ocean, nullptr);
    else s.c.shape(box_shape(pn.area), true, &s.th.ocean, nullptr);
    s.c.end_group();
    if (pn.graticule) {
        s.c.begin_group(pn.id + "-graticule", "Graticule");
        graticule(s.c, pn, f, gp, s.th);
        s.c.end_group();
    }
}

void draw_basemap(draw_state& s, const map_document& doc, const panel& pn, const geo_projector& gp) {
    s.c.begin_group(pn.id + "-basemap", "Countries (Natural Earth)");
    const stroke_spec border{s.th.border, 0.3, {}, true};
    for (const auto& shape : gp.polygons(doc.countries)) s.c.shape(shape, true, &s.th.land, &border);
    s.c.end_group();
}

// The point symbols of one item: drawn, registered as obstacles and queued for a label.
void draw_points(draw_state& s, const panel& pn, int pi, const frame& f, const map_layer& layer, const map_item& item,
                 const symbol_class& sc) {
    for (const auto& p : item.geom.points) {
        auto q = on_panel(pn, f, p);
        if (!q) continue;
        draw_marker(s.c, sc.point, q->x, q->y);
        ++s.res.symbols;
        ++s.res.panel_symbols[static_cast<std::size_t>(pi)];
        const double r = marker_radius(sc.point);
        const long id = owner_of(s, pi, q->x, q->y, layer.obstacle ? r : 0);
        if (layer.obstacle) {
            s.index.insert({q->x - r, q->y - r, 2 * r, 2 * r}, id);
            s.symbols.push_back({q->x, q->y, r, id});
        }
        if (!pn.labels || item.label.empty()) continue;
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
        rq.panel = pi;
        s.requests.push_back(std::move(rq));
    }
}

void draw_item(draw_state& s, const panel& pn, int pi, const frame& f, const geo_projector& gp, const map_layer& layer,
               const map_item& item) {
    if (item.cls < 0 || static_cast<std::size_t>(item.cls) >= layer.classes.size()) return;
    const symbol_class& sc = layer.classes[static_cast<std::size_t>(item.cls)];
    if (layer.kind == geometry_type::polygon) {
        stroke_spec st{sc.area.stroke, sc.area.stroke_width, {}, true};
        for (const auto& shape : gp.polygons(item.geom.polygons))
            s.c.shape(shape, true, &sc.area.fill, sc.area.stroke_width > 0 ? &st : nullptr);
    } else if (layer.kind == geometry_type::line) {
        stroke_spec st{sc.line.colour, sc.line.width, sc.line.dash, true};
        s.c.shape(gp.lines(item.geom.lines), false, nullptr, &st);
    } else {
        draw_points(s, pn, pi, f, layer, item, sc);
    }
}

// Layers: areas, then lines, then points, each in document order.
void draw_layers(draw_state& s, const panel& pn, int pi, const frame& f, const geo_projector& gp) {
    for (geometry_type pass : {geometry_type::polygon, geometry_type::line, geometry_type::point}) {
        for (const auto& layer : pn.layers) {
            if (layer.kind != pass) continue;
            s.c.begin_group(pn.id == "main" ? "layer-" + layer.id : pn.id + "-layer-" + layer.id, layer.title);
            for (const auto& item : layer.items) draw_item(s, pn, pi, f, gp, layer, item);
            s.c.end_group();
        }
    }
}

void draw_frame_and_caption(draw_state& s, const panel& pn, const frame& f, std::size_t pi) {
    stroke_spec fr{s.th.frame, 0.6, {}, false};
    if (!f.whole_world() || pi > 0) s.c.shape(box_shape(pn.area), true, nullptr, &fr);
    if (pn.caption.empty()) return;
    font_spec cf;
    cf.size = 6.5;
    cf.bold = true;
    cf.colour = s.th.muted;
    const text_extent e = measure_text(pn.caption, cf);
    const rect box{pn.area.x + 3, pn.area.y + 2, e.width, e.height};
    s.c.text(pn.caption, box.x, box.y, cf);
    s.index.insert(box.inflated(1));
}

void draw_scale_bar(draw_state& s, const panel& pn, const frame& f) {
    const bbox& e = pn.extent;
    const double clon = e.min_lon > e.max_lon ? wrap_lon((e.min_lon + e.max_lon + 360) / 2) : (e.min_lon + e.max_lon) / 2;
    const lon_lat cen{clon, (e.min_lat + e.max_lat) / 2};
    auto p0 = f.to_page(cen);
    auto p1 = f.to_page(geodesic_direct(cen, 90, 100000));
    if (!p0 || !p1) return;
    const double pt_per_km = std::hypot(p1->x - p0->x, p1->y - p0->y) / 100;
    const double km = nice_round(pn.area.w * 0.16 / pt_per_km);
    const double len = km * pt_per_km;
    font_spec sf;
    sf.size = 6;
    sf.colour = s.th.text;
    sf.halo_width = 1.2;
    const double x = pn.area.right() - len - 14, y = pn.area.bottom() - 14;
    s.c.begin_group(pn.id + "-scale-bar", "Scale bar");
    const rgba black = s.th.text, white{1, 1, 1, 1};
    stroke_spec outline{s.th.text, 0.5, {}, false};
    for (int i = 0; i < 4; ++i) {
        const double x0 = x + len * i / 4;
        s.c.shape({{{x0, y}, {x0 + len / 4, y}, {x0 + len / 4, y + 3}, {x0, y + 3}}}, true, i % 2 ? &white : &black, &outline);
    }
    const std::string lab = format_general(km) + " km (" + format_fixed(km / 1.852, 0) + " nm) at " +
                            format_fixed(std::abs(cen.lat), 0) + (cen.lat >= 0 ? "°N" : "°S");
    const text_extent te = measure_text(lab, sf);
    // the "0" at the bar's start unless the label, right-aligned to its end, reaches it
    if (len - te.width >= measure_text("0", sf).width + 1) s.c.text("0", x - 2, y - te.height - 0.5, sf);
    s.c.text(lab, x + len - te.width, y - te.height - 0.5, sf);
    s.c.end_group();
    s.index.insert(rect{std::min(x - 2, x + len - te.width), y - te.height - 1, std::max(len, te.width) + 4, te.height + 5}.inflated(1));
}

void draw_panel(draw_state& s, const map_document& doc, std::size_t pi) {
    const panel& pn = doc.panels[pi];
    const frame f = make_frame(pn);
    const geo_projector gp(f, f.whole_world() ? 1.0 : 0.25);
    s.c.begin_group("panel-" + pn.id, pn.caption.empty() ? "Map" : pn.caption);
    s.c.push_clip(pn.area);
    draw_sea(s, pn, f, gp);
    draw_basemap(s, doc, pn, gp);
    draw_layers(s, pn, static_cast<int>(pi), f, gp);
    s.c.pop_clip();
    draw_frame_and_caption(s, pn, f, pi);
    if (pn.scale_bar && !f.whole_world()) draw_scale_bar(s, pn, f);
    s.c.end_group();
}

// --- legend ------------------------------------------------------------------------------------

// Legend rows of the main panel: a heading per layer, then its classes that have items, in stacking
// order (top layer first: points, then lines, then areas).
std::vector<legend_row> legend_rows(const map_document& doc) {
    std::vector<legend_row> rows;
    std::vector<const map_layer*> legend_layers;
    if (!doc.panels.empty())
        for (auto it = doc.panels[0].layers.rbegin(); it != doc.panels[0].layers.rend(); ++it) legend_layers.push_back(&*it);
    std::stable_sort(legend_layers.begin(), legend_layers.end(), [](const map_layer* a, const map_layer* b) {
        auto rank = [](const map_layer* l) { return l->kind == geometry_type::point ? 0 : l->kind == geometry_type::line ? 1 : 2; };
        return rank(a) < rank(b);
    });
    std::vector<frame> frames;
    for (const auto& pn : doc.panels) frames.push_back(make_frame(pn));
    // a point item counts if some panel drawing its layer shows it (the legend counts what the map shows)
    auto shown = [&](const map_layer& layer, const map_item& it) {
        if (layer.kind != geometry_type::point) return true;
        for (std::size_t pi = 0; pi < doc.panels.size(); ++pi) {
            const auto& ls = doc.panels[pi].layers;
            if (std::none_of(ls.begin(), ls.end(), [&](const map_layer& l) { return l.id == layer.id; })) continue;
            for (const auto& pt : it.geom.points)
                if (on_panel(doc.panels[pi], frames[pi], pt)) return true;
        }
        return false;
    };
    for (const map_layer* lp : legend_layers) {
        const map_layer& layer = *lp;
        if (!layer.in_legend) continue;
        std::vector<std::size_t> counts(layer.classes.size(), 0);
        for (const auto& it : layer.items)
            if (it.cls >= 0 && static_cast<std::size_t>(it.cls) < counts.size() && shown(layer, it)) ++counts[static_cast<std::size_t>(it.cls)];
        bool any = false;
        for (std::size_t k = 0; k < layer.classes.size(); ++k) {
            if (layer.classes[k].legend.empty() || counts[k] == 0) continue;
            if (!any) rows.push_back({true, layer.title, layer.id, layer.kind, {}});
            any = true;
            std::string text = layer.classes[k].legend;
            if (layer.show_counts && layer.kind == geometry_type::point) text += " (" + std::to_string(counts[k]) + ")";
            rows.push_back({false, text, layer.id, layer.kind, layer.classes[k], layer.legend_sizes ? 1e9 : 7.0});
        }
    }
    return rows;
}

struct legend_layout {
    static constexpr double row_h = 9.5, sym_w = 12, pad = 5;
    font_spec body, heading;
    std::vector<std::pair<std::size_t, int>> slot; // (column, row) of each row
    std::vector<double> col_w;
    double total_w = 0, total_h = 0;
};

// Columns filled top-down, per_col rows each; a heading never ends a column, and a group (a heading and its
// rows) that would not fit in what is left of a column starts the next one when it fits in a whole column.
legend_layout layout_legend(const std::vector<legend_row>& rows, const theme& th, int per_col) {
    legend_layout lay;
    lay.body.size = 6.5;
    lay.body.colour = th.text;
    lay.heading = lay.body;
    lay.heading.bold = true;
    lay.slot.resize(rows.size());
    std::size_t col = 0;
    int r = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        int group = 1; // rows of the group a heading opens
        if (rows[i].heading)
            while (i + static_cast<std::size_t>(group) < rows.size() && !rows[i + static_cast<std::size_t>(group)].heading) ++group;
        const bool group_moves = rows[i].heading && r > 0 && r + group > per_col && group <= per_col;
        if (r >= per_col || group_moves || (rows[i].heading && r > 0 && r + 1 >= per_col)) {
            ++col;
            r = 0;
        }
        lay.slot[i] = {col, r++};
    }
    int rows_used = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::size_t c = lay.slot[i].first;
        if (lay.col_w.size() <= c) lay.col_w.push_back(0);
        rows_used = std::max(rows_used, lay.slot[i].second + 1);
        const text_extent e = measure_text(rows[i].text, rows[i].heading ? lay.heading : lay.body);
        lay.col_w[c] = std::max(lay.col_w[c], e.width + (rows[i].heading ? 0 : legend_layout::sym_w));
    }
    lay.total_w = legend_layout::pad;
    for (double w : lay.col_w) lay.total_w += w + 12;
    lay.total_h = rows_used * legend_layout::row_h + 2 * legend_layout::pad;
    return lay;
}

// The corner of the main panel's fitted map whose box covers the fewest symbols and reserved boxes.
rect corner_box(const draw_state& s, const map_document& doc, double w, double h) {
    const rect& pa = doc.panels[0].area;
    const rect fa = fitted_area(doc.panels[0]);
    const rect ma{std::max(pa.x, fa.x), std::max(pa.y, fa.y), std::min(pa.right(), fa.right()) - std::max(pa.x, fa.x),
                  std::min(pa.bottom(), fa.bottom()) - std::max(pa.y, fa.y)};
    rect box;
    std::size_t best_hits = SIZE_MAX;
    for (const auto& corner : doc.legend.corners) {
        rect cand{corner.find("left") != std::string::npos ? ma.x + 6 : ma.right() - w - 6,
                  corner.find("top") != std::string::npos ? ma.y + 6 : ma.bottom() - h - 6, w, h};
        std::size_t hits = 0;
        for (const auto& rq : s.requests) hits += cand.contains(rq.x, rq.y) ? 1 : 0;
        if (s.index.hits(cand)) hits += 1;
        if (hits < best_hits) {
            best_hits = hits;
            box = cand;
        }
    }
    return box;
}

void draw_legend_row(canvas& c, const legend_row& r, const legend_layout& lay, double cx, double ry) {
    if (r.heading) {
        c.text(r.text, cx, ry, lay.heading);
        return;
    }
    const double my = ry + legend_layout::row_h / 2 - 0.5;
    if (r.kind == geometry_type::point) {
        point_style ps = r.cls.point;
        ps.size = std::min(ps.size, r.max_marker);
        draw_marker(c, ps, cx + 4, my);
    } else if (r.kind == geometry_type::line) {
        stroke_spec st{r.cls.line.colour, std::min(r.cls.line.width, 3.0), r.cls.line.dash, true};
        c.shape({{{cx, my}, {cx + 9, my}}}, false, nullptr, &st);
    } else {
        stroke_spec st{r.cls.area.stroke, r.cls.area.stroke_width, {}, true};
        c.shape({{{cx, my - 3}, {cx + 9, my - 3}, {cx + 9, my + 3}, {cx, my + 3}}}, true, &r.cls.area.fill, &st);
    }
    c.text(r.text, cx + legend_layout::sym_w, ry, lay.body);
}

// Columns of doc.legend.area's height if given, else of 45 % of the main panel's.
legend_layout layout_legend_of(const map_document& doc, const std::vector<legend_row>& rows) {
    const rect area = doc.legend.area;
    const bool below = area.w > 0 && area.h > 0;
    const double max_h = below ? area.h - 2 * legend_layout::pad : doc.panels[0].area.h * 0.45;
    return layout_legend(rows, doc.colours, std::max(1, static_cast<int>(max_h / legend_layout::row_h)));
}

// The legend fills doc.legend.area (columns, top-down) if given, else a corner box of the main panel.
void draw_legend(draw_state& s, const map_document& doc) {
    const std::vector<legend_row> rows = legend_rows(doc);
    if (!doc.legend.show || rows.empty() || doc.panels.empty()) return;
    const rect area = doc.legend.area;
    const bool below = area.w > 0 && area.h > 0;
    const legend_layout lay = layout_legend_of(doc, rows);
    const rect box = below ? rect{area.x, area.y, lay.total_w, lay.total_h} : corner_box(s, doc, lay.total_w, lay.total_h);
    s.res.legend_box = box;
    s.index.insert(box.inflated(2));
    s.c.begin_group("legend", doc.legend.title);
    const rgba bg{1, 1, 1, below ? 0.0 : 0.92};
    stroke_spec bst{s.th.frame.with_alpha(below ? 0 : 0.8), 0.4, {}, false};
    if (!below) s.c.shape(box_shape(box), true, &bg, &bst);
    std::vector<double> col_x{box.x + legend_layout::pad};
    for (std::size_t k = 0; k + 1 < lay.col_w.size(); ++k) col_x.push_back(col_x.back() + lay.col_w[k] + 12);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        draw_legend_row(s.c, rows[i], lay, col_x[lay.slot[i].first], box.y + legend_layout::pad + lay.slot[i].second * legend_layout::row_h);
        if (!rows[i].heading) s.res.legend.push_back({rows[i].layer, rows[i].text});
    }
    s.c.end_group();
}

// --- title, credit, labels ---------------------------------------------------------------------

// Title and credit lie outside the panels; their boxes are reserved anyway.
void draw_title(draw_state& s, const map_document& doc, double margin) {
    font_spec tf;
    tf.size = std::clamp(doc.page.width_pt / 48, 11.0, 22.0);
    tf.bold = true;
    tf.colour = s.th.text;
    font_spec stf;
    stf.size = tf.size * 0.55;
    stf.colour = s.th.muted;
    s.c.begin_group("title", "Title");
    double ty = margin * 0.6;
    if (!doc.title.empty()) {
        const text_extent e = measure_text(doc.title, tf);
        s.c.text(doc.title, margin, ty, tf);
        s.index.insert({margin, ty, e.width, e.height});
        ty += e.height;
    }
    if (!doc.subtitle.empty()) {
        const text_extent e = measure_text(doc.subtitle, stf);
        s.c.text(doc.subtitle, margin, ty, stf);
        s.index.insert({margin, ty, e.width, e.height});
    }
    s.c.end_group();
}

// The footer's lines (layout_footer), reserved for the labels.
void draw_footer(draw_state& s, const map_document& doc) {
    s.res.footer = layout_footer(doc);
    if (s.res.footer.empty()) return;
    s.c.begin_group("credit", "Sources");
    for (const footer_line& l : s.res.footer) {
        font_spec f;
        f.size = l.size;
        f.colour = l.credit ? s.th.muted : s.th.text;
        s.c.text(l.text, l.box.x, l.box.y, f);
        s.index.insert(l.box);
    }
    s.c.end_group();
}

// Labels last, above everything, placed against every symbol and reserved box.
// Labels moved away from their symbol get a thin leader line (drawn under the texts).
void draw_labels(draw_state& s, const map_document& doc) {
    label_options lo;
    lo.max_leader = doc.max_leader_pt;
    lo.symbols = std::move(s.symbols);
    for (auto& rq : s.requests)
        if (rq.owner >= 0 && static_cast<std::size_t>(rq.owner) < s.owner_r.size())
            rq.radius = std::max(rq.radius, s.owner_r[static_cast<std::size_t>(rq.owner)]);
    s.res.labels = place_labels(std::move(s.requests), s.index, lo);
    s.c.begin_group("leaders", "Leader lines");
    for (const auto& l : s.res.labels.placed) {
        if (!l.leader) continue;
        const stroke_spec st{l.font.colour.with_alpha(0.8), 0.4, {}, true};
        s.c.shape({{{l.leader_x0, l.leader_y0}, {l.leader_x1, l.leader_y1}}}, false, nullptr, &st);
    }
    s.c.end_group();
    s.c.begin_group("labels", "Labels");
    for (const auto& l : s.res.labels.placed) s.c.text(l.text, l.x, l.y, l.font);
    s.c.end_group();
}

} // namespace

double page_margin(const page_spec& page) { return std::max(14.0, std::min(page.width_pt, page.height_pt) * 0.035); }

double footer_font_size(const page_spec& page) { return std::clamp(page.width_pt / 150, 6.0, 7.0); }

double footer_line_height(const page_spec& page) {
    font_spec f;
    f.size = footer_font_size(page);
    return measure_text("Ag", f).height;
}

std::vector<footer_line> layout_footer(const map_document& doc) {
    // Before, each of the two was one line shrunk (down to 3.5 pt) until it fitted the width: the world
    // map's footnote and credit came out at 3.5 and 3.9 pt on A4 portrait, too small to read in print.
    font_spec f;
    f.size = footer_font_size(doc.page);
    const double margin = page_margin(doc.page), width = doc.page.width_pt - 2 * margin;
    std::vector<footer_line> lines;
    if (doc.credit.empty() && doc.footnote.empty()) return lines;
    const double line_h = footer_line_height(doc.page);
    for (const std::string* text : {&doc.footnote, &doc.credit})
        for (std::string& t : wrap_text(*text, f, width)) {
            const double w = measure_text(t, f).width;
            lines.push_back({std::move(t), {margin, 0, w, line_h}, f.size, text == &doc.credit});
        }
    // bottom-up: the credit's last line ends half a margin above the page's bottom; 1 pt between the two
    double y = doc.page.height_pt - margin * 0.5;
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (i + 1 < lines.size() && lines[i].credit != lines[i + 1].credit) y -= 1;
        y -= line_h;
        lines[i].box.y = y;
    }
    return lines;
}

double footer_height(const map_document& doc) {
    const std::vector<footer_line> lines = layout_footer(doc);
    if (lines.empty()) return 0;
    return doc.page.height_pt - page_margin(doc.page) * 0.5 - lines.front().box.y + 8;
}

double legend_width(const map_document& doc) {
    if (!doc.legend.show || doc.panels.empty()) return 0;
    const std::vector<legend_row> rows = legend_rows(doc);
    return rows.empty() ? 0 : layout_legend_of(doc, rows).total_w;
}

double legend_height(const map_document& doc) {
    if (!doc.legend.show || doc.panels.empty()) return 0;
    const std::vector<legend_row> rows = legend_rows(doc);
    return rows.empty() ? 0 : layout_legend_of(doc, rows).total_h;
}

render_result render_map(const map_document& doc, const std::filesystem::path& out, const render_options& opts) {
    render_result res;
    res.format = format_from_path(out);
    atomic_file af(out, opts.overwrite);
    std::unique_ptr<canvas> cv = (res.format == output_format::svg && !opts.cairo_svg)
                                     ? make_svg_canvas(af.temp_path(), doc.page, doc.title)
                                     : make_cairo_canvas(af.temp_path(), res.format, doc.page);
    const double W = doc.page.width_pt, H = doc.page.height_pt;
    const double margin = page_margin(doc.page);
    draw_state s{*cv, doc.colours, res, collision_index(std::max(12.0, std::min(W, H) / 40)), {}, 0, {}, {}, {}};
    res.panel_symbols.assign(doc.panels.size(), 0);

    s.c.begin_group("background", "Background");
    s.c.shape(box_shape({0, 0, W, H}), true, &s.th.page, nullptr);
    s.c.end_group();
    for (std::size_t pi = 0; pi < doc.panels.size(); ++pi) draw_panel(s, doc, pi);
    draw_legend(s, doc);
    draw_title(s, doc, margin);
    draw_footer(s, doc);
    draw_labels(s, doc);

    s.c.finish();
    cv.reset();
    af.commit();
    if (res.format == output_format::png) {
        res.width_px = doc.page.width_px();
        res.height_px = doc.page.height_px();
    }
    return res;
}

} // namespace harbormap::render
