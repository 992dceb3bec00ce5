#pragma once
// Rows behind a figure, as the report lists them: one item per row of the figure's table with the
// row's own URL(s), confidence and date, after a line with the rule and the high-confidence share.
#include "engine/products/evidence.hpp"
#include "engine/products/report/document.hpp"

#include <string>
#include <vector>

namespace harbormap::products::report {

// "120 rows of terminals; 46% high confidence" ("" when there are no rows).
std::string rows_summary(const std::string& table, const std::vector<cited_row>& rows);
// "46%": the share of rows with confidence high.
std::string high_share_text(const std::vector<cited_row>& rows);
// The anchor of an evidence figure's row list ("src-prc-ports" for a headline counterpart, else "src-<ev id>").
std::string evidence_anchor(const std::string& ev_id);
std::string anchor_href(const std::string& ev_id); // "#" + evidence_anchor()
// The heading (id `anchor`), the rule line and one bullet per row.
void cited_rows(document& doc, const std::string& anchor, const std::string& title, const std::string& table, const std::string& rule,
                const std::vector<cited_row>& rows);

} // namespace harbormap::products::report
