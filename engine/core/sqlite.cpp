#include "engine/core/sqlite.hpp"

#include "engine/core/error.hpp"

namespace harbormap {

sqlite_db::sqlite_db(const std::filesystem::path& p, int flags, std::string hint) : m_path(p.string()), m_hint(std::move(hint)) {
    if (sqlite3_open_v2(m_path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw processing_error("cannot open " + m_path + ": " + msg);
    }
}

void sqlite_db::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw processing_error(m_path + ": " + msg);
    }
}

sqlite3_stmt* sqlite_db::prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK) {
        sqlite3_finalize(st);
        throw processing_error(m_path + ": " + sqlite3_errmsg(m_db) + m_hint);
    }
    return st;
}

void sqlite_db::check(int rc, int want) {
    if (rc != want) throw processing_error(m_path + ": " + sqlite3_errmsg(m_db));
}

sqlite_stmt& sqlite_stmt::bind(int i, std::string_view text) {
    if (sqlite3_bind_text(m_s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        throw processing_error(m_path + ": cannot bind parameter " + std::to_string(i) + ": " + sqlite3_errmsg(sqlite3_db_handle(m_s)));
    return *this;
}

bool sqlite_stmt::step() {
    const int rc = sqlite3_step(m_s);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw processing_error(m_path + ": " + sqlite3_errmsg(sqlite3_db_handle(m_s)));
}

void sqlite_stmt::run() {
    while (step()) {
    }
    reset();
}

void sqlite_stmt::reset() {
    sqlite3_reset(m_s);
    sqlite3_clear_bindings(m_s);
}

std::string sqlite_stmt::column_text(int i) const {
    const auto* t = sqlite3_column_text(m_s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

} // namespace harbormap
