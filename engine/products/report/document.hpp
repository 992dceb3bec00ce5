#pragma once
// The report as one document model (headings, paragraphs, tables, images, lists) written by two
// writers, Markdown and HTML, so the two outputs cannot drift apart.  Sections (report/sections.hpp)
// fill a document; they never write Markdown or HTML themselves.
#include <string>
#include <vector>

namespace harbormap::products::report {

// A piece of inline text: plain, a link, a URL shown as itself, a line break, or bold.
struct run {
    enum class kind { text, link, url, line_break, bold };
    kind k = kind::text;
    std::string text;
    std::string href; // link target (kind::link)
    static run plain(std::string t) { return {kind::text, std::move(t), {}}; }
    static run link(std::string t, std::string h) { return {kind::link, std::move(t), std::move(h)}; }
    static run url(std::string u) { return {kind::url, u, u}; }
    static run br() { return {kind::line_break, {}, {}}; }
    static run strong(std::string t) { return {kind::bold, std::move(t), {}}; }
};
using inline_text = std::vector<run>;
inline inline_text text(std::string t) { return {run::plain(std::move(t))}; }

struct column {
    inline_text header;
    bool numeric = false;  // right-aligned ("---:" in Markdown, class "n" in HTML)
    std::string css;       // extra HTML class of the column's cells ("gates", "exposure")
    column(inline_text h, bool num = false, std::string c = "") : header(std::move(h)), numeric(num), css(std::move(c)) {}
};

struct cell {
    inline_text content;
    std::string id; // HTML id of the cell ("fig-prc-ports"), "" = none
    cell(inline_text c, std::string i = "") : content(std::move(c)), id(std::move(i)) {}
};

struct block {
    enum class kind { heading, paragraph, table, image, bullets, definitions };
    kind k = kind::paragraph;
    int level = 2;                          // heading
    std::string id;                         // heading/paragraph/table anchor ("" = none)
    inline_text content;                    // heading, paragraph
    std::vector<column> columns;            // table
    std::vector<std::vector<cell>> rows;    // table
    std::string src, alt, caption;          // image (caption "" = none)
    std::vector<inline_text> items;         // bullets
    std::vector<std::pair<std::string, inline_text>> terms; // definitions: (term, description)
};

struct document {
    std::string title;       // HTML <title>
    std::vector<block> blocks;

    void heading(int level, inline_text t, std::string id = "");
    void paragraph(inline_text t, std::string id = "");
    // A table; fill rows with row().
    block& table(std::vector<column> cols, std::string id = "");
    void image(std::string src, std::string alt, std::string caption = "");
    void bullets(std::vector<inline_text> items);
    void definitions(std::vector<std::pair<std::string, inline_text>> terms);
};

std::string to_markdown(const document& d);
std::string to_html(const document& d);

} // namespace harbormap::products::report
