// The declarative source mappings (layers/mappings/*.json): a malformed mapping must give an
// input_error naming the file and key, never a crash; an accepted one must describe its fields.
#include "engine/core/error.hpp"
#include "layers/mapping.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::temp_input(".json", data, size);
    try {
        const auto m = harbormap::layers::load_mapping(file);
        for (const auto& f : m.fields) (void)harbormap::layers::to_string(f.type);
    } catch (const harbormap::input_error&) {
    }
    return 0;
}
