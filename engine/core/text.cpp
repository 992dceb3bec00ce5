#include "engine/core/text.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <set>

namespace harbormap {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string to_lower(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

std::string to_upper(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

bool is_alpha2(std::string_view s) {
    return s.size() == 2 && std::isalpha(static_cast<unsigned char>(s[0])) && std::isalpha(static_cast<unsigned char>(s[1]));
}

void require_alpha2_option(std::string_view option, std::string_view code) {
    if (!code.empty() && !is_alpha2(code))
        throw usage_error(fmt::format("{} '{}': expected an ISO 3166 alpha-2 code (e.g. GR)", option, code));
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::vector<std::string> split_list(std::string_view s, std::string_view separators) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto pos = s.find_first_of(separators, start);
        const auto part = trim(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (!part.empty()) out.push_back(part);
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string r;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) r += sep;
        r += parts[i];
    }
    return r;
}

std::optional<std::string> normalise_locode(std::string_view text) {
    std::string c;
    for (char ch : text) {
        if (ch == ' ' || ch == '-' || ch == '\t') continue;
        c += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    if (c.size() != 5) return std::nullopt;
    for (int i = 0; i < 2; ++i)
        if (c[i] < 'A' || c[i] > 'Z') return std::nullopt;
    for (int i = 2; i < 5; ++i) {
        const char ch = c[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '9'))) return std::nullopt;
    }
    return c;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const auto n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        int len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + static_cast<std::size_t>(len) > n) return false;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        if (cp >= 0xD800 && cp <= 0xDFFF) return false;
        i += static_cast<std::size_t>(len);
    }
    return true;
}

namespace {
// Folds the Latin-1 Supplement and Latin Extended-A code points to ASCII letters.
const char* fold_latin(std::uint32_t cp) {
    static const std::array<const char*, 64> l1 = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
        "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss", // D0-DF
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
        "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y"};  // F0-FF
    if (cp >= 0xC0 && cp <= 0xFF) return l1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        static const char* ext = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkklllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        const auto idx = cp - 0x100;
        static thread_local char buf[2] = {0, 0};
        buf[0] = idx < 128 ? ext[idx] : ' ';
        return buf;
    }
    return nullptr;
}
} // namespace

namespace {
// The words of a name, Latin letters folded, lower case, one space apart; the generic words dropped when
// `drop_generic` (normalise_name) or kept (fold_name).  One pass over the folded text either way.
std::string name_words(std::string_view name, bool drop_generic) {
    std::string folded;
    folded.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x80) {
            folded += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : ' ';
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        std::size_t len = 1;
        if ((c & 0xE0) == 0xC0 && i + 1 < name.size()) { cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu); len = 2; }
        else if ((c & 0xF0) == 0xE0) len = 3;
        else if ((c & 0xF8) == 0xF0) len = 4;
        if (const char* f = (len == 2 ? fold_latin(cp) : nullptr)) folded += f;
        else folded.append(name.substr(i, std::min(len, name.size() - i))); // other scripts kept verbatim
        i += len;
    }
    static const std::set<std::string> stop = {"port", "ports", "puerto", "porto", "porto", "pt", "harbour", "harbor",
                                               "terminal", "terminals", "of", "the", "de", "da", "do", "del", "la",
                                               "le", "el", "des", "du", "and", "container", "port's"};
    std::string out;
    for (const auto& w : split(folded, ' ')) {
        if (w.empty() || (drop_generic && stop.count(w))) continue;
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}
} // namespace

std::string normalise_name(std::string_view name) { return name_words(name, true); }
std::string fold_name(std::string_view name) { return name_words(name, false); }

std::string xml_escape(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&apos;"; break;
        default: o += c;
        }
    }
    return o;
}

std::size_t levenshtein(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max_results) {
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::vector<std::pair<std::size_t, std::string>> scored;
    const std::string lw = to_lower(word);
    for (const auto& c : candidates) {
        const std::size_t d = levenshtein(lw, to_lower(c));
        const std::string lc = to_lower(c);
        const bool prefix = !lw.empty() && lc.rfind(lw, 0) == 0;
        // the word extends a candidate ("--prc-operated" for "--prc"): after the near misses
        const bool extends = lc.size() >= 4 && lw.size() > lc.size() && lw.rfind(lc, 0) == 0;
        if (d <= limit || prefix || extends) scored.emplace_back(prefix ? 0 : d <= limit ? d : limit + 1, c);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (auto& [d, c] : scored) {
        if (out.size() >= max_results) break;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

std::string format_fixed(double v, int decimals) {
    if (v == 0.0) v = 0.0; // no "-0.00"
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (s.rfind("-0", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

void append_fixed1(std::string& out, double v) {
    char buf[64];
    if (!std::signbit(v) && v < 0x1p49) { // not -0.0 ("-0.0"), NaN or infinity
        // v * 10 = p + e exactly: 8v and 2v are exact, p their rounded sum and e its error (Fast2Sum, 8v >= 2v).
        // With q = floor(p), v * 10 - (q + 0.5) = d + e where d = p - q - 0.5 is exact (p < 2^53, so 0.5 is a
        // multiple of p's ulp); the rounded d + e has the sign of the exact sum: above, on or below the half.
        const double a = v * 8, b = v * 2;
        const double p = a + b;
        const double e = b - (p - a);
        const double q = std::floor(p);
        const double s = ((p - q) - 0.5) + e;
        auto tenths = static_cast<std::uint64_t>(q);
        if (s > 0 || (s == 0 && tenths % 2 == 1)) ++tenths;
        char* end = std::to_chars(buf, buf + sizeof buf - 2, tenths / 10).ptr;
        *end++ = '.';
        *end++ = static_cast<char>('0' + tenths % 10);
        out.append(buf, static_cast<std::size_t>(end - buf));
        return;
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

std::string format_general(double v) { return fmt::format("{}", v); }

std::string format_thousands(double v) {
    const std::string digits = format_fixed(v, 0);
    std::string out;
    const std::size_t start = !digits.empty() && digits[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::optional<double> parse_double(std::string_view s) {
    std::string t = trim(s);
    if (t.empty()) return std::nullopt;
    if (t[0] == '+') t.erase(0, 1);
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
    return v;
}

std::optional<long long> parse_int(std::string_view s) {
    std::string t = trim(s);
    if (t.empty()) return std::nullopt;
    if (t[0] == '+') t.erase(0, 1);
    long long v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
    return v;
}

} // namespace harbormap
