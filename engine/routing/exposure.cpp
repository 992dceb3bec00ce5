#include "engine/routing/exposure.hpp"

#include "engine/core/text.hpp"

#include <algorithm>
#include <stdexcept>

namespace harbormap::routing {
namespace {

std::string num(double v) { return format_general(v); }

} // namespace

exposure_weights exposure_weights::parse(const std::string& text) {
    exposure_weights w;
    for (const auto& raw : split(text, ',')) {
        const std::string item = trim(raw);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("weight '" + item + "' is not KEY=VALUE (keys c, p, n, z)");
        const std::string key = to_lower(trim(item.substr(0, eq)));
        const auto v = parse_double(trim(item.substr(eq + 1)));
        if (!v || !std::isfinite(*v)) throw std::invalid_argument("weight '" + item + "': not a number");
        if (*v < 0) throw std::invalid_argument("weight '" + item + "': negative");
        if (key == "c") w.c = *v;
        else if (key == "p") w.p = *v;
        else if (key == "n") w.n = *v;
        else if (key == "z") w.z = *v;
        else throw std::invalid_argument("weight '" + item + "': unknown key '" + key + "' (keys c, p, n, z)");
    }
    if (!(w.sum() > 0)) throw std::invalid_argument("weights '" + text + "': all zero");
    return w;
}

std::string exposure_weights::text() const {
    return "c=" + num(c) + ",p=" + num(p) + ",n=" + num(n) + ",z=" + num(z);
}

exposure_components compute_exposure(const exposure_inputs& in, const exposure_weights& w, const exposure_scale& s) {
    exposure_components x;
    if (in.routes > 0) {
        const double r = static_cast<double>(in.routes);
        for (double pct : in.gate_detours_pct) x.c_detour += std::min(1.0, std::max(0.0, pct) / s.detour_full_pct);
        x.c_detour /= r;
        x.c_cut_off = static_cast<double>(in.gate_cut_offs) / r;
    }
    x.c = std::min(1.0, x.c_detour + x.c_cut_off);
    x.p = std::clamp(in.prc_pass_share, 0.0, 1.0);
    const double d = in.nearest_prc_nm;
    x.n = d <= s.near_full_nm ? 1.0 : d >= s.near_zero_nm ? 0.0 : (s.near_zero_nm - d) / (s.near_zero_nm - s.near_full_nm);
    x.z = std::min(1.0, std::max(0.0, in.cranes) / s.cranes_full);
    const double total = w.sum();
    x.score = total > 0 ? 100.0 * (w.c * x.c + w.p * x.p + w.n * x.n + w.z * x.z) / total : 0;
    return x;
}

std::string exposure_formula(const exposure_weights& w, const exposure_scale& s) {
    const double t = w.sum();
    auto share = [&](double v) { return num(std::round(v / t * 1000) / 1000); };
    return "exposure = 100 x (" + share(w.c) + " x C + " + share(w.p) + " x P + " + share(w.n) + " x N + " + share(w.z) +
           " x Z), between 0 and 100, computed over the port's sea routes to the destination set (R = the routes that reach "
           "it). C (chokepoints) = min(1, C_detour + C_cut): C_detour = the sum, over each gate and each route crossing it that "
           "has an alternative when the gate closes, of min(1, detour% / " + num(s.detour_full_pct) + "), divided by R; C_cut = "
           "the number of (gate, route) pairs left with no alternative when the gate closes, divided by R (cut-off routes are "
           "counted apart from detours). P (PRC passes) = the share of routes that pass within the PRC radius of a "
           "PRC-operated port other than one within the PRC radius of either end (no route can avoid those: they are listed "
           "apart, as in route --avoid-prc). N (proximity) = 1 when the nearest PRC-operated port by sea is at "
           "most " + num(s.near_full_nm) + " nm away, 0 from " + format_thousands(s.near_zero_nm) +
           " nm, linear in between. Z (cranes) = min(1, ZPMC ship-to-shore cranes at the port / " + num(s.cranes_full) +
           ") from the ports layer's zpmc_sts_count. Weights (c, p, n, z) = " + w.text() +
           " (normalised by their sum; 'harbormap deps --weights' sets them).";
}

} // namespace harbormap::routing
