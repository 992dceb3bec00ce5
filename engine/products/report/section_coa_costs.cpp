// "Courses of action: cost and time": the `harbormap coa` figures per Strategic Seaport with the
// assumptions, the fact ids and their sources, what is not known, and the cost-range chart.
#include "engine/core/text.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>
#include <set>

namespace harbormap::products::report {

namespace {

std::string ids(const coa::range& r) { return r.facts.empty() ? "-" : join(r.facts, ", "); }

const coa::scenario_result* find(const coa::port_result& p, const std::string& scenario) {
    for (const auto& s : p.scenarios)
        if (s.scenario == scenario) return &s;
    return nullptr;
}

std::string cost_of(const coa::port_result& p, const std::string& scenario) {
    const auto* s = find(p, scenario);
    if (!s || (scenario.rfind("stop", 0) == 0 && p.port.pending_prc == 0)) return "-";
    return coa::money_text(s->cost);
}

std::string time_of(const coa::port_result& p, const std::string& scenario) {
    const auto* s = find(p, scenario);
    return s && s->years.known ? coa::years_text(s->years) : "-";
}

void assumptions_list(const coa::coa_result& r, document& doc) {
    doc.bullets({
        text(fmt::format("non-PRC STS crane price: {} (facts {})", coa::money_text(r.replacement_price), ids(r.replacement_price))),
        text(fmt::format("PRC (ZPMC) STS crane price: {} (facts {})", coa::money_text(r.prc_price), ids(r.prc_price))),
        text(fmt::format("retrofit share of a new crane: {}% - {}% (facts {})", format_general(r.retrofit_share.low),
                         format_general(r.retrofit_share.high), ids(r.retrofit_share))),
        text(fmt::format("tariff on PRC cranes: {}% - {}% (facts {})", format_general(r.tariff_rate.low),
                         format_general(r.tariff_rate.high), ids(r.tariff_rate))),
        text(fmt::format("non-PRC lead time: {} (facts {}); non-PRC cranes a year US buyers can get: {} (fact {})",
                         coa::years_text(r.lead_years), ids(r.lead_years), format_general(r.used.capacity_per_year),
                         r.used.capacity_fact)),
    });
}

// Every fact id the figures use, with its own source, date and confidence.
void cited_facts(const context& c, document& doc) {
    const auto& r = *c.data.coa;
    std::set<std::string> used;
    for (const auto* rg : {&r.replacement_price, &r.prc_price, &r.retrofit_share, &r.tariff_rate, &r.lead_years, &r.retrofit_years})
        used.insert(rg->facts.begin(), rg->facts.end());
    used.insert(r.used.capacity_fact);
    std::vector<inline_text> items;
    for (const auto& f : c.data.coa_facts) {
        if (!used.count(f.id)) continue;
        items.push_back({run::strong(f.id), run::plain(fmt::format(" ({}, {}, {}): {} ", f.kind, f.maker.empty() ? "-" : f.maker,
                                                                   f.year_text, f.amount_text)),
                         run::url(f.source_url), run::plain(fmt::format(" ({} confidence, {})", f.confidence, f.source_date))});
    }
    doc.heading(3, text("Facts behind the figures"), "coa-facts");
    doc.bullets(std::move(items));
}

} // namespace

void coa_costs_section(const context& c, document& doc) {
    doc.heading(2, text("Courses of action: cost and time"), "coa-costs");
    if (!c.data.coa) {
        doc.paragraph(text("Cost and time " + c.data.coa_note + "."));
        return;
    }
    const auto& r = *c.data.coa;
    doc.paragraph(text("What each course of action would cost and take at each Strategic Seaport with ZPMC cranes counted or PRC "
                       "cranes on order, computed from cited cost facts only (as `harbormap coa --all-strategic`; amounts in "
                       "USD as the sources state them, nothing converted or inflation-adjusted). Crane counts are lower "
                       "bounds, so costs are too. remove = every counted ZPMC ship-to-shore crane replaced by a non-PRC "
                       "crane; secure = drives and controls retrofitted; stop = the tariff on PRC cranes still on order."));
    auto& t = doc.table({{text("seaport")}, {text("ZPMC STS cranes"), true}, {text("PRC cranes on order"), true}, {text("remove")},
                         {text("remove: time")}, {text("secure")}, {text("stop: tariff")}},
                        "coa-costs-table");
    const auto add = [&](const coa::port_result& p, bool total) {
        const std::string name = total ? "All Strategic Seaports above" : p.port.name;
        t.rows.push_back({{total ? inline_text{run::strong(name)} : text(name)}, {text(std::to_string(p.port.zpmc_sts))},
                          {text(std::to_string(p.port.pending_prc))}, {text(cost_of(p, "remove"))}, {text(time_of(p, "remove"))},
                          {text(cost_of(p, "secure"))}, {text(cost_of(p, "stop-tariff"))}});
    };
    for (const auto& p : r.ports) add(p, false);
    if (r.ports.size() > 1) add(r.total, true);
    if (!c.data.coa_chart.empty())
        doc.image(c.data.coa_chart, "Cost range per Strategic Seaport, remove and secure",
                  "Cost range per Strategic Seaport (USD million): remove (COA 3) and secure (COA 1).");
    doc.heading(3, text("Assumptions (defaults of the flags of harbormap coa)"), "coa-assumptions");
    assumptions_list(r, doc);
    if (!r.not_known.empty()) {
        doc.heading(3, text("Not known"), "coa-not-known");
        std::vector<inline_text> items;
        for (const auto& n : r.not_known) items.push_back(text(n));
        doc.bullets(std::move(items));
    }
    cited_facts(c, doc);
}

} // namespace harbormap::products::report
