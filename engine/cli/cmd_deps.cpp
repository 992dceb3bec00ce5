// harbormap deps PORT | --all-strategic: chokepoint and PRC-port dependency profile, exposure score.
#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/query/route_query.hpp"

namespace harbormap::cli {
namespace {

class deps_command final : public command {
public:
    std::vector<std::string> path() const override { return {"deps"}; }
    std::string summary() const override { return "Dependency profile of a port: gates its routes cross, detours when closed, PRC-operated ports, exposure score"; }
    void setup(CLI::App& app) override {
        app.add_option("port", m_p.port, "Port (UN/LOCODE, WPI no., id, name) or lon,lat");
        app.add_flag("--all-strategic", m_p.all_strategic, "The table for every US Strategic Seaport");
        app.add_option("--to", m_p.to_set, "Destination set (default: large = WPI harbour size Large)");
        app.add_option("--prc-radius", m_radius, "Distance that counts as passing a PRC-operated port (default 50nm)");
        app.add_flag("--arctic", m_p.arctic, "Allow arctic routes");
        app.add_option("--weights", m_weights, "Exposure weights c=..,p=..,n=..,z=.. (default " + routing::exposure_weights{}.text() + ")");
        app.add_flag("--formula", m_formula, "Print the exposure formula (with --weights) and exit");
        app.add_option("--max-snap", m_max_snap, "Refuse a position farther than this from the sea graph (default 300nm)");
        m_out.add(app, {"text", "json", "csv"});
        m_as_of.add(app);
    }
    int run(context& ctx) override {
        if (!m_weights.empty()) {
            try {
                m_p.weights = routing::exposure_weights::parse(m_weights);
            } catch (const std::invalid_argument& e) {
                throw usage_error(std::string("--weights: ") + e.what());
            }
        }
        if (m_formula) {
            ctx.out << routing::exposure_formula(m_p.weights) << "\n";
            return 0;
        }
        if (!m_radius.empty()) m_p.prc_radius_m = parse_distance_m(m_radius);
        if (!m_max_snap.empty()) m_p.max_snap_m = parse_distance_m(m_max_snap);
        m_p.validate();
        const auto fmt = m_out.format();
        m_out.check_target();
        m_as_of.apply(ctx);
        routing_session s(ctx, {}, true);
        const auto& catalog = s.require_catalog();
        query::port_snaps snaps(s.router(), catalog);
        std::vector<query::deps_profile> out;
        if (m_p.all_strategic) out = query::run_deps_strategic(ctx.gpkg(), m_p, s.router(), catalog, snaps);
        else out.push_back(query::run_deps(m_p.port, m_p, s.router(), catalog, snaps));
        for (const auto& d : out) note_complex(ctx, d.port.lookup);
        m_out.write(ctx, fmt == output_format::json ? query::deps_json(out)
                         : fmt == output_format::csv ? query::deps_csv(out)
                                                     : query::deps_text(out, m_p.all_strategic));
        // --all-strategic lists the seaports it cannot place (with the reason) and still succeeds
        if (m_p.all_strategic) return 0;
        return out.front().status == query::route_status::ok ? 0 : 1;
    }

private:
    query::deps_params m_p;
    output_options m_out;
    std::string m_radius, m_weights, m_max_snap;
    bool m_formula = false;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_deps_command() { return std::make_unique<deps_command>(); }

} // namespace harbormap::cli
