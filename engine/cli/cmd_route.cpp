// harbormap route FROM TO: sea distance, path, gates crossed, PRC/BRI ports along the corridor.
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"

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
        app.add_flag("--avoid-prc", m_p.avoid_prc, "Do not pass within --prc-radius of PRC-operated ports (except near the end points)");
        app.add_option("--prc-radius", m_prc_radius, "Radius for --avoid-prc (default 50nm)");
        app.add_option("--corridor", m_corridor, "List PRC-operated/BRI ports within this distance of the path (default 50nm)");
        app.add_flag("--dijkstra", m_dijkstra, "Use Dijkstra instead of A* (same result)");
        app.add_flag("--raw", m_p.raw, "Keep the graph path and distance (no line-of-sight refinement)");
        app.add_option("--max-snap", m_max_snap, "Refuse ends farther than this from the sea graph (default 300nm; over 50nm warns)");
        app.add_option("--with-ports", m_ports_file,
                       "With --format geojson: write the end points and corridor ports (Points) to this file as well");
        m_out.add(app, {"text", "json", "geojson"});
    }
    int run(context& ctx) override {
        for (const auto& a : m_avoid)
            for (auto& id : harbormap::split_list(a, ",")) m_p.avoid.push_back(id);
        if (!m_prc_radius.empty()) m_p.prc_radius_m = parse_distance_m(m_prc_radius);
        if (!m_corridor.empty()) m_p.corridor_m = parse_distance_m(m_corridor);
        if (!m_max_snap.empty()) m_p.max_snap_m = parse_distance_m(m_max_snap);
        m_p.use_astar = !m_dijkstra;
        m_p.validate();
        const auto fmt = m_out.format();
        if (!m_ports_file.empty() && fmt != output_format::geojson) throw usage_error("--with-ports needs --format geojson");
        m_out.check_target();
        routing_session s(ctx, {m_p.from, m_p.to}, m_p.avoid_prc, m_p.corridor_m > 0);
        const auto r = query::run_route(m_p, s.router(), s.catalog());
        note_complex(ctx, r.from.lookup);
        note_complex(ctx, r.to.lookup);
        m_out.write(ctx, fmt == output_format::json ? query::route_json(r) : fmt == output_format::geojson ? query::route_geojson(r)
                                                                                                             : query::route_text(r));
        if (!m_ports_file.empty()) write_file_atomic(m_ports_file, query::route_ports_geojson(r));
        if (fmt != output_format::text && !ctx.quiet)
            for (const auto& w : r.warnings) ctx.err << "warning: " << w << "\n";
        return r.status == query::route_status::ok ? 0 : 1;
    }

private:
    query::route_params m_p;
    output_options m_out;
    std::vector<std::string> m_avoid;
    std::string m_prc_radius, m_corridor, m_max_snap, m_ports_file;
    bool m_dijkstra = false;
};

} // namespace

std::unique_ptr<command> make_route_command() { return std::make_unique<route_command>(); }

} // namespace harbormap::cli
