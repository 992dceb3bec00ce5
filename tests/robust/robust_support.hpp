#pragma once
// Helpers for the robustness tests: run the real `harbormap` executable as a child process, snapshot
// directory trees, dump SQLite files (GPKG, MBTiles) as canonical text.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sqlite3.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace robust {

namespace fs = std::filesystem;

inline const fs::path source_dir = HARBORMAP_SOURCE_DIR;

inline fs::path harbormap_exe() {
    const char* b = std::getenv("HARBORMAP_BINARY_DIR");
    REQUIRE(b != nullptr);
    const fs::path exe = fs::path(b) / "harbormap";
    REQUIRE(fs::exists(exe));
    return exe;
}

// Starts harbormap with the shipped data; stdout and stderr go to `log`.  `env`: extra NAME=VALUE
// entries for the child's environment.
inline pid_t spawn_harbormap(const std::vector<std::string>& args, const fs::path& log,
                             const std::vector<std::string>& env = {}) {
    const std::string exe = harbormap_exe().string();
    std::vector<std::string> all = {exe, "--data", (source_dir / "data").string(), "--mappings",
                                    (source_dir / "layers/mappings").string()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<std::string> env_copy = env;
    std::vector<char*> envp;
    for (auto& e : env_copy) envp.push_back(e.data());
    for (char** e = environ; *e; ++e) envp.push_back(*e);
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(rc == 0);
    return pid;
}

struct exit_status {
    bool exited = false; // false: killed by a signal (no handler ran)
    int code = -1;       // exit code, or the signal number when !exited
};

inline exit_status wait_for(pid_t pid) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0) {
    }
    if (WIFEXITED(st)) return {true, WEXITSTATUS(st)};
    return {false, WIFSIGNALED(st) ? WTERMSIG(st) : -1};
}

// Waits until the child stops itself (SIGSTOP at a HARBORMAP_TEST_STOP_AT point: true) or ends (false,
// `out` filled).
inline bool wait_stopped(pid_t pid, exit_status& out) {
    int st = 0;
    while (::waitpid(pid, &st, WUNTRACED) < 0) {
    }
    if (WIFSTOPPED(st)) return true;
    out = WIFEXITED(st) ? exit_status{true, WEXITSTATUS(st)} : exit_status{false, WIFSIGNALED(st) ? WTERMSIG(st) : -1};
    return false;
}

// Non-blocking: has the child ended?  Fills `out` if so.
inline bool try_wait(pid_t pid, exit_status& out) {
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) != pid) return false;
    out = WIFEXITED(st) ? exit_status{true, WEXITSTATUS(st)} : exit_status{false, WIFSIGNALED(st) ? WTERMSIG(st) : -1};
    return true;
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every regular file under dir: relative path -> bytes.
inline std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> m;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) m[fs::relative(e.path(), dir).string()] = slurp(e.path());
    return m;
}

// Siblings named like the temps of atomic_file/atomic_dir ("<name>.tmp-<pid>-<n>[.old|.doomed]").
inline std::vector<std::string> temps_beside(const fs::path& target) {
    std::vector<std::string> v;
    const std::string prefix = target.filename().string() + ".tmp-";
    for (const auto& e : fs::directory_iterator(target.parent_path()))
        if (e.path().filename().string().rfind(prefix, 0) == 0) v.push_back(e.path().filename().string());
    return v;
}

struct sqlite_db {
    sqlite3* db = nullptr;
    explicit sqlite_db(const fs::path& p) {
        if (sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) FAIL("cannot open " << p);
    }
    ~sqlite_db() { sqlite3_close(db); }
    std::vector<std::vector<std::string>> query(const std::string& sql) const {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) FAIL(sql << ": " << sqlite3_errmsg(db));
        std::vector<std::vector<std::string>> rows;
        int rc = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                switch (sqlite3_column_type(st, i)) {
                case SQLITE_NULL: row.push_back("NULL"); break;
                case SQLITE_INTEGER: {
                    std::string v = std::to_string(sqlite3_column_int64(st, i));
                    v.insert(v.begin(), 'i');
                    row.push_back(std::move(v));
                    break;
                }
                case SQLITE_FLOAT: {
                    char buf[40];
                    std::snprintf(buf, sizeof buf, "f%.17g", sqlite3_column_double(st, i));
                    row.push_back(buf);
                    break;
                }
                case SQLITE_TEXT: {
                    std::string v(1, 't');
                    v.append(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
                    row.push_back(std::move(v));
                    break;
                }
                default: {
                    const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, i));
                    std::string hex = "x";
                    static const char* digits = "0123456789abcdef";
                    for (int k = 0; k < sqlite3_column_bytes(st, i); ++k) {
                        hex += digits[b[k] >> 4];
                        hex += digits[b[k] & 15];
                    }
                    row.push_back(hex);
                }
                }
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) FAIL(sql << ": " << sqlite3_errmsg(db));
        return rows;
    }
};

inline std::string integrity(const fs::path& p) {
    sqlite_db db(p);
    const auto r = db.query("PRAGMA integrity_check");
    return r.empty() || r[0].empty() ? "no answer" : r[0][0].substr(1); // values are type-tagged: "tok"
}

// Schema and every table's rows (sorted) as text: equal dumps = equal content, whatever the page layout.
inline std::string sqlite_dump(const fs::path& p) {
    sqlite_db db(p);
    std::string out;
    const auto tables = db.query("SELECT name, sql FROM sqlite_master WHERE type IN ('table','index','view','trigger') "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY type, name");
    for (const auto& t : tables) {
        out += "-- " + t[0] + "\n" + t[1] + "\n";
        if (t[1].rfind("tCREATE TABLE", 0) != 0 && t[1].rfind("tCREATE VIRTUAL", 0) != 0) continue;
        const std::string name = t[0].substr(1);
        std::vector<std::string> lines;
        for (const auto& row : db.query("SELECT * FROM \"" + name + "\"")) {
            std::string l;
            for (const auto& c : row) l += c + "|";
            lines.push_back(l);
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& l : lines) out += l + "\n";
    }
    return out;
}

inline bool is_sqlite(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char head[16] = {};
    in.read(head, 16);
    return in.gcount() == 16 && std::string(head, 15) == "SQLite format 3";
}

} // namespace robust
