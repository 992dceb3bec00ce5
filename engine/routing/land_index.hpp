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

#include <array>
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
    int cell_distance(const lon_lat& p) const;
    // Is the cell holding p blocked?
    bool blocked(const lon_lat& p) const;
    // Clear-tile radius around p (0 when p's tile is not clear).
    int clear_radius(const lon_lat& p) const;
    // Does the great-circle arc a-b stay on unblocked cells?  (false when the index is empty)
    // `probes` (optional) counts the cells probed (diagnostics).
    bool arc_clear(const lon_lat& a, const lon_lat& b, std::size_t* probes = nullptr) const;
    std::size_t detailed_tiles() const { return blocks.size() / block_words; }
};

land_index build_land_index(const std::vector<polygon>& land);

// atan2 with |error| < 2e-6 rad (1e-4 degree, 1/600 of a land-index cell), far cheaper than std::atan2.
double fast_atan2(double y, double x);

// Unit vector of a position on the sphere (geodetic latitude used as spherical).
std::array<double, 3> unit_vector(const lon_lat& p);

} // namespace harbormap::routing
