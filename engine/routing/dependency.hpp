#pragma once
// Dependency analysis of one origin against many destinations (what `harbormap deps` computes), in graph
// terms: searches under restricted cost models (a gate closed, nodes near PRC-operated ports avoided), as
// Valhalla answers "what if" questions with a costing, not another graph.
//
//  * the baseline tree from the origin: route length, gates crossed (in path order) and whether the path
//    enters the avoid mask outside the destination's own zone (a "pass");
//  * per gate used by some route: one tree under the cost model with that gate closed, stopped once the
//    routes that crossed it are settled again; a route is a detour or cut off;
//  * the avoid mask as a cost model: destinations whose zone holds no avoided node share one stopped tree;
//    a destination next to an avoided node opens its zone (mask saved and restored) and gets an A* of its
//    own, unless the components of the masked sea (labelled once) joined by the opened nodes (union-find)
//    show it cannot be reached, which spares a search that would explore everything before giving up.
#include "engine/routing/search.hpp"
#include "engine/routing/sea_graph.hpp"

#include <cstdint>
#include <vector>

namespace harbormap::routing {

struct dependency_target {
    node_id node = invalid_node;  // the destination's node
    double end_m = 0;             // added to every route to it (e.g. both snap distances)
    std::vector<node_id> zone;    // nodes open under the avoid mask for this destination (its surroundings)
};

struct gate_use {
    std::size_t gate = 0;                 // gate index
    std::vector<std::size_t> routes;      // targets whose route crosses it
    std::vector<double> detour_m;         // per route: extra length when the gate closes; HUGE_VAL = cut off
};

struct dependency_analysis {
    std::vector<double> base_m;           // per target: route length (end_m included); HUGE_VAL = unreachable
    std::vector<gate_mask> route_gates;   // per target: gates its route crosses
    std::vector<std::uint8_t> passes;     // per target: the route enters the avoid mask outside its zone
    std::vector<gate_use> gates;          // per gate used by some route, gate order
    std::vector<double> avoid_m;          // per target: route length avoiding the mask; HUGE_VAL = cut off or unreachable
    std::vector<double> probe_m;          // per probe node: baseline tree distance (no end_m); HUGE_VAL = unreachable
    std::size_t reachable = 0;
    std::size_t avoid_cut_off = 0;        // reachable targets with no route that avoids the mask
};

// `avoid` marks nodes (by id) to keep out of when avoiding; the origin's node is always open.  An empty
// `avoid` skips the passes and the avoidance part (avoid_m = base_m).  `probes`: nodes whose baseline
// distance the caller wants (e.g. PRC-operated ports for the nearest one).
dependency_analysis analyse_dependencies(search_engine& engine, const sea_graph& g, node_id origin,
                                         const std::vector<dependency_target>& targets, const cost_model& base,
                                         std::vector<std::uint8_t> avoid, const std::vector<node_id>& probes = {});

// Labels of the connected components of the graph under `cost` (closed gates, avoided nodes); avoided
// nodes get no_component.
inline constexpr std::uint32_t no_component = 0xffffffffu;
std::vector<std::uint32_t> component_labels(const sea_graph& g, const cost_model& cost);

} // namespace harbormap::routing
