#pragma once
// The drawing surface.  PNG and PDF are cairo surfaces; SVG is written as structured SVG (named
// layer groups, <text> labels) so that it stays editable in Inkscape/Illustrator and testable as
// text; `cairo_svg` selects cairo's own SVG surface instead (glyph outlines, anonymous paths).
#include "engine/render/geoprep.hpp"
#include "engine/render/map.hpp"
#include "engine/render/style.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace harbormap::render {

enum class output_format { png, svg, pdf };

// By extension (.png/.svg/.pdf, case-insensitive); throws usage_error otherwise.
output_format format_from_path(const std::filesystem::path& p);

class canvas {
public:
    virtual ~canvas() = default;
    // A named group (SVG <g id> with an Inkscape layer label; PDF/PNG ignore it).
    virtual void begin_group(const std::string& id, const std::string& label) = 0;
    virtual void end_group() = 0;
    virtual void push_clip(const rect& r) = 0;
    virtual void pop_clip() = 0;
    // Rings are closed and filled even-odd when `closed`; otherwise open polylines.
    virtual void shape(const page_shape& s, bool closed, const rgba* fill, const stroke_spec* stroke) = 0;
    virtual void circle(double cx, double cy, double r, const rgba* fill, const stroke_spec* stroke) = 0;
    // Single-line text with its top-left corner at (x, y).
    virtual void text(const std::string& t, double x, double y, const font_spec& font) = 0;
    // Writes the file (to `path`, which the caller commits atomically).
    virtual void finish() = 0;
};

std::unique_ptr<canvas> make_cairo_canvas(const std::filesystem::path& path, output_format fmt, const page_spec& page);
std::unique_ptr<canvas> make_svg_canvas(const std::filesystem::path& path, const page_spec& page, const std::string& title);

} // namespace harbormap::render
