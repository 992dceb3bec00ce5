#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/build_steps.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class build_command final : public command {
public:
    std::vector<std::string> path() const override { return {"build"}; }
    std::string summary() const override {
        return "Fuse all layers and build every product into the output directory (atomically replaced)";
    }
    void setup(CLI::App& app) override {
        app.add_option("--steps", m_steps, "Only these steps, comma-separated (default: all: " + join(all_steps(), ",") +
                                               "); later steps need the earlier ones' outputs")
            ->delimiter(',');
        app.add_flag("--xyz", m_xyz, "Also write the tiles as an XYZ folder (out/tiles/z/x/y.pbf; MBTiles and PMTiles are always written)");
        add_position_flags(app, m_position);
        m_as_of.add(app);
    }
    int run(context& ctx) override try {
        m_as_of.check();
        for (const auto& s : m_steps)
            if (std::find(all_steps().begin(), all_steps().end(), s) == all_steps().end()) {
                auto sugg = suggest(s, all_steps(), 1);
                throw usage_error("unknown build step '" + s + "' (steps: " + join(all_steps(), ", ") + ")" +
                                  (sugg.empty() ? "" : "; did you mean '" + sugg[0] + "'?"));
            }
        // SIGINT/SIGTERM: stop at the next checkpoint (or after a grace period), remove the staging
        // directory and exit 128+signal; the previous out/ is untouched (see interrupt_guard).
        interrupt_guard guard;
        // replaces only an earlier build's folder (or an empty one): `--out ~/Documents` is refused, not emptied
        atomic_dir stage(ctx.out_dir, true, {"manifest.json", "catalog.hmc", "seagraph.hmg", "harbormap.gpkg", "harbormap.mbtiles"});
        products::build_paths p{ctx.data_dir, ctx.mappings_dir, stage.temp_path(), ctx.err, ctx.progress, ctx.quiet};
        p.out_dir = ctx.out_dir;
        p.xyz = m_xyz;
        p.as_of = m_as_of.year;
        p.strict = m_position.strict;
        p.position = m_position.options();
        test_stop_point("stage");
        const auto start = clock::now();
        const std::string times = products::run_build_steps(p, m_steps); // independent steps side by side
        const auto t0 = clock::now();
        stage.commit();
        if (!ctx.quiet)
            ctx.err << "wrote " << ctx.out_dir.string() << "/ in " << fmt::format("{:.2f} s ({}, swap {:.2f} s)\n",
                seconds(clock::now() - start), times, seconds(clock::now() - t0));
        return 0;
    } catch (const usage_error&) {
        throw;
    } catch (...) {
        // Also when a step wrapped the `interrupted` exception in its own error.
        if (const int sig = interrupt_signal()) {
            ctx.err << "harbormap: " << interrupted(sig).what() << "; " << ctx.out_dir.string() << " is unchanged\n";
            return 128 + sig;
        }
        throw;
    }

private:
    using clock = std::chrono::steady_clock;
    static double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }
    static const std::vector<std::string>& all_steps() {
        static const std::vector<std::string> names = [] {
            std::vector<std::string> n;
            for (const auto& step : products::build_steps()) n.push_back(step.name);
            return n;
        }();
        return names;
    }
    std::vector<std::string> m_steps;
    bool m_xyz = false;
    position_flags m_position;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_build_command() { return std::make_unique<build_command>(); }

} // namespace harbormap::cli
