// Fusion steps 1-3: WPI ports become port entities, UN/LOCODE enrichment, the match index.
#include "engine/core/text.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace harbormap::fusion {

std::string table_rows::method(std::size_t row) const {
    return status[row] == "curated-port" ? "curated-port" : to_string(results[row].method);
}

std::string table_rows::id(std::size_t row) const { return layer->features[row].text(src->keys.id_field); }

const table_rows* fuse_state::table(const std::string& source) const {
    for (const auto& t : tables)
        if (t.src->source == source) return &t;
    return nullptr;
}

namespace {
std::string us_territory(const std::string& state) {
    for (const char* t : {"GU", "PR", "VI", "AS", "MP"})
        if (state == t) return state;
    return "US";
}
} // namespace

std::string row_country(const row_keys& k, const feature& f) {
    return k.country_is_us_state ? us_territory(f.text(k.country_field)) : f.text(k.country_field);
}

bool row_is_proxy(const row_keys& k, const feature& f) {
    const std::string v = f.text(k.proxy_field);
    return k.proxy == proxy_rule::yes_flag ? v == "yes" : !v.empty() && v != "wpi";
}

std::string joined(const std::set<std::string>& s) { return join(std::vector<std::string>(s.begin(), s.end()), ";"); }

std::string status_summary(const std::map<std::string, int>& counts) {
    std::vector<std::string> parts;
    for (const auto& [k, v] : counts) parts.push_back(fmt::format("{}:{}", k, v));
    return join(parts, ";");
}

value opt_value(const std::optional<double>& d) { return d ? value(*d) : value(); }

void read_wpi_ports(const footprint_inputs& in, fuse_state& st) {
    std::map<std::string, std::string> country_iso; // WPI country names -> ISO 3166 alpha-2
    if (in.wpi_countries)
        for (const auto& f : in.wpi_countries->features) country_iso[f.text("wpi_country_name")] = f.text("iso2");

    std::vector<const feature*> rows;
    for (const auto& f : in.wpi->features) rows.push_back(&f);
    std::stable_sort(rows.begin(), rows.end(), [](const feature* a, const feature* b) {
        const auto wa = a->number("wpi_number").value_or(0), wb = b->number("wpi_number").value_or(0);
        return wa != wb ? wa < wb : a->integer("oid") < b->integer("oid");
    });
    std::set<std::string> seen;
    for (const feature* f : rows) {
        port_entity p;
        p.wpi_number = wpi_key(f->number("wpi_number").value_or(0));
        p.port_id = "wpi:" + p.wpi_number;
        if (!seen.insert(p.wpi_number).second) p.port_id += fmt::format(":oid{}", f->integer("oid")); // WPI reuses 2 numbers
        p.name = f->text("name");
        p.alt_name = f->text("alt_name");
        p.country_name = f->text("country_name");
        p.region = f->text("region");
        p.water_body = f->text("water_body");
        p.harbor_size = f->text("harbor_size");
        p.origin = "wpi";
        p.pos = f->geom.points.front();
        if (auto l = normalise_locode(f->text("unlocode"))) p.wpi_locode = *l;
        auto it = country_iso.find(p.country_name);
        p.country_iso2 = it != country_iso.end() ? it->second : std::string();
        st.ports.push_back(std::move(p));
    }
    st.wpi_count = st.ports.size();
}

void index_ports(fuse_state& st) {
    for (const auto& p : st.ports) {
        indexed_port ip;
        ip.wpi_number = p.wpi_number;
        ip.unlocode = p.unlocode;
        ip.country_iso2 = p.country_iso2;
        ip.pos = p.pos;
        for (const auto& c : p.codes)
            if (c.code != p.unlocode) ip.other_locodes.push_back(c.code);
        ip.name_keys = name_keys(p);
        st.indexed.push_back(std::move(ip));
    }
}

} // namespace harbormap::fusion
