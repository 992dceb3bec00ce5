// The preset maps rendered for the report.
#include "engine/products/report/sections.hpp"

namespace harbormap::products::report {

void maps_section(const context& c, document& doc) {
    doc.heading(2, text("Maps"));
    for (const auto& m : c.maps) doc.image(m, m);
}

} // namespace harbormap::products::report
