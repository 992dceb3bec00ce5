#pragma once
// Tile ids (z/x/y in the XYZ scheme, y down), the TMS flip used by MBTiles, Web Mercator
// ("world" coordinates 0..1, y down) and the PMTiles Hilbert tile id.
#include "engine/core/lon_lat.hpp"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace harbormap::tiles {

inline constexpr double max_mercator_lat = 85.05112877980659;

struct tile_id {
    std::uint32_t z = 0, x = 0, y = 0; // XYZ scheme: y = 0 is the northern row
    friend auto operator<=>(const tile_id&, const tile_id&) = default;
    std::uint32_t tms_y() const { return (1u << z) - 1 - y; }
    std::string str() const; // "z/x/y"
    bool valid() const { return z <= 30 && x < (1u << z) && y < (1u << z); }
};

// Parses "z/x/y"; nullopt when malformed or out of range.
std::optional<tile_id> parse_tile_id(const std::string& text);

inline std::uint32_t tms_flip(std::uint32_t z, std::uint32_t y) { return (1u << z) - 1 - y; }

// A point in Web Mercator world coordinates: x 0..1 west to east, y 0..1 north to south.
struct world_point {
    double x = 0, y = 0;
    friend bool operator==(const world_point&, const world_point&) = default;
};

// Longitude is not wrapped (lon 190 gives x > 1); latitude is clamped to +-max_mercator_lat.
world_point to_world(const lon_lat& p);
lon_lat from_world(const world_point& w);

// PMTiles v3 tile id: tiles of all lower zooms, then the Hilbert index within zoom z.
std::uint64_t pmtiles_tile_id(const tile_id& t);
tile_id pmtiles_tile_from_id(std::uint64_t id);

} // namespace harbormap::tiles
