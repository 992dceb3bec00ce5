// Headline figures beside the published figures they answer (data/report/published_figures.json),
// and the PRC-operated ports by group.
#include "engine/products/report/sections.hpp"

namespace harbormap::products::report {

void headline_section(const context& c, document& doc) {
    const report_data& d = c.data;
    doc.heading(2, text("Headline figures"));
    auto& t = doc.table({{text("figure")}, {text("harbormap"), true}, {text("published figure it answers")}}, "headline");
    for (const auto& f : d.figures) {
        inline_text pub;
        for (const auto& p : d.texts.published) {
            if (p.figure_id != f.id) continue;
            if (!pub.empty()) pub.push_back(run::br());
            pub.push_back(run::plain(p.claim + " ("));
            pub.push_back(run::link(p.who, p.url));
            pub.push_back(run::plain(")"));
        }
        t.rows.push_back({{{run::link(f.label, "#src-" + f.id)}}, {text(std::to_string(f.value)), "fig-" + f.id}, {pub}});
    }
    doc.heading(3, text("PRC-operated ports by group"));
    auto& g = doc.table({{text("group")}, {text("ports"), true}, {text("countries"), true}}, "groups");
    for (const auto& [name, v] : d.by_group) g.rows.push_back({{text(name)}, {text(std::to_string(v.first))}, {text(std::to_string(v.second))}});
}

} // namespace harbormap::products::report
