#include "engine/render/labels.hpp"

#include <algorithm>
#include <cmath>

namespace harbormap::render {

void collision_index::insert(const rect& r, long owner) {
    const std::size_t idx = m_boxes.size();
    m_boxes.push_back({r, owner});
    const long x0 = static_cast<long>(std::floor(r.x / m_cell)), x1 = static_cast<long>(std::floor(r.right() / m_cell));
    const long y0 = static_cast<long>(std::floor(r.y / m_cell)), y1 = static_cast<long>(std::floor(r.bottom() / m_cell));
    for (long cx = x0; cx <= x1; ++cx)
        for (long cy = y0; cy <= y1; ++cy) m_grid[key(cx, cy)].push_back(idx);
}

bool collision_index::hits(const rect& r, long ignore_owner) const {
    const long x0 = static_cast<long>(std::floor(r.x / m_cell)), x1 = static_cast<long>(std::floor(r.right() / m_cell));
    const long y0 = static_cast<long>(std::floor(r.y / m_cell)), y1 = static_cast<long>(std::floor(r.bottom() / m_cell));
    for (long cx = x0; cx <= x1; ++cx)
        for (long cy = y0; cy <= y1; ++cy) {
            auto it = m_grid.find(key(cx, cy));
            if (it == m_grid.end()) continue;
            for (std::size_t i : it->second) {
                const auto& [b, owner] = m_boxes[i];
                if (owner >= 0 && owner == ignore_owner) continue;
                if (b.intersects(r)) return true;
            }
        }
    return false;
}

bool label_placement::overlap_free() const {
    for (std::size_t i = 0; i < placed.size(); ++i)
        for (std::size_t j = i + 1; j < placed.size(); ++j)
            if (placed[i].box.intersects(placed[j].box)) return false;
    return true;
}

label_placement place_labels(std::vector<label_request> requests, collision_index& index) {
    std::stable_sort(requests.begin(), requests.end(),
                     [](const label_request& a, const label_request& b) { return a.priority > b.priority; });
    label_placement out;
    for (const auto& rq : requests) {
        if (rq.text.empty()) continue;
        const text_extent e = measure_text(rq.text, rq.font);
        const double w = e.width, h = e.height;
        const double gap = rq.radius + 1.2;
        const double d = gap * 0.72; // diagonal offset
        // the text box's top-left for each candidate; vertical centring uses the box height
        struct cand {
            const char* name;
            double x, y;
        };
        const cand cands[] = {
            {"NE", rq.x + d, rq.y - d - h * 0.8},  {"E", rq.x + gap, rq.y - h / 2},   {"SE", rq.x + d, rq.y + d - h * 0.2},
            {"NW", rq.x - d - w, rq.y - d - h * 0.8}, {"W", rq.x - gap - w, rq.y - h / 2}, {"SW", rq.x - d - w, rq.y + d - h * 0.2},
            {"N", rq.x - w / 2, rq.y - gap - h},    {"S", rq.x - w / 2, rq.y + gap},
        };
        bool ok = false;
        for (const auto& c : cands) {
            // the halo is part of the footprint: keep a little air between labels
            const rect box{c.x, c.y, w, h};
            const rect test = box.inflated(std::max(0.4, rq.font.halo_width * 0.5));
            if (!rq.bounds.contains(box)) continue;
            if (index.hits(test, rq.owner)) continue;
            index.insert(test, -1);
            out.placed.push_back({rq.text, box, c.x, c.y, c.name, rq.layer, rq.key, rq.panel, rq.font});
            ok = true;
            break;
        }
        if (!ok) out.dropped.push_back(rq.text);
    }
    return out;
}

} // namespace harbormap::render
