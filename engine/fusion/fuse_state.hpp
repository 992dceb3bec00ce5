#pragma once
// Internal to engine/fusion: the working state the fusion steps pass along, and the steps.
//   ports.cpp         WPI ports, UN/LOCODE enrichment, the match index
//   tables.cpp        matching every curated row, curated-only ports, fact attachment
//   port_layer.cpp    the ports schema (declared once) and the per-port attributes
//   outputs.cpp       fact layers, match report, generic summary
//   descriptors.cpp   the shipped sources (what is specific to each table)
#include "engine/fusion/footprint.hpp"
#include "engine/fusion/port_index.hpp"
#include "engine/fusion/source_descriptor.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace harbormap::fusion {

// A code that resolves to a port: which list it comes from, its edition, and how it was attached.
struct code_ref {
    std::string code, list, edition, how;
};

struct port_entity {
    std::string port_id;
    std::string wpi_number; // wpi_key() text, empty for curated-only ports
    std::string unlocode, unlocode_source; // the official UN/LOCODE (else the WPI column's code) and how
    std::string wpi_locode;                // the WPI column, normalised
    std::vector<code_ref> codes;           // every code that resolves to the port
    std::string display;                   // common English name (set by name_ports)
    std::vector<std::string> extra_names;  // official and trade names, searchable
    std::string trade_name;                // name in the trade list (first attached code)
    std::string complex, complex_role;     // port complex (declared table) and "main" | "member"
    std::string name, alt_name, country_iso2, country_name, region, water_body, harbor_size;
    std::string origin; // "wpi" | "curated"
    bool position_is_proxy = false;
    lon_lat pos;
    std::vector<std::vector<std::size_t>> rows; // per table (fuse_state::tables order): attached rows
    std::vector<std::string> conflicts;
};

// One curated table's rows with their match results.
struct table_rows {
    const source_descriptor* src = nullptr;
    std::size_t index = 0; // position in fuse_state::tables (= port_entity::rows)
    const feature_layer* layer = nullptr;
    std::vector<match_result> results;
    std::vector<std::optional<std::size_t>> port; // final port entity per row
    std::vector<std::string> status;              // matched | curated-port | unmatched | not-a-port
    std::vector<std::string> position_warnings;   // per row: the position checks' findings ("" = none)
    // "curated-port" for rows that created a curated-only port, else the matcher's method
    std::string method(std::size_t row) const;
    std::string id(std::size_t row) const;
};

struct fuse_state {
    std::vector<port_entity> ports;
    std::size_t wpi_count = 0;
    std::map<std::string, std::string> locode_names; // code -> UN/LOCODE name (first row)
    std::vector<indexed_port> indexed;
    std::vector<table_rows> tables;
    std::size_t trade_attached = 0, trade_unattached = 0;
    std::size_t wpi_locode_official = 0, official_after = 0; // WPI ports: WPI column in the official list / with an official code
    const table_rows* table(const std::string& source) const; // nullptr when the source is absent
};

// Row readers shared by the steps (descriptor-driven).
std::string row_country(const row_keys& k, const feature& f);
bool row_is_proxy(const row_keys& k, const feature& f);
std::string joined(const std::set<std::string>& s);
std::string status_summary(const std::map<std::string, int>& counts);
value opt_value(const std::optional<double>& d);

// The steps, in order.
void read_wpi_ports(const footprint_inputs& in, fuse_state& st);
void enrich_unlocode(const footprint_inputs& in, fuse_state& st); // official UN/LOCODEs (locodes.cpp)
void attach_trade_codes(const footprint_inputs& in, fuse_state& st);
void attach_complexes(const footprint_inputs& in, fuse_state& st);
std::vector<std::string> name_keys(const port_entity& p);      // main, alternate, official and trade names
void index_ports(fuse_state& st);
void match_tables(const footprint_inputs& in, fuse_state& st, const port_index& index, const match_options& opts);
void create_curated_ports(fuse_state& st, const port_index& index, footprint_summary& sum);
// position_check.cpp: rows far from the WPI port they name or outside their country
void check_positions(const footprint_inputs& in, fuse_state& st, const port_index& index,
                     std::vector<position_warning>& out, footprint_summary& sum);
void attach_by_name(fuse_state& st); // name_attach.cpp: rows without a position, by name + country
void name_ports(fuse_state& st); // display names (common English name), after attachment
void attach_facts(fuse_state& st);
feature_layer port_layer(const fuse_state& st, footprint_summary& sum);
void summarise_tables(const fuse_state& st, footprint_summary& sum);
std::vector<fact_layer> fact_layers(const fuse_state& st, const feature_layer& ports, footprint_summary& sum);
feature_layer match_report(const fuse_state& st, footprint_summary& sum);

} // namespace harbormap::fusion
