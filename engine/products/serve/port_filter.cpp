// The `ports list` filters over the fused ports layer, for /api/ports.  When `ports list` (issue 12)
// lands with a shared filter in the query layer, parse_port_filter() maps the query parameters onto
// it and port_filter::matches() calls it: the parameter names are those of the CLI options already.
#include "engine/core/error.hpp"
#include "engine/core/lon_lat.hpp"
#include "engine/core/text.hpp"
#include "engine/products/serve/api.hpp"
#include "engine/query/port_groups.hpp"

#include <algorithm>
#include <set>

namespace harbormap::products::serve {
namespace {

int confidence_rank(const std::string& c) {
    if (c == "low") return 1;
    if (c == "medium") return 2;
    if (c == "high") return 3;
    return 0;
}

nlohmann::json provenance_of(const feature& port) {
    const std::string text = port.text("provenance");
    if (text.empty()) return nlohmann::json::array();
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_array() ? j : nlohmann::json::array();
}

bool boolean_param(const std::string& key, const std::string& v) {
    const std::string l = to_lower(v);
    if (l.empty() || l == "1" || l == "true" || l == "yes") return true;
    if (l == "0" || l == "false" || l == "no") return false;
    throw usage_error("parameter '" + key + "': expected true or false, got '" + v + "'");
}

} // namespace

nlohmann::json port_json(const feature& port) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : port.properties) {
        if (k == "provenance") continue;
        if (auto b = std::get_if<bool>(&v)) j[k] = *b;
        else if (auto i = std::get_if<std::int64_t>(&v)) j[k] = *i;
        else if (auto d = std::get_if<double>(&v)) j[k] = *d;
        else if (auto s = std::get_if<std::string>(&v)) j[k] = *s;
        else j[k] = nullptr;
    }
    if (!port.geom.points.empty()) {
        j["lon"] = port.geom.points.front().lon;
        j["lat"] = port.geom.points.front().lat;
    }
    j["provenance"] = provenance_of(port);
    return j;
}

nlohmann::json port_facets(const query::port_catalog& catalog) {
    std::set<std::string> groups, statuses, confidences;
    for (const auto& f : catalog.layer().features) {
        for (const auto& g : split_list(f.text("prc_groups"), ";,")) groups.insert(g);
        for (const auto& e : provenance_of(f)) {
            // the status filter is `ports list --status`'s: terminal rows only (a BRI project's or LOGINK
            // agreement's status is not offered)
            if (e.value("table", "") == "terminals" && e.contains("status") && e["status"].is_string())
                statuses.insert(e["status"].get<std::string>());
            if (e.contains("confidence") && e["confidence"].is_string()) confidences.insert(e["confidence"].get<std::string>());
        }
    }
    std::vector<std::string> conf(confidences.begin(), confidences.end());
    std::sort(conf.begin(), conf.end(), [](const auto& a, const auto& b) { return confidence_rank(a) < confidence_rank(b); });
    // the groups the maps' legends name (China Merchants: CMPort and CMPort-TerminalLink), as /api/ports?group= takes them
    nlohmann::json map_groups = nlohmann::json::array();
    for (const auto& [name, keys] : query::keys_by_map_group(groups)) map_groups.push_back({{"name", name}, {"keys", keys}});
    return {{"groups", groups}, {"map_groups", map_groups}, {"statuses", statuses}, {"confidences", conf}};
}

port_filter parse_port_filter(const query_params& q) {
    port_filter f;
    static const std::set<std::string> known = {"prc", "hk", "bri", "logink", "zpmc", "strategic", "group", "country",
                                                "status", "min_confidence", "bbox", "limit", "offset"};
    for (const auto& [k, v] : q) {
        if (!known.count(k)) throw usage_error("unknown parameter '" + k + "' (known: " + join({known.begin(), known.end()}, ", ") + ")");
        if (k == "prc") f.prc = boolean_param(k, v);
        else if (k == "hk") f.hk = boolean_param(k, v);
        else if (k == "bri") f.bri = boolean_param(k, v);
        else if (k == "logink") f.logink = boolean_param(k, v);
        else if (k == "zpmc") f.zpmc = boolean_param(k, v);
        else if (k == "strategic") f.strategic = boolean_param(k, v);
        else if (k == "group") f.group = trim(v);
        else if (k == "country") {
            f.country = to_upper(trim(v));
            if (!is_alpha2(f.country))
                throw usage_error("parameter 'country': expected an ISO 3166 alpha-2 code (e.g. GR), got '" + v + "'");
        }
        else if (k == "status") f.status = trim(v);
        else if (k == "min_confidence") {
            f.min_confidence = to_lower(trim(v));
            if (!confidence_rank(f.min_confidence)) throw usage_error("parameter 'min_confidence': expected low, medium or high, got '" + v + "'");
        } else if (k == "bbox") {
            // as `ports list --bbox` (one parser): west > east is a box across 180 degrees (170,-50,-170,0: Fiji, Samoa, Tonga)
            try {
                f.box = parse_bbox(v);
            } catch (const usage_error& e) {
                const std::string what = e.what(), reason = what.substr(std::min(what.size(), what.find("': ") + 3));
                throw usage_error("parameter 'bbox': expected west,south,east,north in degrees (west > east crosses 180), got '" + v +
                                  "': " + reason);
            }
        }
    }
    return f;
}

bool port_filter::matches(const feature& port, const std::vector<std::string>& terminal_statuses) const {
    if (prc && !port.flag("prc_operated")) return false;
    if (hk && !port.flag("hk_operated")) return false;
    if (bri && !port.flag("bri")) return false;
    if (logink && !port.flag("logink")) return false;
    if (zpmc && !port.flag("zpmc")) return false;
    if (strategic && !port.flag("strategic")) return false;
    if (!country.empty() && port.text("country_iso2") != country) return false;
    if (!group.empty()) { // the keys it stands for, resolved by the caller (precondition: api::ports refuses a group with none)
        bool found = false;
        for (const auto& g : split_list(port.text("prc_groups"), ";,"))
            found = found || std::find(group_keys.begin(), group_keys.end(), g) != group_keys.end();
        if (!found) return false;
    }
    if (box && (port.geom.points.empty() || !contains_across_antimeridian(*box, port.geom.points.front()))) return false;
    // as `ports list`: a terminal row with that status; a fact (any) with at least that confidence
    if (!status.empty() && std::find(terminal_statuses.begin(), terminal_statuses.end(), status) == terminal_statuses.end()) return false;
    if (!min_confidence.empty()) {
        bool found = false;
        for (const auto& e : provenance_of(port)) found = found || confidence_rank(e.value("confidence", "")) >= confidence_rank(min_confidence);
        if (!found) return false;
    }
    return true;
}

} // namespace harbormap::products::serve
