// Preset `us-strategic`: the DoD Strategic Seaports, their ZPMC cranes and nearest PRC-operated ports.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/render/draw.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::products {
using namespace preset_parts;

namespace {

// The four layers of the US map (drawn bottom to top) and what the subtitle and footnote say.
struct us_layers {
    map_layer links, zpmc, prc, seaports;
    std::size_t total = 0, mapped = 0, with_zpmc = 0; // Strategic Seaports (in the region shown)
    std::vector<std::string> not_mapped;              // "Concord (...), CA: no position in the footprint (...)"
    std::map<std::string, int> off_map_targets;       // --bbox: nearest PRC-operated ports outside the region, by name
};

us_layers make_layer_styles(const symbol_set& symbols) {
    us_layers u;
    u.links.id = "nearest-links";
    u.links.title = "Nearest PRC-operated port";
    u.links.kind = geometry_type::line;
    u.links.obstacle = false;
    symbol_class lk;
    lk.legend = "Strategic Seaport to its nearest PRC-operated port (geodesic)";
    lk.line = ln(symbols, "prc_link");
    u.links.classes.push_back(lk);
    u.seaports.id = "strategic-seaports";
    u.seaports.title = "DoD Strategic Seaports";
    u.seaports.classes.push_back(point_class("Strategic Seaport with ZPMC ship-to-shore cranes", pt(symbols, "strategic_zpmc")));
    u.seaports.classes.push_back(point_class("Strategic Seaport, no ZPMC cranes reported", pt(symbols, "strategic_seaport")));
    u.seaports.label_font = label_font(symbols, 6.0, true);
    u.zpmc.id = "zpmc-ports";
    u.zpmc.title = "Other US ports";
    u.zpmc.classes.push_back(point_class("Port with ZPMC cranes (not strategic)", pt(symbols, "zpmc_port_us")));
    u.zpmc.label_font = label_font(symbols, 5.4);
    u.prc.id = "prc-ports";
    u.prc.title = "PRC-operated ports";
    u.prc.classes.push_back(point_class("A seaport's nearest PRC-operated port (geodesic)", pt(symbols, "port_prc")));
    u.prc.classes.push_back(point_class("Other PRC-operated port", pt(symbols, "port_prc_context")));
    u.prc.label_font = label_font(symbols, 5.6);
    u.prc.label_font.colour = rgba::hex(symbols.colour("label_prc_us"));
    return u;
}

// The great-circle line from a seaport to its nearest PRC-operated port, densified geodesically.
geometry geodesic_line(const lon_lat& a, const lon_lat& b) {
    geometry g;
    g.type = geometry_type::line;
    line_string l;
    const double d = geodesic_m(a, b), az = geodesic_azimuth(a, b);
    const int steps = std::max(2, static_cast<int>(d / 50000));
    for (int i = 0; i <= steps; ++i) l.push_back(i == steps ? b : geodesic_direct(a, az, d * i / steps));
    g.lines.push_back(std::move(l));
    return g;
}

// The seaports (in the region shown: p.extent), their links and the PRC-operated and ZPMC ports.  A
// seaport without a position is listed in not_mapped, never placed.
us_layers make_layers(const map_layers& fp, const render_params& p, const symbol_set& symbols) {
    us_layers u = make_layer_styles(symbols);
    auto shown = [&](const lon_lat& at) { return !p.extent || contains_across_antimeridian(*p.extent, at); };
    std::map<std::string, const feature*> ports_by_id;
    for (const auto& f : fp.ports.features) ports_by_id[f.text("port_id")] = &f;
    std::set<std::string> nearest_ids;
    for (const auto& s : fp.strategic.features) {
        auto at = point_of(s);
        std::string name = s.text("name");
        const bool z = s.flag("zpmc");
        if (!at) {
            // counted on a map of the whole set; a region map cannot tell whether it lies in the region
            const std::string why = s.text("notes");
            u.not_mapped.push_back(name + (s.text("state").empty() ? "" : ", " + s.text("state")) + ": no position in the footprint" +
                                   (why.empty() ? "" : " (" + why + ")"));
            u.total += p.extent ? 0 : 1;
            u.with_zpmc += !p.extent && z ? 1 : 0;
            continue;
        }
        if (!shown(*at)) continue;
        ++u.total;
        ++u.mapped;
        u.with_zpmc += z ? 1 : 0;
        if (auto pos = name.find(" ("); pos != std::string::npos) name = name.substr(0, pos);
        const auto n = s.integer("zpmc_sts_count");
        const std::string label = z && n > 0 ? name + " (" + std::to_string(n) + ")" : name;
        u.seaports.items.push_back({s.geom, z ? 0 : 1, label, 100.0 + static_cast<double>(n), s.text("port_id")});
        const std::string near = s.text("nearest_prc_port_id");
        auto it = ports_by_id.find(near);
        if (near.empty() || it == ports_by_id.end()) continue;
        nearest_ids.insert(near);
        auto q = point_of(*it->second);
        if (!q) continue;
        u.links.items.push_back({geodesic_line(*at, *q), 0, "", 0, s.text("port_id") + ">" + near});
        if (!shown(*q)) ++u.off_map_targets[it->second->text("name")];
    }
    // ZPMC stars over the plain dots (Norfolk's star under Newport News' dot otherwise)
    std::stable_sort(u.seaports.items.begin(), u.seaports.items.end(), [](const map_item& a, const map_item& b) { return a.cls > b.cls; });
    std::set<std::string> strategic_ids;
    for (const auto& s : fp.strategic.features) strategic_ids.insert(s.text("port_id"));
    for (const auto& f : fp.ports.features) {
        const std::string key = f.text("port_id");
        if (f.flag("prc_operated")) {
            const bool near = nearest_ids.count(key) > 0;
            u.prc.items.push_back({f.geom, near ? 0 : 1, near ? f.text("name") : "", near ? 60.0 : 0.0, key});
        } else if (f.flag("zpmc") && !strategic_ids.count(key) && f.text("country_iso2") == "US") {
            auto at = point_of(f);
            if (at && shown(*at)) u.zpmc.items.push_back({f.geom, 0, f.text("name"), 20.0 + static_cast<double>(f.integer("zpmc_sts_count")), key});
        }
    }
    return u;
}

// The inset's extent grown to hold the far end of every link starting in it (Guam's nearest PRC-operated
// port lies south of the equator), so no line leaves an inset to an unnamed target.
bbox inset_extent(bbox e, const map_layer& links) {
    const bbox start = e;
    for (const auto& it : links.items)
        for (const auto& l : it.geom.lines) {
            if (l.size() < 2 || !start.contains(l.front())) continue;
            const lon_lat& to = l.back();
            e.min_lon = std::min(e.min_lon, to.lon - 0.8);
            e.max_lon = std::max(e.max_lon, to.lon + 0.8);
            e.min_lat = std::min(e.min_lat, to.lat - 0.8);
            e.max_lat = std::max(e.max_lat, to.lat + 0.8);
        }
    return e;
}

// Alaska, Hawaii and Guam insets under the main map; an inset with no symbol of the map in it is left
// out and the others share its width.
void add_insets(map_document& doc, const us_layers& u, double avail_h) {
    const inset_def ins[] = {
        {"alaska", "Alaska", "+proj=aea +lat_1=55 +lat_2=65 +lat_0=50 +lon_0=-154 +datum=WGS84", {-172, 51, -129, 71.5}, 10},
        {"hawaii", "Hawaii", "+proj=aea +lat_1=8 +lat_2=18 +lat_0=13 +lon_0=-157 +datum=WGS84", {-160.5, 18.7, -154.6, 22.4}, 2},
        {"guam", "Guam and the Western Pacific", "+proj=aeqd +lat_0=16 +lon_0=135 +datum=WGS84", {112, -2, 152, 38}, 10},
    };
    const rect main = doc.panels[0].area;
    const double gap = 8, iy = main.bottom() + gap, ih = avail_h - main.h - gap;
    std::vector<panel> kept;
    for (const auto& in : ins) {
        panel pn = inset_panel(in);
        pn.extent = inset_extent(in.extent, u.links);
        pn.area = {main.x, iy, main.w / 3, ih}; // for the emptiness test; laid out below
        pn.layers = {u.links, u.zpmc, u.prc, u.seaports};
        // the far ends of the links starting in the inset: their PRC-operated ports stay in it even when the main
        // map shows them too (as of 2010 Anchorage's line ran to Seattle, whose symbol and name were left out)
        std::vector<lon_lat> ends;
        for (const auto& it : u.links.items)
            for (const auto& l : it.geom.lines)
                if (l.size() >= 2 && in.extent.contains(l.front())) ends.push_back(l.back());
        const auto is_end = [&](const lon_lat& at) {
            return std::any_of(ends.begin(), ends.end(), [&](const lon_lat& e) { return std::abs(e.lon - at.lon) < 1e-9 && std::abs(e.lat - at.lat) < 1e-9; });
        };
        for (auto& l : pn.layers) {
            l.in_legend = false;
            const bool prc_layer = l.id == u.prc.id;
            // what the main map shows is not repeated in a corner of an inset (Tacoma in Alaska's)
            std::erase_if(l.items, [&](const map_item& it) {
                const auto& g = it.geom;
                const lon_lat* at = !g.points.empty() ? &g.points.front() : !g.lines.empty() && !g.lines.front().empty() ? &g.lines.front().front() : nullptr;
                return at && doc.panels[0].extent.contains(*at) && !(prc_layer && is_end(*at));
            });
        }
        // "empty" = none of the map's own features: the other PRC-operated ports are context only
        panel probe = pn;
        probe.layers = {u.zpmc, u.seaports};
        if (!panel_is_empty(probe)) kept.push_back(std::move(pn));
    }
    const double n = static_cast<double>(kept.size()), iw = (main.w - (n - 1) * gap) / std::max(1.0, n);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        kept[i].area = {main.x + static_cast<double>(i) * (iw + gap), iy, iw, ih};
        doc.panels.push_back(std::move(kept[i]));
    }
}

} // namespace

render::map_document us_strategic_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const symbol_set symbols = load_symbols(p.data_dir);
    map_document doc = new_document(p, basemap, symbols, "US Strategic Seaports: ZPMC cranes and the nearest PRC-operated ports");
    doc.max_leader_pt = std::min(doc.page.width_pt, doc.page.height_pt) * 0.09;
    const double W = doc.page.width_pt, H = doc.page.height_pt, m = page_margin(doc.page);
    const double top = m + 40;
    const us_layers u = make_layers(fp, p, symbols);

    panel main;
    main.id = "main";
    main.projection = p.projection.empty() ? "+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=37.5 +lon_0=-96 +datum=WGS84" : p.projection;
    main.extent = p.extent ? *p.extent : bbox{-125.5, 16.5, -65.5, 50.5};
    main.graticule_step = 10;
    main.scale_bar = true;
    // every seaport is counted once: in the legend (mapped, by class) or in the footnote (no position)
    if (!u.not_mapped.empty())
        doc.footnote = std::string(p.extent ? "Not placed (no position, so not known to lie in the region): " : "Not mapped: ") + join(u.not_mapped, "; ") + ".";
    // a dashed line leaving a region map ends at a port the footnote names
    std::vector<std::string> off;
    for (const auto& [name, n] : u.off_map_targets) off.push_back(name + " (" + std::to_string(n) + ")");
    if (!off.empty()) doc.footnote = "Dashed lines leaving the map end at the nearest PRC-operated port: " + join(off, ", ") + "." + (doc.footnote.empty() ? "" : " " + doc.footnote);
    doc.credit = credit_line(projection(main.projection).name() + " (CONUS)", false);
    const double avail_h = H - top - footer_height(doc) - m * 0.5; // above the footnote's and credit's lines
    const bool insets = !p.extent;
    main.layers = {u.links, u.zpmc, u.prc, u.seaports};
    // The legend's column: at least 150 pt or 22% of the page, and as wide as its longest line needs (on A4
    // portrait "Strategic Seaport with ZPMC ship-to-shore cranes (10)" needs more and ran off the page):
    // laid out, measured, and laid out again narrower when the legend needs more.
    double right_w = std::max(150.0, W * 0.22);
    for (int pass = 0; pass < 2; ++pass) {
        doc.panels.clear();
        main.area = {m, top, W - 2 * m - right_w - 10, insets ? avail_h * 0.70 : avail_h};
        doc.panels.push_back(main);
        if (insets) add_insets(doc, u, avail_h);
        doc.legend.area = {W - m - right_w, top, right_w, avail_h};
        const double need = render::legend_width(doc);
        if (need <= right_w) break;
        right_w = std::ceil(need);
    }
    doc.subtitle = std::to_string(u.total) + " commercial and military Strategic Seaports" + (p.extent ? " in the region shown" : "");
    if (u.mapped < u.total) doc.subtitle += " (" + std::to_string(u.mapped) + " mapped, " + std::to_string(u.total - u.mapped) + " without a position)";
    doc.subtitle += "; " + std::to_string(u.with_zpmc) + " with ZPMC ship-to-shore cranes (count in brackets, a lower bound)";
    return doc;
}

} // namespace harbormap::products
