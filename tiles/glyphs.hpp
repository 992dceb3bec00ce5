#pragma once
// Glyphs for MapLibre text labels, made from installed fonts with FreeType: every glyph of a 256-code-point
// range as a signed distance field (24 px em, 3 px buffer, distances to the outline over a radius of 8 px,
// the edge at 0.75 of the byte range: value = 255 - 255 * (d / 8 + 0.25), d < 0 inside), encoded as the
// glyphs protobuf MapLibre reads from `glyphs/{fontstack}/{start}-{end}.pbf`:
//   glyphs { stacks = 1 { name = 1, range = 2, glyphs = 3 { id = 1, bitmap = 2, width = 3, height = 4,
//                                                          left = 5 (sint), top = 6 (sint), advance = 7 } } }
// width/height are the glyph's pixel box without the buffer; the bitmap has (width + 6) x (height + 6)
// bytes, rows from the top; left is the box's left edge from the pen position, top its top edge minus 24
// (the em), advance the horizontal advance in px.  Fonts are found by fontconfig ("Noto Sans Regular" =
// family "Noto Sans", style "Regular"); nothing is downloaded.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::tiles {

inline constexpr int glyph_em_px = 24;         // font size the glyphs are rendered at
inline constexpr int glyph_buffer_px = 3;      // SDF border around each glyph box
inline constexpr double glyph_sdf_radius = 8;  // px of distance the 0..255 range spans
inline constexpr double glyph_sdf_cutoff = 0.25; // share of the radius used inside the outline

struct sdf_glyph {
    std::uint32_t id = 0; // Unicode code point
    std::string bitmap;   // (width + 2 buffer) x (height + 2 buffer) bytes; empty for blank glyphs (space)
    std::uint32_t width = 0, height = 0;
    std::int32_t left = 0, top = 0;
    std::uint32_t advance = 0;
};

// One font file open in FreeType, sized to glyph_em_px.  Throws processing_error naming the file.
class glyph_font {
public:
    explicit glyph_font(const std::filesystem::path& file);
    ~glyph_font();
    glyph_font(const glyph_font&) = delete;
    glyph_font& operator=(const glyph_font&) = delete;

    // The glyph of `code_point` as an SDF; nullopt when the font has none for it.
    std::optional<sdf_glyph> render(std::uint32_t code_point) const;
    const std::filesystem::path& file() const;

private:
    struct impl;
    std::unique_ptr<impl> m;
};

// The installed font file of a fontstack name ("Noto Sans Bold"): the fontconfig match of the family
// (every word but the last) and the style (the last word).  Throws processing_error when fontconfig
// matches another family or style (the font is not installed).
std::filesystem::path find_fontstack_file(const std::string& fontstack);

// Starts of the 256-code-point ranges the texts (UTF-8) use, always with 0 and 256, ascending.
// Throws input_error on invalid UTF-8.
std::vector<std::uint32_t> glyph_ranges_for(const std::vector<std::string>& texts);

// The protobuf of one range (start, start + 255) of `font` named `fontstack`.
std::string glyph_range_pbf(const glyph_font& font, const std::string& fontstack, std::uint32_t start);

struct glyphs_result {
    std::size_t files = 0, glyphs = 0;
    std::uintmax_t bytes = 0;
};

// Writes dir/{fontstack}/{start}-{end}.pbf for every fontstack and range (each file atomically).
glyphs_result write_glyphs(const std::filesystem::path& dir, const std::vector<std::string>& fontstacks,
                           const std::vector<std::uint32_t>& range_starts);

} // namespace harbormap::tiles
