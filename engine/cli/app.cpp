#include "engine/core/error.hpp"
#include "engine/core/progress.hpp"
#include "engine/core/text.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/front.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace fs = std::filesystem;

namespace harbormap::cli {
namespace {

fs::path default_dir(const char* env, const std::string& name) {
    if (const char* e = std::getenv(env); e && *e) return e;
    if (fs::exists(fs::path(name) / "README.md")) return name;
    return fs::path(HARBORMAP_SOURCE_DIR) / name;
}

// The deepest parsed (sub)command: where an unexpected token was met.
CLI::App* deepest(CLI::App* app) {
    for (CLI::App* sub : app->get_subcommands())
        if (sub->parsed()) return deepest(sub);
    return app;
}

std::string command_path(const CLI::App* app) {
    std::string p;
    for (const CLI::App* a = app; a; a = a->get_parent()) p = a->get_name() + (p.empty() ? "" : " " + p);
    return p;
}

// The subcommand and option names `app` accepts (with its parents' options when `parents`).
std::vector<std::string> known_names(const CLI::App* app, bool parents) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app->get_subcommands({})) names.push_back(sub->get_name());
    for (const CLI::App* a = app; a; a = parents ? a->get_parent() : nullptr)
        for (const CLI::Option* opt : a->get_options()) {
            for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
            for (const auto& s : opt->get_snames()) names.push_back("-" + s);
        }
    return names;
}

std::string did_you_mean(CLI::App* app, const std::vector<std::string>& extras) {
    const std::vector<std::string> names = known_names(app, false);
    std::string msg;
    for (const auto& x : extras) {
        auto s = suggest(x, names, 3);
        if (!s.empty()) msg += "\n'" + x + "': did you mean " + join(s, " or ") + "?";
    }
    return msg;
}

// The arguments that are neither options nor option values (the word after an option that takes a value,
// e.g. the DIR of `--out DIR`, unless given as `--out=DIR`), nor `where`'s name and subcommand names.
std::vector<std::string> plain_words(const CLI::App* where, const std::vector<std::string>& args,
                                     const std::vector<std::string>& names) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            if (a.find('=') != std::string::npos) continue;
            for (const CLI::App* p = where; p; p = p->get_parent())
                if (const CLI::Option* o = p->get_option_no_throw(a)) {
                    if (o->get_items_expected_min() > 0) ++i; // skip its value (a flag takes none)
                    break;
                }
            continue;
        }
        if (!a.empty() && std::find(names.begin(), names.end(), a) == names.end() && a != where->get_name()) words.push_back(a);
    }
    return words;
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, command_list commands, bool query_only) {
    context ctx{out, err, default_dir("HARBORMAP_DATA", "data"), "out", default_dir("HARBORMAP_MAPPINGS", "layers/mappings")};
    CLI::App app{"harbormap: the global footprint of Chinese ownership and technology in seaports", "harbormap"};
    app.set_version_flag("--version", std::string("harbormap ") + HARBORMAP_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    std::string data_dir, out_dir, mappings_dir;
    app.add_option("--data", data_dir, "Data directory (default: ./data or the source tree's data/)");
    app.add_option("--out", out_dir, "Output directory (default: out)");
    app.add_option("--mappings", mappings_dir, "Field-mapping directory (default: layers/mappings)");
    app.add_flag("--progress", ctx.progress, "Show progress on stderr even when it is not a terminal");
    app.add_flag("-q,--quiet", ctx.quiet, "No summary on stderr");
    ctx.lean_catalog = query_only;

    std::map<std::string, CLI::App*> groups;
    std::map<CLI::App*, command*> leaf;
    for (auto& c : commands) {
        const auto path = c->path();
        CLI::App* parent = &app;
        std::string key;
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            key += "/" + path[i];
            auto it = groups.find(key);
            if (it == groups.end()) {
                CLI::App* g = parent->add_subcommand(path[i], path[i] + " commands");
                g->require_subcommand(1);
                g->fallthrough();
                it = groups.emplace(key, g).first;
            }
            parent = it->second;
        }
        CLI::App* sub = parent->add_subcommand(path.back(), c->summary());
        sub->fallthrough();
        c->setup(*sub);
        leaf[sub] = c.get();
    }
    // Group descriptions list their subcommands.
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err);
    } catch (const CLI::ExtrasError& e) {
        CLI::App* where = deepest(&app);
        std::vector<std::string> extras;
        for (const auto& x : where->remaining()) extras.push_back(x);
        if (extras.empty()) { // the options among the arguments that no command on the path knows
            const std::vector<std::string> known = known_names(where, true);
            for (const auto& x : args)
                if (x.size() > 1 && x[0] == '-' && std::find(known.begin(), known.end(), x.substr(0, x.find('='))) == known.end())
                    extras.push_back(x);
        }
        err << "harbormap: error: " << e.what() << did_you_mean(where, extras) << "\n"
            << "Run '" << command_path(where) << " --help' for usage.\n";
        return 2;
    } catch (const CLI::ParseError& e) {
        CLI::App* where = deepest(&app);
        std::string what = e.what(), hint;
        if (where->get_subcommands({}).size() > 0 && where->get_subcommands().empty()) {
            std::vector<std::string> names;
            for (const CLI::App* s : where->get_subcommands({})) names.push_back(s->get_name());
            // The unknown word is the first argument that is not an option, an option's value or a known command:
            // named as such ("A subcommand is required" read as if none had been typed: `harbormap exposure`).
            const std::vector<std::string> words = plain_words(where, args, names);
            if (!words.empty()) {
                what = "'" + words.front() + "' is not a command of '" + command_path(where) + "'";
                hint = did_you_mean(where, {words.front()});
            }
            hint += "\nsubcommands: " + join(names, ", ");
        }
        err << "harbormap: error: " << what << hint << "\nRun '" << command_path(where) << " --help' for usage.\n";
        return 2;
    }
    if (!data_dir.empty()) ctx.data_dir = data_dir;
    if (!out_dir.empty()) ctx.out_dir = out_dir;
    if (!mappings_dir.empty()) ctx.mappings_dir = mappings_dir;
    if (!ctx.progress) ctx.progress = progress::stderr_is_tty();
    if (ctx.quiet) ctx.progress = false;

    command* selected = nullptr;
    for (auto& [sub, c] : leaf)
        if (sub->parsed()) selected = c;
    if (!selected) {
        err << "harbormap: error: no command given\n" << app.help();
        return 2;
    }
    // Building the graph from data/ needs GDAL: the full program does it (`ports` reads no graph).
    if (query_only && selected->path().front() != "ports" && !fs::exists(ctx.graph())) throw needs_full_program();
    try {
        return selected->run(ctx);
    } catch (const needs_full_program&) {
        throw;
    } catch (const usage_error& e) {
        err << "harbormap: error: " << e.what() << "\n";
        return 2;
    } catch (const input_error& e) {
        err << "harbormap: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "harbormap: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace harbormap::cli
