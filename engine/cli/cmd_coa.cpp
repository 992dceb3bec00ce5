// harbormap coa: cost and time of each course of action per Strategic Seaport, from cited cost facts.
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/coa/coa_inputs.hpp"
#include "engine/query/port_lookup.hpp"

namespace harbormap::cli {
namespace {

class coa_command final : public command {
public:
    std::vector<std::string> path() const override { return {"coa"}; }
    std::string summary() const override {
        return "Cost and time of each course of action (remove, secure, stop) per port, from cited cost facts";
    }
    void setup(CLI::App& app) override {
        app.add_option("--scenario", m_scenarios, "remove (COA 3), secure (COA 1), stop (COA 2); comma-separated (default: all)")
            ->delimiter(',');
        app.add_option("--port", m_ports, "One or more ports (UN/LOCODE, name, id); default: --all-strategic")->delimiter(',');
        app.add_flag("--all-strategic", m_all_strategic, "Every Strategic Seaport with ZPMC cranes or PRC cranes on order (default)");
        app.add_flag("--all-us", m_all_us, "Every US port with ZPMC cranes or PRC cranes on order");
        app.add_option("--price-rows", m_a.price_rows, "Replacement price rows (fact ids); default: non-PRC STS, USD, --price-since, --min-confidence")
            ->delimiter(',');
        app.add_option("--prc-price-rows", m_a.prc_price_rows, "PRC crane price rows (fact ids); default: same rules, PRC makers")->delimiter(',');
        app.add_option("--price-since", m_a.price_since, "Unit prices from this year on (default 2019)");
        app.add_option("--min-confidence", m_a.min_confidence, "Lowest confidence of price rows (default medium)")
            ->check(CLI::IsMember({"high", "medium", "low"}));
        app.add_option("--tariff-rows", m_a.tariff_rows, "Tariff rows (default tar-016,tar-005: 25% in force, 100% from 2025-11-09)")
            ->delimiter(',');
        app.add_option("--retrofit-rows", m_a.retrofit_rows, "Retrofit share rows (default: every retrofit row stating a percent)")
            ->delimiter(',');
        app.add_option("--lead-since", m_a.lead_since, "Non-PRC STS lead-time rows from this year on (default 2013)");
        app.add_option("--capacity", m_a.capacity_per_year, "Non-PRC STS cranes a year US buyers can get (default 20, cap-011)");
        m_out.add(app, {"text", "json", "csv"});
    }
    int run(context& ctx) override {
        const auto fmt = m_out.format();
        m_out.check_target();
        if (!m_ports.empty() && (m_all_strategic || m_all_us)) throw usage_error("--port goes without --all-strategic / --all-us");
        if (m_all_strategic && m_all_us) throw usage_error("give --all-strategic or --all-us, not both");
        const auto in = products::coa::load_inputs(ctx.gpkg(), ctx.data_dir, ctx.mappings_dir);
        std::vector<products::coa::port_cranes> ports;
        if (!m_ports.empty()) {
            const query::port_catalog cat(in.ports);
            for (const auto& name : m_ports) {
                const auto r = cat.resolve(name);
                if (r.bad_input) throw usage_error(r.message); // an empty argument, a position out of range: exit 2
                if (!r.ok() || !r.port) {
                    // as ports show: port_not_found / ambiguous_port with the candidates, exit 1, nothing written
                    ctx.err << "harbormap: " << (r.ok() ? "'" + name + "' is a position, not a port" : r.message) << "\n";
                    for (const auto& c : r.candidates) ctx.err << "  " << c.port_id << "  " << c.name << " (" << c.country_iso2 << ") " << c.unlocode << "\n";
                    return 1;
                }
                const feature& f = in.ports.features[r.port->index];
                ports.push_back(products::coa::port_entry(in, f));
                if (ctx.quiet) continue;
                if (!r.note.empty()) ctx.err << "coa: '" << name << "': " << r.note << "\n";
                if (const auto note = products::coa::seaport_count_note(in, f, ports.back()); !note.empty()) ctx.err << "coa: " << note << "\n";
            }
        } else {
            ports = m_all_us ? products::coa::us_ports(in) : products::coa::strategic_ports(in);
        }
        const auto r = products::coa::compute(in.facts, ports, m_a, m_scenarios);
        m_out.write(ctx, fmt == output_format::json  ? products::coa::format_json(r)
                         : fmt == output_format::csv ? products::coa::format_csv(r)
                                                     : products::coa::format_text(r));
        if (!ctx.quiet)
            for (const auto& n : in.notes) ctx.err << "coa: " << n << "\n";
        return 0;
    }

private:
    products::coa::assumptions m_a;
    std::vector<std::string> m_scenarios, m_ports;
    bool m_all_strategic = false, m_all_us = false;
    output_options m_out;
};

} // namespace

std::unique_ptr<command> make_coa_command() { return std::make_unique<coa_command>(); }

} // namespace harbormap::cli
