#include "engine/render/labels.hpp"

#include <algorithm>
#include <array>
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

bool collision_index::hits(const rect& r, long ignore_owner, bool symbols) const {
    const long x0 = static_cast<long>(std::floor(r.x / m_cell)), x1 = static_cast<long>(std::floor(r.right() / m_cell));
    const long y0 = static_cast<long>(std::floor(r.y / m_cell)), y1 = static_cast<long>(std::floor(r.bottom() / m_cell));
    for (long cx = x0; cx <= x1; ++cx)
        for (long cy = y0; cy <= y1; ++cy) {
            auto it = m_grid.find(key(cx, cy));
            if (it == m_grid.end()) continue;
            for (std::size_t i : it->second) {
                const auto& [b, owner] = m_boxes[i];
                if (owner >= 0 && (owner == ignore_owner || !symbols)) continue;
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

double distance_to(const rect& r, double x, double y) {
    const double dx = x < r.x ? r.x - x : x > r.right() ? x - r.right() : 0;
    const double dy = y < r.y ? r.y - y : y > r.bottom() ? y - r.bottom() : 0;
    return std::hypot(dx, dy);
}

double placed_label::gap() const { return distance_to(box, anchor_x, anchor_y) - radius; }

namespace {

struct candidate {
    const char* name;
    rect box;
};

// The eight positions next to the symbol (Imhof's order).
std::vector<candidate> near_candidates(const label_request& rq, double w, double h) {
    const double gap = rq.radius + 1.2;
    const double d = gap * 0.72; // diagonal offset
    return {
        {"NE", {rq.x + d, rq.y - d - h * 0.8, w, h}},  {"E", {rq.x + gap, rq.y - h / 2, w, h}},   {"SE", {rq.x + d, rq.y + d - h * 0.2, w, h}},
        {"NW", {rq.x - d - w, rq.y - d - h * 0.8, w, h}}, {"W", {rq.x - gap - w, rq.y - h / 2, w, h}}, {"SW", {rq.x - d - w, rq.y + d - h * 0.2, w, h}},
        {"N", {rq.x - w / 2, rq.y - gap - h, w, h}},    {"S", {rq.x - w / 2, rq.y + gap, w, h}},
    };
}

// Positions away from the symbol: twelve directions (sideways first) on rings of growing distance.
std::vector<candidate> leader_candidates(const label_request& rq, double w, double h, double max_leader) {
    static const double angles[] = {0, 180, -30, 30, 150, 210, -60, 60, 120, 240, -90, 90};
    std::vector<candidate> out;
    for (double d = 6; d <= max_leader; d = d < 12 ? d + 3 : d * 1.25) {
        for (double deg : angles) {
            const double a = deg * M_PI / 180, c = std::cos(a), sn = std::sin(a);
            const double px = rq.x + (rq.radius + d) * c, py = rq.y + (rq.radius + d) * sn;
            const double bx = c > 0.3 ? px : c < -0.3 ? px - w : px - w / 2;
            const double by = sn > 0.3 ? py : sn < -0.3 ? py - h : py - h / 2;
            out.push_back({"leader", {bx, by, w, h}});
        }
    }
    return out;
}

// True if another symbol lies as close to `box` as the label's own (the label would name it).  A
// label on a leader only keeps clear of the other symbols (its leader says whose it is).
bool ambiguous(const rect& box, const label_request& rq, const label_options& o, bool leader) {
    const double own = leader ? 1.5 : distance_to(box, rq.x, rq.y) - rq.radius + 1.0;
    for (const auto& s : o.symbols) {
        if (s.owner == rq.owner) continue;
        if (distance_to(box, s.x, s.y) - s.r < own) return true;
    }
    return false;
}

// The leader from the symbol's edge to the nearest point of the box.
std::array<double, 4> leader_of(const rect& box, const label_request& rq) {
    const double ex = std::clamp(rq.x, box.x, box.right()), ey = std::clamp(rq.y, box.y, box.bottom());
    const double len = std::hypot(ex - rq.x, ey - rq.y);
    if (len <= 0) return {rq.x, rq.y, ex, ey};
    const double ux = (ex - rq.x) / len, uy = (ey - rq.y) / len;
    return {rq.x + ux * (rq.radius + 0.4), rq.y + uy * (rq.radius + 0.4), ex - ux * 0.6, ey - uy * 0.6};
}

// Small boxes along a leader (to test it against the index and to reserve it).
std::vector<rect> leader_boxes(const std::array<double, 4>& l) {
    const double len = std::hypot(l[2] - l[0], l[3] - l[1]);
    const int n = std::max(1, static_cast<int>(len / 1.5));
    std::vector<rect> out;
    for (int i = 0; i <= n; ++i) {
        const double t = static_cast<double>(i) / n;
        out.push_back({l[0] + (l[2] - l[0]) * t - 0.4, l[1] + (l[3] - l[1]) * t - 0.4, 0.8, 0.8});
    }
    return out;
}

// A leader may leave its symbol through a neighbour's symbol (a tight cluster has no other way out)
// but crosses no label, reserved box or earlier leader, nor a symbol farther out.
bool leader_clear(const collision_index& index, const std::vector<rect>& along, const std::array<double, 4>& l, long owner) {
    for (const auto& b : along) {
        const bool near_start = std::hypot(b.x + 0.4 - l[0], b.y + 0.4 - l[1]) < 5;
        if (index.hits(b, owner, !near_start)) return false;
    }
    return true;
}

} // namespace

label_placement place_labels(std::vector<label_request> requests, collision_index& index, const label_options& opts) {
    std::stable_sort(requests.begin(), requests.end(),
                     [](const label_request& a, const label_request& b) { return a.priority > b.priority; });
    const bool leaders = opts.max_leader > 0;
    label_placement out;
    for (const auto& rq : requests) {
        if (rq.text.empty()) continue;
        const auto same_name = [&](const placed_label& pl) {
            return pl.panel == rq.panel && pl.text == rq.text && std::hypot(pl.anchor_x - rq.x, pl.anchor_y - rq.y) <= opts.same_name_within;
        };
        if (std::any_of(out.placed.begin(), out.placed.end(), same_name)) continue;
        const text_extent e = measure_text(rq.text, rq.font);
        std::vector<candidate> cands = near_candidates(rq, e.width, e.height);
        const std::size_t n_near = cands.size();
        if (leaders)
            for (auto& c : leader_candidates(rq, e.width, e.height, opts.max_leader)) cands.push_back(c);
        bool ok = false;
        for (std::size_t ci = 0; ci < cands.size() && !ok; ++ci) {
            const rect& box = cands[ci].box;
            // the halo is part of the footprint: keep a little air between labels
            const rect test = box.inflated(std::max(0.4, rq.font.halo_width * 0.5));
            if (!rq.bounds.contains(box)) continue;
            if (index.hits(test, rq.owner)) continue;
            placed_label pl{rq.text, box, box.x, box.y, cands[ci].name, rq.layer, rq.key, rq.panel, rq.font, rq.x, rq.y, rq.radius, false, 0, 0, 0, 0};
            if (leaders && ambiguous(box, rq, opts, ci >= n_near)) continue;
            if (leaders && pl.gap() > opts.near_gap) {
                const auto l = leader_of(box, rq);
                const auto along = leader_boxes(l);
                if (!leader_clear(index, along, l, rq.owner)) continue;
                for (const auto& b : along) index.insert(b, -1);
                pl.leader = true;
                pl.position = "leader";
                pl.leader_x0 = l[0], pl.leader_y0 = l[1], pl.leader_x1 = l[2], pl.leader_y1 = l[3];
            }
            index.insert(test, -1);
            out.placed.push_back(std::move(pl));
            ok = true;
        }
        if (!ok) out.dropped.push_back(rq.text);
    }
    return out;
}

} // namespace harbormap::render
