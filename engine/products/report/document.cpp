#include "engine/products/report/document.hpp"

#include "engine/core/text.hpp"

namespace harbormap::products::report {

void document::heading(int level, inline_text t, std::string id) {
    block b;
    b.k = block::kind::heading;
    b.level = level;
    b.content = std::move(t);
    b.id = std::move(id);
    blocks.push_back(std::move(b));
}

void document::paragraph(inline_text t, std::string id) {
    block b;
    b.k = block::kind::paragraph;
    b.content = std::move(t);
    b.id = std::move(id);
    blocks.push_back(std::move(b));
}

block& document::table(std::vector<column> cols, std::string id) {
    block b;
    b.k = block::kind::table;
    b.columns = std::move(cols);
    b.id = std::move(id);
    blocks.push_back(std::move(b));
    return blocks.back();
}

void document::image(std::string src, std::string alt, std::string caption) {
    block b;
    b.k = block::kind::image;
    b.src = std::move(src);
    b.alt = std::move(alt);
    b.caption = std::move(caption);
    blocks.push_back(std::move(b));
}

void document::bullets(std::vector<inline_text> items) {
    block b;
    b.k = block::kind::bullets;
    b.items = std::move(items);
    blocks.push_back(std::move(b));
}

void document::definitions(std::vector<std::pair<std::string, inline_text>> terms) {
    block b;
    b.k = block::kind::definitions;
    b.terms = std::move(terms);
    blocks.push_back(std::move(b));
}

// ---- Markdown ----------------------------------------------------------------------------------

namespace {

std::string md(const inline_text& t) {
    std::string o;
    for (const auto& r : t) switch (r.k) {
        case run::kind::text: o += r.text; break;
        case run::kind::link: o += "[" + r.text + "](" + r.href + ")"; break;
        case run::kind::url: o += "<" + r.href + ">"; break;
        case run::kind::line_break: o += "<br>"; break;
        case run::kind::bold: o += "**" + r.text + "**"; break;
        }
    return o;
}

std::string md_block(const block& b) {
    std::string o;
    switch (b.k) {
    case block::kind::heading:
        o = std::string(static_cast<std::size_t>(b.level), '#') + " " + (b.id.empty() ? "" : "<a id=\"" + b.id + "\"></a>") + md(b.content) + "\n";
        break;
    case block::kind::paragraph: o = md(b.content) + "\n"; break;
    case block::kind::table: {
        std::vector<std::string> head, rule;
        for (const auto& c : b.columns) {
            head.push_back(md(c.header));
            rule.push_back(c.numeric ? "---:" : "---");
        }
        o = "| " + join(head, " | ") + " |\n|" + join(rule, "|") + "|\n";
        for (const auto& r : b.rows) {
            std::vector<std::string> cells;
            for (const auto& c : r) cells.push_back(md(c.content));
            o += "| " + join(cells, " | ") + " |\n";
        }
        break;
    }
    case block::kind::image: o = "![" + b.alt + "](" + b.src + ")\n"; break;
    case block::kind::bullets:
        for (const auto& i : b.items) o += "- " + md(i) + "\n";
        break;
    case block::kind::definitions:
        for (const auto& [t, x] : b.terms) o += "- **" + t + ".** " + md(x) + "\n";
        break;
    }
    return o;
}

} // namespace

std::string to_markdown(const document& d) {
    std::string o;
    for (const auto& b : d.blocks) o += md_block(b) + "\n"; // a blank line after every block
    return o;
}

// ---- HTML --------------------------------------------------------------------------------------

namespace {

std::string html(const inline_text& t) {
    std::string o;
    for (const auto& r : t) switch (r.k) {
        case run::kind::text: o += xml_escape(r.text); break;
        case run::kind::link:
        case run::kind::url: o += "<a href=\"" + xml_escape(r.href) + "\">" + xml_escape(r.text) + "</a>"; break;
        case run::kind::line_break: o += "<br>"; break;
        case run::kind::bold: o += "<b>" + xml_escape(r.text) + "</b>"; break;
        }
    return o;
}

std::string id_attr(const std::string& id) { return id.empty() ? "" : " id=\"" + xml_escape(id) + "\""; }

std::string html_table(const block& b) {
    std::string o = "<table" + id_attr(b.id) + "><tr>";
    for (const auto& c : b.columns) o += "<th>" + html(c.header) + "</th>";
    o += "</tr>\n";
    for (const auto& r : b.rows) {
        o += "<tr>";
        for (std::size_t i = 0; i < r.size(); ++i) {
            const column* c = i < b.columns.size() ? &b.columns[i] : nullptr;
            std::string cls = c && c->numeric ? "n" : "";
            if (c && !c->css.empty()) cls += (cls.empty() ? "" : " ") + c->css;
            o += "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + id_attr(r[i].id) + ">" + html(r[i].content) + "</td>";
        }
        o += "</tr>\n";
    }
    return o + "</table>\n";
}

std::string html_block(const block& b) {
    switch (b.k) {
    case block::kind::heading: {
        const std::string h = "h" + std::to_string(b.level);
        return "<" + h + id_attr(b.id) + ">" + html(b.content) + "</" + h + ">\n";
    }
    case block::kind::paragraph: return "<p" + id_attr(b.id) + ">" + html(b.content) + "</p>\n";
    case block::kind::table: return html_table(b);
    case block::kind::image:
        return "<figure><img src=\"" + xml_escape(b.src) + "\" alt=\"" + xml_escape(b.alt) + "\">" +
               (b.caption.empty() ? "" : "<figcaption>" + xml_escape(b.caption) + "</figcaption>") + "</figure>\n";
    case block::kind::bullets: {
        std::string o = "<ul>\n";
        for (const auto& i : b.items) o += "<li>" + html(i) + "</li>\n";
        return o + "</ul>\n";
    }
    case block::kind::definitions: {
        std::string o = "<dl>\n";
        for (const auto& [t, x] : b.terms) o += "<dt><b>" + xml_escape(t) + "</b></dt><dd>" + html(x) + "</dd>\n";
        return o + "</dl>\n";
    }
    }
    return {};
}

} // namespace

std::string to_html(const document& d) {
    std::string o = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml_escape(d.title) + "</title>\n"
                    "<style>body{font-family:'Noto Sans',sans-serif;max-width:70em;margin:2em auto;color:#1b1b1b}"
                    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}"
                    "td.n{text-align:right}img{max-width:100%;border:1px solid #ddd}</style></head><body>\n";
    for (const auto& b : d.blocks) o += html_block(b);
    return o + "</body></html>\n";
}

} // namespace harbormap::products::report
