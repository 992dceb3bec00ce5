// Codes and names of the WPI ports: the official UN/LOCODE (by the WPI column's code, else name +
// country + distance, else position), trade codes in commercial use (sea-ports list: by code, else
// name + country + distance), and the declared port complexes.
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"
#include "engine/fusion/names.hpp"

#include <algorithm>
#include <set>

namespace harbormap::fusion {

namespace {

constexpr double name_radius_m = 50000.0;     // official or trade row named as the port, same country
constexpr double position_radius_m = 2000.0;  // official row at the port's position, same country
constexpr double trade_code_radius_m = 100000.0; // trade row listing one of the port's codes (its positions are rough)

std::string edition_of(const feature& f) {
    const std::string src = f.text("source");
    if (src.find("2024-2") != std::string::npos) return "2024-2";
    if (src.find("2022") != std::string::npos) return "2022";
    return src;
}

bool has_code(const port_entity& p, const std::string& code, const std::string& list) {
    return std::any_of(p.codes.begin(), p.codes.end(), [&](const code_ref& c) { return c.code == code && c.list == list; });
}

// WPI ports by "CC|name key" (main, alternate and variant names).
std::multimap<std::string, std::size_t> wpi_names(const fuse_state& st) {
    std::multimap<std::string, std::size_t> m;
    for (std::size_t i = 0; i < st.wpi_count; ++i)
        for (const auto& k : name_keys(st.ports[i])) m.emplace(st.ports[i].country_iso2 + "|" + k, i);
    return m;
}

// The nearest port among `cands` within `radius_m` of pos; nullopt when none.
std::optional<std::size_t> nearest(const fuse_state& st, const std::set<std::size_t>& cands, const lon_lat& pos, double radius_m) {
    std::optional<std::size_t> best;
    double best_d = radius_m;
    for (auto c : cands) {
        const double d = geodesic_m(pos, st.ports[c].pos);
        if (d <= best_d) {
            best = c;
            best_d = d;
        }
    }
    return best;
}

std::set<std::size_t> named(const std::multimap<std::string, std::size_t>& by_name, const std::string& cc,
                            const std::vector<std::string>& names) {
    std::set<std::size_t> out;
    for (const auto& n : names)
        for (const auto& v : name_variants(n)) {
            auto [b, e] = by_name.equal_range(cc + "|" + v);
            for (auto it = b; it != e; ++it) out.insert(it->second);
        }
    return out;
}

} // namespace

std::vector<std::string> name_keys(const port_entity& p) {
    std::vector<std::string> keys;
    auto add = [&](const std::string& n) {
        for (auto& v : name_variants(n))
            if (std::find(keys.begin(), keys.end(), v) == keys.end()) keys.push_back(v);
    };
    add(p.name);
    add(p.alt_name);
    for (const auto& part : split_list(p.alt_name)) add(part);
    for (const auto& n : p.extra_names) add(n);
    return keys;
}

void enrich_unlocode(const footprint_inputs& in, fuse_state& st) {
    for (std::size_t i = 0; i < st.wpi_count; ++i) {
        auto& p = st.ports[i];
        if (!p.wpi_locode.empty()) p.codes.push_back({p.wpi_locode, "WPI", "", "the WPI UN/LOCODE column"});
    }
    std::map<std::string, const feature*> official;
    if (in.unlocode)
        for (const auto& f : in.unlocode->features) {
            st.locode_names.emplace(f.text("unlocode"), f.text("name"));
            official.emplace(f.text("unlocode"), &f);
        }
    std::set<std::string> wpi_codes;
    for (std::size_t i = 0; i < st.wpi_count; ++i) {
        auto& p = st.ports[i];
        auto it = official.find(p.wpi_locode);
        if (it == official.end()) continue;
        wpi_codes.insert(p.wpi_locode);
        p.unlocode = p.wpi_locode;
        p.unlocode_source = "WPI code, in UN/LOCODE " + edition_of(*it->second);
        p.codes.push_back({p.wpi_locode, "UN/LOCODE", edition_of(*it->second), "the WPI column's code"});
        p.extra_names.push_back(it->second->text("name"));
        ++st.wpi_locode_official;
    }
    // Every other official port row with a position: the WPI port of the same country named as it
    // within 50 km, else the WPI port at its position (2 km).  Each code goes to one port.
    const auto by_name = wpi_names(st);
    std::vector<indexed_port> wpi_only;
    for (std::size_t i = 0; i < st.wpi_count; ++i) {
        indexed_port ip;
        ip.pos = st.ports[i].pos;
        ip.country_iso2 = st.ports[i].country_iso2;
        wpi_only.push_back(ip);
    }
    const port_index near(wpi_only);
    std::vector<std::pair<std::size_t, const feature*>> by_position; // second pass: name matches take precedence
    for (const auto& [code, f] : official) {
        if (wpi_codes.count(code) || f->geom.points.empty()) continue;
        const lon_lat pos = f->geom.points.front();
        const std::string cc = f->text("country");
        if (auto hit = nearest(st, named(by_name, cc, {f->text("name"), f->text("name_wo_diacritics")}), pos, name_radius_m)) {
            auto& p = st.ports[*hit];
            p.codes.push_back({code, "UN/LOCODE", edition_of(*f), "name + country within 50 km"});
            p.extra_names.push_back(f->text("name"));
            if (p.unlocode.empty()) {
                p.unlocode = code;
                p.unlocode_source = "UN/LOCODE " + edition_of(*f) + " name + country within 50 km";
            }
            continue;
        }
        for (const auto& h : near.within(pos, position_radius_m / 1000.0))
            if (st.ports[h.port].country_iso2 == cc) {
                by_position.emplace_back(h.port, f);
                break;
            }
    }
    for (const auto& [pi, f] : by_position) {
        auto& p = st.ports[pi];
        const std::string code = f->text("unlocode");
        p.codes.push_back({code, "UN/LOCODE", edition_of(*f), "same country, within 2 km"});
        p.extra_names.push_back(f->text("name"));
        if (p.unlocode.empty()) {
            p.unlocode = code;
            p.unlocode_source = "UN/LOCODE " + edition_of(*f) + " same country within 2 km";
        }
    }
    for (std::size_t i = 0; i < st.wpi_count; ++i) {
        auto& p = st.ports[i];
        if (!p.unlocode.empty()) ++st.official_after;
        else if (!p.wpi_locode.empty()) {
            p.unlocode = p.wpi_locode;
            p.unlocode_source = "WPI column (not in the official list)";
        }
    }
}

void attach_trade_codes(const footprint_inputs& in, fuse_state& st) {
    if (!in.trade) return;
    std::map<std::string, std::vector<std::size_t>> by_code;
    for (std::size_t i = 0; i < st.wpi_count; ++i)
        for (const auto& c : st.ports[i].codes) by_code[c.code].push_back(i);
    const auto by_name = wpi_names(st);
    for (const auto& f : in.trade->features) {
        const std::string code = f.text("unlocode"), cc = f.text("country");
        std::optional<lon_lat> pos;
        if (!f.geom.points.empty()) pos = f.geom.points.front();
        std::set<std::size_t> listed;
        std::vector<std::string> codes = split_list(f.text("unlocs"));
        codes.push_back(code);
        for (const auto& c : codes)
            for (auto i : by_code[c])
                if (st.ports[i].country_iso2 == cc) listed.insert(i);
        std::optional<std::size_t> hit;
        std::string how;
        if (listed.size() == 1 && !pos) hit = *listed.begin();
        else if (pos) hit = nearest(st, listed, *pos, trade_code_radius_m);
        if (hit) how = "the trade entry lists the port's code";
        if (!hit && pos) {
            std::vector<std::string> names = {f.text("name"), f.text("city")};
            for (const auto& a : split_list(f.text("alias"))) names.push_back(a);
            hit = nearest(st, named(by_name, cc, names), *pos, name_radius_m);
            if (hit) how = "name + country within 50 km";
        }
        if (!hit) {
            ++st.trade_unattached;
            continue;
        }
        auto& p = st.ports[*hit];
        if (has_code(p, code, "trade")) continue;
        p.codes.push_back({code, "trade", "sea-ports 0.0.9", how});
        p.extra_names.push_back(f.text("name"));
        if (p.trade_name.empty()) p.trade_name = f.text("name");
        ++st.trade_attached;
    }
}

void attach_complexes(const footprint_inputs& in, fuse_state& st) {
    if (!in.complexes) return;
    std::map<std::string, std::size_t> by_wpi;
    for (std::size_t i = 0; i < st.wpi_count; ++i) by_wpi.emplace(st.ports[i].wpi_number, i);
    for (const auto& f : in.complexes->features) {
        auto n = f.number("wpi_number");
        auto it = n ? by_wpi.find(wpi_key(*n)) : by_wpi.end();
        if (it == by_wpi.end()) continue; // layers check reports unknown members
        auto& p = st.ports[it->second];
        p.complex = f.text("complex");
        p.complex_role = f.text("role");
    }
}

} // namespace harbormap::fusion
