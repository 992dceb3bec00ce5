#include "engine/query/port_groups.hpp"

#include "engine/core/text.hpp"
#include "engine/fusion/footprint.hpp"

#include <map>

namespace harbormap::query {
namespace {

bool names_other(const std::string& v) { return v == "other" || v == "other prc firms"; }

} // namespace

std::set<std::string> group_keys_in(const std::vector<feature>& ports) {
    std::set<std::string> keys;
    for (const auto& p : ports)
        for (const auto& g : split_list(p.text("prc_groups"))) keys.insert(g);
    return keys;
}

std::vector<std::string> group_keys_for(const std::string& value, const std::set<std::string>& known) {
    const std::string v = to_lower(trim(value));
    if (v.empty()) return {};
    for (const auto& k : known)
        if (to_lower(k) == v) return {k};
    // a map group: named (COSCO, China Merchants, CCCC) by the rule that classes the keys, or "Other"
    const std::string group = names_other(v) ? "Other" : fusion::prc_group({value});
    if (group == "Other" && !names_other(v)) return {};
    std::vector<std::string> keys;
    for (const auto& k : known)
        if (fusion::prc_group({k}) == group) keys.push_back(k);
    return keys;
}

std::vector<std::pair<std::string, std::vector<std::string>>> keys_by_map_group(const std::set<std::string>& known) {
    std::map<std::string, std::vector<std::string>> by_group;
    for (const auto& k : known) by_group[fusion::prc_group({k})].push_back(k);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const char* g : {"COSCO", "China Merchants", "CCCC", "Other"}) {
        const auto it = by_group.find(g);
        if (it != by_group.end()) out.emplace_back(std::string(g) == "Other" ? std::string("other PRC firms") : std::string(g), it->second);
    }
    return out;
}

std::string describe_group_keys(const std::string& value, const std::set<std::string>& known, const std::string& hk_option) {
    std::string out;
    for (const auto& [group, keys] : keys_by_map_group(known)) {
        if (!out.empty()) out += "; ";
        out += group + ": " + join(keys, ", ");
    }
    const std::string v = to_lower(trim(value));
    if (v.find("hutchison") != std::string::npos || v == "hk")
        out += " (Hutchison is HK-operated, not a PRC group: the maps draw it apart; use " + hk_option + ")";
    return out;
}

} // namespace harbormap::query
