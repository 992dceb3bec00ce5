// Preset `us-strategic`: the DoD Strategic Seaports, their ZPMC cranes and nearest PRC-operated ports.
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

render::map_document us_strategic_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    map_document doc;
    doc.page = page_of(p);
    doc.countries = basemap;
    doc.title = p.title.empty() ? "US Strategic Seaports: ZPMC cranes and the nearest PRC-operated ports" : p.title;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = std::max(14.0, std::min(W, H) * 0.035);
    const double top = m + 40, credit_h = 16, right_w = std::max(150.0, W * 0.22);

    // what is drawn
    std::map<std::string, const feature*> ports_by_id;
    for (const auto& f : fp.ports.features) ports_by_id[f.text("port_id")] = &f;
    map_layer links;
    links.id = "nearest-links";
    links.title = "Nearest PRC-operated port";
    links.kind = geometry_type::line;
    links.obstacle = false;
    symbol_class lk;
    lk.legend = "Strategic Seaport to its nearest PRC-operated port";
    lk.line = {rgba::hex("#c62828").with_alpha(0.55), 0.7, {2.5, 1.8}};
    links.classes.push_back(lk);
    map_layer seaports;
    seaports.id = "strategic-seaports";
    seaports.title = "DoD Strategic Seaports";
    seaports.classes.push_back(point_class("Strategic Seaport with ZPMC ship-to-shore cranes", pt(marker::star, "#c62828", 6.5, "#ffffff", 0.6)));
    seaports.classes.push_back(point_class("Strategic Seaport, no ZPMC cranes reported", pt(marker::circle, "#0d3b66", 5.0, "#ffffff", 0.7)));
    seaports.label_font = label_font(6.0, true);
    map_layer zpmc;
    zpmc.id = "zpmc-ports";
    zpmc.title = "Other US ports";
    zpmc.classes.push_back(point_class("Port with ZPMC cranes (not strategic)", pt(marker::square, "#e57373", 3.6, "#ffffff", 0.4)));
    zpmc.label_font = label_font(5.4);
    map_layer prc;
    prc.id = "prc-ports";
    prc.title = "PRC-operated ports";
    prc.classes.push_back(point_class("Nearest PRC-operated port of a Strategic Seaport", pt(marker::circle, "#c62828", 5.0, "#ffffff", 0.7)));
    prc.classes.push_back(point_class("Other PRC-operated port", pt(marker::circle, "#ef9a9a", 3.6, "#ffffff", 0.5)));
    prc.label_font = label_font(5.6);
    prc.label_font.colour = rgba::hex("#8e1b1b");

    std::set<std::string> nearest_ids;
    int with_zpmc = 0;
    for (const auto& s : fp.strategic.features) {
        auto at = point_of(s);
        if (!at) continue;
        const bool z = s.flag("zpmc");
        with_zpmc += z ? 1 : 0;
        std::string name = s.text("name");
        if (auto pos = name.find(" ("); pos != std::string::npos) name = name.substr(0, pos);
        const auto n = s.integer("zpmc_sts_count");
        const std::string label = z && n > 0 ? name + " (" + std::to_string(n) + ")" : name;
        seaports.items.push_back({s.geom, z ? 0 : 1, label, 100.0 + static_cast<double>(n), s.text("port_id")});
        const std::string near = s.text("nearest_prc_port_id");
        if (auto it = ports_by_id.find(near); !near.empty() && it != ports_by_id.end()) {
            nearest_ids.insert(near);
            if (auto q = point_of(*it->second)) {
                // great-circle line, densified geodesically
                geometry g;
                g.type = geometry_type::line;
                line_string l;
                const double d = geodesic_m(*at, *q), az = geodesic_azimuth(*at, *q);
                const int steps = std::max(2, static_cast<int>(d / 50000));
                for (int i = 0; i <= steps; ++i) l.push_back(i == steps ? *q : geodesic_direct(*at, az, d * i / steps));
                g.lines.push_back(std::move(l));
                links.items.push_back({std::move(g), 0, "", 0, s.text("port_id") + ">" + near});
            }
        }
    }
    std::set<std::string> strategic_ids;
    for (const auto& s : fp.strategic.features) strategic_ids.insert(s.text("port_id"));
    for (const auto& f : fp.ports.features) {
        const std::string key = f.text("port_id");
        if (f.flag("prc_operated")) {
            const bool near = nearest_ids.count(key) > 0;
            prc.items.push_back({f.geom, near ? 0 : 1, near ? f.text("name") : "", near ? 60.0 : 0.0, key});
        } else if (f.flag("zpmc") && !strategic_ids.count(key) && f.text("country_iso2") == "US") {
            zpmc.items.push_back({f.geom, 0, f.text("name"), 20.0 + static_cast<double>(f.integer("zpmc_sts_count")), key});
        }
    }

    panel main;
    main.id = "main";
    main.projection = p.projection.empty() ? "+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=37.5 +lon_0=-96 +datum=WGS84" : p.projection;
    main.extent = p.extent ? *p.extent : bbox{-125.5, 16.5, -65.5, 50.5};
    main.graticule_step = 10;
    main.scale_bar = true;
    const double avail_h = H - top - credit_h - m * 0.5;
    const bool insets = !p.extent;
    main.area = {m, top, W - 2 * m - right_w - 10, insets ? avail_h * 0.70 : avail_h};
    main.layers = {links, zpmc, prc, seaports};
    doc.panels.push_back(main);
    if (insets) {
        struct inset {
            const char* id;
            const char* caption;
            const char* proj;
            bbox extent;
            double step;
        };
        const inset ins[] = {
            {"alaska", "Alaska", "+proj=aea +lat_1=55 +lat_2=65 +lat_0=50 +lon_0=-154 +datum=WGS84", {-172, 51, -129, 71.5}, 10},
            {"hawaii", "Hawaii", "+proj=aea +lat_1=8 +lat_2=18 +lat_0=13 +lon_0=-157 +datum=WGS84", {-160.5, 18.7, -154.6, 22.4}, 2},
            {"guam", "Guam and the Western Pacific", "+proj=aeqd +lat_0=16 +lon_0=135 +datum=WGS84", {112, -2, 152, 38}, 10},
        };
        const double gap = 8, iy = main.area.bottom() + gap, ih = avail_h - main.area.h - gap;
        const double iw = (main.area.w - 2 * gap) / 3;
        for (int i = 0; i < 3; ++i) {
            panel pn;
            pn.id = ins[i].id;
            pn.caption = ins[i].caption;
            pn.projection = ins[i].proj;
            pn.extent = ins[i].extent;
            pn.graticule_step = ins[i].step;
            pn.area = {main.area.x + i * (iw + gap), iy, iw, ih};
            pn.layers = {links, zpmc, prc, seaports};
            for (auto& l : pn.layers) l.in_legend = false;
            doc.panels.push_back(std::move(pn));
        }
    }
    doc.subtitle = std::to_string(fp.strategic.features.size()) + " commercial and military Strategic Seaports; " +
                   std::to_string(with_zpmc) + " with ZPMC ship-to-shore cranes (count in brackets; lower bounds from delivery reports)";
    doc.legend.area = {W - m - right_w, top, right_w, avail_h};
    doc.credit = credit_line(projection(main.projection).name() + " (CONUS)", false);
    return doc;
}

} // namespace harbormap::products
