// The four courses of action and what each puts in scope (text from data/report/courses.json, with
// the computed figures filled in).
#include "engine/products/report/sections.hpp"

namespace harbormap::products::report {

void courses_section(const context& c, document& doc) {
    doc.heading(2, text("Courses of action: what is in scope"));
    std::vector<std::pair<std::string, inline_text>> terms;
    for (const auto& k : c.data.texts.courses) terms.push_back({k.title, text(fill_figures(k.text, c.data))});
    doc.definitions(std::move(terms));
}

} // namespace harbormap::products::report
