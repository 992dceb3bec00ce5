#pragma once
// The sanitizer run (scripts/test-sanitize sets HARBORMAP_SANITIZER_RUN=1): tests that repeat one code path
// over many variants or rows of real data take a sample there -- the same code paths, each ~10-15x slower
// under ASan+UBSan -- while the release suite runs them whole.  Every test that samples says what it keeps.
#include <cstddef>
#include <cstdlib>

namespace harbormap::test {

inline bool sanitizer_run() {
    const char* s = std::getenv("HARBORMAP_SANITIZER_RUN");
    return s && *s == '1';
}

// Every `step`-th item under the sanitizers, every item otherwise.
inline std::size_t sample_step(std::size_t step) { return sanitizer_run() ? step : 1; }

} // namespace harbormap::test
