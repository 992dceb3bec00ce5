#include "engine/query/port_lookup.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/names.hpp"
#include "engine/query/catalog_file.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace harbormap::query {

std::string to_string(lookup_status s) {
    switch (s) {
    case lookup_status::ok: return "ok";
    case lookup_status::not_found: return "port_not_found";
    case lookup_status::ambiguous: return "ambiguous_port";
    }
    return "unknown";
}

std::string position_is_not_a_port(const std::string& arg) {
    return "'" + arg + "' is a position (lon,lat), not a port: expected a UN/LOCODE, WPI number, port id or name";
}

namespace {

// "CC:name" ("US:Port Elizabeth"): is the text prefixed by a two-letter country?
bool has_country_prefix(const std::string& text) {
    return text.size() > 3 && text[2] == ':' && is_alpha2(std::string_view(text).substr(0, 2));
}
const std::array<std::string, 3> code_fields = {"locodes", "unlocode", "wpi_locode"}; // where a port's codes are
} // namespace

struct port_catalog::indexes {
    std::once_flag names_once, codes_once, complexes_once;
    std::atomic<bool> codes_built{false};
    std::vector<std::vector<std::string>> name_keys;
    std::multimap<std::string, code_hit> codes;
    std::map<std::string, std::vector<std::size_t>> complexes;
    std::map<std::string, std::string> complex_names;
};

struct port_catalog::file_source {
    catalog_file file;
    catalog_rows rows;
    std::vector<std::string> only; // the fields layer() decodes (empty: all)
    std::unordered_map<std::string, int> field_index;
    std::once_flag layer_once;
    feature_layer layer;
    file_source(catalog_file f, std::vector<std::string> fields) : file(std::move(f)), rows(file.rows("ports")), only(std::move(fields)) {
        for (std::size_t k = 0; k < rows.fields().size(); ++k) field_index.emplace(rows.fields()[k].name, static_cast<int>(k));
    }
};

port_catalog::port_catalog(feature_layer ports) : m_ports(std::move(ports)), m_idx(std::make_unique<indexes>()) {}
port_catalog::port_catalog(port_catalog&&) noexcept = default;
port_catalog& port_catalog::operator=(port_catalog&&) noexcept = default;
port_catalog::~port_catalog() = default;

const feature_layer& port_catalog::layer() const {
    if (!m_file) return m_ports;
    std::call_once(m_file->layer_once, [&] { m_file->layer = m_file->file.layer("ports", m_file->only); });
    return m_file->layer;
}

std::size_t port_catalog::size() const { return m_file ? m_file->rows.size() : m_ports.features.size(); }

value port_catalog::cell(std::size_t i, const std::string& field) const {
    if (m_file) {
        const auto it = m_file->field_index.find(field);
        return it == m_file->field_index.end() ? value{} : m_file->rows.cell(i, it->second);
    }
    const value* v = m_ports.features.at(i).find(field);
    return v ? *v : value{};
}

int port_catalog::file_field(const std::string& field) const {
    if (!m_file) return -1;
    const auto it = m_file->field_index.find(field);
    return it == m_file->field_index.end() ? -1 : it->second;
}

std::optional<std::string_view> port_catalog::text_view(std::size_t i, const std::string& field, int file_field) const {
    if (m_file) return m_file->rows.text_view(i, file_field);
    const value* v = m_ports.features.at(i).find(field);
    if (const auto* s = v ? std::get_if<std::string>(v) : nullptr) return std::string_view(*s);
    return std::nullopt;
}

std::string port_catalog::text(std::size_t i, const std::string& field) const {
    return m_file ? value_to_string(cell(i, field)) : m_ports.features.at(i).text(field);
}
bool port_catalog::flag(std::size_t i, const std::string& field) const {
    return m_file ? flag_of(cell(i, field)) : m_ports.features.at(i).flag(field);
}
std::int64_t port_catalog::integer(std::size_t i, const std::string& field, std::int64_t fallback) const {
    return m_file ? integer_of(cell(i, field), fallback) : m_ports.features.at(i).integer(field, fallback);
}
std::optional<double> port_catalog::number(std::size_t i, const std::string& field) const {
    return m_file ? number_of(cell(i, field)) : m_ports.features.at(i).number(field);
}
std::optional<lon_lat> port_catalog::point(std::size_t i) const {
    if (m_file) return m_file->rows.first_point(i);
    const auto& pts = m_ports.features.at(i).geom.points;
    return pts.empty() ? std::nullopt : std::optional<lon_lat>(pts.front());
}

feature port_catalog::port(std::size_t i) const { return m_file ? m_file->rows.row(i) : m_ports.features.at(i); }

const std::vector<std::vector<std::string>>& port_catalog::name_keys() const {
    std::call_once(m_idx->names_once, [&] {
        auto& all = m_idx->name_keys;
        all.reserve(size());
        for (std::size_t i = 0; i < size(); ++i) {
            std::vector<std::string> keys;
            auto add = [&](const std::string& n) {
                for (auto& k : fusion::name_variants(n))
                    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
            };
            add(text(i, "name"));
            add(text(i, "wpi_name"));
            for (const char* field : {"alt_name", "other_names"})
                for (const auto& n : split_list(text(i, field))) add(n);
            all.push_back(std::move(keys));
        }
    });
    return m_idx->name_keys;
}

// The codes of one port in order, each with the list it comes from: every entry of its `locodes`
// ("CNSGH [UN/LOCODE 2022: how]; CNSHA [trade sea-ports 0.0.9: how]"), then its unlocode and wpi_locode
// when not listed there ("WPI").
template <class F> void port_catalog::for_each_code(std::size_t i, F&& fn) const {
    std::set<std::string> seen;
    for (const auto& entry : split(text(i, "locodes"), ';')) {
        const std::string e = trim(entry);
        const auto open = e.find(" [");
        if (open == std::string::npos) continue;
        const std::string code = e.substr(0, open), rest = e.substr(open + 2);
        fn(code, rest.substr(0, rest.find(':')));
        seen.insert(code);
    }
    for (const char* field : {"unlocode", "wpi_locode"})
        if (const std::string c = text(i, field); !c.empty() && seen.insert(c).second) fn(c, std::string("WPI"));
}

// False only when no code field of port i can hold `code` (a text that does not contain it). `ff`: the
// fields' catalog file indexes (file_field). Texts are read in place: a scan copies no cell.
bool port_catalog::may_have_code(std::size_t i, const std::string& code, const std::array<int, 3>& ff) const {
    for (std::size_t k = 0; k < code_fields.size(); ++k) {
        if (const auto s = text_view(i, code_fields[k], ff[k])) {
            if (s->find(code) != std::string_view::npos) return true;
        } else if (!std::holds_alternative<std::monostate>(cell(i, code_fields[k]))) {
            return true; // not text: cannot tell without parsing it
        }
    }
    return false;
}

const std::multimap<std::string, port_catalog::code_hit>& port_catalog::codes() const {
    std::call_once(m_idx->codes_once, [&] {
        for (std::size_t i = 0; i < size(); ++i)
            for_each_code(i, [&](const std::string& code, const std::string& list) { m_idx->codes.emplace(code, code_hit{i, list}); });
        m_idx->codes_built = true;
    });
    return m_idx->codes;
}

std::vector<port_catalog::code_hit> port_catalog::code_hits(const std::string& code) const {
    std::vector<code_hit> out;
    if (m_idx->codes_built) { // in port order, like the scan below
        auto [b, e] = m_idx->codes.equal_range(code);
        for (auto it = b; it != e; ++it) out.push_back(it->second);
        return out;
    }
    // one code: a scan that parses only the ports whose code fields contain it (no index of every code)
    const std::array<int, 3> ff = {file_field(code_fields[0]), file_field(code_fields[1]), file_field(code_fields[2])};
    for (std::size_t i = 0; i < size(); ++i)
        if (may_have_code(i, code, ff))
            for_each_code(i, [&](const std::string& c, const std::string& list) {
                if (c == code) out.push_back({i, list});
            });
    return out;
}

const std::map<std::string, std::vector<std::size_t>>& port_catalog::complexes() const {
    std::call_once(m_idx->complexes_once, [&] {
        for (std::size_t i = 0; i < size(); ++i) {
            if (const std::string cx = text(i, "complex"); !cx.empty()) {
                const std::string key = normalise_name(cx);
                auto& members = m_idx->complexes[key];
                if (text(i, "complex_role") == "main") members.insert(members.begin(), i);
                else members.push_back(i);
                m_idx->complex_names[key] = cx;
            }
        }
    });
    return m_idx->complexes;
}

const std::map<std::string, std::string>& port_catalog::complex_names() const {
    complexes();
    return m_idx->complex_names;
}

const std::vector<std::string>& port_catalog::lookup_fields() {
    static const std::vector<std::string> fields = {"port_id", "wpi_number", "unlocode", "wpi_locode", "locodes", "name",
                                                    "wpi_name", "alt_name", "other_names", "country_iso2", "harbor_rank",
                                                    "complex", "complex_role", "sources"};
    return fields;
}

port_catalog port_catalog::load(const std::filesystem::path& gpkg, const std::vector<std::string>& fields) {
    // The binary catalog written beside the GeoPackage by `harbormap build` (no GDAL on the query path).
    std::vector<std::string> only;
    if (!fields.empty()) {
        only = lookup_fields();
        only.insert(only.end(), fields.begin(), fields.end());
    }
    port_catalog c{feature_layer{}};
    c.m_file = std::make_unique<file_source>(catalog_file::open(catalog_path(gpkg.parent_path())), std::move(only));
    return c;
}

port_ref port_catalog::ref(std::size_t i) const {
    if (i >= size()) throw std::out_of_range("port_catalog::ref: no port " + std::to_string(i));
    port_ref r;
    r.index = i;
    r.port_id = text(i, "port_id");
    r.name = text(i, "name");
    r.country_iso2 = text(i, "country_iso2");
    r.unlocode = text(i, "unlocode");
    if (const value v = cell(i, "wpi_number"); const auto* n = std::get_if<std::int64_t>(&v)) r.wpi_number = *n;
    if (const auto p = point(i)) r.pos = *p;
    return r;
}

std::vector<std::size_t> port_catalog::ranked(std::vector<std::size_t> hits) const {
    auto facts = [&](std::size_t i) { return split_list(text(i, "sources")).size(); };
    std::stable_sort(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) {
        const auto fa = facts(a), fb = facts(b);
        if (fa != fb) return fa > fb;
        return integer(a, "harbor_rank") > integer(b, "harbor_rank");
    });
    return hits;
}

lookup_result port_catalog::by_name(const std::string& text, const std::string& key, const std::string& country) const {
    lookup_result res;
    std::vector<std::size_t> hits;
    const auto& keys = name_keys();
    for (std::size_t i = 0; i < size(); ++i)
        if ((country.empty() || this->text(i, "country_iso2") == country) &&
            std::find(keys[i].begin(), keys[i].end(), key) != keys[i].end())
            hits.push_back(i);
    // A name typed without a generic word ("Hamburg") is the port of that very name when just one has
    // it: the others match only once their generic words are dropped ("Hamburg Harbor") and are noted.
    // (A typed generic word keeps the ambiguity: "Port Elizabeth" is Elizabethport, US, or Port Elizabeth, ZA.)
    if (hits.size() > 1 && fold_name(text) == key) {
        std::vector<std::size_t> exact;
        for (auto h : hits) {
            bool same = fold_name(this->text(h, "name")) == key || fold_name(this->text(h, "wpi_name")) == key;
            for (const char* field : {"alt_name", "other_names"})
                for (const auto& n : split_list(this->text(h, field))) same = same || fold_name(n) == key;
            if (same) exact.push_back(h);
        }
        if (exact.size() == 1) {
            std::string others;
            for (auto h : hits)
                if (h != exact[0]) others += (others.empty() ? "" : ", ") + this->text(h, "name") + " (" + this->text(h, "country_iso2") + ")";
            hits = exact;
            res.note = "'" + text + "' also matches " + others + " by name";
        }
    }
    if (hits.size() == 1) {
        res.status = lookup_status::ok;
        res.port = ref(hits[0]);
    } else if (hits.size() > 1) {
        res.status = lookup_status::ambiguous;
        std::set<std::string> countries;
        for (auto h : ranked(hits)) {
            res.candidates.push_back(ref(h));
            countries.insert(res.candidates.back().country_iso2);
        }
        res.message = "'" + text + "' matches " + std::to_string(hits.size()) + " ports by name: " +
                      (countries.size() > 1 ? "name the country (CC:name, e.g. " + *countries.begin() + ":" + text + ", or --country) or " : "") +
                      "use a UN/LOCODE, a WPI number or a port id";
    }
    return res;
}

lookup_result port_catalog::not_found(const std::string& text, const std::string& key) const {
    lookup_result res;
    res.message = "no port matches '" + text + "'";
    std::vector<std::string> c;
    const std::string upper = to_upper(text);
    const bool code_like = upper.size() == 5 && std::all_of(upper.begin(), upper.end(), [](unsigned char ch) { return std::isalnum(ch); });
    // a word typed in lower case ("Genoa") may be a name as well as a code: names first, then codes
    const bool has_lower = std::any_of(text.begin(), text.end(), [](unsigned char ch) { return std::islower(ch); });
    const auto by_code = [&] {
        // codes by code distance (at most 2 edits), each with the port's name and main code
        std::vector<std::pair<std::size_t, std::string>> near;
        for (const auto& [code, hit] : codes())
            if (auto d = levenshtein(upper, code); d <= 2) near.emplace_back(d, code);
        std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::set<std::size_t> shown;
        for (const auto& cand : res.candidates) shown.insert(cand.index);
        for (const auto& [d, code] : near) {
            auto [b, e] = codes().equal_range(code);
            for (auto it = b; it != e && res.candidates.size() < 5; ++it) {
                if (!shown.insert(it->second.port).second) continue;
                const port_ref r = ref(it->second.port);
                res.candidates.push_back(r);
                c.push_back(r.name + " (" + (r.unlocode.empty() ? r.port_id : r.unlocode) +
                            (code != r.unlocode ? "; " + it->second.list + " code " + code : "") + ")");
            }
        }
    };
    const auto by_name = [&] {
        std::vector<std::string> names;
        std::vector<std::size_t> owner;
        const auto& keys = name_keys();
        for (std::size_t i = 0; i < keys.size(); ++i)
            for (const auto& k : keys[i]) {
                names.push_back(k);
                owner.push_back(i);
            }
        std::set<std::size_t> shown;
        for (const auto& s : suggest(key, names, 5))
            for (std::size_t j = 0; j < names.size(); ++j)
                if (names[j] == s && shown.insert(owner[j]).second) {
                    const port_ref r = ref(owner[j]);
                    res.candidates.push_back(r);
                    c.push_back(r.name + " (" + (r.unlocode.empty() ? r.port_id : r.unlocode) + ")");
                }
    };
    if (!code_like) {
        by_name();
    } else if (has_lower) {
        by_name();
        by_code();
    } else {
        by_code();
    }
    if (!c.empty()) res.message += "; did you mean " + join(c, ", ") + "?";
    return res;
}

lookup_result port_catalog::resolve(const std::string& raw, const std::string& country_arg) const {
    lookup_result res = resolve_unrestricted(raw, country_arg);
    if (!res.ok() || !res.port) return res;
    // the country restriction of --country or "CC:" holds for every way of naming a port, not names only
    std::string text = trim(raw), country = to_upper(trim(country_arg));
    if (has_country_prefix(text) && res.port->port_id != text)
        country = to_upper(text.substr(0, 2));
    if (country.empty() || res.port->country_iso2 == country) return res;
    lookup_result out;
    out.message = "'" + text + "' is " + res.port->name + " (" + (res.port->country_iso2.empty() ? "no country" : res.port->country_iso2) +
                  ", " + res.port->port_id + "), not a port of " + country + " (the country asked for)";
    out.candidates.push_back(*res.port);
    return out;
}

lookup_result port_catalog::resolve_unrestricted(const std::string& raw, const std::string& country_arg) const {
    lookup_result res;
    std::string text = trim(raw), country = to_upper(trim(country_arg));
    if (text.empty()) {
        res.message = "empty port argument (a UN/LOCODE, WPI number, port id, name or lon,lat)";
        res.bad_input = true;
        return res;
    }
    if (auto p = parse_lon_lat(text)) {
        if (auto why = check_lon_lat(p->lon, p->lat)) {
            res.message = "'" + text + "': " + *why;
            res.bad_input = true;
            return res;
        }
        res.status = lookup_status::ok;
        res.point = *p;
        return res;
    }
    // two numbers not separated by a comma ("23.6 37.9", "23.6;37.9"): a position written the wrong way
    if (const auto sep = text.find_first_of(" \t;"); sep != std::string::npos && text.find(',') == std::string::npos) {
        const auto rest = text.find_first_not_of(" \t;", sep);
        const std::string as_pair = text.substr(0, sep) + "," + (rest == std::string::npos ? "" : text.substr(rest));
        if (parse_lon_lat(as_pair)) {
            res.message = "no port matches '" + text + "'; a position is written lon,lat with a comma: " + as_pair;
            return res;
        }
    }
    static const std::string port_id = "port_id";
    const int id_field = file_field(port_id);
    for (std::size_t i = 0; i < size(); ++i) {
        const auto id = text_view(i, port_id, id_field); // in place; a non-text id is converted
        if (id ? *id == text : value_to_string(cell(i, port_id)) == text) {
            res.status = lookup_status::ok;
            res.port = ref(i);
            return res;
        }
    }
    // "CC:name"
    if (has_country_prefix(text)) {
        country = to_upper(text.substr(0, 2));
        text = trim(text.substr(3));
    }
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        std::vector<std::size_t> hits;
        for (std::size_t i = 0; i < size(); ++i)
            if (this->text(i, "wpi_number") == text) hits.push_back(i);
        if (hits.size() == 1) {
            res.status = lookup_status::ok;
            res.port = ref(hits[0]);
        } else if (hits.size() > 1) {
            res.status = lookup_status::ambiguous;
            for (auto h : hits) res.candidates.push_back(ref(h));
            res.message = "'" + text + "' matches " + std::to_string(hits.size()) + " ports by WPI number: use a port id";
        } else {
            res.message = "no port with WPI number " + text;
        }
        return res;
    }
    if (auto code = normalise_locode(text)) {
        std::vector<std::size_t> hits;
        std::string list;
        for (const auto& h : code_hits(*code))
            if (std::find(hits.begin(), hits.end(), h.port) == hits.end()) {
                hits.push_back(h.port);
                list = h.list;
            }
        if (hits.size() == 1) {
            res.status = lookup_status::ok;
            res.port = ref(hits[0]);
            if (*code != res.port->unlocode) res.note = *code + " is a " + list + " code of " + res.port->name;
            return res;
        }
        if (hits.size() > 1) {
            res.status = lookup_status::ambiguous;
            for (auto h : ranked(hits)) res.candidates.push_back(ref(h));
            res.message = "'" + text + "' is a code of " + std::to_string(hits.size()) + " ports: use a WPI number or a port id";
            return res;
        }
    }
    const std::string key = normalise_name(text);
    if (auto it = complexes().find(key); it != complexes().end() &&
        (country.empty() || this->text(it->second.front(), "country_iso2") == country)) {
        res.status = lookup_status::ok;
        res.port = ref(it->second.front());
        std::vector<std::string> names;
        for (auto m : it->second) {
            res.members.push_back(ref(m));
            names.push_back(res.members.back().name + (m == it->second.front() ? " (main)" : ""));
        }
        res.note = complex_names().at(key) + " is a port complex: " + join(names, ", ") + "; using its main member " + res.port->name;
        return res;
    }
    lookup_result named = by_name(text, key, country);
    if (named.status != lookup_status::not_found) return named;
    return not_found(text, key);
}

} // namespace harbormap::query
