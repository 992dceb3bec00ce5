// Fusion steps 4-6: every curated row matched to a port (descriptor-driven), curated-only port
// entities for unmatched rows that have a position, facts attached to their ports.
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/names.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <fmt/format.h>
#include <set>

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
            std::string status = r.port ? "matched" : "unmatched";
            // A row without coordinates that only its port name + country placed is attached by name, as in
            // attach_by_name (step 6), and says so: it has no position of its own to agree with the port's.
            if (r.port && f.geom.empty() && r.method == match_method::name_country) {
                status = "attached-by-name";
                const std::string note = fmt::format("the row has no coordinates; attached by name + country to {} ({}); the "
                                                     "row keeps no position of its own",
                                                     st.ports[*r.port].port_id, st.ports[*r.port].name);
                r.reason = r.reason.empty() ? note : r.reason + "; " + note;
            }
            t.port.push_back(r.port);
            t.status.push_back(status);
            t.results.push_back(std::move(r));
        }
    }
}

namespace {

// Name keys of each port with the port names of the rows matched to it so far.
std::vector<std::set<std::string>> known_names(const fuse_state& st) {
    std::vector<std::set<std::string>> names(st.ports.size());
    for (std::size_t i = 0; i < st.ports.size(); ++i)
        for (const auto& k : name_keys(st.ports[i])) names[i].insert(k);
    for (const auto& t : st.tables)
        for (std::size_t i = 0; i < t.port.size(); ++i)
            if (t.port[i])
                for (const auto& k : name_variants(t.layer->features[i].text(t.src->keys.name_field))) names[*t.port[i]].insert(k);
    return names;
}

// The WPI port a curated-only entity would stand at or proxy (the WPI number the row gives, or a
// port within 1 km) in the same country that carries the entity's name (whole, or its part before a
// parenthesis: "Lekki (Lagos)" stays apart from Lagos); nullopt when none or two.
std::optional<std::size_t> merge_target(const fuse_state& st, const std::vector<std::set<std::string>>& names,
                                        const port_index& index, const row_keys& k, const feature& f, const lon_lat& pos) {
    std::set<std::size_t> cands;
    if (auto w = f.number(k.wpi_number_field))
        for (auto c : index.by_wpi(wpi_key(*w))) cands.insert(c);
    for (const auto& h : index.within(pos, 1.0)) cands.insert(h.port);
    // the row's port name, whole or before a parenthesis ("Ashdod (HaDarom / South Port)" -> "ashdod")
    const std::string cc = row_country(k, f), name = f.text(k.name_field);
    const std::string key = normalise_name(name), head = normalise_name(name.substr(0, name.find('(')));
    std::optional<std::size_t> best;
    for (auto c : cands)
        if (c < st.wpi_count && st.ports[c].country_iso2 == cc && (names[c].count(key) || names[c].count(head))) {
            if (best) return std::nullopt; // two such ports: not a merge
            best = c;
        }
    return best;
}

} // namespace

void create_curated_ports(fuse_state& st, const port_index& index, footprint_summary& sum) {
    const auto names = known_names(st);
    std::map<std::string, std::size_t> curated; // "CC|name key" -> port index
    std::set<std::string> merged;
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
            if (auto target = merge_target(st, names, index, k, f, *pos)) {
                match_result& r = t.results[i];
                r.method = match_method::merged;
                r.port = *target;
                r.distance_km = geodesic_m(*pos, st.ports[*target].pos) / 1000.0;
                r.reason = (r.reason.empty() ? "" : r.reason + "; ") +
                           "the WPI port the row stands at (or proxies) carries the same name in the same country: one entity";
                t.port[i] = *target;
                t.status[i] = "matched";
                merged.insert(key);
                continue;
            }
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
    sum.curated_merged = merged.size();
}

// The trade list's name is another spelling of the WPI main name ("Port Of Le Havre" / "Le Havre":
// the shorter wins) or one of its WPI alternates ("Piraievs" / "Piraeus", "Bur Sa'id" / "Port Said").
bool trade_spelling(const port_entity& p) {
    if (p.trade_name.empty()) return false;
    const std::string t = normalise_name(p.trade_name);
    if (t == normalise_name(p.name)) return p.trade_name.size() < p.name.size();
    for (const auto& a : split_list(p.alt_name))
        if (t == normalise_name(a)) return true;
    return false;
}

// Display name: the port name the curated tables use most (sources with display_names), else the
// trade list's name, else the WPI main name.
void name_ports(fuse_state& st) {
    for (auto& p : st.ports) {
        std::map<std::string, std::pair<int, std::size_t>> votes; // name -> (count, first seen)
        std::size_t seen = 0;
        for (const auto& t : st.tables) {
            if (!t.src->display_names) continue;
            for (auto r : p.rows[t.index]) {
                const std::string n = trim(t.layer->features[r].text(t.src->keys.name_field));
                if (n.empty() || n.find('(') != std::string::npos) continue; // aggregates and qualified names
                auto& v = votes.try_emplace(n, 0, seen++).first->second;
                ++v.first;
            }
        }
        std::string best;
        std::pair<int, std::size_t> best_v{0, 0};
        for (const auto& [n, v] : votes)
            if (v.first > best_v.first || (v.first == best_v.first && v.second < best_v.second)) {
                best = n;
                best_v = v;
            }
        p.display = !best.empty() ? best : trade_spelling(p) ? p.trade_name : p.name;
    }
}

void attach_facts(fuse_state& st) {
    for (auto& p : st.ports) p.rows.assign(st.tables.size(), {});
    for (const auto& t : st.tables)
        for (std::size_t i = 0; i < t.port.size(); ++i)
            if (t.port[i]) st.ports[*t.port[i]].rows[t.index].push_back(i);
}

} // namespace harbormap::fusion
