"""Line splitting for the generated Python: the built-in templates write black's layout except
for lines over black's 88 columns, which this splits the way black does, so that a run needs no
black (importing and running it was most of a cold run).

The rule, black's "right hand split" for the shapes the templates write:

- a line that fits is kept;
- otherwise it is split at its last bracket pair: the text up to the opening bracket, the
  contents one level deeper, the closing bracket and what follows (a trailing comment too);
- the contents stay on one line when they fit, unless the brackets are a literal (a list, dict,
  tuple or set display, or the names of a ``from ... import``) holding a comma: then, as when
  the contents do not fit, it is one item per line, each with a trailing comma, and each item
  split again by the same rule.

Anything else (a long line whose value holds an operator, a long ``def`` or ``import`` line, a
head that does not fit, a bracket that ends in a comma, a backslash anywhere: black chooses
between quotes by their escapes) is not guessed at: :func:`layout` returns None and the caller
runs black. Docstrings are written in black's layout by :func:`codegen.text.docstring`.
The tests hold the result to black's over the whole corpus and over long hostile names.
"""

from __future__ import annotations

import re
import unicodedata

LINE_LENGTH = 88
INDENT = "    "

_TOKEN = re.compile(
    r"""(?P<string>[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
      | (?P<open>[(\[{])
      | (?P<close>[)\]}])
      | (?P<comma>,)
      | (?P<comment>\#.*)
      | (?P<space>[ \t]+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*)
      | (?P<dot>\.)
      | (?P<punct>->|:=|[=:])
      | (?P<other>.)""",
    re.VERBOSE,
)
# _TOKEN's strings alone: the brackets left once they are cut are the ones _TOKEN reads.
_STRING = re.compile(r"""[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_MAGIC_COMMA = re.compile(r",\s*[)\]}]")
_ESCAPES = re.compile("[\\\\\t\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Words that make a value more than one atom: black would split it at them, or wrap it in parentheses.
_OPERATOR_WORDS = frozenset({"and", "or", "not", "if", "else", "for", "in", "is", "lambda", "await", "yield"})


class _Unsupported(Exception):
    """A shape black lays out by a rule this module does not implement."""


def width(text: str) -> int:
    """Columns ``text`` takes, as black counts them (East Asian wide characters take two)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


Token = tuple[str, int, int]  # kind, start, end (offsets into the line's code)


def _tokens(code: str) -> list[Token]:
    return [(m.lastgroup or "other", m.start(), m.end()) for m in _TOKEN.finditer(code) if m.lastgroup != "space"]


def _last_pair(code: str, tokens: list[Token]) -> tuple[int, int]:
    """Indexes (into ``tokens``) of the last closing bracket and the opening bracket it closes."""
    close = max((i for i, token in enumerate(tokens) if token[0] == "close"), default=-1)
    if close < 0:
        raise _Unsupported("no bracket to split at")
    depth = 0
    for i in range(close, -1, -1):
        kind = tokens[i][0]
        if kind == "close":
            depth += 1
        elif kind == "open":
            depth -= 1
            if depth == 0:
                if _PAIRS[code[tokens[close][1]]] != code[tokens[i][1]]:
                    raise _Unsupported("unbalanced brackets")
                return close, i
    raise _Unsupported("unbalanced brackets")


def _earlier_pair(code: str, tokens: list[Token], before: int) -> tuple[int, int] | None:
    """(closing, opening) indexes of the last bracket pair at depth 0 that closes before the
    token ``before``, or None."""
    depth, close = 0, None
    for i in range(before - 1, -1, -1):
        kind = tokens[i][0]
        if kind == "close":
            if depth == 0:
                close = i
            depth += 1
        elif kind == "open":
            depth -= 1
            if depth == 0 and close is not None:
                return close, i
    return None


def _items(code: str, tokens: list[Token]) -> list[str]:
    """``code`` (the inside of brackets) cut at its commas outside brackets, each item stripped."""
    cuts, depth = [], 0
    for kind, start, _ in tokens:
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if kind == "comma" and depth == 0:
            cuts.append(start)
    items, at = [], 0
    for cut in cuts:
        items.append(code[at:cut].strip())
        at = cut + 1
    last = code[at:].strip()
    return [*items, last] if last else items


def _is_display(code: str, tokens: list[Token], opening: int) -> bool:
    """Whether the bracket at ``opening`` starts a literal (not a call, subscript or class bases)."""
    if opening == 0:
        return True
    kind, start, end = tokens[opening - 1]
    return kind in ("punct", "comma", "open") or (kind == "word" and code[start:end] in _OPERATOR_WORDS | {"return"})


def _fits(indent: str, text: str) -> bool:
    return width(indent) + width(text) <= LINE_LENGTH


def _split(
    indent: str, code: str, comment: str = "", *, explode: bool = False, value_at: int | None = None
) -> list[str]:
    """Black's right hand split of one line (``code`` at ``indent``), recursively."""
    whole = code + (f"  {comment}" if comment else "")
    if _fits(indent, whole) and not explode:
        return [indent + whole]
    tokens = _tokens(code)
    if not any(kind == "close" for kind, _, _ in tokens):
        return [indent + whole]  # one atom (a long string): black leaves it long too
    close, opening = _last_pair(code, tokens)
    head = code[: tokens[opening][2]]
    body = code[tokens[opening][2] : tokens[close][1]].strip()
    tail = code[tokens[close][1] :] + (f"  {comment}" if comment else "")
    if not body:
        raise _Unsupported("empty brackets at the split")
    if not _fits(indent, head):
        # An assignment whose target fits with `` = (``: black wraps the value in parentheses.
        if value_at is not None and not comment:
            target, value = code[:value_at].rstrip(), code[value_at:].strip()
            if _fits(indent, f"{target} (") and _fits(indent + INDENT, value):
                return [f"{indent}{target} (", indent + INDENT + value, f"{indent})"]
        # Else black leaves the last brackets whole and splits at an earlier pair of the same
        # depth whose closing bracket and all after it fit on one line (``x: Optional[`` ...
        # ``] = field(...)``).
        earlier = _earlier_pair(code, tokens, opening)
        if earlier is None or explode:
            raise _Unsupported("the text before the bracket does not fit")
        close, opening = earlier
        head = code[: tokens[opening][2]]
        body = code[tokens[opening][2] : tokens[close][1]].strip()
        tail = code[tokens[close][1] :] + (f"  {comment}" if comment else "")
        if not body or not _fits(indent, head) or not _fits(indent, tail) or len(_items(body, _tokens(body))) > 1:
            raise _Unsupported("the text before the bracket does not fit")
    inner = indent + INDENT
    items = _items(body, _tokens(body))
    commas = len(items) > 1
    explode = explode or body.endswith(",") or (commas and _is_display(code, tokens, opening))
    if not explode:
        if _fits(inner, body):
            return [indent + head, inner + body, indent + tail]
        if not commas:
            if len(_tokens(body)) < 2:
                raise _Unsupported("one long token in brackets")
            return [indent + head, *_split(inner, body), indent + tail]
    lines = [indent + head]
    for item in items:
        lines += _split(inner, item + ",")
    return [*lines, indent + tail]


def _statement(indent: str, code: str, comment: str) -> list[str]:
    tokens = _tokens(code)
    words = [code[s:e] for kind, s, e in tokens if kind == "word"]
    first = code[tokens[0][1] : tokens[0][2]] if tokens else ""
    if first == "from" and "import" in words and not any(kind == "open" for kind, _, _ in tokens):
        at = re.search(r"\bimport\b", code)
        assert at is not None
        return _split(indent, f"{code[: at.end()]} ({code[at.end() :].strip()})", comment, explode=True)
    if first in ("import", "def", "async", "with", "if", "elif", "while", "for", "assert", "del", "raise", "lambda"):
        raise _Unsupported(f"a long {first} line")
    # The value of a return, an assignment or an expression statement: black wraps it in invisible
    # parentheses and leaves them out when it is one atom (a name with calls, subscripts,
    # attributes, or a literal), splitting at its last bracket instead. Anything more is not guessed.
    value = code
    value_at = None
    if first == "class":
        value = code[tokens[1][2] :].rstrip(":")
    elif first == "return":
        value = code[tokens[0][2] :]
    else:
        depth = 0
        for kind, start, end in tokens:
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
            if depth == 0 and kind == "punct" and code[start:end] == "=":
                value, value_at = code[end:], end
    if not _one_atom(value.strip()):
        raise _Unsupported("a value that is more than one atom")
    return _split(indent, code, comment, value_at=value_at)


def _one_atom(code: str) -> bool:
    """A name with trailers (``a.b(c)[d]``), a string, or one bracketed literal: no operator at depth 0."""
    depth = 0
    for kind, start, end in _tokens(code):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and (kind in ("comma", "punct", "other") or code[start:end] in _OPERATOR_WORDS):
            return False
    return True


def layout(text: str) -> str | None:
    """``text`` with its long lines split as black splits them; None when a long line has a
    shape this module does not lay out (the caller then formats the file with black)."""
    if _ESCAPES.search(text):
        return None  # escapes (black prefers the quotes that need fewer), tabs, odd line breaks
    out: list[str] = []
    quote: str | None = None  # the triple quote of a string that goes on past this line
    depth = 0
    for line in text.split("\n"):
        before, quote = quote, _open_quote(line, quote)
        if before is not None or quote is not None:  # a line of a triple-quoted string: black keeps it
            out.append(line)
            continue
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        comment_at = _comment_start(stripped)
        code, comment = stripped, ""
        if comment_at is not None:
            code, comment = stripped[:comment_at].rstrip(), stripped[comment_at:]
        balance = _balance(code)
        if _MAGIC_COMMA.search(code):
            return None  # black explodes brackets that end in a comma, however short
        if width(line) <= LINE_LENGTH or not code:
            out.append(line)
            depth += balance
            continue
        try:
            if balance != 0:
                raise _Unsupported("a long line that opens or closes a bracket of another line")
            if depth > 0:  # an item of a literal the template already wrote one item a line
                if not code.endswith(","):
                    raise _Unsupported("a long line inside brackets that is not one item")
                out += _split(indent, code, comment)
            else:
                out += _statement(indent, code, comment)
        except _Unsupported:
            return None
    return "\n".join(out)


_SCAN = re.compile(
    r"""(?P<triple>\"\"\"|''')"""
    r"""|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<comment>\#)|[^"'\#]+|."""
)


def _open_quote(line: str, quote: str | None) -> str | None:
    """The triple quote still open after ``line``, given the one open before it (None: none)."""
    if quote is None and '"""' not in line and "'''" not in line:
        return None
    at = 0
    while at < len(line):
        if quote is not None:
            end = line.find(quote, at)
            if end < 0:
                return quote
            at, quote = end + 3, None
            continue
        match = _SCAN.match(line, at)
        assert match is not None
        if match.lastgroup == "comment":
            return None
        if match.lastgroup == "triple":
            quote = match.group()
        at = match.end()
    return quote


def _comment_start(code: str) -> int | None:
    if "#" not in code:
        return None
    for match in _TOKEN.finditer(code):
        if match.lastgroup == "comment":
            return match.start()
    return None


def _balance(code: str) -> int:
    """Brackets ``code`` (no comment) opens minus those it closes, outside its strings (as
    :data:`_TOKEN` reads them: a quote that never closes is not a string)."""
    opens, closes = sum(map(code.count, "([{")), sum(map(code.count, ")]}"))
    if opens == closes == 0 or ('"' not in code and "'" not in code):
        return opens - closes
    plain = _STRING.sub("", code)
    return sum(map(plain.count, "([{")) - sum(map(plain.count, ")]}"))
