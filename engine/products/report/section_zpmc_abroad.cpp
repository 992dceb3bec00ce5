// The ZPMC inventory outside the US by country and port: delivered vs on order, every row cited.
// Counts are lower bounds and the rows are not summed (the table says: do not sum it as a fleet).
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>

#include <set>

namespace harbormap::products::report {

void zpmc_abroad_section(const context& c, document& doc) {
    const auto& rows = c.data.ev.zpmc_abroad;
    if (rows.empty()) return;
    const cited_figure* ports = c.data.ev.find("ev-zpmc-abroad-ports");
    const cited_figure* countries = c.data.ev.find("ev-zpmc-abroad-countries");
    std::size_t delivered = 0, stated_totals = 0;
    for (const auto& r : rows) {
        delivered += r.delivered ? 1 : 0;
        stated_totals += r.count_basis.rfind("stated total", 0) == 0 ? 1 : 0;
    }
    doc.heading(2, text("ZPMC cranes outside the US, by country and port"), "zpmc-abroad");
    doc.paragraph({run::plain(fmt::format("ZPMC cranes delivered or ordered at {} ports in {} countries (", ports ? ports->value : 0,
                                          countries ? countries->value : 0)),
                   run::link("rows", anchor_href("ev-zpmc-abroad-ports")),
                   run::plain(fmt::format("): {} rows, {} delivered, in service or installing, {} ordered, shipped or planned. Counts are "
                                          "lower bounds; do not sum them as a fleet: {} rows are stated totals that sit beside separate "
                                          "delivery rows at the same port, and orders are not all confirmed as delivered.",
                                          rows.size(), delivered, rows.size() - delivered, stated_totals))});
    auto& t = doc.table({{text("country")}, {text("port")}, {text("terminal")}, {text("crane type")}, {text("count"), true},
                         {text("delivered or on order")}, {text("year")}, {text("how counted")}, {text("source")}},
                        "zpmc-abroad-table");
    for (const auto& r : rows)
        t.rows.push_back({{text(r.country)}, {text(r.port)}, {text(r.terminal)}, {text(r.crane_type)}, {text(r.count)},
                          {text(fmt::format("{}: {}", r.delivered ? "delivered" : "on order", r.status))}, {text(r.year)}, {text(r.count_basis)},
                          {{run::link(r.id, r.url), run::plain(fmt::format(" ({})", r.confidence))}}});
}

} // namespace harbormap::products::report
