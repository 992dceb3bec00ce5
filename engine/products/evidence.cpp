#include "engine/products/evidence.hpp"

#include "engine/core/text.hpp"
#include "engine/fusion/equipment.hpp"
#include "engine/fusion/footprint.hpp"
#include "layers/reader.hpp"

#include <algorithm>
#include <set>

namespace fs = std::filesystem;

namespace harbormap::products {

double cited_figure::high_share() const {
    if (rows.empty()) return 0;
    std::size_t high = 0;
    for (const auto& r : rows) high += r.confidence == "high" ? 1 : 0;
    return static_cast<double>(high) / static_cast<double>(rows.size());
}

const std::vector<std::pair<std::string, std::string>>& headline_evidence() {
    static const std::vector<std::pair<std::string, std::string>> m = {
        {"prc-ports", "ev-prc-active-ports"},   {"prc-countries", "ev-prc-active-countries"}, {"hk-ports", "ev-hk-ports"},
        {"bri-ports", "ev-bri-ports"},          {"bri-countries", "ev-bri-countries"},        {"logink-ports", "ev-logink-ports"},
        {"strategic", "ev-strategic"},          {"zpmc-strategic", "ev-zpmc-strategic"},
        {"zpmc-strategic-cranes", "ev-zpmc-strategic-cranes"}};
    return m;
}

const cited_figure* evidence::find(const std::string& id) const {
    for (const auto& f : figures)
        if (f.id == id) return &f;
    return nullptr;
}

evidence_layers load_evidence_layers(const fs::path& gpkg) {
    evidence_layers out;
    const std::vector<std::pair<std::string, feature_layer*>> wanted = {
        {"terminals", &out.terminals}, {"bri_projects", &out.bri},   {"logink", &out.logink},        {"strategic_seaports", &out.strategic},
        {"cranes", &out.cranes},       {"crane_orders", &out.orders}, {"prc_equipment", &out.equipment}};
    std::vector<std::string> names;
    for (const auto& w : wanted) names.push_back(w.first);
    for (auto& l : layers::read_vector_file(gpkg, names))
        for (const auto& w : wanted)
            if (l.name == w.first) *w.second = std::move(l);
    return out;
}

namespace {

cited_row cite_row(const feature& f, const std::string& table, const std::string& id_field, std::string detail) {
    cited_row r;
    r.table = table;
    r.id = f.text(id_field);
    const std::string cc = f.text("country_iso2");
    r.port = f.text(table == "strategic" ? "name" : "port_name") + (cc.empty() ? "" : " (" + cc + ")");
    r.url = f.text("source_url");
    r.url_2 = f.text("source_url_2");
    r.confidence = f.text("confidence");
    r.date = f.text("source_date");
    if (r.date.empty()) r.date = f.text(table == "strategic" ? "designation_source_date" : "year");
    r.detail = std::move(detail);
    return r;
}

std::string detail_words(std::initializer_list<std::string> parts) {
    std::vector<std::string> w;
    for (const auto& p : parts)
        if (!trim(p).empty()) w.push_back(trim(p));
    return join(w, " ");
}

std::string terminal_detail(const feature& f) {
    return detail_words({f.text("group_key"), f.text("role"), f.text("stake_pct").empty() ? "" : f.text("stake_pct") + "%", f.text("status"),
                  f.text("notes").find("Captive") != std::string::npos ? "(captive)" : ""});
}

// A port/country figure pair over the rows `keep` accepts: ports = distinct country + port name.
void port_figures(std::vector<cited_figure>& out, const feature_layer& l, const std::string& table, const std::string& id_field,
                  const std::string& id, const std::string& what, const std::string& rule, bool (*keep)(const feature&),
                  std::string (*detail)(const feature&)) {
    cited_figure ports{"ev-" + id + "-ports", "Ports " + what, table, rule + "; a port = distinct country + port_name", 0, {}};
    cited_figure countries{"ev-" + id + "-countries", "Countries " + what, table, rule, 0, {}};
    std::set<std::string> p, c;
    for (const auto& f : l.features) {
        if (!keep(f)) continue;
        p.insert(f.text("country_iso2") + "|" + f.text("port_name"));
        c.insert(f.text("country_iso2"));
        ports.rows.push_back(cite_row(f, table, id_field, detail(f)));
    }
    ports.value = static_cast<long long>(p.size());
    countries.value = static_cast<long long>(c.size());
    countries.rows = ports.rows;
    out.push_back(std::move(ports));
    out.push_back(std::move(countries));
}

bool prc_owner(const feature& f) { return fusion::is_prc_firm(f.text("operator_type")) && fusion::is_ownership_role(f.text("role")); }
bool prc_active(const feature& f) { return prc_owner(f) && f.text("status") == "active"; }
bool prc_active_or_pending(const feature& f) { return prc_owner(f) && (f.text("status") == "active" || f.text("status") == "pending"); }
// The table's marker for captive industrial and energy terminals: the word "Captive" in the notes
// (chinese-terminals/PROVENANCE.md).
bool is_captive(const feature& f) { return f.text("notes").find("Captive") != std::string::npos; }
bool prc_commercial(const feature& f) { return prc_active(f) && !is_captive(f); }
bool prc_or_hk_active(const feature& f) {
    return fusion::is_ownership_role(f.text("role")) && f.text("status") == "active" &&
           (fusion::is_prc_firm(f.text("operator_type")) || f.text("operator_type") == "HK-private");
}
bool hk_active(const feature& f) { return prc_or_hk_active(f) && f.text("operator_type") == "HK-private"; }
bool bri_live(const feature& f) { return f.text("status") != "cancelled"; }
std::string bri_detail(const feature& f) { return detail_words({f.text("role"), f.text("status"), f.text("lender_or_builder")}); }
bool logink_port(const feature& f) {
    return f.text("granularity") == "port" && (f.text("status") == "signed" || f.text("status") == "operational");
}
std::string logink_detail(const feature& f) { return detail_words({f.text("agreement"), f.text("status")}); }

std::string crane_detail(const feature& f) {
    return detail_words({f.text("maker"), f.text("crane_type"), f.text("count"), f.text("status"), f.text("year")});
}
bool is_delivered(const std::string& status) {
    return status == "delivered" || status == "delivered (in part)" || status == "in service" || status == "installing";
}
bool is_sts_row(const feature& f) { return f.text("crane_type").rfind("STS", 0) == 0; }

void terminal_figures(const evidence_layers& l, std::vector<cited_figure>& out) {
    const std::string base = "PRC firms (state-owned, private, sovereign fund); equity, operator, concession or lease rows";
    port_figures(out, l.terminals, "terminals", "terminal_id", "prc-active", "with an active PRC-owned or -operated terminal",
                 base + "; status active", prc_active, terminal_detail);
    port_figures(out, l.terminals, "terminals", "terminal_id", "prc-pending", "with an active or pending PRC terminal deal",
                 base + "; status active or pending", prc_active_or_pending, terminal_detail);
    port_figures(out, l.terminals, "terminals", "terminal_id", "prc-commercial",
                 "with an active PRC terminal, captive industrial and energy terminals left out",
                 base + "; status active; rows marked Captive in their notes (the table's marker) left out", prc_commercial, terminal_detail);
    port_figures(out, l.terminals, "terminals", "terminal_id", "prc-hk", "with an active PRC or Hong Kong (Hutchison) terminal",
                 "as the active PRC figure, plus operator_type HK-private", prc_or_hk_active, terminal_detail);
    port_figures(out, l.terminals, "terminals", "terminal_id", "hk", "with an active Hong Kong (Hutchison) terminal",
                 "operator_type HK-private; ownership roles; status active", hk_active, terminal_detail);
    cited_figure pipe{"ev-prc-pipeline", "Pending or under-construction PRC terminal deals (rows)", "terminals",
                      base + "; status pending or under_construction; one row per deal", 0, {}};
    for (const auto& f : l.terminals.features) {
        const std::string st = f.text("status");
        if (prc_owner(f) && (st == "pending" || st == "under_construction")) pipe.rows.push_back(cite_row(f, "terminals", "terminal_id", terminal_detail(f)));
    }
    pipe.value = static_cast<long long>(pipe.rows.size());
    out.push_back(std::move(pipe));
    port_figures(out, l.bri, "bri", "bri_id", "bri", "with a Belt and Road port project (not cancelled)", "bri rows, status not cancelled",
                 bri_live, bri_detail);
    port_figures(out, l.logink, "logink", "logink_id", "logink", "with a signed or operational LOGINK agreement",
                 "logink rows of granularity port, status signed or operational", logink_port, logink_detail);
}

// Strategic Seaports with ZPMC cranes: the seaports of the strategic layer whose zpmc flag is set, and
// behind them exactly the ZPMC rows counted (count > 0, confidence high or medium).
void strategic_figures(const evidence_layers& l, std::vector<cited_figure>& out) {
    cited_figure ports{"ev-zpmc-strategic", "Strategic Seaports with ZPMC ship-to-shore cranes", "zpmc",
                       "Strategic Seaports whose ZPMC rows (same port, or the row's strategic_seed_name) count cranes with "
                       "confidence high or medium",
                       0, {}};
    cited_figure cranes{"ev-zpmc-strategic-cranes", "ZPMC ship-to-shore cranes at Strategic Seaports (lower bound)", "zpmc",
                        "sum of zpmc_sts_count over those rows", 0, {}};
    std::map<std::string, const feature*> zpmc_rows;
    for (const auto& f : l.cranes.features)
        if (f.text("source_table") == "zpmc") zpmc_rows[f.text("row_id")] = &f;
    for (const auto& s : l.strategic.features) {
        if (!s.flag("zpmc")) continue;
        ++ports.value;
        for (const auto& id : split_list(s.text("zpmc_rows"), ";")) {
            auto it = zpmc_rows.find(id);
            if (it == zpmc_rows.end()) continue;
            const feature& z = *it->second;
            if (z.integer("count") <= 0 || z.text("confidence") == "low") continue;
            cranes.value += z.integer("count");
            ports.rows.push_back(cite_row(z, "zpmc", "row_id", s.text("name") + ": " + crane_detail(z)));
        }
    }
    cranes.rows = ports.rows;
    out.push_back(std::move(ports));
    out.push_back(std::move(cranes));
    cited_figure seed{"ev-strategic", "DoD Strategic Seaports in the data", "strategic", "rows of the strategic-seaport seed", 0, {}};
    for (const auto& s : l.strategic.features)
        seed.rows.push_back(cite_row(s, "strategic", "name", detail_words({s.text("role_as_reported"), s.text("state")})));
    seed.value = static_cast<long long>(seed.rows.size());
    out.push_back(std::move(seed));
}

void equipment_figures(const evidence_layers& l, evidence& e) {
    auto& out = e.figures;
    cited_figure zp{"ev-zpmc-abroad-ports", "Ports outside the US with ZPMC cranes delivered or ordered", "zpmc_international",
                    "distinct places: the row's WPI port, else its port name without the parenthesised qualifier; aggregate rows left out", 0, {}};
    cited_figure zc{"ev-zpmc-abroad-countries", "Countries outside the US with ZPMC cranes delivered or ordered", "zpmc_international",
                    "distinct country_iso2 of those rows", 0, {}};
    std::set<std::string> places, countries;
    for (const auto& f : l.cranes.features) {
        if (f.text("source_table") != "zpmc_international") continue;
        inventory_row r{f.text("country_iso2"), f.text("port_name"), f.text("terminal"), f.text("crane_type"), f.text("count"),
                        f.text("status"), f.text("year"), f.text("count_basis"), f.text("confidence"), f.text("source_url"),
                        f.text("row_id"), is_delivered(f.text("status"))};
        e.zpmc_abroad.push_back(r);
        const std::string k = fusion::place_key(f);
        if (k.empty()) continue;
        places.insert(k);
        countries.insert(f.text("country_iso2"));
        zp.rows.push_back(cite_row(f, "zpmc_international", "row_id", crane_detail(f)));
    }
    std::sort(e.zpmc_abroad.begin(), e.zpmc_abroad.end(), [](const inventory_row& a, const inventory_row& b) {
        return std::tie(a.country, a.port, a.id) < std::tie(b.country, b.port, b.id);
    });
    zp.value = static_cast<long long>(places.size());
    zc.value = static_cast<long long>(countries.size());
    zc.rows = zp.rows;
    out.push_back(std::move(zp));
    out.push_back(std::move(zc));

    cited_figure nu{"ev-nuctech-ports", "Ports with Nuctech scanners", "prc_equipment",
                    "distinct places (as for ZPMC abroad) of the rows whose maker is Nuctech; EU-wide and national rows left out", 0, {}};
    std::set<std::string> np;
    for (const auto& f : l.equipment.features) {
        e.equipment.push_back(cite_row(f, "prc_equipment", "record_id",
                                   detail_words({fusion::maker_family(f), f.text("equipment_type"), f.text("count"), f.text("status")})));
        if (to_lower(f.text("maker")).rfind("nuctech", 0) != 0) continue;
        const std::string k = fusion::place_key(f);
        if (k.empty()) continue;
        np.insert(k);
        nu.rows.push_back(e.equipment.back());
    }
    nu.value = static_cast<long long>(np.size());
    out.push_back(std::move(nu));

    cited_figure prc{"ev-us-orders-prc-sts", "STS cranes ordered or delivered at US ports since 2023 from a Chinese maker (ZPMC)",
                     "crane_orders", "sum of count over rows with prc_maker yes and an STS crane_type", 0, {}};
    cited_figure non{"ev-us-orders-nonprc-sts", "STS cranes ordered or delivered at US ports since 2023 from non-Chinese makers",
                     "crane_orders", "sum of count over rows with prc_maker no or 'no (intent)' and an STS crane_type", 0, {}};
    cited_figure pend{"ev-us-orders-prc-pending", "ZPMC STS cranes on order for US ports (not yet delivered)", "crane_orders",
                      "sum of count over rows with prc_maker yes, STS, status ordered or planned", 0, {}};
    std::map<std::string, maker_row> makers;
    for (const auto& f : l.orders.features) {
        const std::string cls = fusion::prc_class(f.text("prc_maker"));
        maker_row& m = makers[fusion::maker_family(f)];
        m.maker = fusion::maker_family(f);
        m.prc_class = cls;
        ++m.rows;
        (is_sts_row(f) ? m.sts : m.other) += f.integer("count");
        m.ids.push_back(f.text("order_id"));
        if (!is_sts_row(f)) continue;
        const cited_row r = cite_row(f, "crane_orders", "order_id", crane_detail(f));
        if (cls == "PRC") {
            prc.value += f.integer("count");
            prc.rows.push_back(r);
            if (f.text("status") == "ordered" || f.text("status") == "planned") {
                pend.value += f.integer("count");
                pend.rows.push_back(r);
            }
        } else if (cls == "non-PRC") {
            non.value += f.integer("count");
            non.rows.push_back(r);
        }
    }
    for (auto& [k, m] : makers) e.us_orders.push_back(std::move(m));
    out.push_back(std::move(prc));
    out.push_back(std::move(non));
    out.push_back(std::move(pend));
}

} // namespace

evidence compute_evidence(const evidence_layers& l) {
    evidence e;
    // Only a GeoPackage with the curated fact layers gives row-counted figures (a fixture or an older
    // build without them keeps the report's own figures).
    if (l.terminals.features.empty() || l.cranes.features.empty()) return e;
    terminal_figures(l, e.figures);
    strategic_figures(l, e.figures);
    equipment_figures(l, e);
    return e;
}

} // namespace harbormap::products
