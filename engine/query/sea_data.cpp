// The routing data read with GDAL (lanes, gates): used by `graph build` and by sea_router::open when the
// graph file is missing.  Kept apart from sea_router.cpp so that a program that only loads the graph
// file (the `harbormap` query front, engine/cli/main.cpp) links no GDAL.
#include "engine/query/sea_router.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <algorithm>

namespace fs = std::filesystem;

namespace harbormap::query {

std::vector<routing::gate> load_gates(const fs::path& file) {
    if (!fs::exists(file)) throw input_error(file.string(), 0, "", "gates file not found (run scripts/make-gates)");
    auto layers_in = layers::read_vector_file(file);
    if (layers_in.empty()) throw input_error(file.string(), 0, "", "no layer");
    std::vector<routing::gate> out;
    std::int64_t n = 0;
    for (const auto& f : layers_in.front().features) {
        ++n;
        routing::gate g;
        g.id = f.text("id");
        g.name = f.text("name");
        if (g.id.empty()) throw input_error(file.string(), n, "id", "empty gate id (feature " + std::to_string(n) + ")");
        if (g.name.empty()) g.name = g.id;
        g.closed_by_default = f.flag("closed_by_default");
        g.lines = f.geom.lines;
        for (const auto& poly : f.geom.polygons)
            if (!poly.rings.empty()) g.areas.push_back(poly.rings.front());
        if (g.lines.empty() && g.areas.empty())
            throw input_error(file.string(), n, "geometry", "gate '" + g.id + "' has no line or polygon");
        out.push_back(std::move(g));
    }
    return out;
}

// The marnet network (layers/mappings/sealanes.json), then the cited additions (lane_additions.json, e.g. the
// North Sea Canal that marnet lacks: its IJmuiden spur ends at the locks).  An addition must start at a vertex
// of the network (the same coordinates), else the graph builder would drop it as a separate component.
std::vector<routing::lane> load_lanes(const fs::path& data_dir, const fs::path& mappings_dir) {
    const auto table = layers::read_source(layers::load_mapping(mappings_dir / "sealanes.json"), data_dir);
    std::vector<routing::lane> out;
    for (const auto& f : table.layer.features)
        for (const auto& l : f.geom.lines) out.push_back({l, f.text("passage")});
    if (out.empty()) throw input_error(table.file, 0, "", "the lane network has no lines");
    const fs::path additions = mappings_dir / "lane_additions.json";
    if (!fs::exists(additions)) return out;
    const auto added = layers::read_source(layers::load_mapping(additions), data_dir);
    const std::size_t network = out.size();
    for (const auto& f : added.layer.features)
        for (const auto& l : f.geom.lines) {
            const bool joins = !l.empty() && std::any_of(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(network), [&](const routing::lane& n) {
                return std::any_of(n.line.begin(), n.line.end(), [&](const lon_lat& p) { return p.lon == l.front().lon && p.lat == l.front().lat; });
            });
            if (!joins)
                throw input_error(added.file, f.row, "geometry",
                                  "lane addition '" + f.text("addition_id") + "' does not start at a vertex of the lane network (" + table.file + ")");
            out.push_back({l, f.text("passage")});
        }
    return out;
}

std::vector<polygon> load_land(const fs::path& file) {
    if (!fs::exists(file)) throw input_error(file.string(), 0, "", "land polygons not found (Natural Earth land, data/basemap)");
    std::vector<polygon> out;
    for (const auto& layer : layers::read_vector_file(file))
        for (const auto& f : layer.features)
            for (const auto& p : f.geom.polygons) out.push_back(p);
    if (out.empty()) throw input_error(file.string(), 0, "", "no land polygons");
    return out;
}

routing::sea_graph build_graph_from_data(const fs::path& data_dir, const fs::path& mappings_dir, routing::build_stats* stats) {
    const auto lanes = load_lanes(data_dir, mappings_dir);
    const auto gates = load_gates(data_dir / "chokepoints" / "gates.geojson");
    const auto land = load_land(data_dir / "basemap" / "land-50m.json");
    try {
        return routing::build_sea_graph(lanes, gates, stats, land);
    } catch (const std::invalid_argument& e) {
        throw input_error((data_dir / "chokepoints" / "gates.geojson").string(), 0, "", e.what());
    }
}

} // namespace harbormap::query
