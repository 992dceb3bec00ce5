#pragma once
// Position sanity of the curated rows (fusion step after matching; also what `layers check` reports):
// a row whose position is far from the WPI port it names (its wpi_number, or the port its name, UN/LOCODE
// or name + position attach it to), outside the country its row names (Natural Earth polygons with a
// coastal tolerance: the 50m coastlines are coarse and ports sit on them), or on land far from water
// (more than inland_km from the Natural Earth coastline and more than inland_km farther inland than the
// WPI port it names, so a row at an inland river port such as the WPI's own river ports passes), gets a
// warning naming the file, row and field, the distance, and a "lat/lon swapped?" hint when exchanging
// the two fixes every check.
#include <cstdint>
#include <string>

namespace harbormap::fusion {

class coast_index;
class country_index;

struct position_options {
    double max_port_km = 50.0;       // a row farther than this from the WPI port it names is reported
    double country_buffer_km = 25.0; // a row this close to its country's polygons counts as inside
    double inland_km = 25.0;         // a row on land farther than this from the coast (and from its WPI port's
                                     // own distance to the coast) is reported
};

// Where a table's rows come from, for messages: its file and the column(s) holding the position.
struct table_origin {
    std::string file;
    std::string position_field = "lon/lat";
};

struct position_warning {
    std::string source; // table (source id)
    std::string row_id; // the row's id field
    std::string file;
    std::int64_t row = 0; // record number in the file (header = 1)
    std::string field;    // the position columns (far from its port) or the country column
    std::string kind;     // "far-from-port" | "outside-country" | "inland"
    double distance_km = 0;
    bool swap_fixes = false; // exchanging lon and lat passes every check of the row
    std::string why;
    std::string message() const; // "file:row: field 'x': why"
};

} // namespace harbormap::fusion
