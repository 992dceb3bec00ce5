#pragma once
// A read-only array that either owns its elements (built in memory) or views them in a mapped graph
// file (read_graph_file), keeping the mapping alive.  Loading the landmark tables and the land index
// this way costs no copy and no page of anonymous memory: the default (CH) query never reads the
// landmarks, and a route touches a few pages of the land index.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace harbormap::routing {

template <class T> class file_array {
public:
    file_array() = default;
    file_array(std::vector<T> v) : m_own(std::move(v)), m_p(m_own.data()), m_n(m_own.size()) {} // NOLINT: implicit by design
    // n elements at p, which stay valid as long as `keep` lives (p must be aligned for T)
    static file_array view(const T* p, std::size_t n, std::shared_ptr<const void> keep) {
        file_array a;
        a.m_keep = std::move(keep);
        a.m_p = p;
        a.m_n = n;
        return a;
    }
    file_array(const file_array& o) : m_own(o.m_own), m_keep(o.m_keep), m_p(o.m_keep ? o.m_p : m_own.data()), m_n(o.m_n) {}
    file_array(file_array&& o) noexcept { *this = std::move(o); }
    file_array& operator=(const file_array& o) {
        if (this != &o) *this = file_array(o);
        return *this;
    }
    file_array& operator=(file_array&& o) noexcept {
        if (this == &o) return *this;
        const bool viewed = o.m_keep != nullptr;
        m_own = std::move(o.m_own);
        m_keep = std::move(o.m_keep);
        m_p = viewed ? o.m_p : m_own.data();
        m_n = o.m_n;
        o.m_p = nullptr;
        o.m_n = 0;
        return *this;
    }

    const T* data() const { return m_p; }
    std::size_t size() const { return m_n; }
    bool empty() const { return m_n == 0; }
    const T& operator[](std::size_t i) const { return m_p[i]; }
    const T& front() const { return m_p[0]; }
    const T& back() const { return m_p[m_n - 1]; }
    const T* begin() const { return m_p; }
    const T* end() const { return m_p + m_n; }
    bool viewed() const { return m_keep != nullptr; }
    friend bool operator==(const file_array& a, const file_array& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

private:
    std::vector<T> m_own;
    std::shared_ptr<const void> m_keep; // the mapping when viewed
    const T* m_p = nullptr;
    std::size_t m_n = 0;
};

} // namespace harbormap::routing
