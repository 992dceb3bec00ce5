#include "engine/core/progress.hpp"
#include "engine/fusion/footprint.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/products/manifest.hpp"
#include "engine/products/sources.hpp"
#include "layers/gpkg_writer.hpp"

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

void build_fusion_step(const build_paths& p) {
    progress prog(p.progress_stream(), p.progress);
    prog.step("reading sources");
    const loaded_sources src = load_sources(p.data_dir, p.mappings_dir);
    if (!p.quiet) {
        for (std::size_t i = 0; i < src.warnings.size() && i < 3; ++i) p.err << "warning: " << src.warnings[i] << "\n";
        if (src.warnings.size() > 3)
            p.err << "warning: ... and " << src.warnings.size() - 3 << " more (see 'harbormap layers check')\n";
        for (const auto& c : src.corrected) p.err << "corrected (data/corrections): " << c << "\n";
    }
    prog.step("fusing layers");
    std::string as_of_note;
    const fusion::footprint fp = fuse_sources(src, p.position, p.as_of, &as_of_note);
    throw_if_strict(fp.position_warnings, p.strict);
    if (!p.quiet)
        for (const auto& w : fp.position_warnings) p.err << "warning: " << w.message() << "\n";
    prog.step("writing " + p.gpkg().string());
    manifest m = footprint_manifest(src, p.data_dir);
    if (p.as_of) m.entries["as_of"] = std::to_string(*p.as_of);
    write_footprint_gpkg(fp, p.gpkg(), {m.to_layer()});
    write_file_atomic(p.stage_dir / "manifest.json", m.to_json());
    write_footprint_catalog(fp, p.stage_dir);
    if (!p.quiet) p.err << as_of_note << fusion::format_summary(fp.summary);
}

} // namespace harbormap::products
