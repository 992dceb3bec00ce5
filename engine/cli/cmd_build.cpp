#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/query/build_steps.hpp"

namespace harbormap::cli {
namespace {

class build_command final : public command {
public:
    std::vector<std::string> path() const override { return {"build"}; }
    std::string summary() const override {
        return "Fuse all layers and build every product into the output directory (atomically replaced)";
    }
    void setup(CLI::App&) override {}
    int run(context& ctx) override try {
        // SIGINT/SIGTERM: stop at the next checkpoint (or after a grace period), remove the staging
        // directory and exit 128+signal; the previous out/ is untouched (see interrupt_guard).
        interrupt_guard guard;
        atomic_dir stage(ctx.out_dir);
        query::build_paths p{ctx.data_dir, ctx.mappings_dir, stage.temp_path(), ctx.err, ctx.progress, ctx.quiet};
        query::build_fusion_step(p);
        // [build step slot: routing graph (issue 4)]
#ifdef HARBORMAP_WITH_ROUTING
        query::build_graph_step(p);
#endif
#ifdef HARBORMAP_WITH_TILES
        // [build step slot: tiles and styles (issue 3)]
        query::build_tiles_step(p);
#endif
        // [build step slot: maps and report (issue 5)]
#ifdef HARBORMAP_WITH_RENDER
        query::build_report_step(p);
#endif
        stage.commit();
        if (!ctx.quiet) ctx.err << "wrote " << ctx.out_dir.string() << "/\n";
        return 0;
    } catch (...) {
        // Also when a step wrapped the `interrupted` exception in its own error.
        if (const int sig = interrupt_signal()) {
            ctx.err << "harbormap: " << interrupted(sig).what() << "; " << ctx.out_dir.string() << " is unchanged\n";
            return 128 + sig;
        }
        throw;
    }
};

} // namespace

std::unique_ptr<command> make_build_command() { return std::make_unique<build_command>(); }

} // namespace harbormap::cli
