#include "engine/products/serve/web_bundle.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;

namespace harbormap::products::serve {

std::string content_type_for(const fs::path& p) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},         {".geojson", "application/json"}, {".txt", "text/plain; charset=utf-8"},      {".png", "image/png"},
        {".svg", "image/svg+xml"},             {".pmtiles", "application/octet-stream"},  {".pbf", "application/x-protobuf"}};
    const auto it = types.find(to_lower(p.extension().string()));
    return it == types.end() ? "application/octet-stream" : it->second;
}

std::vector<bundle_file> viewer_files(const fs::path& web_dir, const fs::path& vendor_dir) {
    std::vector<bundle_file> out;
    if (!fs::is_directory(web_dir)) throw processing_error("viewer files not found: " + web_dir.string() + " (pass --web DIR)");
    for (const auto& e : fs::recursive_directory_iterator(web_dir))
        if (e.is_regular_file()) {
            std::string url(1, '/');
            url.append(fs::relative(e.path(), web_dir).generic_string());
            out.push_back({std::move(url), e.path(), {}});
        }
    const std::string hint = " (install the viewer's npm packages: engine/products/serve/install_vendor.sh, run by scripts/setup; "
                             "or pass --vendor DIR / set HARBORMAP_WEB_VENDOR to a node_modules folder)";
    const std::vector<std::pair<std::string, fs::path>> vendor = {
        {"/vendor/maplibre-gl.js", "maplibre-gl/dist/maplibre-gl.js"},
        {"/vendor/maplibre-gl.css", "maplibre-gl/dist/maplibre-gl.css"},
        {"/vendor/maplibre-gl.LICENSE.txt", "maplibre-gl/LICENSE.txt"},
        {"/vendor/pmtiles.js", "pmtiles/dist/pmtiles.js"},
    };
    for (const auto& [url, rel] : vendor) {
        if (!fs::is_regular_file(vendor_dir / rel)) throw processing_error("missing " + (vendor_dir / rel).string() + hint);
        out.push_back({url, vendor_dir / rel, {}});
    }
    // pmtiles ships no licence file: the notice comes from its package.json.
    const fs::path pkg = vendor_dir / "pmtiles/package.json";
    if (!fs::is_regular_file(pkg)) throw processing_error("missing " + pkg.string() + hint);
    const auto j = nlohmann::json::parse(read_file(pkg), nullptr, false);
    if (!j.is_object()) throw processing_error(pkg.string() + ": not JSON");
    std::string repo = j.contains("repository") && j["repository"].is_object() ? j["repository"].value("url", "") : "";
    out.push_back({"/vendor/pmtiles.LICENSE.txt", {},
                   fmt::format("pmtiles {} (npm)\nLicence: {} (the 'license' field of its package.json; the npm package ships "
                               "no licence file)\nSource: {}\n",
                               j.value("version", "?"), j.value("license", "?"), repo.empty() ? j.value("homepage", "?") : repo)});
    std::sort(out.begin(), out.end(), [](const bundle_file& a, const bundle_file& b) { return a.url < b.url; });
    return out;
}

std::vector<bundle_file> glyph_files(const fs::path& out_dir) {
    std::vector<bundle_file> out;
    const fs::path dir = out_dir / "glyphs";
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".pbf")
            out.push_back({"/glyphs/" + fs::relative(e.path(), dir).generic_string(), e.path(), {}});
    std::sort(out.begin(), out.end(), [](const bundle_file& a, const bundle_file& b) { return a.url < b.url; });
    return out;
}

std::vector<bundle_file> basemap_files(const fs::path& out_dir) {
    std::vector<bundle_file> out;
    if (basemap_url(out_dir).empty()) return out;
    for (const auto& e : fs::directory_iterator(out_dir / "basemap"))
        if (e.is_regular_file() && (e.path().extension() == ".geojson" || e.path().extension() == ".txt"))
            out.push_back({"/basemap/" + e.path().filename().string(), e.path(), {}});
    std::sort(out.begin(), out.end(), [](const bundle_file& a, const bundle_file& b) { return a.url < b.url; });
    return out;
}

std::string basemap_url(const fs::path& out_dir) {
    return fs::is_regular_file(out_dir / "basemap" / "countries-50m.geojson") ? "basemap/countries-50m.geojson" : "";
}

std::string style_with_source(const fs::path& out_dir, const std::string& url, const std::string& glyphs_url) {
    const fs::path p = out_dir / "styles" / "harbormap.style.json";
    if (!fs::is_regular_file(p)) throw processing_error(p.string() + " does not exist: run 'harbormap build' first");
    auto style = nlohmann::json::parse(read_file(p), nullptr, false);
    if (!style.is_object() || !style.contains("sources") || !style["sources"].contains("harbormap"))
        throw processing_error(p.string() + ": not a MapLibre style with a 'harbormap' source");
    style["sources"]["harbormap"]["url"] = url;
    if (!glyphs_url.empty() && style.contains("glyphs")) style["glyphs"] = glyphs_url;
    return style.dump(2) + "\n";
}

export_result export_web(const fs::path& out_dir, const fs::path& web_dir, const fs::path& vendor_dir, const std::string& facets_json, const std::string& facts_json,
                         const fs::path& target, bool overwrite) {
    const fs::path pmtiles = out_dir / "harbormap.pmtiles";
    if (!fs::is_regular_file(pmtiles)) throw processing_error(pmtiles.string() + " does not exist: run 'harbormap build' first");
    auto files = viewer_files(web_dir, vendor_dir);
    for (auto& g : glyph_files(out_dir)) files.push_back(std::move(g)); // relative glyphs URL: the viewer resolves it
    for (auto& b : basemap_files(out_dir)) files.push_back(std::move(b));
    const std::string style = style_with_source(out_dir, "pmtiles://harbormap.pmtiles");
    atomic_dir dir(target, overwrite, {"facts.json", "facets.json"}); // replaces only an earlier bundle
    const fs::path root = dir.temp_path();
    export_result r;
    auto put = [&](const std::string& rel, const std::string& content) {
        fs::create_directories((root / rel).parent_path());
        write_file_atomic(root / rel, content);
        ++r.files;
        r.bytes += content.size();
    };
    for (const auto& f : files) {
        const std::string rel = f.url.substr(1);
        if (f.source.empty()) {
            put(rel, f.content);
            continue;
        }
        fs::create_directories((root / rel).parent_path());
        fs::copy_file(f.source, root / rel, fs::copy_options::overwrite_existing);
        ++r.files;
        r.bytes += fs::file_size(f.source);
    }
    put("style.json", style);
    put("facets.json", facets_json);
    put("facts.json", facts_json);
    put("config.json", nlohmann::json{{"mode", "static"}, {"pmtiles", "harbormap.pmtiles"}, {"basemap", basemap_url(out_dir)}}.dump() + "\n");
    fs::copy_file(pmtiles, root / "harbormap.pmtiles", fs::copy_options::overwrite_existing);
    ++r.files;
    r.bytes += fs::file_size(pmtiles);
    dir.commit();
    return r;
}

} // namespace harbormap::products::serve
