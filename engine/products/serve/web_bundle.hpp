#pragma once
// The viewer's files: the page (engine/products/serve/web/) and the npm libraries it runs on
// (maplibre-gl, pmtiles: installed by engine/products/serve/install_vendor.sh, served from this
// machine with their licences, never from a CDN).  The server and `export web` share this table.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::products::serve {

struct bundle_file {
    std::string url;                     // "/index.html", "/vendor/maplibre-gl.js"
    std::filesystem::path source;        // a file to copy, or empty with `content`
    std::string content;                 // generated text (the pmtiles licence notice)
};

// The viewer's own files (every regular file of web_dir) and the vendor files.  Throws
// processing_error naming what is missing and how to install it.
std::vector<bundle_file> viewer_files(const std::filesystem::path& web_dir, const std::filesystem::path& vendor_dir);

// Content type by file extension ("application/octet-stream" when unknown).
std::string content_type_for(const std::filesystem::path& p);

// The build's label glyphs (out/glyphs/{fontstack}/{range}.pbf) as "/glyphs/..." files; none for a
// build that predates them.
std::vector<bundle_file> glyph_files(const std::filesystem::path& out_dir);

// The build's countries basemap (out/basemap/countries-50m.geojson, Natural Earth via world-atlas, and its
// licence) as "/basemap/..." files, drawn under the tiles as land; none for a build without it.
std::vector<bundle_file> basemap_files(const std::filesystem::path& out_dir);
// The basemap's URL relative to the viewer ("basemap/countries-50m.geojson"), empty without one: config.json's
// "basemap".
std::string basemap_url(const std::filesystem::path& out_dir);

// MapLibre style of the build (out/styles/harbormap.style.json) with its vector source pointing at url
// ("pmtiles://harbormap.pmtiles" or "http://host/tilejson.json") and, when glyphs_url is not empty, its
// glyphs there ("http://host/glyphs/{fontstack}/{range}.pbf").  Throws processing_error when missing.
std::string style_with_source(const std::filesystem::path& out_dir, const std::string& url, const std::string& glyphs_url = "");

// `harbormap export web DIR`: page, JS, style, facets and the PMTiles, hostable by any static server.
struct export_result {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
};
export_result export_web(const std::filesystem::path& out_dir, const std::filesystem::path& web_dir,
                         const std::filesystem::path& vendor_dir, const std::string& facets_json, const std::string& facts_json,
                         const std::filesystem::path& target, bool overwrite);

} // namespace harbormap::products::serve
