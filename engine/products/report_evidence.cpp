// The headline figures counted from rows: each takes the value, rule and rows of its evidence
// counterpart (engine/products/evidence.cpp), so the figure cites exactly the rows behind it.
#include "engine/products/report.hpp"

namespace harbormap::products {

void apply_evidence(report_data& d, evidence ev) {
    d.ev = std::move(ev);
    for (const auto& [headline, counterpart] : headline_evidence()) {
        const cited_figure* e = d.ev.find(counterpart);
        if (!e || e->rows.empty()) continue;
        for (auto& f : d.figures) {
            if (f.id != headline) continue;
            f.label = e->label;
            f.value = e->value;
            f.table = e->table;
            f.rule = e->rule;
            f.rows = e->rows;
            f.sources.clear();
        }
    }
}

} // namespace harbormap::products
