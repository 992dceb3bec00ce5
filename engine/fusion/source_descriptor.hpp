#pragma once
// A curated source that attaches facts to ports, declared once: how its rows are read for matching
// (id, port name, WPI name, country, proxy position, LOCODE), the fact kind each row is in the
// provenance, the fact layer it becomes, the port fields it sets and what it adds to the summary.
// A new table that attaches to ports is one descriptor here (shipped_sources()) plus one mapping
// file in layers/mappings/; the fusion steps read nothing else about it.
#include "engine/core/geometry.hpp"
#include "engine/fusion/validity.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct fuse_state;        // the fusion's working state (fuse_state.hpp)
struct table_rows;        // one table's rows with their match results
struct footprint_summary; // footprint.hpp

// How the row says its position is a stand-in for a place that is not itself in the WPI.
enum class proxy_rule {
    coord_source, // proxy_field is not empty and not "wpi" (e.g. "wpi-proxy:Lagos")
    yes_flag,     // proxy_field is "yes"
};

// How a row is read for matching and for creating a curated-only port.
struct row_keys {
    std::string id_field;                         // unique row id ("terminal_id")
    std::string name_field = "port_name";         // the port the row names
    std::string wpi_name_field = "wpi_port_name"; // the WPI name the compiler gave (unused when the position is a proxy)
    std::string wpi_number_field = "wpi_number";
    std::string locode_field;                     // UN/LOCODE column ("" = none)
    std::string country_field = "country_iso2";   // ISO 3166 alpha-2 ...
    bool country_is_us_state = false;             // ... or a US state code (GU, PR, VI, AS, MP are their own codes)
    std::string proxy_field = "coord_source";
    proxy_rule proxy = proxy_rule::coord_source;
    std::string granularity_field;                // rows whose value is not "port" are kept as facts, not matched
    std::string aggregate_prefix;                 // rows whose name starts with it ("(") are aggregates: facts, not matched
};

// What one source's port-attribute hook sees: the port and the rows of every table attached to it.
struct port_facts {
    const fuse_state& state;
    std::size_t port;               // index in state.ports
    const table_rows& table;        // this source's table
    const std::vector<std::size_t>& rows; // this table's rows attached to the port
    const feature& row(std::size_t r) const;
    // Rows of another source attached to the same port (empty when that source is absent).
    const std::vector<std::size_t>& rows_of(const std::string& source) const;
};

// What the hook returns: values of the source's port fields, conflicts, and whether the port counts
// as notable for the source's importance tier.
struct port_values {
    std::map<std::string, value> values;
    std::vector<std::string> conflicts;
    bool notable = false;
};

// A column added to the source's fact layer, computed from the row.
struct derived_field {
    field_def def;
    std::function<value(const feature&)> of;
};

struct source_descriptor {
    std::string source;  // mapping source id; also the table name in provenance and the match report
    bool required = true;
    row_keys keys;

    // provenance: the fact kind of a row ("bri", "prc_terminal", ...) and the column quoted as its status
    std::function<std::string(const feature&)> fact_kind;
    std::string status_field;
    validity_rule validity;       // the columns of valid_from / valid_to (validity.hpp); empty: not time-bound
    bool names_searchable = true; // the row's port name becomes one of the port's searchable names
    bool display_names = true;    // the row's port name may be the port's display name (common English name)

    // the fact layer (GeoPackage order by layer_rank)
    std::string layer_name, layer_description;
    int layer_rank = 0;
    std::vector<derived_field> row_fields;

    // the port fields it sets (in this order in the ports schema, after the port's own fields)
    std::vector<field_def> port_fields;
    std::function<void(const port_facts&, port_values&)> port_attributes;
    std::string importance_tier; // a notable port gains the tier's weight once, whichever sources of the tier flag it
    int importance = 0;

    // summary figures from the table; extra columns of the fact layer (after matching and port attributes)
    std::function<void(const fuse_state&, const table_rows&, footprint_summary&)> summarise;
    std::function<void(const fuse_state&, const table_rows&, const feature_layer& ports, feature_layer& facts,
                       footprint_summary&)>
        extend_layer;
};

// The sources the shipped build fuses, in matching order (terminals, bri, logink, zpmc,
// other_makers, strategic, then the equipment tables of equipment.hpp: zpmc_international,
// crane_orders, prc_equipment): curated-only ports are created in this order.
const std::vector<source_descriptor>& shipped_sources();

} // namespace harbormap::fusion
