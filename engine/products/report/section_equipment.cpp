// Other Chinese equipment in seaports (scanners, port machinery, autonomous trucks), every row cited;
// EU-wide and national rows are facts without a port.
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>

namespace harbormap::products::report {

void equipment_section(const context& c, document& doc) {
    const auto& rows = c.data.ev.equipment;
    if (rows.empty()) return;
    const cited_figure* nu = c.data.ev.find("ev-nuctech-ports");
    doc.heading(2, text("Other Chinese equipment in seaports"), "prc-equipment");
    doc.paragraph({run::plain(fmt::format("{} rows; Nuctech scanners at ", rows.size())),
                   run::link(fmt::format("{} ports", nu ? nu->value : 0), anchor_href("ev-nuctech-ports")),
                   run::plain(". Rows whose port starts with \"(\" are EU-wide or national facts, not ports.")});
    auto& t = doc.table({{text("port")}, {text("what (maker, equipment, count, status)")}, {text("source")}}, "prc-equipment-table");
    for (const auto& r : rows)
        t.rows.push_back({{text(r.port)}, {text(r.detail)}, {{run::link(r.id, r.url), run::plain(fmt::format(" ({})", r.confidence))}}});
}

} // namespace harbormap::products::report
