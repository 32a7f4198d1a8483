"""Read YAML into plain data while remembering where every key and value stood.

PyYAML's own loader keeps the last of two equal keys without a word, expands aliases
without limit and reads values the YAML 1.1 way (`010` is octal 8, `no` is false, `1:30`
is 90, `2024-05-01` a date). This reader walks the composed node tree itself so that it
can report duplicate keys, refuse alias bombs and deep nesting, give every value a line
and column, and read plain values the YAML 1.2 way editors do: decimal numbers,
`true`/`false`, `null`/`~`, and everything else as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

Path_ = tuple[str | int, ...]

# libyaml's C parser when PyYAML was built with it (its wheels are), else pure Python.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MERGE_TAG = "tag:yaml.org,2002:merge"
# Values reached again through aliases. An honest file repeats a few blocks; nested
# aliases ("billion laughs") multiply without end, and are stopped here.
MAX_REPEATS = 20_000
# Lists and mappings inside each other. A session is four or five levels deep; thousands
# of levels are an accident or an attack, and would exhaust the recursive composer.
MAX_DEPTH = 64

# YAML 1.2 core schema, for plain (unquoted) scalars.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
# Tags the YAML 1.1 resolver gives plain scalars; these are read again the 1.2 way.
_IMPLICIT = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("null", "bool", "int", "float", "timestamp", "str", "value", "yaml")
)
STR_TAG = "tag:yaml.org,2002:str"


def plain_value(text: str) -> Any:
    """A plain scalar read by the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


class Mark(NamedTuple):
    """A place in the file. A tuple: a big file has one for every value and key."""

    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """Plain data plus the place of every value (by path) and of every mapping key."""

    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def place(self, path: Path_, *, key: bool = False) -> Mark:
        """Where `path` stands, or its nearest ancestor that exists in the file."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]
            key = False


class YamlProblem(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _syntax_mark(exc: yaml.MarkedYAMLError) -> Mark:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Mark(1, 1)
    return Mark(mark.line + 1, mark.column + 1)


def _text_mark(text: str, position: int) -> Mark:
    before = text[:position]
    return Mark(before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    code = exc.character if isinstance(exc.character, int) else 0
    return f"the file holds a control character (U+{code:04X}) that YAML does not allow; remove it"


# PyYAML's words for tokens, and what a person sees in the file instead.
_TOKEN_WORDS = (
    ("'<block mapping start>'", "a new key"),
    ("'<block sequence start>'", "a new list item"),
    ("'<block end>'", "the end of the indented block"),
    ("<block end>", "the end of the indented block"),
    ("'<stream end>'", "the end of the file"),
    ("'<document start>'", "---"),
    ("'<scalar>'", "a value"),
    ("'<alias>'", "an alias (*name)"),
    ("'<anchor>'", "an anchor (&name)"),
    ("'<tag>'", "a tag (!name)"),
    ("'?'", "a key"),
    ("'-'", "a list item (-)"),
)


def syntax_words(problem: str) -> str:
    """A PyYAML syntax problem in the words of someone looking at the file."""
    if "found character '\\t'" in problem or "found character '\t'" in problem:
        return "a tab; YAML indents with spaces, so replace the tab with spaces"
    if problem.startswith("expected <block end>"):
        return (
            "this line is indented differently from the lines above it; keys of one "
            "mapping start in the same column"
        )
    if problem == "mapping values are not allowed here":
        return "a second ': ' on this line; put text that holds ': ' in quotes"
    for token, words in _TOKEN_WORDS:
        problem = problem.replace(token, words)
    return problem


def _depth_problem(text: str, loader_class: type[yaml.SafeLoader]) -> YamlProblem | None:
    """Refuse nesting deeper than MAX_DEPTH before anything recursive sees it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    start = event.start_mark
                    return YamlProblem(
                        Mark(start.line + 1, start.column + 1) if start else Mark(1, 1),
                        f"lists and mappings nest more than {MAX_DEPTH} levels deep here; "
                        "a session file needs a handful",
                    )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc) and isinstance(exc, yaml.MarkedYAMLError):
            return YamlProblem(
                _syntax_mark(exc),
                f"lists and mappings nest more than {MAX_DEPTH} levels deep here; "
                "a session file needs a handful",
            )
        return None  # the reading proper reports syntax errors with their place
    return None


def read_yaml(text: str) -> tuple[Located, list[tuple[Mark, str]]]:
    """Parse `text`. Returns the data and the non-fatal problems (duplicate keys).

    Raises YamlProblem for what stops reading altogether (syntax, alias bombs, nesting).
    """
    try:
        too_deep = _depth_problem(text, _Loader)
    except yaml.reader.ReaderError:
        too_deep = None  # the reading proper reports the character
    if too_deep is not None:
        raise too_deep
    try:
        return _read(text, _Loader)
    except YamlProblem:
        if _Loader is yaml.SafeLoader:
            raise
    # The pure-Python parser words syntax errors more helpfully than libyaml: a broken
    # file is read again with it, so speed costs nothing in clarity.
    return _read(text, yaml.SafeLoader)


def _read(text: str, loader_class: type[yaml.SafeLoader]) -> tuple[Located, list[tuple[Mark, str]]]:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_text_mark(text, exc.position), _reader_message(exc)) from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_text_mark(text, exc.position), _reader_message(exc)) from None
    except yaml.MarkedYAMLError as exc:
        what = syntax_words(exc.problem or "this is not valid YAML")
        if "expected a single document" in str(exc):
            what = "found more than one YAML document (---); a session file holds one"
        raise YamlProblem(_syntax_mark(exc), f"YAML syntax: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Mark(1, 1), f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    walker = _Walker(loader)
    located = Located(None)
    if node is not None:
        located.data = walker.walk(node, (), located)
    return located, walker.problems


class _Walker:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.seen: set[int] = set()
        self.repeats = 0
        self.problems: list[tuple[Mark, str]] = []

    def walk(self, node: yaml.Node, path: Path_, out: Located) -> Any:
        if id(node) in self.seen:
            self.repeats += 1
            if self.repeats > MAX_REPEATS:
                raise YamlProblem(
                    _mark(node),
                    f"YAML aliases here repeat more than {MAX_REPEATS} values (nested aliases?); "
                    "a session file never needs that many",
                )
        else:
            self.seen.add(id(node))
        out.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, out)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i), out) for i, item in enumerate(node.value)]
        if not getattr(node, "style", None) and node.tag in _IMPLICIT:  # libyaml: plain is ""
            value = plain_value(node.value)
            if node.tag != STR_TAG or isinstance(value, str) or not self._explicit(node):
                return value
        if node.tag == STR_TAG:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlProblem(_mark(node), f"YAML: {exc.problem}") from None
        except ValueError as exc:  # e.g. an impossible date such as 2024-02-30
            raise YamlProblem(_mark(node), f"YAML: cannot read this value ({exc})") from None

    def _explicit(self, node: yaml.Node) -> bool:
        """Whether a plain scalar's tag was written (`!!str 1e3`) rather than resolved."""
        resolved = self.loader.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, node.value, (True, False)
        )
        return bool(node.tag != resolved)

    def _pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """Key/value nodes with YAML merge keys (<<: *anchor) folded in, own keys first."""
        own: list[tuple[yaml.Node, yaml.Node]] = []
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if key.tag == MERGE_TAG:
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise YamlProblem(
                            _mark(key),
                            "<< merges a mapping (key: value lines) into this one; "
                            "what it names here is not a mapping",
                        )
                    merged.extend(self._pairs(source))
            else:
                own.append((key, value))
        return own + merged

    def _mapping(self, node: yaml.MappingNode, path: Path_, out: Located) -> dict[str, Any]:
        result: dict[str, Any] = {}
        own_keys = {id(k) for k, _ in node.value}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    (_mark(key_node), "a key must be a plain word, not a list or mapping")
                )
                continue
            key = str(key_node.value)
            here = (*path, key)
            if key in result:
                if id(key_node) in own_keys and here in out.keys:
                    first = out.keys[here]
                    self.problems.append(
                        (
                            _mark(key_node),
                            f"duplicate key '{key}' (first at line {first.line}); "
                            "YAML would keep only the last, so remove one",
                        )
                    )
                continue  # an explicit key wins over a merged one
            start = key_node.start_mark
            out.keys[here] = Mark(start.line + 1, start.column + 1)
            result[key] = self.walk(value_node, here, out)
        return result
