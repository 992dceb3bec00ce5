// The curated sources the shipped build fuses: everything specific to one table lives in its
// descriptor (how rows are read, fact kinds, port fields, summary figures, fact-layer columns).
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace harbormap::fusion {

namespace {

std::string terminal_class_of(const feature& f) {
    return terminal_class(f.text("operator_type"), f.text("role"), f.text("status"));
}

// --- terminals -------------------------------------------------------------------------------

void terminal_attributes(const port_facts& pf, port_values& out) {
    int prc_n = 0, hk_n = 0, builder_n = 0;
    std::set<std::string> operators, groups;
    std::optional<double> max_stake, max_look;
    std::map<std::string, int> other_status;
    std::map<std::string, std::set<std::string>> stakes_by_terminal; // conflict detection
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        const std::string type = f.text("operator_type"), role = f.text("role"), status = f.text("status");
        const std::string cls = terminal_class(type, role, status);
        if (cls == "prc-operated") {
            ++prc_n;
            operators.insert(f.text("operator"));
            groups.insert(f.text("group_key"));
            if (auto s = f.number("stake_pct")) max_stake = std::max(max_stake.value_or(0.0), *s);
            if (auto s = f.number("prc_lookthrough_pct")) max_look = std::max(max_look.value_or(0.0), *s);
        } else if (cls == "hk-operated") {
            ++hk_n;
        } else if (role == "builder") {
            ++builder_n;
        } else if (is_prc_firm(type)) {
            other_status[status]++;
        }
        if (auto s = f.number("stake_pct"); s && role != "builder")
            stakes_by_terminal[f.text("group_key") + "|" + normalise_name(f.text("terminal_name"))].insert(format_general(*s));
        if (to_lower(f.text("notes")).find("conflict") != std::string::npos)
            out.conflicts.push_back("terminals:" + f.text("terminal_id") + ": the source notes a conflict");
    }
    for (const auto& [k, v] : stakes_by_terminal)
        if (v.size() > 1) out.conflicts.push_back("terminals: different stakes for " + k.substr(k.find('|') + 1) + ": " + joined(v));
    out.values = {{"prc_operated", prc_n > 0}, {"prc_terminals", std::int64_t{prc_n}}, {"prc_operators", joined(operators)},
                  {"prc_groups", joined(groups)},
                  {"prc_group", prc_n > 0 ? value(prc_group(groups)) : value()}, {"prc_max_stake", opt_value(max_stake)},
                  {"prc_max_lookthrough", opt_value(max_look)}, {"prc_other_status", status_summary(other_status)},
                  {"prc_builder", std::int64_t{builder_n}}, {"hk_operated", hk_n > 0}, {"hk_terminals", std::int64_t{hk_n}}};
    out.notable = prc_n > 0 || hk_n > 0;
}

// Counts by fused port entity, and by curated port name (as the trackers count: distinct country + port_name).
void terminal_summary(const fuse_state& st, const table_rows& t, footprint_summary& sum) {
    std::set<std::string> prc_countries, hk_countries;
    for (const auto& p : st.ports) {
        std::set<std::string> groups;
        for (auto r : p.rows[t.index]) {
            const feature& f = t.layer->features[r];
            const std::string cls = terminal_class_of(f);
            if (cls == "prc-operated") {
                groups.insert(f.text("group_key"));
                prc_countries.insert(f.text("country_iso2"));
            } else if (cls == "hk-operated") {
                hk_countries.insert(f.text("country_iso2"));
            }
        }
        if (groups.empty()) continue;
        sum.prc_operated.ports++;
        for (const auto& g : groups) sum.prc_ports_by_group[g]++;
    }
    std::set<std::string> prc_names, prc_name_countries, prcp_names, prcp_name_countries, any_names, any_name_countries,
        hk_names, builder_countries;
    for (const auto& f : t.layer->features) {
        const std::string type = f.text("operator_type"), role = f.text("role"), status = f.text("status");
        const std::string cc = f.text("country_iso2"), key = cc + "|" + f.text("port_name");
        if (is_ownership_role(role) && (is_prc_firm(type) || type == "HK-private") && status == "active") {
            any_names.insert(key);
            any_name_countries.insert(cc);
        }
        if (!is_prc_firm(type)) {
            if (type == "HK-private" && is_ownership_role(role) && status == "active") {
                hk_names.insert(key);
                sum.hk_operated.rows++;
            }
            continue;
        }
        if (role == "builder") {
            sum.prc_builder.rows++;
            builder_countries.insert(cc);
            continue;
        }
        if (status == "active") {
            sum.prc_operated_by_name.rows++;
            prc_names.insert(key);
            prc_name_countries.insert(cc);
        }
        if (status == "active" || status == "pending") {
            prcp_names.insert(key);
            prcp_name_countries.insert(cc);
        }
    }
    sum.prc_operated_by_name.ports = prc_names.size();
    sum.prc_operated_by_name.countries = prc_name_countries.size();
    sum.prc_operated_or_pending_by_name.ports = prcp_names.size();
    sum.prc_operated_or_pending_by_name.countries = prcp_name_countries.size();
    sum.prc_or_hk_by_name.ports = any_names.size();
    sum.prc_or_hk_by_name.countries = any_name_countries.size();
    sum.hk_operated.ports = hk_names.size();
    sum.hk_operated.countries = hk_countries.size();
    sum.prc_builder.countries = builder_countries.size();
    sum.prc_operated.countries = prc_countries.size();
    sum.prc_operated.rows = sum.prc_operated_by_name.rows;
}

// --- BRI and LOGINK: a status per row, a port flag when any row is live ------------------------

// <source>_source_url and <source>_confidence of a fact with no tile layer of its own (BRI, LOGINK): each row's
// source_url and confidence, "; " between rows (in the same order); left null for a port without rows, so
// the tiles carry nothing for it.
void add_row_sources(const port_facts& pf, const std::string& source, port_values& out) {
    if (pf.rows.empty()) return;
    std::vector<std::string> urls, confidences;
    for (auto r : pf.rows) {
        urls.push_back(pf.row(r).text("source_url"));
        confidences.push_back(pf.row(r).text("confidence"));
    }
    out.values[source + "_source_url"] = join(urls, "; ");
    out.values[source + "_confidence"] = join(confidences, "; ");
}

void bri_attributes(const port_facts& pf, port_values& out) {
    int n = 0;
    std::map<std::string, int> status;
    for (auto r : pf.rows) {
        const std::string s = pf.row(r).text("status");
        status[s]++;
        if (s != "cancelled") ++n;
    }
    out.values = {{"bri", n > 0}, {"bri_projects", std::int64_t{n}}, {"bri_status", status_summary(status)}};
    add_row_sources(pf, "bri", out);
    out.notable = n > 0;
}

bool logink_live(const feature& f) { return f.text("status") == "signed" || f.text("status") == "operational"; }

void logink_attributes(const port_facts& pf, port_values& out) {
    bool live = false;
    std::map<std::string, int> status;
    for (auto r : pf.rows) {
        status[pf.row(r).text("status")]++;
        live = live || logink_live(pf.row(r));
    }
    out.values = {{"logink", live}, {"logink_status", status_summary(status)}};
    add_row_sources(pf, "logink", out);
    out.notable = live;
}

// rows: `row_counts` over the table; ports and countries: over rows attached to a port where `counts` holds.
void count_live(const fuse_state& st, const table_rows& t, count_pair& c, const std::function<bool(const feature&)>& counts,
                const std::function<bool(const feature&)>& row_counts) {
    std::set<std::string> countries;
    for (const auto& p : st.ports) {
        bool any = false;
        for (auto r : p.rows[t.index])
            if (counts(t.layer->features[r])) {
                any = true;
                countries.insert(t.layer->features[r].text("country_iso2"));
            }
        if (any) c.ports++;
    }
    c.countries = countries.size();
    std::set<std::string> names, name_countries;
    for (const auto& f : t.layer->features) {
        if (!row_counts(f)) continue;
        c.rows++;
        names.insert(f.text("country_iso2") + "|" + f.text("port_name"));
        name_countries.insert(f.text("country_iso2"));
    }
    c.ports_by_name = names.size();
    c.countries_by_name = name_countries.size();
}

// --- ZPMC ----------------------------------------------------------------------------------------

void zpmc_attributes(const port_facts& pf, port_values& out) {
    bool zpmc = false, negative = false, positive = false;
    std::int64_t count = 0;
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        const auto c = f.number("zpmc_sts_count");
        const std::string conf = f.text("confidence");
        if (c && *c > 0) {
            count += static_cast<std::int64_t>(*c);
            positive = true;
            if (conf != "low") zpmc = true;
        } else if (c && *c == 0) {
            negative = true;
        } else if (conf != "low") {
            zpmc = true; // a ZPMC link with no countable number
        }
    }
    if (negative && positive) out.conflicts.push_back("zpmc: a negative finding (0) and positive counts at the same port");
    // the ZPMC table's own strategic flag against the seed
    const bool strategic = !pf.rows_of("strategic").empty();
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        const std::string flag = f.text("dod_strategic_seaport");
        const bool via_seed = !f.text("strategic_seed_name").empty();
        if (flag == "yes" && !strategic && !via_seed)
            out.conflicts.push_back("zpmc:" + f.text("zpmc_id") + " says strategic seaport, the seed has no such port");
        if (flag == "no" && strategic)
            out.conflicts.push_back("zpmc:" + f.text("zpmc_id") + " says not a strategic seaport, the seed lists the port");
    }
    out.values = {{"zpmc", zpmc}, {"zpmc_sts_count", positive ? value(count) : value()}};
    out.notable = zpmc;
}

// --- Strategic Seaports --------------------------------------------------------------------------

void strategic_attributes(const port_facts& pf, port_values& out) {
    std::string name, role;
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        name = name.empty() ? f.text("name") : name + ";" + f.text("name");
        role = role.empty() ? f.text("role_as_reported") : role + ";" + f.text("role_as_reported");
    }
    out.values = {{"strategic", !pf.rows.empty()}, {"strategic_name", name}, {"strategic_role", role}};
    out.notable = !pf.rows.empty();
}

// Strategic Seaports with their ZPMC rows (same port, or the ZPMC row's curated strategic_seed_name,
// e.g. Portsmouth VA -> "Norfolk (Hampton Roads)") and the nearest PRC-operated port (geodesic).
void strategic_layer(const fuse_state& st, const table_rows& S, const feature_layer& ports, feature_layer& out,
                     footprint_summary& sum) {
    out.fields.push_back({"zpmc", field_type::boolean});
    out.fields.push_back({"zpmc_sts_count", field_type::integer});
    out.fields.push_back({"zpmc_rows", field_type::text});
    out.fields.push_back({"nearest_prc_port_id", field_type::text});
    out.fields.push_back({"nearest_prc_port_name", field_type::text});
    out.fields.push_back({"nearest_prc_geodesic_nm", field_type::real});
    std::vector<std::size_t> prc_ports;
    for (std::size_t i = 0; i < ports.features.size(); ++i)
        if (ports.features[i].flag("prc_operated")) prc_ports.push_back(i);
    const table_rows* Z = st.table("zpmc");
    for (std::size_t s = 0; s < S.layer->features.size(); ++s) {
        feature& f = out.features[s];
        const std::string sname = S.layer->features[s].text("name");
        bool has = false;
        std::int64_t count = 0;
        std::vector<std::string> rows;
        for (std::size_t z = 0; Z && z < Z->layer->features.size(); ++z) {
            const feature& zf = Z->layer->features[z];
            const bool same_port = S.port[s] && Z->port[z] && *S.port[s] == *Z->port[z];
            if (!same_port && (sname.empty() || zf.text("strategic_seed_name") != sname)) continue;
            const auto c = zf.number("zpmc_sts_count");
            if (c && *c > 0 && zf.text("confidence") != "low") {
                has = true;
                count += static_cast<std::int64_t>(*c);
            }
            rows.push_back(zf.text("zpmc_id"));
        }
        f.properties.emplace_back("zpmc", has);
        f.properties.emplace_back("zpmc_sts_count", has ? value(count) : value());
        f.properties.emplace_back("zpmc_rows", join(rows, ";"));
        std::optional<std::size_t> best;
        double best_d = 0;
        for (auto pi : prc_ports) {
            if (f.geom.points.empty()) break;
            const double d = geodesic_m(f.geom.points.front(), st.ports[pi].pos);
            if (!best || d < best_d) {
                best = pi;
                best_d = d;
            }
        }
        f.properties.emplace_back("nearest_prc_port_id", best ? value(st.ports[*best].port_id) : value());
        f.properties.emplace_back("nearest_prc_port_name", best ? value(st.ports[*best].display) : value());
        f.properties.emplace_back("nearest_prc_geodesic_nm", best ? value(std::round(nm_from_m(best_d) * 10) / 10) : value());
        sum.strategic++;
        if (has) {
            sum.strategic_with_zpmc++;
            sum.strategic_with_zpmc_names.push_back(f.text("name"));
            sum.zpmc_cranes_at_strategic += count;
        }
    }
}

std::function<std::string(const feature&)> fact(const char* kind) {
    return [kind](const feature&) { return std::string(kind); };
}

std::vector<source_descriptor> make_sources() {
    std::vector<source_descriptor> v;
    source_descriptor terminals;
    terminals.source = "terminals";
    terminals.keys.id_field = "terminal_id";
    terminals.fact_kind = [](const feature& f) {
        const std::string cls = terminal_class_of(f);
        return std::string(cls == "prc-operated" ? "prc_terminal" : cls == "hk-operated" ? "hk_terminal" : "terminal_other");
    };
    terminals.status_field = "status";
    terminals.validity = {"since_year", "", "status"};
    terminals.layer_name = "terminals";
    terminals.layer_description = "Curated Chinese (PRC) and Hong Kong terminal rows with the port each is linked to";
    terminals.layer_rank = 10;
    terminals.row_fields = {{{"class", field_type::text}, [](const feature& f) { return value(terminal_class_of(f)); }}};
    terminals.port_fields = {{"prc_operated", field_type::boolean}, {"prc_terminals", field_type::integer},
                             {"prc_operators", field_type::text},   {"prc_groups", field_type::text},
                             {"prc_group", field_type::text},
                             {"prc_max_stake", field_type::real},   {"prc_max_lookthrough", field_type::real},
                             {"prc_other_status", field_type::text}, {"prc_builder", field_type::integer},
                             {"hk_operated", field_type::boolean},  {"hk_terminals", field_type::integer}};
    terminals.port_attributes = terminal_attributes;
    terminals.importance_tier = "prc-or-hk";
    terminals.importance = 10;
    terminals.summarise = terminal_summary;
    v.push_back(terminals);

    source_descriptor bri;
    bri.source = "bri";
    bri.keys.id_field = "bri_id";
    bri.fact_kind = fact("bri");
    bri.status_field = "status";
    bri.validity = {"since_year", "", "status"};
    bri.layer_name = "bri_projects";
    bri.layer_description = "Belt and Road port projects (curated)";
    bri.layer_rank = 30;
    bri.port_fields = {{"bri", field_type::boolean},          {"bri_projects", field_type::integer},
                       {"bri_status", field_type::text},       {"bri_source_url", field_type::text},
                       {"bri_confidence", field_type::text}};
    bri.port_attributes = bri_attributes;
    bri.importance_tier = "other-facts";
    bri.importance = 5;
    bri.summarise = [](const fuse_state& st, const table_rows& t, footprint_summary& sum) {
        auto live = [](const feature& f) { return f.text("status") != "cancelled"; };
        count_live(st, t, sum.bri, live, live);
    };
    v.push_back(bri);

    source_descriptor logink;
    logink.source = "logink";
    logink.keys.id_field = "logink_id";
    logink.keys.granularity_field = "granularity";
    logink.fact_kind = fact("logink");
    logink.status_field = "status";
    logink.validity = {"year", "", "status"};
    logink.layer_name = "logink";
    logink.layer_description = "LOGINK partner rows (curated)";
    logink.layer_rank = 40;
    logink.port_fields = {{"logink", field_type::boolean}, {"logink_status", field_type::text},
                          {"logink_source_url", field_type::text}, {"logink_confidence", field_type::text}};
    logink.port_attributes = logink_attributes;
    logink.importance_tier = "other-facts";
    logink.importance = 5;
    logink.summarise = [](const fuse_state& st, const table_rows& t, footprint_summary& sum) {
        count_live(st, t, sum.logink, logink_live, [](const feature& f) { return f.text("granularity") == "port" && logink_live(f); });
    };
    v.push_back(logink);

    source_descriptor zpmc;
    zpmc.source = "zpmc";
    zpmc.keys.id_field = "zpmc_id";
    zpmc.keys.country_field = "state";
    zpmc.keys.country_is_us_state = true;
    zpmc.fact_kind = fact("zpmc");
    zpmc.validity = {"latest_year", "", ""}; // the year by which every counted crane was there
    zpmc.layer_name = "zpmc_cranes";
    zpmc.layer_description = "ZPMC STS cranes at US ports (curated, lower bounds)";
    zpmc.layer_rank = 50;
    zpmc.port_fields = {{"zpmc", field_type::boolean}, {"zpmc_sts_count", field_type::integer}};
    zpmc.port_attributes = zpmc_attributes;
    zpmc.importance_tier = "other-facts";
    zpmc.importance = 5;
    zpmc.summarise = [](const fuse_state&, const table_rows& t, footprint_summary& sum) {
        for (const auto& f : t.layer->features)
            if (auto c = f.number("zpmc_sts_count")) sum.zpmc_cranes_total += static_cast<std::int64_t>(*c);
    };
    v.push_back(zpmc);

    source_descriptor other = zpmc;
    other.source = "other_makers";
    other.required = false;
    other.keys.id_field = "maker_id";
    other.keys.aggregate_prefix = "("; // "(aggregate) United States": a national fact, not a port
    other.fact_kind = fact("other_crane_maker");
    other.layer_name = "other_crane_makers";
    other.layer_description = "Non-ZPMC crane makers at US ports (curated)";
    other.layer_rank = 60;
    other.port_fields = {};
    other.port_attributes = nullptr;
    other.importance_tier.clear();
    other.importance = 0;
    other.summarise = nullptr;
    v.push_back(other);

    source_descriptor strategic;
    strategic.source = "strategic";
    strategic.keys.id_field = "name";
    strategic.keys.name_field = "name";
    strategic.keys.wpi_name_field = "wpi_main_port_name";
    strategic.keys.locode_field = "wpi_unlocode";
    strategic.keys.country_field = "state";
    strategic.keys.country_is_us_state = true;
    strategic.keys.proxy_field = "coords_are_proxy";
    strategic.keys.proxy = proxy_rule::yes_flag;
    strategic.display_names = false; // "Norfolk (Hampton Roads)" is a designation, not the port's name
    strategic.fact_kind = fact("strategic_seaport");
    strategic.layer_name = "strategic_seaports";
    strategic.layer_description = "US DoD/MARAD Strategic Seaports (curated seed) with ZPMC cranes and nearest PRC-operated port";
    strategic.layer_rank = 20;
    strategic.port_fields = {{"strategic", field_type::boolean}, {"strategic_name", field_type::text},
                             {"strategic_role", field_type::text}};
    strategic.port_attributes = strategic_attributes;
    strategic.importance_tier = "strategic";
    strategic.importance = 20;
    strategic.extend_layer = strategic_layer;
    v.push_back(strategic);
    for (auto& d : equipment_sources()) v.push_back(std::move(d)); // equipment.cpp
    return v;
}

} // namespace

const std::vector<source_descriptor>& shipped_sources() {
    static const std::vector<source_descriptor> sources = make_sources();
    return sources;
}

} // namespace harbormap::fusion
