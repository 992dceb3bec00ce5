#pragma once
// Styles of the static maps: colours, point markers, lines, areas and fonts.  Sizes are in points
// (1/72 inch); the PNG surface scales points to pixels by dpi/72, SVG and PDF keep points.
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::render {

struct rgba {
    double r = 0, g = 0, b = 0, a = 1;
    // "#rrggbb" or "#rrggbbaa"; throws std::invalid_argument on bad text.
    static rgba hex(std::string_view text);
    rgba with_alpha(double alpha) const { return {r, g, b, alpha}; }
    std::string to_hex() const; // "#rrggbb" (alpha not included)
    friend bool operator==(const rgba&, const rgba&) = default;
};

enum class marker { circle, square, triangle, diamond, star, ring };

struct point_style {
    marker shape = marker::circle;
    double size = 5.0; // diameter (pt)
    rgba fill{0.2, 0.2, 0.2, 1};
    rgba stroke{1, 1, 1, 1};
    double stroke_width = 0.6;
};

struct line_style {
    rgba colour{0.3, 0.3, 0.3, 1};
    double width = 0.8;
    std::vector<double> dash; // on/off lengths (pt), empty = solid
};

struct area_style {
    rgba fill{0.9, 0.9, 0.9, 1};
    rgba stroke{0, 0, 0, 0};
    double stroke_width = 0.0;
};

struct stroke_spec {
    rgba colour;
    double width = 1.0;
    std::vector<double> dash;
    bool round = true; // round joins and caps
};

// A pango font description list: fontconfig falls back per glyph, and the list names the Noto
// families that cover Latin, CJK and Arabic so names in any script render without tofu.
inline constexpr const char* default_font_family = "Noto Sans, Noto Sans CJK SC, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Thai, sans-serif";

struct font_spec {
    std::string family = default_font_family;
    double size = 7.0; // pt
    bool bold = false;
    bool italic = false;
    rgba colour{0.1, 0.1, 0.1, 1};
    rgba halo{1, 1, 1, 0.85};
    double halo_width = 0.0; // pt, 0 = no halo
};

// The base colours of a map.
struct theme {
    rgba page = rgba::hex("#ffffff");
    rgba ocean = rgba::hex("#dfeaf2");
    rgba land = rgba::hex("#f3f0e8");
    rgba border = rgba::hex("#c9c2b4");
    rgba coast = rgba::hex("#a9b9c6");
    rgba graticule = rgba::hex("#c6d6e2");
    rgba frame = rgba::hex("#7f8c96");
    rgba text = rgba::hex("#1b1b1b");
    rgba muted = rgba::hex("#5f6b73");
};

} // namespace harbormap::render
