#pragma once
// Name keys a port is known by (used by the fusion and by port lookups).
#include <string>
#include <vector>

namespace harbormap::fusion {

// Normalised keys of one name: the whole name, the part before a parenthesis, the parenthesised
// part, and each side of " / " and " - " ("Keppel - (East Singapore)" -> "keppel east singapore",
// "keppel", "east singapore").  Empty keys are dropped.
std::vector<std::string> name_variants(const std::string& name);

} // namespace harbormap::fusion
