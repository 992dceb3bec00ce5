#pragma once
// `harbormap report`: headline figures computed from the fused footprint beside the published figures
// they answer, a table per Strategic Seaport, the maps, and the four courses of action, as
// out/report/index.html and its Markdown twin out/report/report.md.
#include "engine/query/render_presets.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace harbormap::query {

struct report_params {
    std::filesystem::path gpkg;
    std::filesystem::path data_dir;
    std::filesystem::path out_dir;  // writes out_dir/report/ and out_dir/maps/
    bool maps = true;               // render the preset maps into out_dir/maps/
    double dpi = 150;
};

struct figure {
    std::string id;       // anchor ("prc-ports")
    std::string label;    // "Ports with a PRC-operated terminal"
    long long value = 0;
    std::vector<std::pair<std::string, std::string>> sources; // (row name, url)
};

struct seaport_row {
    std::string name, state, port_id;
    bool zpmc = false;
    long long zpmc_cranes = 0;
    std::string nearest_prc, nearest_prc_id;
    double nearest_nm = -1;
    std::string gates = "n/a (routing not built)";
    std::string exposure = "n/a (routing not built)";
    std::string source_url;
};

struct report_data {
    std::vector<figure> figures;
    std::map<std::string, std::pair<long long, long long>> by_group; // group class -> (ports, countries)
    std::vector<seaport_row> seaports;
    const figure* find(const std::string& id) const;
};

report_data compute_report(const footprint& fp);
std::string report_markdown(const report_data& d, const std::vector<std::string>& maps);
std::string report_html(const report_data& d, const std::vector<std::string>& maps);

// Renders the maps (if asked) and writes the report atomically.  Returns the report directory.
std::filesystem::path write_report(const report_params& p);

} // namespace harbormap::query
