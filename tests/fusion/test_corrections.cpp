// Cited corrections of curated rows (data/corrections/corrections.csv) on the SHIPPED data: the Tanger Med
// crane row joins WPI 45753 (Tangier-Mediterranean), not 45755 (the old city port); a correction whose
// curated value changed is reported and not forced; a correction that names no table, no field or a bad
// value is an error naming the corrections file, row and field.
#include "engine/core/error.hpp"
#include "engine/products/corrections.hpp"
#include "engine/products/sources.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

const fs::path repo_root = HARBORMAP_SOURCE_DIR;
const char* tanger = "ma-tangier-medport-apmt";

const feature& zpmc_row(const products::loaded_sources& src, const std::string& id) {
    for (const auto& f : src.tables.at("zpmc_international").layer.features)
        if (f.text("zpmc_id") == id) return f;
    FAIL("no row " << id);
    throw std::logic_error("unreachable");
}

// A corrections table of one row (row 2 of corrections.csv)
layers::source_table one_correction(const std::string& source, const std::string& key, const std::string& field,
                                    const std::string& from, const std::string& to) {
    layers::source_table t;
    t.file = "corrections.csv";
    feature f;
    f.row = 2;
    f.properties = {{"correction_id", std::string("cor-test")}, {"source", source}, {"row_key", key}, {"field", field},
                    {"curated_value", from}, {"corrected_value", to}, {"reason", std::string("test")}};
    t.layer.features.push_back(f);
    return t;
}

std::string error_of(const layers::source_table& c, products::loaded_sources src) {
    try {
        products::apply_corrections(c, src);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("corrections: the shipped Tanger Med crane row joins WPI 45753 with its name and position; provenance in notes", "[unit][fusion]") {
    const auto src = products::load_sources(repo_root / "data", repo_root / "layers/mappings");
    REQUIRE(src.corrected.size() == 7); // cor-001a-c (Tanger Med), cor-002-005 (BRI rows on the terminals' ports)
    const feature& r = zpmc_row(src, tanger);
    CHECK(r.integer("wpi_number") == 45753);
    CHECK(r.text("wpi_port_name") == "Tangier-Mediterranean");
    REQUIRE(r.geom.points.size() == 1);
    CHECK(r.geom.points[0].lon == Approx(-5.516667));
    CHECK(r.geom.points[0].lat == Approx(35.9));
    // the source and confidence stay; the note says what changed and why
    CHECK(r.text("confidence") == "medium");
    CHECK_THAT(r.text("source_url"), Catch::Contains("container-mag.com"));
    CHECK_THAT(r.text("notes"), Catch::Contains("[harbormap correction cor-001a: wpi_number 45755 -> 45753;"));
    // fused: the row's facts sit on Tanger Med (wpi:45753), and the old city port no longer carries them
    const auto fp = products::fuse_sources(src);
    bool found = false;
    for (const auto& fact : fp.facts)
        for (const auto& f : fact.layer.features)
            if (f.text("zpmc_id") == tanger) {
                found = true;
                CHECK(f.text("port_id") == "wpi:45753");
            }
    CHECK(found);
    // the corrections file is part of the inputs (the manifest lists it, so `diff` sees a changed correction)
    CHECK(src.tables.count("corrections") == 1);
}

TEST_CASE("corrections: BRI rows of the same port as terminals rows join that port, not a second one at the same proxy", "[unit][fusion]") {
    // Before cor-002..005 the shipped build made cur:SA:jazan-economic-city-jcpdi, cur:SD:haidob-livestock and
    // cur:GN:boke-bauxite beside the terminals' curated-only ports at the same proxy positions, and left
    // dj-ghoubet unmatched beside cur:DJ:ghoubet-lake-assal-area.
    const auto src = products::load_sources(repo_root / "data", repo_root / "layers/mappings");
    const auto fp = products::fuse_sources(src);
    std::map<std::string, std::string> port_of, status_of;
    for (const auto& fact : fp.facts)
        for (const auto& f : fact.layer.features) {
            const std::string id = !f.text("bri_id").empty() ? "bri:" + f.text("bri_id") : "terminals:" + f.text("terminal_id");
            port_of[id] = f.text("port_id");
            status_of[id] = f.text("match_status");
        }
    const std::vector<std::pair<std::string, std::string>> same = {{"bri:sa-jazan", "terminals:sa-jazan-chec"},
                                                                   {"bri:sd-haidob", "terminals:sd-haidob-chec"},
                                                                   {"bri:gn-boke", "terminals:gn-boke-yantai"},
                                                                   {"bri:dj-ghoubet", "terminals:dj-ghoubet-chec"}};
    for (const auto& [bri, terminal] : same) {
        INFO(bri << " and " << terminal);
        CHECK(!port_of[terminal].empty());
        CHECK(port_of[bri] == port_of[terminal]);
    }
    CHECK(port_of["bri:sa-jazan"] == "cur:SA:jazan-jcpdi");
    CHECK(status_of["bri:dj-ghoubet"] == "attached-by-name"); // no position of its own
    // Boké region (Henan International) and Boffa (Chalco) are other ports at the same Kamsar proxy: not merged
    CHECK(port_of["terminals:gn-boke-henan"] != port_of["bri:gn-boke"]);
    CHECK(port_of["terminals:gn-boffa-chalco"] != port_of["bri:gn-boke"]);
    std::set<std::string> ids;
    for (const auto& f : fp.ports.features) ids.insert(f.text("port_id"));
    CHECK(ids.count("cur:SA:jazan-economic-city-jcpdi") == 0);
    CHECK(ids.count("cur:SD:haidob-livestock") == 0);
    CHECK(ids.count("cur:GN:boke-bauxite") == 0);
    CHECK(fp.summary.bri.ports == 59); // 58 before: dj-ghoubet now counts at its port
}

TEST_CASE("corrections: not forced once the curated row changed; errors name the corrections file, row and field", "[unit][fusion]") {
    const auto shipped = products::load_sources(repo_root / "data", repo_root / "layers/mappings");
    // the shipped sources hold 45753 already (corrected): a correction from 45755 is not applied, and says
    // that the row holds the corrected value already
    {
        auto src = shipped;
        products::apply_corrections(one_correction("zpmc_international", tanger, "wpi_number", "45755", "45753"), src);
        CHECK(src.corrected.size() == shipped.corrected.size());
        REQUIRE(!src.warnings.empty());
        CHECK_THAT(src.warnings.back(), Catch::Contains("corrections.csv:2: correction cor-test not applied") &&
                                            Catch::Contains("now has wpi_number '45753', not '45755'") && Catch::Contains("already"));
    }
    // a curated value changed otherwise: reported, the row untouched
    {
        auto src = shipped;
        products::apply_corrections(one_correction("zpmc_international", tanger, "wpi_port_name", "Tanger", "X"), src);
        CHECK(zpmc_row(src, tanger).text("wpi_port_name") == "Tangier-Mediterranean");
        CHECK_THAT(src.warnings.back(), Catch::Contains("not applied") && !Catch::Contains("already"));
    }
    // a row that is gone
    {
        auto src = shipped;
        products::apply_corrections(one_correction("zpmc_international", "no-such-row", "wpi_number", "1", "2"), src);
        CHECK_THAT(src.warnings.back(), Catch::Contains("has no row zpmc_id 'no-such-row' any more"));
    }
    // applied: a value that holds (position, typed as in the file)
    {
        auto src = shipped;
        products::apply_corrections(one_correction("zpmc_international", tanger, "position", "-5.516667,35.9", "-5.5,35.89"), src);
        CHECK(zpmc_row(src, tanger).geom.points[0].lon == Approx(-5.5));
        CHECK(src.corrected.size() == shipped.corrected.size() + 1);
    }
    // errors: file:row, the field at fault
    CHECK_THAT(error_of(one_correction("no_table", tanger, "wpi_number", "1", "2"), shipped),
               Catch::Contains("corrections.csv:2: field 'source'") && Catch::Contains("no_table"));
    CHECK_THAT(error_of(one_correction("zpmc_international", tanger, "wpi_numbr", "1", "2"), shipped),
               Catch::Contains("corrections.csv:2: field 'field'") && Catch::Contains("'wpi_numbr' is not a field"));
    CHECK_THAT(error_of(one_correction("zpmc_international", tanger, "wpi_number", "45753", "forty"), shipped),
               Catch::Contains("corrections.csv:2: field 'corrected_value'") && Catch::Contains("'forty' is not an integer"));
    CHECK_THAT(error_of(one_correction("zpmc_international", tanger, "position", "-5.516667,35.9", "35.9"), shipped),
               Catch::Contains("corrections.csv:2: field 'corrected_value'") && Catch::Contains("not a position"));
}
