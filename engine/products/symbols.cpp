#include "engine/products/symbols.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <fmt/format.h>

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
                                                    "min_zoom", "filter"};
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
        return s;
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
    std::set<std::string> ids;
    for (std::size_t i = 0; i < cs->size(); ++i) {
        const std::string where = fmt::format("classes[{}]", i);
        symbol_def c = r.read_class((*cs)[i], where);
        if (!ids.insert(c.id).second) r.fail(where + ".id", "duplicate class id '" + c.id + "'");
        out.classes.push_back(std::move(c));
    }
    return out;
}

symbol_set load_symbols(const fs::path& data_dir) {
    const fs::path file = data_dir / "styles" / "symbols.json";
    if (!fs::exists(file)) throw input_error(file.string(), 0, "", "the symbol definitions are missing (data/styles/symbols.json)");
    return parse_symbols(read_file(file), file);
}

} // namespace harbormap::products
