#pragma once
// Text measurement with pango (the same layout the cairo surfaces draw), in points at 72 dpi with
// hinting off so measured and drawn sizes agree on PNG, SVG and PDF.
#include "engine/render/style.hpp"

#include <string>
#include <vector>

typedef struct _PangoLayout PangoLayout;
typedef struct _cairo cairo_t;

namespace harbormap::render {

struct text_extent {
    double width = 0;    // logical width (pt)
    double height = 0;   // logical height (pt)
    double baseline = 0; // from the top (pt)
    int unknown_glyphs = 0; // glyphs no installed font covers (tofu)
};

text_extent measure_text(const std::string& text, const font_spec& font);

// `text` broken into lines no wider than `width` (pt) by pango itself (pango_layout_set_width, word
// boundaries; a word longer than the width alone is broken between characters).  The spaces a line
// ends at are dropped.  "" -> no lines.
std::vector<std::string> wrap_text(const std::string& text, const font_spec& font, double width);

// A pango layout for `cr` configured like the measuring one (72 dpi, no hinting).  Caller unrefs.
PangoLayout* make_layout(cairo_t* cr, const std::string& text, const font_spec& font);

// "Noto Sans, Noto Sans CJK SC" + bold/italic + size -> pango description string.
std::string pango_font_description(const font_spec& font);

} // namespace harbormap::render
