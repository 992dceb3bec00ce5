// The growth charts of the report, counted from the fact-layer rows (their valid_from / valid_to,
// fusion/validity.hpp) and drawn through the render module (SVG and PNG):
//   PRC-operated ports by year and group   (terminals: class prc-operated, valid that year)
//   ZPMC ship-to-shore cranes by year, US vs abroad (cranes: zpmc rows and delivered zpmc_international rows)
//   US crane orders and deliveries by maker since 2023 (crane_orders)
#include "engine/core/text.hpp"
#include "engine/fusion/equipment.hpp"
#include "engine/fusion/validity.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/report.hpp"
#include "engine/render/trend_chart.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace harbormap::products {

namespace {

namespace fs = std::filesystem;

inline constexpr int growth_first_year = 2000;

// The years the fusion wrote on the row (fusion::fact_validity read back from the fact layer's columns).
fusion::validity row_validity(const feature& f) { return fusion::fact_validity({"valid_from", "valid_to", ""}, f); }

// Counts the row as drawn (it has a year; `last` follows it) or as year unknown; true when drawn.
bool count_row(const fusion::validity& v, growth_chart& g, int& last) {
    if (!v.from) {
        ++g.rows_year_unknown;
        return false;
    }
    ++g.rows;
    last = std::max(last, *v.from);
    return true;
}

growth_chart chart_of(std::string table, std::string rule) {
    growth_chart g;
    g.table = std::move(table);
    g.rule = std::move(rule);
    return g;
}

std::vector<std::string> year_labels(int first, int last) {
    std::vector<std::string> out;
    for (int y = first; y <= last; ++y) out.push_back(std::to_string(y));
    return out;
}

growth_chart draw_growth(const std::string& id, render::trend_spec spec, const fs::path& maps_dir, double dpi, growth_chart g) {
    spec.page.dpi = dpi;
    g.id = id;
    g.title = spec.title;
    g.file_svg = "../maps/growth-" + id + ".svg";
    g.file_png = "../maps/growth-" + id + ".png";
    g.x = spec.x_labels;
    for (const auto& se : spec.series) g.series.emplace_back(se.name, se.values);
    render::render_trend(spec, maps_dir / ("growth-" + id + ".svg"));
    render::render_trend(spec, maps_dir / ("growth-" + id + ".png"));
    return g;
}

// Ports (distinct country + port_name, as the headline counts) with a PRC-operated terminal row valid in each
// year; the total and the four groups with the most ports in the last year.
growth_chart prc_ports_chart(const feature_layer& terminals, const fs::path& maps_dir, double dpi) {
    growth_chart g = chart_of("terminals",
                   "distinct country + port_name with a row of class prc-operated valid that year (valid_from <= year < valid_to)");
    std::vector<const feature*> rows;
    int last = growth_first_year;
    for (const auto& f : terminals.features) {
        if (f.text("class") != "prc-operated") continue;
        const auto v = row_validity(f);
        if (!count_row(v, g, last)) continue;
        rows.push_back(&f);
    }
    const auto ports_in = [&](int year, const std::string& group) {
        std::set<std::string> ports;
        for (const feature* f : rows)
            if (fusion::valid_in(row_validity(*f), year) && (group.empty() || f->text("group_key") == group))
                ports.insert(f->text("country_iso2") + "|" + f->text("port_name"));
        return static_cast<double>(ports.size());
    };
    std::map<std::string, double> final_by_group;
    for (const feature* f : rows) final_by_group[f->text("group_key")] = 0;
    for (auto& [grp, n] : final_by_group) n = ports_in(last, grp);
    std::vector<std::pair<std::string, double>> groups(final_by_group.begin(), final_by_group.end());
    std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (groups.size() > 4) groups.resize(4);

    render::trend_spec s;
    s.k = render::trend_spec::kind::lines;
    s.title = "Ports with a PRC-operated terminal, by year";
    s.y_label = "ports";
    s.x_labels = year_labels(growth_first_year, last);
    std::vector<std::pair<std::string, std::string>> lines = {{"all groups", ""}};
    for (const auto& gn : groups) lines.push_back({gn.first, gn.first});
    for (std::size_t i = 0; i < lines.size(); ++i) {
        render::trend_series se{lines[i].first, render::trend_colour(i), {}};
        for (int y = growth_first_year; y <= last; ++y) se.values.push_back(ports_in(y, lines[i].second));
        s.series.push_back(std::move(se));
    }
    s.caption = fmt::format("Table terminals: {} PRC-operated rows with a year; {} without one are not drawn. A port counts "
                            "from its first row's since_year; divested rows never count (their exit year is not in the data).",
                            g.rows, g.rows_year_unknown);
    return draw_growth("prc-ports", std::move(s), maps_dir, dpi, std::move(g));
}

bool growth_delivered(const std::string& status) {
    return status == "delivered" || status == "delivered (in part)" || status == "in service" || status == "installing";
}

// ZPMC STS cranes by the row's year: US (zpmc_us_ports, latest_year: deliveries and contracts as the row's
// count_basis says) and abroad (zpmc_international rows delivered or in service).
growth_chart zpmc_chart(const feature_layer& cranes, const fs::path& maps_dir, double dpi) {
    growth_chart g = chart_of("cranes", "sum of count by year: rows of source_table zpmc (US) and zpmc_international "
                                             "rows delivered, delivered in part, in service or installing (abroad); ZPMC STS");
    std::map<int, double> us, abroad;
    int last = growth_first_year;
    for (const auto& f : cranes.features) {
        const std::string src = f.text("source_table");
        const bool is_us = src == "zpmc";
        if (!is_us && !(src == "zpmc_international" && growth_delivered(f.text("status")) && f.text("crane_type").rfind("STS", 0) == 0)) continue;
        const auto v = row_validity(f);
        if (!count_row(v, g, last)) continue;
        (is_us ? us : abroad)[std::max(*v.from, growth_first_year)] += static_cast<double>(f.integer("count"));
    }
    render::trend_spec s;
    s.title = "ZPMC ship-to-shore cranes by year: US vs abroad";
    s.y_label = "cranes";
    s.x_labels = year_labels(growth_first_year, last);
    render::trend_series a{"US ports", render::trend_colour(0), {}}, b{"outside the US", render::trend_colour(1), {}};
    for (int y = growth_first_year; y <= last; ++y) {
        a.values.push_back(us.count(y) ? us[y] : 0);
        b.values.push_back(abroad.count(y) ? abroad[y] : 0);
    }
    s.series = {a, b};
    s.caption = fmt::format("Table cranes: {} rows with a year ({} without); not a fleet: US rows are lower bounds "
                            "(deliveries or contracts, see count_basis); before {} counted in {}.",
                            g.rows, g.rows_year_unknown, growth_first_year, growth_first_year);
    return draw_growth("zpmc", std::move(s), maps_dir, dpi, std::move(g));
}

// US crane orders and deliveries since 2023 by maker family and year.
growth_chart orders_chart(const feature_layer& orders, const fs::path& maps_dir, double dpi) {
    growth_chart g = chart_of("crane_orders", "sum of count by year and maker family (every crane type, ordered or delivered)");
    std::map<std::string, std::map<int, double>> by_maker;
    int first = 2023, last = 2023;
    for (const auto& f : orders.features) {
        const auto v = row_validity(f);
        if (!count_row(v, g, last)) continue;
        first = std::min(first, *v.from);
        by_maker[fusion::maker_family(f)][*v.from] += static_cast<double>(f.integer("count"));
    }
    render::trend_spec s;
    s.title = "US crane orders and deliveries since 2023, by maker";
    s.y_label = "cranes";
    s.x_labels = year_labels(first, last);
    std::size_t i = 0;
    for (const auto& [maker, years] : by_maker) {
        render::trend_series se{maker, render::trend_colour(i++), {}};
        for (int y = first; y <= last; ++y) se.values.push_back(years.count(y) ? years.at(y) : 0);
        s.series.push_back(std::move(se));
    }
    s.caption = fmt::format("Table crane_orders: {} rows by their year (order or delivery, see status).", g.rows);
    return draw_growth("us-orders", std::move(s), maps_dir, dpi, std::move(g));
}

} // namespace

std::vector<growth_chart> write_growth_charts(const evidence_layers& l, const fs::path& maps_dir, double dpi) {
    std::vector<growth_chart> out;
    fs::create_directories(maps_dir);
    if (!l.terminals.features.empty()) out.push_back(prc_ports_chart(l.terminals, maps_dir, dpi));
    if (!l.cranes.features.empty()) out.push_back(zpmc_chart(l.cranes, maps_dir, dpi));
    if (!l.orders.features.empty()) out.push_back(orders_chart(l.orders, maps_dir, dpi));
    return out;
}

} // namespace harbormap::products
