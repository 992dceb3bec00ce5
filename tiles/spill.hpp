#pragma once
// An append-only byte store that keeps its first `memory_cap` bytes in memory and the rest in an
// anonymous temporary file (removed by the OS when the process ends).  Appends are single-threaded;
// reads are thread-safe (memcpy or pread) once appending is over.  Used to bound the generator's
// memory by a budget rather than by the input size.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::tiles {

class spill_store {
public:
    explicit spill_store(std::size_t memory_cap);
    ~spill_store();
    spill_store(const spill_store&) = delete;
    spill_store& operator=(const spill_store&) = delete;

    // Appends bytes and returns their offset.  A record is never split between memory and file.
    std::uint64_t append(std::string_view bytes);
    // Makes every appended byte readable (call after the last append, before reading).
    void seal();
    // Copies `n` bytes at `offset` into `out` (resized).  Throws std::runtime_error on I/O failure.
    void read(std::uint64_t offset, std::size_t n, std::string& out) const;
    void read(std::uint64_t offset, std::size_t n, void* out) const;
    // Writes bytes [0, size()) to `out`.
    void copy_to(std::ostream& out) const;

    std::uint64_t size() const { return m_size; }
    std::size_t memory_bytes() const { return m_mem.size(); }
    bool spilled() const { return m_fd >= 0; }

private:
    std::size_t m_cap;
    std::vector<char> m_mem; // bytes [0, m_mem.size())
    int m_fd = -1;           // bytes [m_mem.size(), m_size)
    std::uint64_t m_size = 0;
    std::string m_pending; // write buffer for the file
    void flush();
};

} // namespace harbormap::tiles
