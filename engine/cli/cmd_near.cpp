// harbormap near AT [--radius 500nm | -k 10] [--by sea|geodesic] [--layer ports|terminals|strategic]
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/query/near_matrix_deps.hpp"

#include <optional>

namespace harbormap::cli {
namespace {

class near_command final : public command {
public:
    std::vector<std::string> path() const override { return {"near"}; }
    std::string summary() const override { return "Ports, terminals or strategic seaports nearest to a port or lon,lat, by sea or geodesic distance"; }
    void setup(CLI::App& app) override {
        app.add_option("at", m_p.at, "Port (UN/LOCODE, WPI no., id, name) or lon,lat")->required();
        app.add_option("--radius", m_radius, "Within this distance (500nm, 900km)");
        app.add_option("-k", m_k, "The k nearest");
        app.add_option("--by", m_p.by, "sea (default) or geodesic")->check(CLI::IsMember({"sea", "geodesic"}));
        app.add_option("--layer", m_p.layer, "ports (default), terminals or strategic")->check(CLI::IsMember({"ports", "terminals", "strategic"}));
        app.add_flag("--arctic", m_p.arctic, "Allow arctic routes");
        app.add_option("--max-snap", m_max_snap, "Refuse a position farther than this from the sea graph (default 300nm)");
        m_out.add(app, {"text", "json", "csv", "geojson"});
    }
    int run(context& ctx) override {
        if (!m_radius.empty()) m_p.radius_m = parse_distance_m(m_radius);
        if (!m_max_snap.empty()) m_p.max_snap_m = parse_distance_m(m_max_snap);
        if (m_k && *m_k < 1) throw usage_error("-k must be at least 1"); // `-k 0` was "near needs --radius or -k"
        if (m_k) m_p.k = static_cast<std::size_t>(*m_k);
        m_p.validate();
        const auto fmt = m_out.format();
        m_out.check_target();
        routing_session s(ctx, {m_p.at}, true);
        const auto r = query::run_near(m_p, s.router(), s.require_catalog(), ctx.gpkg());
        note_complex(ctx, r.at.lookup);
        m_out.write(ctx, fmt == output_format::json      ? query::near_json(r, m_p)
                         : fmt == output_format::csv     ? query::near_csv(r)
                         : fmt == output_format::geojson ? query::near_geojson(r)
                                                         : query::near_text(r, m_p));
        if (fmt != output_format::text && !ctx.quiet && !r.at.warning.empty()) ctx.err << "warning: " << r.at.warning << "\n";
        if (fmt == output_format::csv && r.status != query::route_status::ok) ctx.err << to_string(r.status) << ": " << r.message << "\n";
        return r.status == query::route_status::ok ? 0 : 1;
    }

private:
    query::near_params m_p;
    output_options m_out;
    std::string m_radius, m_max_snap;
    std::optional<long> m_k;
};

} // namespace

std::unique_ptr<command> make_near_command() { return std::make_unique<near_command>(); }

} // namespace harbormap::cli
