#include "engine/render/trend_chart.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/render/text.hpp"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace harbormap::render {

namespace {

// A round step for about `ticks` ticks up to `max` (1, 2 or 5 times a power of ten).
double trend_step(double max, int ticks) {
    const double raw = std::max(max, 1.0) / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag) return std::max(1.0, m * mag);
    return 10 * mag;
}

font_spec trend_font(double size, const rgba& colour, bool bold = false, bool italic = false) {
    font_spec f;
    f.size = size;
    f.colour = colour;
    f.bold = bold;
    f.italic = italic;
    return f;
}

page_shape trend_box(double x, double y, double w, double h) { return {{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}}; }

struct trend_area {
    rect r;
    double y_max = 1;
    double y(double v) const { return r.bottom() - v / y_max * r.h; }
};

void trend_axes(canvas& c, const trend_spec& s, const trend_area& p, double step, const theme& th) {
    const font_spec small = trend_font(7.5, th.muted);
    const stroke_spec grid{th.graticule, 0.5, {}, false}, axis{th.frame, 0.8, {}, false};
    c.begin_group("axes", "Axes");
    for (double v = 0; v <= p.y_max + 1e-9; v += step) {
        c.shape({{{p.r.x, p.y(v)}, {p.r.right(), p.y(v)}}}, false, nullptr, v == 0 ? &axis : &grid);
        const std::string t = fmt::format("{:g}", v);
        const text_extent e = measure_text(t, small);
        c.text(t, p.r.x - 4 - e.width, p.y(v) - e.height / 2, small);
    }
    const std::size_t n = s.x_labels.size();
    const double slot = p.r.w / static_cast<double>(std::max<std::size_t>(n, 1));
    const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(28.0 / slot)));
    for (std::size_t i = 0; i < n; i += every) {
        const text_extent e = measure_text(s.x_labels[i], small);
        c.text(s.x_labels[i], p.r.x + slot * (static_cast<double>(i) + 0.5) - e.width / 2, p.r.bottom() + 3, small);
    }
    if (!s.y_label.empty()) c.text(s.y_label, p.r.x, p.r.y - 14, small);
    c.end_group();
}

std::size_t trend_lines(canvas& c, const trend_spec& s, const trend_area& p) {
    const std::size_t n = s.x_labels.size();
    const double slot = p.r.w / static_cast<double>(std::max<std::size_t>(n, 1));
    std::size_t marks = 0;
    c.begin_group("series", "Series");
    for (std::size_t k = 0; k < s.series.size(); ++k) {
        const trend_series& se = s.series[k];
        if (s.k == trend_spec::kind::bars) {
            const double bw = slot * 0.8 / static_cast<double>(s.series.size());
            for (std::size_t i = 0; i < n; ++i) {
                if (se.values[i] <= 0) continue;
                const double x = p.r.x + slot * static_cast<double>(i) + slot * 0.1 + bw * static_cast<double>(k);
                c.shape(trend_box(x, p.y(se.values[i]), bw, p.r.bottom() - p.y(se.values[i])), true, &se.colour, nullptr);
                ++marks;
            }
        } else {
            page_path line;
            for (std::size_t i = 0; i < n; ++i) line.push_back({p.r.x + slot * (static_cast<double>(i) + 0.5), p.y(se.values[i])});
            const stroke_spec st{se.colour, 1.6, {}, true};
            c.shape({line}, false, nullptr, &st);
            marks += line.size();
        }
    }
    c.end_group();
    return marks;
}

void trend_legend(canvas& c, const trend_spec& s, double x, double y, const theme& th) {
    const font_spec f = trend_font(7.5, th.text);
    c.begin_group("legend", "Legend");
    for (const auto& se : s.series) {
        c.shape(trend_box(x, y + 1, 9, 7), true, &se.colour, nullptr);
        c.text(se.name, x + 13, y, f);
        x += 13 + measure_text(se.name, f).width + 12;
    }
    c.end_group();
}

} // namespace

rgba trend_colour(std::size_t i) {
    static const char* const palette[] = {"#c0392b", "#2e6da4", "#e39c21", "#3a9a5b", "#7e57c2", "#8d6e63", "#00897b", "#5f6b73"};
    return rgba::hex(palette[i % std::size(palette)]);
}

trend_result render_trend(const trend_spec& s, const std::filesystem::path& out, bool overwrite) {
    for (const auto& se : s.series)
        if (se.values.size() != s.x_labels.size())
            throw std::invalid_argument("chart '" + s.title + "': series '" + se.name + "' has " + std::to_string(se.values.size()) +
                                        " values for " + std::to_string(s.x_labels.size()) + " x labels");
    trend_result res;
    res.format = format_from_path(out);
    atomic_file af(out, overwrite);
    auto cv = res.format == output_format::svg ? make_svg_canvas(af.temp_path(), s.page, s.title)
                                               : make_cairo_canvas(af.temp_path(), res.format, s.page);
    canvas& c = *cv;
    const theme th;
    const double W = s.page.width_pt, H = s.page.height_pt;
    c.begin_group("background", "Background");
    c.shape(trend_box(0, 0, W, H), true, &th.page, nullptr);
    c.end_group();
    c.text(s.title, 14, 10, trend_font(11, th.text, true));
    double vmax = 0;
    for (const auto& se : s.series)
        for (double v : se.values) vmax = std::max(vmax, v);
    const double step = trend_step(vmax, 5);
    trend_area p{{48, 56, W - 48 - 18, H - 56 - 52}, std::max(step, std::ceil(vmax / step) * step)};
    res.y_max = p.y_max;
    trend_legend(c, s, 14, 30, th);
    trend_axes(c, s, p, step, th);
    res.marks = trend_lines(c, s, p);
    c.text(s.caption, 14, H - 22, trend_font(7, th.muted, false, true));
    c.finish();
    cv.reset();
    af.commit();
    return res;
}

} // namespace harbormap::render
