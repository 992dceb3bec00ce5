// The growth charts (report/growth.cpp): each image with the table it counts and the rule.
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>

namespace harbormap::products::report {

void growth_section(const context& c, document& doc) {
    if (c.data.charts.empty()) return;
    doc.heading(2, text("Growth through time"), "growth");
    doc.paragraph(text("Counted from the rows' valid_from / valid_to (README, \"The footprint through time\"); rows whose year "
                       "is not known are not drawn. SVG beside each PNG."));
    for (const auto& g : c.data.charts) {
        doc.image(g.file_png, g.title,
                  fmt::format("{} (table {}: {}; {} rows with a year, {} without; SVG: {})", g.title, g.table, g.rule, g.rows,
                              g.rows_year_unknown, g.file_svg));
        if (!g.note.empty()) doc.paragraph(text(g.note));
    }
}

} // namespace harbormap::products::report
