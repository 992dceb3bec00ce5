#include "engine/products/coa/coa_inputs.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/footprint.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace harbormap::products::coa {
namespace {

bool is_us(const std::string& cc) { return cc == "US" || cc == "GU" || cc == "PR" || cc == "VI" || cc == "AS" || cc == "MP"; }

// Orders at a port: by the order's port_id when the fused layer has one, else by WPI number, else by the
// Strategic Seaport seed name.
void add_orders(const coa_inputs& in, port_cranes& p, const std::string& wpi_number, const std::string& strategic_name) {
    for (const auto& o : in.orders.features) {
        const std::string oid = o.text("port_id");
        const bool same = (!oid.empty() && oid == p.port_id) ||
                          (oid.empty() && !wpi_number.empty() && o.text("wpi_number") == wpi_number) ||
                          (oid.empty() && !strategic_name.empty() && o.text("strategic_seed_name") == strategic_name);
        if (!same || !pending_prc_order(o)) continue;
        p.pending_prc += o.integer("count");
        p.order_rows.push_back(o.text("order_id"));
    }
}

feature_layer take(std::vector<feature_layer>& ls, const std::string& name) {
    for (auto& l : ls)
        if (l.name == name) return std::move(l);
    return {};
}

} // namespace

bool pending_prc_order(const feature& o) {
    const std::string st = to_lower(o.text("status"));
    return to_lower(o.text("prc_maker")) == "yes" && (st == "ordered" || st == "planned" || st == "on order" || st == "contracted");
}

coa_inputs load_inputs(const fs::path& gpkg, const fs::path& data_dir, const fs::path& mappings_dir) {
    coa_inputs in;
    const auto map = layers::load_mapping(mappings_dir / "crane_costs.json");
    in.facts = load_cost_facts(layers::read_source(map, data_dir).layer);
    if (!fs::exists(gpkg)) throw processing_error(gpkg.string() + " does not exist: run 'harbormap build' first (or pass --out DIR)");
    auto ls = layers::read_vector_file(gpkg, {"ports", "strategic_seaports", "crane_orders", "zpmc_cranes"});
    in.ports = take(ls, "ports");
    in.zpmc = take(ls, "zpmc_cranes");
    in.strategic = take(ls, "strategic_seaports");
    in.orders = take(ls, "crane_orders");
    if (in.orders.features.empty()) {
        const fs::path csv = data_dir / "curated" / "us_crane_orders_since_2023.csv";
        if (fs::exists(csv)) {
            auto o = layers::read_vector_file(csv);
            if (!o.empty()) in.orders = std::move(o.front());
            in.notes.push_back("crane orders read from " + csv.string() + " (the GeoPackage has no crane_orders layer)");
        } else {
            in.notes.push_back("no crane orders table: pending PRC orders are not counted");
        }
    }
    return in;
}

port_cranes port_entry(const coa_inputs& in, const feature& port) {
    port_cranes p;
    p.port_id = port.text("port_id");
    p.name = port.text("name");
    p.zpmc_sts = port.integer("zpmc_sts_count");
    if (!in.zpmc.features.empty()) {
        p.zpmc_sts = 0;
        for (const auto& z : in.zpmc.features)
            if (z.text("port_id") == p.port_id) p.zpmc_sts += fusion::counted_zpmc_sts(z);
    }
    add_orders(in, p, port.text("wpi_number"), port.text("strategic_name"));
    return p;
}

std::string seaport_count_note(const coa_inputs& in, const feature& port, const port_cranes& entry) {
    const std::string seaport = port.text("strategic_name");
    if (seaport.empty()) return {};
    for (const auto& s : in.strategic.features) {
        if (s.text("name") != seaport) continue;
        const long long n = s.integer("zpmc_sts_count");
        if (n == entry.zpmc_sts) return {};
        return fmt::format("{} ({}): priced with the {} ZPMC STS cranes of the port's own rows; its US Strategic Seaport row '{}' "
                           "counts {} (coa --all-strategic prices those)",
                           entry.name, entry.port_id, entry.zpmc_sts, seaport, n);
    }
    return {};
}

std::vector<port_cranes> strategic_ports(const coa_inputs& in) {
    std::vector<port_cranes> out;
    for (const auto& s : in.strategic.features) {
        port_cranes p;
        p.port_id = s.text("port_id");
        p.name = s.text("name");
        p.zpmc_sts = s.integer("zpmc_sts_count");
        add_orders(in, p, "", p.name);
        if (p.zpmc_sts > 0 || p.pending_prc > 0) out.push_back(std::move(p));
    }
    return out;
}

std::vector<port_cranes> us_ports(const coa_inputs& in) {
    std::vector<port_cranes> out;
    for (const auto& f : in.ports.features) {
        if (!is_us(f.text("country_iso2"))) continue;
        port_cranes p = port_entry(in, f);
        if (p.zpmc_sts > 0 || p.pending_prc > 0) out.push_back(std::move(p));
    }
    return out;
}

} // namespace harbormap::products::coa
