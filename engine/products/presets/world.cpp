// Preset `world`: PRC-operated terminals by group, BRI, LOGINK and Hong Kong ports, lanes and chokepoints.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::products {
using namespace preset_parts;

render::map_document world_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    doc.title = p.title.empty() ? "PRC-operated port terminals worldwide" : p.title;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = std::max(14.0, std::min(W, H) * 0.035);

    panel pn;
    pn.id = "main";
    pn.projection = p.projection.empty() ? "+proj=eqearth +lon_0=0" : p.projection;
    if (p.extent) {
        pn.extent = *p.extent;
        const bbox& e = *p.extent;
        const double span = lon_span(e), clon = center_lon(e), clat = (e.min_lat + e.max_lat) / 2;
        if (p.projection.empty())
            pn.projection = span > 140 ? "+proj=eqearth +lon_0=" + format_fixed(clon, 3)
                                       : "+proj=laea +lat_0=" + format_fixed(clat, 3) + " +lon_0=" + format_fixed(clon, 3);
        pn.graticule_step = span > 90 ? 30 : span > 30 ? 10 : 5;
        pn.scale_bar = span <= 90;
    } else {
        pn.extent = {-180, -90, 180, 90};
    }
    const double top = m + 40, legend_h = std::max(70.0, H * 0.15), credit_h = 16;
    pn.area = {m, top, W - 2 * m, H - top - legend_h - credit_h - m * 0.5};
    pn.area = fitted_area(pn);
    pn.area = {std::floor(pn.area.x), top, std::ceil(pn.area.w), std::ceil(pn.area.h)}; // map right under the title

    pn.layers.push_back(sealane_layer(p.data_dir));

    // counts for the subtitle
    std::set<std::string> prc_ports, prc_countries;
    map_layer logink;
    logink.id = "logink";
    logink.title = "LOGINK (PRC logistics data platform)";
    logink.classes.push_back(point_class("LOGINK agreement (ring)", pt(marker::ring, "#c2185b", 8.5, "#ffffff", 0.4)));
    logink.label_font = label_font(5.5);
    map_layer bri;
    bri.id = "bri";
    bri.title = "Belt and Road port projects";
    bri.classes.push_back(point_class("BRI-linked port, no PRC-operated terminal", pt(marker::triangle, "#ffffff", 4.4, "#8a6d1d", 1.0)));
    bri.label_font = label_font(5.5);
    map_layer hk;
    hk.id = "hutchison";
    hk.title = "Hong Kong operator";
    hk.classes.push_back(point_class("CK Hutchison terminal (HK, shown separately)", pt(marker::square, "#7d8b94", 4.2, "#ffffff", 0.5)));
    hk.label_font = label_font(5.5);
    map_layer prc;
    prc.id = "prc-terminals";
    prc.title = "PRC-operated terminals, by group";
    const std::vector<std::pair<std::string, std::string>> groups = {
        {"COSCO", "#c62828"}, {"China Merchants", "#1565c0"}, {"CCCC", "#ef8f00"}, {"Other", "#6a3d9a"}, {"Several", "#3e2723"}};
    const std::map<std::string, std::string> group_legend = {{"COSCO", "COSCO Shipping Ports"},
                                                             {"China Merchants", "China Merchants Port (incl. Terminal Link)"},
                                                             {"CCCC", "CCCC / China Harbour"},
                                                             {"Other", "Other PRC firms"},
                                                             {"Several", "Several PRC groups"}};
    for (const auto& [g, colour] : groups) prc.classes.push_back(point_class(group_legend.at(g), pt(marker::circle, colour.c_str(), 5.2, "#ffffff", 0.7)));
    prc.label_font = label_font(5.6, true);
    for (const auto& f : fp.ports.features) {
        auto at = point_of(f);
        if (!at) continue;
        // a --bbox or region map counts and draws the ports of its region only (the subtitle is the region's)
        if (p.extent && !contains_across_antimeridian(*p.extent, *at)) continue;
        const std::string key = f.text("port_id");
        const bool is_prc = f.flag("prc_operated");
        const std::string name = f.text("name");
        if (f.flag("logink")) logink.items.push_back({f.geom, 0, "", 0, key});
        if (is_prc) {
            const std::string cls = group_class(f.text("prc_groups"));
            int idx = 0;
            for (std::size_t i = 0; i < groups.size(); ++i)
                if (groups[i].first == cls) idx = static_cast<int>(i);
            map_item it{f.geom, idx, name, port_priority(f), key};
            prc.items.push_back(std::move(it));
            prc_ports.insert(key);
            prc_countries.insert(f.text("country_iso2"));
        } else if (f.flag("hk_operated")) {
            hk.items.push_back({f.geom, 0, "", port_priority(f), key});
        } else if (f.flag("bri")) {
            bri.items.push_back({f.geom, 0, "", port_priority(f), key});
        }
    }
    // larger symbols for ports with several PRC terminals; biggest drawn first
    std::stable_sort(prc.items.begin(), prc.items.end(), [](const map_item& a, const map_item& b) { return a.priority > b.priority; });
    pn.layers.push_back(std::move(logink));
    pn.layers.push_back(std::move(hk));
    pn.layers.push_back(std::move(bri));
    pn.layers.push_back(chokepoint_layer(p.data_dir));
    pn.layers.push_back(std::move(prc));

    doc.subtitle = std::to_string(prc_ports.size()) + " ports in " + std::to_string(prc_countries.size()) +
                   " countries with a terminal operated or part-owned by a mainland-PRC firm (active), with Belt and Road and LOGINK ports";
    doc.credit = credit_line(projection(pn.projection).name(), true);
    doc.legend.area = {pn.area.x, pn.area.bottom() + 8, W - 2 * m, H - pn.area.bottom() - 8 - credit_h - m * 0.5};
    doc.legend.title = "Legend";
    doc.panels.push_back(std::move(pn));
    return doc;
}

} // namespace harbormap::products
