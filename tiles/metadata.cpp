#include "tiles/generator.hpp"

#include <map>
#include <set>
#include <unordered_set>

namespace harbormap::tiles {
namespace {

bool written(const layer_spec& s, const std::string& key) {
    for (const auto& e : s.exclude_fields)
        if (e == key) return false;
    if (s.fields.empty()) return true;
    for (const auto& f : s.fields)
        if (f == key) return true;
    return false;
}

} // namespace

nlohmann::json vector_layers_json(const std::vector<layer_spec>& layers, const generate_options& opt) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& s : layers) {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : s.source->fields) {
            if (!written(s, f.name)) continue;
            fields[f.name] = f.type == field_type::text      ? "String"
                             : f.type == field_type::boolean ? "Boolean"
                                                             : "Number";
        }
        arr.push_back({{"id", s.name},
                       {"description", s.description},
                       {"minzoom", std::max(s.min_zoom, opt.min_zoom)},
                       {"maxzoom", std::min(s.max_zoom, opt.max_zoom)},
                       {"fields", fields}});
    }
    return arr;
}

// mapbox-geostats layout: per attribute the distinct-value count, type, up to 100 values (sorted)
// and min/max of numbers.
nlohmann::json tilestats_json(const std::vector<layer_spec>& layers) {
    nlohmann::json out{{"layerCount", layers.size()}, {"layers", nlohmann::json::array()}};
    for (const auto& s : layers) {
        struct acc {
            std::set<std::string> strings;
            std::set<double> numbers;
            std::set<bool> bools;
            bool has_num = false;
            double min = 0, max = 0;
        };
        std::map<std::string, acc> attrs;
        for (const auto& f : s.source->features)
            for (const auto& [k, v] : f.properties) {
                if (std::holds_alternative<std::monostate>(v) || !written(s, k)) continue;
                auto& a = attrs[k];
                double num = 0;
                bool is_num = false;
                if (const auto* str = std::get_if<std::string>(&v)) {
                    if (a.strings.size() < 1000) a.strings.insert(*str);
                } else if (const auto* b = std::get_if<bool>(&v)) {
                    a.bools.insert(*b);
                } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
                    num = static_cast<double>(*i);
                    is_num = true;
                } else if (const auto* d = std::get_if<double>(&v)) {
                    num = *d;
                    is_num = true;
                }
                if (is_num) {
                    if (a.numbers.size() < 1000) a.numbers.insert(num);
                    if (!a.has_num || num < a.min) a.min = num;
                    if (!a.has_num || num > a.max) a.max = num;
                    a.has_num = true;
                }
            }
        nlohmann::json attributes = nlohmann::json::array();
        for (const auto& [k, a] : attrs) {
            const int kinds = !a.strings.empty() + !a.numbers.empty() + !a.bools.empty();
            const char* type = kinds > 1 ? "mixed" : !a.strings.empty() ? "string" : !a.numbers.empty() ? "number" : "boolean";
            nlohmann::json values = nlohmann::json::array();
            for (const auto& b : a.bools) values.push_back(b);
            for (const auto& n : a.numbers) {
                if (values.size() >= 100) break;
                values.push_back(n);
            }
            for (const auto& str : a.strings) {
                if (values.size() >= 100) break;
                values.push_back(str);
            }
            nlohmann::json aj{{"attribute", k},
                              {"count", a.strings.size() + a.numbers.size() + a.bools.size()},
                              {"type", type},
                              {"values", values}};
            if (a.has_num) {
                aj["min"] = a.min;
                aj["max"] = a.max;
            }
            attributes.push_back(aj);
        }
        out["layers"].push_back({{"layer", s.name},
                                 {"count", s.source->features.size()},
                                 {"geometry", geojson_type_name(s.source->geom_type)},
                                 {"attributeCount", attributes.size()},
                                 {"attributes", attributes}});
    }
    return out;
}

} // namespace harbormap::tiles
