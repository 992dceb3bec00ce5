#pragma once
// The equipment tables: ZPMC cranes outside the US (with the two US crane tables, the `cranes`
// layer), US crane orders since 2023 (`crane_orders`) and other Chinese equipment in seaports
// (`prc_equipment`): their source descriptors and the summary figures computed from their rows.
#include "engine/core/geometry.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct source_descriptor;

// A row whose port_name starts with "(" is an aggregate (EU-wide, national, a port not named):
// a fact, never a port and never placed.
bool is_aggregate_name(const std::string& port_name);

// The place a row counts for when counting ports from rows: the WPI port the row names
// ("CC|wpi:31140"), else its port name without a parenthesised qualifier ("Singapore (Tuas)" ->
// "SG|name:singapore"); "" for aggregates.
std::string place_key(const feature& row);

struct place_count {
    std::size_t rows = 0;       // rows counted (aggregates included)
    std::size_t places = 0;     // distinct place_key()
    std::size_t countries = 0;  // distinct country_iso2 of those places
    std::size_t aggregates = 0; // rows that are aggregates
};

// Orders since 2023 of one maker family ("ZPMC", "Liebherr", ...; "maker not named (...)" when the row names none).
struct maker_orders {
    std::string prc_class;   // "PRC" | "non-PRC" | "not known" (from prc_maker)
    std::size_t rows = 0;
    std::int64_t cranes = 0; // sum of `count` (each row is its own order or delivery)
    std::int64_t sts = 0;    // of which ship-to-shore
};

struct equipment_summary {
    place_count zpmc_abroad;   // zpmc_international rows
    std::size_t zpmc_abroad_entities = 0; // fused port entities with a zpmc_international row
    place_count nuctech;       // prc_equipment rows whose maker is Nuctech
    place_count prc_equipment; // every prc_equipment row
    std::size_t crane_rows = 0; // rows of the `cranes` layer
    std::map<std::string, maker_orders> us_orders_by_maker;
    std::map<std::string, std::int64_t> us_sts_by_class; // prc_class -> STS cranes ordered or delivered since 2023
    std::size_t us_order_rows = 0;
};

// "PRC" for prc_maker "yes", "non-PRC" for "no" and "no (intent)", else "not known".
std::string prc_class(const std::string& prc_maker);
// The maker family of an order row: the first word of `maker` ("Liebherr Container Cranes" -> "Liebherr"),
// "maker not named (<prc_class>)" when the row names none ("undecided", "not stated ...", "not yet selected ...").
std::string maker_family(const feature& order);
// The family with its class once: "Liebherr (non-PRC)", "maker not named (non-PRC)" (the family of a row
// naming no maker already carries its class).
std::string maker_label(const std::string& family, const std::string& prc_class);

std::string format_equipment_summary(const equipment_summary& s);

// The descriptors of the three tables (none is required: a footprint without them is still valid).
std::vector<source_descriptor> equipment_sources();

} // namespace harbormap::fusion
