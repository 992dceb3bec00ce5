#pragma once
// The fused port footprint: every WPI port is a port entity (keyed by WPI number and UN/LOCODE);
// curated facts (terminals, BRI, LOGINK, ZPMC, Strategic Seaports) attach through the matcher;
// curated rows that match no WPI port become curated-only port entities (grouped by country and
// port name).  Every fact keeps its source row id, source URL and confidence; conflicting facts
// are kept and flagged.
#include "engine/core/geometry.hpp"
#include "engine/fusion/equipment.hpp"
#include "engine/fusion/matcher.hpp"
#include "engine/fusion/position_check.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct source_descriptor;

struct footprint_inputs {
    const feature_layer* wpi = nullptr;           // mapping layers/mappings/wpi.json
    const feature_layer* wpi_countries = nullptr; // wpi_countries.json
    const feature_layer* unlocode = nullptr;      // unlocode.json (optional): the official list
    const feature_layer* trade = nullptr;         // trade_locodes.json (optional): codes in commercial use
    const feature_layer* complexes = nullptr;     // port_complexes.json (optional)
    std::map<std::string, const feature_layer*> tables; // curated tables by source id (shipped_sources())
    const std::vector<source_descriptor>* sources = nullptr; // nullptr: shipped_sources()
    // position checks (position_check.hpp): the country polygons (nullptr: no country check), the coastline
    // (nullptr: no inland check), the limits, and each table's file and position columns for the messages
    // (by source id; default: the source id)
    const country_index* countries = nullptr;
    const coast_index* coast = nullptr;
    position_options position;
    std::map<std::string, table_origin> origins;
};

// "PRC-operated": a mainland-Chinese firm (state-owned, private or sovereign fund) holds an equity,
// operator, concession or lease role with status active.  Builders and other statuses are facts
// shown as such, never merged into it.  Hutchison (HK-private) is its own class.
bool is_prc_firm(const std::string& operator_type);
bool is_ownership_role(const std::string& role);
std::string terminal_class(const std::string& operator_type, const std::string& role, const std::string& status);
// The group a PRC-operated port is drawn in (its ports field `prc_group`, coloured by every map and style
// through data/styles/symbols.json): "COSCO", "China Merchants" (CMPort, Terminal Link), "CCCC" (China
// Communications, China Harbour), "Other" (any other PRC firm, or none named) or "Several" when the port's
// PRC-operated terminals belong to more than one of these.  `group_keys`: the terminals' group_key values.
std::string prc_group(const std::set<std::string>& group_keys);
// The source date a fact row gives: its source_date, or the Strategic Seaport seed's designation_source_date;
// empty when it gives none (never guessed).
std::string fact_source_date(const feature& row);
// A ZPMC crane row's STS cranes as the figures count them (report, coa, the Strategic Seaports): its
// zpmc_sts_count when its confidence is high or medium, 0 for a low-confidence row.
std::int64_t counted_zpmc_sts(const feature& zpmc_row);

struct count_pair {
    std::size_t ports = 0;
    std::size_t countries = 0;
    std::size_t rows = 0;
    // the counted rows by curated name (distinct country + port_name, as the report counts), where kept
    std::size_t ports_by_name = 0, countries_by_name = 0;
};

struct footprint_summary {
    std::size_t ports = 0, wpi_ports = 0, curated_ports = 0;
    count_pair prc_operated;          // by fused port entity; countries from the rows
    count_pair prc_operated_by_name;  // distinct (country, curated port_name), as trackers count
    count_pair prc_operated_or_pending_by_name;
    count_pair prc_or_hk_by_name;     // PRC + Hutchison, active ownership/operation
    count_pair hk_operated;
    count_pair prc_builder;
    std::map<std::string, std::size_t> prc_ports_by_group; // group_key -> fused ports
    count_pair bri;                   // not cancelled; ports and countries by fused port entity (and by name)
    count_pair logink;                // port rows, signed or operational; ports and countries by fused port entity (and by name)
    std::size_t strategic = 0;
    std::size_t strategic_with_zpmc = 0;          // high/medium-confidence counts > 0
    std::vector<std::string> strategic_with_zpmc_names;
    std::int64_t zpmc_cranes_at_strategic = 0;
    std::int64_t zpmc_cranes_total = 0;
    equipment_summary equipment;      // cranes abroad, US crane orders, other Chinese equipment (equipment.hpp)
    std::map<std::string, std::size_t> matched_by_method; // "table:method" -> rows
    std::size_t unmatched_rows = 0;
    std::size_t wpi_official_before = 0, wpi_official_after = 0; // WPI ports whose code is in the official list
    std::size_t trade_codes = 0, trade_codes_unattached = 0;
    std::size_t curated_merged = 0; // curated-only entities merged into the WPI port they stand at
    std::size_t conflicts = 0;
    // position checks: rows checked against the WPI port they name / against their country / against the
    // coastline, warnings
    std::size_t position_port_checked = 0, position_country_checked = 0, position_inland_checked = 0, position_warnings = 0;
};

// A curated table's rows with the port each is linked to, as written to the GeoPackage.
struct fact_layer {
    feature_layer layer;
    std::string description;
};

struct footprint {
    feature_layer ports;
    std::vector<fact_layer> facts; // by the sources' layer_rank
    feature_layer match_report;                   // carries each row's position warnings
    std::vector<position_warning> position_warnings; // by table, then row
    footprint_summary summary;
    const feature_layer* fact(const std::string& layer_name) const; // nullptr when absent
};

extern const char* const ports_layer_description;
extern const char* const match_report_description;

footprint fuse(const footprint_inputs& in, const match_options& opts = {});

// Human-readable summary (stderr of `harbormap build`).
std::string format_summary(const footprint_summary& s);

} // namespace harbormap::fusion
