// Fusion step 6 (after the curated-only ports exist): a row without a position that no key matched
// attaches to an existing port entity, WPI or curated-only, by normalised port name + country (the
// entity's own names and the port names of the rows already attached to it).  It is reported in the
// match report as `attached-by-name`; an ambiguous or unknown name leaves the row unmatched with the
// reason.  Such a row is never given a position of its own.
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <fmt/format.h>
#include <set>

namespace harbormap::fusion {

namespace {

using name_map = std::map<std::string, std::set<std::size_t>>; // "CC|name key" -> port entities

void add_name(name_map& m, const std::string& cc, const std::string& name, std::size_t port) {
    const std::string key = normalise_name(name);
    if (!key.empty() && !cc.empty()) m[cc + "|" + key].insert(port);
}

name_map entity_names(const fuse_state& st) {
    name_map m;
    for (std::size_t pi = 0; pi < st.ports.size(); ++pi) {
        const port_entity& p = st.ports[pi];
        add_name(m, p.country_iso2, p.name, pi);
        for (const auto& part : split_list(p.alt_name)) add_name(m, p.country_iso2, part, pi);
    }
    for (const auto& t : st.tables)
        for (std::size_t i = 0; i < t.port.size(); ++i)
            if (t.port[i] && t.src->names_searchable) {
                const feature& f = t.layer->features[i];
                add_name(m, row_country(t.src->keys, f), f.text(t.src->keys.name_field), *t.port[i]);
            }
    return m;
}

std::string describe_entities(const fuse_state& st, const std::set<std::size_t>& ports) {
    std::vector<std::string> s;
    for (auto p : ports) s.push_back(st.ports[p].port_id + " (" + st.ports[p].name + ")");
    return join(s, ", ");
}

} // namespace

void attach_by_name(fuse_state& st) {
    const name_map names = entity_names(st);
    for (auto& t : st.tables) {
        const row_keys& k = t.src->keys;
        for (std::size_t i = 0; i < t.port.size(); ++i) {
            const feature& f = t.layer->features[i];
            if (t.status[i] != "unmatched" || !f.geom.empty()) continue;
            const std::string cc = row_country(k, f), name = f.text(k.name_field);
            match_result& r = t.results[i];
            auto it = names.find(cc + "|" + normalise_name(name));
            std::string note;
            if (it == names.end()) {
                note = fmt::format("no port entity is named '{}' in {}", name, cc.empty() ? "(no country)" : cc);
            } else if (it->second.size() > 1) {
                note = fmt::format("the name '{}' in {} fits several port entities: {}", name, cc, describe_entities(st, it->second));
            } else {
                const std::size_t port = *it->second.begin();
                t.port[i] = port;
                t.status[i] = "attached-by-name";
                r.method = match_method::name_country;
                r.port = port;
                note = fmt::format("attached by name + country to {} ({}); the row keeps no position of its own",
                                   st.ports[port].port_id, st.ports[port].name);
            }
            r.reason = r.reason.empty() ? note : r.reason + "; " + note;
        }
    }
}

} // namespace harbormap::fusion
