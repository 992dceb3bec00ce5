#pragma once
// Builders of curated-table rows and layers for the fusion tests (test_footprint.cpp, test_equipment.cpp):
// a feature from (field, value) pairs with an optional point, numbered like CSV records; a layer whose
// text fields are the union of its rows' keys, in first-seen order.
#include "engine/core/geometry.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace harbormap::test {

using kv = std::pair<std::string, value>;

inline feature fact_row(std::initializer_list<kv> props, std::optional<lon_lat> pos = std::nullopt) {
    static std::int64_t n = 1; // record numbers as in a CSV file (header = 1), unique across the tests
    feature f;
    f.row = ++n;
    f.properties.assign(props.begin(), props.end());
    if (pos) f.geom = geometry::make_point(*pos);
    return f;
}

inline feature_layer fact_table(const char* name, std::vector<feature> fs) {
    feature_layer l;
    l.name = name;
    std::set<std::string> seen;
    for (const auto& f : fs)
        for (const auto& [k, v] : f.properties)
            if (seen.insert(k).second) l.fields.push_back({k, field_type::text});
    l.features = std::move(fs);
    return l;
}

} // namespace harbormap::test
