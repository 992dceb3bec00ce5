// The MVT decoder behind `tiles show` and the goldens: malformed tiles must give std::runtime_error
// (or protozero's exception), never a crash; a decoded tile must print as canonical JSON and text.
#include "tiles/mvt.hpp"

#include <cstddef>
#include <cstdint>
#include <protozero/exception.hpp>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto t = harbormap::tiles::decode_tile(std::string_view(reinterpret_cast<const char*>(data), size));
        (void)harbormap::tiles::to_canonical_json(t);
        (void)harbormap::tiles::to_text(t);
    } catch (const std::runtime_error&) {
    } catch (const protozero::exception&) {
    }
    return 0;
}
