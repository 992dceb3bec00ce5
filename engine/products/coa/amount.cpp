#include "engine/products/coa/amount.hpp"

#include "engine/core/text.hpp"

#include <cctype>

namespace harbormap::products::coa {
namespace {

bool starts_with_word(std::string_view s, std::string_view w) {
    return s.substr(0, w.size()) == w && (s.size() == w.size() || !std::isalpha(static_cast<unsigned char>(s[w.size()])));
}

// Reads a plain decimal number at s[i] (digits, optional '.' fraction); i moves past it.
std::optional<double> read_number(std::string_view s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    if (i == start) return std::nullopt;
    return parse_double(s.substr(start, i - start));
}

amount_bound qualifier(std::string_view before) {
    const std::string b = to_lower(trim(before));
    static const std::pair<const char*, amount_bound> words[] = {
        {"typically about", amount_bound::approx}, {"about", amount_bound::approx},  {"nearly", amount_bound::approx},
        {"around", amount_bound::approx},          {"more than", amount_bound::at_least}, {"at least", amount_bound::at_least},
        {"over", amount_bound::at_least},          {"as much as", amount_bound::at_most}, {"up to", amount_bound::at_most},
        {"just under", amount_bound::at_most},     {"under", amount_bound::at_most}};
    for (const auto& [w, bound] : words)
        if (b.size() >= std::string_view(w).size() && b.compare(b.size() - std::string_view(w).size(), std::string::npos, w) == 0)
            return bound;
    return amount_bound::exact;
}

std::optional<amount_clause> read_clause(std::string_view raw) {
    const std::string text = trim(raw);
    std::string s = to_lower(text);
    for (char& c : s)
        if (c == '\'' || c == '"') c = ' ';
    // the first number, not inside a parenthesis and not part of a word or date
    std::size_t i = 0;
    int depth = 0;
    for (; i < s.size(); ++i) {
        if (s[i] == '(') ++depth;
        if (s[i] == ')') depth = std::max(0, depth - 1);
        if (depth == 0 && std::isdigit(static_cast<unsigned char>(s[i])) && (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]))))
            break;
    }
    if (i >= s.size()) return std::nullopt;
    const std::string_view before = std::string_view(s).substr(0, i);
    // a number preceded by other words than a qualifier is not an amount ("ZPMC bid 1700000 ...")
    amount_clause c;
    c.text = text;
    c.bound = qualifier(before);
    if (c.bound == amount_bound::exact && !trim(before).empty()) return std::nullopt;
    auto lo = read_number(s, i);
    if (!lo) return std::nullopt;
    c.low = c.high = *lo;
    if (i < s.size() && s[i] == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        std::size_t j = i + 1;
        if (auto hi = read_number(s, j); hi && *hi >= *lo) {
            c.high = *hi;
            c.bound = amount_bound::range;
            i = j;
        }
    }
    std::string_view rest = std::string_view(s).substr(i);
    if (!rest.empty() && rest[0] == '-') return std::nullopt; // a date such as 2024-05-14
    if (!rest.empty() && rest[0] == '%') {
        c.basis = amount_basis::percent;
        rest.remove_prefix(1);
    }
    std::string tail = trim(rest);
    if (c.basis != amount_basis::percent) {
        if (starts_with_word(tail, "total")) c.basis = amount_basis::total;
        else if (starts_with_word(tail, "each") || starts_with_word(tail, "per crane")) c.basis = amount_basis::each;
        else if (starts_with_word(tail, "average")) {
            c.basis = amount_basis::each;
            c.bound = amount_bound::average;
        }
    }
    c.delta = tail.find("added cost") != std::string::npos || tail.find("cost increase") != std::string::npos ||
              tail.find("below") != std::string::npos;
    if (tail.find("or more") != std::string::npos && c.bound == amount_bound::exact) c.bound = amount_bound::at_least;
    return c;
}

} // namespace

const amount_clause* parsed_amount::first(amount_basis b) const {
    for (const auto& c : clauses)
        if (c.basis == b && !c.delta) return &c;
    return nullptr;
}

parsed_amount parse_amount(std::string_view text) {
    parsed_amount out;
    for (const auto& part : split(text, ';'))
        if (auto c = read_clause(part)) out.clauses.push_back(std::move(*c));
    return out;
}

const char* to_string(amount_basis b) {
    switch (b) {
    case amount_basis::bare: return "bare";
    case amount_basis::total: return "total";
    case amount_basis::each: return "each";
    case amount_basis::percent: return "percent";
    }
    return "?";
}

const char* to_string(amount_bound b) {
    switch (b) {
    case amount_bound::exact: return "exact";
    case amount_bound::approx: return "approx";
    case amount_bound::at_least: return "at_least";
    case amount_bound::at_most: return "at_most";
    case amount_bound::range: return "range";
    case amount_bound::average: return "average";
    }
    return "?";
}

std::optional<int> parse_quantity(std::string_view text) {
    const auto v = parse_int(trim(text));
    if (!v || *v <= 0 || *v > 100000) return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<std::pair<int, int>> parse_year_span(std::string_view text) {
    const std::string t = trim(text);
    if (auto y = parse_int(t)) return std::pair<int, int>{static_cast<int>(*y), static_cast<int>(*y)};
    const auto dash = t.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const auto a = parse_int(t.substr(0, dash)), b = parse_int(t.substr(dash + 1));
    if (!a || !b || *b < *a || *a < 1800 || *b > 2200) return std::nullopt;
    return std::pair<int, int>{static_cast<int>(*a), static_cast<int>(*b)};
}

} // namespace harbormap::products::coa
