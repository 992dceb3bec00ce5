// Fusion steps 4-6: every curated row matched to a port (descriptor-driven), curated-only port
// entities for unmatched rows that have a position, facts attached to their ports.
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

namespace harbormap::fusion {

namespace {

std::optional<lon_lat> pos_of(const feature& f) {
    if (f.geom.points.empty()) return std::nullopt;
    return f.geom.points.front();
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : normalise_name(s)) out += (c == ' ') ? '-' : c;
    return out.empty() ? "unnamed" : out;
}

match_input read_row(const row_keys& k, const feature& f) {
    match_input mi;
    if (auto w = f.number(k.wpi_number_field)) mi.wpi_number = wpi_key(*w);
    mi.pos = pos_of(f);
    mi.country_iso2 = row_country(k, f);
    mi.position_is_proxy = row_is_proxy(k, f);
    if (!k.locode_field.empty())
        if (auto l = normalise_locode(f.text(k.locode_field))) mi.unlocode = *l;
    mi.names = {f.text(k.name_field)};
    if (!mi.position_is_proxy) mi.names.push_back(f.text(k.wpi_name_field));
    return mi;
}

} // namespace

void match_tables(const footprint_inputs&, fuse_state& st, const port_index& index, const match_options& opts) {
    for (auto& t : st.tables) {
        const row_keys& k = t.src->keys;
        for (const auto& f : t.layer->features) {
            const bool aggregate = !k.aggregate_prefix.empty() && trim(f.text(k.name_field)).rfind(k.aggregate_prefix, 0) == 0;
            if (aggregate || (!k.granularity_field.empty() && f.text(k.granularity_field) != "port")) {
                match_result r;
                r.reason = aggregate ? "an aggregate row ('" + f.text(k.name_field) + "'), a fact, not a port"
                                     : "a " + f.text(k.granularity_field) + " row, not a port";
                t.results.push_back(r);
                t.port.push_back(std::nullopt);
                t.status.push_back("not-a-port");
                continue;
            }
            match_result r = match_row(read_row(k, f), st.indexed, index, opts);
            t.port.push_back(r.port);
            t.status.push_back(r.port ? "matched" : "unmatched");
            t.results.push_back(std::move(r));
        }
    }
}

void create_curated_ports(fuse_state& st) {
    std::map<std::string, std::size_t> curated; // "CC|name key" -> port index
    for (auto& t : st.tables) {
        const row_keys& k = t.src->keys;
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            if (t.status[i] != "unmatched") continue;
            const feature& f = t.layer->features[i];
            auto pos = pos_of(f);
            if (!pos) continue;
            const std::string cc = row_country(k, f);
            const std::string pname = f.text(k.name_field);
            const std::string key = cc + "|" + normalise_name(pname);
            auto it = curated.find(key);
            if (it == curated.end()) {
                port_entity p;
                p.port_id = "cur:" + cc + ":" + slug(pname);
                p.name = pname;
                p.country_iso2 = cc;
                p.origin = "curated";
                p.pos = *pos;
                p.position_is_proxy = row_is_proxy(k, f);
                st.ports.push_back(std::move(p));
                it = curated.emplace(key, st.ports.size() - 1).first;
            }
            t.port[i] = it->second;
            t.status[i] = "curated-port";
        }
    }
}

void attach_facts(fuse_state& st) {
    for (auto& p : st.ports) p.rows.assign(st.tables.size(), {});
    for (const auto& t : st.tables)
        for (std::size_t i = 0; i < t.port.size(); ++i)
            if (t.port[i]) st.ports[*t.port[i]].rows[t.index].push_back(i);
}

} // namespace harbormap::fusion
