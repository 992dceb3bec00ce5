#pragma once
// Three kinds of failure are kept apart (see README "Conventions"):
//  - assert() for misuse of an API by our own code;
//  - a typed exception for bad input: it says what, where (file, row/feature, field) and what to do;
//  - a status code (query::status) when a query simply has no answer.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace harbormap {

// The root of harbormap's own exceptions: `catch (const harbormap::error&)` takes every failure the
// engine reports on purpose (input, usage, processing, interruption), and nothing else.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad user data: a file, a record in it, a field of that record.
// what() reads "file:row: field 'x': why" (parts that are unknown are left out).
class input_error : public error {
public:
    input_error(std::string file, std::int64_t row, std::string field, std::string why);
    const std::string& file() const noexcept { return m_file; }
    std::int64_t row() const noexcept { return m_row; }
    const std::string& field() const noexcept { return m_field; }
    const std::string& why() const noexcept { return m_why; }

protected:
    // For aggregates whose message is already formatted (several located errors).
    struct preformatted {};
    input_error(preformatted, std::string message, std::string file, std::int64_t row, std::string field);

private:
    std::string m_file;
    std::int64_t m_row;
    std::string m_field;
    std::string m_why;
};

// Bad command line: exit code 2.
class usage_error : public error {
public:
    using error::error;
};

// Processing failed for a reason that is not one record's fault (I/O, library failure): exit code 1.
class processing_error : public error {
public:
    using error::error;
};

std::string format_location(const std::string& file, std::int64_t row, const std::string& field,
                            const std::string& why);

} // namespace harbormap
