// The Strategic Seaports table (ZPMC cranes, nearest PRC-operated port, gates and exposure from the
// sea graph) and the exposure score's formula.
#include "engine/products/report/sections.hpp"

#include "engine/core/text.hpp"

namespace harbormap::products::report {
namespace {

std::string near_cell(const std::string& name, double v) {
    if (name.empty()) return "n/a";
    if (v < 0) return name;
    return name + ", " + format_thousands(v) + " nm";
}
bool is_itself(const seaport_row& s) { return !s.port_id.empty() && s.nearest_prc_id == s.port_id; }
// A seaport with a PRC-operated terminal of its own is its own nearest PRC-operated port (0 nm); the
// sea column (the `deps` computation) then names the nearest other one.
std::string geodesic_cell(const seaport_row& s) {
    return is_itself(s) ? "this port (it has a PRC-operated terminal)" : near_cell(s.nearest_prc, s.nearest_nm);
}
std::string sea_cell(const seaport_row& s) {
    const std::string c = near_cell(s.nearest_prc_sea, s.nearest_sea_nm);
    return is_itself(s) && s.nearest_sea_nm >= 0 ? "next: " + c : c;
}

} // namespace

void seaports_section(const context& c, document& doc) {
    const report_data& d = c.data;
    doc.heading(2, text("Strategic Seaports"));
    auto& t = doc.table({{text("seaport")},
                         {text("state")},
                         {text("ZPMC STS cranes"), true},
                         {text("nearest PRC-operated port (geodesic)")},
                         {text("nearest PRC-operated port by sea")},
                         {text("gates of main routes (share of routes; detour if closed)"), false, "gates"},
                         {{run::link("exposure score", "#exposure-score")}, true, "exposure"},
                         {text("source")}},
                        "seaports");
    for (const auto& s : d.seaports)
        t.rows.push_back({{text(s.name)},
                          {text(s.state)},
                          {text(s.zpmc ? std::to_string(s.zpmc_cranes) : std::string("none reported"))},
                          {text(geodesic_cell(s))},
                          {text(sea_cell(s))},
                          {text(s.gates)},
                          {text(s.exposure)},
                          {s.source_url.empty() ? inline_text{} : inline_text{run::link("source", s.source_url)}}});
    if (!d.routing_note.empty()) doc.paragraph(text(d.routing_note), "routing-note");
    doc.heading(3, text("Exposure score"), "exposure-score");
    doc.paragraph(text(exposure_formula()));
}

} // namespace harbormap::products::report
