// The growth charts of the report, counted from the fact-layer rows (their valid_from / valid_to,
// fusion/validity.hpp) and drawn by the render module's chart (render::render_chart; SVG and PNG):
//   PRC-operated ports by year and group   (terminals: class prc-operated, valid that year; lines)
//   ZPMC ship-to-shore cranes by year, US vs abroad (cranes: zpmc rows and delivered zpmc_international rows)
//   US crane orders and deliveries by maker since 2023 (crane_orders; stacked by maker)
//   LOGINK agreements by year (logink: port and organisation rows by their year; stacked by status)
#include "engine/core/text.hpp"
#include "engine/fusion/equipment.hpp"
#include "engine/fusion/validity.hpp"
#include "engine/products/evidence.hpp"
#include "engine/products/report.hpp"
#include "engine/render/chart.hpp"

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

// A time-series chart: one row per year first..last, vertical, counts on the value axis.
render::chart_document year_chart(std::string title, std::string axis_label, render::chart_mode mode, int first, int last) {
    render::chart_document c;
    c.title = std::move(title);
    c.axis_label = std::move(axis_label);
    c.mode = mode;
    c.orientation = render::chart_orientation::vertical;
    c.width_pt = 640;
    c.plot_height_pt = 190;
    c.min_step = 1;
    for (int y = first; y <= last; ++y) c.rows.push_back({std::to_string(y), {}});
    return c;
}

// Adds a series with its value per year (years outside the rows are the caller's error; 0 = no bar).
void add_series(render::chart_document& c, const std::string& name, int first, const std::map<int, double>& by_year) {
    const std::size_t s = c.series.size();
    c.series.push_back({name, render::chart_colour(s)});
    for (const auto& [year, v] : by_year) c.rows.at(static_cast<std::size_t>(year - first)).bars.push_back({s, 0, v, {}});
}

// The chart's numbers into the report's growth_chart (a value per series and year, 0 where no bar).
growth_chart draw_growth(const std::string& id, render::chart_document c, const fs::path& maps_dir, double dpi, growth_chart g) {
    c.dpi = dpi;
    g.id = id;
    g.title = c.title;
    g.note = c.note;
    g.file_svg = "../maps/growth-" + id + ".svg";
    g.file_png = "../maps/growth-" + id + ".png";
    for (const auto& r : c.rows) g.x.push_back(r.label);
    for (std::size_t s = 0; s < c.series.size(); ++s) {
        std::vector<double> values;
        for (const auto& r : c.rows) {
            double v = 0;
            for (const auto& b : r.bars)
                if (b.series == s) v = b.high;
            values.push_back(v);
        }
        g.series.emplace_back(c.series[s].name, std::move(values));
    }
    render::render_chart(c, maps_dir / ("growth-" + id + ".svg"));
    render::render_chart(c, maps_dir / ("growth-" + id + ".png"));
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

    render::chart_document c = year_chart("Ports with a PRC-operated terminal, by year", "ports", render::chart_mode::lines,
                                          growth_first_year, last);
    std::vector<std::pair<std::string, std::string>> lines = {{"all groups", ""}};
    for (const auto& gn : groups) lines.push_back({gn.first, gn.first});
    for (const auto& [name, group] : lines) {
        std::map<int, double> by_year;
        for (int y = growth_first_year; y <= last; ++y) by_year[y] = ports_in(y, group);
        add_series(c, name, growth_first_year, by_year);
    }
    c.note = fmt::format("Table terminals: {} PRC-operated rows with a year; {} without one are not drawn. A port counts "
                         "from its first row's since_year; divested rows never count (their exit year is not in the data). "
                         "Lines: all groups and the four groups with the most ports in {}.",
                         g.rows, g.rows_year_unknown, last);
    c.credit = "Source: data/curated/terminals.csv (since_year), as fused into the terminals layer";
    return draw_growth("prc-ports", std::move(c), maps_dir, dpi, std::move(g));
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
    render::chart_document c = year_chart("ZPMC ship-to-shore cranes by year: US vs abroad", "cranes", render::chart_mode::grouped,
                                          growth_first_year, last);
    add_series(c, "US ports", growth_first_year, us);
    add_series(c, "outside the US", growth_first_year, abroad);
    c.note = fmt::format("Table cranes: {} rows with a year ({} without, not drawn); not a fleet: US rows are lower bounds "
                         "(deliveries or contracts, see count_basis); rows before {} are counted in {}.",
                         g.rows, g.rows_year_unknown, growth_first_year, growth_first_year);
    c.credit = "Sources: data/curated/zpmc_us_ports.csv (latest_year), zpmc_international.csv (year)";
    return draw_growth("zpmc", std::move(c), maps_dir, dpi, std::move(g));
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
    render::chart_document c = year_chart("US crane orders and deliveries since 2023, by maker", "cranes",
                                          render::chart_mode::stacked, first, last);
    for (const auto& [maker, years] : by_maker) add_series(c, maker, first, years);
    c.note = fmt::format("Table crane_orders: {} rows by their year (order or delivery, see status); {} without a year "
                         "are not drawn. Bars stacked by maker family; the number on top is the year's total.",
                         g.rows, g.rows_year_unknown);
    c.credit = "Source: data/curated/us_crane_orders_since_2023.csv";
    return draw_growth("us-orders", std::move(c), maps_dir, dpi, std::move(g));
}

// LOGINK agreements by the row's year, stacked by status.  Port and organisation rows are agreements;
// an aggregate row is a count of partners from a report (the USCC's "at least 24"), not an agreement,
// so it is not drawn and the note says so.  Rows without a year are counted in the note, never placed.
growth_chart logink_chart(const feature_layer& logink, const fs::path& maps_dir, double dpi) {
    growth_chart g = chart_of("logink", "rows of granularity port or organisation counted at their year, by status "
                                        "(aggregate rows are counts, not agreements, and are not drawn)");
    static const std::vector<std::string> status_order = {"operational", "signed", "planned", "proposed", "feasibility"};
    std::map<std::string, std::map<int, double>> by_status;
    std::size_t aggregates = 0;
    int first = 0, last = 0;
    for (const auto& f : logink.features) {
        if (f.text("granularity") == "aggregate") {
            ++aggregates;
            continue;
        }
        const auto v = row_validity(f);
        if (!count_row(v, g, last)) continue;
        first = first == 0 ? *v.from : std::min(first, *v.from);
        by_status[f.text("status")][*v.from] += 1;
    }
    if (g.rows == 0) return g;
    render::chart_document c = year_chart("LOGINK agreements by year", "agreements", render::chart_mode::stacked, first, last);
    std::vector<std::string> statuses;
    for (const auto& s : status_order)
        if (by_status.count(s)) statuses.push_back(s);
    for (const auto& [s, years] : by_status)
        if (std::find(statuses.begin(), statuses.end(), s) == statuses.end()) statuses.push_back(s);
    for (const auto& s : statuses) add_series(c, s, first, by_status.at(s));
    c.note = fmt::format("Table logink: {} agreements (port and organisation rows) at the year the row gives, stacked by "
                         "status; {} without a year are not drawn (not placed at an invented year){}. The year is the "
                         "signing year, or for NEAL-NET rows the year of the source naming the port (not a start date). "
                         "An agreement is not evidence of current data flows.",
                         g.rows, g.rows_year_unknown,
                         aggregates ? fmt::format("; {} aggregate row{} (a count of partners from a report, not an agreement) "
                                                  "not drawn", aggregates, aggregates == 1 ? "" : "s")
                                    : std::string());
    c.credit = "Source: data/curated/logink_ports.csv (year, status, granularity)";
    return draw_growth("logink", std::move(c), maps_dir, dpi, std::move(g));
}

} // namespace

std::vector<growth_chart> write_growth_charts(const evidence_layers& l, const fs::path& maps_dir, double dpi) {
    std::vector<growth_chart> out;
    fs::create_directories(maps_dir);
    if (!l.terminals.features.empty()) out.push_back(prc_ports_chart(l.terminals, maps_dir, dpi));
    if (!l.cranes.features.empty()) out.push_back(zpmc_chart(l.cranes, maps_dir, dpi));
    if (!l.orders.features.empty()) out.push_back(orders_chart(l.orders, maps_dir, dpi));
    if (!l.logink.features.empty())
        if (auto g = logink_chart(l.logink, maps_dir, dpi); !g.id.empty()) out.push_back(std::move(g));
    return out;
}

} // namespace harbormap::products
