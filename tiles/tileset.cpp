#include "tiles/tileset.hpp"

#include "engine/core/error.hpp"
#include "tiles/formats.hpp"

#include <cctype>
#include <fstream>

namespace harbormap::tiles {

nlohmann::json tileset_metadata::json() const {
    nlohmann::json j = nlohmann::json::object();
    j["vector_layers"] = vector_layers;
    j["tilestats"] = tilestats;
    return j;
}

const char* format_name(tile_format f) {
    switch (f) {
    case tile_format::mbtiles: return "mbtiles";
    case tile_format::pmtiles: return "pmtiles";
    default: return "xyz";
    }
}

tile_format format_for(const std::filesystem::path& out, const std::string& f) {
    if (f == "mbtiles") return tile_format::mbtiles;
    if (f == "pmtiles") return tile_format::pmtiles;
    if (f == "xyz") return tile_format::xyz;
    if (!f.empty()) throw usage_error("unknown tile format '" + f + "' (use mbtiles, pmtiles or xyz)");
    std::string ext = out.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".mbtiles") return tile_format::mbtiles;
    if (ext == ".pmtiles") return tile_format::pmtiles;
    // a folder; an extension is more likely a typo (my.pmtile) than a folder name: say so, -f xyz allows it
    if (!ext.empty())
        throw usage_error("output '" + out.string() + "': '" + out.extension().string() +
                          "' is not .mbtiles or .pmtiles (for an XYZ folder of that name add -f xyz)");
    return tile_format::xyz;
}

std::unique_ptr<tile_sink> make_sink(tile_format f, const std::filesystem::path& out, bool overwrite) {
    switch (f) {
    case tile_format::mbtiles: return make_mbtiles_sink(out, overwrite);
    case tile_format::pmtiles: return make_pmtiles_sink(out, overwrite);
    default: return make_xyz_sink(out, overwrite);
    }
}

std::unique_ptr<tile_source> open_tiles(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) throw processing_error(path.string() + ": no such file or directory");
    if (std::filesystem::is_directory(path)) return open_xyz(path);
    std::string magic(7, '\0');
    {
        std::ifstream f(path, std::ios::binary);
        f.read(magic.data(), 7);
    }
    if (magic == "PMTiles") return open_pmtiles(path);
    return open_mbtiles(path);
}

} // namespace harbormap::tiles
