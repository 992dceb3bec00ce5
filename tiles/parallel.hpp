#pragma once
// Small helpers for the generator's parallel phases: run f(chunk) for chunks 0..n-1 on up to
// `threads` threads (the first exception is rethrown after every thread has stopped); an ordered
// pipeline of encoding workers and one writer.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
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

// Encoding workers and one writer, shared by every pass submitted (the generator's zooms, zoom.cpp):
// the batches of the passes are encoded by `workers` threads (at most `window` batches ahead of the
// writer) and written in submission order by one writer thread, while the calling thread makes the
// next pass.  The first exception (worker, writer or sink) stops every thread; wait() and close()
// rethrow it.  Pass: batch_count(), encode(b) -> result, write(result&), and a `written` counter
// (guarded by the pipeline's mutex).
template <class Pass> class ordered_pipeline {
    using result = decltype(std::declval<const Pass&>().encode(std::size_t{}));

public:
    explicit ordered_pipeline(unsigned workers) : m_window(4 * static_cast<std::size_t>(workers)) {
        try {
            for (unsigned t = 0; t < workers; ++t) m_pool.emplace_back([this] { encode_loop(); });
            m_pool.emplace_back([this] { write_loop(); });
        } catch (...) {
            stop();
            throw;
        }
    }
    ordered_pipeline(const ordered_pipeline&) = delete;
    ordered_pipeline& operator=(const ordered_pipeline&) = delete;
    ~ordered_pipeline() { stop(); }

    // Queues the batches of p (which must stay alive until done(p)).
    void submit(Pass& p) {
        {
            std::lock_guard lock(m_m);
            for (std::size_t b = 0; b < p.batch_count(); ++b) m_jobs.push_back({&p, b});
        }
        m_work.notify_all();
    }
    bool done(const Pass& p) {
        std::lock_guard lock(m_m);
        if (m_error) std::rethrow_exception(m_error);
        return p.written == p.batch_count();
    }
    // Waits until every batch of p is written; rethrows the first error.
    void wait(const Pass& p) {
        std::unique_lock lock(m_m);
        m_main.wait(lock, [&] { return p.written == p.batch_count() || m_error; });
        if (m_error) std::rethrow_exception(m_error);
    }
    // After the last submit: waits for every batch, stops the threads, rethrows the first error.
    void close() {
        {
            std::lock_guard lock(m_m);
            m_closing = true;
        }
        notify_everyone();
        for (auto& t : m_pool) t.join();
        m_pool.clear();
        if (m_error) std::rethrow_exception(m_error);
    }

private:
    struct job {
        Pass* pass;
        std::size_t batch;
    };

    std::size_t submitted() const { return m_first + m_jobs.size(); }

    void notify_everyone() {
        m_work.notify_all();
        m_write.notify_all();
        m_main.notify_all();
    }

    void fail() {
        {
            std::lock_guard lock(m_m);
            if (!m_error) m_error = std::current_exception();
        }
        notify_everyone();
    }

    void stop() {
        {
            std::lock_guard lock(m_m);
            m_stop = true;
        }
        notify_everyone();
        for (auto& t : m_pool)
            if (t.joinable()) t.join();
        m_pool.clear();
    }

    // Each thread waits on its own condition (workers: a batch to encode within the window; the
    // writer: the next batch encoded; the caller: a pass written), so that an event wakes only
    // the threads it concerns.
    void encode_loop() {
        for (;;) {
            job j{};
            std::size_t k = 0;
            {
                std::unique_lock lock(m_m);
                m_work.wait(lock, [&] {
                    return m_stop || m_error || (m_next < submitted() && m_next < m_written + m_window) ||
                           (m_closing && m_next == submitted());
                });
                if (m_stop || m_error || m_next == submitted()) return;
                k = m_next++;
                j = m_jobs[k - m_first];
            }
            bool next_for_writer = false;
            try {
                result r = j.pass->encode(j.batch);
                std::lock_guard lock(m_m);
                m_done.emplace(k, std::move(r));
                next_for_writer = k == m_written;
            } catch (...) {
                fail();
                return;
            }
            if (next_for_writer) m_write.notify_one();
        }
    }

    void write_loop() {
        for (;;) {
            result r;
            job j{};
            {
                std::unique_lock lock(m_m);
                m_write.wait(lock, [&] {
                    return m_stop || m_error || m_done.count(m_written) || (m_closing && m_written == submitted());
                });
                if (m_stop || m_error) return;
                const auto it = m_done.find(m_written);
                if (it == m_done.end()) return; // closing: everything written
                r = std::move(it->second);
                m_done.erase(it);
                j = m_jobs[m_written - m_first];
            }
            try {
                j.pass->write(r);
            } catch (...) {
                fail();
                return;
            }
            bool pass_done = false, more_work = false;
            {
                std::lock_guard lock(m_m);
                ++m_written;
                pass_done = ++j.pass->written == j.pass->batch_count();
                while (m_first < m_written) {
                    m_jobs.pop_front();
                    ++m_first;
                }
                more_work = m_next < submitted();
            }
            if (more_work) m_work.notify_one(); // the window moved on by one batch
            if (pass_done) m_main.notify_all();
        }
    }

    const std::size_t m_window;
    std::mutex m_m;
    std::condition_variable m_work, m_write, m_main;
    std::deque<job> m_jobs;   // submitted batches from number m_first on
    std::size_t m_first = 0;  // jobs before it are written
    std::size_t m_next = 0;   // next batch to encode
    std::size_t m_written = 0;
    std::map<std::size_t, result> m_done; // encoded, not yet written
    bool m_closing = false, m_stop = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_pool;
};


} // namespace harbormap::tiles::detail
