#pragma once
// The steps of `harbormap build`.  The build writes everything into a staging directory (a temp
// sibling of out/) which is swapped in atomically at the end, so an interrupted build leaves the
// previous out/ intact.  Each module contributes one step function; run_build_steps runs them.
#include "engine/fusion/position_check.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace harbormap::products {

struct build_paths {
    std::filesystem::path data_dir;     // shipped data (data/)
    std::filesystem::path mappings_dir; // layers/mappings
    std::filesystem::path stage_dir;    // write outputs here (becomes out/)
    std::ostream& err;                  // logs, summary and progress
    bool progress = false;
    bool quiet = false;
    bool xyz = false; // `build --xyz`: also the XYZ tile folder tiles/ (thousands of small files)
    bool strict = false;                  // position warnings are errors (exit 1, nothing written)
    fusion::position_options position = {}; // limits of the position checks
    std::optional<int> as_of{};         // build --as-of YEAR: the footprint as it stood that year
    std::ostream* progress_err = nullptr; // progress goes here when set (err may be a step's log buffer)
    // Blocks until the named step of this build has ended (set by run_build_steps for a step's `waits`;
    // returns at once for a step this build does not run, or when unset).
    std::function<void(const std::string&)> wait_for{};
    std::ostream& progress_stream() const { return progress_err ? *progress_err : err; }

    // Where stage_dir goes at the end (out/), for the logs: a path in stage_dir as it will be once swapped
    // in (the staging directory is gone by the time the log is read).  Empty: stage_dir itself.
    std::filesystem::path out_dir{};
    std::string shown(const std::filesystem::path& in_stage) const {
        if (out_dir.empty()) return in_stage.string();
        return (out_dir / in_stage.lexically_relative(stage_dir)).string();
    }

    std::filesystem::path gpkg() const { return stage_dir / "harbormap.gpkg"; }
    std::filesystem::path graph() const { return stage_dir / "seagraph.hmg"; }

    // The same paths and options writing logs to `other` (a step run beside another one).
    build_paths with_err(std::ostream& other) const {
        build_paths q{data_dir, mappings_dir, stage_dir, other, progress, quiet};
        q.xyz = xyz;
        q.strict = strict;
        q.position = position;
        q.as_of = as_of;
        q.progress_err = &progress_stream();
        q.wait_for = wait_for;
        q.out_dir = out_dir;
        return q;
    }
};

// 1. engine/query/build_fusion.cpp: read all sources, fuse, write harbormap.gpkg, print the summary.
void build_fusion_step(const build_paths& p);
// 2. engine/query/build_graph.cpp: sea graph from data/sealanes + data/chokepoints, written to graph().
void build_graph_step(const build_paths& p);
// 3. engine/query/build_tiles.cpp: vector tiles (z0-8) as harbormap.mbtiles, harbormap.pmtiles and
//    tiles/ (XYZ, only with --xyz), styles/ (MapLibre, QGIS .qml), GeoPackage layer_styles and harbormap.qgs.
void build_tiles_step(const build_paths& p);
// ... and, after every other step, the QGIS layer styles inside harbormap.gpkg.
void build_tiles_finish(const build_paths& p);
// 4. engine/query/build_report.cpp: preset maps (world, us-strategic; SVG + PNG) into maps/ and the
//    footprint report (index.html + report.md) into report/.
void build_report_step(const build_paths& p);

// The registry `harbormap build` runs (engine/products/build_steps.cpp).  A new product is one step
// function and one line there.
struct build_step {
    std::string name;    // as given to `build --steps`
    std::string summary; // for --help
    void (*run)(const build_paths&) = nullptr;
    bool always = false; // runs whatever --steps says (the fusion: every other step reads its output)
    std::vector<std::string> after{}; // steps whose outputs it reads: it starts when they are done
    // Run after every step is done (writes into an output another step may be reading meanwhile).
    void (*finish)(const build_paths&) = nullptr;
    // Steps whose outputs it reads only part of the way through: it starts once they have started and
    // waits for them (build_paths::wait_for) just before it reads them.
    std::vector<std::string> waits{};
};
const std::vector<build_step>& build_steps();

// Runs the wanted steps (and the `always` ones), each as soon as the steps it comes after are done (and
// the ones it waits for have started), so independent steps run side by side (fusion beside graph, then
// tiles and the report's maps beside the graph, the report's sea routes once the graph is done); a step running beside
// another writes its log into a buffer, printed in registry order once it and the steps before it are
// done.  Then the steps' `finish` parts, in order.  Before each step: test_stop_point("step:NAME").  The
// first failing step's exception is rethrown once every running step has ended.  Returns "name 1.23 s, ...".
std::string run_build_steps(const build_paths& p, const std::vector<std::string>& wanted);

} // namespace harbormap::products
