#include "tiles/spill.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <unistd.h>

namespace harbormap::tiles {
namespace {

[[noreturn]] void io_fail(const char* what) {
    throw std::runtime_error(std::string("tiles: temporary spill file: ") + what + ": " + std::strerror(errno));
}

} // namespace

spill_store::spill_store(std::size_t memory_cap) : m_cap(memory_cap) {}

spill_store::~spill_store() {
    if (m_fd >= 0) ::close(m_fd);
}

std::uint64_t spill_store::append(std::string_view bytes) {
    const std::uint64_t at = m_size;
    if (m_fd < 0 && m_mem.size() + bytes.size() <= m_cap) {
        m_mem.insert(m_mem.end(), bytes.begin(), bytes.end());
    } else {
        if (m_fd < 0) {
            std::FILE* f = std::tmpfile();
            if (!f) io_fail("create");
            m_fd = ::dup(::fileno(f));
            std::fclose(f); // the dup keeps the (already unlinked) file open
            if (m_fd < 0) io_fail("dup");
        }
        m_pending.append(bytes);
        if (m_pending.size() >= (1u << 20)) flush();
    }
    m_size += bytes.size();
    return at;
}

void spill_store::seal() {
    if (m_fd >= 0 && !m_pending.empty()) flush();
}

void spill_store::flush() {
    std::size_t done = 0;
    while (done < m_pending.size()) {
        const ssize_t n = ::write(m_fd, m_pending.data() + done, m_pending.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            io_fail("write");
        }
        done += static_cast<std::size_t>(n);
    }
    m_pending.clear();
}

void spill_store::read(std::uint64_t offset, std::size_t n, void* out) const {
    char* dst = static_cast<char*>(out);
    if (offset < m_mem.size()) { // the part in memory (a read may start there and end in the file)
        const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n, m_mem.size() - offset));
        std::memcpy(dst, m_mem.data() + offset, k);
        dst += k;
        offset += k;
        n -= k;
    }
    if (n == 0) return;
    if (!m_pending.empty()) throw std::logic_error("spill_store: read before seal()");
    const std::uint64_t pos = offset - m_mem.size();
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(m_fd, dst + done, n - done, static_cast<off_t>(pos + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) io_fail("read");
        done += static_cast<std::size_t>(r);
    }
}

void spill_store::read(std::uint64_t offset, std::size_t n, std::string& out) const {
    out.resize(n);
    read(offset, n, out.data());
}

void spill_store::copy_to(std::ostream& out) const {
    out.write(m_mem.data(), static_cast<std::streamsize>(m_mem.size()));
    std::string buf;
    for (std::uint64_t at = m_mem.size(); at < m_size;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(1u << 20, m_size - at));
        read(at, n, buf);
        out.write(buf.data(), static_cast<std::streamsize>(n));
        at += n;
    }
}

} // namespace harbormap::tiles
