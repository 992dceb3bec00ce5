// The amount, quantity and year parsers of the curated cost facts (data/curated/crane_costs.csv,
// `harbormap coa`): any text gives clauses, nullopt or a span, never a crash or undefined behaviour.
#include "engine/products/coa/amount.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    namespace coa = harbormap::products::coa;
    const auto a = coa::parse_amount(text);
    for (const auto& c : a.clauses) {
        (void)coa::to_string(c.basis);
        (void)coa::to_string(c.bound);
    }
    (void)a.first(coa::amount_basis::each);
    (void)coa::parse_quantity(text);
    (void)coa::parse_year_span(text);
    return 0;
}
