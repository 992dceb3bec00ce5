// The pass over a generic CSV before GDAL reads it (see ogr_detail.hpp: csv_scan).
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "layers/ogr_detail.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <string_view>

namespace fs = std::filesystem;

namespace harbormap::layers::detail {
namespace {

// A number GDAL's detection types as an integer or real whose text a number loses: a leading zero
// ("007", "-01", "00.5") or an integer beyond 64 bits.
bool number_text_lost(std::string_view v) {
    std::size_t i = v[0] == '-' || v[0] == '+' ? 1 : 0;
    if (i >= v.size() || !std::all_of(v.begin() + static_cast<std::ptrdiff_t>(i), v.end(),
                                      [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; }))
        return false;
    if (v[i] == '0' && i + 1 < v.size() && v[i + 1] >= '0' && v[i + 1] <= '9') return true;
    return v.find_first_of(".,") == std::string::npos && v.size() - i > 18 && !parse_int(v);
}

bool is_lon_lat_name(const std::string& h, bool lon) {
    const std::string l = to_lower(h);
    return lon ? (l == "lon" || l == "longitude" || l == "lng" || l == "x") : (l == "lat" || l == "latitude" || l == "y");
}

} // namespace

std::size_t count_unquoted(std::string_view line, char c) {
    std::size_t n = 0;
    bool q = false;
    for (char ch : line) {
        if (ch == '"') q = !q;
        else if (ch == c && !q) ++n;
    }
    return n;
}

// Read in 1 MiB blocks (memory does not grow with the file), one character at a time: RFC 4180
// quoting, blank lines skipped as GDAL skips them, records numbered with the header as row 1.
csv_scan scan_csv(const fs::path& file) {
    csv_scan out;
    std::ifstream in(file, std::ios::binary);
    std::string first;
    std::getline(in, first);
    if (first.compare(0, 3, "\xEF\xBB\xBF") == 0) first.erase(0, 3);
    // GDAL's delimiter: the most frequent of , ; tab in the header (outside quotes)
    char delim = ',';
    std::size_t best = 0;
    for (char c : {',', ';', '\t'})
        if (const std::size_t n = count_unquoted(first, c); n > best) best = n, delim = c;
    std::vector<std::string> header(1);
    for (char ch : first) {
        if (ch == delim) header.emplace_back();
        else if (ch != '"' && ch != '\r') header.back() += ch;
    }
    for (auto& h : header) h = trim(h);
    std::size_t lon = header.size(), lat = header.size();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (lon == header.size() && is_lon_lat_name(header[c], true)) lon = c;
        if (lat == header.size() && is_lon_lat_name(header[c], false)) lat = c;
    }
    std::vector<char> lost(header.size(), 0);
    std::int64_t record = 1;
    std::size_t col = 0;
    bool quoted = false, blank = true;
    std::string cur;
    auto end_value = [&] {
        if (col >= header.size() || cur.empty()) return;
        std::string_view v = cur;
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (v.empty()) return;
        if (col == lon || col == lat) {
            if (delim == ';') std::replace(cur.begin(), cur.end(), ',', '.'); // a decimal comma, as GDAL reads it
            const auto d = parse_double(v);
            if (!d) throw input_error(file.string(), record, header[col], "'" + trim(v) + "' is not a number");
            // out of range (0-360 longitudes included): no wrapping guessed, the row is named, in the words
            // of core's check_lon_lat (the mapped layers' message)
            const double limit = col == lon ? 180.0 : 90.0;
            if (!(std::fabs(*d) <= limit))
                throw input_error(file.string(), record, header[col],
                                  fmt::format("{} {} is out of range [-{}, {}]", col == lon ? "longitude" : "latitude", trim(v), limit, limit));
        } else if (!lost[col] && number_text_lost(v)) {
            lost[col] = 1;
            out.text_columns.push_back(header[col]);
        }
    };
    std::vector<char> buf(1u << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < got; ++i) {
            const char ch = buf[i];
            if (ch == '"') {
                quoted = !quoted;
                blank = false;
            } else if (quoted) {
                cur += ch;
            } else if (ch == delim || ch == '\n') {
                if (blank && ch == '\n' && col == 0) continue; // blank line
                if (col == 0 && ch != '\n') blank = false;
                if (col == 0) ++record;
                end_value();
                cur.clear();
                if (ch == '\n') col = 0, blank = true;
                else ++col;
            } else if (ch != '\r') {
                if (col == 0 && ch != ' ') blank = false;
                if (col == lon || col == lat || (col < lost.size() && !lost[col])) cur += ch;
            }
        }
    }
    if (!blank || col > 0) {
        if (col == 0) ++record;
        end_value();
    }
    return out;
}

} // namespace harbormap::layers::detail
