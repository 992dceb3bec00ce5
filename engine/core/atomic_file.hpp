#pragma once
// Atomic outputs: everything is written to a temporary path beside the target and renamed into place
// on commit(), so a reader never sees a half-written file and an interrupted run leaves the previous
// output intact.  An uncommitted temp is removed by the destructor (and by the interrupt handler).
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

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
// commit() swaps it in; the old tree is removed only after the new one is in place.
class atomic_dir {
public:
    explicit atomic_dir(std::filesystem::path target, bool overwrite = true);
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

void write_file_atomic(const std::filesystem::path& target, std::string_view content, bool overwrite = true);
std::string read_file(const std::filesystem::path& path); // throws processing_error

// Paths of uncommitted temps, removed by remove_pending_temps() (called from the signal handler path).
void remove_pending_temps() noexcept;

} // namespace harbormap
