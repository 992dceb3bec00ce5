#include "engine/products/report.hpp"
#include "engine/products/report/sections.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/footprint.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/routing/graph_file.hpp"
#include "engine/render/draw.hpp"

#include <algorithm>
#include <chrono>
#include <future>
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

} // namespace

const figure* report_data::find(const std::string& id) const {
    for (const auto& f : figures)
        if (f.id == id) return &f;
    return nullptr;
}

report_data compute_report(const map_layers& fp) {
    report_data d;
    figure prc{"prc-ports", "Ports with an active PRC-operated terminal", 0, {}, {}, {}, {}};
    figure prc_c{"prc-countries", "Countries with an active PRC-operated terminal", 0, {}, {}, {}, {}};
    figure hk{"hk-ports", "Ports with a CK Hutchison (Hong Kong) terminal, counted separately", 0, {}, {}, {}, {}};
    figure bri{"bri-ports", "Ports with a Belt and Road port project", 0, {}, {}, {}, {}};
    figure bri_c{"bri-countries", "Countries with a Belt and Road port project", 0, {}, {}, {}, {}};
    figure lg{"logink-ports", "Ports with a LOGINK agreement", 0, {}, {}, {}, {}};
    figure zs{"zpmc-strategic", "Strategic Seaports with ZPMC ship-to-shore cranes", 0, {}, {}, {}, {}};
    figure zc{"zpmc-strategic-cranes", "ZPMC ship-to-shore cranes at Strategic Seaports (lower bound)", 0, {}, {}, {}, {}};
    figure ss{"strategic", "DoD Strategic Seaports in the data", 0, {}, {}, {}, {}};
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
            const std::string g = f.text("prc_group"); // fusion::prc_group
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
    if (!fp.terminals.features.empty()) {
        // By curated port name, as the headline's ports (distinct country + port_name of the active PRC rows), so
        // the groups add up to it; a port's group is fusion::prc_group of its rows' group keys. (By port entity
        // they added up to 88 beside the headline's 92: rows that matched no port, Singapore's two entities.)
        groups.clear();
        std::map<std::string, std::set<std::string>> keys_by_port;
        for (const auto& t : fp.terminals.features)
            if (t.text("class") == "prc-operated") keys_by_port[t.text("country_iso2") + "|" + t.text("port_name")].insert(t.text("group_key"));
        for (const auto& [port, keys] : keys_by_port) {
            auto& g = groups[fusion::prc_group(keys)];
            g.first.insert(port);
            g.second.insert(port.substr(0, port.find('|')));
        }
    }
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

// `shown`: the graph's path as the reader should see it (`build` writes into a staging directory).
std::unique_ptr<sea_router> open_router(report_data& d, const fs::path& graph, const std::string& shown = "") {
    if (graph.empty() || !fs::exists(graph)) {
        routing_na(d, "no sea graph", (graph.empty() ? std::string("no sea graph file given") : (shown.empty() ? graph.string() : shown) + " not found") +
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
        deps_profile p = run_deps(arg, dp, router, catalog, snaps);
        use_seaport_cranes(p, static_cast<double>(r.zpmc_cranes)); // as deps --all-strategic (and the table's cranes column)
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

void add_sea_routes(report_data& d, const map_layers& fp, const fs::path& graph, const std::string& to_set) {
    auto router = open_router(d, graph);
    if (!router) return;
    const port_catalog catalog(fp.ports);
    fill_sea_routes(d, *router, catalog, to_set);
}

std::string report_markdown(const report_data& d, const std::vector<std::string>& maps) {
    return report::to_markdown(report::build_document({d, maps}));
}

std::string report_html(const report_data& d, const std::vector<std::string>& maps) {
    return report::to_html(report::build_document({d, maps}));
}

namespace {

// Shanghai to Rotterdam with Suez open and closed: the route engine's answer and (if maps) its map.
void add_route_examples(report_data& d, const report_params& p, const map_layers& fp, const std::vector<polygon>* basemap,
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
        // a name two ports share (Singapore: Keppel and Jurong Island) is told apart by its code, as `route` prints it
        std::map<std::string, int> uses;
        for (const auto& q : o.prc_ports) ++uses[q.name];
        for (const auto& q : o.prc_ports) {
            std::string code;
            if (uses[q.name] > 1) {
                const auto l = catalog.resolve(q.id);
                code = l.ok() && l.port && !l.port->unlocode.empty() ? l.port->unlocode : q.id;
            }
            re.prc_ports.push_back(code.empty() ? q.name : q.name + " (" + code + ")");
        }
        if (basemap) {
            rp.output = maps_dir / (std::string(e.file) + ".png");
            auto doc = route_map(fp, *basemap, rp, o);
            mark_as_of(doc, fp);
            render::render_map(doc, rp.output);
            re.map = "../maps/" + std::string(e.file) + ".png";
        }
        d.examples.push_back(std::move(re));
    }
}

} // namespace

fs::path write_report(const report_params& p) {
    const map_layers fp = load_map_layers(p.gpkg);
    std::vector<std::string> maps;
    const fs::path maps_dir = p.out_dir / "maps";
    std::vector<polygon> basemap;
    // The preset maps are drawn on a thread of their own beside the rest of the report (charts, sea
    // routes, route maps), which reads fp and basemap only; each map is its own file, so the bytes are
    // those of one thread.  Joined (and its error rethrown) before the report is written.
    std::future<void> preset_maps;
    if (p.maps) {
        fs::create_directories(maps_dir);
        basemap = load_basemap(p.data_dir);
        std::vector<std::string> presets;
        for (const char* preset : {"world", "us-strategic", "equipment"}) {
            if (preset == std::string("equipment") && fp.cranes.features.empty() && fp.equipment.features.empty()) continue;
            presets.emplace_back(preset);
            maps.push_back("../maps/" + std::string(preset) + ".png");
        }
        preset_maps = std::async(std::launch::async, [&p, &fp, &basemap, &maps_dir, presets] {
            for (const auto& preset : presets) {
                render_params rp;
                rp.preset = preset;
                rp.gpkg = p.gpkg;
                rp.data_dir = p.data_dir;
                rp.dpi = p.dpi;
                render_preset(rp, fp, basemap, {maps_dir / (preset + ".svg"), maps_dir / (preset + ".png")});
            }
        });
    }
    report_data d = compute_report(fp);
    d.texts = load_report_texts(p.data_dir);
    d.as_of = p.as_of;
    const evidence_layers facts = load_evidence_layers(p.gpkg);
    if (p.maps) d.charts = write_growth_charts(facts, maps_dir, p.dpi);
    apply_evidence(d, compute_evidence(facts));
    add_courses_of_action(d, p, maps_dir);
    if (p.before_routing) p.before_routing();
    auto router = open_router(d, p.graph, p.graph_shown);
    if (!router && p.warn) p.warn(d.routing_note);
    if (router) {
        // the route examples (two routes and their maps) beside the seaports' routes: each thread with its
        // own router (a router's search state is its own), the one catalog shared (its lookup indexes are
        // built once, thread-safe); they fill different members of d (examples; seaports and the routing note)
        const port_catalog catalog(fp.ports);
        std::future<void> examples;
        if (p.route_examples)
            examples = std::async(std::launch::async, [&d, &p, &fp, &basemap, &maps_dir, &catalog] {
                sea_router ex_router(routing::read_graph_file(p.graph));
                add_route_examples(d, p, fp, p.maps ? &basemap : nullptr, ex_router, catalog, maps_dir);
            });
        fill_sea_routes(d, *router, catalog, p.routes_to);
        if (examples.valid()) examples.get();
    }
    if (preset_maps.valid()) preset_maps.get();
    atomic_dir dir(p.out_dir / "report");
    const report::document doc = report::build_document({d, maps, &fp, p.data_dir});
    write_file_atomic(dir.temp_path() / "index.html", report::to_html(doc));
    write_file_atomic(dir.temp_path() / "report.md", report::to_markdown(doc));
    dir.commit();
    return dir.target();
}

} // namespace harbormap::products
