#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/query/build_steps.hpp"

#include <csignal>
#include <unistd.h>

namespace harbormap::cli {
namespace {

extern "C" void on_interrupt(int sig) {
    // Remove the staging directory and temps; the previous out/ has not been touched.
    remove_pending_temps();
    ::_exit(128 + sig);
}

class build_command final : public command {
public:
    std::vector<std::string> path() const override { return {"build"}; }
    std::string summary() const override {
        return "Fuse all layers and build every product into the output directory (atomically replaced)";
    }
    void setup(CLI::App&) override {}
    int run(context& ctx) override {
        atomic_dir stage(ctx.out_dir);
        std::signal(SIGINT, on_interrupt);
        std::signal(SIGTERM, on_interrupt);
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
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        if (!ctx.quiet) ctx.err << "wrote " << ctx.out_dir.string() << "/\n";
        return 0;
    }
};

} // namespace

std::unique_ptr<command> make_build_command() { return std::make_unique<build_command>(); }

} // namespace harbormap::cli
