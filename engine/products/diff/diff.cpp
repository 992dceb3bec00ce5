#include "engine/products/diff/diff.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/sources.hpp"
#include "layers/reader.hpp"

#include <algorithm>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace harbormap::products {
namespace {

// Layers compared row by row, and the fields the build derives (matching, nearest port, valid_from/valid_to
// from the year columns, which are compared themselves): not facts.
const std::set<std::string> skipped_layers = {"ports", "match_report", manifest_layer_name, "layer_styles"};
const std::set<std::string> derived_fields = {"port_id", "match_method", "match_distance_km", "match_status", "class",
                                              "nearest_prc_port_id", "nearest_prc_port_name", "nearest_prc_geodesic_nm",
                                              "zpmc_rows", "valid_from", "valid_to"};

// The row key of a fact layer: its first field named *_id other than the build's whose values are set and
// unique in the rows of both snapshots (the cranes layer's zpmc_id is empty on the other makers' rows; its
// row_id is not), else its first *_id field, else `name`.
std::string key_field(const feature_layer& fields, const std::vector<const feature_layer*>& layers) {
    std::string first;
    for (const auto& f : fields.fields) {
        if (f.name.size() <= 3 || f.name.compare(f.name.size() - 3, 3, "_id") != 0 || derived_fields.count(f.name)) continue;
        if (first.empty()) first = f.name;
        const bool unique = std::all_of(layers.begin(), layers.end(), [&](const feature_layer* l) {
            std::set<std::string> seen;
            return std::all_of(l->features.begin(), l->features.end(), [&](const feature& row) {
                const std::string v = row.text(f.name);
                return !v.empty() && seen.insert(v).second;
            });
        });
        if (unique) return f.name;
    }
    return first.empty() ? "name" : first;
}

std::string label_of(const feature& f) {
    for (const char* k : {"terminal_name", "port_name", "name", "maker", "equipment"})
        if (auto t = f.text(k); !t.empty()) return t;
    return {};
}

// Rows by key; a key that repeats (no unique key field) gets its occurrence number ("key #2"), so no row
// is left out of the comparison.
std::map<std::string, const feature*> by_key(const feature_layer& l, const std::string& key) {
    std::map<std::string, const feature*> m;
    std::map<std::string, int> seen;
    for (const auto& f : l.features) {
        const std::string k = f.text(key);
        const int n = ++seen[k];
        m.emplace(n == 1 ? k : k + " #" + std::to_string(n), &f);
    }
    return m;
}

void diff_layer(const std::string& name, const feature_layer* a, const feature_layer* b, footprint_diff& d) {
    static const feature_layer empty_layer;
    const feature_layer& la = a ? *a : empty_layer;
    const feature_layer& lb = b ? *b : empty_layer;
    const std::string key = key_field(b ? lb : la, {&la, &lb});
    const auto ma = by_key(la, key), mb = by_key(lb, key);
    for (const auto& [id, fb] : mb) {
        auto it = ma.find(id);
        if (it == ma.end()) {
            d.added.push_back({name, id, label_of(*fb), {}, fb});
            continue;
        }
        row_change c{name, id, label_of(*fb), {}, fb};
        for (const auto& fd : lb.fields) {
            if (derived_fields.count(fd.name)) continue;
            const std::string before = it->second->text(fd.name), after = fb->text(fd.name);
            if (before != after) c.fields.push_back({fd.name, before, after});
        }
        if (!c.fields.empty()) d.changed.push_back(std::move(c));
    }
    for (const auto& [id, fa] : ma)
        if (!mb.count(id)) d.removed.push_back({name, id, label_of(*fa), {}, fa});
}

void diff_classes(const feature_layer* a, const feature_layer* b, footprint_diff& d) {
    static const feature_layer empty_layer;
    const auto ma = by_key(a ? *a : empty_layer, "port_id"), mb = by_key(b ? *b : empty_layer, "port_id");
    for (const auto& [field, label] : port_classes()) {
        for (const auto& [id, fb] : mb) {
            auto it = ma.find(id);
            const bool was = it != ma.end() && it->second->flag(field);
            if (fb->flag(field) && !was) d.classes.push_back({id, fb->text("name"), label, true, fb});
        }
        for (const auto& [id, fa] : ma) {
            auto it = mb.find(id);
            const bool is = it != mb.end() && it->second->flag(field);
            if (fa->flag(field) && !is) d.classes.push_back({id, fa->text("name"), label, false, fa});
        }
    }
}

snapshot from_gpkg(const fs::path& path) {
    snapshot s;
    s.label = path.string();
    for (auto& l : layers::read_vector_file(path)) s.layers.emplace(l.name, std::move(l));
    auto it = s.layers.find(manifest_layer_name);
    if (it == s.layers.end())
        throw input_error(path.string(), 0, "", std::string("not a harbormap GeoPackage: no ") + manifest_layer_name +
                                                    " table (build it with 'harbormap build')");
    s.info = manifest::from_layer(it->second);
    return s;
}

} // namespace

const std::vector<std::pair<std::string, std::string>>& port_classes() {
    static const std::vector<std::pair<std::string, std::string>> c = {
        {"prc_operated", "PRC-operated"}, {"hk_operated", "Hong Kong-operated"}, {"bri", "BRI"},
        {"logink", "LOGINK"},             {"zpmc", "ZPMC cranes"},           {"strategic", "Strategic Seaport"}};
    return c;
}

snapshot load_snapshot(const fs::path& path, const fs::path& mappings_dir) {
    if (!fs::exists(path)) throw input_error(path.string(), 0, "", "no such file or folder");
    snapshot s;
    fs::path label = path;
    if (fs::is_directory(path) && !fs::exists(path / "curated")) {
        // not a data folder: a build's output folder (`harbormap build --out DIR`) is read through its GeoPackage
        const fs::path gpkg = path / "harbormap.gpkg";
        if (!fs::exists(gpkg))
            throw input_error(path.string(), 0, "",
                              "neither a data folder (no curated/) nor a build's output folder (no harbormap.gpkg): pass a data folder, "
                              "a folder 'harbormap build' wrote, or its harbormap.gpkg");
        s = from_gpkg(gpkg);
        label = gpkg;
    } else if (fs::is_directory(path)) {
        // a data folder: fuse it into a temporary GeoPackage and read that back
        const fs::path tmp = fs::temp_directory_path() / ("harbormap-diff-" + std::to_string(::getpid()) + "-" +
                                                          std::to_string(std::hash<std::string>{}(path.string())) + ".gpkg");
        const loaded_sources src = load_sources(path, mappings_dir);
        write_footprint_gpkg(fuse_sources(src), tmp, {footprint_manifest(src, path).to_layer()});
        try {
            s = from_gpkg(tmp);
        } catch (...) {
            fs::remove(tmp);
            throw;
        }
        fs::remove(tmp);
    } else {
        s = from_gpkg(path);
    }
    s.label = label.string();
    if (s.info.schema_version() != footprint_schema_version)
        throw input_error(path.string(), 0, "schema_version",
                          "footprint schema version " + std::to_string(s.info.schema_version()) + ", this harbormap reads version " +
                              std::to_string(footprint_schema_version) + ": rebuild it with this version ('harbormap build')");
    return s;
}

footprint_diff diff_snapshots(const snapshot& before, const snapshot& after) {
    footprint_diff d;
    d.before = &before;
    d.after = &after;
    for (const auto& [k, v] : after.info.entries) {
        if (k.rfind("file:", 0) != 0) continue;
        auto it = before.info.entries.find(k);
        if (it == before.info.entries.end()) d.files_added.push_back(k.substr(5));
        else if (it->second != v) d.files_changed.push_back(k.substr(5));
    }
    for (const auto& [k, v] : before.info.entries)
        if (k.rfind("file:", 0) == 0 && !after.info.entries.count(k)) d.files_removed.push_back(k.substr(5));
    std::set<std::string> names;
    for (const auto& [n, l] : before.layers) names.insert(n);
    for (const auto& [n, l] : after.layers) names.insert(n);
    for (const auto& n : names) {
        if (skipped_layers.count(n)) continue;
        auto a = before.layers.find(n), b = after.layers.find(n);
        diff_layer(n, a == before.layers.end() ? nullptr : &a->second, b == after.layers.end() ? nullptr : &b->second, d);
    }
    auto pa = before.layers.find("ports"), pb = after.layers.find("ports");
    diff_classes(pa == before.layers.end() ? nullptr : &pa->second, pb == after.layers.end() ? nullptr : &pb->second, d);
    return d;
}

} // namespace harbormap::products
