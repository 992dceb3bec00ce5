// Every figure counted from the rows of one curated table, with the share of those rows that are of
// high confidence; each links to the list of its rows.
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>

namespace harbormap::products::report {

// The anchor of a figure's row list: the headline's "src-<id>" when the figure stands in the headline.
std::string evidence_anchor(const std::string& ev_id) {
    for (const auto& [headline, counterpart] : headline_evidence())
        if (counterpart == ev_id) return "src-" + headline;
    return "src-" + ev_id;
}

void evidence_section(const context& c, document& doc) {
    const auto& figs = c.data.ev.figures;
    if (figs.empty()) return;
    doc.heading(2, text("Figures counted from the rows"), "evidence");
    doc.paragraph(text("Each figure is counted from the rows of one curated table; its rows, each with its own source, confidence "
                       "and date, are listed under the link. The last column is the share of those rows whose confidence is high."));
    auto& t = doc.table({{text("figure")}, {text("value"), true}, {text("table")}, {text("rows"), true}, {text("high-confidence rows"), true}},
                        "evidence-figures");
    for (const auto& f : figs)
        t.rows.push_back({{{run::link(f.label, anchor_href(f.id))}},
                          {text(std::to_string(f.value)), "ev-value-" + f.id},
                          {text(f.table)},
                          {text(std::to_string(f.rows.size()))},
                          {text(high_share_text(f.rows)), "ev-high-" + f.id}});
}

// The rows behind the figures that are not in the headline (those are under "Sources of each figure").
void evidence_rows_section(const context& c, document& doc) {
    bool any = false;
    for (const auto& f : c.data.ev.figures) {
        if (evidence_anchor(f.id) != "src-" + f.id) continue;
        if (!any) doc.heading(2, text("Rows behind the figures counted from the rows"));
        any = true;
        cited_rows(doc, "src-" + f.id, f.label + " (" + std::to_string(f.value) + ")", f.table, f.rule, f.rows);
    }
}

} // namespace harbormap::products::report
