#pragma once
// The exposure score of a port, defined once: its components, its weights and the text that explains it
// (the README section and the report's "Exposure score" paragraph are rendered by exposure_formula() or
// tested against it).  The inputs are figures of a dependency analysis (dependency.hpp) plus the port's
// crane count; nothing here searches.
//
//   score = 100 x (wc C + wp P + wn N + wz Z) / (wc + wp + wn + wz)
//   C (chokepoints) = min(1, C_detour + C_cut),  C_detour = sum over (gate, route through it) with an
//                     alternative of min(1, detour% / detour_full_pct) / R,  C_cut = (gate, route) pairs
//                     cut off when the gate closes / R;  R = routes that reach the destination set
//   P (PRC passes)  = share of the routes that pass within the PRC radius of a PRC-operated port other
//                     than one within the radius of either end (which no route can avoid; as route
//                     --avoid-prc, those are listed apart and N covers them)
//   N (proximity)   = 1 when the nearest PRC-operated port by sea is at most near_full_nm away, 0 from
//                     near_zero_nm, linear in between (0 when none is reachable)
//   Z (cranes)      = min(1, ZPMC ship-to-shore cranes at the port / cranes_full)
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace harbormap::routing {

struct exposure_weights {
    double c = 0.4, p = 0.25, n = 0.15, z = 0.2;
    // "c=0.5,p=0.3,n=0.2,z=0" (any subset; the others keep their defaults).  Throws std::invalid_argument
    // naming the bad item (unknown key, not a number, negative, all zero).
    static exposure_weights parse(const std::string& text);
    std::string text() const; // "c=0.4,p=0.25,n=0.15,z=0.2"
    double sum() const { return c + p + n + z; }
};

struct exposure_scale {
    double detour_full_pct = 50; // a detour this much longer counts fully
    double near_full_nm = 500;   // N = 1 at or below
    double near_zero_nm = 3000;  // N = 0 at or beyond
    double cranes_full = 20;     // Z = 1 at or above (ZPMC STS cranes)
};

struct exposure_inputs {
    std::size_t routes = 0;                // R: routes that reach the destination set
    std::vector<double> gate_detours_pct;  // one per (gate, route through it) that has an alternative
    std::size_t gate_cut_offs = 0;         // (gate, route) pairs with no alternative when the gate closes
    double prc_pass_share = 0;             // P
    double nearest_prc_nm = HUGE_VAL;      // by sea; HUGE_VAL when none is reachable
    double cranes = 0;                     // ZPMC STS cranes at the port (0 when unknown)
};

struct exposure_components {
    double c_detour = 0, c_cut_off = 0; // the two parts of C, before the cap
    double c = 0, p = 0, n = 0, z = 0;  // each in [0, 1]
    double score = 0;                   // 0..100
};

exposure_components compute_exposure(const exposure_inputs& in, const exposure_weights& w = {}, const exposure_scale& s = {});

// The formula in words with the given weights and scale (one paragraph, plain text, no markup).
std::string exposure_formula(const exposure_weights& w = {}, const exposure_scale& s = {});

} // namespace harbormap::routing
