// harbormap matrix --from SET --to SET: many-to-many sea distances (CSV or JSON).
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/query/near_matrix_deps.hpp"

#include <chrono>
#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class matrix_command final : public command {
public:
    std::vector<std::string> path() const override { return {"matrix"}; }
    std::string summary() const override { return "Sea distances between two port sets as CSV (sets: all, strategic, prc, hk, bri, logink, zpmc, large, @FILE, 'A;B')"; }
    void setup(CLI::App& app) override {
        app.add_option("--from", m_p.from_set, "From set")->required();
        app.add_option("--to", m_p.to_set, "To set")->required();
        app.add_option("--avoid", m_avoid, "Close gates, comma-separated; repeatable");
        app.add_flag("--arctic", m_p.arctic, "Allow arctic routes");
        app.add_flag("--gates", m_p.with_gates, "Add the gates crossed by each route");
        m_out.add(app, {"csv", "json"});
    }
    int run(context& ctx) override {
        for (const auto& a : m_avoid)
            for (auto& id : harbormap::split_list(a, ",")) m_p.avoid.push_back(id);
        m_p.validate();
        const auto fmt = m_out.format();
        m_out.check_target();
        routing_session s(ctx, {}, true);
        query::port_snaps snaps(s.router(), s.require_catalog());
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = query::run_matrix(m_p, s.router(), s.require_catalog(), snaps);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        m_out.write(ctx, fmt == output_format::json ? query::matrix_json(r, s.require_catalog(), m_p.with_gates)
                                                    : query::matrix_csv(r, s.require_catalog(), m_p.with_gates));
        if (!ctx.quiet)
            ctx.err << fmt::format("matrix: {} x {} ports, {} one-to-many searches, {:.1f} ms\n", r.from.size(), r.to.size(), r.searches, ms);
        return 0;
    }

private:
    query::matrix_params m_p;
    output_options m_out;
    std::vector<std::string> m_avoid;
};

} // namespace

std::unique_ptr<command> make_matrix_command() { return std::make_unique<matrix_command>(); }

} // namespace harbormap::cli
