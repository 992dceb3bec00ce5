// SDF glyph ranges for MapLibre from installed fonts (FreeType outlines, fontconfig lookup, protozero).
#include "tiles/glyphs.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <fmt/format.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <protozero/pbf_writer.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>

namespace fs = std::filesystem;

namespace harbormap::tiles {
namespace {

// ---- the outline as straight segments (curves flattened), in px, y up
struct glyph_segment {
    double x0, y0, x1, y1;
};

struct outline_segments {
    std::vector<glyph_segment> segs;
    double cx = 0, cy = 0; // pen
    double sx = 0, sy = 0; // start of the contour
    static constexpr int curve_steps = 8;

    void line(double x, double y) {
        if (x != cx || y != cy) segs.push_back({cx, cy, x, y});
        cx = x;
        cy = y;
    }
    void close() { line(sx, sy); }
};

double ft_px(FT_Pos v) { return static_cast<double>(v) / 64.0; }

int on_move(const FT_Vector* to, void* user) {
    auto& o = *static_cast<outline_segments*>(user);
    o.close();
    o.cx = o.sx = ft_px(to->x);
    o.cy = o.sy = ft_px(to->y);
    return 0;
}

int on_line(const FT_Vector* to, void* user) {
    static_cast<outline_segments*>(user)->line(ft_px(to->x), ft_px(to->y));
    return 0;
}

int on_conic(const FT_Vector* c, const FT_Vector* to, void* user) {
    auto& o = *static_cast<outline_segments*>(user);
    const double x0 = o.cx, y0 = o.cy, x1 = ft_px(c->x), y1 = ft_px(c->y), x2 = ft_px(to->x), y2 = ft_px(to->y);
    for (int i = 1; i <= outline_segments::curve_steps; ++i) {
        const double t = static_cast<double>(i) / outline_segments::curve_steps, u = 1 - t;
        o.line(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
    }
    return 0;
}

int on_cubic(const FT_Vector* c1, const FT_Vector* c2, const FT_Vector* to, void* user) {
    auto& o = *static_cast<outline_segments*>(user);
    const double x0 = o.cx, y0 = o.cy, x1 = ft_px(c1->x), y1 = ft_px(c1->y), x2 = ft_px(c2->x), y2 = ft_px(c2->y), x3 = ft_px(to->x),
                 y3 = ft_px(to->y);
    for (int i = 1; i <= outline_segments::curve_steps; ++i) {
        const double t = static_cast<double>(i) / outline_segments::curve_steps, u = 1 - t;
        const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        o.line(a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3);
    }
    return 0;
}

// The squared distance from (x, y) to the segment.
double distance2_to(const glyph_segment& s, double x, double y) {
    const double dx = s.x1 - s.x0, dy = s.y1 - s.y0;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - s.x0) * dx + (y - s.y0) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = s.x0 + t * dx - x, ey = s.y0 + t * dy - y;
    return ex * ex + ey * ey;
}

// Does the segment cross the horizontal line at y (one end at or below it, the other above)?
bool crosses_row(const glyph_segment& s, double y) { return (s.y0 <= y) != (s.y1 <= y); }

// Non-zero winding (TrueType's and CFF's fill rule): a ray towards +x, crossings signed by direction;
// `crossing` holds the segments that cross the row at y (crosses_row).
bool winding_inside(const std::vector<const glyph_segment*>& crossing, double x, double y) {
    int winding = 0;
    for (const glyph_segment* s : crossing) {
        const double xc = s->x0 + (y - s->y0) * (s->x1 - s->x0) / (s->y1 - s->y0);
        if (xc > x) winding += s->y1 > s->y0 ? 1 : -1;
    }
    return winding != 0;
}

// The SDF of the segments over the glyph's pixel box plus the buffer; sets the metrics but advance and id.
sdf_glyph render_sdf(const std::vector<glyph_segment>& segs) {
    sdf_glyph g;
    if (segs.empty()) return g;
    double minx = std::numeric_limits<double>::max(), miny = minx, maxx = std::numeric_limits<double>::lowest(), maxy = maxx;
    for (const auto& s : segs) {
        minx = std::min({minx, s.x0, s.x1});
        maxx = std::max({maxx, s.x0, s.x1});
        miny = std::min({miny, s.y0, s.y1});
        maxy = std::max({maxy, s.y0, s.y1});
    }
    const int x0 = static_cast<int>(std::floor(minx)), y0 = static_cast<int>(std::floor(miny));
    const int x1 = static_cast<int>(std::ceil(maxx)), y1 = static_cast<int>(std::ceil(maxy));
    g.width = static_cast<std::uint32_t>(x1 - x0);
    g.height = static_cast<std::uint32_t>(y1 - y0);
    g.left = x0;
    g.top = y1 - glyph_em_px;
    const int bw = x1 - x0 + 2 * glyph_buffer_px, bh = y1 - y0 + 2 * glyph_buffer_px;
    g.bitmap.resize(static_cast<std::size_t>(bw) * static_cast<std::size_t>(bh));
    // Beyond saturated_px the value is 0 outside and 255 inside whatever the distance, so only the
    // segments that may come closer are measured: those whose box is within the running minimum (plus a
    // margin far above rounding), first per row, then per pixel.  The minimum is the same number as over
    // every segment (min of squares, one square root: sqrt is monotonic), so the bytes are unchanged.
    constexpr double saturated_px = glyph_sdf_radius * (1 - glyph_sdf_cutoff) + 1, margin = 1e-6;
    std::vector<const glyph_segment*> near_row, crossing;
    near_row.reserve(segs.size());
    crossing.reserve(segs.size());
    for (int row = 0; row < bh; ++row) {
        const double y = y1 + glyph_buffer_px - row - 0.5;
        near_row.clear();
        crossing.clear();
        for (const auto& s : segs) {
            if (std::min(s.y0, s.y1) - y < saturated_px + margin && y - std::max(s.y0, s.y1) < saturated_px + margin)
                near_row.push_back(&s);
            if (crosses_row(s, y)) crossing.push_back(&s);
        }
        for (int col = 0; col < bw; ++col) {
            // the centre of the pixel, rows from the top of the buffered box
            const double x = x0 - glyph_buffer_px + col + 0.5;
            double d2 = saturated_px * saturated_px;
            for (const glyph_segment* s : near_row) {
                const double bx = std::max({std::min(s->x0, s->x1) - x, x - std::max(s->x0, s->x1), 0.0});
                const double by = std::max({std::min(s->y0, s->y1) - y, y - std::max(s->y0, s->y1), 0.0});
                if (bx * bx + by * by > d2 + margin) continue; // its box is farther than the minimum so far
                d2 = std::min(d2, distance2_to(*s, x, y));
            }
            double d = std::sqrt(d2);
            if (winding_inside(crossing, x, y)) d = -d;
            const double v = 255.0 - 255.0 * (d / glyph_sdf_radius + glyph_sdf_cutoff);
            g.bitmap[static_cast<std::size_t>(row * bw + col)] = static_cast<char>(static_cast<unsigned char>(std::clamp(std::round(v), 0.0, 255.0)));
        }
    }
    return g;
}

// One FreeType library per process (FT_Library is not thread-safe for face creation: guarded).
std::mutex& ft_mutex() {
    static std::mutex m;
    return m;
}

FT_Library ft_library() {
    static FT_Library lib = [] {
        FT_Library l = nullptr;
        if (FT_Init_FreeType(&l)) throw processing_error("FreeType failed to initialise");
        return l;
    }();
    return lib;
}

} // namespace

struct glyph_font::impl {
    fs::path file;
    FT_Face face = nullptr;
};

glyph_font::glyph_font(const fs::path& file) : m(std::make_unique<impl>()) {
    m->file = file;
    std::lock_guard lock(ft_mutex());
    if (FT_New_Face(ft_library(), file.c_str(), 0, &m->face))
        throw processing_error(file.string() + ": FreeType cannot open this font file");
    if (!FT_IS_SCALABLE(m->face) || FT_Set_Pixel_Sizes(m->face, 0, glyph_em_px)) {
        FT_Done_Face(m->face);
        throw processing_error(file.string() + ": not a scalable (outline) font");
    }
}

glyph_font::~glyph_font() {
    std::lock_guard lock(ft_mutex());
    FT_Done_Face(m->face);
}

const fs::path& glyph_font::file() const { return m->file; }

std::optional<sdf_glyph> glyph_font::render(std::uint32_t code_point) const {
    const FT_UInt index = FT_Get_Char_Index(m->face, code_point);
    if (index == 0) return std::nullopt;
    // unhinted outlines: the SDF is scaled by MapLibre, hinting for 24 px would distort other sizes
    if (FT_Load_Glyph(m->face, index, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP))
        throw processing_error(fmt::format("{}: FreeType cannot load the glyph of U+{:04X}", m->file.string(), code_point));
    const FT_GlyphSlot slot = m->face->glyph;
    if (slot->format != FT_GLYPH_FORMAT_OUTLINE)
        throw processing_error(fmt::format("{}: the glyph of U+{:04X} is not an outline", m->file.string(), code_point));
    outline_segments o;
    const FT_Outline_Funcs funcs{on_move, on_line, on_conic, on_cubic, 0, 0};
    if (FT_Outline_Decompose(&slot->outline, &funcs, &o))
        throw processing_error(fmt::format("{}: cannot decompose the outline of U+{:04X}", m->file.string(), code_point));
    o.close();
    sdf_glyph g = render_sdf(o.segs);
    g.id = code_point;
    g.advance = static_cast<std::uint32_t>(std::max<FT_Pos>(0, (slot->metrics.horiAdvance + 32) / 64));
    return g;
}

fs::path find_fontstack_file(const std::string& fontstack) {
    const auto space = fontstack.rfind(' ');
    if (space == std::string::npos || space == 0 || space + 1 == fontstack.size())
        throw processing_error("fontstack '" + fontstack + "' is not 'FAMILY STYLE' (e.g. 'Noto Sans Regular')");
    const std::string family = fontstack.substr(0, space), style = fontstack.substr(space + 1);
    std::lock_guard lock(ft_mutex());
    if (!FcInit()) throw processing_error("fontconfig failed to initialise");
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcPatternAddString(pat, FC_STYLE, reinterpret_cast<const FcChar8*>(style.c_str()));
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &res);
    FcPatternDestroy(pat);
    std::string file, got_family, got_style;
    if (match) {
        FcChar8* s = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &s) == FcResultMatch) file = reinterpret_cast<const char*>(s);
        if (FcPatternGetString(match, FC_FAMILY, 0, &s) == FcResultMatch) got_family = reinterpret_cast<const char*>(s);
        if (FcPatternGetString(match, FC_STYLE, 0, &s) == FcResultMatch) got_style = reinterpret_cast<const char*>(s);
        FcPatternDestroy(match);
    }
    if (file.empty() || got_family != family || got_style != style)
        throw processing_error("font '" + fontstack + "' is not installed" +
                               (file.empty() ? std::string() : " (fontconfig offers " + got_family + " " + got_style + ", " + file + ")") +
                               "; Debian: apt-get install fonts-noto-core (scripts/setup)");
    return file;
}

std::vector<std::uint32_t> glyph_ranges_for(const std::vector<std::string>& texts) {
    std::set<std::uint32_t> starts = {0, 256};
    for (const auto& t : texts) {
        if (!is_valid_utf8(t)) throw input_error("", 0, "", "label text is not valid UTF-8: '" + t + "'");
        for (std::size_t i = 0; i < t.size();) {
            const auto c = static_cast<unsigned char>(t[i]);
            const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            std::uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
            for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(t[i + static_cast<std::size_t>(k)]) & 0x3Fu);
            starts.insert(cp / 256 * 256);
            i += static_cast<std::size_t>(n);
        }
    }
    return {starts.begin(), starts.end()};
}

namespace {

std::string encode_range(const glyph_font& font, const std::string& fontstack, std::uint32_t start, std::size_t& count) {
    std::string out;
    protozero::pbf_writer glyphs(out);
    {
        protozero::pbf_writer stack(glyphs, 1);
        stack.add_string(1, fontstack);
        stack.add_string(2, fmt::format("{}-{}", start, start + 255));
        for (std::uint32_t cp = start; cp <= start + 255; ++cp) {
            const auto g = font.render(cp);
            if (!g) continue;
            protozero::pbf_writer m(stack, 3);
            m.add_uint32(1, g->id);
            if (!g->bitmap.empty()) m.add_bytes(2, g->bitmap);
            m.add_uint32(3, g->width);
            m.add_uint32(4, g->height);
            m.add_sint32(5, g->left);
            m.add_sint32(6, g->top);
            m.add_uint32(7, g->advance);
            ++count;
        }
    }
    return out;
}

} // namespace

std::string glyph_range_pbf(const glyph_font& font, const std::string& fontstack, std::uint32_t start) {
    std::size_t count = 0;
    return encode_range(font, fontstack, start, count);
}

glyphs_result write_glyphs(const fs::path& dir, const std::vector<std::string>& fontstacks, const std::vector<std::uint32_t>& range_starts) {
    glyphs_result r;
    for (const auto& name : fontstacks) {
        const glyph_font font(find_fontstack_file(name));
        for (const std::uint32_t start : range_starts) {
            if (start % 256 != 0 || start > 0xFF00) throw std::invalid_argument(fmt::format("glyph range start {} is not a multiple of 256 below 65536", start));
            const std::string pbf = encode_range(font, name, start, r.glyphs);
            write_file_atomic(dir / name / fmt::format("{}-{}.pbf", start, start + 255), pbf);
            ++r.files;
            r.bytes += pbf.size();
        }
    }
    return r;
}

} // namespace harbormap::tiles
