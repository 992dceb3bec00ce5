#!/usr/bin/env python3
"""The module dependency rule, checked on every #include of the source tree.

    core <- {layers, fusion, routing, tiles, render} <- query <- products <- cli

A module may include itself and the modules below it, never a sibling or anything above it.
GDAL headers are allowed only in layers/ (routing, tiles and the rest know no GDAL).  Prints every
violation as file:line and exits 1 if there is one.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else pathlib.Path(__file__).resolve().parents[2])

MODULES = {  # folder -> module name
    "engine/core": "core", "layers": "layers", "engine/fusion": "fusion", "engine/routing": "routing",
    "tiles": "tiles", "engine/render": "render", "engine/query": "query", "engine/products": "products",
    "engine/cli": "cli",
}
BELOW = {  # what each module may include besides itself
    "core": set(),
    "layers": {"core"}, "fusion": {"core"}, "routing": {"core"}, "tiles": {"core"}, "render": {"core"},
    "query": {"core", "layers", "fusion", "routing", "tiles", "render"},
    "products": {"core", "layers", "fusion", "routing", "tiles", "render", "query"},
    "cli": {"core", "layers", "fusion", "routing", "tiles", "render", "query", "products"},
}
GDAL_HEADERS = re.compile(r"^(gdal|ogr|cpl_|ogrsf_frmts)[a-z_]*\.h")
GDAL_ALLOWED = {"layers"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def module_of(rel: str):
    best = None
    for folder, name in MODULES.items():
        if rel == folder or rel.startswith(folder + "/"):
            if best is None or len(folder) > len(best[0]):
                best = (folder, name)
    return best[1] if best else None


def check(root: pathlib.Path):
    problems, files = [], 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".hpp", ".cpp", ".h") or "build" in path.relative_to(root).parts[0]:
            continue
        rel = path.relative_to(root).as_posix()
        mod = module_of(rel)
        if mod is None:
            continue
        files += 1
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2)
            if m.group(1) == "<":
                if GDAL_HEADERS.match(target) and mod not in GDAL_ALLOWED:
                    problems.append(f"{rel}:{no}: {mod} includes GDAL header <{target}> (only layers/ may)")
                continue
            tmod = module_of(target)
            if tmod is None:
                problems.append(f'{rel}:{no}: include "{target}" is not from the repo root (e.g. "engine/core/x.hpp")')
            elif tmod != mod and tmod not in BELOW[mod]:
                problems.append(f'{rel}:{no}: {mod} must not include {tmod} ("{target}")')
    return problems, files


def self_test():
    """The check must catch a wrong direction, a sibling include and GDAL outside layers/."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        t = pathlib.Path(d)
        for rel, text in {
            "engine/routing/a.cpp": '#include "engine/query/x.hpp"\n#include <gdal_priv.h>\n#include "engine/core/ok.hpp"\n',
            "tiles/b.cpp": '#include "engine/fusion/y.hpp"\n',
            "engine/products/c.cpp": '#include "engine/cli/command.hpp"\n#include "engine/query/ok.hpp"\n',
            "layers/d.cpp": '#include <ogrsf_frmts.h>\n',
        }.items():
            (t / rel).parent.mkdir(parents=True, exist_ok=True)
            (t / rel).write_text(text)
        problems, _ = check(t)
        expected = 4
        if len(problems) != expected:
            print("self-test failed: expected", expected, "violations, got:", *problems, sep="\n")
            return 1
    print("layering self-test: 4/4 planted violations found")
    return 0


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        sys.exit(self_test())
    problems, files = check(ROOT)
    for p in problems:
        print(p)
    print(f"layering: {files} files checked, {len(problems)} violation(s)")
    sys.exit(1 if problems else 0)
