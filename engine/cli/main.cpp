// `harbormap`: the query front (engine/cli/front.hpp).  Queries run here without GDAL; every other
// command is handed to harbormap-full.
#include "engine/cli/front.hpp"
#include "engine/query/sea_router.hpp"

int main(int argc, char** argv) { return harbormap::cli::front_main(argc, argv); }

namespace harbormap::query {
// The front never builds the sea graph from data/ (GDAL): this definition takes the place of the one in
// engine/query/sea_data.cpp, which is therefore not linked; run() hands such a run to harbormap-full
// before any command starts, so this is only a safety net.
routing::sea_graph build_graph_from_data(const std::filesystem::path&, const std::filesystem::path&, routing::build_stats*) {
    throw cli::needs_full_program();
}
} // namespace harbormap::query

namespace harbormap::cli {
// Likewise for the GDAL parts of the queries: the `ports list --format gpkg` output and the `--as-of` footprint
// (the definitions in engine/cli/full_only.cpp are not linked).
void write_ports_gpkg(const std::filesystem::path&, const feature_layer&, bool) { throw needs_full_program(); }
void write_as_of_footprint(const context&, int, const std::filesystem::path&) { throw needs_full_program(); }
} // namespace harbormap::cli
