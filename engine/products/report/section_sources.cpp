// The rows (and their URLs) behind each figure; the headline table links here.
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

namespace harbormap::products::report {

void sources_section(const context& c, document& doc) {
    doc.heading(2, text("Sources of each figure"));
    for (const auto& f : c.data.figures) {
        if (!f.rows.empty()) { // exactly the rows of the figure's table
            cited_rows(doc, "src-" + f.id, f.label + " (" + std::to_string(f.value) + ")", f.table, f.rule, f.rows);
            continue;
        }
        doc.heading(3, text(f.label + " (" + std::to_string(f.value) + ")"), "src-" + f.id);
        std::vector<inline_text> items;
        for (const auto& [row, url] : f.sources)
            items.push_back(url.empty() ? text(row) : inline_text{run::plain(row + ": "), run::url(url)});
        doc.bullets(std::move(items));
    }
}

} // namespace harbormap::products::report
