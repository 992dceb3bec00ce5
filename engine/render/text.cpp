#include "engine/render/text.hpp"

#include "engine/core/text.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <mutex>
#include <sstream>

namespace harbormap::render {

std::string pango_font_description(const font_spec& font) {
    // ostringstream: GCC 12 -O3 reports a false -Wrestrict on chained std::string appends here
    std::ostringstream d;
    d << font.family;
    if (!font.family.empty() && font.family.back() != ',') d << ',';
    if (font.bold) d << " Bold";
    if (font.italic) d << " Italic";
    d << ' ' << format_fixed(font.size, 2) << "px"; // px at 72 dpi == pt
    return d.str();
}

PangoLayout* make_layout(cairo_t* cr, const std::string& text, const font_spec& font) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoContext* pc = pango_layout_get_context(layout);
    pango_cairo_context_set_resolution(pc, 72.0);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    // Pango (>= 1.44) rounds glyph positions to whole units of user space by default; on a page scaled
    // to the dpi (cairo_scale, 150/72) that moved glyphs by up to 2 px and ate word spaces in the PNG maps
    // ("PortSaid", "HoChi Minh City"). Unrounded positions keep the font's own advances.
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_layout_context_changed(layout);
    PangoFontDescription* desc = pango_font_description_from_string(pango_font_description(font).c_str());
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
    return layout;
}

namespace {

// The one surface text is measured on, and its lock (a pango layout and its cairo context are not thread-safe).
struct measuring_surface {
    std::mutex mutex;
    cairo_t* cr = cairo_create(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4));
};
measuring_surface& measuring() {
    static measuring_surface m;
    return m;
}

} // namespace

text_extent measure_text(const std::string& text, const font_spec& font) {
    measuring_surface& m = measuring();
    std::lock_guard lock(m.mutex);
    PangoLayout* layout = make_layout(m.cr, text, font);
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    text_extent e;
    e.width = static_cast<double>(logical.width) / PANGO_SCALE;
    e.height = static_cast<double>(logical.height) / PANGO_SCALE;
    e.baseline = static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
    e.unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout);
    g_object_unref(layout);
    return e;
}

std::vector<std::string> wrap_text(const std::string& text, const font_spec& font, double width) {
    measuring_surface& m = measuring();
    std::lock_guard lock(m.mutex);
    PangoLayout* layout = make_layout(m.cr, text, font);
    pango_layout_set_width(layout, static_cast<int>(std::floor(width * PANGO_SCALE)));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    const char* base = pango_layout_get_text(layout);
    std::vector<std::string> lines;
    for (GSList* l = pango_layout_get_lines_readonly(layout); l != nullptr; l = l->next) {
        const auto* line = static_cast<const PangoLayoutLine*>(l->data);
        std::string s(base + line->start_index, static_cast<std::size_t>(line->length));
        while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
        if (!s.empty()) lines.push_back(std::move(s));
    }
    g_object_unref(layout);
    return lines;
}

} // namespace harbormap::render
