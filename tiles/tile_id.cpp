#include "tiles/tile_id.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace harbormap::tiles {

std::string tile_id::str() const {
    return std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y);
}

std::optional<tile_id> parse_tile_id(const std::string& text) {
    std::uint64_t v[3] = {0, 0, 0};
    int part = 0;
    bool digit = false;
    for (char c : text) {
        if (c == '/') {
            if (!digit || part == 2) return std::nullopt;
            ++part;
            digit = false;
        } else if (c >= '0' && c <= '9') {
            v[part] = v[part] * 10 + static_cast<std::uint64_t>(c - '0');
            if (v[part] > (1ull << 31)) return std::nullopt;
            digit = true;
        } else {
            return std::nullopt;
        }
    }
    if (part != 2 || !digit || v[0] > 30) return std::nullopt;
    tile_id t{static_cast<std::uint32_t>(v[0]), static_cast<std::uint32_t>(v[1]), static_cast<std::uint32_t>(v[2])};
    if (!t.valid()) return std::nullopt;
    return t;
}

world_point to_world(const lon_lat& p) {
    const double lat = std::clamp(p.lat, -max_mercator_lat, max_mercator_lat);
    const double phi = lat * std::numbers::pi / 180.0;
    const double y = 0.5 - std::log(std::tan(std::numbers::pi / 4 + phi / 2)) / (2 * std::numbers::pi);
    return {(p.lon + 180.0) / 360.0, std::clamp(y, 0.0, 1.0)};
}

lon_lat from_world(const world_point& w) {
    const double lon = w.x * 360.0 - 180.0;
    const double n = std::numbers::pi * (1 - 2 * w.y);
    const double lat = std::atan(std::sinh(n)) * 180.0 / std::numbers::pi;
    return {lon, lat};
}

namespace {
// Rotates/flips a quadrant (the classic Hilbert-curve step).
void rotate(std::uint64_t n, std::uint64_t& x, std::uint64_t& y, std::uint64_t rx, std::uint64_t ry) {
    if (ry == 0) {
        if (rx == 1) {
            x = n - 1 - x;
            y = n - 1 - y;
        }
        std::swap(x, y);
    }
}
std::uint64_t tiles_below(std::uint32_t z) { return ((1ull << (2 * z)) - 1) / 3; } // sum of 4^i, i < z
} // namespace

std::uint64_t pmtiles_tile_id(const tile_id& t) {
    if (!t.valid() || t.z > 26) throw std::out_of_range("tile " + t.str() + " outside the PMTiles id range");
    const std::uint64_t n = 1ull << t.z;
    std::uint64_t x = t.x, y = t.y, d = 0;
    for (std::uint64_t s = n / 2; s > 0; s /= 2) {
        const std::uint64_t rx = (x & s) > 0 ? 1 : 0;
        const std::uint64_t ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        rotate(s, x, y, rx, ry);
    }
    return tiles_below(t.z) + d;
}

tile_id pmtiles_tile_from_id(std::uint64_t id) {
    std::uint32_t z = 0;
    while (z < 27 && tiles_below(z + 1) <= id) ++z;
    if (z >= 27) throw std::out_of_range("PMTiles tile id too large");
    std::uint64_t d = id - tiles_below(z);
    const std::uint64_t n = 1ull << z;
    std::uint64_t x = 0, y = 0;
    for (std::uint64_t s = 1; s < n; s *= 2) {
        const std::uint64_t rx = 1 & (d / 2);
        const std::uint64_t ry = 1 & (d ^ rx);
        rotate(s, x, y, rx, ry);
        x += s * rx;
        y += s * ry;
        d /= 4;
    }
    return {z, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)};
}

} // namespace harbormap::tiles
