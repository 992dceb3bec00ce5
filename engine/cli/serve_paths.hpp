#pragma once
// Where `serve` and `export web` find the viewer: its files (HARBORMAP_WEB, else the source tree's
// engine/products/serve/web) and the npm libraries (HARBORMAP_WEB_VENDOR, else the folder that
// engine/products/serve/install_vendor.sh fills: $HOME/.cache/harbormap-web/node_modules).
#include <cstdlib>
#include <filesystem>

namespace harbormap::cli {

inline std::filesystem::path default_web_dir() {
    if (const char* e = std::getenv("HARBORMAP_WEB"); e && *e) return e;
    return std::filesystem::path(HARBORMAP_SOURCE_DIR) / "engine/products/serve/web";
}

inline std::filesystem::path default_vendor_dir() {
    if (const char* e = std::getenv("HARBORMAP_WEB_VENDOR"); e && *e) return e;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".cache/harbormap-web/node_modules";
}

} // namespace harbormap::cli
