#include "engine/cli/command.hpp"

#include <iostream>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return harbormap::cli::run(args, std::cout, std::cerr);
}
