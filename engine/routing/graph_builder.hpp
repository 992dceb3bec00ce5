#pragma once
// Builds the sea graph from lane lines: every vertex of every line is a node (identical coordinates are
// one node; lon > 180 is read as lon - 360), every segment an undirected edge weighted by its geodesic
// length, nodes at lon +180 and -180 with equal latitude are joined by zero-length edges, and only the
// largest connected component is kept.  Gates are evaluated per edge into bit masks.  The ALT landmark
// tables (landmarks.hpp) and the contraction hierarchy for the default closures (contraction.hpp) are
// computed last, then the land index of the path refinement when land polygons are given.
#include "engine/core/geometry.hpp"
#include "engine/routing/gates.hpp"
#include "engine/routing/sea_graph.hpp"

#include <string>
#include <vector>

namespace harbormap::routing {

struct lane {
    line_string line;
    std::string passage; // source tag (searoute-py `passage`), informational
};

struct build_stats {
    std::size_t input_lines = 0;
    std::size_t input_vertices = 0;
    std::size_t nodes = 0;            // kept
    std::size_t edges = 0;            // kept (including antimeridian joins)
    std::size_t antimeridian_joins = 0;
    std::size_t dropped_nodes = 0;    // outside the largest component
    std::size_t components = 0;       // before dropping
    std::size_t degenerate_segments = 0; // zero-length or repeated
    std::vector<std::size_t> gate_edges; // per gate: edges crossing it
};

// Throws std::invalid_argument when there are more than 32 gates, duplicate gate ids, or no edges.
// `land`: land polygons for the refinement's land index (land_index.hpp); none: routes are not refined.
sea_graph build_sea_graph(const std::vector<lane>& lanes, const std::vector<gate>& gates, build_stats* stats = nullptr,
                          const std::vector<polygon>& land = {});

} // namespace harbormap::routing
