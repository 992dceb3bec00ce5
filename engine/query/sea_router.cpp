#include "engine/query/sea_router.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"
#include "engine/routing/graph_file.hpp"

#include <cstdlib>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace harbormap::query {

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
