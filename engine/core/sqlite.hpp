#pragma once
// A checked SQLite connection and statement (RAII): every call that can fail throws processing_error
// naming the file and SQLite's message.  Used by the MBTiles writer/reader (tiles/) and the
// GeoPackage layer_styles writer (products/).
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace harbormap {

class sqlite_stmt {
public:
    sqlite_stmt(sqlite3_stmt* s, std::string path) : m_s(s), m_path(std::move(path)) {}
    ~sqlite_stmt() { sqlite3_finalize(m_s); }
    sqlite_stmt(const sqlite_stmt&) = delete;
    sqlite_stmt& operator=(const sqlite_stmt&) = delete;
    sqlite_stmt(sqlite_stmt&& o) noexcept : m_s(o.m_s), m_path(std::move(o.m_path)) { o.m_s = nullptr; }
    sqlite_stmt& operator=(sqlite_stmt&&) = delete;

    sqlite_stmt& bind(int i, std::string_view text); // checked
    bool step();                                      // true = a row; false = done; throws on error
    void run();                                       // step to SQLITE_DONE, then reset (for writes)
    void reset();                                     // reset and clear bindings
    std::string column_text(int i) const;             // "" for NULL
    sqlite3_stmt* get() const { return m_s; }

private:
    sqlite3_stmt* m_s;
    std::string m_path;
};

class sqlite_db {
public:
    // `hint` is appended to prepare errors (e.g. " (is it an MBTiles file?)").
    sqlite_db(const std::filesystem::path& p, int flags, std::string hint = "");
    ~sqlite_db() { sqlite3_close(m_db); }
    sqlite_db(const sqlite_db&) = delete;
    sqlite_db& operator=(const sqlite_db&) = delete;

    void exec(const char* sql);
    void exec(const std::string& sql) { exec(sql.c_str()); }
    sqlite3_stmt* prepare(const char* sql); // raw statement; the caller finalizes it
    sqlite_stmt statement(const char* sql) { return {prepare(sql), m_path}; }
    void check(int rc, int want);
    const std::string& path() const { return m_path; }

private:
    std::string m_path, m_hint;
    sqlite3* m_db = nullptr;
};

} // namespace harbormap
