#pragma once
// Small helpers for the generator's parallel phases: run f(chunk) for chunks 0..n-1 on up to
// `threads` threads (the first exception is rethrown after every thread has stopped).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace harbormap::tiles::detail {

template <class F>
void parallel_chunks(unsigned threads, std::size_t n, F&& f) {
    if (threads <= 1 || n <= 1) {
        for (std::size_t c = 0; c < n; ++c) f(c);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex m;
    auto work = [&] {
        for (std::size_t c; (c = next++) < n;) {
            try {
                f(c);
            } catch (...) {
                std::lock_guard lock(m);
                if (!error) error = std::current_exception();
                next = n;
            }
        }
    };
    std::vector<std::thread> pool;
    const std::size_t k = std::min<std::size_t>(threads, n);
    for (std::size_t t = 1; t < k; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

// std::sort on two threads (halves sorted side by side, then merged) when there is enough to sort;
// the result is the same as std::sort's for a strict total order.
template <class T, class Less>
void parallel_sort(std::vector<T>& v, unsigned threads, Less less) {
    if (threads <= 1 || v.size() < (1u << 16)) {
        std::sort(v.begin(), v.end(), less);
        return;
    }
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::thread other([&] { std::sort(v.begin(), mid, less); });
    std::sort(mid, v.end(), less);
    other.join();
    std::inplace_merge(v.begin(), mid, v.end(), less);
}

} // namespace harbormap::tiles::detail
