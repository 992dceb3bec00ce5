#pragma once
// Greedy label placement: labels in priority order, each tried at candidate positions around its
// symbol (Imhof's order: right-up, right, right-down, left-up, left, left-down, above, below) and
// kept at the first position that collides with no placed label, no symbol and no reserved box
// (legend, title, scale bar) and lies inside its panel.  A uniform grid indexes the boxes.
#include "engine/render/map.hpp"
#include "engine/render/text.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace harbormap::render {

class collision_index {
public:
    explicit collision_index(double cell = 24.0) : m_cell(cell) {}
    // owner >= 0 lets a label ignore its own symbol.
    void insert(const rect& r, long owner = -1);
    bool hits(const rect& r, long ignore_owner = -2) const;
    std::size_t size() const { return m_boxes.size(); }

private:
    long key(long cx, long cy) const { return cx * 1000003L + cy; }
    double m_cell;
    std::vector<std::pair<rect, long>> m_boxes;
    std::unordered_map<long, std::vector<std::size_t>> m_grid;
};

struct label_request {
    std::string text;
    double x = 0, y = 0;  // anchor (symbol centre) on the page
    double radius = 0;    // symbol radius: candidates sit just outside it
    double priority = 0;
    long owner = -1;      // symbol id in the collision index
    font_spec font;
    rect bounds;          // panel rectangle the label must stay inside
    std::string layer;
    std::string key;
    int panel = 0;
};

struct placed_label {
    std::string text;
    rect box;          // page pt, the text's logical rectangle
    double x = 0, y = 0; // top-left where the text is drawn (== box.x, box.y)
    std::string position; // "NE", "E", ...
    std::string layer;
    std::string key;
    int panel = 0;
    font_spec font;
};

struct label_placement {
    std::vector<placed_label> placed;
    std::vector<std::string> dropped; // texts that found no free position
    // True if no two placed boxes overlap (what the tests check).
    bool overlap_free() const;
};

// Places `requests` against the obstacles already in `index` (symbols, reserved boxes); placed
// labels are added to the index.
label_placement place_labels(std::vector<label_request> requests, collision_index& index);

} // namespace harbormap::render
