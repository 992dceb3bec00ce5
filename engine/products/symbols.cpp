#include "engine/products/symbols.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace harbormap::products {
namespace {

std::string key_path(const std::string& where, const std::string& key) { return where.empty() ? key : where + "." + key; }

// The reader of one symbols.json: every error names the file and the key.
struct symbols_reader {
    std::string file;
    std::map<std::string, std::string> colours; // role -> "#rrggbb"

    [[noreturn]] void fail(const std::string& key, const std::string& why) const { throw input_error(file, 0, key, why); }

    const json* find(const json& o, const std::string& where, const std::string& key, bool required) const {
        auto it = o.find(key);
        if (it == o.end()) {
            if (required) fail(key_path(where, key), "missing key '" + key + "'");
            return nullptr;
        }
        return &*it;
    }
    std::string text(const json& o, const std::string& where, const std::string& key, bool required, std::string dflt = "") const {
        const json* v = find(o, where, key, required);
        if (!v) return dflt;
        if (!v->is_string() || v->get<std::string>().empty()) fail(key_path(where, key), "must be a non-empty string");
        return v->get<std::string>();
    }
    double number(const json& o, const std::string& where, const std::string& key, double dflt) const {
        const json* v = find(o, where, key, false);
        if (!v) return dflt;
        if (!v->is_number()) fail(key_path(where, key), "must be a number");
        return v->get<double>();
    }
    // A class's colour: a role of "colours" (one place per colour), never a literal.
    std::string colour(const json& o, const std::string& where, const std::string& key, bool required) const {
        const std::string role = text(o, where, key, required, "white");
        auto it = colours.find(role);
        if (it == colours.end()) fail(key_path(where, key), "unknown colour '" + role + "' (name one of \"colours\")");
        return it->second;
    }

    void read_colours(const json& j) {
        const json* c = find(j, "", "colours", true);
        if (!c->is_object()) fail("colours", "must be an object of role: \"#rrggbb\"");
        for (const auto& [role, v] : c->items()) {
            const std::string s = v.is_string() ? v.get<std::string>() : "";
            const bool ok = s.size() == 7 && s[0] == '#' &&
                            s.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
            if (!ok) fail("colours." + role, "must be \"#rrggbb\" (lower-case hex)");
            colours[role] = s;
        }
    }

    symbol_def read_class(const json& c, const std::string& where) const {
        if (!c.is_object()) fail(where, "must be an object");
        static const std::set<std::string> known = {"id", "label", "layer", "geometry", "colour", "outline", "size_mm", "shape",
                                                    "min_zoom", "filter", "print"};
        for (const auto& [k, v] : c.items())
            if (!known.count(k)) fail(key_path(where, k), "unknown key (" + join(std::vector<std::string>(known.begin(), known.end()), ", ") + ")");
        symbol_def s;
        s.id = text(c, where, "id", true);
        s.label = text(c, where, "label", true);
        s.layer = text(c, where, "layer", false);
        const std::string g = text(c, where, "geometry", true);
        if (g == "point") s.geometry = symbol_geometry::point;
        else if (g == "line") s.geometry = symbol_geometry::line;
        else if (g == "polygon") s.geometry = symbol_geometry::polygon;
        else fail(key_path(where, "geometry"), "unknown geometry '" + g + "' (point, line, polygon)");
        s.colour = colour(c, where, "colour", true);
        s.outline = colour(c, where, "outline", false);
        s.size_mm = number(c, where, "size_mm", 0);
        if (!s.layer.empty() && s.size_mm <= 0) fail(key_path(where, "size_mm"), "a class with a layer needs a size > 0 (mm)");
        s.shape = text(c, where, "shape", false, "circle");
        static const std::set<std::string> shapes = {"circle", "square", "triangle", "diamond", "star", "pentagon"};
        if (!shapes.count(s.shape)) fail(key_path(where, "shape"), "unknown shape '" + s.shape + "' (circle, square, triangle, diamond, star, pentagon)");
        const double z = number(c, where, "min_zoom", -1);
        if (z != -1 && (z < 0 || z > 24 || z != static_cast<int>(z))) fail(key_path(where, "min_zoom"), "must be a whole zoom 0..24");
        s.min_zoom = static_cast<int>(z);
        if (const json* f = find(c, where, "filter", false)) {
            if (s.layer.empty()) fail(key_path(where, "filter"), "a filter needs a layer");
            s.filter = *f;
            s.qgis_filter = qgis_expression(*f, file, key_path(where, "filter"));
        }
        if (const json* p = find(c, where, "print", false)) s.print = read_print(*p, key_path(where, "print"), s.geometry);
        return s;
    }

    // "print": {"marker", "size_pt", "outline_pt", "opacity"} for a point class, {"width_pt", "dash", "opacity"}
    // for a line class (an area class is drawn as a marker at its centre).
    print_symbol read_print(const json& p, const std::string& where, symbol_geometry g) const {
        if (!p.is_object()) fail(where, "must be an object");
        const bool line = g == symbol_geometry::line;
        const std::set<std::string> known = line ? std::set<std::string>{"width_pt", "dash", "opacity"}
                                                 : std::set<std::string>{"marker", "size_pt", "outline_pt", "opacity"};
        for (const auto& [k, v] : p.items())
            if (!known.count(k)) fail(key_path(where, k), "unknown key for a " + std::string(line ? "line" : "point") + " class (" +
                                                              join(std::vector<std::string>(known.begin(), known.end()), ", ") + ")");
        print_symbol out;
        const auto positive = [&](const std::string& key, bool required) {
            const double v = number(p, where, key, required ? -1 : 0);
            if (required && !find(p, where, key, false)) fail(key_path(where, key), "missing key '" + key + "'");
            if (v < 0 || (required && v <= 0)) fail(key_path(where, key), "must be a number > 0 (pt)");
            return v;
        };
        out.opacity = number(p, where, "opacity", 1);
        if (out.opacity <= 0 || out.opacity > 1) fail(key_path(where, "opacity"), "must be in (0, 1]");
        if (line) {
            out.marker = "line";
            out.width_pt = positive("width_pt", true);
            if (const json* d = find(p, where, "dash", false)) {
                if (!d->is_array() || d->size() % 2 != 0) fail(key_path(where, "dash"), "must be an array of on/off lengths (pt), an even count");
                for (const auto& x : *d) {
                    if (!x.is_number() || x.get<double>() <= 0) fail(key_path(where, "dash"), "lengths must be numbers > 0 (pt)");
                    out.dash.push_back(x.get<double>());
                }
            }
            return out;
        }
        out.marker = text(p, where, "marker", true);
        static const std::set<std::string> markers = {"circle", "square", "triangle", "diamond", "star", "ring"};
        if (!markers.count(out.marker)) fail(key_path(where, "marker"), "unknown marker '" + out.marker + "' (circle, square, triangle, diamond, star, ring)");
        out.size_pt = positive("size_pt", true);
        out.outline_pt = positive("outline_pt", false);
        return out;
    }

    std::map<std::string, std::string> read_theme(const json& j) const {
        const json* t = find(j, "", "theme", true);
        if (!t->is_object()) fail("theme", "must be an object of slot: colour role");
        std::map<std::string, std::string> out;
        for (const auto& slot : theme_slots()) out[slot] = colour(*t, "theme", slot, true);
        for (const auto& [k, v] : t->items())
            if (!out.count(k)) fail("theme." + k, "unknown theme slot (" + join(theme_slots(), ", ") + ")");
        return out;
    }

    label_priority read_label_priority(const json& j) const {
        const json* t = find(j, "", "port_label_priority", true);
        if (!t->is_object()) fail("port_label_priority", "must be an object of weights");
        static const std::vector<std::string> keys = {"base", "importance", "prc_terminals", "strategic"};
        for (const auto& [k, v] : t->items())
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) fail("port_label_priority." + k, "unknown weight (" + join(keys, ", ") + ")");
        for (const auto& k : keys)
            if (!find(*t, "port_label_priority", k, true)->is_number()) fail("port_label_priority." + k, "must be a number");
        return {number(*t, "", "base", 0), number(*t, "", "importance", 0), number(*t, "", "prc_terminals", 0), number(*t, "", "strategic", 0)};
    }
};

std::string qgis_field(const json& e, const std::string& file, const std::string& key) {
    if (!e.is_array() || e.size() != 2 || e[0] != "get" || !e[1].is_string())
        throw input_error(file, 0, key, "expected [\"get\", \"field\"], got " + e.dump());
    return fmt::format("\"{}\"", e[1].get<std::string>());
}

std::string qgis_value(const json& v, const std::string& file, const std::string& key) {
    if (v.is_string()) {
        std::string q;
        for (char c : v.get<std::string>()) q += c == '\'' ? std::string("''") : std::string(1, c);
        return fmt::format("'{}'", q);
    }
    if (v.is_boolean()) return v.get<bool>() ? "TRUE" : "FALSE";
    if (v.is_number()) return v.dump();
    throw input_error(file, 0, key, "a compared value must be a string, number or boolean, got " + v.dump());
}

} // namespace

std::string qgis_expression(const json& e, const fs::path& path, const std::string& key) {
    const std::string file = path.string();
    const std::string op = e.is_array() && !e.empty() && e[0].is_string() ? e[0].get<std::string>() : "";
    if (op == "get") return qgis_field(e, file, key);
    if ((op == "==" || op == "!=") && e.size() == 3)
        return qgis_field(e[1], file, key + "[1]") + (op == "==" ? " = " : " <> ") + qgis_value(e[2], file, key + "[2]");
    if (op == "!" && e.size() == 2) return fmt::format("NOT ({})", qgis_expression(e[1], path, key + "[1]"));
    if ((op == "all" || op == "any") && e.size() >= 2) {
        std::string out;
        for (std::size_t i = 1; i < e.size(); ++i) {
            std::string part = qgis_expression(e[i], path, fmt::format("{}[{}]", key, i));
            const bool compound = e[i].is_array() && (e[i][0] == "all" || e[i][0] == "any");
            if (i > 1) out += op == "all" ? " AND " : " OR ";
            out += compound ? fmt::format("({})", part) : part;
        }
        return out;
    }
    throw input_error(file, 0, key,
                      "unsupported filter " + e.dump() + " (use [\"get\", f], [\"==\"|\"!=\", [\"get\", f], value], [\"all\"|\"any\", ...], [\"!\", e])");
}

const symbol_def& symbol_set::at(const std::string& id) const {
    for (const auto& c : classes)
        if (c.id == id) return c;
    throw input_error(file.string(), 0, "classes", "no class with id '" + id + "' (the code draws it)");
}

const std::string& symbol_set::colour(const std::string& role) const {
    auto it = colours.find(role);
    if (it == colours.end()) throw input_error(file.string(), 0, "colours", "no colour role '" + role + "' (the code draws it)");
    return it->second;
}

const std::string& symbol_set::theme_colour(const std::string& slot) const {
    auto it = theme.find(slot);
    if (it == theme.end()) throw input_error(file.string(), 0, "theme", "no theme slot '" + slot + "'");
    return it->second;
}

double symbol_set::port_label_priority(std::int64_t importance, std::int64_t prc_terminals, bool strategic) const {
    return port_labels.base + port_labels.importance * static_cast<double>(importance) +
           port_labels.prc_terminals * static_cast<double>(prc_terminals) + (strategic ? port_labels.strategic : 0.0);
}

const std::vector<std::string>& theme_slots() {
    static const std::vector<std::string> slots = {"page", "ocean", "land", "border", "coast", "graticule", "frame", "text", "muted", "label"};
    return slots;
}

symbol_set parse_symbols(const std::string& text, const fs::path& file) {
    symbols_reader r{file.string(), {}};
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw input_error(r.file, 0, "", std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) r.fail("", "must be a JSON object with \"colours\" and \"classes\"");
    r.read_colours(j);
    const json* cs = r.find(j, "", "classes", true);
    if (!cs->is_array()) r.fail("classes", "must be an array");
    symbol_set out;
    out.file = file;
    out.colours = r.colours;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < cs->size(); ++i) {
        const std::string where = fmt::format("classes[{}]", i);
        symbol_def c = r.read_class((*cs)[i], where);
        if (!ids.insert(c.id).second) r.fail(where + ".id", "duplicate class id '" + c.id + "'");
        out.classes.push_back(std::move(c));
    }
    out.theme = r.read_theme(j);
    out.port_labels = r.read_label_priority(j);
    return out;
}

symbol_set load_symbols(const fs::path& data_dir) {
    const fs::path file = data_dir / "styles" / "symbols.json";
    if (!fs::exists(file)) throw input_error(file.string(), 0, "", "the symbol definitions are missing (data/styles/symbols.json)");
    return parse_symbols(read_file(file), file);
}

} // namespace harbormap::products
