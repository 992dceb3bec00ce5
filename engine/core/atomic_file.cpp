#include "engine/core/atomic_file.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>
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

// Held while a commit renames temps into place; the watcher's forced exit takes it and never
// releases it, so a swap is either complete or not begun when the process ends.
std::mutex g_commit_mutex;

// Interrupt state.  Only these two are touched by the signal handler: both async-signal-safe.
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<int> g_signal{0};
int g_pipe[2] = {-1, -1};

std::atomic<bool> g_guard_active{false};
std::thread g_watcher;
struct sigaction g_old_int, g_old_term;

extern "C" void on_interrupt_signal(int sig) {
    const int saved_errno = errno;
    int expected = 0;
    g_signal.compare_exchange_strong(expected, sig);
    const unsigned char b = static_cast<unsigned char>(sig);
    [[maybe_unused]] const auto r = ::write(g_pipe[1], &b, 1);
    errno = saved_errno;
}

void say(const char* msg) {
    [[maybe_unused]] const auto r = ::write(STDERR_FILENO, msg, std::strlen(msg));
}

[[noreturn]] void forced_exit(int sig) {
    g_commit_mutex.lock(); // wait for a swap in progress; never released
    say(sig == SIGTERM ? "harbormap: terminated; removing temporary outputs\n"
                       : "harbormap: interrupted; removing temporary outputs\n");
    // The main thread may still be writing.  Move each temp aside first (one atomic rename, after which
    // the writer's paths no longer exist), remove it, then sweep until nothing has reappeared.
    std::set<fs::path> paths;
    {
        std::lock_guard lock(g_mutex);
        paths = pending();
    }
    for (const auto& p : paths) {
        fs::path doomed = p;
        doomed += ".doomed";
        std::error_code ec;
        fs::rename(p, doomed, ec);
        fs::remove_all(ec ? p : doomed, ec);
    }
    for (int quiet_rounds = 0, i = 0; quiet_rounds < 3 && i < 80; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        bool any = false;
        for (const auto& p : paths) {
            std::error_code ec;
            if (fs::exists(p, ec) || fs::exists(fs::path(p) += ".doomed", ec)) {
                any = true;
                fs::remove_all(p, ec);
                fs::remove_all(fs::path(p) += ".doomed", ec);
            }
        }
        quiet_rounds = any ? 0 : quiet_rounds + 1;
    }
    ::_exit(128 + sig);
}

void watch(int grace_ms) {
    int sig = 0;
    for (;;) {
        pollfd p{g_pipe[0], POLLIN, 0};
        const int n = ::poll(&p, 1, sig ? grace_ms : -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (n == 0) forced_exit(sig); // no checkpoint reached within the grace period
        unsigned char b = 0;
        if (::read(g_pipe[0], &b, 1) != 1) continue;
        if (b == 0) return; // the guard ends
        if (sig) forced_exit(sig); // a second signal: stop now
        sig = b;
    }
}

} // namespace

interrupted::interrupted(int signal_number)
    : error(signal_number == SIGTERM ? "terminated (SIGTERM)"
                         : signal_number == SIGINT ? "interrupted (SIGINT)"
                                                   : "interrupted by signal " + std::to_string(signal_number)),
      m_signal(signal_number) {}

void check_interrupt() {
    if (!g_guard_active.load()) return;
    if (const int s = g_signal.load()) throw interrupted(s);
}

int interrupt_signal() noexcept { return g_signal.load(); }

interrupt_guard::interrupt_guard(int grace_ms) {
    bool expected = false;
    if (!g_guard_active.compare_exchange_strong(expected, true)) return; // nested: the outer guard rules
    g_signal.store(0);
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        g_guard_active.store(false);
        throw processing_error(std::string("cannot create the interrupt pipe: ") + std::strerror(errno));
    }
    // The reading end blocks in poll(); only the handler's write must never block.
    ::fcntl(g_pipe[0], F_SETFL, ::fcntl(g_pipe[0], F_GETFL) & ~O_NONBLOCK);
    g_watcher = std::thread(watch, grace_ms);
    struct sigaction sa {};
    sa.sa_handler = on_interrupt_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, &g_old_int);
    ::sigaction(SIGTERM, &sa, &g_old_term);
    m_active = true;
}

interrupt_guard::~interrupt_guard() {
    if (!m_active) return;
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
    const unsigned char stop = 0;
    [[maybe_unused]] const auto r = ::write(g_pipe[1], &stop, 1);
    g_watcher.join(); // does not return if the watcher is exiting the process
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
    g_guard_active.store(false);
}

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
    check_interrupt();
    ensure_parent(m_target);
    // a folder is never replaced by a file (the rename would fail at the end, after the work): say so now
    if (fs::is_directory(m_target))
        throw processing_error(m_target.string() + " is a folder: name the file to write (e.g. " + (m_target / "NAME").string() + ")");
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
    check_interrupt();
    std::lock_guard swap(g_commit_mutex);
    std::error_code ec;
    fs::rename(m_temp, m_target, ec);
    if (ec) throw processing_error("cannot rename " + m_temp.string() + " to " + m_target.string() + ": " + ec.message());
    m_committed = true;
    untrack(m_temp);
}

atomic_dir::atomic_dir(fs::path target, bool overwrite, const std::vector<std::string>& ours)
    : m_target(std::move(target)), m_temp(temp_beside(m_target)), m_overwrite(overwrite) {
    check_interrupt();
    ensure_parent(m_target);
    if (!m_overwrite && fs::exists(m_target))
        throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
    if (fs::exists(m_target) && !fs::is_directory(m_target))
        throw processing_error(m_target.string() + " exists and is not a folder: refusing to replace it with one");
    if (!ours.empty() && fs::exists(m_target) && !fs::is_empty(m_target) &&
        std::none_of(ours.begin(), ours.end(), [&](const std::string& f) { return fs::exists(m_target / f); })) {
        std::string names;
        for (const auto& f : ours) names += (names.empty() ? "" : ", ") + f;
        throw processing_error(m_target.string() + " is not a folder this command wrote (it has none of " + names +
                               "): refusing to replace it and its files; choose another folder, or empty it");
    }
    track(m_temp); // before it exists: a forced exit never misses it
    std::error_code ec;
    fs::create_directories(m_temp, ec);
    if (ec) {
        untrack(m_temp);
        throw processing_error("cannot create " + m_temp.string() + ": " + ec.message());
    }
}

atomic_dir::~atomic_dir() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
        untrack(m_temp);
    }
}

namespace {
// Swaps the new tree in: an atomic exchange where the filesystem supports it (the old tree ends up at
// `temp`), else the old tree is renamed to `aside` first.  Returns where the old tree now is ("" = none).
fs::path swap_in(const fs::path& temp, const fs::path& target, const fs::path& aside) {
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return temp;
    const int why = errno;
    if (why != EINVAL && why != ENOSYS && why != EXDEV && why != EPERM)
        throw processing_error("cannot swap " + temp.string() + " into " + target.string() + ": " + std::strerror(why));
    std::error_code ec;
    fs::rename(target, aside, ec);
    if (ec) throw processing_error("cannot move aside " + target.string() + ": " + ec.message());
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::rename(aside, target, ignored);
        throw processing_error("cannot rename " + temp.string() + " to " + target.string() + ": " + ec.message());
    }
    return aside;
}
} // namespace

void atomic_dir::commit() {
    check_interrupt();
    fs::path old;
    {
        // The swap runs under the commit mutex: the watcher's forced exit waits for it, so the target
        // is never missing (and with an exchange not even for a moment).
        std::lock_guard swap(g_commit_mutex);
        test_stop_point("swap:" + m_target.filename().string());
        std::error_code ec;
        if (fs::exists(m_target)) {
            if (!m_overwrite) throw processing_error(m_target.string() + " exists (use --overwrite to replace it)");
            fs::path aside = temp_beside(m_target);
            aside += ".old";
            track(aside);
            old = swap_in(m_temp, m_target, aside);
            if (old != aside) untrack(aside);
        } else {
            fs::rename(m_temp, m_target, ec);
            if (ec) throw processing_error("cannot rename " + m_temp.string() + " to " + m_target.string() + ": " + ec.message());
        }
        m_committed = true;
        if (old != m_temp) untrack(m_temp); // else m_temp (now the old tree) stays tracked until deleted
    }
    test_stop_point("swapped:" + m_target.filename().string());
    if (!old.empty()) {
        std::error_code ec;
        fs::remove_all(old, ec);
        untrack(old);
    }
}

void test_stop_point(std::string_view point) {
    const char* want = std::getenv("HARBORMAP_TEST_STOP_AT");
    if (want && point == want) ::raise(SIGSTOP);
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
