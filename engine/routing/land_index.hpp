#pragma once
// Land index for path refinement: which places a line of sight may cross.  Built once from land polygons
// (the shipped Natural Earth land, read by the caller) when the graph is built, and stored in the graph
// file.  Routing reads no vector files.
//
// The world is a grid of fine cells of 1/16 degree.  A cell is *blocked* when it holds land or lies within
// `clearance_cells` cells (Chebyshev, longitude wrapping) of a cell that holds land (a cell holds land when
// a point of a polygon boundary sampled at most half a cell apart lies in it, or its centre lies inside a
// polygon); above 84 degrees of latitude everything is blocked.  The one-cell ring is the coastal clearance
// (at least 1/16 degree, 3.75 nm in latitude, from the cell holding the coast; 1-2 cells from the coast
// itself) and what makes sampling safe: a great-circle arc that reaches a land cell first runs at least one
// cell through its blocked ring, so probing it every half cell finds a blocked cell.  (Two cells, 7.5 nm,
// until issue 14: the lane network itself runs closer than that along many coasts, e.g. Baja California,
// so shortcuts could not leave those lanes.)
//
// Storage: 1-degree tiles of 16 x 16 cells.  A tile is clear (no blocked cell within it nor in its eight
// neighbours), blocked (all cells blocked), or detailed: then each of its cells keeps, in 4 bits, the
// Chebyshev distance in cells to the nearest blocked cell (0 = blocked, capped at 15).  Per tile also the
// Chebyshev distance in tiles to the nearest tile that is not clear (capped at 255).  Both distances let a
// probe leap across open water (sphere tracing) instead of stepping half a cell at a time.
#include "engine/core/geometry.hpp"
#include "engine/routing/file_array.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace harbormap::routing {

struct land_index {
    static constexpr int cells_per_degree = 16;
    static constexpr int tile_cols = 360, tile_rows = 180;
    static constexpr std::uint32_t tile_clear = 0xffffffffu, tile_blocked = 0xfffffffeu;
    static constexpr double max_abs_lat = 84.0;
    static constexpr int clearance_cells = 1;

    static constexpr int block_words = 16; // 256 cells x 4 bits

    // (each viewed in the mapped graph file when read from one)
    file_array<std::uint32_t> tiles;  // tile_rows x tile_cols (row 0 at 90N): clear, blocked, or block index
    file_array<std::uint8_t> radius;  // per tile: tiles to the nearest non-clear tile (0 when not clear)
    file_array<std::uint64_t> blocks; // 16 words per detailed tile; cell (row, col) (row 0 north) is the
                                      // nibble row * 16 + col: its distance in cells to a blocked cell

    bool empty() const { return tiles.empty(); }
    // Distance in cells from the cell holding p to the nearest blocked cell (0: blocked; 15: 15 or more).
    // (inline: the probes and the cheap rejections of the refinement call it per point)
    [[gnu::always_inline]] int cell_distance(const lon_lat& p) const {
        if (std::abs(p.lat) > max_abs_lat) return 0;
        const int r = cell_row(p.lat), c = cell_col(p.lon);
        const std::uint32_t t = tiles[static_cast<std::size_t>(r / cells_per_degree) * tile_cols + static_cast<std::size_t>(c / cells_per_degree)];
        if (t == tile_clear) return 15;
        if (t == tile_blocked) return 0;
        return cell_nibble(t, r, c);
    }
    // Is the cell holding p blocked?
    bool blocked(const lon_lat& p) const { return cell_distance(p) == 0; }
    // Clear-tile radius around p (0 when p's tile is not clear).
    int clear_radius(const lon_lat& p) const;
    // Does the great-circle arc a-b stay on unblocked cells?  (false when the index is empty)
    // `probes` (optional) counts the cells probed (diagnostics).
    bool arc_clear(const lon_lat& a, const lon_lat& b, std::size_t* probes = nullptr) const;
    // The same for ends given as unit vectors (unit_vector(a), unit_vector(b)) that the caller has found
    // unblocked, on a non-empty index (the refinement's shortcut test has both already).
    bool arc_clear_unit(const std::array<double, 3>& a, const std::array<double, 3>& b, std::size_t* probes = nullptr) const;
    std::size_t detailed_tiles() const { return blocks.size() / block_words; }

    // Row (0 at 90N) and column (0 at 180W, longitudes wrapping) of the cell holding a latitude, longitude.
    // (floor by the integer conversion and a correction, the wrap usually a no-op: the probe's cell lookup
    // waits on these; the same integers as std::floor and %)
    static int floor_int(double x) {
        const int i = static_cast<int>(x);
        return i - (x < static_cast<double>(i) ? 1 : 0);
    }
    static int cell_col(double lon) {
        constexpr int w = tile_cols * cells_per_degree;
        int c = floor_int((lon + 180.0) * cells_per_degree);
        if (c >= 0 && c < w) [[likely]]
            return c;
        c %= w;
        return c < 0 ? c + w : c;
    }
    static int cell_row(double lat) { return std::clamp(floor_int((90.0 - lat) * cells_per_degree), 0, tile_rows * cells_per_degree - 1); }
    // The distance nibble of cell (r, c) in detailed tile t.
    int cell_nibble(std::uint32_t t, int r, int c) const {
        const int cell = (r % cells_per_degree) * cells_per_degree + (c % cells_per_degree);
        return static_cast<int>((blocks[static_cast<std::size_t>(t) * block_words + static_cast<std::size_t>(cell / 16)] >> ((cell % 16) * 4)) & 0xfu);
    }
};

land_index build_land_index(const std::vector<polygon>& land);

// atan2 with |error| < 2e-6 rad (1e-4 degree, 1/600 of a land-index cell), far cheaper than std::atan2: a
// degree-11 odd minimax polynomial for atan on [0, 1] (inline: called twice per probe).
[[gnu::always_inline]] inline double fast_atan2(double y, double x) {
    const double ax = std::abs(x), ay = std::abs(y);
    const double mx = std::max(ax, ay), mn = std::min(ax, ay);
    if (mx == 0) return 0;
    const double a = mn / mx, s = a * a;
    // (Estrin's scheme: a shorter dependency chain than Horner's, the probe's position waits on it)
    const double s2 = s * s;
    double r = a * ((0.99997726 + s * -0.33262347) + s2 * ((0.19354346 + s * -0.11643287) + s2 * (0.05265332 + s * -0.01172120)));
    if (ay > ax) r = M_PI_2 - r;
    if (x < 0) r = M_PI - r;
    return y < 0 ? -r : r;
}

// Unit vector of a position on the sphere (geodetic latitude used as spherical).
std::array<double, 3> unit_vector(const lon_lat& p);

} // namespace harbormap::routing
