// Text, JSON and CSV of a course-of-action result.  Every number is printed with the fact ids behind it.
#include "engine/core/text.hpp"
#include "engine/products/coa/coa.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace harbormap::products::coa {
namespace {

using json = nlohmann::json;

std::string usd_m(double v) { return format_fixed(v / 1e6, 1); }
std::string money(const range& r) { return money_text(r); }
std::string years(const range& r) { return years_text(r); }
std::string ids(const range& r) { return r.facts.empty() ? "-" : join(r.facts, ","); }

json range_json(const range& r, double unit = 1) {
    if (!r.known) return nullptr;
    return {{"low", r.low / unit}, {"high", r.high / unit}, {"facts", r.facts}};
}

void port_text(std::string& o, const port_result& p) {
    o += fmt::format("{}{}: {} ZPMC STS cranes (lower bound), {} PRC-made cranes on order\n", p.port.name,
                     p.port.port_id.empty() ? "" : " (" + p.port.port_id + ")", p.port.zpmc_sts, p.port.pending_prc);
    bool shown = false;
    for (const auto& s : p.scenarios) {
        if (s.scenario.rfind("stop", 0) == 0 && p.port.pending_prc == 0) continue; // nothing on order
        if ((s.scenario == "remove" || s.scenario == "secure") && p.port.zpmc_sts == 0) continue; // no crane counted
        shown = true;
        o += fmt::format("  {:<12} {:<26} {:<22} [{}{}]\n", s.scenario, money(s.cost), s.years.known ? years(s.years) : "",
                         ids(s.cost), s.years.known ? "; time " + ids(s.years) : "");
    }
    if (!shown && !p.scenarios.empty())
        o += p.port.zpmc_sts == 0 && p.port.pending_prc == 0
                 ? "  nothing to price: no ZPMC STS crane counted (high/medium rows) and no PRC-made crane on order\n"
             : p.port.pending_prc == 0 ? "  stop: no PRC-made crane on order\n"
                                       : "  remove, secure: no ZPMC STS crane counted (high/medium rows)\n";
}

} // namespace

std::string money_text(const range& r) {
    if (!r.known) return "n/a";
    return "USD " + usd_m(r.low) + "m - " + usd_m(r.high) + "m";
}

std::string years_text(const range& r) {
    if (!r.known) return "n/a (no cited time)";
    if (format_fixed(r.low, 1) == format_fixed(r.high, 1)) return format_fixed(r.low, 1) + " years";
    return format_fixed(r.low, 1) + " - " + format_fixed(r.high, 1) + " years";
}

std::string format_text(const coa_result& r) {
    std::string o;
    o += "Courses of action: cost and time (USD as the sources state them, nothing converted or inflation-adjusted)\n";
    o += "Assumptions (flags of 'harbormap coa'):\n";
    o += fmt::format("  non-PRC STS price per crane: {} [{}]\n", money(r.replacement_price), ids(r.replacement_price));
    o += fmt::format("  PRC (ZPMC) STS price per crane: {} [{}]\n", money(r.prc_price), ids(r.prc_price));
    o += fmt::format("  retrofit share of a new crane: {}% - {}% [{}]\n", format_general(r.retrofit_share.low),
                     format_general(r.retrofit_share.high), ids(r.retrofit_share));
    o += fmt::format("  tariff on PRC cranes: {}% - {}% [{}]\n", format_general(r.tariff_rate.low), format_general(r.tariff_rate.high),
                     ids(r.tariff_rate));
    o += fmt::format("  non-PRC lead time: {} [{}]; delivery capacity for US buyers: {} a year [{}]\n", years(r.lead_years),
                     ids(r.lead_years), format_general(r.used.capacity_per_year), r.used.capacity_fact);
    o += "\n";
    for (const auto& p : r.ports) port_text(o, p);
    if (r.ports.size() > 1) {
        o += "\n";
        port_text(o, r.total);
    }
    if (!r.not_known.empty()) {
        o += "\nNot known (no cited figure):\n";
        for (const auto& n : r.not_known) o += "  " + n + "\n";
    }
    return o;
}

std::string format_json(const coa_result& r) {
    json j;
    j["currency"] = "USD";
    j["assumptions"] = {{"replacement_price", range_json(r.replacement_price)},
                        {"prc_price", range_json(r.prc_price)},
                        {"retrofit_share_pct", range_json(r.retrofit_share)},
                        {"tariff_pct", range_json(r.tariff_rate)},
                        {"lead_years", range_json(r.lead_years)},
                        {"capacity_per_year", r.used.capacity_per_year},
                        {"capacity_fact", r.used.capacity_fact},
                        {"price_since", r.used.price_since},
                        {"min_confidence", r.used.min_confidence}};
    auto port_json = [](const port_result& p) {
        json s = json::array();
        for (const auto& sc : p.scenarios)
            s.push_back({{"scenario", sc.scenario}, {"cost", range_json(sc.cost)}, {"years", range_json(sc.years)}, {"note", sc.note}});
        return json{{"port_id", p.port.port_id}, {"name", p.port.name}, {"zpmc_sts", p.port.zpmc_sts},
                    {"pending_prc", p.port.pending_prc}, {"order_rows", p.port.order_rows}, {"scenarios", s}};
    };
    j["ports"] = json::array();
    for (const auto& p : r.ports) j["ports"].push_back(port_json(p));
    j["total"] = port_json(r.total);
    j["not_known"] = r.not_known;
    j["unparsed_amounts"] = r.unparsed;
    return j.dump(2) + "\n";
}

std::string format_csv(const coa_result& r) {
    std::string o = "port_id,name,zpmc_sts,pending_prc,scenario,cost_low_usd,cost_high_usd,years_low,years_high,facts\n";
    auto row = [&](const port_result& p) {
        for (const auto& s : p.scenarios) {
            std::vector<std::string> f = s.cost.facts;
            for (const auto& x : s.years.facts) f.push_back(x);
            o += fmt::format("{},\"{}\",{},{},{},{},{},{},{},\"{}\"\n", p.port.port_id, p.port.name, p.port.zpmc_sts, p.port.pending_prc,
                             s.scenario, s.cost.known ? format_fixed(s.cost.low, 0) : "", s.cost.known ? format_fixed(s.cost.high, 0) : "",
                             s.years.known ? format_fixed(s.years.low, 2) : "", s.years.known ? format_fixed(s.years.high, 2) : "",
                             join(f, ";"));
        }
    };
    for (const auto& p : r.ports) row(p);
    row(r.total);
    return o;
}

} // namespace harbormap::products::coa
