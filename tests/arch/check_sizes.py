#!/usr/bin/env python3
"""Size limits of the engine's code: no source file over 600 lines and no function over 150 lines in
engine/, layers/ and tiles/.  Functions are found by their braces (strings, characters and comments
skipped): a block opened at namespace or class scope whose header has a parameter list and is not a
control statement, class, enum, namespace or initializer.  Prints every excess as file:line and
exits 1 if there is one.  `--self-test` checks the checker on planted cases.
"""
import pathlib
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 150
FOLDERS = ("engine", "layers", "tiles")
SCOPE = re.compile(r"\b(namespace|class|struct|union|enum)\b[^;(){}]*$")
CONTROL = re.compile(r"^\s*(if|for|while|switch|catch|do|else|try)\b")


def strip_code(text: str) -> str:
    """The text with comments, string and character literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('R"', i) and re.match(r'R"([^(\s]*)\(', text[i:]):
            delim = re.match(r'R"([^(\s]*)\(', text[i:]).group(1)
            j = text.find(")" + delim + '"', i)
            j = n if j < 0 else j + len(delim) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * max(0, min(j, n) - i - 1) + (c if j < n else "")); i = j + 1
        else:
            out.append(c); i += 1
    return "".join(out)


def functions(text: str):
    """(name, first line, line count) of every function body at namespace/class scope."""
    code = strip_code(text)
    stack, result, last = [], [], 0  # stack of (kind, start offset, header)
    for i, c in enumerate(code):
        if c == "{":
            header = code[last:i]
            header = header[max(header.rfind(";"), header.rfind("}")) + 1:].strip()
            outer = all(k == "scope" for k, _, _ in stack)
            if SCOPE.search(header) and "(" not in header.split("{")[-1][:0]:
                kind = "scope" if not re.search(r"\)\s*(const|override|noexcept|final|\s)*$", header) else "function"
            elif outer and "(" in header and not CONTROL.match(header) and not header.rstrip().endswith("="):
                kind = "function"
            else:
                kind = "block"
            if not outer:
                kind = "block"
            stack.append((kind, i, header))
            last = i + 1
        elif c == "}":
            if stack:
                kind, start, header = stack.pop()
                if kind == "function":
                    first = code.count("\n", 0, start) + 1
                    lines = code.count("\n", start, i) + 1
                    name = re.findall(r"([~\w:]+)\s*\(", header)
                    result.append((name[0] if name else header[:40], first, lines))
            last = i + 1
        elif c == ";":
            last = i + 1
    return result


def check(root: pathlib.Path):
    problems, files = [], 0
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h"):
                continue
            files += 1
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            n = text.count("\n")
            if n > MAX_FILE_LINES:
                problems.append(f"{rel}: {n} lines (limit {MAX_FILE_LINES})")
            for name, first, lines in functions(text):
                if lines > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{first}: function {name} has {lines} lines (limit {MAX_FUNCTION_LINES})")
    return problems, files


def self_test():
    body = "\n".join("    x += 1;" for _ in range(160))
    text = (
        "namespace a {\nstruct s {\n  int f() const {\n" + body + "\n  }\n};\n"
        "int g(int x) {\n  if (x) {\n" + body + "\n  }\n  auto l = [&](int y) {\n return y; };\n  return x;\n}\n"
        "int h() { return 1; }\n"
        'const char* k = "{ not a block ( ";\n'
        "} // namespace a\n"
    )
    found = {name: lines for name, _, lines in functions(text)}
    ok = found.get("f", 0) > 150 and found.get("g", 0) > 150 and found.get("h") == 1 and len(found) == 3
    # the whole check on a planted tree: one long function, one long file, one clean file
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "engine" / "m").mkdir(parents=True)
        (root / "engine" / "m" / "long_function.cpp").write_text(text)
        (root / "engine" / "m" / "long_file.hpp").write_text("int x;\n" * 601)
        (root / "engine" / "m" / "fine.cpp").write_text("int h() { return 1; }\n")
        problems, files = check(root)
        ok = ok and files == 3 and len(problems) == 3 and all("fine.cpp" not in p for p in problems)
    print("size checker self-test:", "ok" if ok else f"FAILED {found}")
    return 0 if ok else 1


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        sys.exit(self_test())
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
    problems, files = check(root)
    for p in problems:
        print(p)
    print(f"sizes: {files} files checked, {len(problems)} over the limits")
    sys.exit(1 if problems else 0)
