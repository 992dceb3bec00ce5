// The report's courses-of-action figures: the `harbormap coa` computation (engine/products/coa) for every
// Strategic Seaport with its documented default assumptions, and a chart of the cost range per seaport.
#include "engine/products/coa/coa_inputs.hpp"
#include "engine/products/report.hpp"
#include "engine/render/chart.hpp"

#include <algorithm>

namespace fs = std::filesystem;

namespace harbormap::products {

namespace {

// One row per seaport with a cost: remove (COA 3) and secure (COA 1), USD million, low..high.
render::chart_document cost_chart(const coa::coa_result& r) {
    render::chart_document c;
    c.title = "Courses of action: cost range per Strategic Seaport";
    c.subtitle = "USD million as the sources state them; ZPMC ship-to-shore cranes counted (lower bounds); "
                 "default assumptions of 'harbormap coa'";
    c.axis_label = "USD million";
    c.series = {{"remove: replace every ZPMC STS crane (COA 3)", render::rgba::hex("#b2182b")},
                {"secure: retrofit drives and controls (COA 1)", render::rgba::hex("#2166ac")}};
    std::vector<const coa::port_result*> ports;
    for (const auto& p : r.ports) ports.push_back(&p);
    const auto remove_high = [](const coa::port_result* p) {
        for (const auto& s : p->scenarios)
            if (s.scenario == "remove" && s.cost.known) return s.cost.high;
        return 0.0;
    };
    std::stable_sort(ports.begin(), ports.end(), [&](auto* a, auto* b) { return remove_high(a) > remove_high(b); });
    for (const auto* p : ports) {
        render::chart_row row{p->port.name + " (" + std::to_string(p->port.zpmc_sts) + ")", {}};
        for (const auto& s : p->scenarios) {
            const std::size_t series = s.scenario == "remove" ? 0 : s.scenario == "secure" ? 1 : 99;
            if (series == 99 || !s.cost.known || s.cost.high <= 0) continue;
            row.bars.push_back({series, s.cost.low / 1e6, s.cost.high / 1e6, {}});
        }
        if (!row.bars.empty()) c.rows.push_back(std::move(row));
    }
    c.credit = "Cost facts: data/curated/crane_costs.csv (fact ids in the report table); crane counts: zpmc_us_ports.csv";
    return c;
}

} // namespace

void add_courses_of_action(report_data& d, const report_params& p, const fs::path& maps_dir) {
    if (p.mappings_dir.empty()) {
        d.coa_note = "not computed: no field-mapping directory was given (harbormap report and build give it)";
        return;
    }
    const auto in = coa::load_inputs(p.gpkg, p.data_dir, p.mappings_dir);
    d.coa = coa::compute(in.facts, coa::strategic_ports(in), coa::assumptions{});
    d.coa_facts = in.facts;
    if (!p.maps) return;
    const auto chart = cost_chart(*d.coa);
    if (chart.rows.empty()) return;
    for (const char* ext : {".svg", ".png"}) {
        auto c = chart;
        c.dpi = p.dpi;
        render::render_chart(c, maps_dir / (std::string("coa-costs") + ext));
    }
    d.coa_chart = "../maps/coa-costs.png";
}

} // namespace harbormap::products
