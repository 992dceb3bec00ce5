#pragma once
// What `harbormap coa` reads: the cost facts (mapping `crane_costs`) and, from the fused GeoPackage, the
// ZPMC STS counts per port and the PRC-made crane orders not yet delivered.
#include "engine/products/coa/coa.hpp"

#include <filesystem>

namespace harbormap::products::coa {

struct coa_inputs {
    std::vector<cost_fact> facts;
    feature_layer ports, strategic, orders; // orders: the GeoPackage's crane_orders layer, else the curated CSV
    feature_layer zpmc;                     // the GeoPackage's zpmc_cranes layer (the rows behind zpmc_sts_count)
    std::vector<std::string> notes;
};

coa_inputs load_inputs(const std::filesystem::path& gpkg, const std::filesystem::path& data_dir,
                       const std::filesystem::path& mappings_dir);

// Is an order row a PRC-made crane ordered or planned but not delivered?
bool pending_prc_order(const feature& order);

// One entry per Strategic Seaport that has ZPMC cranes counted or PRC cranes pending.
std::vector<port_cranes> strategic_ports(const coa_inputs& in);
// One entry per US port (states and territories) of the ports layer with ZPMC cranes or pending PRC orders.
std::vector<port_cranes> us_ports(const coa_inputs& in);
// The entry of one port of the ports layer: N counts the zpmc_cranes rows of high or medium confidence, as
// the Strategic Seaports layer does (the ports layer's zpmc_sts_count adds the low-confidence rows).
port_cranes port_entry(const coa_inputs& in, const feature& port);
// When `port` is a US Strategic Seaport whose row counts other ZPMC cranes than the port's own rows (the
// seaport row covers a port complex: "Norfolk (Hampton Roads)" counts 22, Norfolk's own rows 6), a note
// saying which count `entry` prices and where the other is; else empty.
std::string seaport_count_note(const coa_inputs& in, const feature& port, const port_cranes& entry);

} // namespace harbormap::products::coa
