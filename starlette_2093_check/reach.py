"""Does the checkout's own code combine ``BaseHTTPMiddleware`` with background tasks?

Static only: Python files are read and parsed with :mod:`ast`, never imported or executed. Names are
resolved across the whole checkout (import aliases, module-level aliases, re-exports, relative imports,
subclass chains between modules), so a base class in ``libs/common`` used by ``services/api`` counts;
:func:`for_root` then attributes each finding to the project root its file is in.

Middleware findings: classes deriving from ``starlette.middleware.base.BaseHTTPMiddleware``
("subclass"), functions registered with ``<x>.middleware("http")`` ("decorator", Starlette and FastAPI
wrap them in a ``BaseHTTPMiddleware``), and ``<x>.add_middleware(C)`` / ``Middleware(C)`` naming such a
class ("add_middleware", "Middleware"). Background findings: calls of and annotations with Starlette's
or FastAPI's ``BackgroundTasks`` / ``BackgroundTask`` ("BackgroundTasks", "BackgroundTask"), and
``background=`` given to a Starlette/FastAPI response (or given a background task) or assigned to
``x.background`` ("background=").

Speed: parsing is most of the cost, so only files that can hold a finding are parsed. Before anything
in-repo is known, that is a file whose text says "middleware"/"Middleware", "BackgroundTask" or
"background = <not a literal>" (every external name a finding rests on does). Then, until nothing
changes, a file mentioning an in-repo name found to stand for ``BaseHTTPMiddleware``, ``Middleware``
or a background task class (a subclass, an alias, a re-export). Modules of the checkout that a name
is resolved through are parsed when needed. So a syntax error is reported only for a file that could
hold a finding.
"""

from __future__ import annotations

import ast
import gc
import io
import os
import re
import sys
import tokenize
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from starlette_2093_check.layout import DEFAULT_LAYOUT, MAX_DEPTH, TEST_PATTERNS, Layout, Skip, is_pruned
from starlette_2093_check.manifests._files import OUTSIDE_SYMLINK, decode_text, read_regular

# Finding and Reachability live with the other shared dataclasses; they are part of this interface.
from starlette_2093_check.model import Finding, Location, Reachability, ScanError

__all__ = ["CodeScan", "Finding", "Reachability", "for_root", "scan_code"]

# Finding.kind values
MIDDLEWARE_KINDS = ("subclass", "decorator", "add_middleware", "Middleware")
BACKGROUND_KINDS = ("BackgroundTasks", "BackgroundTask", "background=")


@dataclass(frozen=True)
class CodeScan:
    """Every finding in the checkout, computed once and shared by all project roots."""

    middleware: tuple[Finding, ...]  # sorted by (file, line)
    background: tuple[Finding, ...]
    files: int  # Python files read (after the skip rules), whether or not they needed parsing
    errors: tuple[ScanError, ...]
    # Files that may hold a finding but do not parse here, in a project that targets a newer Python
    # than this one: not the project's error, but what this scan could not read (``for_root``).
    unread: tuple[Unread, ...] = ()


@dataclass(frozen=True)
class Unread:
    """A file whose syntax is newer than the running Python's (its project targets ``python``)."""

    file: str
    line: int | None
    python: str  # the Python the file's project targets ("3.14")
    message: str  # the parser's message, as it would have been reported


def newer_python(request: str | None, running: tuple[int, int] | None = None) -> str | None:
    """The Python a project's interpreter request asks for ("3.14") when every version it allows is
    newer than ``running`` (default: this interpreter), so its code may use syntax this one cannot
    parse; None otherwise (no request, or one that allows this Python or an older one)."""
    major, minor = running or sys.version_info[:2]
    text = (request or "").strip()
    if not text:
        return None
    if text[0] in "<>=!~":
        try:
            allowed = SpecifierSet(text)
        except InvalidSpecifier:
            return None
        minors = [m for m in range(40) if any(allowed.contains(v) for v in (f"3.{m}", f"3.{m}.99"))]
        if not minors or major > 3 or minors[0] <= minor:
            return None
        return f"3.{minors[0]}"
    found = re.search(r"(\d+)\.(\d+)", text)
    if found is None:
        return None
    wanted = (int(found.group(1)), int(found.group(2)))
    return f"{wanted[0]}.{wanted[1]}" if wanted > (major, minor) else None


# Top-level packages always taken as the installed ones, even if the checkout has a directory so named.
_EXTERNAL_TOPS = frozenset({"starlette", "fastapi"})
_BHM = "starlette.middleware.base.BaseHTTPMiddleware"
# The names every finding ultimately rests on; in-repo aliases and subclasses join them.
_ANCHOR_NAMES = frozenset({"BaseHTTPMiddleware", "Middleware", "BackgroundTasks", "BackgroundTask"})
# Categories that make a name worth following into other files.
_NAME_CATEGORIES = frozenset({"bhm", "Middleware", "BackgroundTasks", "BackgroundTask"})
_MAX_STRING_ANNOTATION = 300
_CODING = re.compile(rb"coding[:=]")
# "background=" or "x.background =" with a value that is not a literal ("white", 0, None, -1, True):
# a background task is never one, and this is how an image or GUI library's colour option looks.
_BACKGROUND_ARG = re.compile(
    r"""\bbackground\s*+=(?!=)\s*+(?![-+]?[.\d]|["']|[rRbBuUfF]{1,2}["']|(?:None|True|False)\b)"""
)


# ---------------------------------------------------------------------------------------------------
# Symbols: what a name can stand for.


@dataclass(frozen=True, slots=True)
class _Ext:
    """Something outside the checkout, by its dotted name as imported (``fastapi.BackgroundTasks``)."""

    dotted: str


@dataclass(frozen=True, slots=True)
class _Mod:
    """A module of the checkout: a file, or ``<dir>/__init__.py`` for a package (real or namespace)."""

    key: str


@dataclass(frozen=True, slots=True)
class _Cls:
    """A class defined in the checkout."""

    file: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class _Inst:
    """An instance of one of ``of`` (an assignment from a call, or an annotated parameter)."""

    of: frozenset[_Sym]


_Sym = _Ext | _Mod | _Cls | _Inst
_Syms = frozenset[_Sym]
_NONE: _Syms = frozenset()


def _ext_category(dotted: str) -> str | None:
    """What an external dotted name is, for this analysis, or None if it does not matter."""
    if dotted == _BHM:
        return "bhm"
    module, _, last = dotted.rpartition(".")
    if last == "Middleware" and module in ("starlette.middleware", "fastapi.middleware"):
        return "Middleware"
    if last in ("BackgroundTasks", "BackgroundTask") and module in (
        "starlette.background",
        "fastapi.background",
        "fastapi",
    ):
        return last
    if last.endswith("Response") and module in ("starlette.responses", "fastapi.responses", "fastapi"):
        return "response"
    if last == "_TemplateResponse" and module == "starlette.templating":
        return "response"
    if last == "Jinja2Templates" and module in ("starlette.templating", "fastapi.templating"):
        return "templates"
    if last == "TemplateResponse" and _ext_category(module) == "templates":
        return "response"
    return None


# ---------------------------------------------------------------------------------------------------
# Bindings: what a module says a name is, before resolution.


@dataclass(frozen=True, slots=True)
class _Import:
    """``import a.b`` (binds ``a`` to "a") or ``import a.b as x`` (binds ``x`` to "a.b")."""

    dotted: str


@dataclass(frozen=True, slots=True)
class _From:
    """``from M import name``: ``module`` is absolute, or ``directory`` + ``parts`` for a relative one."""

    module: str | None
    directory: str | None
    parts: tuple[str, ...]
    name: str


@dataclass(frozen=True, slots=True)
class _Class:
    cls: _Cls
    bases: tuple[ast.expr, ...]
    hints: tuple[str, ...]  # the last names of the bases, e.g. ("BaseHTTPMiddleware",)


@dataclass(frozen=True, slots=True)
class _Alias:
    """``x = <dotted name>``."""

    value: ast.expr
    hint: str


@dataclass(frozen=True, slots=True)
class _Instance:
    """``x = <callee>(...)`` or ``x: <annotation>``: an instance of what the expression names."""

    expr: ast.expr
    annotation: bool


_Binding = _Import | _From | _Class | _Alias | _Instance


@dataclass(frozen=True, slots=True)
class _CallSite:
    chain: list[str]  # the callee, as a dotted name
    line: int
    argument: ast.expr | None  # first positional or ``cls=``: what Middleware(...) wraps


@dataclass
class _Module:
    """What one parsed file binds and the nodes worth looking at for findings."""

    path: str
    names: dict[str, list[_Binding]] = field(default_factory=dict)
    stars: list[_From] = field(default_factory=list)
    classes: list[_Class] = field(default_factory=list)
    # Only what findings need is kept, not whole trees (a function keeps its body alive).
    decorated: list[tuple[int, str]] = field(default_factory=list)  # middleware("http"): line, function
    calls: list[_CallSite] = field(default_factory=list)  # calls of a dotted name
    add_middleware: list[tuple[int, ast.expr | None]] = field(default_factory=list)  # line, class
    background_args: list[tuple[ast.expr, ast.keyword]] = field(default_factory=list)  # callee, keyword
    annotations: list[ast.expr] = field(default_factory=list)
    background_assigns: list[tuple[ast.Attribute, ast.expr]] = field(default_factory=list)
    _by_hint: dict[str, list[str]] | None = None

    def bind(self, name: str, binding: _Binding) -> None:
        self.names.setdefault(name, []).append(binding)

    def by_hint(self) -> dict[str, list[str]]:
        """The bound names by the names their bindings mention (imported name, alias source, bases)."""
        if self._by_hint is None:
            self._by_hint = {}
            for name, bindings in self.names.items():
                for b in bindings:
                    if isinstance(b, _From):
                        hints: Iterable[str] = (b.name,)
                    elif isinstance(b, _Alias):
                        hints = (b.hint,)
                    elif isinstance(b, _Class):
                        hints = b.hints
                    else:
                        continue
                    for hint in hints:
                        self._by_hint.setdefault(hint, []).append(name)
        return self._by_hint


def _chain(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ["a", "b", "c"]; None for anything but a dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    parts.reverse()
    return parts


def _package_dir(path: str) -> str:
    return path.rpartition("/")[0]


def _collect(path: str, tree: ast.Module) -> _Module:
    """One pass over a parsed file: its bindings (all scopes alike) and candidate nodes."""
    mod = _Module(path)
    package = _package_dir(path)
    for node in _nodes(tree):
        if isinstance(node, ast.Call):
            _collect_call(mod, node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    mod.bind(alias.asname, _Import(alias.name))
                else:
                    top = alias.name.partition(".")[0]
                    mod.bind(top, _Import(top))
        elif isinstance(node, ast.ImportFrom):
            _collect_from(mod, node, package)
        elif isinstance(node, ast.ClassDef):
            cls = _Cls(path, node.name, node.lineno)
            chains = [_chain(base) for base in node.bases]
            hints = tuple(c[-1] for c in chains if c)
            binding = _Class(cls, tuple(node.bases), hints)
            mod.bind(node.name, binding)
            mod.classes.append(binding)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mod.decorated += [(d.lineno, node.name) for d in node.decorator_list if _http_middleware(d)]
            args = node.args
            for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
                if arg is not None and arg.annotation is not None:
                    mod.bind(arg.arg, _Instance(arg.annotation, annotation=True))
                    mod.annotations.append(arg.annotation)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    _bind_value(mod, target.id, node.value)
                elif isinstance(target, ast.Attribute) and target.attr == "background":
                    mod.background_assigns.append((target, node.value))
        elif isinstance(node, ast.AnnAssign):
            mod.annotations.append(node.annotation)
            if isinstance(node.target, ast.Name):
                mod.bind(node.target.id, _Instance(node.annotation, annotation=True))
                if node.value is not None:
                    _bind_value(mod, node.target.id, node.value)
            elif isinstance(node.target, ast.Attribute) and node.target.attr == "background" and node.value:
                mod.background_assigns.append((node.target, node.value))
    return mod


_LEAVES = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.alias})


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """The tree's nodes, like ``ast.walk`` but about twice as fast: no generators, and the leaves
    nothing here looks at (names, constants, contexts) are left out."""
    nodes: list[ast.AST] = [tree]
    append = nodes.append
    for node in nodes:  # grows while it is read
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST) and type(item) not in _LEAVES:
                        append(item)
            elif isinstance(value, ast.AST) and type(value) not in _LEAVES:
                append(value)
    return nodes


def _collect_call(mod: _Module, call: ast.Call) -> None:
    func = call.func
    if isinstance(func, ast.Call) and _http_middleware(func) and call.args:  # app.middleware("http")(f)
        mod.decorated.append((call.lineno, _text(call.args[0])))
    if isinstance(func, ast.Attribute) and func.attr == "add_middleware":
        mod.add_middleware.append((call.lineno, _argument(call, "middleware_class")))
    for kw in call.keywords:
        if kw.arg == "background" and not _literal(kw.value):
            mod.background_args.append((func, kw))
    chain = _chain(func)
    if chain:
        mod.calls.append(_CallSite(chain, call.lineno, _argument(call, "cls")))


def _literal(node: ast.expr) -> bool:
    """A constant, or a signed one: never a background task (a colour, a flag, None)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant)


def _collect_from(mod: _Module, node: ast.ImportFrom, package: str) -> None:
    module: str | None = None
    directory: str | None = None
    parts: tuple[str, ...] = ()
    if node.level == 0:
        module = node.module or ""
    else:
        directory = package
        for _ in range(node.level - 1):
            if not directory:
                return  # beyond the top of the checkout
            directory = _package_dir(directory)
        parts = tuple(node.module.split(".")) if node.module else ()
    for alias in node.names:
        if alias.name == "*":
            mod.stars.append(_From(module, directory, parts, "*"))
        else:
            mod.bind(alias.asname or alias.name, _From(module, directory, parts, alias.name))


def _bind_value(mod: _Module, name: str, value: ast.expr) -> None:
    chain = _chain(value)
    if chain:
        mod.bind(name, _Alias(value, chain[-1]))
    elif isinstance(value, ast.Call) and _chain(value.func):
        mod.bind(name, _Instance(value.func, annotation=False))


def _annotation_chains(node: ast.expr) -> Iterator[tuple[ast.expr, list[str]]]:
    """The dotted names inside an annotation (``Annotated[BackgroundTasks, ...]``, ``"X | None"``)."""
    chain = _chain(node)
    if chain:
        yield node, chain
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if len(node.value) > _MAX_STRING_ANNOTATION:
            return
        try:
            inner = ast.parse(node.value.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError):
            return
        for _, found in _annotation_chains(inner):
            yield node, found  # the string's own line
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield from _annotation_chains(child)


def _http_middleware(node: ast.expr) -> bool:
    """``<x>.middleware("http")`` or ``<x>.middleware(middleware_type="http")``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr != "middleware":
        return False
    if node.args:
        first = node.args[0]
        return isinstance(first, ast.Constant) and first.value == "http"
    return any(
        kw.arg == "middleware_type" and isinstance(kw.value, ast.Constant) and kw.value.value == "http"
        for kw in node.keywords
    )


def _argument(call: ast.Call, keyword: str) -> ast.expr | None:
    """The first positional argument, or the named one."""
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def _text(node: ast.expr) -> str:
    chain = _chain(node)
    return ".".join(chain) if chain else "<expression>"


# ---------------------------------------------------------------------------------------------------
# The checkout: its Python files, module lookup and name resolution.


class _Repo:
    def __init__(
        self,
        files: list[str],
        texts: dict[str, str],
        errors: list[ScanError],
        newer: Callable[[str], str | None] = lambda _path: None,
    ) -> None:
        self.files = set(files)
        self.texts = texts
        self.errors = errors
        self.newer = newer  # the newer Python a file's project targets, if it targets one
        self.unread: list[Unread] = []
        self.modules: dict[str, _Module | None] = {}
        self.dirs: set[str] = set()
        self.by_suffix: dict[tuple[str, ...], list[str]] = {}
        for path in files:
            parts = path[:-3].split("/")
            if parts[-1] != "__init__":
                self._index(tuple(parts), path)
            for depth in range(1, len(parts)):  # the file's directories are packages (maybe namespace ones)
                directory = "/".join(parts[:depth])
                if directory not in self.dirs:
                    self.dirs.add(directory)
                    self._index(tuple(parts[:depth]), f"{directory}/__init__.py")
        self.memo: dict[tuple[str, str], _Syms] = {}
        self.busy: set[tuple[str, str]] = set()
        self.ancestry: dict[_Cls, frozenset[str]] = {}
        self.class_nodes: dict[_Cls, tuple[_Module, _Class]] = {}
        self.found_module: dict[tuple[tuple[str, ...], str], str | None] = {}

    def _index(self, parts: tuple[str, ...], key: str) -> None:
        for start in range(len(parts)):
            self.by_suffix.setdefault(parts[start:], []).append(key)

    # -- parsing ------------------------------------------------------------------------------------

    def module(self, key: str) -> _Module | None:
        """The parsed module for ``key``, parsing it now if needed; None if it is not a readable file."""
        if key in self.modules:
            return self.modules[key]
        text = self.texts.get(key)
        mod = None if text is None else self._parse(key, text)
        self.modules[key] = mod
        if mod is not None:
            for binding in mod.classes:
                self.class_nodes[binding.cls] = (mod, binding)
        return mod

    def _parse(self, path: str, text: str) -> _Module | None:
        try:
            tree = ast.parse(text, filename=path)
        except SyntaxError as e:
            python = self.newer(path)
            if python is not None:  # the project's Python has syntax this one lacks: not its error
                self.unread.append(Unread(path, e.lineno, python, f"cannot parse Python: {e.msg}"))
            else:
                self.errors.append(ScanError(path, f"cannot parse Python: {e.msg}", e.lineno))
            return None
        except (ValueError, RecursionError, MemoryError) as e:
            self.errors.append(ScanError(path, f"cannot parse Python: {type(e).__name__}: {e}"))
            return None
        return _collect(path, tree)

    # -- modules ------------------------------------------------------------------------------------

    def find_module(self, parts: tuple[str, ...], origin: str) -> str | None:
        """The checkout module an absolute import names, the closest to ``origin`` if several match.

        Any suffix of a file's path counts (``app.mw`` is ``services/api/app/mw.py`` for a service run
        from ``services/api``; ``src/`` layouts likewise).
        """
        origin_dir = _package_dir(origin)
        memo_key = (parts, origin_dir)
        if memo_key in self.found_module:
            return self.found_module[memo_key]
        candidates = self.by_suffix.get(parts)
        best = None
        if candidates:
            here = origin_dir.split("/") if origin_dir else []

            def closeness(key: str) -> tuple[int, int, str]:
                there = key.split("/")[:-1]
                common = 0
                for a, b in zip(here, there, strict=False):
                    if a != b:
                        break
                    common += 1
                return (-common, len(there), key)

            best = min(candidates, key=closeness)
        self.found_module[memo_key] = best
        return best

    def module_at(self, directory: str, parts: tuple[str, ...]) -> str | None:
        """The module a relative import names: ``directory`` joined with ``parts``."""
        path = "/".join(p for p in (directory, *parts) if p)
        if not parts:
            return f"{path}/__init__.py" if path else "__init__.py"
        if f"{path}.py" in self.files:
            return f"{path}.py"
        if path in self.dirs:
            return f"{path}/__init__.py"
        return None

    def submodule(self, key: str, name: str) -> _Mod | None:
        if not key.endswith("__init__.py"):
            return None
        found = self.module_at(_package_dir(key), (name,))
        return _Mod(found) if found else None

    # -- resolution ---------------------------------------------------------------------------------

    def dotted(self, dotted: str, origin: str) -> _Syms:
        """What an absolute dotted name imported in ``origin`` stands for."""
        parts = dotted.split(".")
        if parts[0] in _EXTERNAL_TOPS:
            return frozenset({_Ext(dotted)})
        for cut in range(len(parts), 0, -1):
            key = self.find_module(tuple(parts[:cut]), origin)
            if key is not None:
                return self.attributes(frozenset({_Mod(key)}), parts[cut:])
        return frozenset({_Ext(dotted)})

    def attributes(self, syms: _Syms, names: Iterable[str]) -> _Syms:
        for name in names:
            if not syms:
                return syms
            syms = frozenset(found for sym in syms for found in self.attribute(sym, name))
        return syms

    def attribute(self, sym: _Sym, name: str) -> _Syms:
        if isinstance(sym, _Ext):
            return frozenset({_Ext(f"{sym.dotted}.{name}")})
        if isinstance(sym, _Mod):
            found = self.lookup(sym.key, name)
            if not found:
                sub = self.submodule(sym.key, name)
                if sub is not None:
                    return frozenset({sub})
            return found
        if isinstance(sym, _Inst) and name == "TemplateResponse" and "templates" in self.categories(sym.of):
            return frozenset({_Ext("starlette.templating.Jinja2Templates.TemplateResponse")})
        return _NONE

    def lookup(self, key: str, name: str) -> _Syms:
        """What ``name`` stands for in module ``key`` (any scope of it)."""
        memo_key = (key, name)
        if memo_key in self.memo:
            return self.memo[memo_key]
        if memo_key in self.busy:  # an import cycle
            return _NONE
        self.busy.add(memo_key)
        try:
            result = self._lookup(key, name)
        finally:
            self.busy.discard(memo_key)
        self.memo[memo_key] = result
        return result

    def _lookup(self, key: str, name: str) -> _Syms:
        mod = self.module(key)
        if mod is None:
            return _NONE
        bindings = mod.names.get(name)
        if bindings:
            return frozenset(s for b in bindings for s in self.binding(mod, b, ()))
        return frozenset(s for star in mod.stars for s in self.binding(mod, star, (), star_name=name))

    def binding(self, mod: _Module, b: _Binding, rest: tuple[str, ...], star_name: str = "") -> _Syms:
        """What binding ``b`` in ``mod`` stands for, followed by the attributes ``rest``."""
        if isinstance(b, _Import):
            return self.dotted(".".join((b.dotted, *rest)), mod.path)
        if isinstance(b, _From):
            name = star_name or b.name
            if b.module is not None:
                return self.dotted(".".join(p for p in (b.module, name, *rest) if p), mod.path)
            key = self.module_at(b.directory or "", b.parts)
            if key is None:
                return _NONE
            return self.attributes(frozenset({_Mod(key)}), (name, *rest))
        if isinstance(b, _Class):
            return frozenset({b.cls}) if not rest else _NONE
        if isinstance(b, _Alias):
            return self.attributes(self.expression(mod, b.value), rest)
        if b.annotation:
            of = frozenset(s for _, chain in _annotation_chains(b.expr) for s in self.chain(mod, chain))
        else:
            of = self.expression(mod, b.expr)
        return self.attributes(frozenset({_Inst(of)}), rest) if of else _NONE

    def chain(self, mod: _Module, chain: list[str]) -> _Syms:
        head, rest = chain[0], tuple(chain[1:])
        if not rest:
            return self.lookup(mod.path, head)
        bindings = mod.names.get(head)
        if bindings:
            return frozenset(s for b in bindings for s in self.binding(mod, b, rest))
        return frozenset(s for star in mod.stars for s in self.binding(mod, star, rest, star_name=head))

    def expression(self, mod: _Module, node: ast.expr) -> _Syms:
        chain = _chain(node)
        return self.chain(mod, chain) if chain else _NONE

    # -- what symbols are -----------------------------------------------------------------------------

    def categories(self, syms: Iterable[_Sym]) -> set[str]:
        found: set[str] = set()
        for sym in syms:
            if isinstance(sym, _Ext):
                category = _ext_category(sym.dotted)
                if category:
                    found.add(category)
            elif isinstance(sym, _Cls):
                found |= self.ancestors(sym)
        return found

    def ancestors(self, cls: _Cls) -> frozenset[str]:
        """The categories of the external classes ``cls`` derives from, through in-repo classes."""
        if cls in self.ancestry:
            return self.ancestry[cls]
        self.ancestry[cls] = frozenset()  # a cycle of bases ends here
        mod, binding = self.class_nodes[cls]
        found: set[str] = set()
        for base in binding.bases:
            found |= self.categories(self.expression(mod, base))
        result = frozenset(found)
        self.ancestry[cls] = result
        return result

    @staticmethod
    def name_of(sym: _Sym) -> str:
        if isinstance(sym, _Ext):
            return sym.dotted.rpartition(".")[2]
        if isinstance(sym, _Cls):
            return sym.name
        return "<instance>"

    def first_named(self, syms: _Syms, category: str) -> str | None:
        names = sorted(self.name_of(s) for s in syms if category in self.categories((s,)))
        return names[0] if names else None


# ---------------------------------------------------------------------------------------------------
# Walking the checkout.


def _utf8(name: str) -> bool:
    """Whether a file name (as ``os`` decodes it, lone surrogates for other bytes) is UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk(checkout: Path, layout: Layout, errors: list[ScanError]) -> Iterator[tuple[str, bool]]:
    """Python files under ``checkout`` (relative posix path, is-a-symlink) that ``layout`` keeps.

    Directory symlinks are not followed. A skipped directory is entered only when an include
    pattern may bring back something inside it.
    """
    stack: list[tuple[str, Skip | None]] = [("", None)]
    while stack:
        reldir, state = stack.pop()
        try:
            with os.scandir(checkout / reldir if reldir else checkout) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            errors.append(ScanError(reldir or ".", f"cannot list directory: {e.strerror or e}"))
            continue
        subdirs: list[tuple[str, Skip | None]] = []
        for entry in entries:
            name = entry.name
            if not _utf8(name):
                continue  # it could be neither reported nor posted (discovery says so)
            rel = f"{reldir}/{name}" if reldir else name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if is_pruned(checkout / reldir, name) or rel.count("/") >= MAX_DEPTH:
                    continue  # too deep: discovery reports it once
                why = layout.decide(rel, True, state)
                if why is None or layout.may_include_below(rel):
                    subdirs.append((rel, why))
            elif name.endswith(".py") and layout.decide(rel, False, state) is None:
                yield rel, entry.is_symlink()
        stack.extend(reversed(subdirs))


def _read(checkout: Path, root_real: Path, relpath: str, symlink: bool) -> str | ScanError:
    """The file's text: bounded in size, a regular file, never through a symlink leading outside."""
    path = os.path.join(checkout, relpath)
    flags = 0
    if symlink:
        path = os.path.realpath(path)
        if not Path(path).is_relative_to(root_real):
            return ScanError(relpath, OUTSIDE_SYMLINK)
    else:
        flags = getattr(os, "O_NOFOLLOW", 0)  # the walk saw a plain file; keep it that way
    data = read_regular(path, relpath, flags)
    return data if isinstance(data, ScanError) else _decode_python(data, relpath)


def _decode_python(data: bytes, relpath: str) -> str | ScanError:
    """Decode source as Python does: a PEP 263 coding declaration wins, UTF-8 otherwise."""
    if _CODING.search(data, 0, 512):  # cheap test first: the declaration sits in the first two lines
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as e:
            return ScanError(relpath, f"cannot read Python source: {e}", 1)
        if encoding not in ("utf-8", "utf-8-sig") and b"\x00" not in data:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                line = data[: e.start].count(b"\n") + 1
                return ScanError(relpath, f"not a text file (invalid {encoding} at byte {e.start})", line)
    return decode_text(data, relpath)


# ---------------------------------------------------------------------------------------------------
# The scan.


def scan_code(
    checkout: Path,
    include_tests: bool = False,
    layout: Layout = DEFAULT_LAYOUT,
    pythons: Mapping[str, str | None] | None = None,
) -> CodeScan:
    """Find where the checkout's Python code uses ``BaseHTTPMiddleware`` and background tasks.

    Reads what ``layout`` keeps (``layout``, the rule discovery follows too): by default not
    test code (``tests``/``test`` directories, ``test_*.py``, ``*_test.py``, ``conftest.py``),
    fixtures, data and notebook folders, virtualenvs, vendored code, ``node_modules``, ``build``,
    ``dist`` and hidden directories. ``include_tests`` includes test code back. Files that cannot
    be read or parsed become errors; the scan goes on.

    ``pythons`` maps each project root (a posix path, "." for the top) to the Python its project
    asks for (``.python-version``, requires-python), if it asks. A file this interpreter cannot
    parse, in a root whose project asks for a newer Python (``newer_python``), is not an error:
    it goes to ``CodeScan.unread``, and that root's reachability says it is incomplete.
    """
    return _scan(checkout, include_tests, prefilter=True, layout=layout, pythons=pythons)


def _scan(
    checkout: Path,
    include_tests: bool,
    prefilter: bool,
    layout: Layout = DEFAULT_LAYOUT,
    pythons: Mapping[str, str | None] | None = None,
) -> CodeScan:
    # Parsing allocates many objects that live until the end; the cyclic collector would rescan them
    # over and over (about two thirds of the time) and has nothing to free: AST nodes form no cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        chosen = layout.including(TEST_PATTERNS) if include_tests else layout
        return _scan_files(checkout, chosen, prefilter, _newer_by_root(pythons or {}))
    finally:
        if gc_was_enabled:
            gc.enable()


def _newer_by_root(pythons: Mapping[str, str | None]) -> Callable[[str], str | None]:
    """For a file, the newer Python its project (its deepest root in ``pythons``) asks for, if any."""
    newer = {root.strip("/") or ".": newer_python(request) for root, request in pythons.items()}
    if not any(newer.values()):
        return lambda _path: None

    def of(path: str) -> str | None:
        root = _deepest_root(path, newer)
        return newer[root] if root is not None else None

    return of


def _scan_files(
    checkout: Path, layout: Layout, prefilter: bool, newer: Callable[[str], str | None]
) -> CodeScan:
    errors: list[ScanError] = []
    files: list[str] = []
    texts: dict[str, str] = {}
    root_real = checkout.resolve()
    for relpath, symlink in _walk(checkout, layout, errors):
        files.append(relpath)
        text = _read(checkout, root_real, relpath, symlink)
        if isinstance(text, ScanError):
            errors.append(text)
        else:
            texts[relpath] = text
    repo = _Repo(files, texts, errors, newer)

    waiting = {p: t for p, t in texts.items() if not _may_hold_findings(t)} if prefilter else {}
    for path in files:
        if path in texts and path not in waiting:
            repo.module(path)
    relevant = set(_ANCHOR_NAMES)
    while True:
        new = _relevant_names(repo, relevant)
        if not new:
            break
        relevant |= new
        words = _Words(new)
        for path in [p for p, text in waiting.items() if words.found_in(text)]:
            del waiting[path]
            repo.module(path)

    middleware: set[Finding] = set()
    background: set[Finding] = set()
    done: set[str] = set()
    while True:  # finding things may parse modules on the way; look at those too
        todo = [key for key, mod in repo.modules.items() if mod is not None and key not in done]
        if not todo:
            break
        for key in todo:
            done.add(key)
            module = repo.modules[key]
            assert module is not None
            try:
                _findings(repo, module, relevant, middleware, background)
            except Exception as e:  # last-resort net (deep alias chains): one odd file must not end the scan
                errors.append(ScanError(key, f"internal error while analysing: {type(e).__name__}: {e}"))

    def order(f: Finding) -> tuple[str, int, str, str]:
        return (f.file, f.line, f.kind, f.name)

    return CodeScan(
        middleware=tuple(sorted(middleware, key=order)),
        background=tuple(sorted(background, key=order)),
        files=len(files),
        errors=tuple(sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.message))),
        unread=tuple(sorted(set(repo.unread), key=lambda u: (u.file, u.line or 0))),
    )


def _may_hold_findings(text: str) -> bool:
    """Whether a file's text names what a finding rests on, before anything in-repo is known.

    Every middleware finding needs "middleware" or "Middleware" in the text, every background one
    "BackgroundTask" or "background = <not a literal>", or else an in-repo name that stands for one of
    those classes (see ``_relevant_names``).
    """
    if "iddleware" in text or "BackgroundTask" in text:
        return True
    return "background" in text and _BACKGROUND_ARG.search(text) is not None  # the substring test is quicker


class _Words:
    """A test for whole-word mentions of any of a set of names."""

    def __init__(self, words: set[str]) -> None:
        alternatives = "|".join(map(re.escape, sorted(words)))
        # A plain alternation is several times faster than one with word boundaries: most files fail it.
        self.rough = re.compile(alternatives)
        self.exact = re.compile(rf"\b(?:{alternatives})\b")

    def found_in(self, text: str) -> bool:
        return self.rough.search(text) is not None and self.exact.search(text) is not None


def _relevant_names(repo: _Repo, known: set[str]) -> set[str]:
    """Names bound in parsed modules that stand for ``BaseHTTPMiddleware``, ``Middleware`` or a
    background task class (subclasses, aliases, re-exports) and are not ``known`` yet.

    A binding can only stand for one if a name it mentions (the imported name, an alias's source, a
    base) does, so only those are resolved; a name found makes the bindings that mention it worth a look.
    """
    found: set[str] = set()
    for mod in list(repo.modules.values()):
        if mod is None:
            continue
        by_hint = mod.by_hint()
        queue = [name for hint, named in by_hint.items() if hint in known for name in named]
        while queue:
            name = queue.pop()
            if name in known or name in found:
                continue
            try:
                categories = repo.categories(repo.lookup(mod.path, name))
            except Exception as e:  # last-resort net, as for findings
                repo.errors.append(
                    ScanError(mod.path, f"internal error while analysing: {type(e).__name__}: {e}")
                )
                continue
            if categories & _NAME_CATEGORIES:
                found.add(name)
                queue += by_hint.get(name, ())
    return found


def _findings(
    repo: _Repo, mod: _Module, relevant: set[str], middleware: set[Finding], background: set[Finding]
) -> None:
    path = mod.path

    def candidate(node: ast.expr | None) -> _Syms:
        """What a dotted name stands for, if its last name can stand for anything of interest."""
        if node is None:
            return _NONE
        chain = _chain(node)
        return repo.chain(mod, chain) if chain and chain[-1] in relevant else _NONE

    def background_value(node: ast.expr) -> bool:
        if isinstance(node, ast.Call):
            return bool(repo.categories(candidate(node.func)) & {"BackgroundTasks", "BackgroundTask"})
        for sym in repo.expression(mod, node):
            if isinstance(sym, _Inst) and repo.categories(sym.of) & {"BackgroundTasks", "BackgroundTask"}:
                return True
        return False

    for binding in mod.classes:
        cls = binding.cls
        if cls.name in relevant and "bhm" in repo.ancestors(cls):
            middleware.add(Finding(path, cls.line, "subclass", cls.name))
    for line, function in mod.decorated:
        middleware.add(Finding(path, line, "decorator", function))
    for line, argument in mod.add_middleware:
        added = repo.first_named(candidate(argument), "bhm")
        if added:
            middleware.add(Finding(path, line, "add_middleware", added))
    for site in mod.calls:
        if site.chain[-1] not in relevant:
            continue
        callee = repo.chain(mod, site.chain)
        categories = repo.categories(callee)
        if "Middleware" in categories:
            wrapped = repo.first_named(candidate(site.argument), "bhm")
            if wrapped:
                middleware.add(Finding(path, site.line, "Middleware", wrapped))
        for kind in ("BackgroundTasks", "BackgroundTask"):
            if kind in categories:
                background.add(Finding(path, site.line, kind, repo.first_named(callee, kind) or kind))
                break
    for func, kw in mod.background_args:
        response = repo.first_named(repo.expression(mod, func), "response")
        if response or background_value(kw.value):
            background.add(Finding(path, kw.lineno, "background=", response or _text(func)))
    for annotation in mod.annotations:
        for node, chain in _annotation_chains(annotation):
            if chain[-1] not in relevant:
                continue
            syms = repo.chain(mod, chain)
            for kind in ("BackgroundTasks", "BackgroundTask"):
                typed = repo.first_named(syms, kind)
                if typed:
                    background.add(Finding(path, node.lineno, kind, typed))
                    break
    for target, value in mod.background_assigns:
        if background_value(value):
            background.add(Finding(path, target.lineno, "background=", _text(target)))


def _deepest_root(file: str, roots: Iterable[str]) -> str | None:
    best: str | None = None
    for root in roots:
        if (root == "." or file.startswith(root + "/")) and (
            best is None or best == "." or (root != "." and len(root) > len(best))
        ):
            best = root
    return best


def for_root(code: CodeScan, root: str, roots: Iterable[str]) -> Reachability:
    """Findings in files whose deepest enclosing project root (among ``roots``, posix paths relative to
    the checkout, "." for the top) is ``root``, and the files there that could not be read because
    they use newer syntax than this Python's (``Reachability.unread``: the findings are incomplete)."""
    root = root.strip("/") or "."
    all_roots = {r.strip("/") or "." for r in roots} | {root}
    middleware = tuple(f for f in code.middleware if _deepest_root(f.file, all_roots) == root)
    background = tuple(f for f in code.background if _deepest_root(f.file, all_roots) == root)
    unread = [u for u in code.unread if _deepest_root(u.file, all_roots) == root]
    return Reachability(
        reachable=bool(middleware and background),
        middleware=middleware,
        background=background,
        unread=tuple(Location(u.file, u.line) for u in unread),
        note=_unread_note(unread),
    )


def _unread_note(unread: list[Unread]) -> str | None:
    """Why the findings are incomplete: files in newer syntax than the running Python reads."""
    if not unread:
        return None
    count = len(unread)
    targets = ", ".join(sorted({u.python for u in unread}))
    shown = ", ".join(str(Location(u.file, u.line)) for u in unread[:3]) + (
        f" and {count - 3} more" if count > 3 else ""
    )
    running = ".".join(map(str, sys.version_info[:2]))
    return (
        f"{count} file{'s' if count != 1 else ''} that may hold the pattern could not be read: the "
        f"project targets Python {targets}, and {'they use' if count != 1 else 'it uses'} syntax "
        f"that Python {running}, which reads the code here, cannot parse ({shown}); the code findings "
        "are incomplete"
    )
