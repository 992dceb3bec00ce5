#pragma once
// Evidence an analyst can defend: figures computed from the rows of the curated tables (as fused into
// the GeoPackage's fact layers), each carrying exactly the rows behind it with their own URL,
// confidence and date; the ZPMC inventory outside the US, US crane buying since 2023 by maker, other
// Chinese equipment, and the pipeline of pending deals.  The report's evidence sections read this.
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace harbormap::products {

// One row of a curated table behind a figure.
struct cited_row {
    std::string table;  // mapping source of the row ("terminals", "zpmc_international", ...)
    std::string id;     // the row's id in that table
    std::string port;   // "Piraeus (GR)"
    std::string url, url_2, confidence, date;
    std::string detail; // what the row says, shortly ("COSCO equity 67% active")
};

struct cited_figure {
    std::string id;     // anchor ("ev-prc-active-ports")
    std::string label;
    std::string table;  // the table every row comes from
    std::string rule;   // how the value is counted from the rows
    long long value = 0;
    std::vector<cited_row> rows;
    // Share of the rows behind the figure whose confidence is high (0 when there are no rows).
    double high_share() const;
};

// The fact layers the evidence is computed from (names as in the GeoPackage).
struct evidence_layers {
    feature_layer terminals, bri, logink, strategic, cranes, orders, equipment;
};
// Reads them from the fused GeoPackage; a missing layer stays empty (its figures are 0 with no rows).
evidence_layers load_evidence_layers(const std::filesystem::path& gpkg);

// Per-port rows of the ZPMC inventory outside the US (the `cranes` layer's zpmc_international rows).
struct inventory_row {
    std::string country, port, terminal, crane_type, count, status, year, count_basis, confidence, url, id;
    bool delivered = false; // delivered, in service, delivered in part or installing; else on order / shipped
};

struct maker_row {
    std::string maker, prc_class;
    long long rows = 0, sts = 0, other = 0; // other: non-STS cranes (yard)
    std::vector<std::string> ids;
};

struct evidence {
    std::vector<cited_figure> figures;
    std::vector<inventory_row> zpmc_abroad;   // sorted by country, port
    std::vector<maker_row> us_orders;         // by maker family
    std::vector<cited_row> equipment;         // other Chinese equipment, by maker then country
    const cited_figure* find(const std::string& id) const;
};

// Empty when the GeoPackage lacks the terminals or cranes layer.
evidence compute_evidence(const evidence_layers& l);

// The headline figure ids of the report and the evidence figure that replaces each (value and rows)
// when the GeoPackage has the fact layers: ("prc-ports", "ev-prc-active-ports"), ...
const std::vector<std::pair<std::string, std::string>>& headline_evidence();

} // namespace harbormap::products
