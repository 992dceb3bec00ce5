// Build step: the preset maps into stage/maps/ and the report into stage/report/.
#include "engine/products/build_steps.hpp"
#include "engine/products/report.hpp"

#include <chrono>
#include <fmt/format.h>

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

void build_report_step(const build_paths& p) {
    report_params rp;
    rp.gpkg = p.gpkg();
    rp.data_dir = p.data_dir;
    rp.out_dir = p.stage_dir;
    rp.graph = p.graph(); // written by the graph step when the routing module is built
    rp.graph_shown = p.shown(rp.graph);
    rp.before_routing = [&p] {
        if (p.wait_for) p.wait_for("graph"); // the maps above were drawn while the graph was built
    };
    rp.mappings_dir = p.mappings_dir;
    rp.warn = [&p](const std::string& why) { p.err << "warning: report: " << why << "\n"; };
    const auto t0 = std::chrono::steady_clock::now();
    const auto dir = write_report(rp);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!p.quiet)
        p.err << "report: " << p.shown(dir / "index.html") << " and maps in " << p.shown(p.stage_dir / "maps")
              << fmt::format(" ({:.1f} s)\n", s);
}

} // namespace harbormap::products
