// harbormap report: out/report/index.html + report.md (and the maps in out/maps/).
#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/products/report.hpp"

namespace harbormap::cli {
namespace {

class report_command final : public command {
public:
    std::vector<std::string> path() const override { return {"report"}; }
    std::string summary() const override {
        return "Write the footprint report (out/report/index.html and report.md) with figures, seaport table and maps";
    }
    void setup(CLI::App& app) override {
        app.add_flag("--no-maps", m_no_maps, "Do not render the maps (report text only)");
        app.add_option("--dpi", m_dpi, "Resolution of the PNG maps (default 150)");
        app.add_option("--routes-to", m_routes_to,
                       "Destination set of each Strategic Seaport's routes for gates and exposure (as 'deps --to'; default large)");
        app.add_flag("--no-route-example", m_no_routes, "Leave out the illustrative Shanghai-Rotterdam route (Suez open/closed)");
        m_as_of.add(app);
    }
    int run(context& ctx) override {
        m_as_of.apply(ctx); // an as-of report goes to <out>/as-of-YEAR/report/
        products::report_params p;
        p.gpkg = ctx.gpkg();
        p.data_dir = ctx.data_dir;
        p.out_dir = m_as_of.out_dir(ctx);
        p.as_of = m_as_of.year;
        p.maps = !m_no_maps;
        p.dpi = m_dpi;
        p.graph = ctx.graph();
        p.routes_to = m_routes_to;
        p.route_examples = !m_no_routes;
        p.mappings_dir = ctx.mappings_dir;
        p.warn = [&ctx](const std::string& why) { ctx.err << "warning: report: " << why << "\n"; };
        const auto dir = products::write_report(p);
        if (!ctx.quiet) ctx.err << "harbormap: wrote " << (dir / "index.html").string() << " and " << (dir / "report.md").string() << "\n";
        return 0;
    }

private:
    bool m_no_maps = false, m_no_routes = false;
    std::string m_routes_to = "large";
    double m_dpi = 150;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_report_command() { return std::make_unique<report_command>(); }

} // namespace harbormap::cli
