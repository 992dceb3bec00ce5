#pragma once
// `harbormap coa`: what each course of action (MITRE, Dec 2023) would cost and take, per Strategic
// Seaport, built only from cited cost facts (data/curated/crane_costs.csv) and the crane tables:
//   remove (COA 3)  replace every ZPMC STS crane counted at the port with a non-PRC crane;
//   secure (COA 1)  retrofit drives/controls of those cranes (a cited share of a new crane's price);
//   stop   (COA 2)  the tariff on PRC crane orders still pending, and the premium of buying non-PRC instead.
// Every number names the fact ids it came from; every assumption is a field of `assumptions` with a
// documented default (README "Courses of action: cost and time").  Amounts stay in the currency and year
// the sources give (USD rows only are used; nothing is inflation-adjusted).
#include "engine/core/geometry.hpp"
#include "engine/products/coa/amount.hpp"

#include <optional>
#include <string>
#include <vector>

namespace harbormap::products::coa {

struct cost_fact {
    std::string id, kind, maker, equipment, quantity_text, amount_text, currency, year_text, buyer;
    std::string source_url, source_date, confidence;
    parsed_amount amount;
    std::optional<int> quantity;
    std::optional<std::pair<int, int>> years;
};

// The cost facts of the `crane_costs` layer; `unparsed` gets the ids of price, retrofit and tariff rows
// whose amount states no number (they are kept as text and reported).
std::vector<cost_fact> load_cost_facts(const feature_layer& layer, std::vector<std::string>* unparsed = nullptr);

enum class maker_class { prc, non_prc, unknown };
maker_class classify_maker(const std::string& maker);

// A low..high range with the fact ids behind it.
struct range {
    double low = 0, high = 0;
    std::vector<std::string> facts;
    bool known = false;
    void add(double lo, double hi, const std::string& fact);
    range scaled(double k) const;
};

struct assumptions {
    std::vector<std::string> price_rows;     // explicit replacement-price rows (default: chosen by the rules below)
    int price_since = 2019;                  // unit prices from this year on
    std::string min_confidence = "medium";   // rows at or above this confidence
    std::vector<std::string> prc_price_rows; // explicit PRC (ZPMC) price rows (default: same rules, PRC makers)
    std::vector<std::string> tariff_rows = {"tar-016", "tar-005"}; // 25% in force since 2024-09-27; 100% from 2025-11-09
    std::vector<std::string> retrofit_rows;  // default: every retrofit_cost row stating a percent
    int lead_since = 2013;                   // non-PRC STS lead-time rows (order year to delivery year) from this year on
    double capacity_per_year = 20;           // non-PRC STS cranes a year that US buyers can get
    std::string capacity_fact = "cap-011";   // the row behind the capacity default
};

struct port_cranes {
    std::string port_id, name;
    long long zpmc_sts = 0;    // ZPMC STS cranes counted (lower bound; high/medium confidence rows)
    long long pending_prc = 0; // PRC-made cranes ordered or planned, not delivered
    std::vector<std::string> order_rows;
};

struct scenario_result {
    std::string scenario; // remove | secure | stop-tariff | stop-switch
    range cost;           // USD
    range years;          // empty (known=false) when the data give no time
    std::string note;
};

struct port_result {
    port_cranes port;
    std::vector<scenario_result> scenarios;
};

struct coa_result {
    assumptions used;
    range replacement_price, prc_price, retrofit_share, tariff_rate, lead_years, retrofit_years;
    std::vector<port_result> ports;
    port_result total;
    std::vector<std::string> not_known; // "rc-010: not public (directives are security-sensitive)"
    std::vector<std::string> unparsed;
};

// scenarios: any of remove, secure, stop (empty = all).  Throws usage_error for an unknown scenario or a
// named fact id that is not in the table, processing_error when a chosen price set is empty.
coa_result compute(const std::vector<cost_fact>& facts, const std::vector<port_cranes>& ports, const assumptions& a,
                   const std::vector<std::string>& scenarios = {});

std::string format_text(const coa_result& r);
// "USD 256.7m - 462.0m" ("n/a" when unknown); "2.1 - 4.1 years" ("n/a (no cited time)").
std::string money_text(const range& r);
std::string years_text(const range& r);
std::string format_json(const coa_result& r);
std::string format_csv(const coa_result& r);

} // namespace harbormap::products::coa
