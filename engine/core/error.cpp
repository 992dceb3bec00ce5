#include "engine/core/error.hpp"

#include <fmt/format.h>

namespace harbormap {

std::string format_location(const std::string& file, std::int64_t row, const std::string& field,
                            const std::string& why) {
    std::string loc = file.empty() ? std::string() : (row > 0 ? fmt::format("{}:{}: ", file, row) : fmt::format("{}: ", file));
    std::string fld = field.empty() ? std::string() : fmt::format("field '{}': ", field);
    return fmt::format("{}{}{}", loc, fld, why);
}

input_error::input_error(std::string file, std::int64_t row, std::string field, std::string why)
    : error(format_location(file, row, field, why)), m_file(std::move(file)), m_row(row),
      m_field(std::move(field)), m_why(std::move(why)) {}

input_error::input_error(preformatted, std::string message, std::string file, std::int64_t row, std::string field)
    : error(std::move(message)), m_file(std::move(file)), m_row(row), m_field(std::move(field)) {}

} // namespace harbormap
