#pragma once
// What a group filter (`ports list --group`, /api/ports?group=) stands for.  The data's groups are the
// terminal group keys of the ports field `prc_groups` (COSCO, CMPort, CMPort-TerminalLink, CCCC, ...);
// the maps' legends and the README speak of the groups the maps draw (fusion::prc_group: COSCO, China
// Merchants, CCCC, other PRC firms), so those names are accepted too, by the same rule that classes the keys.
#include "engine/core/geometry.hpp"

#include <set>
#include <utility>
#include <string>
#include <vector>

namespace harbormap::query {

// The keys of `known` (the data's group keys) that `value` stands for: the key itself, case aside; else the
// keys of the map group it names by fusion::prc_group's rule ("China Merchants", "China Merchants Port" ->
// CMPort, CMPort-TerminalLink; "COSCO Shipping Ports" -> COSCO; "CCCC / China Harbour" -> CCCC) or, for
// "Other" / "other PRC firms", the keys of no named group.  Empty when it stands for none.
// The group keys the ports carry (their `prc_groups` fields): what group_keys_for matches against.
std::set<std::string> group_keys_in(const std::vector<feature>& ports);

std::vector<std::string> group_keys_for(const std::string& value, const std::set<std::string>& known);

// The known keys by map group, in the legends' order (COSCO, China Merchants, CCCC, other PRC firms), each with
// the name group_keys_for takes for it; groups without a key are left out.
std::vector<std::pair<std::string, std::vector<std::string>>> keys_by_map_group(const std::set<std::string>& known);

// The known keys by map group, for an error: "COSCO: COSCO; China Merchants: CMPort, CMPort-TerminalLink;
// CCCC: CCCC; other PRC firms: Ansteel, ...", plus a pointer to --hk / hk= when `value` names Hutchison
// (HK-operated, not a PRC group: the maps draw it apart).
std::string describe_group_keys(const std::string& value, const std::set<std::string>& known, const std::string& hk_option);

} // namespace harbormap::query
