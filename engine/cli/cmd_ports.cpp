#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/footprint.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/catalog_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace harbormap::cli {
namespace {

using json = nlohmann::json;

// A fact's citation in `ports show`: "URL; date; confidence". The date as the row gives it (source_date, or
// the strategic seed's designation_source_date); "date not recorded" when the row has none, as the viewer
// says (never guessed).
std::string cite(const feature& f) {
    const std::string date = fusion::fact_source_date(f);
    return fmt::format("{}; {}; {}", f.text("source_url"), date.empty() ? "date not recorded" : date, f.text("confidence"));
}

json to_json(const value& v) {
    if (auto b = std::get_if<bool>(&v)) return *b;
    if (auto i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto d = std::get_if<double>(&v)) return *d;
    if (auto s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

json feature_json(const feature& f, const std::vector<std::string>& keys) {
    json j = json::object();
    for (const auto& [k, v] : f.properties)
        if (keys.empty() || std::find(keys.begin(), keys.end(), k) != keys.end()) j[k] = to_json(v);
    return j;
}

class ports_show final : public command {
public:
    std::vector<std::string> path() const override { return {"ports", "show"}; }
    std::string summary() const override {
        return "Show one port of the footprint with every fact and its source (by UN/LOCODE, WPI number, id or name)";
    }
    void setup(CLI::App& app) override {
        app.add_option("port", m_port, "UN/LOCODE (GRPIR), WPI number (42230), port id (wpi:42230) or name (Piraeus)")->required();
        app.add_option("--country", m_country,
                       "Restrict the answer to this country (ISO 3166 alpha-2; or write CC:name): a port elsewhere is not found");
        m_out.add(app, {"text", "json"});
        m_as_of.add(app);
    }
    // The answer goes to stdout or atomically to -o FILE (an error's JSON too; a text error goes to stderr).
    int run(context& ctx) override {
        // as ports list --country: a code that is not two letters is a usage error, not a port missing in 'USA'
        require_alpha2_option("--country", m_country);
        m_out.check_target();
        m_as_of.apply(ctx);
        std::ostringstream out;
        const int code = show(ctx, out, m_out.format() == output_format::json);
        if (code == 0 || !out.str().empty()) m_out.write(ctx, out.str());
        return code;
    }

private:
    int show(context& ctx, std::ostream& out, bool as_json) const {
        const auto cat = query::port_catalog::load(ctx.gpkg());
        const auto r = cat.resolve(m_port, m_country);
        if (r.bad_input) throw usage_error(r.message); // "harbormap: error: ...", exit 2
        if (r.ok() && !r.port) throw usage_error(query::position_is_not_a_port(m_port)); // as a position out of range
        if (!r.ok()) {
            if (as_json) {
                json j = {{"status", query::to_string(r.status)}, {"message", r.message}};
                json c = json::array();
                for (const auto& p : r.candidates) c.push_back({{"port_id", p.port_id}, {"name", p.name}, {"country_iso2", p.country_iso2}, {"unlocode", p.unlocode}});
                j["candidates"] = c;
                json u = json::array();
                for (const auto& row : unplaced_rows(ctx, m_port)) u.push_back(feature_json(row, {}));
                if (!u.empty()) j["unplaced_rows"] = u;
                out << j.dump(2) << "\n";
            } else {
                ctx.err << "harbormap: " << r.message << "\n";
                for (const auto& p : r.candidates)
                    ctx.err << fmt::format("  {}  {} ({}) {}\n", p.port_id, p.name, p.country_iso2, p.unlocode);
                for (const auto& row : unplaced_rows(ctx, m_port))
                    ctx.err << fmt::format("  {} row '{}' names it but is not placed: {}\n", row.text("source_table"),
                                           row.text("row_id"), row.text("reason"));
            }
            return 1;
        }
        const feature port = cat.port(r.port->index); // that row alone, not the whole layer
        const std::string port_id = port.text("port_id");
        auto fact_layers = query::read_catalog_layers(
            ctx.gpkg().parent_path(), {"terminals", "bri_projects", "logink", "zpmc_cranes", "strategic_seaports", "cranes", "crane_orders", "prc_equipment"});
        if (as_json) {
            json j = feature_json(port, {});
            j["status"] = "ok";
            if (!r.note.empty()) j["note"] = r.note;
            json members = json::array();
            for (const auto& m : r.members) members.push_back({{"port_id", m.port_id}, {"name", m.name}, {"unlocode", m.unlocode}});
            if (!r.members.empty()) j["complex_members"] = members;
            j["lon"] = port.geom.points.front().lon;
            j["lat"] = port.geom.points.front().lat;
            j["provenance"] = json::parse(port.text("provenance").empty() ? "[]" : port.text("provenance"));
            // the fact rows under "facts", as /api/ports/{id} has them: beside the port's fields, the layers named
            // logink, prc_equipment, bri_projects and crane_orders replaced the port's own fields of those names
            // (Riga's logink: true became its one agreement row)
            json facts = json::object();
            for (const auto& l : fact_layers) {
                json arr = json::array();
                for (const auto& f : l.features)
                    if (f.text("port_id") == port_id) arr.push_back(feature_json(f, {}));
                facts[l.name] = arr;
            }
            j["facts"] = facts;
            out << j.dump(2) << "\n";
            return 0;
        }
        auto yn = [&](const char* k) { return port.text(k) == "true" ? "yes" : "no"; };
        const auto pos = port.geom.points.front();
        if (!r.note.empty()) out << "(" << r.note << ")\n";
        out << fmt::format("{} ({}) — {}\n", port.text("name"), port.text("country_iso2"), port_id);
        if (!port.text("wpi_name").empty() && port.text("wpi_name") != port.text("name"))
            out << "  WPI name: " << port.text("wpi_name") << "\n";
        if (!port.text("locodes").empty()) out << "  codes: " << port.text("locodes") << "\n";
        if (!port.text("complex").empty())
            out << fmt::format("  port complex: {} ({})\n", port.text("complex"), port.text("complex_role"));
        out << fmt::format("  UN/LOCODE {}  WPI {}  harbour size {}  position {:.5f},{:.5f}{}\n",
                               port.text("unlocode").empty() ? "-" : port.text("unlocode"),
                               port.text("wpi_number").empty() ? "-" : port.text("wpi_number"),
                               port.text("harbor_size").empty() ? "-" : port.text("harbor_size"), pos.lon, pos.lat,
                               port.text("position_is_proxy") == "true" ? " (proxy position)" : "");
        out << fmt::format("  PRC-operated: {}  terminals {}  groups {}  max stake {}  look-through {}\n", yn("prc_operated"),
                               port.text("prc_terminals"), port.text("prc_groups").empty() ? "-" : port.text("prc_groups"),
                               port.text("prc_max_stake").empty() ? "-" : port.text("prc_max_stake") + "%",
                               port.text("prc_max_lookthrough").empty() ? "-" : port.text("prc_max_lookthrough") + "%");
        if (!port.text("prc_other_status").empty()) out << "  PRC rows in other states: " << port.text("prc_other_status") << "\n";
        out << fmt::format("  Hutchison (HK): {}  BRI: {} {}  LOGINK: {} {}\n", yn("hk_operated"), yn("bri"),
                               port.text("bri_status"), yn("logink"), port.text("logink_status"));
        // The report, coa and the Strategic Seaport figures count the high/medium-confidence rows only; the ports
        // layer's zpmc_sts_count adds the low ones: both are said when they differ (Long Beach read "22 STS"
        // beside the report's and coa's 20, without a word).
        long long counted = 0;
        for (const auto& l : fact_layers)
            if (l.name == "zpmc_cranes")
                for (const auto& f : l.features)
                    if (f.text("port_id") == port_id) counted += fusion::counted_zpmc_sts(f);
        std::string zpmc_count;
        if (!port.text("zpmc_sts_count").empty()) {
            const bool differs = std::to_string(counted) != port.text("zpmc_sts_count");
            zpmc_count = " (" + port.text("zpmc_sts_count") + " STS" +
                         (differs ? " in its rows, " + std::to_string(counted) + " in high/medium-confidence rows" : "") + ", lower bound)";
        }
        out << fmt::format("  ZPMC cranes: {}{}  Strategic Seaport: {}{}\n", yn("zpmc"), zpmc_count,
                               yn("strategic"),
                               port.text("strategic_name").empty() ? "" : " (" + port.text("strategic_name") + ", " + port.text("strategic_role") + ")");
        if (port.text("zpmc_abroad") == "true" || port.text("prc_equipment") == "true" || !port.text("crane_orders").empty())
            out << fmt::format("  ZPMC cranes abroad: {}{}  other Chinese equipment: {}{}  US crane orders since 2023: {}\n",
                                   yn("zpmc_abroad"),
                                   port.text("zpmc_abroad_rows").empty() || port.text("zpmc_abroad_rows") == "0"
                                       ? "" : " (" + port.text("zpmc_abroad_rows") + " rows; counts are not summed)",
                                   yn("prc_equipment"),
                                   port.text("prc_equipment_makers").empty() ? "" : " (" + port.text("prc_equipment_makers") + ")",
                                   port.text("crane_orders").empty()
                                       ? std::string("none")
                                       : "PRC " + port.text("crane_orders_prc") + ", non-PRC " + port.text("crane_orders_non_prc"));
        for (const auto& l : fact_layers)
            for (const auto& f : l.features) {
                if (f.text("port_id") != port_id) continue;
                if (l.name == "cranes" && f.text("source_table") == "zpmc") continue; // listed under zpmc_cranes
                if (l.name == "cranes" || l.name == "crane_orders" || l.name == "prc_equipment") {
                    std::vector<std::string> what;
                    for (const char* k : {"maker", l.name == "prc_equipment" ? "equipment_type" : "crane_type", "count", "status", "year"})
                        if (!f.text(k).empty()) what.push_back(f.text(k));
                    out << fmt::format("  {} {}: {} [{}]\n", l.name,
                                           f.text(l.name == "cranes" ? "row_id" : l.name == "crane_orders" ? "order_id" : "record_id"),
                                           join(what, " "), cite(f));
                } else if (l.name == "terminals")
                    out << fmt::format("  terminal {}: {} — {} ({}) {} {}{}, {} [{}]\n", f.text("terminal_id"), f.text("terminal_name"),
                                           f.text("operator"), f.text("group_key"), f.text("role"),
                                           f.text("stake_pct").empty() ? "" : f.text("stake_pct") + "% ", f.text("status"), f.text("class"),
                                           cite(f));
                else
                    out << fmt::format("  {} {}: {} [{}]\n", l.name, f.text(l.name == "bri_projects" ? "bri_id" : l.name == "logink" ? "logink_id" : l.name == "zpmc_cranes" ? "zpmc_id" : "name"),
                                           l.name == "zpmc_cranes" ? f.text("terminal") + " " + f.text("zpmc_sts_count") + " STS" :
                                           l.name == "bri_projects" ? f.text("project") + " (" + f.text("status") + ")" :
                                           l.name == "logink" ? f.text("agreement") + " (" + f.text("status") + ")" :
                                           f.text("role_as_reported"),
                                           cite(f));
            }
        if (!port.text("conflicts").empty()) out << "  conflicts: " << port.text("conflicts") << "\n";
        return 0;
    }

    // Rows of the curated tables that name the argument but have no port (e.g. no coordinates).
    static std::vector<feature> unplaced_rows(const context& ctx, const std::string& text) {
        std::vector<feature> out;
        const std::string key = normalise_name(text);
        for (const auto& l : query::read_catalog_layers(ctx.gpkg().parent_path(), {"match_report"}))
            for (const auto& f : l.features) {
                if (f.text("status") != "unmatched") continue;
                const std::string id = normalise_name(f.text("row_id"));
                if (!key.empty() && (" " + id + " ").find(" " + key + " ") != std::string::npos) out.push_back(f);
            }
        return out;
    }

    std::string m_port, m_country;
    output_options m_out;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_ports_show_command() { return std::make_unique<ports_show>(); }

} // namespace harbormap::cli
