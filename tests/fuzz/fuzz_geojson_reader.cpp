// GeoJSON through the native-geometry mappings (polygons, lines; GEOS validity checks) and the
// generic read_vector_file.  The first byte picks the path.
#include "engine/core/error.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <vector>

namespace {
const std::vector<harbormap::layers::mapping>& mappings() {
    static const std::vector<harbormap::layers::mapping> m = [] {
        const std::filesystem::path src = HARBORMAP_SOURCE_DIR;
        return std::vector<harbormap::layers::mapping>{
            harbormap::layers::load_mapping(src / "tests/badinput/mappings/polygons.json"),
            harbormap::layers::load_mapping(src / "tests/badinput/mappings/lines.json"),
            harbormap::layers::load_mapping(src / "layers/mappings/sealanes.json")};
    }();
    return m;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto& maps = mappings();
    const std::size_t pick = data[0] % (maps.size() + 1);
    const auto file = fuzz::temp_input(".geojson", data + 1, size - 1);
    try {
        if (pick == maps.size()) (void)harbormap::layers::read_vector_file(file);
        else (void)harbormap::layers::read_source(maps[pick], {}, file);
    } catch (const harbormap::input_error&) {
    } catch (const harbormap::processing_error&) {
    }
    return 0;
}
