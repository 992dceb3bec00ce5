// harbormap graph build: the sea graph file from data/sealanes + data/chokepoints.
#include "engine/cli/command.hpp"
#include "engine/core/error.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/graph_file.hpp"

#include <chrono>
#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class graph_build_command final : public command {
public:
    std::vector<std::string> path() const override { return {"graph", "build"}; }
    std::string summary() const override { return "Build the sea graph file (out/seagraph.hmg) from the lane network and gates"; }
    void setup(CLI::App& app) override {
        app.add_option("-o,--output", m_output, "Graph file to write (default: OUT/seagraph.hmg)");
        app.add_flag("--overwrite", m_overwrite, "Replace an existing graph file");
    }
    int run(context& ctx) override {
        const auto target = m_output.empty() ? ctx.graph() : std::filesystem::path(m_output);
        if (std::filesystem::exists(target) && !m_overwrite)
            throw usage_error(target.string() + " exists: use --overwrite to replace it");
        const auto t0 = std::chrono::steady_clock::now();
        routing::build_stats st;
        const auto g = query::build_graph_from_data(ctx.data_dir, ctx.mappings_dir, &st);
        if (!target.parent_path().empty()) std::filesystem::create_directories(target.parent_path());
        routing::write_graph_file(target, g);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!ctx.quiet) ctx.err << query::format_build_stats(st, g) << fmt::format("wrote {} in {:.0f} ms\n", target.string(), ms);
        return 0;
    }

private:
    std::string m_output;
    bool m_overwrite = false;
};

} // namespace

std::unique_ptr<command> make_graph_build_command() { return std::make_unique<graph_build_command>(); }

} // namespace harbormap::cli
