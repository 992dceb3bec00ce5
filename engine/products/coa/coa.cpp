#include "engine/products/coa/coa.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace harbormap::products::coa {
namespace {

int confidence_rank(const std::string& c) { return c == "high" ? 3 : c == "medium" ? 2 : c == "low" ? 1 : 0; }
bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
bool is_sts(const cost_fact& f) { return f.equipment.rfind("STS", 0) == 0; }

// The per-crane price a unit_price row states: `each`, else a total over a whole quantity, else a bare
// amount for one crane (or over the quantity).  nullopt when the row gives no per-crane figure.
std::optional<std::pair<double, double>> per_crane(const cost_fact& f) {
    if (const auto* e = f.amount.first(amount_basis::each)) return std::pair{e->low, e->high};
    const auto* t = f.amount.first(amount_basis::total);
    if (!t) t = f.amount.first(amount_basis::bare);
    if (t && f.quantity) return std::pair{t->low / *f.quantity, t->high / *f.quantity};
    return std::nullopt;
}

const cost_fact& fact_by_id(const std::vector<cost_fact>& facts, const std::string& id) {
    for (const auto& f : facts)
        if (f.id == id) return f;
    throw usage_error("no cost fact '" + id + "' in data/curated/crane_costs.csv");
}

range price_range(const std::vector<cost_fact>& facts, const std::vector<std::string>& explicit_rows, maker_class want,
                  const assumptions& a, const char* what) {
    range r;
    auto take = [&](const cost_fact& f) {
        if (auto p = per_crane(f)) r.add(p->first, p->second, f.id);
    };
    if (!explicit_rows.empty()) {
        for (const auto& id : explicit_rows) {
            const cost_fact& f = fact_by_id(facts, id);
            if (!per_crane(f)) throw usage_error("cost fact '" + id + "' states no per-crane price ('" + f.amount_text + "')");
            take(f);
        }
    } else {
        for (const auto& f : facts)
            if (f.kind == "unit_price" && is_sts(f) && f.currency == "USD" && classify_maker(f.maker) == want && f.years &&
                f.years->first >= a.price_since && confidence_rank(f.confidence) >= confidence_rank(a.min_confidence))
                take(f);
    }
    if (!r.known) throw processing_error(std::string("no ") + what + " price rows match the assumptions");
    return r;
}

range percent_range(const std::vector<cost_fact>& facts, const std::vector<std::string>& ids, const char* kind) {
    range r;
    for (const auto& f : facts) {
        if (ids.empty() ? f.kind != kind : !contains(ids, f.id)) continue;
        if (const auto* p = f.amount.first(amount_basis::percent)) r.add(p->low, p->high, f.id);
        else if (!ids.empty()) throw usage_error("cost fact '" + f.id + "' states no percent ('" + f.amount_text + "')");
    }
    for (const auto& id : ids) fact_by_id(facts, id);
    return r;
}

range lead_range(const std::vector<cost_fact>& facts, int since, bool retrofit) {
    range r;
    for (const auto& f : facts) {
        if (f.kind != "lead_time" || !f.years || !is_sts(f)) continue;
        const bool is_retrofit = to_lower(f.maker).find("retrofit") != std::string::npos;
        if (is_retrofit != retrofit) continue;
        if (!retrofit && (classify_maker(f.maker) != maker_class::non_prc || f.years->first < since)) continue;
        const double y = f.years->second - f.years->first;
        if (y > 0) r.add(y, y, f.id);
    }
    return r;
}

range product(const range& a, const range& b, double k = 1) {
    range r;
    if (!a.known || !b.known) return r;
    r.known = true;
    r.low = a.low * b.low * k;
    r.high = a.high * b.high * k;
    r.facts = a.facts;
    for (const auto& f : b.facts)
        if (!contains(r.facts, f)) r.facts.push_back(f);
    return r;
}

std::vector<scenario_result> scenarios_for(const port_cranes& p, const coa_result& c, const std::vector<std::string>& want) {
    std::vector<scenario_result> out;
    const double n = static_cast<double>(p.zpmc_sts), pend = static_cast<double>(p.pending_prc);
    auto wanted = [&](const char* s) { return want.empty() || contains(want, s); };
    if (wanted("remove")) {
        scenario_result s{"remove", c.replacement_price.scaled(n), {}, ""};
        if (c.lead_years.known && n > 0) { // no crane counted: nothing to replace, no time (was the bare lead time)
            s.years = c.lead_years;
            s.years.low += n / c.used.capacity_per_year;
            s.years.high += n / c.used.capacity_per_year;
            s.years.facts.push_back(c.used.capacity_fact);
        }
        s.note = fmt::format("{} ZPMC STS cranes x non-PRC price; years = lead time + cranes / {} a year (a lower bound: "
                             "{} says non-PRC makers fall short of that)",
                             p.zpmc_sts, format_general(c.used.capacity_per_year), c.used.capacity_fact);
        out.push_back(std::move(s));
    }
    if (wanted("secure")) {
        range share = c.retrofit_share.scaled(0.01);
        scenario_result s{"secure", product(share, c.replacement_price, n), n > 0 ? c.retrofit_years : range{}, ""};
        s.note = fmt::format("{} cranes x retrofit share x new non-PRC crane price; compliance with Coast Guard directives not "
                             "included (see 'not known')", p.zpmc_sts);
        out.push_back(std::move(s));
    }
    if (wanted("stop")) {
        scenario_result t{"stop-tariff", product(c.prc_price, c.tariff_rate.scaled(0.01), pend), {}, ""};
        t.note = fmt::format("{} PRC-made cranes ordered, not delivered x PRC price x tariff rate", p.pending_prc);
        out.push_back(std::move(t));
        scenario_result w{"stop-switch", {}, c.lead_years, ""};
        if (c.replacement_price.known && c.prc_price.known) {
            w.cost.known = true;
            w.cost.low = pend * (c.replacement_price.low - c.prc_price.high);
            w.cost.high = pend * (c.replacement_price.high - c.prc_price.low);
            w.cost.facts = c.replacement_price.facts;
            for (const auto& f : c.prc_price.facts) w.cost.facts.push_back(f);
        }
        w.note = fmt::format("{} pending PRC cranes bought from non-PRC makers instead: the price difference (may be "
                             "negative at the low end)", p.pending_prc);
        out.push_back(std::move(w));
    }
    return out;
}

} // namespace

void range::add(double lo, double hi, const std::string& fact) {
    low = known ? std::min(low, lo) : lo;
    high = known ? std::max(high, hi) : hi;
    known = true;
    if (!contains(facts, fact)) facts.push_back(fact);
}

range range::scaled(double k) const {
    range r = *this;
    r.low *= k;
    r.high *= k;
    return r;
}

maker_class classify_maker(const std::string& maker) {
    const std::string m = to_lower(trim(maker));
    if (m.find("non-chinese") != std::string::npos) return maker_class::non_prc;
    for (const char* vague : {"(all", "(any", "(not", "not stated", "undecided"})
        if (m.rfind(vague, 0) == 0) return maker_class::unknown;
    if (m.find("zpmc") != std::string::npos || m.find("chinese") != std::string::npos) return maker_class::prc;
    if (m.empty() || m[0] == '(') return maker_class::unknown;
    return maker_class::non_prc;
}

std::vector<cost_fact> load_cost_facts(const feature_layer& layer, std::vector<std::string>* unparsed) {
    std::vector<cost_fact> out;
    for (const auto& f : layer.features) {
        cost_fact c;
        c.id = f.text("fact_id");
        c.kind = f.text("fact_kind");
        c.maker = f.text("maker");
        c.equipment = f.text("equipment_type");
        c.quantity_text = f.text("quantity");
        c.amount_text = f.text("amount");
        c.currency = f.text("currency");
        c.year_text = f.text("year");
        c.buyer = f.text("port_or_buyer");
        c.source_url = f.text("source_url");
        c.source_date = f.text("source_date");
        c.confidence = f.text("confidence");
        c.amount = parse_amount(c.amount_text);
        c.quantity = parse_quantity(c.quantity_text);
        c.years = parse_year_span(c.year_text);
        const bool wants_number = c.kind == "unit_price" || c.kind == "retrofit_cost" || c.kind == "tariff";
        if (unparsed && wants_number && c.amount.empty()) unparsed->push_back(c.id);
        out.push_back(std::move(c));
    }
    return out;
}

coa_result compute(const std::vector<cost_fact>& facts, const std::vector<port_cranes>& ports, const assumptions& a,
                   const std::vector<std::string>& scenarios) {
    for (const auto& s : scenarios)
        if (s != "remove" && s != "secure" && s != "stop")
            throw usage_error("unknown scenario '" + s + "' (remove, secure, stop)");
    coa_result c;
    c.used = a;
    c.replacement_price = price_range(facts, a.price_rows, maker_class::non_prc, a, "non-PRC");
    c.prc_price = price_range(facts, a.prc_price_rows, maker_class::prc, a, "PRC");
    c.retrofit_share = percent_range(facts, a.retrofit_rows, "retrofit_cost");
    c.tariff_rate = percent_range(facts, a.tariff_rows, "tariff");
    c.lead_years = lead_range(facts, a.lead_since, false);
    c.retrofit_years = lead_range(facts, 0, true);
    fact_by_id(facts, a.capacity_fact);
    if (a.capacity_per_year <= 0) throw usage_error("--capacity must be positive");
    for (const auto& f : facts)
        if (f.kind == "retrofit_cost" && f.amount.empty()) c.not_known.push_back(f.id + ": " + f.equipment + ": " + f.amount_text);
    for (const auto& f : facts)
        if ((f.kind == "unit_price" || f.kind == "retrofit_cost" || f.kind == "tariff") && f.amount.empty()) c.unparsed.push_back(f.id);
    port_cranes all{"", "all ports above", 0, 0, {}};
    for (const auto& p : ports) {
        c.ports.push_back({p, scenarios_for(p, c, scenarios)});
        all.zpmc_sts += p.zpmc_sts;
        all.pending_prc += p.pending_prc;
    }
    c.total = {all, scenarios_for(all, c, scenarios)};
    return c;
}

} // namespace harbormap::products::coa
