#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/render/canvas.hpp"
#include "engine/render/text.hpp"

#include <fstream>
#include <sstream>

namespace harbormap::render {

namespace {

std::string num(double v) { return format_fixed(v, 2); }

// Attributes are streamed (GCC 12 -O3 reports a false -Wrestrict on `"lit" + std::string` chains).
void colour_attr(std::ostream& o, const char* name, const rgba& c) {
    o << ' ' << name << "=\"" << c.to_hex() << '"';
    if (c.a < 1) o << ' ' << name << "-opacity=\"" << format_fixed(c.a, 3) << '"';
}

void stroke_attrs(std::ostream& o, const stroke_spec& st) {
    colour_attr(o, "stroke", st.colour);
    o << " stroke-width=\"" << format_fixed(st.width, 3) << '"';
    if (st.round) o << " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
    if (!st.dash.empty()) {
        o << " stroke-dasharray=\"";
        for (std::size_t i = 0; i < st.dash.size(); ++i) o << (i ? "," : "") << num(st.dash[i]);
        o << '"';
    }
}

class svg_canvas final : public canvas {
public:
    svg_canvas(const std::filesystem::path& path, const page_spec& page, const std::string& title) : m_path(path) {
        m_out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              << "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\""
              << " version=\"1.1\" width=\"" << num(page.width_pt) << "pt\" height=\"" << num(page.height_pt)
              << "pt\" viewBox=\"0 0 " << num(page.width_pt) << " " << num(page.height_pt) << "\">\n"
              << "<title>" << xml_escape(title) << "</title>\n";
    }
    void begin_group(const std::string& id, const std::string& label) override {
        m_out << "<g id=\"" << xml_escape(id) << "\" inkscape:groupmode=\"layer\" inkscape:label=\"" << xml_escape(label) << "\">\n";
    }
    void end_group() override { m_out << "</g>\n"; }
    void push_clip(const rect& r) override {
        const int id = ++m_clips;
        m_out << "<clipPath id=\"clip" << id << "\"><rect x=\"" << num(r.x) << "\" y=\"" << num(r.y) << "\" width=\""
              << num(r.w) << "\" height=\"" << num(r.h) << "\"/></clipPath>\n<g clip-path=\"url(#clip" << id << ")\">\n";
    }
    void pop_clip() override { m_out << "</g>\n"; }
    void shape(const page_shape& s, bool closed, const rgba* fill, const stroke_spec* stroke) override {
        std::ostringstream d;
        bool any = false;
        for (const auto& part : s) {
            if (part.empty()) continue;
            any = true;
            d << 'M' << num(part[0].x) << ' ' << num(part[0].y);
            for (std::size_t i = 1; i < part.size(); ++i) d << 'L' << num(part[i].x) << ' ' << num(part[i].y);
            if (closed) d << 'Z';
        }
        if (!any) return;
        m_out << "<path d=\"" << d.str() << '"';
        paint(fill && closed ? fill : nullptr, stroke);
        if (closed && fill) m_out << " fill-rule=\"evenodd\"";
        m_out << "/>\n";
    }
    void circle(double cx, double cy, double r, const rgba* fill, const stroke_spec* stroke) override {
        m_out << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" r=\"" << num(r) << '"';
        paint(fill, stroke);
        m_out << "/>\n";
    }
    void text(const std::string& t, double x, double y, const font_spec& font) override {
        const text_extent e = measure_text(t, font);
        m_out << "<text x=\"" << num(x) << "\" y=\"" << num(y + e.baseline) << "\" font-family=\""
              << xml_escape(font.family) << "\" font-size=\"" << num(font.size) << "\"";
        if (font.bold) m_out << " font-weight=\"bold\"";
        if (font.italic) m_out << " font-style=\"italic\"";
        colour_attr(m_out, "fill", font.colour);
        if (font.halo_width > 0) {
            m_out << " paint-order=\"stroke\"";
            colour_attr(m_out, "stroke", font.halo);
            m_out << " stroke-width=\"" << num(font.halo_width * 2) << "\" stroke-linejoin=\"round\"";
        }
        m_out << ">" << xml_escape(t) << "</text>\n";
    }
    void finish() override {
        m_out << "</svg>\n";
        std::ofstream f(m_path, std::ios::binary);
        f << m_out.str();
        f.close();
        if (!f) throw processing_error("cannot write " + m_path.string());
    }

private:
    void paint(const rgba* fill, const stroke_spec* stroke) {
        if (fill) colour_attr(m_out, "fill", *fill);
        else m_out << " fill=\"none\"";
        if (stroke) stroke_attrs(m_out, *stroke);
    }
    std::filesystem::path m_path;
    std::ostringstream m_out;
    int m_clips = 0;
};

} // namespace

std::unique_ptr<canvas> make_svg_canvas(const std::filesystem::path& path, const page_spec& page, const std::string& title) {
    return std::make_unique<svg_canvas>(path, page, title);
}

} // namespace harbormap::render
