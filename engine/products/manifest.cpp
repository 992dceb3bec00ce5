#include "engine/products/manifest.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/sources.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <zlib.h>

namespace fs = std::filesystem;

namespace harbormap::products {

std::string file_fingerprint(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw processing_error("cannot read " + file.string());
    uLong crc = crc32(0L, Z_NULL, 0);
    std::uintmax_t size = 0;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        const auto n = in.gcount();
        if (n <= 0) break;
        crc = crc32(crc, reinterpret_cast<const Bytef*>(buf), static_cast<uInt>(n));
        size += static_cast<std::uintmax_t>(n);
    }
    return fmt::format("crc32:{:08x} bytes:{}", crc, size);
}

int manifest::schema_version() const {
    auto it = entries.find("schema_version");
    return it == entries.end() ? 0 : static_cast<int>(parse_int(it->second).value_or(0));
}

std::string manifest::build_date() const {
    auto it = entries.find("build_date");
    return it == entries.end() ? std::string() : it->second;
}

feature_layer manifest::to_layer() const {
    feature_layer l;
    l.name = manifest_layer_name;
    l.geom_type = geometry_type::none;
    l.fields = {{"key", field_type::text}, {"value", field_type::text}};
    std::int64_t id = 0;
    for (const auto& [k, v] : entries) {
        feature f;
        f.id = ++id;
        f.properties = {{"key", k}, {"value", v}};
        l.features.push_back(std::move(f));
    }
    return l;
}

std::string manifest::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : entries) j[k] = v;
    return j.dump(2) + "\n";
}

manifest manifest::from_layer(const feature_layer& layer) {
    manifest m;
    for (const auto& f : layer.features) m.entries[f.text("key")] = f.text("value");
    return m;
}

manifest make_manifest(const fs::path& data_dir, const std::vector<std::string>& files,
                       const std::vector<const feature_layer*>& fact_layers) {
    manifest m;
    m.entries["schema_version"] = std::to_string(footprint_schema_version);
    m.entries["harbormap_version"] = HARBORMAP_VERSION;
    for (const auto& f : files)
        if (fs::exists(data_dir / f)) m.entries["file:" + f] = file_fingerprint(data_dir / f);
    std::string date;
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && parse_int(sde)) {
        const auto secs = std::chrono::sys_seconds{std::chrono::seconds{*parse_int(sde)}};
        const auto day = std::chrono::floor<std::chrono::days>(secs);
        const std::chrono::year_month_day ymd{day};
        date = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                           static_cast<unsigned>(ymd.day()));
        m.entries["build_date_source"] = "SOURCE_DATE_EPOCH";
    } else {
        for (const auto* l : fact_layers)
            if (l)
                for (const auto& f : l->features) {
                    const std::string d = f.text("source_date").substr(0, 10);
                    if (d.size() == 10 && d[4] == '-' && d > date) date = d;
                }
        m.entries["build_date_source"] = "newest source_date of the data's rows";
    }
    m.entries["build_date"] = date;
    return m;
}

manifest footprint_manifest(const loaded_sources& src, const fs::path& data_dir) {
    std::vector<std::string> files;
    std::vector<const feature_layer*> layers;
    for (const auto& [name, t] : src.tables) {
        files.push_back(t.map.path);
        layers.push_back(&t.layer);
    }
    if (src.countries) files.insert(files.end(), {countries_file, country_codes_file}); // the position checks read them
    std::sort(files.begin(), files.end());
    return make_manifest(data_dir, files, layers);
}

} // namespace harbormap::products
