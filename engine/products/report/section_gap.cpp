// The gap between the terminal table's count and the published figures, explained from the rows:
// active vs pending deals, captive industrial terminals, Hong Kong (Hutchison).
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>

namespace harbormap::products::report {

namespace {
long long gap_value(const report_data& d, const std::string& id) {
    const cited_figure* f = d.ev.find(id);
    return f ? f->value : 0;
}
} // namespace

void gap_section(const context& c, document& doc) {
    const report_data& d = c.data;
    if (!d.ev.find("ev-prc-active-ports") || d.ev.find("ev-prc-active-ports")->rows.empty()) return;
    doc.heading(2, text("The gap to the published figures"), "gap");
    const long long active = gap_value(d, "ev-prc-active-ports"), pending = gap_value(d, "ev-prc-pending-ports"),
                    commercial = gap_value(d, "ev-prc-commercial-ports"), with_hk = gap_value(d, "ev-prc-hk-ports");
    auto& t = doc.table({{text("counted from terminals.csv (PRC firms, ownership or operation; builders left out)")},
                         {text("ports"), true}, {text("countries"), true}, {text("rows"), true}}, "gap-table");
    const std::pair<const char*, const char*> lines[] = {{"active", "prc-active"}, {"active or pending", "prc-pending"},
                                                        {"active, captive industrial and energy terminals left out", "prc-commercial"},
                                                        {"active, with Hong Kong (Hutchison) terminals", "prc-hk"}};
    for (const auto& [what, id] : lines) {
        const cited_figure* p = d.ev.find(fmt::format("ev-{}-ports", id));
        t.rows.push_back({{{run::link(what, anchor_href(fmt::format("ev-{}-ports", id)))}},
                          {text(fmt::format("{}", p ? p->value : 0)), fmt::format("gap-{}", id)},
                          {text(fmt::format("{}", gap_value(d, fmt::format("ev-{}-countries", id))))},
                          {text(fmt::format("{}", p ? p->rows.size() : 0))}});
    }
    doc.bullets({text(fmt::format("Pending deals add {} ports ({} pending or under-construction PRC deal rows in all).",
                                  pending - active, gap_value(d, "ev-prc-pipeline"))),
                 text(fmt::format("Captive terminals (mine, smelter, LNG, crude and power-plant jetties, marked Captive in the rows' notes) "
                                  "are the only PRC terminal at {} of the {} active ports; trackers of commercial ports may leave them out.",
                                  active - commercial, active)),
                 text(fmt::format("Hong Kong's CK Hutchison is private capital, counted apart: with its terminals the count is {} ports "
                                  "({} more).", with_hk, with_hk - active)),
                 text("Construction-only contracts (role builder) are not ownership or operation and are left out of every line.")});
    inline_text pub{run::plain("Published figures: ")};
    bool first = true;
    for (const auto& p : d.texts.published) {
        if (p.figure_id != "prc-ports") continue;
        if (!first) pub.push_back(run::plain("; "));
        first = false;
        pub.push_back(run::plain(fmt::format("{} (", p.claim)));
        pub.push_back(run::link(p.who, p.url));
        pub.push_back(run::plain(")"));
    }
    pub.push_back(run::plain(". The table is a cited hand compilation, not a register: the remaining difference is ports the table "
                             "has no cited row for."));
    doc.paragraph(pub);
}

} // namespace harbormap::products::report
