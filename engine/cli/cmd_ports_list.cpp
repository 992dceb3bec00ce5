// harbormap ports list: the fused ports with filters, as text, CSV, JSON, GeoJSON or a GeoPackage.
#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/front.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/catalog_file.hpp"
#include "engine/query/port_groups.hpp"

#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace harbormap::cli {
namespace {

using json = nlohmann::json;

const std::vector<std::string> list_columns = {"port_id", "name", "country_iso2", "unlocode", "wpi_number", "harbor_size",
                                               "prc_operated", "prc_groups", "hk_operated", "bri", "logink", "zpmc",
                                               "strategic", "complex", "importance"};

int confidence_rank(const std::string& c) { return c == "high" ? 3 : c == "medium" ? 2 : c == "low" ? 1 : 0; }

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

json json_value(const feature& f, const std::string& k, field_type t) {
    const value* v = f.find(k);
    if (!v || std::holds_alternative<std::monostate>(*v)) return nullptr;
    if (t == field_type::boolean) return f.flag(k);
    if (t == field_type::integer) return f.integer(k);
    if (t == field_type::real) return f.number(k) ? json(*f.number(k)) : json(nullptr);
    return f.text(k);
}

// The spelling of `value` among `known` (case aside). A value no port has is a usage error naming the values
// the data has (`--group 'China Merchants'` used to list nothing, exit 0); as of a year it is a note, since a
// group or status of today may not exist yet then.
std::string known_value(const char* option, const char* what, const std::string& value, const std::set<std::string>& known,
                        const std::optional<int>& as_of, std::ostream& err) {
    for (const auto& k : known)
        if (to_lower(k) == to_lower(trim(value))) return k;
    const std::string list = join(std::vector<std::string>(known.begin(), known.end()), ", ");
    if (!as_of) throw usage_error(fmt::format("{} '{}': no port has this {}; the data has (case aside): {}", option, value, what, list));
    err << fmt::format("ports list: note: no port has {} '{}' as of {} (values then: {})\n", option, value, *as_of, list.empty() ? "none" : list);
    return value;
}

class ports_list final : public command {
public:
    std::vector<std::string> path() const override { return {"ports", "list"}; }
    std::string summary() const override { return "List the fused ports, filtered (--prc, --country CC, --bbox ...), as text, CSV, JSON, GeoJSON or GeoPackage"; }
    void setup(CLI::App& app) override {
        app.add_flag("--prc", m_prc, "Only PRC-operated ports");
        app.add_flag("--hk", m_hk, "Only Hutchison (HK) operated ports");
        app.add_option("--group", m_group, "Only ports with a PRC-operated terminal of this group: a key (COSCO, CMPort, ...) or a map group (China Merchants)");
        app.add_option("--country", m_country, "Only ports of this country (ISO 3166 alpha-2)");
        app.add_option("--status", m_status, "Only ports with a terminal row of this status (active, pending, divested, ...)");
        app.add_flag("--bri", m_bri, "Only ports with a BRI project (not cancelled)");
        app.add_flag("--logink", m_logink, "Only LOGINK partner ports (signed/operational)");
        app.add_flag("--zpmc", m_zpmc, "Only ports with ZPMC cranes");
        app.add_flag("--strategic", m_strategic, "Only US Strategic Seaports");
        app.add_option("--since", m_since, "Only ports with a terminal row since this year or later");
        app.add_option("--min-confidence", m_min_conf, "Only ports with a fact of at least this confidence (low, medium, high)")
            ->check(CLI::IsMember({"low", "medium", "high"}));
        app.add_option("--bbox", m_bbox, "Only ports inside min_lon,min_lat,max_lon,max_lat (min_lon > max_lon: across 180°)");
        m_out.add(app, {"text", "csv", "json", "geojson", "gpkg"}); // gpkg needs -o
        m_as_of.add(app);
    }
    int run(context& ctx) override {
        m_as_of.check();
        if (m_out.format() == output_format::gpkg && !m_out.to_file()) throw usage_error("--format gpkg needs -o FILE.gpkg");
        m_out.check_target();
        std::optional<bbox> box;
        if (!m_bbox.empty()) box = harbormap::parse_bbox(m_bbox); // as render's: min_lon > max_lon crosses 180°
        m_as_of.apply(ctx);
        const auto cat = query::port_catalog::load(ctx.gpkg());
        std::map<std::string, std::vector<const feature*>> terminals; // port_id -> terminal rows
        std::vector<feature_layer> fact_layers;
        if (!m_status.empty() || m_since)
            fact_layers = query::read_catalog_layers(ctx.gpkg().parent_path(), {"terminals"});
        for (const auto& l : fact_layers)
            for (const auto& f : l.features) terminals[f.text("port_id")].push_back(&f);
        check_values(ctx, cat, fact_layers);

        feature_layer out;
        out.name = "ports";
        out.geom_type = geometry_type::point;
        out.fields = cat.layer().fields;
        for (const auto& f : cat.layer().features)
            if (keep(f, box, terminals)) out.features.push_back(f);
        write(ctx, out);
        if (!ctx.quiet) ctx.err << fmt::format("ports list: {} of {} ports\n", out.features.size(), cat.layer().features.size());
        return 0;
    }

private:
    void check_values(context& ctx, const query::port_catalog& cat, const std::vector<feature_layer>& fact_layers) {
        require_alpha2_option("--country", m_country);
        if (!m_group.empty()) {
            const std::set<std::string> groups = query::group_keys_in(cat.layer().features);
            // a key (COSCO, CMPort, ...) or a group of the maps' legends (China Merchants: CMPort, CMPort-TerminalLink)
            m_group_keys = query::group_keys_for(m_group, groups);
            if (m_group_keys.empty()) {
                const std::string list = query::describe_group_keys(m_group, groups, "--hk");
                if (!m_as_of.year)
                    throw usage_error(fmt::format("--group '{}': no port has this terminal group key or map group; the data has (case aside), "
                                                  "by the maps' group: {}", m_group, list));
                ctx.err << fmt::format("ports list: note: no port has --group '{}' as of {} (values then, by the maps' group: {})\n", m_group,
                                       *m_as_of.year, list.empty() ? "none" : list);
                m_group_keys = {m_group};
            }
        }
        if (!m_status.empty()) {
            std::set<std::string> statuses;
            for (const auto& l : fact_layers)
                for (const auto& f : l.features)
                    if (!f.text("status").empty()) statuses.insert(f.text("status"));
            m_status = known_value("--status", "terminal status", m_status, statuses, m_as_of.year, ctx.err);
        }
    }

    bool keep(const feature& f, const std::optional<bbox>& box, const std::map<std::string, std::vector<const feature*>>& terminals) const {
        if (m_prc && !f.flag("prc_operated")) return false;
        if (m_hk && !f.flag("hk_operated")) return false;
        if (m_bri && !f.flag("bri")) return false;
        if (m_logink && !f.flag("logink")) return false;
        if (m_zpmc && !f.flag("zpmc")) return false;
        if (m_strategic && !f.flag("strategic")) return false;
        if (!m_country.empty() && f.text("country_iso2") != to_upper(m_country)) return false;
        if (!m_group.empty()) {
            const auto g = harbormap::split_list(f.text("prc_groups"));
            if (std::none_of(m_group_keys.begin(), m_group_keys.end(),
                             [&](const std::string& k) { return std::find(g.begin(), g.end(), k) != g.end(); }))
                return false;
        }
        if (box) {
            if (f.geom.points.empty()) return false;
            if (!contains_across_antimeridian(*box, f.geom.points.front())) return false;
        }
        if (!m_status.empty() || m_since) {
            auto it = terminals.find(f.text("port_id"));
            if (it == terminals.end()) return false;
            const bool any = std::any_of(it->second.begin(), it->second.end(), [&](const feature* t) {
                return (m_status.empty() || t->text("status") == m_status) && (!m_since || t->integer("since_year") >= *m_since);
            });
            if (!any) return false;
        }
        if (!m_min_conf.empty()) {
            const json prov = json::parse(f.text("provenance").empty() ? "[]" : f.text("provenance"));
            bool any = false;
            for (const auto& e : prov) any = any || confidence_rank(e.value("confidence", "")) >= confidence_rank(m_min_conf);
            if (!any) return false;
        }
        return true;
    }

    std::string text_of(const feature_layer& l) const {
        std::string o = fmt::format("{:<18} {:<32} {:<2} {:<6} {:<4} {:<4} {:<4} {:<4} {:<4} {}\n", "port_id", "name", "cc", "code",
                                    "prc", "hk", "bri", "lgk", "zpmc", "strategic");
        auto yn = [](const feature& f, const char* k) { return f.flag(k) ? "yes" : "-"; };
        for (const auto& f : l.features)
            o += fmt::format("{:<18} {:<32} {:<2} {:<6} {:<4} {:<4} {:<4} {:<4} {:<4} {}\n", f.text("port_id"), f.text("name"),
                             f.text("country_iso2"), f.text("unlocode"), yn(f, "prc_operated"), yn(f, "hk_operated"), yn(f, "bri"),
                             yn(f, "logink"), yn(f, "zpmc"), f.flag("strategic") ? f.text("strategic_name") : "-");
        return o;
    }

    std::string csv_of(const feature_layer& l) const {
        std::string o = join(list_columns, ",") + ",lon,lat\n";
        for (const auto& f : l.features) {
            std::vector<std::string> cells;
            for (const auto& c : list_columns) cells.push_back(csv_cell(f.text(c)));
            const auto p = f.geom.points.front();
            o += join(cells, ",") + fmt::format(",{},{}\n", format_general(p.lon), format_general(p.lat));
        }
        return o;
    }

    std::string json_of(const feature_layer& l, bool geojson) const {
        json arr = json::array();
        for (const auto& f : l.features) {
            json props = json::object();
            for (const auto& fd : l.fields) props[fd.name] = json_value(f, fd.name, fd.type);
            props.erase("provenance");
            const auto p = f.geom.points.front();
            if (!geojson) {
                props["lon"] = p.lon;
                props["lat"] = p.lat;
                arr.push_back(props);
            } else {
                arr.push_back({{"type", "Feature"}, {"geometry", {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}}, {"properties", props}});
            }
        }
        if (geojson) return json{{"type", "FeatureCollection"}, {"features", arr}}.dump(1) + "\n";
        return arr.dump(1) + "\n";
    }

    void write(context& ctx, const feature_layer& l) const {
        const output_format fmt = m_out.format();
        if (fmt == output_format::gpkg) {
            write_ports_gpkg(m_out.file(), l, m_out.overwrite());
            return;
        }
        m_out.write(ctx, fmt == output_format::csv       ? csv_of(l)
                         : fmt == output_format::json    ? json_of(l, false)
                         : fmt == output_format::geojson ? json_of(l, true)
                                                         : text_of(l));
    }

    bool m_prc = false, m_hk = false, m_bri = false, m_logink = false, m_zpmc = false, m_strategic = false;
    std::string m_group, m_country, m_status, m_min_conf, m_bbox;
    std::vector<std::string> m_group_keys; // the keys --group stands for (query::group_keys_for)
    output_options m_out;
    std::optional<int> m_since;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_ports_list_command() { return std::make_unique<ports_list>(); }

} // namespace harbormap::cli
