#pragma once
// The fused port footprint: every WPI port is a port entity (keyed by WPI number and UN/LOCODE);
// curated facts (terminals, BRI, LOGINK, ZPMC, Strategic Seaports) attach through the matcher;
// curated rows that match no WPI port become curated-only port entities (grouped by country and
// port name).  Every fact keeps its source row id, source URL and confidence; conflicting facts
// are kept and flagged.
#include "engine/core/geometry.hpp"
#include "engine/fusion/matcher.hpp"

#include <map>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct footprint_inputs {
    const feature_layer* wpi = nullptr;           // mapping layers/mappings/wpi.json
    const feature_layer* wpi_countries = nullptr; // wpi_countries.json
    const feature_layer* unlocode = nullptr;      // unlocode.json (optional)
    const feature_layer* terminals = nullptr;
    const feature_layer* bri = nullptr;
    const feature_layer* logink = nullptr;
    const feature_layer* zpmc = nullptr;
    const feature_layer* other_makers = nullptr;  // optional
    const feature_layer* strategic = nullptr;
};

// "PRC-operated": a mainland-Chinese firm (state-owned, private or sovereign fund) holds an equity,
// operator, concession or lease role with status active.  Builders and other statuses are facts
// shown as such, never merged into it.  Hutchison (HK-private) is its own class.
bool is_prc_firm(const std::string& operator_type);
bool is_ownership_role(const std::string& role);
std::string terminal_class(const std::string& operator_type, const std::string& role, const std::string& status);

struct count_pair {
    std::size_t ports = 0;
    std::size_t countries = 0;
    std::size_t rows = 0;
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
    count_pair bri;                   // not cancelled
    count_pair logink;                // port rows, signed or operational
    std::size_t strategic = 0;
    std::size_t strategic_with_zpmc = 0;          // high/medium-confidence counts > 0
    std::vector<std::string> strategic_with_zpmc_names;
    std::int64_t zpmc_cranes_at_strategic = 0;
    std::int64_t zpmc_cranes_total = 0;
    std::map<std::string, std::size_t> matched_by_method; // "table:method" -> rows
    std::size_t unmatched_rows = 0;
    std::size_t conflicts = 0;
};

struct footprint {
    feature_layer ports;
    feature_layer terminals;
    feature_layer strategic_seaports;
    feature_layer bri_projects;
    feature_layer logink;
    feature_layer zpmc_cranes;
    feature_layer other_crane_makers;
    feature_layer match_report;
    footprint_summary summary;
};

footprint fuse(const footprint_inputs& in, const match_options& opts = {});

// Human-readable summary (stderr of `harbormap build`).
std::string format_summary(const footprint_summary& s);

} // namespace harbormap::fusion
