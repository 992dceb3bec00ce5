#pragma once
#include "engine/core/error.hpp"
// Atomic outputs: everything is written to a temporary path beside the target and renamed into place
// on commit(), so a reader never sees a half-written file and an interrupted run leaves the previous
// output intact.  An uncommitted temp is removed by the destructor (and by the interrupt handler).
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap {

class atomic_file {
public:
    // overwrite=false: commit() fails if the target exists (the CLI maps that to "use --overwrite").
    explicit atomic_file(std::filesystem::path target, bool overwrite = true);
    ~atomic_file();
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    const std::filesystem::path& target() const { return m_target; }
    const std::filesystem::path& temp_path() const { return m_temp; }
    // A stream on the temp file (opened on first use, binary).
    std::ofstream& stream();
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    std::ofstream m_stream;
    bool m_overwrite;
    bool m_committed = false;
};

// Same for a directory tree (XYZ tile folders, the whole out/ of a build): fill temp_path(), then
// commit() swaps it in.  Where the filesystem can (Linux renameat2 RENAME_EXCHANGE) the old and the new
// tree trade places in one atomic step, so the target is never missing, even if the process is killed;
// elsewhere the old tree is renamed aside first.  The old tree is deleted after the swap, outside the
// swap lock: an interrupt never waits on the deletion, and a forced exit removes the rest.
//
// `ours` names files only this kind of output has (e.g. manifest.json for a build): an existing target
// that is a file, or a non-empty folder holding none of them, is refused rather than replaced, so
// `build --out ~/Documents` or `export web out/harbormap.gpkg --overwrite` never deletes what a user had.
class atomic_dir {
public:
    explicit atomic_dir(std::filesystem::path target, bool overwrite = true, const std::vector<std::string>& ours = {});
    ~atomic_dir();
    atomic_dir(const atomic_dir&) = delete;
    atomic_dir& operator=(const atomic_dir&) = delete;
    const std::filesystem::path& target() const { return m_target; }
    const std::filesystem::path& temp_path() const { return m_temp; }
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_overwrite;
    bool m_committed = false;
};

// Test hook: when the environment variable HARBORMAP_TEST_STOP_AT equals `point`, the process stops
// itself there (SIGSTOP), so a test can signal it at an exact moment without sleeping.  Points used:
// "stage" and "step:<name>" (cmd_build), "swap:<target name>" (an atomic_dir commit, before the swap)
// and "swapped:<target name>" (the new tree in place, the old one not yet deleted).
void test_stop_point(std::string_view point);

void write_file_atomic(const std::filesystem::path& target, std::string_view content, bool overwrite = true);
std::string read_file(const std::filesystem::path& path); // throws processing_error

// Paths of uncommitted temps, removed by remove_pending_temps() (also by interrupt_guard's forced exit).
void remove_pending_temps() noexcept;

// Interrupts (SIGINT/SIGTERM) for commands that write outputs.  While an interrupt_guard lives, the
// signal handler does only async-signal-safe work: it records the signal in a lock-free atomic and
// writes one byte to a self-pipe.  The program notices it at the next checkpoint (check_interrupt(),
// called by atomic_file/atomic_dir on creation and before every commit), which throws `interrupted`;
// unwinding removes the temps (RAII) and the command exits 128+signal with the previous outputs intact.
// If no checkpoint is reached within `grace`, or a second signal arrives, a watcher thread (woken by
// the pipe, an ordinary thread, not a handler) removes the pending temps itself and _exit()s 128+signal.
// The watcher never runs while a commit's rename swap is in progress (they share a mutex), so out/ is
// always either the old tree or the new one.
class interrupted : public error {
public:
    explicit interrupted(int signal_number);
    int signal_number() const noexcept { return m_signal; }

private:
    int m_signal;
};

// Throws `interrupted` if a guarded signal has arrived.
void check_interrupt();
// The signal received under the last interrupt_guard (0 = none).
int interrupt_signal() noexcept;

class interrupt_guard {
public:
    explicit interrupt_guard(int grace_ms = 3000);
    ~interrupt_guard();
    interrupt_guard(const interrupt_guard&) = delete;
    interrupt_guard& operator=(const interrupt_guard&) = delete;

private:
    bool m_active = false;
};

} // namespace harbormap
