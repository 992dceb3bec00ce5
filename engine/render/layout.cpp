// Small helpers of the map model: colours, paper sizes, page sizes in pixels.
#include "engine/render/map.hpp"
#include "engine/render/style.hpp"

#include "engine/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace harbormap::render {

rgba rgba::hex(std::string_view text) {
    if (text.size() != 7 && text.size() != 9) throw std::invalid_argument("colour '" + std::string(text) + "': expected #rrggbb");
    if (text[0] != '#') throw std::invalid_argument("colour '" + std::string(text) + "': expected #rrggbb");
    auto nib = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::invalid_argument("colour '" + std::string(text) + "': bad hex digit");
    };
    auto byte = [&](std::size_t i) { return (nib(text[i]) * 16 + nib(text[i + 1])) / 255.0; };
    rgba c{byte(1), byte(3), byte(5), 1};
    if (text.size() == 9) c.a = byte(7);
    return c;
}

std::string rgba::to_hex() const {
    char buf[8];
    auto to8 = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)) & 0xff; };
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", to8(r), to8(g), to8(this->b));
    return buf;
}

int page_spec::width_px() const { return static_cast<int>(std::lround(width_pt / 72.0 * dpi)); }
int page_spec::height_px() const { return static_cast<int>(std::lround(height_pt / 72.0 * dpi)); }

std::optional<std::pair<double, double>> paper_size_pt(const std::string& name) {
    const std::string n = to_lower(name);
    auto mm = [](double w, double h) { return std::pair<double, double>{w / 25.4 * 72, h / 25.4 * 72}; };
    if (n == "a4") return mm(210, 297);
    if (n == "a3") return mm(297, 420);
    if (n == "a5") return mm(148, 210);
    if (n == "letter") return std::pair<double, double>{612, 792};
    if (n == "tabloid") return std::pair<double, double>{792, 1224};
    return std::nullopt;
}

} // namespace harbormap::render
