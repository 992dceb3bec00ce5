// Fusion step 7: the `ports` layer.  Its schema is declared here once: the port's own fields, then
// each source's port fields (source_descriptor::port_fields, in matching order), then the trailer.
// Every port feature is assembled by walking that schema.
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace harbormap::fusion {

const feature& port_facts::row(std::size_t r) const { return table.layer->features[r]; }

const std::vector<std::size_t>& port_facts::rows_of(const std::string& source) const {
    static const std::vector<std::size_t> none;
    const table_rows* t = state.table(source);
    return t ? state.ports[port].rows[t->index] : none;
}

namespace {

using json = nlohmann::json;

int harbor_rank(const std::string& size) {
    if (size == "Large") return 4;
    if (size == "Medium") return 3;
    if (size == "Small") return 2;
    if (size == "Very Small") return 1;
    return 0;
}

// The port's own fields (before the sources' fields) and the trailer (after them).
const std::vector<field_def> own_fields = {
    {"port_id", field_type::text},      {"wpi_number", field_type::text},   {"unlocode", field_type::text},
    {"unlocode_source", field_type::text}, {"wpi_locode", field_type::text}, {"locodes", field_type::text},
    {"name", field_type::text},         {"wpi_name", field_type::text},     {"alt_name", field_type::text},
    {"other_names", field_type::text},  {"country_iso2", field_type::text}, {"country_name", field_type::text},
    {"region", field_type::text},       {"water_body", field_type::text},   {"harbor_size", field_type::text},
    {"harbor_rank", field_type::integer}, {"origin", field_type::text},     {"position_is_proxy", field_type::boolean},
    {"complex", field_type::text},      {"complex_role", field_type::text}};
const std::vector<field_def> trailer_fields = {{"importance", field_type::integer}, {"sources", field_type::text},
                                               {"provenance", field_type::text}, {"conflicts", field_type::text}};

std::vector<field_def> ports_schema(const fuse_state& st) {
    std::vector<field_def> s = own_fields;
    for (const auto& t : st.tables) s.insert(s.end(), t.src->port_fields.begin(), t.src->port_fields.end());
    s.insert(s.end(), trailer_fields.begin(), trailer_fields.end());
    return s;
}

json provenance_entry(const table_rows& t, std::size_t row) {
    const feature& f = t.layer->features[row];
    json j = {{"fact", t.src->fact_kind(f)}, {"table", t.src->source}, {"id", t.id(row)},
              {"source_url", f.text("source_url")}, {"confidence", f.text("confidence")}};
    if (!t.src->status_field.empty())
        if (const auto s = f.text(t.src->status_field); !s.empty()) j["status"] = s;
    if (const auto s2 = f.text("source_url_2"); !s2.empty()) j["source_url_2"] = s2;
    // the source's date as the row gives it (the strategic seed names it designation_source_date); absent
    // when the row has none
    if (const std::string date = fact_source_date(f); !date.empty()) j["source_date"] = date;
    j["match"] = to_string(t.results[row].method);
    return j;
}

// "CNSGH [UN/LOCODE 2022: the WPI column's code]; CNSHA [trade sea-ports 0.0.9: ...]"
std::string locodes_text(const port_entity& p) {
    std::vector<std::string> parts;
    for (const auto& c : p.codes)
        parts.push_back(c.code + " [" + c.list + (c.edition.empty() ? "" : " " + c.edition) + ": " + c.how + "]");
    return join(parts, "; ");
}

// Other names the port is known by (alternate WPI names, UN/LOCODE name, curated port names), for lookups.
std::set<std::string> other_names(const fuse_state& st, const port_entity& p) {
    std::set<std::string> names;
    auto add = [&](const std::string& n) {
        const std::string t = trim(n);
        if (!t.empty() && normalise_name(t) != normalise_name(p.display)) names.insert(t);
    };
    add(p.name);
    for (const auto& part : split_list(p.alt_name)) add(part);
    for (const auto& n : p.extra_names) add(n);
    if (auto it = st.locode_names.find(p.unlocode); it != st.locode_names.end()) add(it->second);
    for (const auto& t : st.tables)
        if (t.src->names_searchable)
            for (auto r : p.rows[t.index]) add(t.layer->features[r].text(t.src->keys.name_field));
    return names;
}

feature port_feature(const fuse_state& st, std::size_t pi, const std::vector<field_def>& schema, footprint_summary& sum) {
    const port_entity& p = st.ports[pi];
    std::map<std::string, value> v;
    json prov = json::array();
    std::vector<std::string> sources, conflicts = p.conflicts;
    for (const auto& t : st.tables)
        for (auto r : p.rows[t.index]) {
            sources.push_back(t.src->source + ":" + t.id(r));
            prov.push_back(provenance_entry(t, r));
        }
    std::map<std::string, int> tiers; // importance tier -> weight, when a source of the tier flags the port
    for (const auto& t : st.tables) {
        if (!t.src->port_attributes) continue;
        port_values pv;
        t.src->port_attributes(port_facts{st, pi, t, p.rows[t.index]}, pv);
        for (const auto& fd : t.src->port_fields) {
            auto it = pv.values.find(fd.name);
            v[fd.name] = it != pv.values.end() ? it->second : value();
        }
        conflicts.insert(conflicts.end(), pv.conflicts.begin(), pv.conflicts.end());
        if (pv.notable && !t.src->importance_tier.empty()) tiers[t.src->importance_tier] = t.src->importance;
    }
    const int rank = harbor_rank(p.harbor_size);
    int importance = rank;
    for (const auto& [tier, w] : tiers) importance += w;

    v["port_id"] = p.port_id;
    v["wpi_number"] = p.wpi_number.empty() ? value() : value(p.wpi_number);
    v["unlocode"] = p.unlocode;
    v["unlocode_source"] = p.unlocode_source;
    v["wpi_locode"] = p.wpi_locode;
    v["locodes"] = locodes_text(p);
    v["name"] = p.display;
    v["wpi_name"] = p.origin == "wpi" ? value(p.name) : value();
    v["complex"] = p.complex;
    v["complex_role"] = p.complex_role;
    v["alt_name"] = p.alt_name;
    v["other_names"] = joined(other_names(st, p));
    v["country_iso2"] = p.country_iso2;
    v["country_name"] = p.country_name;
    v["region"] = p.region;
    v["water_body"] = p.water_body;
    v["harbor_size"] = p.harbor_size;
    v["harbor_rank"] = std::int64_t{rank};
    v["origin"] = p.origin;
    v["position_is_proxy"] = p.position_is_proxy;
    v["importance"] = std::int64_t{importance};
    v["sources"] = join(sources, ";");
    v["provenance"] = prov.dump();
    v["conflicts"] = join(conflicts, " | ");
    sum.conflicts += conflicts.size();

    feature f;
    f.id = static_cast<std::int64_t>(pi + 1);
    f.geom = geometry::make_point(p.pos);
    f.properties.reserve(schema.size());
    for (const auto& fd : schema) {
        auto it = v.find(fd.name);
        if (it == v.end()) throw processing_error("ports schema: no value for field '" + fd.name + "'");
        f.properties.emplace_back(fd.name, std::move(it->second)); // each field once in the schema
    }
    return f;
}

} // namespace

feature_layer port_layer(const fuse_state& st, footprint_summary& sum) {
    feature_layer out;
    out.name = "ports";
    out.geom_type = geometry_type::point;
    out.fields = ports_schema(st);
    out.features.reserve(st.ports.size());
    for (std::size_t pi = 0; pi < st.ports.size(); ++pi) out.features.push_back(port_feature(st, pi, out.fields, sum));
    return out;
}

} // namespace harbormap::fusion
