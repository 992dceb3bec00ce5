// Fusion steps 8-10: per-source summary figures, the fact layers (curated rows + match columns,
// extended by their source), the match report; and the human-readable summary.
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace harbormap::fusion {

namespace {

value distance_value(const match_result& r) {
    return r.distance_km ? value(std::round(*r.distance_km * 1000) / 1000) : value();
}

feature_layer fact_layer_of(const fuse_state& st, const table_rows& t) {
    const source_descriptor& d = *t.src;
    feature_layer l;
    l.name = d.layer_name;
    l.geom_type = geometry_type::point;
    l.fields = t.layer->fields;
    l.fields.push_back({"port_id", field_type::text});
    l.fields.push_back({"match_method", field_type::text});
    l.fields.push_back({"match_distance_km", field_type::real});
    l.fields.push_back({"match_status", field_type::text});
    for (const auto& df : d.row_fields) l.fields.push_back(df.def);
    const bool timed = !d.validity.from_field.empty();
    if (timed) l.fields.insert(l.fields.end(), {{"valid_from", field_type::integer}, {"valid_to", field_type::integer}});
    for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
        feature f = t.layer->features[i];
        f.properties.emplace_back("port_id", t.port[i] ? value(st.ports[*t.port[i]].port_id) : value());
        f.properties.emplace_back("match_method", t.method(i));
        f.properties.emplace_back("match_distance_km", distance_value(t.results[i]));
        f.properties.emplace_back("match_status", t.status[i]);
        for (const auto& df : d.row_fields) f.properties.emplace_back(df.def.name, df.of(f));
        if (timed) {
            const validity when = fact_validity(d.validity, t.layer->features[i]);
            f.properties.emplace_back("valid_from", year_value(when.from));
            f.properties.emplace_back("valid_to", year_value(when.to));
        }
        if (f.geom.empty() && t.port[i]) f.geom = geometry::make_point(st.ports[*t.port[i]].pos);
        f.id = static_cast<std::int64_t>(i + 1);
        l.features.push_back(std::move(f));
    }
    return l;
}

} // namespace

void summarise_tables(const fuse_state& st, footprint_summary& sum) {
    for (const auto& t : st.tables)
        if (t.src->summarise) t.src->summarise(st, t, sum);
}

std::vector<fact_layer> fact_layers(const fuse_state& st, const feature_layer& ports, footprint_summary& sum) {
    std::vector<const table_rows*> order;
    for (const auto& t : st.tables) order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const table_rows* a, const table_rows* b) {
        return a->src->layer_rank < b->src->layer_rank;
    });
    std::vector<fact_layer> out;
    for (const table_rows* t : order) {
        fact_layer fl{fact_layer_of(st, *t), t->src->layer_description};
        if (t->src->extend_layer) t->src->extend_layer(st, *t, ports, fl.layer, sum);
        out.push_back(std::move(fl));
    }
    return out;
}

feature_layer match_report(const fuse_state& st, footprint_summary& sum) {
    feature_layer out;
    out.name = "match_report";
    out.geom_type = geometry_type::none;
    out.fields = {{"source_table", field_type::text}, {"row_id", field_type::text}, {"source_row", field_type::integer},
                  {"status", field_type::text}, {"method", field_type::text}, {"port_id", field_type::text},
                  {"port_name", field_type::text}, {"distance_km", field_type::real}, {"reason", field_type::text},
                  {"position_warning", field_type::text}};
    std::int64_t mid = 0;
    for (const auto& t : st.tables)
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            const auto& r = t.results[i];
            const std::string method = t.method(i);
            std::string reason = r.reason;
            if (t.status[i] == "curated-port")
                reason = (reason.empty() ? "" : reason + "; ") + "no WPI port: a curated-only port entity was created from the row";
            feature f;
            f.id = ++mid;
            f.properties = {{"source_table", t.src->source}, {"row_id", t.id(i)}, {"source_row", t.layer->features[i].row},
                            {"status", t.status[i]}, {"method", method},
                            {"port_id", t.port[i] ? value(st.ports[*t.port[i]].port_id) : value()},
                            {"port_name", t.port[i] ? value(st.ports[*t.port[i]].display) : value()},
                            {"distance_km", distance_value(r)}, {"reason", reason},
                            {"position_warning", t.position_warnings.empty() || t.position_warnings[i].empty() ? value() : value(t.position_warnings[i])}};
            out.features.push_back(std::move(f));
            const bool unplaced = t.status[i] == "unmatched" || t.status[i] == "not-a-port";
            sum.matched_by_method[t.src->source + ":" + (unplaced ? t.status[i] : method)]++;
            if (t.status[i] == "unmatched") sum.unmatched_rows++;
        }
    return out;
}

std::string format_summary(const footprint_summary& s) {
    std::string o;
    o += fmt::format("ports: {} ({} WPI, {} curated-only)\n", s.ports, s.wpi_ports, s.curated_ports);
    o += fmt::format("PRC-operated terminals (mainland PRC firms; equity/operator/concession/lease; active): {} rows at {} "
                     "ports in {} countries (by curated port name); {} fused port entities\n",
                     s.prc_operated_by_name.rows, s.prc_operated_by_name.ports, s.prc_operated_by_name.countries, s.prc_operated.ports);
    o += fmt::format("  with pending deals: {} ports in {} countries; with Hutchison (HK) as well: {} ports in {} countries\n",
                     s.prc_operated_or_pending_by_name.ports, s.prc_operated_or_pending_by_name.countries,
                     s.prc_or_hk_by_name.ports, s.prc_or_hk_by_name.countries);
    o += fmt::format("  Hutchison (HK-private) active: {} rows at {} ports; PRC construction-only (builder) rows: {} in {} countries\n",
                     s.hk_operated.rows, s.hk_operated.ports, s.prc_builder.rows, s.prc_builder.countries);
    std::vector<std::string> groups;
    for (const auto& [g, n] : s.prc_ports_by_group) groups.push_back(fmt::format("{} {}", g, n));
    o += "  ports by group: " + join(groups, ", ") + "\n";
    o += fmt::format("BRI port projects (not cancelled): {} rows at {} ports in {} countries (by curated port name); {} fused "
                     "port entities in {} countries\n",
                     s.bri.rows, s.bri_by_name.ports, s.bri_by_name.countries, s.bri.ports, s.bri.countries);
    o += fmt::format("LOGINK partner ports (signed/operational): {} rows at {} ports in {} countries (by curated port name); {} "
                     "fused port entities in {} countries\n",
                     s.logink.rows, s.logink_by_name.ports, s.logink_by_name.countries, s.logink.ports, s.logink.countries);
    o += fmt::format("Strategic Seaports: {}; with ZPMC cranes (high/medium confidence): {} ({} cranes counted, lower bound; "
                     "{} ZPMC STS cranes in the table)\n",
                     s.strategic, s.strategic_with_zpmc, s.zpmc_cranes_at_strategic, s.zpmc_cranes_total);
    o += "  " + join(s.strategic_with_zpmc_names, "; ") + "\n";
    o += format_equipment_summary(s.equipment);
    std::vector<std::string> m;
    for (const auto& [k, n] : s.matched_by_method) m.push_back(fmt::format("{} {}", k, n));
    o += "matching: " + join(m, ", ") + "\n";
    o += fmt::format("unmatched rows: {}; conflicts flagged: {}; curated-only entities merged into their WPI port: {}\n",
                     s.unmatched_rows, s.conflicts, s.curated_merged);
    o += fmt::format("position checks: {} rows against the WPI port they name, {} against their country, {} against the "
                     "coastline; {} warnings\n",
                     s.position_port_checked, s.position_country_checked, s.position_inland_checked, s.position_warnings);
    o += fmt::format("codes: {} WPI ports with an official UN/LOCODE ({} by the WPI column's code); {} trade codes attached "
                     "({} not attached)\n",
                     s.wpi_official_after, s.wpi_official_before, s.trade_codes, s.trade_codes_unattached);
    return o;
}

} // namespace harbormap::fusion
