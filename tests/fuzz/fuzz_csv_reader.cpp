// CSV through the declarative mappings (layers::read_source): the test mapping of the bad-input
// corpus and the curated/shipped CSV mappings.  The first byte picks the mapping.  Bad input must
// end in harbormap::input_error (or processing_error); anything else (a crash, a sanitizer report,
// another exception type) is a finding.
#include "engine/core/error.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <vector>

namespace {
const std::vector<harbormap::layers::mapping>& mappings() {
    static const std::vector<harbormap::layers::mapping> m = [] {
        const std::filesystem::path src = HARBORMAP_SOURCE_DIR;
        std::vector<harbormap::layers::mapping> v;
        v.push_back(harbormap::layers::load_mapping(src / "tests/badinput/mappings/points.json"));
        for (const char* f : {"terminals", "bri", "logink", "zpmc", "strategic", "other_makers", "wpi", "unlocode", "wpi_countries"})
            v.push_back(harbormap::layers::load_mapping(src / "layers/mappings" / (std::string(f) + ".json")));
        return v;
    }();
    return m;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto& maps = mappings();
    const auto& map = maps[data[0] % maps.size()];
    const auto file = fuzz::temp_input(".csv", data + 1, size - 1);
    try {
        const auto t = harbormap::layers::read_source(map, {}, file);
        // Every accepted feature must have a valid geometry or none.
        for (const auto& f : t.layer.features)
            for (const auto& p : f.geom.points)
                if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180)) __builtin_trap();
    } catch (const harbormap::input_error&) {
    } catch (const harbormap::processing_error&) {
    }
    return 0;
}
