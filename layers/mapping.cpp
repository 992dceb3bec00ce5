#include "layers/mapping.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace harbormap::layers {

std::string to_string(field_type t) {
    switch (t) {
    case field_type::text: return "text";
    case field_type::integer: return "integer";
    case field_type::real: return "real";
    case field_type::boolean: return "boolean";
    }
    return "text";
}

const field_mapping* mapping::field(const std::string& name) const {
    for (const auto& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

namespace {
field_type parse_type(const std::string& file, const std::string& where, const std::string& t) {
    if (t == "text" || t == "string") return field_type::text;
    if (t == "integer" || t == "int") return field_type::integer;
    if (t == "real" || t == "double" || t == "number") return field_type::real;
    if (t == "boolean" || t == "bool") return field_type::boolean;
    throw input_error(file, 0, where, "unknown type '" + t + "' (use text, integer, real or boolean)");
}

std::string get_string(const json& j, const std::string& key, const std::string& file, const std::string& where,
                       bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw input_error(file, 0, where.empty() ? key : where + "." + key, "missing key '" + key + "'");
        return {};
    }
    if (!it->is_string()) throw input_error(file, 0, where.empty() ? key : where + "." + key, "must be a string");
    return it->get<std::string>();
}

// Typed optional values: a wrong JSON type is an input_error naming the key, never a library exception.
std::string key_path(const std::string& where, const std::string& key) { return where.empty() ? key : where + "." + key; }

void get_bool(const json& j, const std::string& key, const std::string& file, const std::string& where, bool& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_boolean()) throw input_error(file, 0, key_path(where, key), "must be true or false");
    out = it->get<bool>();
}

void get_number(const json& j, const std::string& key, const std::string& file, const std::string& where,
                std::optional<double>& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_number()) throw input_error(file, 0, key_path(where, key), "must be a number");
    out = it->get<double>();
}

void get_string_list(const json& j, const std::string& key, const std::string& file, const std::string& where,
                     std::vector<std::string>& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_array()) throw input_error(file, 0, key_path(where, key), "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
            throw input_error(file, 0, key_path(where, key) + "[" + std::to_string(i) + "]", "must be a string");
        out.push_back((*it)[i].get<std::string>());
    }
}
} // namespace

mapping load_mapping(const fs::path& file) {
    const std::string f = file.string();
    json j;
    try {
        j = json::parse(read_file(file));
    } catch (const json::exception& e) { // parse_error, and out_of_range for numbers beyond double (77E777)
        throw input_error(f, 0, "", std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw input_error(f, 0, "", "a mapping must be a JSON object");
    static const std::vector<std::string> known = {"source", "title", "path", "license", "geometry", "key",
                                                   "duplicate_keys", "fields", "comment"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            throw input_error(f, 0, it.key(), "unknown mapping key");
    mapping m;
    m.mapping_file = file;
    m.source = get_string(j, "source", f, "", true);
    m.title = get_string(j, "title", f, "", false);
    m.path = get_string(j, "path", f, "", true);
    m.license = get_string(j, "license", f, "", false);
    m.key = get_string(j, "key", f, "", false);
    const std::string dup = get_string(j, "duplicate_keys", f, "", false);
    if (!dup.empty() && dup != "error" && dup != "warn")
        throw input_error(f, 0, "duplicate_keys", "must be 'error' or 'warn'");
    m.duplicate_keys_allowed = dup == "warn";

    if (auto g = j.find("geometry"); g != j.end() && !g->is_null()) {
        if (!g->is_object()) throw input_error(f, 0, "geometry", "must be an object");
        const std::string kind = get_string(*g, "kind", f, "geometry", true);
        if (kind == "lon_lat") {
            m.geometry = geometry_source::lon_lat_columns;
            m.lon_column = get_string(*g, "lon", f, "geometry", true);
            m.lat_column = get_string(*g, "lat", f, "geometry", true);
            get_bool(*g, "required", f, "geometry", m.geometry_required);
        } else if (kind == "native") {
            m.geometry = geometry_source::native;
            const std::string t = get_string(*g, "type", f, "geometry", false);
            if (t == "point") m.native_type = geometry_type::point;
            else if (t == "line") m.native_type = geometry_type::line;
            else if (t == "polygon") m.native_type = geometry_type::polygon;
            else if (!t.empty()) throw input_error(f, 0, "geometry.type", "unknown geometry type '" + t + "' (point, line, polygon)");
        } else {
            throw input_error(f, 0, "geometry.kind", "unknown geometry kind '" + kind + "' (lon_lat or native)");
        }
    }
    auto fields = j.find("fields");
    if (fields == j.end() || !fields->is_array()) throw input_error(f, 0, "fields", "missing array 'fields'");
    for (std::size_t i = 0; i < fields->size(); ++i) {
        const json& fj = (*fields)[i];
        const std::string where = "fields[" + std::to_string(i) + "]";
        if (!fj.is_object()) throw input_error(f, 0, where, "must be an object");
        field_mapping fm;
        fm.name = get_string(fj, "name", f, where, true);
        fm.column = get_string(fj, "column", f, where, false);
        if (fm.column.empty()) fm.column = fm.name;
        const std::string type = get_string(fj, "type", f, where, false);
        fm.type = type.empty() ? field_type::text : parse_type(f, where + ".type", type);
        get_bool(fj, "required", f, where, fm.required);
        get_bool(fj, "optional_column", f, where, fm.optional_column);
        if (fm.required && fm.optional_column) throw input_error(f, 0, where, "a required field cannot have an optional column");
        get_string_list(fj, "values", f, where, fm.values);
        get_number(fj, "min", f, where, fm.min);
        get_number(fj, "max", f, where, fm.max);
        for (const auto& other : m.fields)
            if (other.name == fm.name) throw input_error(f, 0, where + ".name", "duplicate field name '" + fm.name + "'");
        m.fields.push_back(std::move(fm));
    }
    if (!m.key.empty() && !m.field(m.key)) throw input_error(f, 0, "key", "key '" + m.key + "' is not a declared field");
    return m;
}

std::vector<mapping> load_mappings(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    if (ec) throw processing_error("cannot list mappings in " + dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<mapping> out;
    for (const auto& f : files) out.push_back(load_mapping(f));
    return out;
}

} // namespace harbormap::layers
