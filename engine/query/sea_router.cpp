#include "engine/query/sea_router.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"
#include "engine/routing/graph_file.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <cstdlib>
#include <fmt/format.h>

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

std::vector<routing::lane> load_lanes(const fs::path& data_dir, const fs::path& mappings_dir) {
    const auto map = layers::load_mapping(mappings_dir / "sealanes.json");
    const auto table = layers::read_source(map, data_dir);
    std::vector<routing::lane> out;
    for (const auto& f : table.layer.features)
        for (const auto& l : f.geom.lines) out.push_back({l, f.text("passage")});
    if (out.empty()) throw input_error(table.file, 0, "", "the lane network has no lines");
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

std::string format_build_stats(const routing::build_stats& st, const routing::sea_graph& g) {
    std::string s = fmt::format("sea graph: {} nodes, {} edges ({} antimeridian joins) from {} lines / {} vertices; "
                                "{} components, {} nodes dropped outside the largest\n",
                                st.nodes, st.edges, st.antimeridian_joins, st.input_lines, st.input_vertices, st.components,
                                st.dropped_nodes);
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < g.gates.size() && i < st.gate_edges.size(); ++i)
        parts.push_back(fmt::format("{} {}", g.gates[i].id, st.gate_edges[i]));
    s += "gate edges: " + join(parts, ", ") + "\n";
    return s;
}

sea_router::sea_router(routing::sea_graph g)
    : m_graph(std::move(g)), m_snap(std::make_unique<routing::snapper>(m_graph)),
      m_engine(std::make_unique<routing::search_engine>(m_graph)) {
    // HARBORMAP_ROUTING_CH=0 routes default queries with ALT A* too (benchmarks compare the two)
    if (const char* e = std::getenv("HARBORMAP_ROUTING_CH"); e && std::string(e) == "0") m_engine->set_use_ch(false);
}

std::unique_ptr<sea_router> sea_router::open(const fs::path& graph_file, const fs::path& data_dir, const fs::path& mappings_dir,
                                             std::ostream& err) {
    if (fs::exists(graph_file)) return std::make_unique<sea_router>(routing::read_graph_file(graph_file));
    err << "note: " << graph_file.string() << " not found; building the sea graph from " << data_dir.string()
        << " in memory (run 'harbormap graph build' to keep it)\n";
    return std::make_unique<sea_router>(build_graph_from_data(data_dir, mappings_dir));
}

routing::gate_mask sea_router::gates_mask(const std::vector<std::string>& ids) const {
    routing::gate_mask m = 0;
    for (const auto& raw : ids) {
        const std::string id = to_lower(trim(raw));
        if (id.empty()) continue;
        const int i = m_graph.gate_index(id);
        if (i < 0) {
            std::vector<std::string> all;
            for (const auto& g : m_graph.gates) all.push_back(g.id);
            auto s = suggest(id, all, 3);
            throw usage_error("unknown gate '" + id + "'" + (s.empty() ? "" : "; did you mean " + join(s, " or ") + "?") +
                              " (gates: " + join(all, ", ") + ")");
        }
        m |= routing::gate_mask{1} << i;
    }
    return m;
}

} // namespace harbormap::query
