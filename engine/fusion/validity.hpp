#pragma once
// When a curated fact holds: `valid_from` / `valid_to` (integer years, either unknown) derived from the
// row's own columns, and the as-of filter every `--as-of YEAR` command applies to the curated tables
// before they are fused (so ports' classes are recomputed from the facts valid that year).
//
// The rules (README "The footprint through time"):
//   valid_from = the row's year column (terminals/BRI `since_year`; LOGINK, ZPMC abroad, crane orders and
//                other equipment `year`; US crane rows `latest_year`, the year by which every counted
//                crane was there); empty when the row gives none (never guessed).
//   valid_to   = the row's end-year column when the table has one (none of the shipped tables does);
//                else empty.  A row whose status says the fact ended (divested, cancelled) without an
//                end year keeps valid_to empty and its final status: it is never counted as operated.
//   valid in YEAR  <=>  valid_from known, valid_from <= YEAR and (valid_to empty or YEAR < valid_to).
//   Rows with an unknown valid_from count only in the present footprint (no --as-of) and are listed
//   as "year unknown" in as-of answers.  Tables without a year column (Strategic Seaports, a
//   designation list) are not time-bound: every as-of footprint keeps them whole.
#include "engine/core/geometry.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct source_descriptor;

// Which columns of a table carry its years (empty from_field: the table is not time-bound).
struct validity_rule {
    std::string from_field;               // "since_year", "year", "latest_year"
    std::string to_field;                 // end year column ("" = none)
    std::string status_field = "status";  // "" = the table has no status
};

struct validity {
    std::optional<int> from, to;
    bool ended = false; // the status says the fact ended (divested, cancelled)
};

bool status_ended(const std::string& status);
validity fact_validity(const validity_rule& rule, const feature& row);
bool valid_in(const validity& v, int year);
value year_value(const std::optional<int>& year); // the GeoPackage value (null when unknown)

// The as-of filter.  Input years outside 1900..current year are the caller's usage error.
inline constexpr int as_of_first_year = 1900;

struct as_of_table_note {
    std::size_t kept = 0, year_unknown = 0, other_years = 0, ended_year_unknown = 0; // ended_*: kept, final status
};
struct as_of_note {
    int year = 0;
    std::map<std::string, as_of_table_note> tables; // by source id (time-bound tables only)
    std::string text() const;                       // one line per table, for stderr
};

// The tables as they stood in `year`: per time-bound source, a copy with only the rows valid in
// that year; tables of other sources are passed through unchanged.
struct as_of_tables {
    std::map<std::string, feature_layer> layers;          // filtered copies, by source id
    std::map<std::string, const feature_layer*> tables;   // what to fuse (copies or the originals)
    as_of_note note;
};
as_of_tables filter_as_of(const std::map<std::string, const feature_layer*>& tables,
                          const std::vector<source_descriptor>& sources, int year);

} // namespace harbormap::fusion
