#pragma once
// Greedy label placement: labels in priority order, each tried at candidate positions around its
// symbol (Imhof's order: right-up, right, right-down, left-up, left, left-down, above, below) and
// kept at the first position that collides with no placed label, no symbol and no reserved box
// (legend, title, scale bar) and lies inside its panel.  A uniform grid indexes the boxes.
// With label_options::max_leader > 0, a position next to the symbol is refused when another symbol
// lies as close to the text as its own (the label would read as that symbol's), and a label that
// finds no free position next to its symbol is moved out on rings of growing distance (up to
// max_leader) and drawn with a leader line from its symbol to the text.  A name is written once per
// place: a request whose text was placed for a symbol within same_name_within is skipped.
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
    // symbols = false: only boxes without an owner (labels, reserved boxes, leaders) count.
    bool hits(const rect& r, long ignore_owner = -2, bool symbols = true) const;
    std::size_t size() const { return m_boxes.size(); }

private:
    long key(long cx, long cy) const { return cx * 1000003L + cy; }
    double m_cell;
    std::vector<std::pair<rect, long>> m_boxes;
    std::unordered_map<long, std::vector<std::size_t>> m_grid;
};

// A point symbol on the page (what a label must not be mistaken for).
struct symbol_mark {
    double x = 0, y = 0, r = 0;
    long owner = -1;
};

struct label_options {
    double max_leader = 0;  // pt: farthest a label may move from its symbol (0 = only next to it, no leaders)
    double near_gap = 4.0;  // pt: a label farther than this from its symbol's edge gets a leader line
    std::vector<symbol_mark> symbols; // every obstacle symbol (for the "nearer another symbol" test)
    // pt: a name already placed in the same panel for a symbol this close is not written again (two
    // ports of one complex with one name, e.g. Singapore's Keppel and Jurong Island entries); 0 = off
    double same_name_within = 12.0;
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
    std::string position; // "NE", "E", ...; "leader" when moved away
    std::string layer;
    std::string key;
    int panel = 0;
    font_spec font;
    double anchor_x = 0, anchor_y = 0; // the symbol's centre
    double radius = 0;                 // the symbol's radius
    bool leader = false;               // a leader line joins symbol and text
    double leader_x0 = 0, leader_y0 = 0, leader_x1 = 0, leader_y1 = 0; // symbol edge -> text box
    // Distance (pt) from the symbol's edge to the text box.
    double gap() const;
};

struct label_placement {
    std::vector<placed_label> placed;
    std::vector<std::string> dropped; // texts that found no free position
    // True if no two placed boxes overlap (what the tests check).
    bool overlap_free() const;
};

// Places `requests` against the obstacles already in `index` (symbols, reserved boxes); placed
// labels are added to the index.
label_placement place_labels(std::vector<label_request> requests, collision_index& index, const label_options& opts = {});

// Distance from (x, y) to the nearest point of r (0 inside).
double distance_to(const rect& r, double x, double y);

} // namespace harbormap::render
