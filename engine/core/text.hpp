#pragma once
// Text utilities: identifier and name normalisation, UTF-8 checks, suggestions, number formatting.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap {

// "US LAX", "uslax", "US-LAX" -> "USLAX"; nullopt unless it is 2 letters + 3 letters/digits 2-9.
std::optional<std::string> normalise_locode(std::string_view text);

// Name key for matching: Latin diacritics folded (UTF-8), lower case, punctuation to spaces,
// generic words dropped (port, harbour, terminal, pt, of, the, de, ...), spaces collapsed.
// "Port of Piraeus" -> "piraeus"; "São Luís" -> "sao luis"; "Piraievs (Piraeus)" -> "piraievs piraeus".
std::string normalise_name(std::string_view name);
// The same words without dropping the generic ones (port, harbor, terminal, of, ...): lower case, Latin
// letters folded to ASCII, punctuation as spaces, single spaces.
std::string fold_name(std::string_view name);

// Valid UTF-8?  (Overlong forms and surrogates are rejected.)
bool is_valid_utf8(std::string_view s);

std::string trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
// Two ASCII letters (the shape of an ISO 3166 alpha-2 country code, any case)?
bool is_alpha2(std::string_view s);
// The CLI's check of a country option: throws usage_error("<option> '<code>': expected an ISO 3166 alpha-2
// code (e.g. GR)") unless `code` is empty (no restriction) or is_alpha2.
void require_alpha2_option(std::string_view option, std::string_view code);
std::vector<std::string> split(std::string_view s, char sep); // keeps empty fields
// Splits on any of the separators and trims; drops empty parts ("Athens; Dhrapetsona, X").
std::vector<std::string> split_list(std::string_view s, std::string_view separators = ",;");
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// XML/HTML text and attribute escaping of & < > " '.
std::string xml_escape(std::string_view s);

// Edit distance (bytes) and a "did you mean" list: candidates within max(2, len/3) edits, best first.
std::size_t levenshtein(std::string_view a, std::string_view b);
std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max_results = 3);

// Fixed, locale-independent number formatting for deterministic output.
std::string format_fixed(double v, int decimals);          // "12.30"
std::string format_general(double v);                       // shortest round-trip representation
std::string format_thousands(double v);                     // rounded, with thousands separators: "10,547"
// Appends v with one decimal exactly as std::to_chars(fixed, 1) and printf("%.1f") write it (the exact value
// correctly rounded, ties to even); for 0 <= v < 2^49 without the general conversion (matrix cells).
void append_fixed1(std::string& out, double v);

// Parses a whole string as a number; nullopt on any trailing text.
std::optional<double> parse_double(std::string_view s);
std::optional<long long> parse_int(std::string_view s);

} // namespace harbormap
