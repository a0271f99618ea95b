"""The shell side of the curl scripts: the words bash reserves, and how a documented name, type
or text becomes a shell variable, an option, a quoted word, a comment or a usage label."""

from __future__ import annotations

import re
import urllib.parse

from ...naming import safe_identifier
from ...text import lines, shell_word
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf

# Bash keywords, builtins and the variables bash (or the environment) gives meaning to.
# Script variables are always ``p_<name>`` so none of these can be hit; the table is what
# ``variable()`` guarantees against, and what the tests check row by row.
# fmt: off
RESERVED = frozenset(
    {
        # keywords
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
        "do", "done", "in", "function", "time", "coproc", "!", "[[", "]]", "{", "}",
        # builtins that matter as names
        "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
        "compopt", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit",
        "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let",
        "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
        "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap",
        "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
        # special and environment variables
        "BASH", "BASHOPTS", "BASHPID", "BASH_ALIASES", "BASH_ARGC", "BASH_ARGV", "BASH_ARGV0",
        "BASH_CMDS", "BASH_COMMAND", "BASH_COMPAT", "BASH_ENV", "BASH_EXECUTION_STRING",
        "BASH_LINENO", "BASH_LOADABLES_PATH", "BASH_REMATCH", "BASH_SOURCE", "BASH_SUBSHELL",
        "BASH_VERSINFO", "BASH_VERSION", "BASH_XTRACEFD", "CDPATH", "CHILD_MAX", "COLUMNS",
        "COMP_CWORD", "COMP_LINE", "COMP_POINT", "COMP_TYPE", "COMP_KEY", "COMP_WORDBREAKS",
        "COMP_WORDS", "COMPREPLY", "COPROC", "DIRSTACK", "EMACS", "ENV", "EPOCHREALTIME",
        "EPOCHSECONDS", "EUID", "EXECIGNORE", "FCEDIT", "FIGNORE", "FUNCNAME", "FUNCNEST",
        "GLOBIGNORE", "GROUPS", "HISTCMD", "HISTCONTROL", "HISTFILE", "HISTFILESIZE",
        "HISTIGNORE", "HISTSIZE", "HISTTIMEFORMAT", "HOME", "HOSTFILE", "HOSTNAME", "HOSTTYPE",
        "IFS", "IGNOREEOF", "INPUTRC", "INSIDE_EMACS", "LANG", "LC_ALL", "LC_COLLATE", "LC_CTYPE",
        "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "LINENO", "LINES", "MACHTYPE", "MAIL",
        "MAILCHECK", "MAILPATH", "MAPFILE", "OLDPWD", "OPTARG", "OPTERR", "OPTIND", "OSTYPE",
        "PATH", "PIPESTATUS", "POSIXLY_CORRECT", "PPID", "PROMPT_COMMAND", "PROMPT_DIRTRIM",
        "PS0", "PS1", "PS2", "PS3", "PS4", "PWD", "RANDOM", "READLINE_ARGUMENT", "READLINE_LINE",
        "READLINE_MARK", "READLINE_POINT", "REPLY", "SECONDS", "SHELL", "SHELLOPTS", "SHLVL",
        "SRANDOM", "TERM", "TIMEFORMAT", "TMOUT", "TMPDIR", "UID", "USER",
        # what the scripts themselves use
        "url", "body", "body_args", "query_args", "positional", "die", "usage", "urlencode", "query", "value",
        "item", "items",
    }
)
# fmt: on
# Options every script already has.
RESERVED_OPTIONS = frozenset({"h", "help"})
# The JSON spellings curl pages use for a type; anything else is another language's spelling.
CURL_SPELLINGS = frozenset({"string", "integer", "number", "boolean", "object", "array", "null", "enum", "empty"})


def quote(text: str) -> str:
    """One shell word that means ``text`` literally (see :func:`codegen.text.shell_word`), always
    quoted: a documented value that happens to be a keyword or a command name (``do``, ``test``)
    is then never read as one, and shellcheck has nothing to say about it."""
    word = shell_word(text)
    return word if word.startswith(("'", "$'")) else f"'{word}'"


def comment(text: str | None, indent: str = "") -> list[str]:
    """``#`` comment lines; a line break is the only thing that ends a bash comment."""
    return [f"# {indent}{line}".rstrip() for line in lines(text)]


def variable(name: str) -> str:
    """The shell variable for a parameter: always ``p_``-prefixed, so never a reserved name."""
    result = "p_" + safe_identifier(name, ()).lstrip("_")
    assert result not in RESERVED
    return result


def option_name(name: str) -> str:
    """``--name`` text: letters, digits, ``_`` and ``-`` only, never ``--help``."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "_", name.rstrip("?")).lstrip("-") or "param"
    return f"{cleaned}_" if cleaned in RESERVED_OPTIONS else cleaned


def type_label(expr: TypeExpr | None) -> str:
    """How the usage text names a type (JSON vocabulary)."""
    if expr is None:
        return "any"
    if isinstance(expr, Prim):
        return {"int": "integer", "bool": "boolean", "datetime": "string (date-time)"}.get(expr.name, expr.name)
    if isinstance(expr, LiteralOf):
        return " | ".join(expr.values)
    if isinstance(expr, ListOf):
        return f"array of {type_label(expr.item)}"
    if isinstance(expr, MapOf):
        return f"object of {type_label(expr.value)}"
    if isinstance(expr, Nullable):
        return f"{type_label(expr.inner)} or null"
    if isinstance(expr, UnionOf):
        return " | ".join(type_label(o) for o in expr.options)
    return expr.name


def is_json_value(expr: TypeExpr | None) -> bool:
    """True when the option takes JSON text (``--argjson``); False for a plain string (``--arg``)."""
    if isinstance(expr, Nullable):
        return is_json_value(expr.inner)
    if isinstance(expr, Prim):
        return expr.name not in ("string", "datetime")
    if isinstance(expr, LiteralOf):
        return False
    if isinstance(expr, Named):
        # An external the docs never define (``String``, ``DateTime``) is text; a documented object is JSON.
        return expr.area is not None
    return True


def literal_values(expr: TypeExpr | None) -> tuple[str, ...]:
    if isinstance(expr, Nullable):
        return literal_values(expr.inner)
    return expr.values if isinstance(expr, LiteralOf) else ()


def query_key(wire: str) -> str:
    """A wire name as it goes before ``=`` in ``--data-urlencode`` (curl does not encode that part)."""
    return urllib.parse.quote(wire, safe="_.-~")
