#include "engine/fusion/footprint.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <algorithm>

namespace harbormap::fusion {

const char* const ports_layer_description =
    "Fused port footprint: WPI ports + curated-only ports, with Chinese terminal, BRI, LOGINK, "
    "ZPMC and Strategic Seaport facts and their sources";
const char* const match_report_description = "How each curated row was matched to a port, and why unmatched rows were not";

bool is_prc_firm(const std::string& t) { return t == "PRC-SOE" || t == "PRC-private" || t == "PRC-sovereign-fund"; }
bool is_ownership_role(const std::string& r) { return r == "equity" || r == "operator" || r == "concession" || r == "lease"; }

std::string terminal_class(const std::string& operator_type, const std::string& role, const std::string& status) {
    const std::string who = is_prc_firm(operator_type) ? "prc" : operator_type == "HK-private" ? "hk" : "other";
    if (role == "builder") return who + "-builder";
    if (status == "active") return who + "-operated";
    std::string s = status;
    std::replace(s.begin(), s.end(), '_', '-');
    return who + "-" + s;
}

std::string fact_source_date(const feature& row) {
    const std::string d = row.text("source_date");
    return d.empty() ? row.text("designation_source_date") : d;
}

std::int64_t counted_zpmc_sts(const feature& zpmc_row) {
    return zpmc_row.text("confidence") == "low" ? 0 : zpmc_row.integer("zpmc_sts_count");
}

std::string prc_group(const std::set<std::string>& group_keys) {
    std::set<std::string> groups;
    for (const auto& key : group_keys) {
        const std::string k = to_lower(trim(key));
        if (k.empty()) continue;
        const auto has = [&](const char* part) { return k.find(part) != std::string::npos; };
        if (has("cosco")) groups.insert("COSCO");
        else if (has("cmport") || has("china merchants")) groups.insert("China Merchants");
        else if (has("cccc") || has("china communications") || has("china harbour")) groups.insert("CCCC");
        else groups.insert("Other");
    }
    if (groups.empty()) return "Other";
    return groups.size() > 1 ? "Several" : *groups.begin();
}

const feature_layer* footprint::fact(const std::string& layer_name) const {
    for (const auto& f : facts)
        if (f.layer.name == layer_name) return &f.layer;
    return nullptr;
}

footprint fuse(const footprint_inputs& in, const match_options& opts) {
    const auto& sources = in.sources ? *in.sources : shipped_sources();
    std::vector<std::string> needed = {"wpi"};
    bool missing = !in.wpi;
    for (const auto& d : sources) {
        if (!d.required) continue;
        needed.push_back(d.source);
        auto it = in.tables.find(d.source);
        if (it == in.tables.end() || !it->second) missing = true;
    }
    if (missing) throw processing_error("fusion needs the " + join(needed, ", ") + " layers");

    fuse_state st;
    for (const auto& d : sources) {
        auto it = in.tables.find(d.source);
        if (it == in.tables.end() || !it->second) continue;
        table_rows t;
        t.src = &d;
        t.index = st.tables.size();
        t.layer = it->second;
        st.tables.push_back(std::move(t));
    }

    footprint out;
    read_wpi_ports(in, st);
    enrich_unlocode(in, st);
    attach_trade_codes(in, st);
    attach_complexes(in, st);
    index_ports(st);
    const port_index index(st.indexed);
    match_tables(in, st, index, opts);
    create_curated_ports(st, index, out.summary);
    check_positions(in, st, index, out.position_warnings, out.summary);
    attach_by_name(st);
    attach_facts(st);
    name_ports(st);

    out.ports = port_layer(st, out.summary);
    summarise_tables(st, out.summary);
    out.facts = fact_layers(st, out.ports, out.summary);
    out.match_report = match_report(st, out.summary);
    out.summary.ports = st.ports.size();
    out.summary.wpi_ports = st.wpi_count;
    out.summary.curated_ports = st.ports.size() - st.wpi_count;
    out.summary.wpi_official_before = st.wpi_locode_official;
    out.summary.wpi_official_after = st.official_after;
    out.summary.trade_codes = st.trade_attached;
    out.summary.trade_codes_unattached = st.trade_unattached;
    return out;
}

} // namespace harbormap::fusion
