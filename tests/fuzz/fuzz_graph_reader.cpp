// The sea graph file loader (routing::deserialize_graph): any bytes must give a graph that passes
// validation or a processing_error.  The header's payload size and XXH3 checksum are fixed up
// before loading (a fuzzer cannot forge a checksum), so mutations reach the payload parser; the
// header checks themselves are covered by the corpus and tests/badinput.  A loaded graph must
// survive a write/read round trip unchanged.
#include "engine/core/error.hpp"
#include "engine/routing/graph_file.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.size() >= 64) {
        // header: magic[8] version u32 bom u32 nodes u64 edges u64 gates u64 payload_size u64 checksum u64 reserved u64
        const std::uint64_t payload = bytes.size() - 64, sum = XXH3_64bits(bytes.data() + 64, payload), zero = 0;
        std::memcpy(bytes.data() + 40, &payload, 8);
        std::memcpy(bytes.data() + 48, &sum, 8);
        std::memcpy(bytes.data() + 56, &zero, 8);
    }
    try {
        const auto g = harbormap::routing::deserialize_graph(bytes, "fuzz.hmg");
        // The reader may accept non-canonical input (unknown flag bits are ignored), so the property
        // is: what the writer makes of a loaded graph, the reader loads back to the same bytes.
        const std::string canonical = harbormap::routing::serialize_graph(g);
        if (harbormap::routing::serialize_graph(harbormap::routing::deserialize_graph(canonical, "canonical")) != canonical)
            __builtin_trap();
    } catch (const harbormap::processing_error&) {
    }
    return 0;
}
