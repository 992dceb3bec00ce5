#include "tiles/thin.hpp"

#include "tiles/parallel.hpp"

#include <limits>

namespace harbormap::tiles {

std::size_t thin_cells(std::vector<thin_candidate>& all, std::uint64_t cx0, std::uint64_t cx1, std::uint64_t side,
                       std::size_t table_limit, unsigned threads, std::vector<std::uint8_t>& flags) {
    const auto first = [](const thin_candidate& a, const thin_candidate& b) {
        return a.importance != b.importance ? a.importance > b.importance : a.index < b.index;
    };
    std::size_t dropped = 0;
    const auto drop = [&](const thin_candidate& c) {
        flags[c.index] = 0;
        ++dropped;
    };
    if (cx1 > cx0 && (cx1 - cx0) * side <= table_limit) {
        constexpr auto none = std::numeric_limits<std::uint32_t>::max();
        std::vector<std::uint32_t> best(static_cast<std::size_t>((cx1 - cx0) * side), none);
        const auto slot = [&](const thin_candidate& c) {
            return static_cast<std::size_t>(((c.cell >> 32) - cx0) * side + (c.cell & 0xffffffffu));
        };
        for (std::uint32_t i = 0; i < all.size(); ++i) {
            std::uint32_t& b = best[slot(all[i])];
            if (b == none || first(all[i], all[b])) b = i;
        }
        for (std::uint32_t i = 0; i < all.size(); ++i)
            if (best[slot(all[i])] != i) drop(all[i]);
        return dropped;
    }
    detail::parallel_sort(all, threads, [&](const thin_candidate& a, const thin_candidate& b) { return a.cell != b.cell ? a.cell < b.cell : first(a, b); });
    for (std::size_t i = 1; i < all.size(); ++i)
        if (all[i].cell == all[i - 1].cell) drop(all[i]);
    return dropped;
}

} // namespace harbormap::tiles
