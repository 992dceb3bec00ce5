#pragma once
// Progress on stderr: shown only on a TTY unless forced (--progress); stdout carries data only.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace harbormap {

class progress {
public:
    progress(std::ostream& err, bool enabled) : m_err(err), m_enabled(enabled) {}
    static bool stderr_is_tty();
    bool enabled() const { return m_enabled; }
    // A step line ("[2/5] fusing layers").
    void step(const std::string& what);
    // A counter within a step, rate-limited to ~10 updates per second.
    void tick(const std::string& what, std::uint64_t done, std::uint64_t total);
    void done();

private:
    std::ostream& m_err;
    bool m_enabled;
    int m_step = 0;
    std::chrono::steady_clock::time_point m_last{};
    bool m_open_line = false;
};

} // namespace harbormap
