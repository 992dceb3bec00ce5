#pragma once
// Grid thinning of point candidates (the tiler's rule below a layer's max zoom): per grid cell the first
// candidate in (importance descending, row ascending) stays, the others are dropped.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace harbormap::tiles {

struct thin_candidate {
    std::uint64_t cell;      // (cell column << 32) | cell row
    double importance;       // finite (a total order)
    std::uint32_t index;     // row of the feature in its layer
};

// Clears flags[c.index] of every candidate but its cell's first and returns how many it cleared.  The
// candidates' cell columns lie in [cx0, cx1) and rows in [0, side).  When that band has at most
// `table_limit` cells: one pass over a table with a slot per cell (no sort; the low zooms); otherwise a
// sort by cell (on `threads` threads).  The same candidates stay either way.  `all` may be reordered.
std::size_t thin_cells(std::vector<thin_candidate>& all, std::uint64_t cx0, std::uint64_t cx1, std::uint64_t side,
                       std::size_t table_limit, unsigned threads, std::vector<std::uint8_t>& flags);

} // namespace harbormap::tiles
