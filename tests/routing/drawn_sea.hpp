#pragma once
// Small seas drawn as ASCII maps (the valhalla gurka idea).  One character = one cell of `step` degrees;
// row 0 is the northernmost.  '#' and ' ' are land; every other character is a sea node, joined to its
// sea neighbours to the east and south (and diagonals when `diagonals`).  Letters name nodes; a digit k
// marks a cell of gate k: the gate is the set of small squares around those cells.  Each '#' cell is
// also a land square (drawn_sea::land) for the refinement's land index.
#include "engine/routing/graph_builder.hpp"

#include <map>
#include <string>
#include <vector>

namespace harbormap::testing {

struct drawn_sea {
    std::vector<routing::lane> lanes;
    std::vector<routing::gate> gates;
    std::map<char, lon_lat> named; // letters -> position
    std::vector<polygon> land;     // one square per '#' cell (the cell's full extent), for the land index
};

inline drawn_sea draw_sea(const std::vector<std::string>& rows, double lon0, double lat0, double step = 1.0,
                          bool diagonals = false) {
    drawn_sea s;
    auto sea = [&](std::size_t r, std::size_t c) {
        return r < rows.size() && c < rows[r].size() && rows[r][c] != '#' && rows[r][c] != ' ';
    };
    auto pos = [&](std::size_t r, std::size_t c) {
        return lon_lat{lon0 + static_cast<double>(c) * step, lat0 - static_cast<double>(r) * step};
    };
    std::map<char, routing::gate> gates;
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (rows[r][c] == '#') {
                const lon_lat p = pos(r, c);
                const double h = step * 0.5;
                s.land.push_back({{{{p.lon - h, p.lat - h}, {p.lon + h, p.lat - h}, {p.lon + h, p.lat + h}, {p.lon - h, p.lat + h}, {p.lon - h, p.lat - h}}}});
            }
            if (!sea(r, c)) continue;
            const char ch = rows[r][c];
            const lon_lat p = pos(r, c);
            if (std::isalpha(static_cast<unsigned char>(ch))) s.named[ch] = p;
            if (std::isdigit(static_cast<unsigned char>(ch))) {
                auto& g = gates[ch];
                g.id = std::string("gate") + ch;
                g.name = g.id;
                const double h = step * 0.25;
                g.areas.push_back({{p.lon - h, p.lat - h}, {p.lon + h, p.lat - h}, {p.lon + h, p.lat + h}, {p.lon - h, p.lat + h}, {p.lon - h, p.lat - h}});
            }
            if (sea(r, c + 1)) s.lanes.push_back({{p, pos(r, c + 1)}, ""});
            if (sea(r + 1, c)) s.lanes.push_back({{p, pos(r + 1, c)}, ""});
            if (diagonals && sea(r + 1, c + 1)) s.lanes.push_back({{p, pos(r + 1, c + 1)}, ""});
            if (diagonals && c > 0 && sea(r + 1, c - 1)) s.lanes.push_back({{p, pos(r + 1, c - 1)}, ""});
        }
    for (auto& [k, g] : gates) s.gates.push_back(g);
    return s;
}

} // namespace harbormap::testing
