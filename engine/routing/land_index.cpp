#include "engine/routing/land_index.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <deque>

namespace harbormap::routing {
namespace {

constexpr int cpd = land_index::cells_per_degree;
constexpr int grid_w = 360 * cpd, grid_h = 180 * cpd, words = grid_w / 64;
static_assert(grid_w % 64 == 0);
constexpr double land_deg = M_PI / 180.0;

int col_of(double lon) { return land_index::cell_col(lon); }
int row_of(double lat) { return land_index::cell_row(lat); }

class bitmap {
public:
    bitmap() : m_bits(static_cast<std::size_t>(grid_h) * words, 0) {}
    void set(int r, int c) { m_bits[idx(r, c)] |= std::uint64_t{1} << (c & 63); }
    bool get(int r, int c) const { return (m_bits[idx(r, c)] >> (c & 63)) & 1u; }
    std::uint64_t* row(int r) { return m_bits.data() + static_cast<std::size_t>(r) * words; }
    const std::uint64_t* row(int r) const { return m_bits.data() + static_cast<std::size_t>(r) * words; }

private:
    static std::size_t idx(int r, int c) { return static_cast<std::size_t>(r) * words + static_cast<std::size_t>(c >> 6); }
    std::vector<std::uint64_t> m_bits;
};

void mark_boundary(bitmap& b, const ring& r) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const lon_lat u = r[i], v = r[i + 1];
        if (std::abs(v.lon - u.lon) > 180) continue; // not expected in cut land polygons
        const double span = std::max(std::abs(v.lon - u.lon), std::abs(v.lat - u.lat)) * cpd * 2;
        const int n = static_cast<int>(std::ceil(span)) + 1;
        for (int k = 0; k <= n; ++k) {
            const double t = static_cast<double>(k) / n;
            b.set(row_of(u.lat + t * (v.lat - u.lat)), col_of(u.lon + t * (v.lon - u.lon)));
        }
    }
}

// Cells whose centre lies inside the polygon (even-odd over all its rings).
void fill_interior(bitmap& b, const polygon& poly) {
    std::vector<std::vector<double>> xs; // per row of the polygon's extent
    int r0 = grid_h, r1 = -1;
    for (const auto& r : poly.rings)
        for (const auto& p : r) r0 = std::min(r0, row_of(p.lat)), r1 = std::max(r1, row_of(p.lat));
    if (r1 < r0) return;
    xs.resize(static_cast<std::size_t>(r1 - r0 + 1));
    for (const auto& r : poly.rings)
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const lon_lat u = r[i], v = r[i + 1];
            if (u.lat == v.lat || std::abs(v.lon - u.lon) > 180) continue;
            const double lo = std::min(u.lat, v.lat), hi = std::max(u.lat, v.lat);
            for (int row = row_of(hi); row <= row_of(lo); ++row) {
                const double lat_c = 90.0 - (row + 0.5) / cpd;
                if (lat_c < lo || lat_c >= hi) continue;
                xs[static_cast<std::size_t>(row - r0)].push_back(u.lon + (lat_c - u.lat) * (v.lon - u.lon) / (v.lat - u.lat));
            }
        }
    for (int row = r0; row <= r1; ++row) {
        auto& x = xs[static_cast<std::size_t>(row - r0)];
        std::sort(x.begin(), x.end());
        for (std::size_t k = 0; k + 1 < x.size(); k += 2) {
            const int c0 = static_cast<int>(std::ceil((x[k] + 180.0) * cpd - 0.5));
            const int c1 = static_cast<int>(std::floor((x[k + 1] + 180.0) * cpd - 0.5));
            for (int c = std::max(c0, 0); c <= std::min(c1, grid_w - 1); ++c) b.set(row, c);
        }
    }
}

// Dilation by `k` cells (Chebyshev), longitudes wrapping, latitudes clamped.
bitmap dilate(const bitmap& in, int k) {
    bitmap h;
    for (int r = 0; r < grid_h; ++r) {
        const std::uint64_t* src = in.row(r);
        std::uint64_t* dst = h.row(r);
        for (int w = 0; w < words; ++w) {
            std::uint64_t v = src[w];
            const std::uint64_t prev = src[(w + words - 1) % words], next = src[(w + 1) % words];
            for (int s = 1; s <= k; ++s)
                v |= (src[w] << s) | (prev >> (64 - s)) | (src[w] >> s) | (next << (64 - s));
            dst[w] = v;
        }
    }
    bitmap out;
    for (int r = 0; r < grid_h; ++r) {
        std::uint64_t* dst = out.row(r);
        for (int q = std::max(0, r - k); q <= std::min(grid_h - 1, r + k); ++q) {
            const std::uint64_t* src = h.row(q);
            for (int w = 0; w < words; ++w) dst[w] |= src[w];
        }
    }
    return out;
}

struct unit3 {
    double x, y, z;
};
unit3 to_unit(const lon_lat& p) {
    const double f = p.lat * land_deg, l = p.lon * land_deg;
    return {std::cos(f) * std::cos(l), std::cos(f) * std::sin(l), std::sin(f)};
}

} // namespace

namespace {

// The 16 bits of tile (ty, tx) in row rr of the tile.
std::uint64_t tile_row_bits(const bitmap& b, int ty, int tx, int rr) {
    return (b.row(ty * cpd + rr)[tx / 4] >> ((tx % 4) * 16)) & 0xffffu;
}

std::vector<std::uint8_t> tile_radius(const std::vector<std::uint32_t>& tiles) {
    const int tw = land_index::tile_cols, th = land_index::tile_rows;
    std::vector<std::uint8_t> radius(tiles.size(), 255);
    std::deque<int> queue;
    for (int i = 0; i < tw * th; ++i)
        if (tiles[static_cast<std::size_t>(i)] != land_index::tile_clear) radius[static_cast<std::size_t>(i)] = 0, queue.push_back(i);
    while (!queue.empty()) {
        const int i = queue.front();
        queue.pop_front();
        const int ty = i / tw, tx = i % tw, d = radius[static_cast<std::size_t>(i)];
        if (d >= 254) continue;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int ny = ty + dy;
                if (ny < 0 || ny >= th) continue;
                const auto j = static_cast<std::size_t>(ny * tw + (tx + dx + tw) % tw);
                if (radius[j] > d + 1) radius[j] = static_cast<std::uint8_t>(d + 1), queue.push_back(static_cast<int>(j));
            }
    }
    return radius;
}

} // namespace

land_index build_land_index(const std::vector<polygon>& land) {
    bitmap b;
    for (const auto& poly : land) {
        for (const auto& r : poly.rings) mark_boundary(b, r);
        fill_interior(b, poly);
    }
    bitmap blocked = dilate(b, land_index::clearance_cells);
    const int polar = static_cast<int>((90.0 - land_index::max_abs_lat) * cpd);
    for (int r = 0; r < grid_h; ++r)
        if (r < polar || r >= grid_h - polar)
            for (int w = 0; w < words; ++w) blocked.row(r)[w] = ~std::uint64_t{0};
    const int tw = land_index::tile_cols, th = land_index::tile_rows;
    std::vector<std::uint32_t> tiles(static_cast<std::size_t>(tw) * th, land_index::tile_clear);
    for (int ty = 0; ty < th; ++ty)
        for (int tx = 0; tx < tw; ++tx) {
            int ones = 0;
            for (int rr = 0; rr < cpd; ++rr) ones += std::popcount(tile_row_bits(blocked, ty, tx, rr));
            if (ones) tiles[static_cast<std::size_t>(ty) * tw + tx] = ones == cpd * cpd ? land_index::tile_blocked : 0;
        }
    std::vector<std::uint8_t> radius = tile_radius(tiles);
    // detailed tiles: mixed ones and clear ones next to a non-clear tile; their cells get distances
    std::vector<int> detailed;
    for (int i = 0; i < tw * th; ++i) {
        auto& t = tiles[static_cast<std::size_t>(i)];
        if (t == land_index::tile_blocked || (t == land_index::tile_clear && radius[static_cast<std::size_t>(i)] > 1)) continue;
        t = static_cast<std::uint32_t>(detailed.size());
        detailed.push_back(i);
    }
    std::vector<std::uint64_t> blocks(detailed.size() * land_index::block_words, ~std::uint64_t{0}); // 15 everywhere
    std::vector<std::uint64_t> assigned(detailed.size() * 4, 0);
    bitmap reach = blocked;
    for (int k = 0; k < 15; ++k) {
        if (k > 0) reach = dilate(reach, 1);
        for (std::size_t n = 0; n < detailed.size(); ++n) {
            const int ty = detailed[n] / tw, tx = detailed[n] % tw;
            for (int rr = 0; rr < cpd; ++rr) {
                const std::uint64_t shift = static_cast<std::uint64_t>((rr % 4) * 16);
                std::uint64_t fresh = tile_row_bits(reach, ty, tx, rr) & ~(assigned[n * 4 + rr / 4] >> shift) & 0xffffu;
                assigned[n * 4 + rr / 4] |= fresh << shift;
                for (; fresh; fresh &= fresh - 1) {
                    const int cell = rr * cpd + std::countr_zero(fresh);
                    auto& w = blocks[n * land_index::block_words + static_cast<std::size_t>(cell / 16)];
                    const int sh = (cell % 16) * 4;
                    w = (w & ~(std::uint64_t{0xf} << sh)) | (static_cast<std::uint64_t>(k) << sh);
                }
            }
        }
    }
    land_index ix;
    ix.tiles = std::move(tiles);
    ix.radius = std::move(radius);
    ix.blocks = std::move(blocks);
    return ix;
}

int land_index::clear_radius(const lon_lat& p) const {
    const int r = row_of(p.lat), c = col_of(p.lon);
    return radius[static_cast<std::size_t>(r / cpd) * tile_cols + static_cast<std::size_t>(c / cpd)];
}

std::array<double, 3> unit_vector(const lon_lat& p) {
    const unit3 u = to_unit(p);
    return {u.x, u.y, u.z};
}

namespace {

// sin and cos of a probe step: |x| <= 0.05 rad (a step inside a detailed tile) by the Taylor series to
// x^9 and x^10 (error < 1e-21, below a double's rounding: the same probe positions as std::sin/std::cos up
// to the last bits, with a short dependency chain); longer leaps by the library.
void probe_sincos(double x, double& s, double& c) {
    if (std::abs(x) > 0.05) {
        s = std::sin(x), c = std::cos(x);
        return;
    }
    // (Estrin's scheme: the same series with a shorter dependency chain than Horner's)
    const double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;
    s = x * ((1 + x2 * (-1.0 / 6)) + x4 * ((1.0 / 120) + x2 * (-1.0 / 5040)) + x8 * (1.0 / 362880));
    c = (1 + x2 * (-1.0 / 2)) + x4 * ((1.0 / 24 + x2 * (-1.0 / 720)) + x4 * (1.0 / 40320 + x2 * (-1.0 / 3628800)));
}

// A lower bound of cos x for 0 <= x <= 1.5 (within 3e-11 of it): the Taylor series up to -x^14/14!, whose
// terms shrink from the first one on, so stopping after a negative term stays below cos x; less a rounding
// margin.  A leap computed with it is never longer than with std::cos (and the same up to 3e-11 of it) at
// a fifth of the cost (it was ~6% of the refinement's instructions).
double leap_cos(double x) {
    // (Estrin's scheme: the rounding error stays a few units of 1e-16, far inside the margin)
    const double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;
    const double lo = (1 + x2 * (-1.0 / 2)) + x4 * (1.0 / 24 + x2 * (-1.0 / 720));
    const double hi = (1.0 / 40320 + x2 * (-1.0 / 3628800)) + x4 * (1.0 / 479001600 + x2 * (-1.0 / 87178291200.0));
    return lo + x8 * hi - 1e-15;
}

} // namespace

// Probes the arc from a to b.  In a clear tile the probe leaps to the border of the clear square of
// tiles around it (the latitude changes at most by the arc length s, the longitude at most by
// s / cos(latitude)); elsewhere it steps half a cell (in both axes, at the arc's highest latitude).  Since
// land is ringed by at least one whole blocked cell, probes half a cell apart cannot pass land unseen;
// positions are computed by rotating the previous one (the sine and cosine of a short step by their
// series) and a fast atan2 whose error (1e-4 degree) is far below that slack.
bool land_index::arc_clear(const lon_lat& a, const lon_lat& b, std::size_t* probes) const {
    if (empty() || blocked(a) || blocked(b)) return false;
    const unit3 ua = to_unit(a), ub = to_unit(b);
    return arc_clear_unit({ua.x, ua.y, ua.z}, {ub.x, ub.y, ub.z}, probes);
}

bool land_index::arc_clear_unit(const std::array<double, 3>& ua, const std::array<double, 3>& ub, std::size_t* probes) const {
    const unit3 A{ua[0], ua[1], ua[2]}, B{ub[0], ub[1], ub[2]};
    const double dot = A.x * B.x + A.y * B.y + A.z * B.z;
    unit3 U{B.x - dot * A.x, B.y - dot * A.y, B.z - dot * A.z};
    const double un = std::sqrt(U.x * U.x + U.y * U.y + U.z * U.z);
    if (un < 1e-15) return true; // one point (antipodes do not occur between path vertices)
    U = {U.x / un, U.y / un, U.z / un};
    const double theta = std::atan2(un, dot);
    // highest |latitude| on the arc: z(t) = A.z cos t + U.z sin t reaches its amplitude inside the arc (theta
    // < pi) when its derivative -A.z sin t + U.z cos t changes sign between t = 0 and t = theta (cos theta =
    // dot, sin theta = un: no atan2 on the way to the first probe)
    double zmax = std::max(std::abs(A.z), std::abs(B.z));
    const double amp = std::sqrt(A.z * A.z + U.z * U.z), slope_a = U.z, slope_b = -A.z * un + U.z * dot;
    if ((slope_a > 0 && slope_b < 0) || (slope_a < 0 && slope_b > 0)) zmax = std::max(zmax, amp);
    const double lat_max = std::asin(std::min(1.0, zmax)) / land_deg;
    if (lat_max > max_abs_lat) return false;
    constexpr double half_cell = 0.5 / cpd, margin = 0.001; // degrees
    constexpr double to_deg = 180.0 / M_PI;                  // (a product: shorter than a division)
    const double fine = half_cell * std::cos(std::min(max_abs_lat, lat_max + half_cell) * land_deg) * land_deg; // radians
    double sf, cf;
    probe_sincos(fine, sf, cf);
    std::size_t n = 0;
    double t = 0, ct = 1, st = 0; // P = A cos t + U sin t
    unit3 P = A;
    bool clear = false;
    while (true) {
        ++n;
        const double lat = fast_atan2(P.z, std::sqrt(P.x * P.x + P.y * P.y)) * to_deg, lon = fast_atan2(P.y, P.x) * to_deg;
        const int r = row_of(lat), c = col_of(lon);
        const std::size_t ti = static_cast<std::size_t>(r / cpd) * tile_cols + static_cast<std::size_t>(c / cpd);
        const std::uint32_t tile = tiles[ti];
        if (tile == tile_blocked) break;
        // the square of cells (or tiles) within distance - 1 of this one is clear: leap to its border
        double lat_hi, lat_lo, lon_lo, lon_hi;
        if (tile != tile_clear) {
            const int d = cell_nibble(tile, r, c);
            if (d == 0) break;
            lat_hi = 90.0 - (r - d + 1) / double(cpd), lat_lo = 90.0 - (r + d) / double(cpd);
            lon_lo = -180.0 + (c - d + 1) / double(cpd), lon_hi = -180.0 + (c + d) / double(cpd);
        } else {
            const int d = radius[ti];
            const int ty = r / cpd, tx = c / cpd;
            lat_hi = 90.0 - (ty - d + 1), lat_lo = 90.0 - (ty + d);
            lon_lo = -180.0 + (tx - d + 1), lon_hi = -180.0 + (tx + d);
            if (2 * d - 1 >= 360) lon_lo = lon - 360, lon_hi = lon + 360;
        }
        const double dlat = std::min(lat - lat_lo, lat_hi - lat) - margin;
        const double dlon = std::min(lon - lon_lo, lon_hi - lon) - margin;
        // (the cosine is only needed when the leap could be longer than a fine step: it is at most 1)
        const double leap = std::min(dlat, dlon) * land_deg <= fine ? 0.0
                            : std::min(dlat, dlon * leap_cos(std::min(max_abs_lat, std::abs(lat) + dlat) * land_deg)) * land_deg;
        double s1 = sf, c1 = cf;
        if (leap > fine) t += leap, probe_sincos(leap, s1, c1);
        else t += fine;
        if (t >= theta) { // b itself is not blocked (checked first)
            clear = true;
            break;
        }
        const double ck = ct * c1 - st * s1;
        st = st * c1 + ct * s1, ct = ck;
        P = {A.x * ct + U.x * st, A.y * ct + U.y * st, A.z * ct + U.z * st};
    }
    if (probes) *probes += n;
    return clear;
}

} // namespace harbormap::routing
