// MapLibre glyph ranges (tiles/glyphs.hpp) from the installed Noto fonts: the protobuf decoded with
// protozero, metrics against FreeType's own outline box, SDF values inside/outside the outlines.
#include "tiles/glyphs.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#include <catch2/catch.hpp>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <protozero/pbf_reader.hpp>

#include <cmath>
#include <map>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace harbormap;
using namespace harbormap::tiles;

namespace {

struct decoded_range {
    std::string name, range;
    std::map<std::uint32_t, sdf_glyph> glyphs;
};

decoded_range decode(const std::string& pbf) {
    decoded_range d;
    protozero::pbf_reader top(pbf);
    int stacks = 0;
    while (top.next(1)) {
        ++stacks;
        protozero::pbf_reader stack = top.get_message();
        while (stack.next()) {
            if (stack.tag() == 1) d.name = stack.get_string();
            else if (stack.tag() == 2) d.range = stack.get_string();
            else if (stack.tag() == 3) {
                protozero::pbf_reader m = stack.get_message();
                sdf_glyph g;
                while (m.next()) {
                    switch (m.tag()) {
                    case 1: g.id = m.get_uint32(); break;
                    case 2: g.bitmap = m.get_bytes(); break;
                    case 3: g.width = m.get_uint32(); break;
                    case 4: g.height = m.get_uint32(); break;
                    case 5: g.left = m.get_sint32(); break;
                    case 6: g.top = m.get_sint32(); break;
                    case 7: g.advance = m.get_uint32(); break;
                    default: FAIL("unexpected glyph field " << m.tag());
                    }
                }
                REQUIRE(d.glyphs.count(g.id) == 0);
                d.glyphs[g.id] = g;
            } else {
                FAIL("unexpected fontstack field " << stack.tag());
            }
        }
    }
    REQUIRE(stacks == 1);
    return d;
}

int at(const sdf_glyph& g, std::uint32_t col, std::uint32_t row) {
    const std::uint32_t bw = g.width + 2 * glyph_buffer_px;
    return static_cast<unsigned char>(g.bitmap.at(row * bw + col));
}

// FreeType's own outline box of a character at 24 px, in whole pixels, and its advance.
struct ft_box {
    long x0, y0, x1, y1, advance;
    double x_min; // unrounded, px
};
ft_box freetype_box(const fs::path& file, char32_t c) {
    FT_Library lib = nullptr;
    REQUIRE(FT_Init_FreeType(&lib) == 0);
    FT_Face face = nullptr;
    REQUIRE(FT_New_Face(lib, file.c_str(), 0, &face) == 0);
    REQUIRE(FT_Set_Pixel_Sizes(face, 0, 24) == 0);
    REQUIRE(FT_Load_Char(face, c, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) == 0);
    FT_BBox b;
    FT_Outline_Get_CBox(&face->glyph->outline, &b);
    const ft_box r{static_cast<long>(std::floor(b.xMin / 64.0)), static_cast<long>(std::floor(b.yMin / 64.0)),
                   static_cast<long>(std::ceil(b.xMax / 64.0)), static_cast<long>(std::ceil(b.yMax / 64.0)),
                   std::lround(face->glyph->metrics.horiAdvance / 64.0), b.xMin / 64.0};
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    return r;
}

} // namespace

TEST_CASE("fontstack names resolve to the installed Noto files through fontconfig") {
    CHECK(find_fontstack_file("Noto Sans Regular").filename() == "NotoSans-Regular.ttf");
    CHECK(find_fontstack_file("Noto Sans Bold").filename() == "NotoSans-Bold.ttf");
    CHECK(find_fontstack_file("Noto Sans Italic").filename() == "NotoSans-Italic.ttf");
    CHECK_THROWS_AS(find_fontstack_file("Harbormap Nonexistent Sans Regular"), processing_error);
    CHECK_THROWS_AS(find_fontstack_file("Noto Sans Extraordinary"), processing_error);
    CHECK_THROWS_AS(find_fontstack_file("Noto"), processing_error);
    CHECK_THROWS_AS(glyph_font("/nonexistent/font.ttf"), processing_error);
}

TEST_CASE("glyph ranges are the 256-code-point blocks the label texts use") {
    CHECK(glyph_ranges_for({}) == std::vector<std::uint32_t>{0, 256});
    CHECK(glyph_ranges_for({"Rotterdam", "Piraeus"}) == std::vector<std::uint32_t>{0, 256});
    // ŏ U+014F (256-511), en dash U+2013 (8192-8447), 上 U+4E0A (19968-20223), 海 U+6D77 (27904-28159)
    CHECK(glyph_ranges_for({"Ch\xc5\x8fngjin", "Cape Horn \xe2\x80\x93 Drake", "\xe4\xb8\x8a\xe6\xb5\xb7"}) ==
          std::vector<std::uint32_t>{0, 256, 8192, 19968, 27904});
    CHECK_THROWS_AS(glyph_ranges_for({"bad \xff byte"}), input_error);
}

TEST_CASE("the 0-255 range of Noto Sans Regular decodes with the metrics FreeType gives") {
    const fs::path file = find_fontstack_file("Noto Sans Regular");
    const glyph_font font(file);
    const auto d = decode(glyph_range_pbf(font, "Noto Sans Regular", 0));
    CHECK(d.name == "Noto Sans Regular");
    CHECK(d.range == "0-255");
    // printable Latin-1 is all there (Noto covers it), control characters are not
    for (std::uint32_t c = 0x21; c <= 0x7e; ++c) CHECK(d.glyphs.count(c) == 1);
    for (std::uint32_t c = 0xc0; c <= 0xff; ++c) CHECK(d.glyphs.count(c) == 1);
    CHECK(d.glyphs.count(0x07) == 0);
    CHECK(d.glyphs.size() > 180);
    CHECK(d.glyphs.size() <= 256);

    // the space: no bitmap, an advance
    const sdf_glyph& space = d.glyphs.at(' ');
    CHECK(space.bitmap.empty());
    CHECK(space.width == 0);
    CHECK(space.advance >= 4);
    CHECK(space.advance <= 8);

    for (const char32_t c : {U'H', U'l', U'O', U'g', U'é', U'W'}) {
        INFO("U+" << static_cast<std::uint32_t>(c));
        const sdf_glyph& g = d.glyphs.at(static_cast<std::uint32_t>(c));
        const ft_box b = freetype_box(file, c);
        CHECK(g.bitmap.size() == (g.width + 6) * (g.height + 6));
        CHECK(g.left == b.x0);
        CHECK(static_cast<long>(g.width) == b.x1 - b.x0);
        CHECK(static_cast<long>(g.height) == b.y1 - b.y0);
        CHECK(g.top == b.y1 - 24);
        CHECK(static_cast<long>(g.advance) == b.advance);
        // the buffer's corner pixels are at least 2.5 * sqrt(2) px outside: <= 255 - 255 * (3.54 / 8 + 0.25) = 79
        CHECK(at(g, 0, 0) <= 79);
        CHECK(at(g, g.width + 5, g.height + 5) <= 79);
    }
    // Noto Sans at 24 px: 'H' is about 17 px tall (cap height 0.714 em) and 'g' descends below the baseline
    CHECK(d.glyphs.at('H').height >= 16);
    CHECK(d.glyphs.at('H').height <= 19);
    CHECK(d.glyphs.at('H').top == static_cast<std::int32_t>(d.glyphs.at('H').height) - 24);
    CHECK(d.glyphs.at('g').top - static_cast<std::int32_t>(d.glyphs.at('g').height) < -24);

    // SDF values: the stem of 'l' is inside (>= 192 at its centre line), the bowl of 'O' is a hole (outside)
    const sdf_glyph& l = d.glyphs.at('l');
    const std::uint32_t mid = (l.height + 6) / 2;
    int best = 0;
    for (std::uint32_t col = 0; col < l.width + 6; ++col) best = std::max(best, at(l, col, mid));
    CHECK(best > 200);
    // the first pixel of that row lies left of the straight stem: its value follows from the distance to
    // the stem's left edge (FreeType's xMin): 255 - 255 * (d / 8 + 0.25)
    const double d_edge = freetype_box(find_fontstack_file("Noto Sans Regular"), U'l').x_min - (l.left - 3 + 0.5);
    CHECK(d_edge > 2.4);
    CHECK(at(l, 0, mid) == Approx(255 - 255 * (d_edge / 8 + 0.25)).margin(1.0));
    const sdf_glyph& o = d.glyphs.at('O');
    const int hole = at(o, (o.width + 6) / 2, (o.height + 6) / 2);
    CHECK(hole < 64);
    // across the middle row of 'O': outside, the stroke (inside), the hole, the stroke, outside
    int crossings = 0;
    for (std::uint32_t col = 1; col < o.width + 6; ++col)
        crossings += (at(o, col - 1, (o.height + 6) / 2) >= 192) != (at(o, col, (o.height + 6) / 2) >= 192);
    CHECK(crossings == 4);
}

TEST_CASE("bold strokes are wider than regular ones, and write_glyphs writes one file per stack and range") {
    const glyph_font regular(find_fontstack_file("Noto Sans Regular")), bold(find_fontstack_file("Noto Sans Bold"));
    auto inside_count = [](const sdf_glyph& g) {
        int n = 0;
        for (std::uint32_t col = 0; col < g.width + 6; ++col) n += at(g, col, (g.height + 6) / 2) >= 192;
        return n;
    };
    CHECK(inside_count(*bold.render('l')) > inside_count(*regular.render('l')));
    CHECK_FALSE(regular.render(0x4E0A).has_value()); // no CJK in Noto Sans

    const fs::path dir = fs::temp_directory_path() / ("harbormap-glyphs-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto r = write_glyphs(dir, {"Noto Sans Regular", "Noto Sans Bold"}, {0, 256});
    CHECK(r.files == 4);
    CHECK(r.glyphs > 2 * 350);
    for (const char* stack : {"Noto Sans Regular", "Noto Sans Bold"})
        for (const char* range : {"0-255", "256-511"}) {
            const fs::path f = dir / stack / (std::string(range) + ".pbf");
            INFO(f);
            REQUIRE(fs::is_regular_file(f));
            const auto d = decode(read_file(f));
            CHECK(d.name == stack);
            CHECK(d.range == range);
            CHECK(d.glyphs.size() > 150);
        }
    // Latin Extended-A (256-383) is covered: ń of Gdańsk, ŏ of Ch'ŏngjin
    const auto ext = decode(read_file(dir / "Noto Sans Bold" / "256-511.pbf"));
    CHECK(ext.glyphs.count(0x144) == 1);
    CHECK(ext.glyphs.count(0x14F) == 1);
    CHECK_THROWS_AS(write_glyphs(dir, {"Noto Sans Regular"}, {100}), std::invalid_argument);
    fs::remove_all(dir);
}
