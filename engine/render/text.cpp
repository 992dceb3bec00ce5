#include "engine/render/text.hpp"

#include "engine/core/text.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

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

text_extent measure_text(const std::string& text, const font_spec& font) {
    static std::mutex mutex;
    static cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    static cairo_t* cr = cairo_create(surface);
    std::lock_guard lock(mutex);
    PangoLayout* layout = make_layout(cr, text, font);
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

} // namespace harbormap::render
