#include "engine/products/report.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/render/draw.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

namespace {


// URLs in a sources/provenance text (or the text itself when it names no URL).
std::vector<std::string> urls_in(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t p = text.find("http"); p != std::string::npos; p = text.find("http", p + 4)) {
        std::size_t e = p;
        while (e < text.size() && !std::isspace(static_cast<unsigned char>(text[e])) && text[e] != ';' && text[e] != '"' &&
               text[e] != ',' && text[e] != ']' && text[e] != '}')
            ++e;
        out.push_back(text.substr(p, e - p));
    }
    return out;
}

struct published {
    std::string figure_id;
    std::string claim;
    std::string who;
    std::string url;
};

const std::vector<published>& published_figures() {
    // Every URL here was checked against the publisher's page or a page quoting it (2026-11-26);
    // see also the PROVENANCE of the curated tables, which cite the same reports.
    static const std::vector<published> p = {
        {"prc-ports", "Chinese firms own or operate terminals in about 100 ports in 60 countries",
         "MITRE, Chinese Technology Influence in U.S. Seaports (L. Wynnyk), Dec 2023",
         "https://www.mitre.org/news-insights/publication/chinese-technology-influence-us-seaports"},
        {"prc-ports", "Chinese firms own or operate terminal assets in 96 ports in 53 countries",
         "Kardon & Leutert, Pier Competitor, International Security 46(4), 2022", "https://doi.org/10.1162/isec_a_00433"},
        {"prc-ports", "129 port projects with Chinese equity or operational stakes, 115 active (July 2024)",
         "Council on Foreign Relations, Tracking China's Control of Overseas Ports (updated Aug 2024)",
         "https://www.cfr.org/tracker/china-overseas-ports"},
        {"bri-ports", "Chinese official finance for 123 seaport projects at 78 ports in 46 countries (2000-2021)",
         "AidData, Harboring Global Ambitions, July 2023",
         "https://docs.aiddata.org/reports/harboring-global-ambitions/Harboring_Global_Ambitions.html"},
        {"logink-ports", "LOGINK has cooperation agreements with at least 24 ports, freeports and port operators outside China",
         "USCC staff report, LOGINK: Risks from China's Promotion of a Global Logistics Management Platform, 2022-09-20",
         "https://www.uscc.gov/sites/default/files/2022-09/LOGINK-Risks_from_Chinas_Promotion_of_a_Global_Logistics_Management_Platform.pdf"},
        {"zpmc-strategic", "ZPMC cranes are present in 10 DoD Strategic Seaports",
         "MITRE, Chinese Technology Influence in U.S. Seaports, Dec 2023",
         "https://www.mitre.org/news-insights/publication/chinese-technology-influence-us-seaports"},
        {"zpmc-strategic", "ZPMC accounts for nearly 80% of the ship-to-shore cranes at US ports",
         "House Homeland Security Committee and Select Committee on the CCP, joint report, Sept 2024 (via HSToday)",
         "https://www.hstoday.us/subject-matter-areas/cybersecurity/potential-china-threats-to-u-s-port-infrastructure-security-house-homeland-security-committee/"},
    };
    return p;
}

} // namespace

const figure* report_data::find(const std::string& id) const {
    for (const auto& f : figures)
        if (f.id == id) return &f;
    return nullptr;
}

report_data compute_report(const footprint& fp) {
    report_data d;
    figure prc{"prc-ports", "Ports with an active PRC-operated terminal", 0, {}};
    figure prc_c{"prc-countries", "Countries with an active PRC-operated terminal", 0, {}};
    figure hk{"hk-ports", "Ports with a CK Hutchison (Hong Kong) terminal, counted separately", 0, {}};
    figure bri{"bri-ports", "Ports with a Belt and Road port project", 0, {}};
    figure bri_c{"bri-countries", "Countries with a Belt and Road port project", 0, {}};
    figure lg{"logink-ports", "Ports with a LOGINK agreement", 0, {}};
    figure zs{"zpmc-strategic", "Strategic Seaports with ZPMC ship-to-shore cranes", 0, {}};
    figure zc{"zpmc-strategic-cranes", "ZPMC ship-to-shore cranes at Strategic Seaports (lower bound)", 0, {}};
    figure ss{"strategic", "DoD Strategic Seaports in the data", 0, {}};
    std::set<std::string> countries, bri_countries;
    std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> groups;
    auto add_sources = [](figure& f, const feature& row, const std::string& name) {
        auto u = urls_in(row.text("sources") + " " + row.text("source_url") + " " + row.text("provenance"));
        std::sort(u.begin(), u.end());
        u.erase(std::unique(u.begin(), u.end()), u.end());
        if (u.empty()) f.sources.push_back({name, ""});
        for (const auto& x : u) f.sources.push_back({name, x});
    };
    for (const auto& f : fp.ports.features) {
        const std::string name = f.text("name") + " (" + f.text("country_iso2") + ")";
        if (f.flag("prc_operated")) {
            ++prc.value;
            add_sources(prc, f, name);
            countries.insert(f.text("country_iso2"));
            const std::string g = group_class(f.text("prc_groups"));
            groups[g].first.insert(f.text("port_id"));
            groups[g].second.insert(f.text("country_iso2"));
        }
        if (f.flag("hk_operated")) {
            ++hk.value;
            add_sources(hk, f, name);
        }
        if (f.flag("bri")) {
            ++bri.value;
            add_sources(bri, f, name);
            bri_countries.insert(f.text("country_iso2"));
        }
        if (f.flag("logink")) {
            ++lg.value;
            add_sources(lg, f, name);
        }
    }
    prc_c.value = static_cast<long long>(countries.size());
    prc_c.sources = prc.sources;
    bri_c.value = static_cast<long long>(bri_countries.size());
    bri_c.sources = bri.sources;
    for (const auto& [g, v] : groups) d.by_group[g] = {static_cast<long long>(v.first.size()), static_cast<long long>(v.second.size())};
    for (const auto& s : fp.strategic.features) {
        seaport_row r;
        r.name = s.text("name");
        r.state = s.text("state");
        r.port_id = s.text("port_id");
        r.zpmc = s.flag("zpmc");
        r.zpmc_cranes = s.integer("zpmc_sts_count");
        r.nearest_prc = s.text("nearest_prc_port_name");
        r.nearest_prc_id = s.text("nearest_prc_port_id");
        r.nearest_nm = s.number("nearest_prc_geodesic_nm").value_or(-1);
        r.source_url = s.text("source_url");
        if (!s.geom.points.empty()) r.pos = s.geom.points.front(), r.has_pos = true;
        ++ss.value;
        add_sources(ss, s, r.name);
        if (r.zpmc) {
            ++zs.value;
            zc.value += r.zpmc_cranes;
            add_sources(zs, s, r.name);
            add_sources(zc, s, r.name);
        }
        d.seaports.push_back(std::move(r));
    }
    std::sort(d.seaports.begin(), d.seaports.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    d.figures = {prc, prc_c, hk, bri, bri_c, lg, ss, zs, zc};
    return d;
}

std::string exposure_formula() {
    return "exposure = 100 x (0.5 x C + 0.3 x P + 0.2 x N), between 0 and 100, computed over the seaport's sea routes to the "
           "destination set. C (chokepoints) = min(1, sum over gates of the sum over the routes crossing the gate of f, divided by "
           "the number of reachable routes), where f = 1 when closing the gate leaves the route no alternative and otherwise "
           "min(1, detour% / 50) (a 50% longer detour counts fully). P (PRC passes) = share of the routes that pass within 50 nm "
           "of a PRC-operated port other than their end points. N (proximity) = 1 when the nearest PRC-operated port by sea is "
           "at most 500 nm away, 0 from 3,000 nm, linear in between. Same computation as 'harbormap deps' (README, \"Exposure score\").";
}

namespace {


// Routing columns n/a: `why` in each row (short), `detail` once under the table.
void routing_na(report_data& d, const std::string& why, const std::string& detail = "") {
    d.routing_note = "Routing columns n/a: " + (detail.empty() ? why : detail) + ".";
    for (auto& r : d.seaports) {
        r.gates = "n/a (" + why + ")";
        r.exposure = "n/a";
        r.nearest_prc_sea = "n/a";
        r.nearest_sea_nm = -1;
        r.exposure_score = -1;
        r.gate_ids.clear();
    }
}

std::unique_ptr<sea_router> open_router(report_data& d, const fs::path& graph) {
    if (graph.empty() || !fs::exists(graph)) {
        routing_na(d, "no sea graph", (graph.empty() ? std::string("no sea graph file given") : graph.string() + " not found") +
                                          "; run 'harbormap graph build' or 'harbormap build'");
        return nullptr;
    }
    try {
        return std::make_unique<sea_router>(routing::read_graph_file(graph));
    } catch (const std::exception& e) {
        routing_na(d, "sea graph unreadable", e.what());
        return nullptr;
    }
}

std::string describe_set(const std::string& to_set, std::size_t n) {
    if (to_set == "large") return std::to_string(n) + " ports of WPI harbour size Large";
    return std::to_string(n) + " ports of the set '" + to_set + "'";
}

void fill_sea_routes(report_data& d, sea_router& router, const port_catalog& catalog, const std::string& to_set) {
    deps_params dp;
    dp.to_set = to_set;
    dp.nearest_prc = 1;
    port_snaps snaps(router, catalog);
    std::size_t max_dest = 0;
    for (auto& r : d.seaports) {
        std::string arg = r.port_id;
        if (arg.empty() || !catalog.resolve(arg).ok()) {
            if (!r.has_pos) {
                r.gates = "n/a (no port match and no position in the data)";
                r.exposure = "n/a";
                r.nearest_prc_sea = "n/a";
                continue;
            }
            arg = format_fixed(r.pos.lon, 6) + "," + format_fixed(r.pos.lat, 6);
        }
        const deps_profile p = run_deps(arg, dp, router, catalog, snaps);
        r.gate_ids.clear();
        if (p.status != route_status::ok) {
            r.gates = "n/a (" + to_string(p.status) + ": " + p.message + ")";
            r.exposure = "n/a";
            continue;
        }
        max_dest = std::max(max_dest, p.reachable);
        if (p.reachable == 0) {
            r.gates = "n/a (no reachable destination)";
            r.exposure = "n/a";
            continue;
        }
        std::vector<std::string> parts;
        for (const auto& g : p.gates) {
            if (g.share < main_route_share) continue;
            r.gate_ids.push_back(g.gate);
            std::string t = g.gate + " " + format_fixed(100 * g.share, 0) + "%";
            if (g.cut_off > 0) t += " (" + std::to_string(g.cut_off) + " cut off if closed)";
            else t += " (+" + format_fixed(g.detour_pct, 0) + "% if closed)";
            parts.push_back(t);
        }
        r.gates = parts.empty() ? "none on " + format_fixed(100 * main_route_share, 0) + "% of routes" : join(parts, ", ");
        r.exposure_score = p.exposure;
        r.exposure = format_fixed(p.exposure, 1);
        if (!p.nearest_prc.empty()) {
            r.nearest_prc_sea = p.nearest_prc.front().first.name + " (" + p.nearest_prc.front().first.country_iso2 + ")";
            r.nearest_sea_nm = nm_from_m(p.nearest_prc.front().second);
        } else {
            r.nearest_prc_sea = "none reachable";
        }
    }
    d.route_destinations = max_dest;
    d.routing_note = "Sea routes on the harbormap sea graph (" + std::to_string(router.graph().node_count()) + " nodes) from each seaport to the " +
                     describe_set(to_set, max_dest) + "; a gate is listed when at least " + format_fixed(100 * main_route_share, 0) +
                     "% of the routes cross it, with the mean detour when it is closed (as 'harbormap deps').";
}

} // namespace

void add_sea_routes(report_data& d, const footprint& fp, const fs::path& graph, const std::string& to_set) {
    auto router = open_router(d, graph);
    if (!router) return;
    const port_catalog catalog(fp.ports);
    fill_sea_routes(d, *router, catalog, to_set);
}

namespace {

struct coa {
    const char* title;
    const char* text;
};

std::vector<std::pair<std::string, std::string>> courses(const report_data& d) {
    auto v = [&](const char* id) { return d.find(id) ? std::to_string(d.find(id)->value) : std::string("?"); };
    return {
        {"Let influence continue", "Baseline. In scope: the " + v("prc-ports") + " ports in " + v("prc-countries") +
                                       " countries with PRC-operated terminals, " + v("logink-ports") + " LOGINK ports and " +
                                       v("bri-ports") + " BRI port projects stay as they are; " + v("zpmc-strategic") +
                                       " Strategic Seaports keep ZPMC cranes."},
        {"Make Chinese technology trusted and secure", "Assurance (inspection, network isolation, software audits) of the " +
                                                           v("zpmc-strategic-cranes") + " ZPMC ship-to-shore cranes at " + v("zpmc-strategic") +
                                                           " Strategic Seaports, and of data exchange with the " + v("logink-ports") + " LOGINK ports."},
        {"Stop further proliferation", "No new PRC terminal stakes, cranes or LOGINK agreements: the data's pending and "
                                       "under-construction rows (terminals layer) are the pipeline in scope; today's " + v("prc-ports") +
                                       " operated ports are not touched."},
        {"Remove it", "Replacing cranes touches " + v("zpmc-strategic") + " Strategic Seaports and at least " + v("zpmc-strategic-cranes") +
                          " cranes (delivery reports; lower bound). Divesting terminals abroad is outside US control: " + v("prc-ports") +
                          " ports in " + v("prc-countries") + " countries."},
    };
}

std::string near_cell(const std::string& name, double v) {
    if (name.empty()) return "n/a";
    if (v < 0) return name;
    return name + ", " + format_thousands(v) + " nm";
}
bool is_itself(const seaport_row& s) { return !s.port_id.empty() && s.nearest_prc_id == s.port_id; }
// A seaport with a PRC-operated terminal of its own is its own nearest PRC-operated port (0 nm); the
// sea column (the `deps` computation) then names the nearest other one.
std::string geodesic_cell(const seaport_row& s) {
    return is_itself(s) ? "this port (it has a PRC-operated terminal)" : near_cell(s.nearest_prc, s.nearest_nm);
}
std::string sea_cell(const seaport_row& s) {
    const std::string c = near_cell(s.nearest_prc_sea, s.nearest_sea_nm);
    return is_itself(s) && s.nearest_sea_nm >= 0 ? "next: " + c : c;
}

} // namespace

std::string report_markdown(const report_data& d, const std::vector<std::string>& maps) {
    std::ostringstream o;
    o << "# The footprint of Chinese ownership and technology in seaports\n\n"
      << "Figures computed by harbormap from the fused footprint; every figure links to the rows behind it.\n\n"
      << "## Headline figures\n\n| figure | harbormap | published figure it answers |\n|---|---:|---|\n";
    for (const auto& f : d.figures) {
        std::string pub;
        for (const auto& p : published_figures())
            if (p.figure_id == f.id) pub += (pub.empty() ? "" : "<br>") + p.claim + " ([" + p.who + "](" + p.url + "))";
        o << "| [" << f.label << "](#src-" << f.id << ") | " << f.value << " | " << pub << " |\n";
    }
    o << "\n### PRC-operated ports by group\n\n| group | ports | countries |\n|---|---:|---:|\n";
    for (const auto& [g, v] : d.by_group) o << "| " << g << " | " << v.first << " | " << v.second << " |\n";
    o << "\n## Strategic Seaports\n\n| seaport | state | ZPMC STS cranes | nearest PRC-operated port (geodesic) | nearest PRC-operated port by sea | "
         "gates of main routes (share of routes; detour if closed) | [exposure score](#exposure-score) | source |\n"
      << "|---|---|---:|---|---|---|---:|---|\n";
    for (const auto& s : d.seaports)
        o << "| " << s.name << " | " << s.state << " | " << (s.zpmc ? std::to_string(s.zpmc_cranes) : std::string("none reported")) << " | "
          << geodesic_cell(s) << " | " << sea_cell(s) << " | " << s.gates << " | "
          << s.exposure << " | " << (s.source_url.empty() ? "" : "[source](" + s.source_url + ")") << " |\n";
    if (!d.routing_note.empty()) o << "\n" << d.routing_note << "\n";
    o << "\n### <a id=\"exposure-score\"></a>Exposure score\n\n" << exposure_formula() << "\n";
    if (!d.examples.empty()) {
        o << "\n## Illustrative route: " << d.examples.front().from << " to " << d.examples.front().to
          << "\n\n| case | distance by sea | gates crossed | PRC-operated ports within 50 nm |\n|---|---:|---|---|\n";
        for (const auto& e : d.examples)
            o << "| " << e.title << " | " << (e.distance_nm < 0 ? e.status : format_thousands(e.distance_nm) + " nm") << " | " << join(e.gates, " > ")
              << " | " << join(e.prc_ports, ", ") << " |\n";
        o << "\n";
        for (const auto& e : d.examples)
            if (!e.map.empty()) o << "![" << e.title << "](" << e.map << ")\n\n";
    }
    o << "\n## Maps\n\n";
    for (const auto& m : maps) o << "![" << m << "](" << m << ")\n\n";
    o << "## Courses of action: what is in scope\n\n";
    for (const auto& [t, x] : courses(d)) o << "- **" << t << ".** " << x << "\n";
    o << "\n## Sources of each figure\n\n";
    for (const auto& f : d.figures) {
        o << "### <a id=\"src-" << f.id << "\"></a>" << f.label << " (" << f.value << ")\n\n";
        for (const auto& [row, url] : f.sources) o << "- " << row << (url.empty() ? "" : ": <" + url + ">") << "\n";
        o << "\n";
    }
    return o.str();
}

std::string report_html(const report_data& d, const std::vector<std::string>& maps) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>harbormap footprint report</title>\n"
      << "<style>body{font-family:'Noto Sans',sans-serif;max-width:70em;margin:2em auto;color:#1b1b1b}"
         "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}"
         "td.n{text-align:right}img{max-width:100%;border:1px solid #ddd}</style></head><body>\n"
      << "<h1>The footprint of Chinese ownership and technology in seaports</h1>\n"
      << "<p>Figures computed by harbormap from the fused footprint; every figure links to the rows behind it.</p>\n"
      << "<h2>Headline figures</h2>\n<table id=\"headline\"><tr><th>figure</th><th>harbormap</th><th>published figure it answers</th></tr>\n";
    for (const auto& f : d.figures) {
        o << "<tr><td><a href=\"#src-" << f.id << "\">" << xml_escape(f.label) << "</a></td><td class=\"n\" id=\"fig-" << f.id << "\">" << f.value
          << "</td><td>";
        bool first = true;
        for (const auto& p : published_figures())
            if (p.figure_id == f.id) {
                o << (first ? "" : "<br>") << xml_escape(p.claim) << " (<a href=\"" << xml_escape(p.url) << "\">" << xml_escape(p.who) << "</a>)";
                first = false;
            }
        o << "</td></tr>\n";
    }
    o << "</table>\n<h3>PRC-operated ports by group</h3>\n<table id=\"groups\"><tr><th>group</th><th>ports</th><th>countries</th></tr>\n";
    for (const auto& [g, v] : d.by_group) o << "<tr><td>" << xml_escape(g) << "</td><td class=\"n\">" << v.first << "</td><td class=\"n\">" << v.second << "</td></tr>\n";
    o << "</table>\n<h2>Strategic Seaports</h2>\n<table id=\"seaports\"><tr><th>seaport</th><th>state</th><th>ZPMC STS cranes</th>"
         "<th>nearest PRC-operated port (geodesic)</th><th>nearest PRC-operated port by sea</th><th>gates of main routes (share of routes; detour if closed)</th>"
         "<th><a href=\"#exposure-score\">exposure score</a></th><th>source</th></tr>\n";
    for (const auto& s : d.seaports)
        o << "<tr><td>" << xml_escape(s.name) << "</td><td>" << xml_escape(s.state) << "</td><td class=\"n\">"
          << (s.zpmc ? std::to_string(s.zpmc_cranes) : std::string("none reported")) << "</td><td>" << xml_escape(geodesic_cell(s))
          << "</td><td>" << xml_escape(sea_cell(s)) << "</td><td class=\"gates\">" << xml_escape(s.gates)
          << "</td><td class=\"n exposure\">" << xml_escape(s.exposure) << "</td><td>"
          << (s.source_url.empty() ? "" : "<a href=\"" + xml_escape(s.source_url) + "\">source</a>") << "</td></tr>\n";
    o << "</table>\n";
    if (!d.routing_note.empty()) o << "<p id=\"routing-note\">" << xml_escape(d.routing_note) << "</p>\n";
    o << "<h3 id=\"exposure-score\">Exposure score</h3>\n<p>" << xml_escape(exposure_formula()) << "</p>\n";
    if (!d.examples.empty()) {
        o << "<h2 id=\"route-example\">Illustrative route: " << xml_escape(d.examples.front().from) << " to " << xml_escape(d.examples.front().to)
          << "</h2>\n<table><tr><th>case</th><th>distance by sea</th><th>gates crossed</th><th>PRC-operated ports within 50 nm</th></tr>\n";
        for (const auto& e : d.examples)
            o << "<tr><td>" << xml_escape(e.title) << "</td><td class=\"n\">" << xml_escape(e.distance_nm < 0 ? e.status : format_thousands(e.distance_nm) + " nm")
              << "</td><td>" << xml_escape(join(e.gates, " > ")) << "</td><td>" << xml_escape(join(e.prc_ports, ", ")) << "</td></tr>\n";
        o << "</table>\n";
        for (const auto& e : d.examples)
            if (!e.map.empty()) o << "<figure><img src=\"" << xml_escape(e.map) << "\" alt=\"" << xml_escape(e.title) << "\"><figcaption>" << xml_escape(e.title) << "</figcaption></figure>\n";
    }
    o << "</table>\n<h2>Maps</h2>\n";
    for (const auto& m : maps) o << "<figure><img src=\"" << xml_escape(m) << "\" alt=\"" << xml_escape(m) << "\"></figure>\n";
    o << "<h2>Courses of action: what is in scope</h2>\n<dl>\n";
    for (const auto& [t, x] : courses(d)) o << "<dt><b>" << xml_escape(t) << "</b></dt><dd>" << xml_escape(x) << "</dd>\n";
    o << "</dl>\n<h2>Sources of each figure</h2>\n";
    for (const auto& f : d.figures) {
        o << "<h3 id=\"src-" << f.id << "\">" << xml_escape(f.label) << " (" << f.value << ")</h3>\n<ul>\n";
        for (const auto& [row, url] : f.sources)
            o << "<li>" << xml_escape(row) << (url.empty() ? "" : ": <a href=\"" + xml_escape(url) + "\">" + xml_escape(url) + "</a>") << "</li>\n";
        o << "</ul>\n";
    }
    o << "</body></html>\n";
    return o.str();
}

namespace {

// Shanghai to Rotterdam with Suez open and closed: the route engine's answer and (if maps) its map.
void add_route_examples(report_data& d, const report_params& p, const footprint& fp, const std::vector<polygon>* basemap,
                        sea_router& router, const port_catalog& catalog, const fs::path& maps_dir) {
    struct example {
        const char* title;
        const char* file;
        std::vector<std::string> avoid;
    };
    const example ex[] = {{"Suez open", "route-shanghai-rotterdam", {}}, {"Suez closed", "route-shanghai-rotterdam-suez-closed", {"suez"}}};
    for (const auto& e : ex) {
        render_params rp;
        rp.preset = "route";
        rp.gpkg = p.gpkg;
        rp.data_dir = p.data_dir;
        rp.dpi = p.dpi;
        rp.from = "Shanghai";
        rp.to = "Rotterdam";
        rp.avoid = e.avoid;
        route_example re;
        re.title = e.title;
        route_overlay o;
        try {
            o = route_overlay_of(rp, router, catalog);
        } catch (const std::exception&) {
            return; // the ports are not in this footprint (e.g. a small test fixture): no example
        }
        re.from = o.from;
        re.to = o.to;
        re.status = "ok";
        re.distance_nm = nm_from_m(o.distance_m);
        for (const auto& g : o.gates) re.gates.push_back(g.name);
        for (const auto& q : o.prc_ports) re.prc_ports.push_back(q.name);
        if (basemap) {
            rp.output = maps_dir / (std::string(e.file) + ".png");
            render::render_map(route_map(fp, *basemap, rp, o), rp.output);
            re.map = "../maps/" + std::string(e.file) + ".png";
        }
        d.examples.push_back(std::move(re));
    }
}

} // namespace

fs::path write_report(const report_params& p) {
    const footprint fp = load_footprint(p.gpkg);
    std::vector<std::string> maps;
    const fs::path maps_dir = p.out_dir / "maps";
    std::vector<polygon> basemap;
    if (p.maps) {
        fs::create_directories(maps_dir);
        basemap = load_basemap(p.data_dir);
        for (const char* preset : {"world", "us-strategic"}) {
            for (const char* ext : {".svg", ".png"}) {
                render_params rp;
                rp.preset = preset;
                rp.gpkg = p.gpkg;
                rp.data_dir = p.data_dir;
                rp.dpi = p.dpi;
                rp.output = maps_dir / (std::string(preset) + ext);
                render_preset(rp);
            }
            maps.push_back("../maps/" + std::string(preset) + ".png");
        }
    }
    report_data d = compute_report(fp);
    if (auto router = open_router(d, p.graph)) {
        const port_catalog catalog(fp.ports);
        fill_sea_routes(d, *router, catalog, p.routes_to);
        if (p.route_examples) add_route_examples(d, p, fp, p.maps ? &basemap : nullptr, *router, catalog, maps_dir);
    }
    atomic_dir dir(p.out_dir / "report");
    write_file_atomic(dir.temp_path() / "index.html", report_html(d, maps));
    write_file_atomic(dir.temp_path() / "report.md", report_markdown(d, maps));
    dir.commit();
    return dir.target();
}

} // namespace harbormap::products
