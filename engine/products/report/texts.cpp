// data/report/: published figures and course-of-action text, kept as data with their citations.
#include "engine/products/report.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace harbormap::products {
namespace {

nlohmann::json read_json(const fs::path& file) {
    if (!fs::exists(file)) throw input_error(file.string(), 0, "", "missing (shipped with harbormap in data/report/)");
    try {
        return nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::exception& e) {
        throw input_error(file.string(), 0, "", std::string("not valid JSON: ") + e.what());
    }
}

// The string field `key` of entry `i` of `list` in `file` (input_error naming all three when missing).
std::string field(const nlohmann::json& entry, const char* key, const fs::path& file, std::size_t i, bool required = true) {
    const auto it = entry.find(key);
    if (it == entry.end() || !it->is_string() || (required && it->get<std::string>().empty())) {
        if (!required && it == entry.end()) return {};
        throw input_error(file.string(), static_cast<std::int64_t>(i + 1), key, "expected a non-empty string");
    }
    return it->get<std::string>();
}

const nlohmann::json& list(const nlohmann::json& j, const char* key, const fs::path& file) {
    if (!j.is_object() || !j.contains(key) || !j.at(key).is_array()) throw input_error(file.string(), 0, key, "expected an array");
    return j.at(key);
}

} // namespace

report_texts load_report_texts(const fs::path& data_dir) {
    report_texts t;
    const fs::path pub = data_dir / "report" / "published_figures.json";
    const auto claims = read_json(pub);
    std::size_t i = 0;
    for (const auto& c : list(claims, "claims", pub)) {
        t.published.push_back({field(c, "figure_id", pub, i), field(c, "claim", pub, i), field(c, "who", pub, i), field(c, "url", pub, i),
                               field(c, "checked", pub, i, false)});
        ++i;
    }
    const fs::path coa = data_dir / "report" / "courses.json";
    const auto courses = read_json(coa);
    i = 0;
    for (const auto& c : list(courses, "courses", coa)) {
        t.courses.push_back({field(c, "id", coa, i), field(c, "title", coa, i), field(c, "text", coa, i)});
        ++i;
    }
    return t;
}

std::string fill_figures(const std::string& text, const report_data& d) {
    std::string out;
    for (std::size_t p = 0; p < text.size();) {
        const std::size_t a = text.find('{', p);
        const std::size_t b = a == std::string::npos ? a : text.find('}', a);
        if (b == std::string::npos) {
            out += text.substr(p);
            break;
        }
        out += text.substr(p, a - p);
        const std::string id = text.substr(a + 1, b - a - 1);
        const figure* f = d.find(id);
        const cited_figure* e = f ? nullptr : d.ev.find(id);
        out += f ? std::to_string(f->value) : e ? std::to_string(e->value) : std::string("?");
        p = b + 1;
    }
    return out;
}

} // namespace harbormap::products
