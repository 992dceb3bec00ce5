#pragma once
// The `amount` column of the curated cost facts (data/curated/crane_costs.csv) as numbers.  Sources give
// amounts as they stated them ("19000000 total; 9500000 each", "about 21000000", "10000000-12000000 or
// more (typical)", "15-30% of the price of a new crane", "25% (exemption: ...)"); nothing is converted.
// Each ';'-separated clause that starts with (or leads with a qualifier before) a number is read; the
// rest of the text stays text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::products::coa {

enum class amount_basis { bare, total, each, percent };
enum class amount_bound { exact, approx, at_least, at_most, range, average };

struct amount_clause {
    amount_basis basis = amount_basis::bare;
    amount_bound bound = amount_bound::exact;
    double low = 0, high = 0; // equal unless a range; percents as written (25 = 25%)
    bool delta = false;       // an added cost or a difference ("... added cost", "below competitor")
    std::string text;         // the clause as written
};

struct parsed_amount {
    std::vector<amount_clause> clauses; // in text order; empty when the amount states no number
    const amount_clause* first(amount_basis b) const;
    bool empty() const { return clauses.empty(); }
};

parsed_amount parse_amount(std::string_view text);

const char* to_string(amount_basis b);
const char* to_string(amount_bound b);

// A whole count from the `quantity` column ("3", "4 STS + 20 RTG" -> nullopt, "" -> nullopt).
std::optional<int> parse_quantity(std::string_view text);

// "2024-2026" -> {2024, 2026}; "2025" -> {2025, 2025}; otherwise nullopt.
std::optional<std::pair<int, int>> parse_year_span(std::string_view text);

} // namespace harbormap::products::coa
