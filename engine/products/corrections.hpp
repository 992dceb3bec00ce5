#pragma once
// Cited corrections of curated rows (data/corrections/corrections.csv, mapping `corrections`).
//
// The curated tables are byte copies of the staged, cited compilations; harbormap never edits them.
// When a row states something that another shipped source contradicts (e.g. a crane row joined to the
// WPI entry of the old Tangier city port while its own port name, terminal and note say Tanger Med, which
// the WPI lists as 45753), a correction row names the table (`source`), the row (`row_key`, the table's
// key), the `field` (a field of the table's mapping, or `position` for its lon,lat), the value the
// curated row holds (`curated_value`) and the value to use (`corrected_value`), with the reason and the
// evidence.  A correction applies only while the curated row still holds `curated_value`: once the
// curator fixes the row (or changes it otherwise) the correction is reported as not applied, never forced.
// The corrected row keeps its sources and confidence; its `notes` (when the table has one) say what was
// corrected and why, so the provenance travels with the fact.
#include "engine/products/sources.hpp"

#include <string>
#include <vector>

namespace harbormap::products {

// Applies `corrections` (the table read with the `corrections` mapping) to `src`'s tables: each applied one
// is a line in src.corrected ("cor-001 zpmc_international ma-tangier-medport-apmt wpi_number: 45755 ->
// 45753"); one not applied (the row is gone, the curated value changed or is already the corrected one) is
// a warning naming the corrections file and row.  A correction naming no loaded table, no field of that
// table, or a value that does not convert is an input error (file, row, field), exit 1.
void apply_corrections(const layers::source_table& corrections, loaded_sources& src);

} // namespace harbormap::products
