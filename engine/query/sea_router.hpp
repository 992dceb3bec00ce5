#pragma once
// The routing facade of the query layer: reads the lane network and the gates (GDAL, via layers), builds
// or loads the sea graph, and owns the snapper and a search workspace.  Routing itself knows no GDAL.
#include "engine/routing/gates.hpp"
#include "engine/routing/graph_builder.hpp"
#include "engine/routing/search.hpp"
#include "engine/routing/sea_graph.hpp"
#include "engine/routing/snap.hpp"

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace harbormap::query {

// data/chokepoints/gates.geojson (id, name + a LineString/Polygon per feature).  Errors name file and feature.
std::vector<routing::gate> load_gates(const std::filesystem::path& file);
// data/sealanes/marnet_searoute.geojson through layers/mappings/sealanes.json, then the cited additions of
// data/sealanes/lane_additions.geojson (layers/mappings/lane_additions.json; each must start at a marnet vertex).
std::vector<routing::lane> load_lanes(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir);
// data/basemap/land-50m.json (Natural Earth land, TopoJSON): the polygons of the refinement's land index.
std::vector<polygon> load_land(const std::filesystem::path& file);
routing::sea_graph build_graph_from_data(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir,
                                         routing::build_stats* stats = nullptr);
std::string format_build_stats(const routing::build_stats& st, const routing::sea_graph& g);

class sea_router {
public:
    explicit sea_router(routing::sea_graph g);
    // Loads graph_file; when it does not exist, builds the graph from data/ in memory (with a note on err).
    static std::unique_ptr<sea_router> open(const std::filesystem::path& graph_file, const std::filesystem::path& data_dir,
                                            const std::filesystem::path& mappings_dir, std::ostream& err);

    const routing::sea_graph& graph() const { return m_graph; }
    const routing::snapper& snap() const { return *m_snap; }
    // The search workspace.  Its shortest_path() uses the graph's contraction hierarchy for the default
    // cost model (unless HARBORMAP_ROUTING_CH=0 is set in the environment) and ALT A* otherwise.
    routing::search_engine& engine() { return *m_engine; }

    // Mask of gate ids; throws usage_error naming an unknown id (with suggestions).
    routing::gate_mask gates_mask(const std::vector<std::string>& ids) const;

private:
    routing::sea_graph m_graph;
    std::unique_ptr<routing::snapper> m_snap;
    std::unique_ptr<routing::search_engine> m_engine;
};

} // namespace harbormap::query
