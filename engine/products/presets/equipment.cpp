// Preset `equipment`: ZPMC cranes (the fused `cranes` layer) and other Chinese equipment in seaports
// (`prc_equipment`: Nuctech scanners, Sany, Westwell, ZPMC non-crane machinery) by port; cranes sized
// by the largest count one row states.  Also the ZPMC crane layer the world preset adds with --cranes.
// A symbol sits at its port entity's position; rows that no port took are listed, never placed.
#include "engine/products/presets/common.hpp"

#include "engine/core/text.hpp"
#include "engine/fusion/equipment.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

using namespace harbormap::render;

namespace harbormap::products {
namespace preset_parts {
namespace {

// One symbol: the rows of one group (a size class is decided later) at one port.
struct equipment_site {
    std::string name;
    lon_lat pos;
    std::size_t rows = 0;
    std::int64_t largest = 0; // largest count one row states (0: none stated)
};

// Where a row is drawn: key "wpi:42230" at its port entity's position (ports layer), else key
// "row:<id>" at the row's own coordinates; key "" and `why` when it has neither.
struct row_place {
    std::string key, name, country, why;
    lon_lat pos;
};

row_place place_equipment_row(const feature& row, const std::map<std::string, const feature*>& ports, const std::string& row_id) {
    row_place pl;
    const std::string port_name = row.text("port_name");
    if (fusion::is_aggregate_name(port_name)) {
        pl.why = "an aggregate (EU-wide, national or a port not named), a fact without a port";
        return pl;
    }
    const std::string port_id = row.text("port_id");
    if (auto it = ports.find(port_id); !port_id.empty() && it != ports.end() && point_of(*it->second)) {
        pl = {port_id, it->second->text("name"), it->second->text("country_iso2"), "", *point_of(*it->second)};
    } else if (auto own = point_of(row)) {
        pl = {"row:" + row_id, port_name, row.text("country_iso2"), "", *own};
    } else {
        pl.why = port_id.empty() ? "no coordinates and no port entity of that name (see the match report)"
                                 : "port " + port_id + " is not in the ports layer";
    }
    return pl;
}

// The rows `group_of` names a group for ("" = not this layer's), grouped by (group, place).
struct equipment_groups {
    std::map<std::pair<std::string, std::string>, equipment_site> sites; // (group, site key) -> site
    std::map<std::string, std::size_t> rows_of_group;         // placed rows per group
    std::size_t rows = 0, placed = 0;
    std::vector<std::string> unplaced;
    std::set<std::string> ports, countries;
};

template <class GroupOf>
equipment_groups group_equipment_rows(const map_layers& fp, const feature_layer& rows, const char* id_field, const std::optional<bbox>& extent,
                        GroupOf group_of) {
    std::map<std::string, const feature*> ports;
    for (const auto& f : fp.ports.features) ports[f.text("port_id")] = &f;
    equipment_groups g;
    for (const auto& row : rows.features) {
        const std::string group = group_of(row);
        if (group.empty()) continue;
        const std::string id = row.text(id_field);
        const row_place pl = place_equipment_row(row, ports, id);
        if (pl.key.empty()) {
            ++g.rows;
            g.unplaced.push_back(id + " (" + row.text("port_name") + "): " + pl.why);
            continue;
        }
        if (extent && !contains_across_antimeridian(*extent, pl.pos)) continue; // a region map counts its region only
        ++g.rows;
        ++g.placed;
        ++g.rows_of_group[group];
        equipment_site& s = g.sites[{group, pl.key}];
        s.name = pl.name;
        s.pos = pl.pos;
        ++s.rows;
        s.largest = std::max(s.largest, row.integer("count"));
        g.ports.insert(pl.key);
        g.countries.insert(pl.country);
    }
    return g;
}

port_rows_layer rows_layer_of(equipment_groups&& g) {
    port_rows_layer out;
    out.rows = g.rows;
    out.placed_rows = g.placed;
    out.ports = std::move(g.ports);
    out.countries = std::move(g.countries);
    out.unplaced = std::move(g.unplaced);
    return out;
}

// Legend text with the counts behind it: "10 to 19 cranes: 6 ports (11 rows)".
void legend_with_counts(map_layer& l, const std::vector<std::size_t>& rows_per_class) {
    std::vector<std::set<std::string>> ports(l.classes.size());
    for (const auto& it : l.items) ports[static_cast<std::size_t>(it.cls)].insert(it.key);
    for (std::size_t k = 0; k < l.classes.size(); ++k)
        l.classes[k].legend += fmt::format(": {} port{} ({} row{})", ports[k].size(), ports[k].size() == 1 ? "" : "s",
                                           rows_per_class[k], rows_per_class[k] == 1 ? "" : "s");
    l.show_counts = false;
}

struct crane_size_class {
    std::int64_t min;
    const char* legend;
    double size;
};
// Largest to smallest: the biggest symbols are drawn first, the small ones stay visible on top.
constexpr crane_size_class crane_sizes[] = {
    {20, "20 or more cranes", 9.6}, {10, "10 to 19 cranes", 7.6}, {5, "5 to 9 cranes", 5.9}, {1, "1 to 4 cranes", 4.4}, {0, "count not stated", 4.2}};

int crane_size_of(std::int64_t largest) {
    for (std::size_t k = 0; k < std::size(crane_sizes); ++k)
        if (largest >= crane_sizes[k].min) return static_cast<int>(k);
    return static_cast<int>(std::size(crane_sizes)) - 1;
}

struct equipment_maker {
    const char* prefix; // lower-case start of `maker` ("" = any)
    const char* legend;
    const char* symbol; // class of symbols.json (colour and marker)
};
constexpr equipment_maker equipment_makers[] = {
    {"nuctech", "Nuctech scanners", "equipment_nuctech"},
    {"sany", "Sany port machinery", "equipment_sany"},
    {"westwell", "Westwell autonomous trucks", "equipment_westwell"},
    {"zpmc", "ZPMC machinery other than cranes", "equipment_zpmc"},
    {"", "Other maker or maker not named", "equipment_other"},
};

std::string equipment_maker_of(const feature& row) {
    const std::string m = to_lower(trim(row.text("maker")));
    for (const auto& c : equipment_makers)
        if (m.rfind(c.prefix, 0) == 0) return c.legend;
    return equipment_makers[std::size(equipment_makers) - 1].legend;
}

// Other Chinese equipment by port and maker; a port with a crane symbol keeps its label there.
port_rows_layer other_equipment_layer(const map_layers& fp, const std::set<std::string>& labelled_ports, const std::optional<bbox>& extent,
                                      const symbol_set& symbols) {
    equipment_groups g = group_equipment_rows(fp, fp.equipment, "record_id", extent, equipment_maker_of);
    map_layer l;
    l.id = "prc-equipment";
    l.title = fmt::format("Other Chinese equipment, by port and maker ({} rows)", g.rows);
    l.label_font = label_font(symbols, 5.4);
    std::vector<std::size_t> rows(std::size(equipment_makers), 0);
    for (std::size_t k = 0; k < std::size(equipment_makers); ++k) {
        const auto& c = equipment_makers[k];
        l.classes.push_back(point_class(c.legend, pt(symbols, c.symbol)));
        rows[k] = g.rows_of_group[c.legend];
    }
    for (const auto& [key, s] : g.sites) {
        int cls = 0;
        for (std::size_t k = 0; k < std::size(equipment_makers); ++k)
            if (key.first == equipment_makers[k].legend) cls = static_cast<int>(k);
        const bool label = !labelled_ports.count(key.second);
        l.items.push_back({geometry::make_point(s.pos), cls, label ? s.name : "", 10.0 + static_cast<double>(s.rows), key.second});
    }
    legend_with_counts(l, rows);
    port_rows_layer out = rows_layer_of(std::move(g));
    out.layer = std::move(l);
    return out;
}

} // namespace

std::string port_rows_layer::summary(const std::string& what, bool with_unplaced) const {
    std::string s = fmt::format("{}: {} port{}, {} countr{}, {} rows", what, ports.size(), ports.size() == 1 ? "" : "s",
                                countries.size(), countries.size() == 1 ? "y" : "ies", rows);
    if (with_unplaced && !unplaced.empty()) s += fmt::format(" ({} without a port, not drawn)", unplaced.size());
    return s;
}

port_rows_layer zpmc_crane_layer(const map_layers& fp, bool abroad_only, const std::optional<bbox>& extent, const symbol_set& symbols) {
    auto is_zpmc = [abroad_only](const feature& row) -> std::string {
        if (abroad_only) return row.text("source_table") == "zpmc_international" ? "zpmc" : "";
        return to_lower(row.text("maker")).rfind("zpmc", 0) == 0 ? "zpmc" : "";
    };
    equipment_groups g = group_equipment_rows(fp, fp.cranes, "row_id", extent, is_zpmc);
    map_layer l;
    l.id = "zpmc-cranes";
    l.title = fmt::format("ZPMC cranes{}, by port: largest count one row states (lower bounds, not summed)",
                          abroad_only ? " outside the US" : "");
    l.label_font = label_font(symbols, 5.4);
    l.label_font.colour = rgba::hex(symbols.colour("label_zpmc"));
    for (const auto& c : crane_sizes) {
        // the class's marker sized by the count; a row without a count is an opaque ring of the smallest size
        point_style st = pt(symbols, "zpmc_cranes");
        st.size = c.size;
        if (c.min == 0) {
            st.shape = marker::ring;
            st.fill = st.fill.with_alpha(1);
        }
        l.classes.push_back(point_class(c.legend, st));
    }
    std::vector<std::size_t> rows(std::size(crane_sizes), 0);
    for (const auto& [key, s] : g.sites) {
        const int cls = crane_size_of(s.largest);
        rows[static_cast<std::size_t>(cls)] += s.rows;
        const std::string label = s.largest > 0 ? fmt::format("{} ({})", s.name, s.largest) : s.name;
        l.items.push_back({geometry::make_point(s.pos), cls, label, 20.0 + static_cast<double>(s.largest), key.second});
    }
    std::stable_sort(l.items.begin(), l.items.end(), [](const map_item& a, const map_item& b) { return a.cls < b.cls; });
    legend_with_counts(l, rows);
    l.legend_sizes = true;
    port_rows_layer out = rows_layer_of(std::move(g));
    out.layer = std::move(l);
    return out;
}

void report_unplaced(const render_params& p, const std::string& layer, const std::vector<std::string>& unplaced) {
    if (!p.log) return;
    for (const auto& u : unplaced) *p.log << "render: " << layer << " row not on the map: " << u << "\n";
}

} // namespace preset_parts

using namespace preset_parts;

render::map_document equipment_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const symbol_set symbols = load_symbols(p.data_dir);
    map_document doc = new_document(p, basemap, symbols, "Chinese equipment in seaports: ZPMC cranes and other PRC equipment");
    panel pn = world_panel(doc, p);
    port_rows_layer cranes = zpmc_crane_layer(fp, false, p.extent, symbols);
    port_rows_layer other = other_equipment_layer(fp, cranes.ports, p.extent, symbols);
    report_unplaced(p, "cranes", cranes.unplaced);
    report_unplaced(p, "prc_equipment", other.unplaced);
    pn.layers.push_back(std::move(cranes.layer));
    pn.layers.push_back(std::move(other.layer));
    doc.subtitle = cranes.summary("ZPMC cranes (US incl.)", false) + "; " + other.summary("other Chinese equipment", false) +
                   fmt::format("; {} rows without a port not drawn", cranes.unplaced.size() + other.unplaced.size());
    doc.credit = credit_line(projection(pn.projection).name(), false);
    doc.panels.push_back(std::move(pn));
    lay_out_world(doc);
    return doc;
}

} // namespace harbormap::products
