// Bar, stacked-bar and line charts through the map canvases (see chart.hpp).
#include "engine/render/chart.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/render/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <optional>
#include <set>

namespace harbormap::render {

value_axis nice_axis(double max_value, double min_step) {
    const double top = max_value > 0 ? max_value : 1;
    const double raw = top / 5;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * p;
    for (double m : {1.0, 2.0, 5.0})
        if (m * p >= raw * (1 - 1e-12)) {
            step = m * p;
            break;
        }
    step = std::max(step, min_step);
    return {std::max(step, std::ceil(top / step - 1e-9) * step), step};
}

rgba chart_colour(std::size_t i) {
    static const char* const palette[] = {"#c0392b", "#2e6da4", "#e39c21", "#3a9a5b", "#7e57c2", "#8d6e63", "#00897b", "#5f6b73"};
    return rgba::hex(palette[i % std::size(palette)]);
}

namespace {

std::string chart_number(double v) {
    if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
    return fmt::format("{:.1f}", v);
}

std::string bar_text(const chart_bar& b) {
    if (!b.label.empty()) return b.label;
    if (b.low == 0 || b.low == b.high) return chart_number(b.high);
    const bool whole = chart_number(b.low).find('.') == std::string::npos && chart_number(b.high).find('.') == std::string::npos;
    return whole ? chart_number(b.low) + "\u2013" + chart_number(b.high) : fmt::format("{:.1f}\u2013{:.1f}", b.low, b.high);
}

void check_chart(const chart_document& doc) {
    const auto fail = [&](const chart_row& r, const std::string& what) {
        throw usage_error("chart '" + doc.title + "': row '" + r.label + "': " + what);
    };
    for (const auto& r : doc.rows) {
        std::set<std::size_t> seen;
        for (const auto& b : r.bars) {
            if (b.series >= doc.series.size())
                fail(r, "names series " + std::to_string(b.series) + " of " + std::to_string(doc.series.size()));
            if (!seen.insert(b.series).second) fail(r, "two bars of series '" + doc.series[b.series].name + "'");
            if (b.low < 0 || b.high < b.low)
                fail(r, "bar " + chart_number(b.low) + ".." + chart_number(b.high) + " is not a range >= 0");
            if (b.low > 0 && doc.mode != chart_mode::grouped)
                fail(r, "bar " + chart_number(b.low) + ".." + chart_number(b.high) + ": stacked and line charts take values, not ranges");
        }
    }
}

struct chart_fonts {
    font_spec title, subtitle, label, small, inside;
    explicit chart_fonts(const theme& th) {
        title.size = 12;
        title.bold = true;
        title.colour = th.text;
        subtitle.size = 8;
        subtitle.colour = th.muted;
        label.size = 7.5;
        label.colour = th.text;
        small.size = 6.5;
        small.colour = th.muted;
        inside = small;
        inside.colour = th.page;
    }
};

// A row's place along the category axis (page coordinates: y when horizontal, x when vertical).
struct band {
    double start = 0, extent = 0;
    double centre() const { return start + extent / 2; }
};

// Where everything goes: the plot rectangle, the value axis, the rows' bands, the legend and the lines
// under the chart.
struct chart_frame {
    bool vertical = false;
    double margin = 18, bar_h = 8, bar_gap = 2, row_gap = 6, line_h = 9;
    rect plot;
    value_axis axis;
    std::vector<band> rows;
    std::vector<std::pair<double, double>> legend; // top-left of each series' swatch
    double header_h = 0, under_y = 0;              // under_y: the first line under the chart
    std::vector<std::string> under;                // note and credit lines
    std::size_t label_every = 1;                   // vertical: one row label in every n

    double value_pos(double v) const {
        const double t = std::clamp(v, 0.0, axis.max) / axis.max;
        return vertical ? plot.bottom() - plot.h * t : plot.x + plot.w * t;
    }
    xy at(double along, double v) const { return vertical ? xy{along, value_pos(v)} : xy{value_pos(v), along}; }
    // The bar across [b0, b1] of the category axis from value v0 to v1 (at least 1 pt long).
    page_shape box(double b0, double b1, double v0, double v1) const {
        double p0 = value_pos(v0), p1 = value_pos(v1);
        if (std::fabs(p1 - p0) < 1) p1 = p0 + (vertical ? -1.0 : 1.0);
        if (vertical) return {{{b0, p0}, {b1, p0}, {b1, p1}, {b0, p1}}};
        return {{{p0, b0}, {p1, b0}, {p1, b1}, {p0, b1}}};
    }
};

double axis_top(const chart_document& doc) {
    double top = 0;
    for (const auto& r : doc.rows) {
        double sum = 0;
        for (const auto& b : r.bars) {
            top = std::max(top, b.high);
            sum += b.high;
        }
        if (doc.mode == chart_mode::stacked) top = std::max(top, sum);
    }
    return top;
}

// The legend's swatches flow left to right from x0 and wrap before max_x; returns the lines used.
int place_legend(const chart_document& doc, const chart_fonts& f, chart_frame& fr, double x0, double y0, double max_x) {
    if (doc.series.size() < 2) return 0;
    double x = x0, y = y0;
    int lines = 1;
    for (const auto& s : doc.series) {
        const double w = 13 + measure_text(s.name, f.small).width + 14;
        if (x > x0 && x + w - 14 > max_x) {
            x = x0;
            y += 11;
            ++lines;
        }
        fr.legend.emplace_back(x, y);
        x += w;
    }
    return lines;
}

chart_frame lay_out(const chart_document& doc, const chart_fonts& f) {
    chart_frame fr;
    fr.vertical = doc.orientation == chart_orientation::vertical;
    fr.axis = nice_axis(axis_top(doc), doc.min_step);
    const double width = doc.width_pt, m = fr.margin;
    double top = m + 20 + (doc.subtitle.empty() ? 0 : 12);
    double label_w = 0;
    if (fr.vertical) {
        for (double v = 0; v <= fr.axis.max + 1e-9; v += fr.axis.step)
            label_w = std::max(label_w, measure_text(chart_number(v), f.small).width);
    } else {
        for (const auto& r : doc.rows) label_w = std::max(label_w, measure_text(r.label, f.label).width);
        label_w = std::min(label_w, width * 0.35);
    }
    fr.plot.x = m + label_w + (fr.vertical ? 6 : 8);
    const int legend_lines = place_legend(doc, f, fr, fr.vertical ? m : fr.plot.x, top + 1, width - m);
    top += legend_lines * 11 + (legend_lines ? 3 : 0);
    if (fr.vertical && !doc.axis_label.empty()) top += 12;
    fr.header_h = top;
    fr.plot.y = top;
    if (fr.vertical) {
        double end_label = 0;
        if (doc.mode == chart_mode::lines) end_label = measure_text(chart_number(fr.axis.max), f.small).width + 6;
        fr.plot.w = std::max(100.0, width - fr.plot.x - m - end_label);
        fr.plot.h = doc.plot_height_pt;
        const double slot = fr.plot.w / static_cast<double>(std::max<std::size_t>(doc.rows.size(), 1));
        double widest = 0;
        for (std::size_t i = 0; i < doc.rows.size(); ++i) {
            fr.rows.push_back({fr.plot.x + slot * (static_cast<double>(i) + 0.12), slot * 0.76});
            widest = std::max(widest, measure_text(doc.rows[i].label, f.small).width);
        }
        fr.label_every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 4) / slot)));
        fr.under_y = fr.plot.bottom() + 6 + fr.line_h;
    } else {
        fr.plot.w = std::max(100.0, width - fr.plot.x - m - 70); // room after the longest bar for its label
        double y = top;
        for (const auto& r : doc.rows) {
            const double n = doc.mode == chart_mode::grouped ? std::max<double>(1, static_cast<double>(r.bars.size())) : 1;
            fr.rows.push_back({y, n * fr.bar_h + (n - 1) * fr.bar_gap});
            y += fr.rows.back().extent + fr.row_gap;
        }
        fr.plot.h = y - top;
        fr.under_y = fr.plot.bottom() + 26;
    }
    // the same measured line breaking as the maps' footnote and credit (pango, render/text.hpp)
    for (const std::string* text : {&doc.note, &doc.credit})
        for (auto& l : wrap_text(*text, f.small, width - 2 * m)) fr.under.push_back(std::move(l));
    return fr;
}

void draw_header(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    c.begin_group("title", "Title");
    c.text(doc.title, fr.margin, fr.margin, f.title);
    if (!doc.subtitle.empty()) c.text(doc.subtitle, fr.margin, fr.margin + 17, f.subtitle);
    c.end_group();
    if (fr.legend.empty()) return;
    c.begin_group("legend", "Legend");
    for (std::size_t i = 0; i < doc.series.size(); ++i) {
        const auto [x, y] = fr.legend[i];
        c.shape({{{x, y + 1}, {x + 10, y + 1}, {x + 10, y + 8}, {x, y + 8}}}, true, &doc.series[i].colour, nullptr);
        c.text(doc.series[i].name, x + 13, y, f.small);
    }
    c.end_group();
}

void draw_axis(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    c.begin_group("axis", "Axis and grid");
    const stroke_spec grid{doc.colours.graticule, 0.5, {}, false}, base{doc.colours.frame, 0.8, {}, false};
    const int ticks = static_cast<int>(std::lround(fr.axis.max / fr.axis.step));
    for (int i = 0; i <= ticks; ++i) {
        const double v = fr.axis.step * i, p = fr.value_pos(v);
        const std::string t = chart_number(v);
        const text_extent e = measure_text(t, f.small);
        if (fr.vertical) {
            c.shape({{{fr.plot.x, p}, {fr.plot.right(), p}}}, false, nullptr, i == 0 ? &base : &grid);
            c.text(t, fr.plot.x - 4 - e.width, p - e.height / 2, f.small);
        } else {
            c.shape({{{p, fr.plot.y - 2}, {p, fr.plot.bottom()}}}, false, nullptr, i == 0 ? &base : &grid);
            c.text(t, p - e.width / 2, fr.plot.bottom() + 3, f.small);
        }
    }
    if (!doc.axis_label.empty()) {
        if (fr.vertical) c.text(doc.axis_label, fr.margin, fr.plot.y - 13, f.small);
        else c.text(doc.axis_label, fr.plot.right() - measure_text(doc.axis_label, f.small).width, fr.plot.bottom() + 13, f.small);
    }
    c.end_group();
}

std::size_t draw_row_labels(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    c.begin_group("rows", "Row labels");
    std::size_t drawn = 0;
    for (std::size_t i = 0; i < doc.rows.size(); ++i) {
        const std::string& label = doc.rows[i].label;
        if (fr.vertical) {
            if ((doc.rows.size() - 1 - i) % fr.label_every != 0) continue; // the last row always has its label
            const double w = measure_text(label, f.small).width;
            c.text(label, fr.rows[i].centre() - w / 2, fr.plot.bottom() + 3, f.small);
        } else {
            const text_extent e = measure_text(label, f.label);
            const double label_w = fr.plot.x - 8 - fr.margin;
            c.text(label, fr.margin + label_w - std::min(label_w, e.width), fr.rows[i].centre() - e.height / 2, f.label);
        }
        ++drawn;
    }
    c.end_group();
    return drawn;
}

// A value label just beyond the bar end at value v, centred on `along`; when `room` (the space across
// the bar) is narrower than the text of a vertical chart, it is left out.
void end_label(canvas& c, const chart_fonts& f, const chart_frame& fr, const std::string& t, double along, double v, double room) {
    const text_extent e = measure_text(t, f.small);
    const xy p = fr.at(along, v);
    if (fr.vertical) {
        if (e.width > room + 2) return;
        c.text(t, p.x - e.width / 2, p.y - e.height - 1, f.small);
    } else {
        c.text(t, p.x + 3, p.y - e.height / 2, f.small);
    }
}

std::size_t draw_grouped(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    std::size_t bars = 0;
    const double n_series = static_cast<double>(std::max<std::size_t>(doc.series.size(), 1));
    for (std::size_t i = 0; i < doc.rows.size(); ++i) {
        const band& b = fr.rows[i];
        for (std::size_t j = 0; j < doc.rows[i].bars.size(); ++j) {
            const chart_bar& bar = doc.rows[i].bars[j];
            if (bar.high <= 0) continue;
            double start = 0, thick = 0;
            if (fr.vertical) { // by series: a series keeps its place in every row
                thick = (b.extent - (n_series - 1) * 1.0) / n_series;
                start = b.start + static_cast<double>(bar.series) * (thick + 1.0);
            } else {
                thick = fr.bar_h;
                start = b.start + static_cast<double>(j) * (fr.bar_h + fr.bar_gap);
            }
            c.shape(fr.box(start, start + thick, bar.low, bar.high), true, &doc.series[bar.series].colour, nullptr);
            end_label(c, f, fr, bar_text(bar), start + thick / 2, bar.high, thick + 2);
            ++bars;
        }
    }
    return bars;
}

std::size_t draw_stacked(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    std::size_t bars = 0;
    for (std::size_t i = 0; i < doc.rows.size(); ++i) {
        const band& b = fr.rows[i];
        std::vector<const chart_bar*> parts;
        for (const auto& bar : doc.rows[i].bars) parts.push_back(&bar);
        std::stable_sort(parts.begin(), parts.end(), [](const chart_bar* x, const chart_bar* y) { return x->series < y->series; });
        double sum = 0;
        for (const chart_bar* bar : parts) {
            if (bar->high <= 0) continue;
            c.shape(fr.box(b.start, b.start + b.extent, sum, sum + bar->high), true, &doc.series[bar->series].colour, nullptr);
            const std::string t = bar_text(*bar);
            const text_extent e = measure_text(t, f.small);
            const double length = std::fabs(fr.value_pos(sum + bar->high) - fr.value_pos(sum));
            const bool fits = fr.vertical ? length >= e.height + 1 && b.extent >= e.width + 2 : length >= e.width + 4 && b.extent >= e.height;
            if (fits && parts.size() > 1) {
                const xy p = fr.at(b.centre(), sum + bar->high / 2);
                c.text(t, p.x - e.width / 2, p.y - e.height / 2, f.inside);
            }
            sum += bar->high;
            ++bars;
        }
        if (sum > 0) end_label(c, f, fr, chart_number(sum), b.centre(), sum, b.extent + 2);
    }
    return bars;
}

std::size_t draw_lines(canvas& c, const chart_document& doc, const chart_fonts& f, const chart_frame& fr) {
    std::size_t points = 0;
    struct end_text {
        xy at;
        std::string text;
    };
    std::vector<end_text> ends;
    for (std::size_t s = 0; s < doc.series.size(); ++s) {
        const rgba& colour = doc.series[s].colour;
        const stroke_spec st{colour, 1.6, {}, true};
        page_shape lines(1);
        std::optional<end_text> last;
        for (std::size_t i = 0; i < doc.rows.size(); ++i) {
            const auto& bars = doc.rows[i].bars;
            const auto it = std::find_if(bars.begin(), bars.end(), [&](const chart_bar& b) { return b.series == s; });
            if (it == bars.end()) {
                if (!lines.back().empty()) lines.emplace_back();
                continue;
            }
            const xy p = fr.at(fr.rows[i].centre(), it->high);
            lines.back().push_back(p);
            last = end_text{p, bar_text(*it)};
        }
        c.shape(lines, false, nullptr, &st);
        for (const auto& part : lines)
            for (const auto& p : part) {
                c.circle(p.x, p.y, 1.8, &colour, nullptr);
                ++points;
            }
        if (last) ends.push_back(*last);
    }
    // the last values at the lines' ends, moved apart where two would overlap
    std::stable_sort(ends.begin(), ends.end(), [](const end_text& a, const end_text& b) { return a.at.y < b.at.y; });
    double next_y = -1e9;
    for (const auto& e : ends) {
        const text_extent x = measure_text(e.text, f.small);
        const double y = std::max(e.at.y - x.height / 2, next_y);
        c.text(e.text, e.at.x + 4, y, f.small);
        next_y = y + x.height;
    }
    return points;
}

} // namespace

chart_result render_chart(const chart_document& doc, const std::filesystem::path& out, const render_options& opts) {
    check_chart(doc);
    chart_result res;
    res.format = format_from_path(out);
    const chart_fonts f(doc.colours);
    const chart_frame fr = lay_out(doc, f);
    res.axis = fr.axis;
    res.page.width_pt = doc.width_pt;
    res.page.height_pt = fr.under_y + fr.line_h * static_cast<double>(fr.under.size()) + fr.margin / 2;
    res.page.dpi = doc.dpi;

    atomic_file af(out, opts.overwrite);
    std::unique_ptr<canvas> cv = (res.format == output_format::svg && !opts.cairo_svg)
                                     ? make_svg_canvas(af.temp_path(), res.page, doc.title)
                                     : make_cairo_canvas(af.temp_path(), res.format, res.page);
    canvas& c = *cv;
    c.begin_group("background", "Background");
    c.shape({{{0, 0}, {res.page.width_pt, 0}, {res.page.width_pt, res.page.height_pt}, {0, res.page.height_pt}}}, true,
            &doc.colours.page, nullptr);
    c.end_group();
    draw_header(c, doc, f, fr);
    draw_axis(c, doc, f, fr);
    res.row_labels = draw_row_labels(c, doc, f, fr);
    c.begin_group("bars", doc.mode == chart_mode::lines ? "Lines" : "Bars");
    switch (doc.mode) {
    case chart_mode::grouped: res.bars = draw_grouped(c, doc, f, fr); break;
    case chart_mode::stacked: res.bars = draw_stacked(c, doc, f, fr); break;
    case chart_mode::lines: res.bars = draw_lines(c, doc, f, fr); break;
    }
    c.end_group();
    if (!fr.under.empty()) {
        c.begin_group("note", "Note and credit");
        for (std::size_t i = 0; i < fr.under.size(); ++i)
            c.text(fr.under[i], fr.margin, fr.under_y + fr.line_h * static_cast<double>(i), f.small);
        c.end_group();
    }
    c.finish();
    cv.reset();
    af.commit();
    return res;
}

} // namespace harbormap::render
