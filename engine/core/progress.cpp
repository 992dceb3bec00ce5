#include "engine/core/progress.hpp"

#include <unistd.h>

namespace harbormap {

bool progress::stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

void progress::step(const std::string& what) {
    if (!m_enabled) return;
    done();
    m_err << "[" << ++m_step << "] " << what << "\n";
    m_err.flush();
}

void progress::tick(const std::string& what, std::uint64_t done_count, std::uint64_t total) {
    if (!m_enabled) return;
    const auto now = std::chrono::steady_clock::now();
    if (done_count != total && now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    m_err << "\r    " << what << " " << done_count;
    if (total) m_err << "/" << total << " (" << (100 * done_count / total) << "%)";
    m_err.flush();
    m_open_line = true;
}

void progress::done() {
    if (m_open_line) {
        m_err << "\n";
        m_open_line = false;
    }
}

} // namespace harbormap
