// Bar and range charts through the map canvases (see chart.hpp).
#include "engine/render/chart.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/render/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace harbormap::render {

double nice_axis_max(double max_value) {
    if (!(max_value > 0)) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(max_value)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= max_value * (1 - 1e-12)) return m * p;
    return 10 * p;
}

namespace {

std::string number(double v) {
    if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
    return fmt::format("{:.1f}", v);
}

std::string bar_text(const chart_bar& b) {
    if (!b.label.empty()) return b.label;
    if (b.low == 0 || b.low == b.high) return number(b.high);
    const bool whole = number(b.low).find('.') == std::string::npos && number(b.high).find('.') == std::string::npos;
    return whole ? number(b.low) + "\u2013" + number(b.high) : fmt::format("{:.1f}\u2013{:.1f}", b.low, b.high);
}

void check(const chart_document& doc) {
    for (const auto& r : doc.rows)
        for (const auto& b : r.bars) {
            if (b.series >= doc.series.size())
                throw usage_error("chart '" + doc.title + "': row '" + r.label + "' names series " + std::to_string(b.series) +
                                  " of " + std::to_string(doc.series.size()));
            if (b.low < 0 || b.high < b.low)
                throw usage_error("chart '" + doc.title + "': row '" + r.label + "': bar " + number(b.low) + ".." + number(b.high) +
                                  " is not a range >= 0");
        }
}

// The fixed geometry of one chart: fonts, row heights, the plot's left edge and width.
struct chart_layout {
    font_spec title_font, subtitle_font, label_font, small_font;
    double margin = 18, bar_h = 8, bar_gap = 2, row_gap = 6;
    double label_w = 0, plot_x = 0, plot_w = 0, rows_top = 0, rows_h = 0;
    double row_height(const chart_row& r) const {
        const double n = std::max<double>(1, static_cast<double>(r.bars.size()));
        return n * bar_h + (n - 1) * bar_gap + row_gap;
    }
};

chart_layout lay_out(const chart_document& doc) {
    chart_layout l;
    l.title_font.size = 12;
    l.title_font.bold = true;
    l.title_font.colour = doc.colours.text;
    l.subtitle_font.size = 8;
    l.subtitle_font.colour = doc.colours.muted;
    l.label_font.size = 7.5;
    l.label_font.colour = doc.colours.text;
    l.small_font.size = 6.5;
    l.small_font.colour = doc.colours.muted;
    for (const auto& r : doc.rows) l.label_w = std::max(l.label_w, measure_text(r.label, l.label_font).width);
    l.label_w = std::min(l.label_w, doc.width_pt * 0.35);
    l.plot_x = l.margin + l.label_w + 8;
    // room after the longest bar for its label
    l.plot_w = std::max(100.0, doc.width_pt - l.plot_x - l.margin - 70);
    l.rows_top = l.margin + 20 + (doc.subtitle.empty() ? 0 : 12) + (doc.series.size() > 1 ? 14 : 0);
    for (const auto& r : doc.rows) l.rows_h += l.row_height(r);
    return l;
}

void draw_header(canvas& c, const chart_document& doc, const chart_layout& l) {
    c.begin_group("title", "Title");
    c.text(doc.title, l.margin, l.margin, l.title_font);
    if (!doc.subtitle.empty()) c.text(doc.subtitle, l.margin, l.margin + 17, l.subtitle_font);
    c.end_group();
    if (doc.series.size() < 2) return;
    c.begin_group("legend", "Legend");
    double x = l.plot_x;
    const double y = l.rows_top - 13;
    for (const auto& s : doc.series) {
        c.shape({{{x, y + 1}, {x + 10, y + 1}, {x + 10, y + 8}, {x, y + 8}}}, true, &s.colour, nullptr);
        c.text(s.name, x + 13, y, l.small_font);
        x += 13 + measure_text(s.name, l.small_font).width + 14;
    }
    c.end_group();
}

void draw_axis(canvas& c, const chart_document& doc, const chart_layout& l, double axis_max) {
    c.begin_group("axis", "Axis and grid");
    const double bottom = l.rows_top + l.rows_h;
    const stroke_spec grid{doc.colours.graticule, 0.5, {}, false};
    for (int i = 0; i <= 5; ++i) {
        const double v = axis_max * i / 5.0, x = l.plot_x + l.plot_w * i / 5.0;
        c.shape({{{x, l.rows_top - 2}, {x, bottom}}}, false, nullptr, &grid);
        const std::string t = number(v);
        c.text(t, x - measure_text(t, l.small_font).width / 2, bottom + 3, l.small_font);
    }
    if (!doc.axis_label.empty())
        c.text(doc.axis_label, l.plot_x + l.plot_w - measure_text(doc.axis_label, l.small_font).width, bottom + 13, l.small_font);
    c.end_group();
}

std::size_t draw_rows(canvas& c, const chart_document& doc, const chart_layout& l, double axis_max) {
    c.begin_group("bars", "Bars");
    std::size_t bars = 0;
    double y = l.rows_top;
    const double value_h = measure_text("0", l.small_font).height;
    const auto x_of = [&](double v) { return l.plot_x + l.plot_w * std::min(v, axis_max) / axis_max; };
    for (const auto& r : doc.rows) {
        const double h = l.row_height(r);
        const text_extent label = measure_text(r.label, l.label_font);
        c.text(r.label, l.margin + l.label_w - std::min(l.label_w, label.width), y + (h - l.row_gap - label.height) / 2,
               l.label_font);
        double by = y;
        for (const auto& b : r.bars) {
            const double x0 = x_of(b.low), x1 = std::max(x_of(b.high), x0 + 1.0);
            const rgba& fill = doc.series[b.series].colour;
            c.shape({{{x0, by}, {x1, by}, {x1, by + l.bar_h}, {x0, by + l.bar_h}}}, true, &fill, nullptr);
            c.text(bar_text(b), x1 + 3, by + (l.bar_h - value_h) / 2, l.small_font);
            by += l.bar_h + l.bar_gap;
            ++bars;
        }
        y += h;
    }
    c.end_group();
    return bars;
}

} // namespace

chart_result render_chart(const chart_document& doc, const std::filesystem::path& out, const render_options& opts) {
    check(doc);
    chart_result res;
    res.format = format_from_path(out);
    const chart_layout l = lay_out(doc);
    double top = 0;
    for (const auto& r : doc.rows)
        for (const auto& b : r.bars) top = std::max(top, b.high);
    res.axis_max = nice_axis_max(top);
    res.page.width_pt = doc.width_pt;
    res.page.height_pt = l.rows_top + l.rows_h + 26 + (doc.credit.empty() ? 0 : 12) + l.margin / 2;
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
    draw_header(c, doc, l);
    draw_axis(c, doc, l, res.axis_max);
    res.bars = draw_rows(c, doc, l, res.axis_max);
    if (!doc.credit.empty()) {
        c.begin_group("credit", "Credit");
        c.text(doc.credit, l.margin, l.rows_top + l.rows_h + 26, l.small_font);
        c.end_group();
    }
    c.finish();
    cv.reset();
    af.commit();
    return res;
}

} // namespace harbormap::render
