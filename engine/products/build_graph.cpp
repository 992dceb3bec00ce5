#include "engine/core/progress.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/graph_file.hpp"

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

void build_graph_step(const build_paths& p) {
    progress prog(p.progress_stream(), p.progress);
    prog.step("building the sea graph");
    routing::build_stats st;
    const routing::sea_graph g = build_graph_from_data(p.data_dir, p.mappings_dir, &st);
    routing::write_graph_file(p.graph(), g);
    if (!p.quiet) p.err << format_build_stats(st, g) << "wrote " << p.shown(p.graph()) << "\n";
}

} // namespace harbormap::products
