#include "engine/fusion/names.hpp"

#include "engine/core/text.hpp"

#include <algorithm>

namespace harbormap::fusion {

std::vector<std::string> name_variants(const std::string& name) {
    std::vector<std::string> out;
    auto add = [&](std::string_view s) {
        const std::string k = normalise_name(s);
        if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    };
    add(name);
    const auto open = name.find('(');
    if (open != std::string::npos) {
        add(std::string_view(name).substr(0, open));
        const auto close = name.find(')', open);
        add(std::string_view(name).substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
    }
    for (const char* sep : {" / ", " - "}) {
        const auto at = name.find(sep);
        if (at == std::string::npos) continue;
        add(std::string_view(name).substr(0, at));
        add(std::string_view(name).substr(at + std::char_traits<char>::length(sep)));
    }
    return out;
}

} // namespace harbormap::fusion
