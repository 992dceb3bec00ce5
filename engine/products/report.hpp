#pragma once
// `harbormap report`: headline figures computed from the fused footprint beside the published figures
// they answer, a table per Strategic Seaport, the maps, and the four courses of action, as
// out/report/index.html and its Markdown twin out/report/report.md.
#include "engine/products/coa/coa.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/render_presets.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::products {

struct report_params {
    std::filesystem::path gpkg;
    std::filesystem::path data_dir;
    std::filesystem::path out_dir;  // writes out_dir/report/ and out_dir/maps/
    bool maps = true;               // render the preset maps into out_dir/maps/
    double dpi = 150;
    // Sea routes (routing module): the seaport table's gates, exposure score and nearest PRC-operated
    // port by sea, and the illustrative route maps.  A missing graph file leaves them n/a with the reason.
    std::filesystem::path graph;    // out/seagraph.hmg
    std::string graph_shown;        // its path in the texts when not graph itself (build: out/, not the staging dir)
    // Called just before the graph file is read (`harbormap build` waits there for its graph step, so
    // the maps are drawn while the graph is built).
    std::function<void()> before_routing{};
    // Told why the routing columns are n/a (no or unreadable graph file), for the command's stderr.
    std::function<void(const std::string&)> warn{};
    std::string routes_to = "large"; // destination set of each seaport's routes (as `deps --to`)
    bool route_examples = true;     // Shanghai-Rotterdam with Suez open and closed (maps when `maps`)
    // Courses of action, cost and time (the `coa` computation with its default assumptions, for every
    // Strategic Seaport): needs the crane_costs mapping; "" leaves the section out with the reason.
    std::filesystem::path mappings_dir;
    std::optional<int> as_of;       // the GeoPackage is the footprint as of this year (`report --as-of`)
};

struct figure {
    std::string id;       // anchor ("prc-ports")
    std::string label;    // "Ports with a PRC-operated terminal"
    long long value = 0;
    std::vector<std::pair<std::string, std::string>> sources; // (row name, url), when no rows are known
    // Exactly the rows of one curated table behind the figure (apply_evidence), each with its own URL,
    // confidence and date; empty when the GeoPackage has no fact layers (then `sources` stands in).
    std::string table, rule;
    std::vector<cited_row> rows;
};

struct seaport_row {
    std::string name, state, port_id;
    bool zpmc = false;
    long long zpmc_cranes = 0;
    std::string nearest_prc, nearest_prc_id;
    double nearest_nm = -1;          // geodesic, from the fused layer
    lon_lat pos;
    bool has_pos = false;
    // from the routing engine (deps); n/a text with the reason when routing is unavailable
    std::string nearest_prc_sea;     // nearest PRC-operated port by sea
    double nearest_sea_nm = -1;
    std::vector<std::string> gate_ids; // gates crossed by >= main_route_share of the routes, most used first
    std::string gates = "n/a (routing not built)";
    std::string exposure = "n/a (routing not built)";
    double exposure_score = -1;      // 0..100, -1 = n/a
    std::string source_url;
};

// Share of a seaport's routes a gate must carry to be listed among the gates of its main routes.
inline constexpr double main_route_share = 0.10;

struct route_example {
    std::string title;     // "Suez open"
    std::string from, to;  // labels
    std::string status;    // "ok" or the reason
    double distance_nm = -1;
    std::vector<std::string> gates; // names in path order
    std::vector<std::string> prc_ports;
    std::string map;       // relative path of the map ("" = none)
};

// Texts of the report kept as data with their citations (data/report/).
struct published_claim {
    std::string figure_id; // the harbormap figure the claim sits beside
    std::string claim, who, url, checked;
};
struct course_text {
    std::string id, title, text; // text: "{figure-id}" stands for the computed figure
};
struct report_texts {
    std::vector<published_claim> published; // data/report/published_figures.json
    std::vector<course_text> courses;        // data/report/courses.json
};
// Reads data/report/*.json; input_error naming the file, entry and field when one is malformed.
report_texts load_report_texts(const std::filesystem::path& data_dir);

// A chart of the report drawn by the render module, with the table it counts.
struct growth_chart {
    std::string id, title, file_svg, file_png; // files relative to the report directory ("../maps/growth-x.png")
    std::string table, rule;                   // the fact layer counted and how
    std::string note;                          // the chart's own note (what is drawn, what is left out)
    std::size_t rows = 0, rows_year_unknown = 0;
    std::vector<std::string> x;                                         // x labels (years)
    std::vector<std::pair<std::string, std::vector<double>>> series;    // name -> value per x label
};

struct report_data {
    std::vector<figure> figures;
    std::map<std::string, std::pair<long long, long long>> by_group; // group class -> (ports, countries)
    std::vector<seaport_row> seaports;
    std::string routing_note;   // how the routing columns were computed, or why they are n/a
    std::size_t route_destinations = 0;
    std::vector<route_example> examples;
    report_texts texts;         // published figures and course-of-action text (empty unless loaded)
    evidence ev;                // figures from the fact-layer rows, inventories (apply_evidence)
    // `harbormap coa` for the Strategic Seaports with its default assumptions; the cost facts cited by id
    std::optional<coa::coa_result> coa;
    std::vector<coa::cost_fact> coa_facts;
    std::string coa_note;       // why the section has no figures, when it has none
    std::string coa_chart;      // relative path of the cost-range chart ("" = none)
    std::optional<int> as_of;   // report_params::as_of
    std::vector<growth_chart> charts; // the growth charts (report/growth.cpp), files relative to report/
    const figure* find(const std::string& id) const;
};

// Keeps `ev` and gives each headline figure with an evidence counterpart (headline_evidence()) the
// counterpart's value, rule and rows: the headline then counts and cites rows, not fused ports.
// Figures whose counterpart has no rows (no fact layers in the GeoPackage) stay as computed.
void apply_evidence(report_data& d, evidence ev);

report_data compute_report(const map_layers& fp);
// Fills the routing columns of the seaport table from the sea graph file (the `deps` computation);
// when the file is missing or unreadable, or the routing module is not built, they say n/a and why.
void add_sea_routes(report_data& d, const map_layers& fp, const std::filesystem::path& graph, const std::string& to_set = "large");
// "{figure-id}" in a text replaced by the computed figure ("?" when it is not computed).
std::string fill_figures(const std::string& text, const report_data& d);
// The exposure score's formula as stated in the report (same as `harbormap deps` and the README);
// defined in engine/products/report/exposure_formula.cpp only.
std::string exposure_formula();
// The report document (engine/products/report/) written as Markdown or HTML.
std::string report_markdown(const report_data& d, const std::vector<std::string>& maps);
std::string report_html(const report_data& d, const std::vector<std::string>& maps);

// The courses-of-action figures (`coa` for every Strategic Seaport, default assumptions) into d.coa, and,
// when p.maps, their cost-range chart into maps_dir (coa-costs.svg/.png).  Without p.mappings_dir the
// section says why it has no figures.  engine/products/report/coa_figures.cpp
void add_courses_of_action(report_data& d, const report_params& p, const std::filesystem::path& maps_dir);
// The growth charts (SVG + PNG) into maps_dir, counted from the fact-layer rows (report/growth.cpp).
std::vector<growth_chart> write_growth_charts(const evidence_layers& l, const std::filesystem::path& maps_dir, double dpi);

// Renders the maps (if asked) and writes the report atomically.  Returns the report directory.
std::filesystem::path write_report(const report_params& p);

} // namespace harbormap::products
