// The pass over a generic CSV before GDAL reads it (see ogr_detail.hpp: csv_scan).
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "layers/ogr_detail.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <exception>
#include <fstream>
#include <limits>
#include <thread>
#include <optional>
#include <system_error>
#include <vector>
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

namespace {

// The header: GDAL's delimiter, the column names, the lon/lat columns and where the records begin.
struct csv_header {
    char delim = ',';
    std::vector<std::string> names;
    std::size_t lon = 0, lat = 0;
    std::uint64_t data = 0; // offset of the first record
};

csv_header read_header(const fs::path& file) {
    csv_header h;
    std::ifstream in(file, std::ios::binary);
    std::string first;
    std::getline(in, first);
    h.data = in.eof() ? first.size() : first.size() + 1;
    if (first.compare(0, 3, "\xEF\xBB\xBF") == 0) first.erase(0, 3);
    // GDAL's delimiter: the most frequent of , ; tab in the header (outside quotes)
    std::size_t best = 0;
    for (char c : {',', ';', '\t'})
        if (const std::size_t n = count_unquoted(first, c); n > best) best = n, h.delim = c;
    std::vector<std::string>& header = h.names;
    header.emplace_back();
    for (char ch : first) {
        if (ch == h.delim) header.emplace_back();
        else if (ch != '"' && ch != '\r') header.back() += ch;
    }
    for (auto& name : header) name = trim(name);
    h.lon = h.lat = header.size();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (h.lon == header.size() && is_lon_lat_name(header[c], true)) h.lon = c;
        if (h.lat == header.size() && is_lon_lat_name(header[c], false)) h.lat = c;
    }
    return h;
}

// The scan of the bytes [from, to) (to: the end of the file or a record boundary), which begin a record;
// `record`: the number of the record before them.  A bad lon/lat value ends the scan with its error.
struct range_scan {
    std::vector<std::string> text_columns;
    std::exception_ptr error;
};

range_scan scan_range(const fs::path& file, const csv_header& h, std::uint64_t from, std::uint64_t to, std::int64_t record) {
    range_scan out;
    const std::vector<std::string>& header = h.names;
    const char delim = h.delim;
    const std::size_t lon = h.lon, lat = h.lat;
    std::vector<char> lost(header.size(), 0);
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
    try {
        std::ifstream in(file, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(from));
        std::uint64_t left = to - from;
        std::vector<char> buf(1u << 20);
        while (in && left > 0) {
            in.read(buf.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(buf.size(), left)));
            const auto got = static_cast<std::size_t>(in.gcount());
            left -= got;
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
    } catch (const input_error&) {
        out.error = std::current_exception();
    }
    return out;
}

} // namespace

// Read in 1 MiB blocks (memory does not grow with the file), one character at a time: RFC 4180
// quoting, blank lines skipped as GDAL skips them, records numbered with the header as row 1.
csv_scan scan_csv(const fs::path& file, const csv_split* split) {
    const csv_header h = read_header(file);
    constexpr auto end = std::numeric_limits<std::uint64_t>::max();
    csv_scan out;
    if (!split || split->middle <= h.data) {
        range_scan r = scan_range(file, h, h.data, end, 1);
        if (r.error) std::rethrow_exception(r.error);
        out.text_columns = std::move(r.text_columns);
        return out;
    }
    // the part after the cut on a thread of its own; its error counts only when the first part has none
    range_scan second;
    std::thread t([&] { second = scan_range(file, h, split->middle, end, 1 + split->first_records); });
    range_scan first;
    try {
        first = scan_range(file, h, h.data, split->middle, 1);
    } catch (...) {
        t.join();
        throw;
    }
    t.join();
    if (first.error) std::rethrow_exception(first.error);
    if (second.error) std::rethrow_exception(second.error);
    out.text_columns = std::move(first.text_columns);
    for (auto& c : second.text_columns)
        if (std::find(out.text_columns.begin(), out.text_columns.end(), c) == out.text_columns.end()) out.text_columns.push_back(std::move(c));
    return out;
}

std::optional<csv_split> find_csv_split(const fs::path& file, std::uint64_t min_size) {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(file, ec);
    if (ec || size < min_size) return std::nullopt;
    for (const char* sidecar : {".csvt", ".prj"}) {
        fs::path p = file;
        if (fs::exists(p.replace_extension(sidecar), ec)) return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    const std::uint64_t target = size / 2;
    csv_split s;
    std::uint64_t offset = 0; // of buf[0]
    std::int64_t lines = -1;  // records before the current line (the header is line -1 + 1 = 0)
    bool text = false, cr = false;
    std::vector<char> buf(1u << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < got; ++i) {
            const char ch = buf[i];
            if (cr && ch != '\n') return std::nullopt; // a lone CR: a line end for GDAL, not for scan_csv
            cr = false;
            if (ch == '"') return std::nullopt;
            if (ch == '\r') {
                cr = true;
            } else if (ch == '\n') {
                if (!text) return std::nullopt; // blank line: skipped by GDAL, no record
                ++lines;
                text = false;
                const std::uint64_t end = offset + i + 1;
                if (s.prefix_end == 0 && end >= csv_autodetect_bytes + 4096) {
                    s.prefix_end = end;
                    s.prefix_records = lines;
                } else if (s.prefix_end != 0 && end >= target) {
                    if (end >= size) return std::nullopt;
                    s.middle = end;
                    s.first_records = lines;
                    return s;
                }
            } else if (ch != ' ' && ch != '\t') {
                text = true;
            }
        }
        offset += got;
    }
    return std::nullopt;
}

} // namespace harbormap::layers::detail
