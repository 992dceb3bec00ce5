#include "engine/fusion/footprint.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

namespace harbormap::fusion {

bool is_prc_firm(const std::string& t) { return t == "PRC-SOE" || t == "PRC-private" || t == "PRC-sovereign-fund"; }
bool is_ownership_role(const std::string& r) { return r == "equity" || r == "operator" || r == "concession" || r == "lease"; }

std::string terminal_class(const std::string& operator_type, const std::string& role, const std::string& status) {
    const std::string who = is_prc_firm(operator_type) ? "prc" : operator_type == "HK-private" ? "hk" : "other";
    if (role == "builder") return who + "-builder";
    if (status == "active") return who + "-operated";
    std::string s = status;
    std::replace(s.begin(), s.end(), '_', '-');
    return who + "-" + s;
}

namespace {

using json = nlohmann::json;

std::string txt(const feature& f, const char* key) { return f.text(key); }
std::optional<std::int64_t> opt_int(const feature& f, const char* key) {
    if (const value* v = f.find(key))
        if (auto i = std::get_if<std::int64_t>(v)) return *i;
    return std::nullopt;
}
std::optional<double> opt_real(const feature& f, const char* key) {
    if (const value* v = f.find(key)) {
        if (auto d = std::get_if<double>(v)) return *d;
        if (auto i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    }
    return std::nullopt;
}
std::optional<lon_lat> pos_of(const feature& f) {
    if (f.geom.points.empty()) return std::nullopt;
    return f.geom.points.front();
}
value opt_value(const std::optional<double>& d) { return d ? value(*d) : value(); }

int harbor_rank(const std::string& size) {
    if (size == "Large") return 4;
    if (size == "Medium") return 3;
    if (size == "Small") return 2;
    if (size == "Very Small") return 1;
    return 0;
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : normalise_name(s)) out += (c == ' ') ? '-' : c;
    return out.empty() ? "unnamed" : out;
}

std::string us_territory(const std::string& state) {
    if (state == "GU") return "GU";
    if (state == "PR") return "PR";
    if (state == "VI") return "VI";
    if (state == "AS") return "AS";
    if (state == "MP") return "MP";
    return "US";
}

struct port_entity {
    std::string port_id;
    std::string wpi_number; // wpi_key() text, empty for curated-only ports
    std::string unlocode, unlocode_source;
    std::string name, alt_name, country_iso2, country_name, region, water_body, harbor_size;
    std::string origin; // "wpi" | "curated"
    bool position_is_proxy = false;
    lon_lat pos;
    std::vector<std::size_t> terminals, bri, logink, zpmc, other_makers, strategic;
    std::vector<std::string> conflicts;
};

// One curated table's rows with their match results.
struct table_rows {
    std::string table;      // "terminals", ...
    std::string id_field;   // "terminal_id", ...
    const feature_layer* layer = nullptr;
    std::vector<match_result> results;
    std::vector<std::optional<std::size_t>> port; // final port entity per row
    std::vector<std::string> status;              // matched | curated-port | unmatched | not-a-port
};

bool is_proxy_source(const std::string& coord_source) {
    return !coord_source.empty() && coord_source != "wpi";
}

std::string status_summary(const std::map<std::string, int>& counts) {
    std::vector<std::string> parts;
    for (const auto& [k, v] : counts) parts.push_back(fmt::format("{}:{}", k, v));
    return join(parts, ";");
}

std::string joined(const std::set<std::string>& s) {
    return join(std::vector<std::string>(s.begin(), s.end()), ";");
}

} // namespace

footprint fuse(const footprint_inputs& in, const match_options& opts) {
    if (!in.wpi || !in.terminals || !in.bri || !in.logink || !in.zpmc || !in.strategic)
        throw processing_error("fusion needs the wpi, terminals, bri, logink, zpmc and strategic layers");
    footprint out;

    // --- countries: WPI names -> ISO 3166 alpha-2
    std::map<std::string, std::string> country_iso;
    if (in.wpi_countries)
        for (const auto& f : in.wpi_countries->features) country_iso[txt(f, "wpi_country_name")] = txt(f, "iso2");

    // --- WPI ports become port entities
    std::vector<port_entity> ports;
    {
        std::vector<const feature*> rows;
        for (const auto& f : in.wpi->features) rows.push_back(&f);
        std::stable_sort(rows.begin(), rows.end(), [](const feature* a, const feature* b) {
            const auto wa = opt_real(*a, "wpi_number").value_or(0), wb = opt_real(*b, "wpi_number").value_or(0);
            return wa != wb ? wa < wb : opt_int(*a, "oid").value_or(0) < opt_int(*b, "oid").value_or(0);
        });
        std::set<std::string> seen;
        for (const feature* f : rows) {
            port_entity p;
            p.wpi_number = wpi_key(opt_real(*f, "wpi_number").value_or(0));
            const auto oid = opt_int(*f, "oid").value_or(0);
            p.port_id = "wpi:" + p.wpi_number;
            if (!seen.insert(p.wpi_number).second) p.port_id += fmt::format(":oid{}", oid); // WPI reuses 2 numbers
            p.name = txt(*f, "name");
            p.alt_name = txt(*f, "alt_name");
            p.country_name = txt(*f, "country_name");
            p.region = txt(*f, "region");
            p.water_body = txt(*f, "water_body");
            p.harbor_size = txt(*f, "harbor_size");
            p.origin = "wpi";
            p.pos = f->geom.points.front();
            if (auto l = normalise_locode(txt(*f, "unlocode"))) {
                p.unlocode = *l;
                p.unlocode_source = "wpi";
            }
            auto it = country_iso.find(p.country_name);
            p.country_iso2 = it != country_iso.end() ? it->second : std::string();
            ports.push_back(std::move(p));
        }
    }
    const std::size_t wpi_count = ports.size();

    std::map<std::string, std::string> locode_names; // code -> UN/LOCODE name (first row)
    if (in.unlocode)
        for (const auto& f : in.unlocode->features) locode_names.emplace(txt(f, "unlocode"), txt(f, "name"));

    // --- UN/LOCODE enrichment: a WPI port without a code takes the code of a UN/LOCODE port row of
    //     the same country with the same normalised name within 50 km (unique candidates only).
    if (in.unlocode) {
        std::multimap<std::string, const feature*> by_name;
        std::set<std::string> used;
        for (const auto& p : ports)
            if (!p.unlocode.empty()) used.insert(p.unlocode);
        for (const auto& f : in.unlocode->features) {
            if (f.geom.points.empty()) continue;
            const std::string cc = txt(f, "country");
            for (const char* k : {"name", "name_wo_diacritics"}) {
                const std::string key = normalise_name(txt(f, k));
                if (!key.empty()) by_name.emplace(cc + "|" + key, &f);
            }
        }
        for (auto& p : ports) {
            if (!p.unlocode.empty() || p.country_iso2.empty()) continue;
            std::set<std::string> codes;
            auto [b, e] = by_name.equal_range(p.country_iso2 + "|" + normalise_name(p.name));
            for (auto it = b; it != e; ++it)
                if (geodesic_m(p.pos, it->second->geom.points.front()) <= 50000.0) codes.insert(txt(*it->second, "unlocode"));
            if (codes.size() == 1 && !used.count(*codes.begin())) {
                p.unlocode = *codes.begin();
                p.unlocode_source = "unlocode name+country within 50 km";
                used.insert(p.unlocode);
            }
        }
    }

    // --- indexes over the WPI ports
    std::vector<indexed_port> indexed;
    for (const auto& p : ports) {
        indexed_port ip;
        ip.wpi_number = p.wpi_number;
        ip.unlocode = p.unlocode;
        ip.country_iso2 = p.country_iso2;
        ip.pos = p.pos;
        ip.name_keys.push_back(normalise_name(p.name));
        if (!p.alt_name.empty()) {
            ip.name_keys.push_back(normalise_name(p.alt_name));
            for (const auto& part : split_list(p.alt_name)) ip.name_keys.push_back(normalise_name(part));
        }
        indexed.push_back(std::move(ip));
    }
    const port_index index(indexed);

    // --- match every curated row
    auto make_table = [&](const char* name, const char* id_field, const feature_layer* layer) {
        table_rows t;
        t.table = name;
        t.id_field = id_field;
        t.layer = layer;
        return t;
    };
    std::vector<table_rows> tables;
    tables.push_back(make_table("terminals", "terminal_id", in.terminals));
    tables.push_back(make_table("bri", "bri_id", in.bri));
    tables.push_back(make_table("logink", "logink_id", in.logink));
    tables.push_back(make_table("zpmc", "zpmc_id", in.zpmc));
    if (in.other_makers) tables.push_back(make_table("other_makers", "maker_id", in.other_makers));
    tables.push_back(make_table("strategic", "name", in.strategic));

    for (auto& t : tables) {
        for (const auto& f : t.layer->features) {
            match_input mi;
            if (auto w = opt_real(f, "wpi_number")) mi.wpi_number = wpi_key(*w);
            mi.pos = pos_of(f);
            if (t.table == "strategic") {
                mi.country_iso2 = us_territory(txt(f, "state"));
                mi.position_is_proxy = txt(f, "coords_are_proxy") == "yes";
                if (auto l = normalise_locode(txt(f, "wpi_unlocode"))) mi.unlocode = *l;
                mi.names = {txt(f, "name")};
                if (!mi.position_is_proxy) mi.names.push_back(txt(f, "wpi_main_port_name"));
            } else if (t.table == "zpmc" || t.table == "other_makers") {
                mi.country_iso2 = us_territory(txt(f, "state"));
                mi.names = {txt(f, "port_name"), txt(f, "wpi_port_name")};
            } else {
                mi.country_iso2 = txt(f, "country_iso2");
                mi.position_is_proxy = is_proxy_source(txt(f, "coord_source"));
                mi.names = {txt(f, "port_name")};
                if (!mi.position_is_proxy) mi.names.push_back(txt(f, "wpi_port_name"));
            }
            if (t.table == "logink" && txt(f, "granularity") != "port") {
                match_result r;
                r.reason = "a " + txt(f, "granularity") + " row, not a port";
                t.results.push_back(r);
                t.port.push_back(std::nullopt);
                t.status.push_back("not-a-port");
                continue;
            }
            match_result r = match_row(mi, indexed, index, opts);
            t.port.push_back(r.port);
            t.status.push_back(r.port ? "matched" : "unmatched");
            t.results.push_back(std::move(r));
        }
    }

    // --- curated-only port entities for unmatched rows that have a position
    std::map<std::string, std::size_t> curated_ports; // "CC|name key" -> port index
    for (auto& t : tables) {
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            if (t.status[i] != "unmatched") continue;
            const feature& f = t.layer->features[i];
            auto pos = pos_of(f);
            if (!pos) continue;
            const bool strategic_or_us = t.table == "strategic" || t.table == "zpmc" || t.table == "other_makers";
            const std::string cc = strategic_or_us ? us_territory(txt(f, "state")) : txt(f, "country_iso2");
            const std::string pname = t.table == "strategic" ? txt(f, "name") : txt(f, "port_name");
            const std::string key = cc + "|" + normalise_name(pname);
            auto it = curated_ports.find(key);
            if (it == curated_ports.end()) {
                port_entity p;
                p.port_id = "cur:" + cc + ":" + slug(pname);
                p.name = pname;
                p.country_iso2 = cc;
                p.origin = "curated";
                p.pos = *pos;
                p.position_is_proxy = t.table == "strategic" ? txt(f, "coords_are_proxy") == "yes" : is_proxy_source(txt(f, "coord_source"));
                ports.push_back(std::move(p));
                it = curated_ports.emplace(key, ports.size() - 1).first;
            }
            t.port[i] = it->second;
            t.status[i] = "curated-port";
        }
    }

    // --- attach facts
    for (auto& t : tables)
        for (std::size_t i = 0; i < t.port.size(); ++i) {
            if (!t.port[i]) continue;
            port_entity& p = ports[*t.port[i]];
            if (t.table == "terminals") p.terminals.push_back(i);
            else if (t.table == "bri") p.bri.push_back(i);
            else if (t.table == "logink") p.logink.push_back(i);
            else if (t.table == "zpmc") p.zpmc.push_back(i);
            else if (t.table == "other_makers") p.other_makers.push_back(i);
            else if (t.table == "strategic") p.strategic.push_back(i);
        }
    const table_rows& T = tables[0];
    const table_rows& B = tables[1];
    const table_rows& L = tables[2];
    const table_rows& Z = tables[3];
    const table_rows& S = tables.back();
    const table_rows* O = in.other_makers ? &tables[4] : nullptr;

    // ZPMC rows also link to a Strategic Seaport through the curated strategic_seed_name (e.g.
    // Portsmouth VA -> "Norfolk (Hampton Roads)"): a fact of the ZPMC table, kept as such.
    std::vector<std::vector<std::size_t>> zpmc_of_strategic(S.layer->features.size());
    for (std::size_t s = 0; s < S.layer->features.size(); ++s) {
        const std::string sname = txt(S.layer->features[s], "name");
        for (std::size_t z = 0; z < Z.layer->features.size(); ++z) {
            const feature& zf = Z.layer->features[z];
            const bool same_port = S.port[s] && Z.port[z] && *S.port[s] == *Z.port[z];
            if (same_port || (!sname.empty() && txt(zf, "strategic_seed_name") == sname)) zpmc_of_strategic[s].push_back(z);
        }
    }

    // --- per-port attributes
    footprint_summary& sum = out.summary;
    out.ports.name = "ports";
    out.ports.geom_type = geometry_type::point;
    out.ports.fields = {{"port_id", field_type::text}, {"wpi_number", field_type::text}, {"unlocode", field_type::text},
                        {"unlocode_source", field_type::text}, {"name", field_type::text}, {"alt_name", field_type::text},
                        {"other_names", field_type::text}, {"country_iso2", field_type::text}, {"country_name", field_type::text}, {"region", field_type::text},
                        {"water_body", field_type::text}, {"harbor_size", field_type::text}, {"harbor_rank", field_type::integer},
                        {"origin", field_type::text}, {"position_is_proxy", field_type::boolean},
                        {"prc_operated", field_type::boolean}, {"prc_terminals", field_type::integer},
                        {"prc_operators", field_type::text}, {"prc_groups", field_type::text},
                        {"prc_max_stake", field_type::real}, {"prc_max_lookthrough", field_type::real},
                        {"prc_other_status", field_type::text}, {"prc_builder", field_type::integer},
                        {"hk_operated", field_type::boolean}, {"hk_terminals", field_type::integer},
                        {"bri", field_type::boolean}, {"bri_projects", field_type::integer}, {"bri_status", field_type::text},
                        {"logink", field_type::boolean}, {"logink_status", field_type::text},
                        {"zpmc", field_type::boolean}, {"zpmc_sts_count", field_type::integer},
                        {"strategic", field_type::boolean}, {"strategic_name", field_type::text},
                        {"strategic_role", field_type::text}, {"importance", field_type::integer},
                        {"sources", field_type::text}, {"provenance", field_type::text}, {"conflicts", field_type::text}};

    std::set<std::string> prc_countries, hk_countries, builder_countries, bri_countries, logink_countries;
    std::set<std::string> prc_names, prc_name_countries, prcp_names, prcp_name_countries, any_names, any_name_countries,
        hk_names;
    std::vector<std::size_t> prc_port_list;

    for (std::size_t pi = 0; pi < ports.size(); ++pi) {
        port_entity& p = ports[pi];
        json prov = json::array();
        std::vector<std::string> sources;
        auto add_prov = [&](const char* fact, const table_rows& t, std::size_t row, const std::string& status) {
            const feature& f = t.layer->features[row];
            const std::string id = txt(f, t.id_field.c_str());
            sources.push_back(t.table + ":" + id);
            json j = {{"fact", fact}, {"table", t.table}, {"id", id}, {"source_url", txt(f, "source_url")},
                      {"confidence", txt(f, "confidence")}};
            if (!status.empty()) j["status"] = status;
            if (const auto s2 = txt(f, "source_url_2"); !s2.empty()) j["source_url_2"] = s2;
            j["match"] = to_string(t.results[row].method);
            prov.push_back(std::move(j));
        };

        // terminals
        int prc_n = 0, hk_n = 0, builder_n = 0;
        std::set<std::string> operators, groups;
        std::optional<double> max_stake, max_look;
        std::map<std::string, int> other_status;
        std::map<std::string, std::set<std::string>> stakes_by_terminal; // conflict detection
        for (auto r : p.terminals) {
            const feature& f = T.layer->features[r];
            const std::string type = txt(f, "operator_type"), role = txt(f, "role"), status = txt(f, "status");
            const std::string cls = terminal_class(type, role, status);
            add_prov(cls == "prc-operated" ? "prc_terminal" : cls == "hk-operated" ? "hk_terminal" : "terminal_other", T, r, status);
            if (cls == "prc-operated") {
                ++prc_n;
                operators.insert(txt(f, "operator"));
                groups.insert(txt(f, "group_key"));
                if (auto s = opt_real(f, "stake_pct")) max_stake = std::max(max_stake.value_or(0.0), *s);
                if (auto s = opt_real(f, "prc_lookthrough_pct")) max_look = std::max(max_look.value_or(0.0), *s);
                prc_countries.insert(txt(f, "country_iso2"));
            } else if (cls == "hk-operated") {
                ++hk_n;
                hk_countries.insert(txt(f, "country_iso2"));
            } else if (role == "builder") {
                ++builder_n;
            } else if (is_prc_firm(type)) {
                other_status[status]++;
            }
            if (auto s = opt_real(f, "stake_pct"); s && role != "builder")
                stakes_by_terminal[txt(f, "group_key") + "|" + normalise_name(txt(f, "terminal_name"))].insert(format_general(*s));
            const std::string notes = to_lower(txt(f, "notes"));
            if (notes.find("conflict") != std::string::npos)
                p.conflicts.push_back("terminals:" + txt(f, "terminal_id") + ": the source notes a conflict");
        }
        for (const auto& [k, v] : stakes_by_terminal)
            if (v.size() > 1) p.conflicts.push_back("terminals: different stakes for " + k.substr(k.find('|') + 1) + ": " + joined(v));

        // BRI
        int bri_n = 0;
        std::map<std::string, int> bri_status;
        for (auto r : p.bri) {
            const feature& f = B.layer->features[r];
            add_prov("bri", B, r, txt(f, "status"));
            bri_status[txt(f, "status")]++;
            if (txt(f, "status") != "cancelled") {
                ++bri_n;
                bri_countries.insert(txt(f, "country_iso2"));
            }
        }
        // LOGINK
        bool logink = false;
        std::map<std::string, int> logink_status;
        for (auto r : p.logink) {
            const feature& f = L.layer->features[r];
            add_prov("logink", L, r, txt(f, "status"));
            logink_status[txt(f, "status")]++;
            const std::string st = txt(f, "status");
            if (st == "signed" || st == "operational") {
                logink = true;
                logink_countries.insert(txt(f, "country_iso2"));
            }
        }
        // ZPMC
        bool zpmc = false, zpmc_negative = false, zpmc_positive = false;
        std::int64_t zpmc_count = 0;
        for (auto r : p.zpmc) {
            const feature& f = Z.layer->features[r];
            add_prov("zpmc", Z, r, "");
            const auto c = opt_int(f, "zpmc_sts_count");
            const std::string conf = txt(f, "confidence");
            if (c && *c > 0) {
                zpmc_count += *c;
                zpmc_positive = true;
                if (conf != "low") zpmc = true;
            } else if (c && *c == 0) {
                zpmc_negative = true;
            } else if (conf != "low") {
                zpmc = true; // a ZPMC link with no countable number
            }
        }
        if (zpmc_negative && zpmc_positive) p.conflicts.push_back("zpmc: a negative finding (0) and positive counts at the same port");
        if (O)
            for (auto r : p.other_makers) add_prov("other_crane_maker", *O, r, "");
        // Strategic
        std::string sname, srole;
        for (auto r : p.strategic) {
            const feature& f = S.layer->features[r];
            add_prov("strategic_seaport", S, r, "");
            sname = sname.empty() ? txt(f, "name") : sname + ";" + txt(f, "name");
            srole = srole.empty() ? txt(f, "role_as_reported") : srole + ";" + txt(f, "role_as_reported");
        }
        // ZPMC table's own strategic flag against the seed
        for (auto r : p.zpmc) {
            const std::string flag = txt(Z.layer->features[r], "dod_strategic_seaport");
            const bool via_seed = !txt(Z.layer->features[r], "strategic_seed_name").empty();
            if (flag == "yes" && p.strategic.empty() && !via_seed)
                p.conflicts.push_back("zpmc:" + txt(Z.layer->features[r], "zpmc_id") + " says strategic seaport, the seed has no such port");
            if (flag == "no" && !p.strategic.empty())
                p.conflicts.push_back("zpmc:" + txt(Z.layer->features[r], "zpmc_id") + " says not a strategic seaport, the seed lists the port");
        }

        // Other names the port is known by (UN/LOCODE name, curated port names), for lookups.
        std::set<std::string> names;
        auto add_name = [&](const std::string& n) {
            const std::string t = trim(n);
            if (!t.empty() && normalise_name(t) != normalise_name(p.name)) names.insert(t);
        };
        for (const auto& part : split_list(p.alt_name)) add_name(part);
        if (auto it = locode_names.find(p.unlocode); it != locode_names.end()) add_name(it->second);
        for (auto r : p.terminals) add_name(txt(T.layer->features[r], "port_name"));
        for (auto r : p.bri) add_name(txt(B.layer->features[r], "port_name"));
        for (auto r : p.logink) add_name(txt(L.layer->features[r], "port_name"));
        for (auto r : p.zpmc) add_name(txt(Z.layer->features[r], "port_name"));
        for (auto r : p.strategic) add_name(txt(S.layer->features[r], "name"));

        const bool prc = prc_n > 0;
        const int rank = harbor_rank(p.harbor_size);
        int importance = rank;
        if (prc || hk_n) importance += 10;
        if (!p.strategic.empty()) importance += 20;
        if (bri_n || logink || zpmc) importance += 5;

        feature f;
        f.id = static_cast<std::int64_t>(pi + 1);
        f.geom = geometry::make_point(p.pos);
        f.properties = {{"port_id", p.port_id}, {"wpi_number", p.wpi_number.empty() ? value() : value(p.wpi_number)}, {"unlocode", p.unlocode},
                        {"unlocode_source", p.unlocode_source}, {"name", p.name}, {"alt_name", p.alt_name},
                        {"other_names", joined(names)}, {"country_iso2", p.country_iso2}, {"country_name", p.country_name}, {"region", p.region},
                        {"water_body", p.water_body}, {"harbor_size", p.harbor_size}, {"harbor_rank", std::int64_t{rank}},
                        {"origin", p.origin}, {"position_is_proxy", p.position_is_proxy}, {"prc_operated", prc},
                        {"prc_terminals", std::int64_t{prc_n}}, {"prc_operators", joined(operators)},
                        {"prc_groups", joined(groups)}, {"prc_max_stake", opt_value(max_stake)},
                        {"prc_max_lookthrough", opt_value(max_look)}, {"prc_other_status", status_summary(other_status)},
                        {"prc_builder", std::int64_t{builder_n}}, {"hk_operated", hk_n > 0}, {"hk_terminals", std::int64_t{hk_n}},
                        {"bri", bri_n > 0}, {"bri_projects", std::int64_t{bri_n}}, {"bri_status", status_summary(bri_status)},
                        {"logink", logink}, {"logink_status", status_summary(logink_status)}, {"zpmc", zpmc},
                        {"zpmc_sts_count", zpmc_positive ? value(zpmc_count) : value()},
                        {"strategic", !p.strategic.empty()}, {"strategic_name", sname}, {"strategic_role", srole},
                        {"importance", std::int64_t{importance}}, {"sources", join(sources, ";")},
                        {"provenance", prov.dump()}, {"conflicts", join(p.conflicts, " | ")}};
        out.ports.features.push_back(std::move(f));

        if (prc) {
            prc_port_list.push_back(pi);
            for (const auto& g : groups) sum.prc_ports_by_group[g]++;
        }
        sum.conflicts += p.conflicts.size();
        if (bri_n) sum.bri.ports++;
        if (logink) sum.logink.ports++;
    }

    // Counts by curated port name (as the trackers count: distinct country + port_name).
    for (const auto& f : T.layer->features) {
        const std::string type = txt(f, "operator_type"), role = txt(f, "role"), status = txt(f, "status");
        const std::string key = txt(f, "country_iso2") + "|" + txt(f, "port_name");
        if (is_ownership_role(role) && (is_prc_firm(type) || type == "HK-private") && status == "active") {
            any_names.insert(key);
            any_name_countries.insert(txt(f, "country_iso2"));
        }
        if (!is_prc_firm(type)) {
            if (type == "HK-private" && is_ownership_role(role) && status == "active") {
                hk_names.insert(key);
                sum.hk_operated.rows++;
            }
            continue;
        }
        if (role == "builder") {
            sum.prc_builder.rows++;
            builder_countries.insert(txt(f, "country_iso2"));
            continue;
        }
        if (status == "active") {
            sum.prc_operated_by_name.rows++;
            prc_names.insert(key);
            prc_name_countries.insert(txt(f, "country_iso2"));
        }
        if (status == "active" || status == "pending") {
            prcp_names.insert(key);
            prcp_name_countries.insert(txt(f, "country_iso2"));
        }
    }
    sum.prc_operated_by_name.ports = prc_names.size();
    sum.prc_operated_by_name.countries = prc_name_countries.size();
    sum.prc_operated_or_pending_by_name.ports = prcp_names.size();
    sum.prc_operated_or_pending_by_name.countries = prcp_name_countries.size();
    sum.prc_or_hk_by_name.ports = any_names.size();
    sum.prc_or_hk_by_name.countries = any_name_countries.size();
    sum.hk_operated.ports = hk_names.size();
    sum.hk_operated.countries = hk_countries.size();
    sum.prc_builder.countries = builder_countries.size();
    sum.prc_operated.ports = prc_port_list.size();
    sum.prc_operated.countries = prc_countries.size();
    sum.prc_operated.rows = sum.prc_operated_by_name.rows;
    sum.bri.countries = bri_countries.size();
    sum.logink.countries = logink_countries.size();
    for (const auto& f : B.layer->features)
        if (txt(f, "status") != "cancelled") sum.bri.rows++;
    for (const auto& f : L.layer->features)
        if (txt(f, "granularity") == "port" && (txt(f, "status") == "signed" || txt(f, "status") == "operational")) sum.logink.rows++;

    // --- fact layers (curated rows + match columns)
    auto fact_layer = [&](const table_rows& t, const char* name, bool with_class) {
        feature_layer l;
        l.name = name;
        l.geom_type = geometry_type::point;
        l.fields = t.layer->fields;
        l.fields.push_back({"port_id", field_type::text});
        l.fields.push_back({"match_method", field_type::text});
        l.fields.push_back({"match_distance_km", field_type::real});
        l.fields.push_back({"match_status", field_type::text});
        if (with_class) l.fields.push_back({"class", field_type::text});
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            feature f = t.layer->features[i];
            const auto& r = t.results[i];
            f.properties.emplace_back("port_id", t.port[i] ? value(ports[*t.port[i]].port_id) : value());
            f.properties.emplace_back("match_method", t.status[i] == "curated-port" ? "curated-port" : to_string(r.method));
            f.properties.emplace_back("match_distance_km", r.distance_km ? value(std::round(*r.distance_km * 1000) / 1000) : value());
            f.properties.emplace_back("match_status", t.status[i]);
            if (with_class) f.properties.emplace_back("class", terminal_class(txt(f, "operator_type"), txt(f, "role"), txt(f, "status")));
            if (f.geom.empty() && t.port[i]) f.geom = geometry::make_point(ports[*t.port[i]].pos);
            f.id = static_cast<std::int64_t>(i + 1);
            l.features.push_back(std::move(f));
        }
        return l;
    };
    out.terminals = fact_layer(T, "terminals", true);
    out.bri_projects = fact_layer(B, "bri_projects", false);
    out.logink = fact_layer(L, "logink", false);
    out.zpmc_cranes = fact_layer(Z, "zpmc_cranes", false);
    if (O) out.other_crane_makers = fact_layer(*O, "other_crane_makers", false);

    // --- Strategic Seaports with their ZPMC and nearest PRC-operated port (geodesic; by sea in routing)
    out.strategic_seaports = fact_layer(S, "strategic_seaports", false);
    out.strategic_seaports.fields.push_back({"zpmc", field_type::boolean});
    out.strategic_seaports.fields.push_back({"zpmc_sts_count", field_type::integer});
    out.strategic_seaports.fields.push_back({"zpmc_rows", field_type::text});
    out.strategic_seaports.fields.push_back({"nearest_prc_port_id", field_type::text});
    out.strategic_seaports.fields.push_back({"nearest_prc_port_name", field_type::text});
    out.strategic_seaports.fields.push_back({"nearest_prc_geodesic_nm", field_type::real});
    for (std::size_t s = 0; s < S.layer->features.size(); ++s) {
        feature& f = out.strategic_seaports.features[s];
        bool has = false;
        std::int64_t count = 0;
        std::vector<std::string> rows;
        for (auto z : zpmc_of_strategic[s]) {
            const feature& zf = Z.layer->features[z];
            const auto c = opt_int(zf, "zpmc_sts_count");
            if (c && *c > 0 && txt(zf, "confidence") != "low") {
                has = true;
                count += *c;
            }
            rows.push_back(txt(zf, "zpmc_id"));
        }
        f.properties.emplace_back("zpmc", has);
        f.properties.emplace_back("zpmc_sts_count", has ? value(count) : value());
        f.properties.emplace_back("zpmc_rows", join(rows, ";"));
        std::optional<std::size_t> best;
        double best_d = 0;
        const lon_lat here = f.geom.points.empty() ? lon_lat{} : f.geom.points.front();
        for (auto pi : prc_port_list) {
            if (f.geom.points.empty()) break;
            const double d = geodesic_m(here, ports[pi].pos);
            if (!best || d < best_d) {
                best = pi;
                best_d = d;
            }
        }
        f.properties.emplace_back("nearest_prc_port_id", best ? value(ports[*best].port_id) : value());
        f.properties.emplace_back("nearest_prc_port_name", best ? value(ports[*best].name) : value());
        f.properties.emplace_back("nearest_prc_geodesic_nm", best ? value(std::round(nm_from_m(best_d) * 10) / 10) : value());
        sum.strategic++;
        if (has) {
            sum.strategic_with_zpmc++;
            sum.strategic_with_zpmc_names.push_back(txt(f, "name"));
            sum.zpmc_cranes_at_strategic += count;
        }
    }
    for (const auto& f : Z.layer->features)
        if (auto c = opt_int(f, "zpmc_sts_count")) sum.zpmc_cranes_total += *c;

    // --- match report
    out.match_report.name = "match_report";
    out.match_report.geom_type = geometry_type::none;
    out.match_report.fields = {{"source_table", field_type::text}, {"row_id", field_type::text}, {"source_row", field_type::integer},
                               {"status", field_type::text}, {"method", field_type::text}, {"port_id", field_type::text},
                               {"port_name", field_type::text}, {"distance_km", field_type::real}, {"reason", field_type::text}};
    std::int64_t mid = 0;
    for (const auto& t : tables)
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            const feature& src = t.layer->features[i];
            const auto& r = t.results[i];
            feature f;
            f.id = ++mid;
            std::string method = t.status[i] == "curated-port" ? "curated-port" : to_string(r.method);
            std::string reason = r.reason;
            if (t.status[i] == "curated-port")
                reason = (reason.empty() ? "" : reason + "; ") + "no WPI port: a curated-only port entity was created from the row";
            f.properties = {{"source_table", t.table}, {"row_id", txt(src, t.id_field.c_str())}, {"source_row", src.row},
                            {"status", t.status[i]}, {"method", method},
                            {"port_id", t.port[i] ? value(ports[*t.port[i]].port_id) : value()},
                            {"port_name", t.port[i] ? value(ports[*t.port[i]].name) : value()},
                            {"distance_km", r.distance_km ? value(std::round(*r.distance_km * 1000) / 1000) : value()},
                            {"reason", reason}};
            out.match_report.features.push_back(std::move(f));
            sum.matched_by_method[t.table + ":" + (t.status[i] == "unmatched" || t.status[i] == "not-a-port" ? t.status[i] : method)]++;
            if (t.status[i] == "unmatched") sum.unmatched_rows++;
        }

    sum.ports = ports.size();
    sum.wpi_ports = wpi_count;
    sum.curated_ports = ports.size() - wpi_count;
    return out;
}

std::string format_summary(const footprint_summary& s) {
    std::string o;
    o += fmt::format("ports: {} ({} WPI, {} curated-only)\n", s.ports, s.wpi_ports, s.curated_ports);
    o += fmt::format("PRC-operated terminals (mainland PRC firms; equity/operator/concession/lease; active): {} rows at {} "
                     "ports in {} countries (by curated port name); {} fused port entities\n",
                     s.prc_operated_by_name.rows, s.prc_operated_by_name.ports, s.prc_operated_by_name.countries, s.prc_operated.ports);
    o += fmt::format("  with pending deals: {} ports in {} countries; with Hutchison (HK) as well: {} ports in {} countries\n",
                     s.prc_operated_or_pending_by_name.ports, s.prc_operated_or_pending_by_name.countries,
                     s.prc_or_hk_by_name.ports, s.prc_or_hk_by_name.countries);
    o += fmt::format("  Hutchison (HK-private) active: {} rows at {} ports; PRC construction-only (builder) rows: {} in {} countries\n",
                     s.hk_operated.rows, s.hk_operated.ports, s.prc_builder.rows, s.prc_builder.countries);
    std::vector<std::string> groups;
    for (const auto& [g, n] : s.prc_ports_by_group) groups.push_back(fmt::format("{} {}", g, n));
    o += "  ports by group: " + join(groups, ", ") + "\n";
    o += fmt::format("BRI port projects (not cancelled): {} rows at {} ports in {} countries\n", s.bri.rows, s.bri.ports, s.bri.countries);
    o += fmt::format("LOGINK partner ports (signed/operational): {} rows at {} ports in {} countries\n", s.logink.rows,
                     s.logink.ports, s.logink.countries);
    o += fmt::format("Strategic Seaports: {}; with ZPMC cranes (high/medium confidence): {} ({} cranes counted, lower bound; "
                     "{} ZPMC STS cranes in the table)\n",
                     s.strategic, s.strategic_with_zpmc, s.zpmc_cranes_at_strategic, s.zpmc_cranes_total);
    o += "  " + join(s.strategic_with_zpmc_names, "; ") + "\n";
    std::vector<std::string> m;
    for (const auto& [k, n] : s.matched_by_method) m.push_back(fmt::format("{} {}", k, n));
    o += "matching: " + join(m, ", ") + "\n";
    o += fmt::format("unmatched rows: {}; conflicts flagged: {}\n", s.unmatched_rows, s.conflicts);
    return o;
}

} // namespace harbormap::fusion
