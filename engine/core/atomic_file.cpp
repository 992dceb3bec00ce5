#include "engine/core/atomic_file.hpp"

#include "engine/core/error.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace harbormap {
namespace {
std::mutex g_mutex;
std::set<fs::path>& pending() {
    static std::set<fs::path> p;
    return p;
}
void track(const fs::path& p) {
    std::lock_guard lock(g_mutex);
    pending().insert(p);
}
void untrack(const fs::path& p) {
    std::lock_guard lock(g_mutex);
    pending().erase(p);
}
fs::path temp_beside(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    fs::path t = target;
    t += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return t;
}
void ensure_parent(const fs::path& target) {
    const auto parent = target.parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) throw processing_error("cannot create directory " + parent.string() + ": " + ec.message());
    }
}
} // namespace

void remove_pending_temps() noexcept {
    std::set<fs::path> copy;
    {
        std::lock_guard lock(g_mutex);
        copy = pending();
    }
    for (const auto& p : copy) {
        std::error_code ec;
        fs::remove_all(p, ec);
    }
}

atomic_file::atomic_file(fs::path target, bool overwrite)
    : m_target(std::move(target)), m_temp(temp_beside(m_target)), m_overwrite(overwrite) {
    ensure_parent(m_target);
    if (!m_overwrite && fs::exists(m_target))
        throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
    track(m_temp);
}

atomic_file::~atomic_file() {
    if (!m_committed) {
        if (m_stream.is_open()) m_stream.close();
        std::error_code ec;
        fs::remove(m_temp, ec);
        untrack(m_temp);
    }
}

std::ofstream& atomic_file::stream() {
    if (!m_stream.is_open()) {
        m_stream.open(m_temp, std::ios::binary | std::ios::trunc);
        if (!m_stream) throw processing_error("cannot write " + m_temp.string());
    }
    return m_stream;
}

void atomic_file::commit() {
    if (m_stream.is_open()) {
        m_stream.flush();
        if (!m_stream) throw processing_error("write failed: " + m_temp.string());
        m_stream.close();
    }
    if (!m_overwrite && fs::exists(m_target))
        throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
    std::error_code ec;
    fs::rename(m_temp, m_target, ec);
    if (ec) throw processing_error("cannot rename " + m_temp.string() + " to " + m_target.string() + ": " + ec.message());
    m_committed = true;
    untrack(m_temp);
}

atomic_dir::atomic_dir(fs::path target, bool overwrite)
    : m_target(std::move(target)), m_temp(temp_beside(m_target)), m_overwrite(overwrite) {
    ensure_parent(m_target);
    if (!m_overwrite && fs::exists(m_target))
        throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
    std::error_code ec;
    fs::create_directories(m_temp, ec);
    if (ec) throw processing_error("cannot create " + m_temp.string() + ": " + ec.message());
    track(m_temp);
}

atomic_dir::~atomic_dir() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
        untrack(m_temp);
    }
}

void atomic_dir::commit() {
    std::error_code ec;
    fs::path old;
    if (fs::exists(m_target)) {
        if (!m_overwrite) throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
        old = temp_beside(m_target);
        old += ".old";
        track(old);
        fs::rename(m_target, old, ec);
        if (ec) throw processing_error("cannot move aside " + m_target.string() + ": " + ec.message());
    }
    fs::rename(m_temp, m_target, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, m_target, ec);
        throw processing_error("cannot rename " + m_temp.string() + " to " + m_target.string());
    }
    m_committed = true;
    untrack(m_temp);
    if (!old.empty()) {
        fs::remove_all(old, ec);
        untrack(old);
    }
}

void write_file_atomic(const fs::path& target, std::string_view content, bool overwrite) {
    atomic_file f(target, overwrite);
    f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
    f.commit();
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw processing_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace harbormap
