#include "engine/products/report/cited.hpp"

#include "engine/core/text.hpp"

#include <fmt/format.h>

namespace harbormap::products::report {

std::string anchor_href(const std::string& ev_id) {
    std::string s = "#";
    s += evidence_anchor(ev_id);
    return s;
}

std::string high_share_text(const std::vector<cited_row>& rows) {
    if (rows.empty()) return "n/a";
    std::size_t high = 0;
    for (const auto& r : rows) high += r.confidence == "high" ? 1 : 0;
    return fmt::format("{}%", format_fixed(100.0 * static_cast<double>(high) / static_cast<double>(rows.size()), 0));
}

std::string rows_summary(const std::string& table, const std::vector<cited_row>& rows) {
    if (rows.empty()) return "no rows of " + table;
    return fmt::format("{} rows of {}; {} high confidence", rows.size(), table, high_share_text(rows));
}

void cited_rows(document& doc, const std::string& anchor, const std::string& title, const std::string& table, const std::string& rule,
                const std::vector<cited_row>& rows) {
    doc.heading(3, text(title), anchor);
    doc.paragraph(text(fmt::format("Counted from {}. Rule: {}.", rows_summary(table, rows), rule)));
    std::vector<inline_text> items;
    for (const auto& r : rows) {
        inline_text t{run::plain(fmt::format("{}:{} — {}{}: ", r.table, r.id, r.port, r.detail.empty() ? "" : " — " + r.detail))};
        t.push_back(run::url(r.url));
        if (!r.url_2.empty()) {
            t.push_back(run::plain(" and "));
            t.push_back(run::url(r.url_2));
        }
        t.push_back(run::plain(fmt::format(" ({}{})", r.confidence.empty() ? std::string("confidence not stated") : r.confidence + " confidence",
                                           r.date.empty() ? "" : ", " + r.date)));
        items.push_back(std::move(t));
    }
    doc.bullets(std::move(items));
}

} // namespace harbormap::products::report
