// US crane buying since 2023 by maker, Chinese (ZPMC) or not, with the cited tariff context from
// the cost table (data/curated/crane_costs.csv, rows of fact_kind tariff).
#include "engine/core/text.hpp"
#include "engine/products/report/cited.hpp"
#include "engine/products/report/sections.hpp"

#include <fmt/format.h>
#include "layers/reader.hpp"

#include <filesystem>

namespace harbormap::products::report {

namespace {
// The tariff rows of the cost table, each with its own source; none when the file is absent.
std::vector<inline_text> tariff_rows(const std::filesystem::path& data_dir) {
    std::vector<inline_text> out;
    const auto csv = data_dir / "curated" / "crane_costs.csv";
    if (data_dir.empty() || !std::filesystem::exists(csv)) return out;
    for (const auto& l : layers::read_vector_file(csv))
        for (const auto& f : l.features) {
            if (f.text("fact_kind") != "tariff") continue;
            out.push_back({run::plain(fmt::format("{} ({}): {} ", f.text("fact_id"), f.text("year"), f.text("evidence"))),
                           run::url(f.text("source_url")), run::plain(fmt::format(" ({} confidence)", f.text("confidence")))});
        }
    return out;
}
} // namespace

void us_orders_section(const context& c, document& doc) {
    const auto& makers = c.data.ev.us_orders;
    if (makers.empty()) return;
    const cited_figure* prc = c.data.ev.find("ev-us-orders-prc-sts");
    const cited_figure* non = c.data.ev.find("ev-us-orders-nonprc-sts");
    doc.heading(2, text("US crane buying since 2023, by maker"), "us-orders");
    doc.paragraph({run::plain("Ship-to-shore cranes delivered, due or ordered at US ports from 2024: "),
                   run::link(fmt::format("{} from a Chinese maker (ZPMC)", prc ? prc->value : 0), anchor_href("ev-us-orders-prc-sts")),
                   run::plain(", "),
                   run::link(fmt::format("{} from non-Chinese makers", non ? non->value : 0), anchor_href("ev-us-orders-nonprc-sts")),
                   run::plain(" (each row is its own order or delivery, so rows add up).")});
    auto& t = doc.table({{text("maker")}, {text("Chinese maker?")}, {text("rows"), true}, {text("STS cranes"), true},
                         {text("other cranes (yard)"), true}, {text("rows of crane_orders")}},
                        "us-orders-table");
    for (const auto& m : makers)
        t.rows.push_back({{text(m.maker)}, {text(m.prc_class)}, {text(std::to_string(m.rows))}, {text(std::to_string(m.sts))},
                          {text(std::to_string(m.other))}, {text(join(m.ids, ", "))}});
    auto tariffs = tariff_rows(c.data_dir);
    if (tariffs.empty()) return;
    doc.heading(3, text("Tariff context (cost table, fact_kind tariff)"), "us-orders-tariffs");
    doc.bullets(std::move(tariffs));
}

} // namespace harbormap::products::report
