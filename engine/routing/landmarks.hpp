#pragma once
// ALT landmark selection and distance tables (see landmark_table in sea_graph.hpp).  Landmarks are picked
// by farthest selection: the first is the node farthest by sea from node 0, every further one the node
// whose distance to its nearest chosen landmark is largest.  On a sea network this puts landmarks at the
// ends of the seas (the Baltic, the Gulf of Bothnia, the Red Sea, Tierra del Fuego, ...), which is where
// the triangle inequality gives tight bounds for long routes.
#include "engine/routing/sea_graph.hpp"

#include <cstddef>

namespace harbormap::routing {

inline constexpr std::size_t default_landmark_count = 16;

// A table computed with the gates in `closed` closed.  Nodes unreachable from every landmark keep HUGE_VAL.
landmark_table compute_landmarks(const sea_graph& g, gate_mask closed, std::size_t count = default_landmark_count);

// Replaces g.landmark_tables with one table for "nothing closed" and, when some gates are closed by
// default (the arctic gate), one for the default closures, which gives tighter bounds for ordinary queries.
void add_landmark_tables(sea_graph& g, std::size_t count = default_landmark_count);

} // namespace harbormap::routing
