#pragma once
// The serialized sea graph (`out/seagraph.hmg`): a 64-byte header (magic "HMSEAGRF", format version,
// byte-order mark, node/edge/gate counts, payload size, XXH3-64 checksum of the payload) followed by
// the payload (node positions, edge ends, lengths, gate masks, gate ids/names, since version 2 the
// ALT landmark tables, since version 3 the contraction hierarchy, since version 4 the gate geometry and the land index of
// the path refinement), little-endian.  The CSR arrays are rebuilt on load (microseconds).  Written
// atomically (temp file + rename).  The header checks run in the order magic, byte order, size, version,
// checksum, so a truncated file is reported as truncated whatever its version.
#include "engine/routing/sea_graph.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace harbormap::routing {

// 2: landmark tables; 3: contraction hierarchy; 4: XXH3 checksum, gate geometry, land index;
// 5: the landmark distances and the land index arrays start at multiples of 8 (zero padding), so the
//    loader views them in the mapping instead of copying them
inline constexpr std::uint32_t graph_file_version = 5;

std::string serialize_graph(const sea_graph& g);
// Throws processing_error naming `what` (a file name) on a bad magic, version, size or checksum.
sea_graph deserialize_graph(std::string_view bytes, const std::string& what);

void write_graph_file(const std::filesystem::path& path, const sea_graph& g);
// Maps the file (mmap), checks it in place and copies each array once into the graph, except the landmark
// tables and the land index, which the graph views in the mapping (kept alive by the graph and its copies).
sea_graph read_graph_file(const std::filesystem::path& path);

// Rebuilds offsets/arc arrays from edge_a/edge_b (used by the loader and the builder).
void rebuild_csr(sea_graph& g);

} // namespace harbormap::routing
