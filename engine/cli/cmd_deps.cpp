#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/core/error.hpp"
namespace harbormap::cli {
namespace {
class deps_command final : public command {
public:
    std::vector<std::string> path() const override { return {"deps"}; }
    std::string summary() const override { return "deps (in progress)"; }
    void setup(CLI::App&) override {}
    int run(context&) override { throw processing_error("not implemented yet"); }
};
} // namespace
std::unique_ptr<command> make_deps_command() { return std::make_unique<deps_command>(); }
} // namespace harbormap::cli
