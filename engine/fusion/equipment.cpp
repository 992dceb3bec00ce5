// The equipment tables' descriptors (see equipment.hpp): cranes outside the US, US crane orders
// since 2023 and other Chinese equipment.  Everything specific to these tables lives here.
#include "engine/fusion/equipment.hpp"

#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace harbormap::fusion {

bool is_aggregate_name(const std::string& port_name) { return !port_name.empty() && trim(port_name).front() == '('; }

std::string place_key(const feature& row) {
    const std::string name = row.text("port_name");
    if (is_aggregate_name(name)) return {};
    const std::string cc = row.text("country_iso2");
    if (auto w = row.number("wpi_number")) return cc + "|wpi:" + wpi_key(*w);
    return cc + "|name:" + normalise_name(name.substr(0, name.find('(')));
}

std::string prc_class(const std::string& prc_maker) {
    const std::string p = to_lower(trim(prc_maker));
    if (p == "yes") return "PRC";
    if (p.rfind("no", 0) == 0) return "non-PRC";
    return "not known";
}

std::string maker_family(const feature& order) {
    const std::string m = trim(order.text("maker"));
    const std::string low = to_lower(m);
    if (m.empty() || low == "undecided" || low.rfind("not ", 0) == 0 || low.rfind("unknown", 0) == 0)
        return "maker not named (" + prc_class(order.text("prc_maker")) + ")";
    const auto words = split_list(m, " ,/(");
    return words.empty() ? "maker not named" : words.front();
}

std::string maker_label(const std::string& family, const std::string& cls) {
    const std::string tag = "(" + cls + ")";
    if (family.size() >= tag.size() && family.compare(family.size() - tag.size(), tag.size(), tag) == 0) return family;
    return family + " " + tag;
}

namespace {

// Counts rows, places and countries of the rows `keep` accepts.
template <class Keep>
place_count count_places(const feature_layer& rows, Keep keep) {
    place_count c;
    std::set<std::string> places, countries;
    for (const auto& f : rows.features) {
        if (!keep(f)) continue;
        ++c.rows;
        const std::string k = place_key(f);
        if (k.empty()) {
            ++c.aggregates;
            continue;
        }
        places.insert(k);
        countries.insert(f.text("country_iso2"));
    }
    c.places = places.size();
    c.countries = countries.size();
    return c;
}

bool is_nuctech(const feature& f) { return to_lower(f.text("maker")).rfind("nuctech", 0) == 0; }
bool is_sts(const std::string& crane_type) { return crane_type.rfind("STS", 0) == 0; }

// "STS 2 delivered 2018" (count and year only when the row states them).
std::string row_item(const feature& f, const char* what, const char* count, const char* year) {
    std::string s = f.text(what);
    if (const auto c = f.text(count); !c.empty()) s += " " + c;
    if (const auto st = f.text("status"); !st.empty()) s += " " + st;
    if (const auto y = f.text(year); !y.empty()) s += " " + y;
    return s;
}

// --- ZPMC outside the US ---------------------------------------------------------------------

void zpmc_abroad_attributes(const port_facts& pf, port_values& out) {
    std::int64_t max_count = 0;
    std::vector<std::string> items;
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        max_count = std::max(max_count, f.integer("count"));
        items.push_back(row_item(f, "crane_type", "count", "year"));
    }
    const bool any = !pf.rows.empty();
    out.values = {{"zpmc_abroad", any}, {"zpmc_abroad_rows", std::int64_t(pf.rows.size())},
                  {"zpmc_abroad_max_count", any ? value(max_count) : value()}, {"zpmc_abroad_cranes", join(items, "; ")}};
    out.notable = any;
}

// One field of a crane row copied from another table's row under the `cranes` name.
struct crane_column {
    const char* name;
    const char* from; // column of the source row ("" = the constant in `fixed`)
    const char* fixed = "";
};

// The US crane tables' rows appended to the `cranes` layer with the column names of zpmc_international.
void append_us_rows(const fuse_state& st, const table_rows& t, const std::vector<crane_column>& cols, feature_layer& out) {
    for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
        const feature& src = t.layer->features[i];
        feature f;
        f.id = static_cast<std::int64_t>(out.features.size() + 1);
        f.row = src.row;
        f.geom = src.geom;
        if (f.geom.empty() && t.port[i]) f.geom = geometry::make_point(st.ports[*t.port[i]].pos);
        std::map<std::string, value> v;
        for (const auto& c : cols) {
            if (*c.from == '\0') v[c.name] = std::string(c.fixed);
            else if (const value* x = src.find(c.from)) v[c.name] = *x;
        }
        v["country_iso2"] = row_country(t.src->keys, src);
        v["port_id"] = t.port[i] ? value(st.ports[*t.port[i]].port_id) : value();
        v["match_method"] = t.method(i);
        v["match_distance_km"] = t.results[i].distance_km ? value(std::round(*t.results[i].distance_km * 1000) / 1000) : value();
        v["match_status"] = t.status[i];
        v["source_table"] = t.src->source;
        v["row_id"] = t.id(i);
        const validity when = fact_validity(t.src->validity, src);
        v["valid_from"] = year_value(when.from);
        v["valid_to"] = year_value(when.to);
        for (const auto& fd : out.fields) {
            auto it = v.find(fd.name);
            f.properties.emplace_back(fd.name, it == v.end() ? value() : it->second);
        }
        out.features.push_back(std::move(f));
    }
}

// The `cranes` layer: zpmc_international's rows, then the US ZPMC and other-maker rows, with the
// maker on every row so users filter one layer (maker, crane_type, count, count_basis, year, status).
void cranes_layer(const fuse_state& st, const table_rows& t, const feature_layer&, feature_layer& out, footprint_summary& sum) {
    for (const char* extra : {"source_table", "row_id", "maker", "maker_country", "prc_maker", "state"})
        out.fields.push_back({extra, field_type::text});
    for (std::size_t i = 0; i < out.features.size(); ++i) {
        auto& p = out.features[i].properties;
        p.emplace_back("source_table", t.src->source);
        p.emplace_back("row_id", t.id(i));
        p.emplace_back("maker", std::string("ZPMC"));
        p.emplace_back("maker_country", std::string("China"));
        p.emplace_back("prc_maker", std::string("yes"));
        p.emplace_back("state", value());
    }
    const std::vector<crane_column> common = {
        {"port_name", "port_name"}, {"wpi_number", "wpi_number"}, {"wpi_port_name", "wpi_port_name"}, {"terminal", "terminal"},
        {"count_basis", "count_basis"}, {"year", "latest_year"}, {"source_title", "source_title"}, {"source_url", "source_url"},
        {"source_date", "source_date"}, {"evidence", "evidence"}, {"confidence", "confidence"}, {"source_url_2", "source_url_2"},
        {"notes", "notes"}, {"state", "state"}};
    if (const table_rows* z = st.table("zpmc")) {
        auto cols = common;
        cols.insert(cols.end(), {{"zpmc_id", "zpmc_id"}, {"crane_type", "", "STS"}, {"count", "zpmc_sts_count"},
                                 {"maker", "", "ZPMC"}, {"maker_country", "", "China"}, {"prc_maker", "", "yes"}});
        append_us_rows(st, *z, cols, out);
    }
    if (const table_rows* o = st.table("other_makers")) {
        auto cols = common;
        cols.insert(cols.end(), {{"crane_type", "crane_type"}, {"count", "count"}, {"maker", "maker"},
                                 {"maker_country", "maker_country"}, {"prc_maker", "", "no"}});
        append_us_rows(st, *o, cols, out);
    }
    sum.equipment.crane_rows = out.features.size();
}

void zpmc_abroad_summary(const fuse_state& st, const table_rows& t, footprint_summary& sum) {
    sum.equipment.zpmc_abroad = count_places(*t.layer, [](const feature&) { return true; });
    for (const auto& p : st.ports)
        if (!p.rows[t.index].empty()) ++sum.equipment.zpmc_abroad_entities;
}

// --- US crane orders since 2023 -----------------------------------------------------------------

void orders_attributes(const port_facts& pf, port_values& out) {
    std::int64_t prc = 0, other = 0;
    std::vector<std::string> items;
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        (prc_class(f.text("prc_maker")) == "PRC" ? prc : other) += f.integer("count");
        items.push_back(maker_family(f) + ": " + row_item(f, "crane_type", "count", "year"));
    }
    out.values = {{"crane_orders_prc", pf.rows.empty() ? value() : value(prc)},
                  {"crane_orders_non_prc", pf.rows.empty() ? value() : value(other)}, {"crane_orders", join(items, "; ")}};
    out.notable = prc > 0;
}

void orders_summary(const fuse_state&, const table_rows& t, footprint_summary& sum) {
    auto& e = sum.equipment;
    for (const auto& f : t.layer->features) {
        ++e.us_order_rows;
        maker_orders& m = e.us_orders_by_maker[maker_family(f)];
        m.prc_class = prc_class(f.text("prc_maker"));
        ++m.rows;
        m.cranes += f.integer("count");
        if (is_sts(f.text("crane_type"))) {
            m.sts += f.integer("count");
            e.us_sts_by_class[m.prc_class] += f.integer("count");
        }
    }
}

// --- other Chinese equipment ---------------------------------------------------------------------

void equipment_attributes(const port_facts& pf, port_values& out) {
    std::set<std::string> makers;
    std::vector<std::string> items;
    std::int64_t max_count = 0;
    bool nuctech = false;
    for (auto r : pf.rows) {
        const feature& f = pf.row(r);
        makers.insert(maker_family(f));
        nuctech = nuctech || is_nuctech(f);
        max_count = std::max(max_count, f.integer("count"));
        items.push_back(maker_family(f) + ": " + row_item(f, "equipment_type", "count", "year"));
    }
    const bool any = !pf.rows.empty();
    out.values = {{"prc_equipment", any}, {"nuctech", nuctech}, {"prc_equipment_makers", joined(makers)},
                  {"prc_equipment_max_count", any && max_count > 0 ? value(max_count) : value()},
                  {"prc_equipment_items", join(items, "; ")}};
    out.notable = any;
}

void equipment_summary_of(const fuse_state&, const table_rows& t, footprint_summary& sum) {
    sum.equipment.prc_equipment = count_places(*t.layer, [](const feature&) { return true; });
    sum.equipment.nuctech = count_places(*t.layer, is_nuctech);
}

std::function<std::string(const feature&)> kind(const char* k) {
    return [k](const feature&) { return std::string(k); };
}

} // namespace

std::vector<source_descriptor> equipment_sources() {
    std::vector<source_descriptor> v;
    source_descriptor cranes;
    cranes.source = "zpmc_international";
    cranes.required = false;
    cranes.keys.id_field = "zpmc_id";
    cranes.keys.aggregate_prefix = "(";
    cranes.fact_kind = kind("zpmc_crane_abroad");
    cranes.status_field = "status";
    cranes.validity = {"year", "", "status"};
    cranes.layer_name = "cranes";
    cranes.layer_description = "Cranes by maker: ZPMC outside the US (zpmc_international) and at US ports (zpmc_us_ports), other "
                               "makers at US ports (other_makers_us); counts are lower bounds, do not sum them as a fleet";
    cranes.layer_rank = 55;
    cranes.port_fields = {{"zpmc_abroad", field_type::boolean}, {"zpmc_abroad_rows", field_type::integer},
                          {"zpmc_abroad_max_count", field_type::integer}, {"zpmc_abroad_cranes", field_type::text}};
    cranes.port_attributes = zpmc_abroad_attributes;
    cranes.importance_tier = "other-facts";
    cranes.importance = 5;
    cranes.summarise = zpmc_abroad_summary;
    cranes.extend_layer = cranes_layer;
    v.push_back(cranes);

    source_descriptor orders;
    orders.source = "crane_orders";
    orders.required = false;
    orders.keys.id_field = "order_id";
    orders.keys.country_field = "state";
    orders.keys.country_is_us_state = true;
    orders.keys.aggregate_prefix = "(";
    orders.fact_kind = kind("crane_order");
    orders.status_field = "status";
    orders.validity = {"year", "", "status"};
    orders.layer_name = "crane_orders";
    orders.layer_description = "US crane orders and deliveries since 2023 by maker (prc_maker: is the maker Chinese)";
    orders.layer_rank = 65;
    orders.port_fields = {{"crane_orders_prc", field_type::integer}, {"crane_orders_non_prc", field_type::integer},
                          {"crane_orders", field_type::text}};
    orders.port_attributes = orders_attributes;
    orders.importance_tier = "other-facts";
    orders.importance = 5;
    orders.summarise = orders_summary;
    v.push_back(orders);

    source_descriptor equipment;
    equipment.source = "prc_equipment";
    equipment.required = false;
    equipment.keys.id_field = "record_id";
    equipment.keys.aggregate_prefix = "(";
    equipment.fact_kind = kind("prc_equipment");
    equipment.status_field = "status";
    equipment.validity = {"year", "", "status"};
    equipment.layer_name = "prc_equipment";
    equipment.layer_description = "Other Chinese equipment in seaports: Nuctech scanners, Sany port machinery, Westwell autonomous "
                                  "trucks, ZPMC non-crane equipment (aggregate rows are facts without a position)";
    equipment.layer_rank = 70;
    equipment.port_fields = {{"prc_equipment", field_type::boolean}, {"nuctech", field_type::boolean},
                             {"prc_equipment_makers", field_type::text}, {"prc_equipment_max_count", field_type::integer},
                             {"prc_equipment_items", field_type::text}};
    equipment.port_attributes = equipment_attributes;
    equipment.importance_tier = "other-facts";
    equipment.importance = 5;
    equipment.summarise = equipment_summary_of;
    v.push_back(equipment);
    return v;
}

std::string format_equipment_summary(const equipment_summary& s) {
    std::string o;
    const auto& z = s.zpmc_abroad;
    o += fmt::format("ZPMC cranes outside the US: {} rows at {} ports in {} countries ({} aggregate rows; {} fused port entities; "
                     "a port = the row's WPI port, else its name without the parenthesised qualifier); do not sum as a fleet\n",
                     z.rows, z.places, z.countries, z.aggregates, s.zpmc_abroad_entities);
    o += fmt::format("other Chinese equipment: {} rows at {} ports in {} countries ({} aggregate rows); Nuctech scanners at {} ports "
                     "in {} countries ({} rows, {} aggregate)\n",
                     s.prc_equipment.rows, s.prc_equipment.places, s.prc_equipment.countries, s.prc_equipment.aggregates,
                     s.nuctech.places, s.nuctech.countries, s.nuctech.rows, s.nuctech.aggregates);
    std::vector<std::string> makers, classes;
    for (const auto& [m, o2] : s.us_orders_by_maker)
        makers.push_back(fmt::format("{} {} rows, {} cranes ({} STS)", maker_label(m, o2.prc_class), o2.rows, o2.cranes, o2.sts));
    for (const auto& [c, n] : s.us_sts_by_class) classes.push_back(fmt::format("{} {}", c, n));
    o += fmt::format("US crane orders and deliveries since 2023: {} rows; STS by maker class: {}\n  by maker: {}\n", s.us_order_rows,
                     join(classes, ", "), join(makers, "; "));
    o += fmt::format("cranes layer: {} rows (zpmc_international + zpmc_us_ports + other_makers_us)\n", s.crane_rows);
    return o;
}

} // namespace harbormap::fusion
