// The one list of report sections (document order).  Each section lives in its own file.
#include "engine/products/report/sections.hpp"

namespace harbormap::products::report {

void headline_section(const context&, document&);      // section_headline.cpp
void seaports_section(const context&, document&);      // section_seaports.cpp
void route_example_section(const context&, document&); // section_route_example.cpp
void maps_section(const context&, document&);          // section_maps.cpp
void growth_section(const context&, document&);        // section_growth.cpp
void courses_section(const context&, document&);       // section_courses.cpp
void coa_costs_section(const context&, document&);     // section_coa_costs.cpp
void sources_section(const context&, document&);       // section_sources.cpp
void evidence_section(const context&, document&);      // section_evidence.cpp
void gap_section(const context&, document&);           // section_gap.cpp
void zpmc_abroad_section(const context&, document&);   // section_zpmc_abroad.cpp
void us_orders_section(const context&, document&);     // section_us_orders.cpp
void equipment_section(const context&, document&);     // section_equipment.cpp
void evidence_rows_section(const context&, document&); // section_evidence.cpp

const std::vector<section>& sections() {
    static const std::vector<section> s = {
        {"headline", headline_section},
        {"evidence", evidence_section},
        {"gap", gap_section},
        {"growth", growth_section},
        {"zpmc-abroad", zpmc_abroad_section},
        {"us-orders", us_orders_section},
        {"prc-equipment", equipment_section},
        {"seaports", seaports_section},
        {"route-example", route_example_section},
        {"maps", maps_section},
        {"courses", courses_section},
        {"coa-costs", coa_costs_section},
        {"sources", sources_section},
        {"evidence-rows", evidence_rows_section},
    };
    return s;
}

document build_document(const context& c) {
    document d;
    d.title = "harbormap footprint report";
    d.heading(1, text("The footprint of Chinese ownership and technology in seaports"));
    d.paragraph(text("Figures computed by harbormap from the fused footprint; every figure links to the rows behind it."));
    if (c.data.as_of)
        d.paragraph(text("As of " + std::to_string(*c.data.as_of) +
                         ": only the facts valid that year (valid_from <= " + std::to_string(*c.data.as_of) +
                         " < valid_to); rows whose year is not known are left out (README, \"The footprint through time\")."));
    for (const auto& s : sections()) s.build(c, d);
    return d;
}

} // namespace harbormap::products::report
