// The illustrative route (Shanghai to Rotterdam, Suez open and closed) when the sea graph is built.
#include "engine/products/report/sections.hpp"

#include "engine/core/text.hpp"

namespace harbormap::products::report {

void route_example_section(const context& c, document& doc) {
    const auto& ex = c.data.examples;
    if (ex.empty()) return;
    doc.heading(2, text("Illustrative route: " + ex.front().from + " to " + ex.front().to), "route-example");
    auto& t = doc.table({{text("case")}, {text("distance by sea"), true}, {text("gates crossed")}, {text("PRC-operated ports within 50 nm")}});
    for (const auto& e : ex)
        t.rows.push_back({{text(e.title)},
                          {text(e.distance_nm < 0 ? e.status : format_thousands(e.distance_nm) + " nm")},
                          {text(join(e.gates, " > "))},
                          {text(join(e.prc_ports, ", "))}});
    for (const auto& e : ex)
        if (!e.map.empty()) doc.image(e.map, e.title, e.title);
}

} // namespace harbormap::products::report
