// Preset `world`: PRC-operated terminals by group, BRI, LOGINK and Hong Kong ports, lanes and chokepoints.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap::render;

namespace harbormap::products {
using namespace preset_parts;

namespace {

// An inset in the strip under the map, at the right end of the legend's room, with the main map's
// layers (named, smaller rings) and an outline of its area on the main map.  No room beside the legend
// (a long --cranes legend): no inset, the names stay on the main map where they fit.
struct inset_spec {
    inset_def def;
    bool logink_named_here; // the main map leaves the LOGINK rings of the area to the inset to name
    double min_w;           // pt: narrower than this (little room beside the legend) and it is left out
};

// Japan and Korea: a dozen LOGINK ports within a few hundred km, rings on top of each other at world scale.
const inset_spec japan_korea{{"japan-korea", "Japan and Korea (LOGINK ports named)", "+proj=laea +lat_0=36 +lon_0=133 +datum=WGS84",
                              {124.5, 32.3, 141.6, 39.6}, 5},
                             true, 120};
// North-west Europe: the PRC-operated terminals from Bilbao to Hamburg lie a few points apart at world
// scale, and the main map has no room to name them all (Zeebrugge, Vlissingen, Dunkerque, Montoir, Fos).
const inset_spec northwest_europe{{"europe", "North-west Europe", "+proj=laea +lat_0=49 +lon_0=4.5 +datum=WGS84", {-5.0, 42.9, 14.0, 55.2}, 5},
                                  false, 90};

line_string outline_ring(const bbox& e) {
    line_string ring;
    for (int i = 0; i <= 20; ++i) ring.push_back({e.min_lon + (e.max_lon - e.min_lon) * i / 20, e.max_lat});
    for (int i = 20; i >= 0; --i) ring.push_back({e.min_lon + (e.max_lon - e.min_lon) * i / 20, e.min_lat});
    ring.push_back(ring.front());
    return ring;
}

// The inset's panel at `area` (the main map's layers, named, smaller rings) and its outline on the main map.
void add_inset_at(map_document& doc, const symbol_set& symbols, const inset_spec& spec, const rect& area) {
    panel in = inset_panel(spec.def);
    in.area = area;
    panel& main = doc.panels[0];
    for (const auto& l : main.layers) {
        if (l.id == "inset-outline") continue;
        map_layer c = l;
        c.in_legend = false;
        if (c.id == "logink")
            for (auto& cl : c.classes) cl.point.size = 6;
        in.layers.push_back(std::move(c));
    }
    if (spec.logink_named_here)
        for (auto& l : main.layers)
            if (l.id == "logink")
                for (auto& it : l.items)
                    if (!it.geom.points.empty() && spec.def.extent.contains(it.geom.points.front())) it.label.clear();
    // on the main map: the inset's area outlined (one layer for every inset)
    auto outline = std::find_if(main.layers.begin(), main.layers.end(), [](const map_layer& l) { return l.id == "inset-outline"; });
    if (outline == main.layers.end()) {
        map_layer o;
        o.id = "inset-outline";
        o.title = "Inset";
        o.kind = geometry_type::line;
        o.in_legend = false;
        o.obstacle = false;
        symbol_class oc;
        oc.line = ln(symbols, "inset_outline");
        o.classes.push_back(oc);
        outline = main.layers.insert(main.layers.begin() + 1, std::move(o));
    }
    geometry g;
    g.type = geometry_type::line;
    g.lines.push_back(outline_ring(spec.def.extent));
    outline->items.push_back({std::move(g), 0, "", 0, std::string("inset:") + spec.def.id});
    doc.panels.push_back(std::move(in));
}

// The part of `room` the inset's extent fills (nullopt: narrower than the spec's minimum or under 70 pt high).
std::optional<rect> fit_inset(const inset_spec& spec, const rect& room) {
    panel in = inset_panel(spec.def);
    in.area = room;
    const rect fit = fitted_area(in);
    if (fit.w < spec.min_w || fit.h < 70) return std::nullopt;
    return fit;
}

// Landscape: the inset at the right end of the strip under the map, beside the legend, which narrows for it.
void add_inset(map_document& doc, const symbol_set& symbols, const inset_spec& spec) {
    const rect strip = doc.legend.area;
    const double free_w = strip.w - legend_width(doc) - 10;
    const auto fit = fit_inset(spec, {strip.x, strip.y, std::min(free_w, strip.w * 0.4), strip.h});
    if (!fit) return;
    const rect area{strip.right() - fit->w, strip.y + (strip.h - fit->h) / 2, fit->w, fit->h};
    doc.legend.area.w = area.x - strip.x - 8;
    add_inset_at(doc, symbols, spec, area);
}

// Portrait (the strip under the width-filling map is taller than the legend needs: on A4 it left half of it
// empty and had no room for a second inset beside the one-column legend): the legend in as many columns as
// the strip's width holds, at the top of the strip, and the insets side by side under it, each in an equal
// share of the width, as large as the rest of the strip allows.  false (nothing changed) when an inset would
// not fit there.
bool add_insets_under_legend(map_document& doc, const symbol_set& symbols, const std::vector<inset_spec>& specs) {
    const rect strip = doc.legend.area;
    double legend_h = strip.h;
    for (double h = std::floor(legend_height(doc)); h > 0; h -= 1) {
        doc.legend.area.h = h;
        if (legend_width(doc) > strip.w) break;
        legend_h = h;
    }
    doc.legend.area.h = legend_h;
    const double gap = 12, top = strip.y + legend_height(doc) + gap;
    const double share = (strip.w - gap * static_cast<double>(specs.size() - 1)) / static_cast<double>(specs.size());
    std::vector<rect> areas;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const double x = strip.x + static_cast<double>(i) * (share + gap);
        const auto fit = fit_inset(specs[i], {x, top, share, strip.bottom() - top});
        if (!fit) {
            doc.legend.area = strip;
            return false;
        }
        areas.push_back({x + (share - fit->w) / 2, top, fit->w, fit->h});
    }
    for (std::size_t i = 0; i < specs.size(); ++i) add_inset_at(doc, symbols, specs[i], areas[i]);
    return true;
}

} // namespace

render::map_document world_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const symbol_set symbols = load_symbols(p.data_dir);
    map_document doc = new_document(p, basemap, symbols, "PRC-operated port terminals worldwide");
    panel pn = world_panel(doc, p);
    pn.layers.push_back(sealane_layer(p.data_dir, symbols));
    // --cranes: ZPMC cranes outside the US by port, under the PRC-operated terminals
    std::optional<port_rows_layer> cranes; // its figures head its legend entry (the subtitle is full)
    if (p.cranes) {
        cranes = zpmc_crane_layer(fp, true, p.extent, symbols);
        // the port labels stay the PRC layer's (drawn over the translucent circles); sizes say the count
        for (auto& it : cranes->layer.items) it.label.clear();
        cranes->layer.obstacle = false;
        cranes->layer.title = cranes->summary("ZPMC cranes outside the US") + "; by port, sized by the largest count one row states";
        report_unplaced(p, "cranes", cranes->unplaced);
        pn.layers.push_back(cranes->layer);
    }

    // counts for the subtitle
    std::set<std::string> prc_ports, prc_countries;
    map_layer logink;
    logink.id = "logink";
    logink.title = "LOGINK (PRC logistics data platform)";
    logink.classes.push_back(point_class("LOGINK agreement (ring)", pt(symbols, "logink")));
    logink.label_font = label_font(symbols, 5.5);
    map_layer bri;
    bri.id = "bri";
    bri.title = "Belt and Road port projects";
    bri.classes.push_back(point_class("BRI-linked port, no PRC-operated terminal", pt(symbols, "bri")));
    bri.label_font = label_font(symbols, 5.5);
    map_layer hk;
    hk.id = "hutchison";
    hk.title = "Hong Kong operator";
    hk.classes.push_back(point_class("CK Hutchison terminal, no PRC-operated one (HK, shown separately)", pt(symbols, "port_hk")));
    hk.label_font = label_font(symbols, 5.5);
    map_layer prc;
    prc.id = "prc-terminals";
    prc.title = "PRC-operated terminals, by group";
    const std::vector<std::pair<std::string, std::string>> groups = {
        {"COSCO", "prc_group_cosco"}, {"China Merchants", "prc_group_cmport"}, {"CCCC", "prc_group_cccc"},
        {"Other", "prc_group_other"}, {"Several", "prc_group_several"}}; // group -> class of symbols.json
    const std::map<std::string, std::string> group_legend = {{"COSCO", "COSCO Shipping Ports"},
                                                             {"China Merchants", "China Merchants Port (incl. Terminal Link)"},
                                                             {"CCCC", "CCCC / China Harbour"},
                                                             {"Other", "Other PRC firms"},
                                                             {"Several", "Several PRC groups"}};
    for (const auto& [g, cls] : groups) prc.classes.push_back(point_class(group_legend.at(g), pt(symbols, cls)));
    prc.label_font = label_font(symbols, 5.6, true);
    std::set<std::string> drawn_ports, drawn_countries; // the PRC-operated ports drawn (for the subtitle's count)
    std::map<std::string, std::string> positionless;    // PRC-operated ports without a position: id -> name
    for (const auto& f : fp.ports.features) {
        auto at = point_of(f);
        if (!at && f.flag("prc_operated") && !p.extent) positionless[f.text("port_id")] = f.text("name");
        if (!at) continue;
        // a --bbox or region map counts and draws the ports of its region only (the subtitle is the region's)
        if (p.extent && !contains_across_antimeridian(*p.extent, *at)) continue;
        const std::string key = f.text("port_id");
        const bool is_prc = f.flag("prc_operated");
        const std::string name = f.text("name");
        // a LOGINK port that is PRC-operated is named by the PRC layer; the others after every PRC-operated port
        if (f.flag("logink")) logink.items.push_back({f.geom, 0, is_prc ? "" : name, port_priority(symbols, f) - 60, key});
        if (is_prc) {
            const std::string cls = f.text("prc_group"); // fusion::prc_group
            int idx = 0;
            for (std::size_t i = 0; i < groups.size(); ++i)
                if (groups[i].first == cls) idx = static_cast<int>(i);
            map_item it{f.geom, idx, name, port_priority(symbols, f), key};
            prc.items.push_back(std::move(it));
            drawn_ports.insert(key);
            drawn_countries.insert(f.text("country_iso2"));
        } else if (f.flag("hk_operated")) {
            hk.items.push_back({f.geom, 0, "", port_priority(symbols, f), key});
        } else if (f.flag("bri")) {
            bri.items.push_back({f.geom, 0, "", port_priority(symbols, f), key});
        }
    }
    // larger symbols for ports with several PRC terminals; biggest drawn first
    std::stable_sort(prc.items.begin(), prc.items.end(), [](const map_item& a, const map_item& b) { return a.priority > b.priority; });
    pn.layers.push_back(std::move(logink));
    pn.layers.push_back(std::move(hk));
    pn.layers.push_back(std::move(bri));
    pn.layers.push_back(chokepoint_layer(p.data_dir, symbols));
    pn.layers.push_back(std::move(prc));

    // The subtitle counts as the report's headline and the build's summary do: distinct country + curated
    // port name of the active PRC-owned or -operated terminal rows (class prc-operated, fusion::terminal_class).
    // A row whose port is not on the map (no port matched and no position of its own, or a port without a
    // position) is counted and named in the footnote, never placed; a region map counts the rows of its ports.
    std::map<std::string, std::vector<std::string>> unplaced; // "name, CC" -> row ids
    for (const auto& t : fp.terminals.features) {
        if (t.text("class") != "prc-operated") continue;
        const std::string cc = t.text("country_iso2"), port_id = t.text("port_id");
        if (drawn_ports.count(port_id) == 0) {
            if (p.extent) continue; // not in the region shown (or without a position: the world map names it)
            unplaced[t.text("port_name") + ", " + cc].push_back(t.text("terminal_id"));
        }
        prc_ports.insert(cc + "|" + t.text("port_name"));
        prc_countries.insert(cc);
    }
    std::vector<std::string> not_mapped; // footnote, never placed
    for (const auto& [name, ids] : unplaced) not_mapped.push_back(name + " (" + join(ids, ", ") + ")");
    if (fp.terminals.features.empty()) { // a footprint without its terminals layer: the port entities
        prc_ports = drawn_ports;
        prc_countries = drawn_countries;
        for (const auto& [id, name] : positionless) {
            prc_ports.insert(id);
            not_mapped.push_back(name + " (" + id + ")");
        }
    }
    const std::size_t n_prc = prc_ports.size();
    doc.subtitle = std::to_string(n_prc) + (n_prc == 1 ? " port in " : " ports in ") + std::to_string(prc_countries.size()) +
                   (prc_countries.size() == 1 ? " country" : " countries") + " with a terminal operated or part-owned by a mainland-PRC firm (active)" +
                   (not_mapped.empty() ? "" : " (" + std::to_string(not_mapped.size()) + " not mapped)") + ", with Belt and Road and LOGINK ports" +
                   (p.extent ? " (in the region shown)" : "");
    if (!not_mapped.empty()) doc.footnote = "Not mapped (no position in the footprint): " + join(not_mapped, "; ") + ".";
    doc.credit = credit_line(projection(pn.projection).name(), true);
    doc.max_leader_pt = std::min(doc.page.width_pt, doc.page.height_pt) * 0.07;
    doc.panels.push_back(std::move(pn));
    lay_out_world(doc); // the map and the legend above the footnote's and credit's lines
    if (!p.extent && !(doc.page.height_pt > doc.page.width_pt && add_insets_under_legend(doc, symbols, {japan_korea, northwest_europe}))) {
        add_inset(doc, symbols, japan_korea);
        add_inset(doc, symbols, northwest_europe);
    }
    return doc;
}

} // namespace harbormap::products
