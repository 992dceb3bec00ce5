#include "engine/products/build_steps.hpp"

#include "engine/core/atomic_file.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <fmt/format.h>
#include <future>
#include <memory>
#include <sstream>

namespace harbormap::products {

const std::vector<build_step>& build_steps() {
    static const std::vector<build_step> steps = {
        {"fusion", "read every source, fuse, write harbormap.gpkg", build_fusion_step, true},
        {"graph", "sea graph with chokepoint gates (seagraph.hmg)", build_graph_step, false},
        {"tiles", "vector tiles (MBTiles, PMTiles, XYZ), styles, QGIS project", build_tiles_step, false, {"fusion"},
         build_tiles_finish},
        // the maps need the fusion only; the sea routes wait for the graph (report_params::before_routing)
        {"report", "preset maps and the footprint report", build_report_step, false, {"fusion"}, nullptr, {"graph"}},
    };
    return steps;
}

namespace {

struct step_run {
    const build_step* step = nullptr;
    std::ostringstream log;
    std::shared_future<double> done; // seconds
    bool started = false, finished = false, printed = false;
    double seconds = 0;
    std::exception_ptr error;
};

double run_one(const build_step& s, const build_paths& p) {
    test_stop_point("step:" + s.name);
    const auto t0 = std::chrono::steady_clock::now();
    s.run(p);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

std::string run_build_steps(const build_paths& p, const std::vector<std::string>& wanted) {
    std::vector<std::unique_ptr<step_run>> runs;
    for (const auto& s : build_steps())
        if (s.always || wanted.empty() || std::find(wanted.begin(), wanted.end(), s.name) != wanted.end()) {
            runs.push_back(std::make_unique<step_run>());
            runs.back()->step = &s;
        }
    auto run_of = [&](const std::string& name) -> step_run* {
        for (const auto& r : runs)
            if (r->step->name == name) return r.get();
        return nullptr; // not run in this build: its output is not waited for
    };
    auto finished = [&](const std::string& name) {
        const step_run* r = run_of(name);
        return !r || r->finished;
    };
    // A step's `waits` have started before it starts (so there is a future to wait on); only this
    // thread writes `started` and `done`, before it launches the waiting step.
    auto started = [&](const std::string& name) {
        const step_run* r = run_of(name);
        return !r || r->started;
    };
    std::vector<build_paths> paths; // one per run, logging into its buffer
    paths.reserve(runs.size());
    for (auto& r : runs) {
        paths.push_back(p.with_err(r->log));
        paths.back().wait_for = [&run_of](const std::string& name) {
            if (const step_run* w = run_of(name)) {
                const std::shared_future<double> done = w->done; // this thread's copy
                done.wait(); // a failure is rethrown by the loop below
            }
        };
    }
    bool failed = false;
    for (;;) {
        std::size_t running = 0;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            auto& r = *runs[i];
            if (!r.started && !failed && std::all_of(r.step->after.begin(), r.step->after.end(), finished) &&
                std::all_of(r.step->waits.begin(), r.step->waits.end(), started)) {
                r.started = true;
                r.done = std::async(std::launch::async, run_one, std::cref(*r.step), std::cref(paths[i])).share();
            }
            if (r.started && !r.finished) ++running;
        }
        if (running == 0) break;
        // wait for the first running step (registry order) to end
        for (auto& r : runs)
            if (r->started && !r->finished) {
                try {
                    r->seconds = r->done.get();
                } catch (...) {
                    r->error = std::current_exception();
                    failed = true;
                }
                r->finished = true;
                break;
            }
        for (auto& r : runs) { // logs in registry order, each once the steps before it have ended
            if (!r->finished) break;
            if (!r->printed) p.err << r->log.str() << std::flush;
            r->printed = true;
        }
    }
    for (auto& r : runs)
        if (r->error) std::rethrow_exception(r->error);
    std::string times;
    for (auto& r : runs) {
        if (r->step->finish) r->step->finish(p);
        times += fmt::format("{}{} {:.2f} s", times.empty() ? "" : ", ", r->step->name, r->seconds);
    }
    return times;
}

} // namespace harbormap::products
