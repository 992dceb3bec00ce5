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

} // namespace harbormap::tiles::detail
