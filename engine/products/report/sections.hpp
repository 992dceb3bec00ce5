#pragma once
// The report's sections, in order.  A section reads the computed figures (report_data), the
// footprint and data/report texts, and appends blocks to the document; the writers do the rest.
// A new section is one file under engine/products/report/ and one line in sections.cpp.
#include "engine/products/report.hpp"
#include "engine/products/report/document.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace harbormap::products::report {

struct context {
    const report_data& data;
    const std::vector<std::string>& maps; // relative paths of the preset maps
    const map_layers* fp = nullptr;        // the fused footprint (null when only figures were given)
    std::filesystem::path data_dir;       // shipped data ("" when only figures were given)
    context(const report_data& d, const std::vector<std::string>& m, const map_layers* f = nullptr, std::filesystem::path dir = {})
        : data(d), maps(m), fp(f), data_dir(std::move(dir)) {}
};

struct section {
    const char* id;
    void (*build)(const context&, document&);
};

// The registered sections, in document order.
const std::vector<section>& sections();

// The whole document: every section in order.
document build_document(const context& c);

} // namespace harbormap::products::report
