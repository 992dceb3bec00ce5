// Build step: the preset maps into stage/maps/ and the report into stage/report/.
#include "engine/query/build_steps.hpp"
#include "engine/query/report.hpp"

namespace harbormap::query {

void build_report_step(const build_paths& p) {
    report_params rp;
    rp.gpkg = p.gpkg();
    rp.data_dir = p.data_dir;
    rp.out_dir = p.stage_dir;
    rp.graph = p.graph(); // written by the graph step when the routing module is built
    const auto dir = write_report(rp);
    if (!p.quiet) p.err << "report: " << (dir / "index.html").string() << " and maps in " << (p.stage_dir / "maps").string() << "\n";
}

} // namespace harbormap::query
