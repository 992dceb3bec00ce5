// The exposure score's formula as the report states it: rendered by the routing module, which also
// computes the score (engine/routing/exposure.*), so code, report and README share one definition.
#include "engine/products/report.hpp"
#include "engine/routing/exposure.hpp"

namespace harbormap::products {

std::string exposure_formula() {
    return routing::exposure_formula() + " Same computation as 'harbormap deps' (README, \"Exposure score\").";
}

} // namespace harbormap::products
