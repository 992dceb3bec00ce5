#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/render/canvas.hpp"
#include "engine/render/text.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>

namespace harbormap::render {

output_format format_from_path(const std::filesystem::path& p) {
    const std::string ext = to_lower(p.extension().string());
    if (ext == ".png") return output_format::png;
    if (ext == ".svg") return output_format::svg;
    if (ext == ".pdf") return output_format::pdf;
    throw usage_error("output '" + p.string() + "': unknown format '" + ext + "' (use .png, .svg or .pdf)");
}

namespace {

void set_colour(cairo_t* cr, const rgba& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void apply_stroke(cairo_t* cr, const stroke_spec& s) {
    set_colour(cr, s.colour);
    cairo_set_line_width(cr, s.width);
    cairo_set_line_join(cr, s.round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
    cairo_set_line_cap(cr, s.round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    cairo_set_dash(cr, s.dash.empty() ? nullptr : s.dash.data(), static_cast<int>(s.dash.size()), 0);
}

class cairo_canvas final : public canvas {
public:
    cairo_canvas(const std::filesystem::path& path, output_format fmt, const page_spec& page) : m_path(path), m_fmt(fmt) {
        switch (fmt) {
        case output_format::png:
            m_surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, page.width_px(), page.height_px());
            break;
        case output_format::pdf:
            m_surface = cairo_pdf_surface_create(path.c_str(), page.width_pt, page.height_pt);
            break;
        case output_format::svg:
            m_surface = cairo_svg_surface_create(path.c_str(), page.width_pt, page.height_pt);
            break;
        }
        if (cairo_surface_status(m_surface) != CAIRO_STATUS_SUCCESS)
            throw processing_error("cannot create the " + path.string() + " surface: " +
                                   cairo_status_to_string(cairo_surface_status(m_surface)));
        m_cr = cairo_create(m_surface);
        if (fmt == output_format::png) {
            const double s = page.dpi / 72.0;
            cairo_scale(m_cr, s, s);
        }
    }
    ~cairo_canvas() override {
        if (m_cr) cairo_destroy(m_cr);
        if (m_surface) cairo_surface_destroy(m_surface);
    }

    void begin_group(const std::string&, const std::string&) override {}
    void end_group() override {}
    void push_clip(const rect& r) override {
        cairo_save(m_cr);
        cairo_rectangle(m_cr, r.x, r.y, r.w, r.h);
        cairo_clip(m_cr);
    }
    void pop_clip() override { cairo_restore(m_cr); }

    void shape(const page_shape& s, bool closed, const rgba* fill, const stroke_spec* stroke) override {
        cairo_new_path(m_cr);
        for (const auto& part : s) {
            if (part.empty()) continue;
            cairo_move_to(m_cr, part[0].x, part[0].y);
            for (std::size_t i = 1; i < part.size(); ++i) cairo_line_to(m_cr, part[i].x, part[i].y);
            if (closed) cairo_close_path(m_cr);
        }
        paint(fill, stroke, closed);
    }
    void circle(double cx, double cy, double r, const rgba* fill, const stroke_spec* stroke) override {
        cairo_new_path(m_cr);
        cairo_arc(m_cr, cx, cy, r, 0, 2 * M_PI);
        cairo_close_path(m_cr);
        paint(fill, stroke, true);
    }
    void text(const std::string& t, double x, double y, const font_spec& font) override {
        PangoLayout* layout = make_layout(m_cr, t, font);
        cairo_new_path(m_cr);
        cairo_move_to(m_cr, x, y);
        if (font.halo_width > 0) {
            pango_cairo_layout_path(m_cr, layout);
            stroke_spec h{font.halo, font.halo_width * 2, {}, true};
            apply_stroke(m_cr, h);
            cairo_stroke(m_cr);
            cairo_move_to(m_cr, x, y);
        }
        set_colour(m_cr, font.colour);
        pango_cairo_show_layout(m_cr, layout);
        g_object_unref(layout);
        cairo_new_path(m_cr);
    }
    void finish() override {
        if (m_fmt == output_format::png) {
            cairo_surface_flush(m_surface);
            const auto st = cairo_surface_write_to_png(m_surface, m_path.c_str());
            if (st != CAIRO_STATUS_SUCCESS)
                throw processing_error("cannot write " + m_path.string() + ": " + cairo_status_to_string(st));
        } else {
            cairo_show_page(m_cr);
            cairo_destroy(m_cr);
            m_cr = nullptr;
            cairo_surface_finish(m_surface);
            const auto st = cairo_surface_status(m_surface);
            if (st != CAIRO_STATUS_SUCCESS)
                throw processing_error("cannot write " + m_path.string() + ": " + cairo_status_to_string(st));
        }
    }

private:
    void paint(const rgba* fill, const stroke_spec* stroke, bool closed) {
        if (fill && closed) {
            cairo_set_fill_rule(m_cr, CAIRO_FILL_RULE_EVEN_ODD);
            set_colour(m_cr, *fill);
            if (stroke) cairo_fill_preserve(m_cr);
            else cairo_fill(m_cr);
        }
        if (stroke) {
            apply_stroke(m_cr, *stroke);
            cairo_stroke(m_cr);
        }
        cairo_new_path(m_cr);
    }

    std::filesystem::path m_path;
    output_format m_fmt;
    cairo_surface_t* m_surface = nullptr;
    cairo_t* m_cr = nullptr;
};

} // namespace

std::unique_ptr<canvas> make_cairo_canvas(const std::filesystem::path& path, output_format fmt, const page_spec& page) {
    return std::make_unique<cairo_canvas>(path, fmt, page);
}

} // namespace harbormap::render
