// The exposure score's formula as the report states it: the only copy of this text in products.
// TODO(routing): replace with the routing module's formula renderer (routing::exposure_formula_text(),
// being added in engine/routing by the routing helper) so code, report and README share one definition.
#include "engine/products/report.hpp"

namespace harbormap::products {

std::string exposure_formula() {
    return "exposure = 100 x (0.5 x C + 0.3 x P + 0.2 x N), between 0 and 100, computed over the seaport's sea routes to the "
           "destination set. C (chokepoints) = min(1, sum over gates of the sum over the routes crossing the gate of f, divided by "
           "the number of reachable routes), where f = 1 when closing the gate leaves the route no alternative and otherwise "
           "min(1, detour% / 50) (a 50% longer detour counts fully). P (PRC passes) = share of the routes that pass within 50 nm "
           "of a PRC-operated port other than their end points. N (proximity) = 1 when the nearest PRC-operated port by sea is "
           "at most 500 nm away, 0 from 3,000 nm, linear in between. Same computation as 'harbormap deps' (README, \"Exposure score\").";
}

} // namespace harbormap::products
