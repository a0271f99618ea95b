"""curl: one runnable bash script per HTTP operation, ``<area>/<operation key>.sh``.

Each script reads the base URL and API key from the environment, takes path parameters as
positional arguments (or ``--name value``), body/query/header parameters as ``--name value``
options, and calls ``curl``. Each parameter goes where the wire puts it, whatever the HTTP method
(a DELETE may carry a JSON body). JSON bodies are built by ``jq -n --arg/--argjson ...
'$ARGS.named'``, so no value is ever pasted into JSON by hand; query strings go through
``curl --get --data-urlencode`` (or, beside a body, are percent-encoded onto the URL). A list in
the query is the option repeated, sent as the key repeated or as one comma-separated value, as
the wire encodes it. An operation the API serves on another host goes there (an environment
variable named after the host, ``AUTH_EXAMPLE_COM_URL``, sends it elsewhere).

Untrusted doc text only ever lands in ``#`` comment lines (one per ``text.lines()`` line);
everything else taken from the docs (path literals, wire names, literal values) is written
as a single-quoted shell word. Shell variables are ``p_<name>``, so no parameter can clobber
``PATH``, ``IFS`` or any other variable bash gives meaning to. Curl has no models: the
objects the docs define are not rendered (the scripts print the API's JSON as it comes).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import field
from typing import ClassVar

from ...checked import field_validator
from ...diagnostics import Loc
from ...ir import Field, LanguageAPI, Operation
from ...naming import UniqueNames, safe_identifier
from ...records import dataclass
from ...samples import SampleCall
from ...text import GENERATED_NOTICE, one_line, shell_word
from ...types import ListOf, Nullable, Prim, TypeExpr
from ..base import Emitter, LanguageSettings, setting_matches
from .shell import (
    CURL_SPELLINGS,
    RESERVED,
    RESERVED_OPTIONS,
    comment,
    is_json_value,
    literal_values,
    option_name,
    query_key,
    quote,
    type_label,
    variable,
)

__all__ = [
    "RESERVED",
    "CurlEmitter",
    "CurlSettings",
    "is_json_value",
    "option_name",
    "query_key",
    "quote",
    "type_label",
    "variable",
]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PLACEHOLDER = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")


class CurlSettings(LanguageSettings):
    # Environment variables the scripts read.
    base_url_env: str = "BASE_URL"
    api_key_env: str = "API_KEY"
    timeout_env: str = "TIMEOUT"
    retries_env: str = "MAX_RETRIES"

    @field_validator("base_url_env", "api_key_env", "timeout_env", "retries_env")
    @classmethod
    def _variable(cls, value: str) -> str:
        rule = "an environment variable name is ASCII letters, digits and '_', not starting with a digit"
        return setting_matches(value, r"[A-Za-z_][A-Za-z0-9_]*", rule)


@dataclass
class _Param:
    var: str
    option: str
    aliases: list[str]
    wire: str
    required: bool
    json: bool
    choices: list[str]
    default: str | None
    doc: list[str]
    summary: str = ""
    choices_message: str = ""
    placeholder: str | None = None
    # A list sent in the query string: the option may be given more than once, and each value
    # is sent as the parameter repeated (``--domains a --domains b`` -> ``domains=a&domains=b``)...
    repeated: bool = False
    # ... or, where the wire reads the list comma-separated, as one value (``domains=a,b``).
    comma: bool = False
    # Where it is sent: "query", "body" or "header" ("" for a path parameter).
    place: str = ""

    @property
    def key(self) -> str:
        """The wire name as one shell word (a JSON key for ``jq --arg``)."""
        return quote(self.wire)

    @property
    def header_prefix(self) -> str:
        """``Name: `` as one shell word, for ``curl -H``."""
        return quote(self.wire + ": ")

    @property
    def query_prefix(self) -> str:
        """``name=`` as one shell word, for ``curl --data-urlencode name=value``."""
        return quote(query_key(self.wire) + "=")

    @property
    def patterns(self) -> str:
        return "|".join(f"--{name}" for name in [self.option, *self.aliases])

    @property
    def equals_patterns(self) -> str:
        return "|".join(f"--{name}=*" for name in [self.option, *self.aliases])


@dataclass
class _Script:
    name: str
    method: str
    doc: list[str]
    usage: str
    url: str
    path_params: list[_Param] = field(default_factory=list)
    params: list[_Param] = field(default_factory=list)
    # Sends a JSON body (its parameters: those whose place is the body).
    body: bool = False
    # Where the options are sent, when they all go one way ("": each where its summary says).
    sent: str = ""
    # The host the operation is served on when that is not the base URL (a shell word), and the
    # environment variable that overrides it.
    host: str = ""
    host_env: str = ""
    # The options by place.
    body_params: list[_Param] = field(default_factory=list)
    query_params: list[_Param] = field(default_factory=list)
    header_params: list[_Param] = field(default_factory=list)
    # Query parameters beside a JSON body: percent-encoded onto the URL (``--get`` would move
    # the body into the query).
    query_in_url: bool = False


class CurlEmitter(Emitter):
    name = "curl"
    settings_model = CurlSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset()
    fence = "bash"
    http_reference = True  # its entries are the wire every other language links to
    aliases = ("shell", "bash")
    enum_name_rank = 80
    settings: CurlSettings

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling.strip()
        if isinstance(expr, Prim) and spelling and spelling not in CURL_SPELLINGS:
            return f"{spelling!r} is not a JSON type name; read as {type_label(expr)}"
        return None

    # --- layout -----------------------------------------------------------------------------
    def script_path(self, op: Operation) -> str:
        folder = op.area or (op.path or "").strip("/").split("/")[0] or "api"
        return f"{_path_part(folder)}/{_path_part(self.rename(op.key))}.sh"

    def scripts(self, api: LanguageAPI) -> list[tuple[str, Operation]]:
        """Each script's path and its operation (a second script of one name gets ``_2``)."""
        taken: set[str] = set()
        result = []
        ops = [op for op in api.operations if op.http_method and op.path is not None]
        for op in sorted(ops, key=lambda o: (self.script_path(o), o.path or "", o.http_method or "", o.loc)):
            path = self.script_path(op)
            stem, count = path.removesuffix(".sh"), 2
            while path in taken:
                path, count = f"{stem}_{count}.sh", count + 1
            taken.add(path)
            result.append((path, op))
        return result

    def render_each(self, api: LanguageAPI) -> Iterator[tuple[str, str]]:
        for path, op in self.scripts(api):
            yield path, self.script(op, path.rsplit("/", 1)[-1])

    def example_argv(self, call: SampleCall, script: str) -> list[str] | str:
        """The command line that makes ``call`` with the script at ``script``, or why there is none."""
        path_params, params = self.params(call.operation)
        options = {p.wire: p for p in params}
        for p in path_params:
            options[p.wire] = p
            options[p.placeholder or p.wire] = p
        argv = [script]
        for place, values in call.wire().items():
            for wire, value in values.items():
                param = options.get(wire)
                if param is None:
                    return f"the script has no option for the {place} parameter {wire!r}"
                items = value if param.repeated and isinstance(value, list) else [value]
                for item in items:
                    argv += [
                        f"--{param.option}",
                        item if isinstance(item, str) else json.dumps(item, separators=(",", ":")),
                    ]
        return argv

    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        script = next((path for path, op in self.scripts(api) if op is call.operation), None)
        argv = self.example_argv(call, f"./{script}") if script else None
        if not isinstance(argv, list):
            return None
        base, key = self.env_names()
        rows = [shell_word(argv[0])]
        rows += [
            f"{shell_word(option)} {shell_word(value)}" for option, value in zip(argv[1::2], argv[2::2], strict=True)
        ]
        served_elsewhere = call.operation.http is not None and call.operation.http.host
        where = "" if served_elsewhere else f"{base}=https://api.workos.com "  # the script goes to its host
        return f"export {where}{key}=sk_test_...\n" + " \\\n  ".join(rows)

    # --- one script -------------------------------------------------------------------------
    def header(self) -> list[str]:
        return ["#!/usr/bin/env bash", f"# {GENERATED_NOTICE}", "# @generated"]

    def env_names(self) -> tuple[str, str]:
        return (
            safe_identifier(self.settings.base_url_env, RESERVED),
            safe_identifier(self.settings.api_key_env, RESERVED),
        )

    def params(self, op: Operation) -> tuple[list[_Param], list[_Param]]:
        """(path parameters in path order, body/query parameters in documented order)."""
        documented = [f for f in op.params if not f.is_method]
        # Optional on the wire although listed as required: every language documents it optional.
        loose = frozenset(p.name for p in op.http.params if p.loosened) if op.http is not None else frozenset()
        placeholders = list(dict.fromkeys(_PLACEHOLDER.findall(op.path or "")))
        taken: dict[str, Field] = {}
        for name in placeholders:
            match = next((f for f in documented if _bare(f) == name), None)
            match = match or _path_alias(op.path or "", name, documented)
            if match is not None and all(match is not t for t in taken.values()):
                taken[name] = match
        used_vars = UniqueNames(None, self.name, "variable", separator="_")
        used_options = UniqueNames(
            self.diags, self.name, f"option of {op.key}", separator="_", reserved=RESERVED_OPTIONS
        )
        # A kebab-case alias (--user-id for --user_id) never takes an option the docs name.
        named = frozenset({option_name(n) for n in placeholders} | {option_name(_bare(f)) for f in documented})
        path_params = []
        for name in placeholders:
            source = taken.get(name)
            doc = comment(source.description, "      ") if source else []
            if source is not None and source.name != name:
                doc = [f"#       (the documented parameter {one_line(source.name)})", *doc]
            param = self.param(
                name, source, used_vars, used_options, doc, loc=source.loc if source else op.loc, named=named
            )
            param.placeholder = name
            param.required = True
            label = one_line(type_label(source.type) if source else "string")
            param.summary = f"#   <{param.option}>  (--{param.option}; {label})"
            path_params.append(param)
        params = []
        for f in documented:
            if any(f is t for t in taken.values()):
                continue
            param = self.param(
                _bare(f), f, used_vars, used_options, self.field_doc(f), loc=f.loc, named=named, loose=loose
            )
            param.place = _place(f, op)
            if param.place != "body" and param.json:
                # A query string or a header carries text: JSON values go as they are typed.
                param.json = False
                param.summary = param.summary.replace(" JSON  (", " VALUE  (", 1)
                if param.place == "query" and _is_list(f.type):
                    param.repeated = True
                    param.comma = _comma_separated(f, op)
                    each = "; repeat the option for each value" + ("; sent comma-separated" if param.comma else "")
                    param.summary = param.summary.replace(")", each + ")", 1)
            params.append(param)
        if len({p.place for p in params}) > 1:  # mixed places: each option says where it goes
            for p in params:
                p.summary = p.summary.removesuffix(")") + f"; {_SENT[p.place]})"
        return path_params, params

    def host_env(self, host: str) -> str:
        """The environment variable that sends an operation served on ``host`` elsewhere:
        ``AUTH_EXAMPLE_COM_URL`` for ``https://auth.example.com``."""
        where = urllib.parse.urlsplit(host).netloc or host
        name = re.sub(r"[^A-Za-z0-9]+", "_", where).strip("_").upper() or "HOST"
        name = f"HOST_{name}" if name[0].isdigit() else name
        return safe_identifier(f"{name}_URL", RESERVED)

    def param(
        self,
        name: str,
        f: Field | None,
        used_vars: UniqueNames,
        used_options: UniqueNames,
        doc: list[str],
        *,
        loc: Loc,
        named: frozenset[str],
        loose: frozenset[str] = frozenset(),
    ) -> _Param:
        """One option of the script; ``named`` are the options the docs name (an alias never takes one)."""
        var = used_vars.claim(variable(name), name)
        option = used_options.claim(option_name(name), name, loc)
        aliases = []
        kebab = option.replace("_", "-")
        if kebab != option and not used_options.taken(kebab) and kebab not in named:
            used_options.reserve(kebab)
            aliases.append(kebab)
        expr = f.type if f else None
        choices = [self.exact(c, loc, "literal value") for c in literal_values(expr)]
        required = f is not None and not f.optional and not f.name.endswith("?") and (f.wire_name or "") not in loose
        wire = self.exact((f.wire_name or _bare(f)) if f else name, loc, "wire name")
        label = type_label(expr) if f else "string"
        extras = ["required" if required else "optional"]
        if len(choices) == 1 and required:
            extras.append(f"default {choices[0]}")
        metavar = "JSON" if f is not None and is_json_value(expr) else "VALUE"
        return _Param(
            summary=one_line(f"#   --{option} {metavar}  ({label}; {', '.join(extras)})"),
            choices_message=quote(f"--{option} must be one of: {', '.join(one_line(c) for c in choices)}"),
            var=var,
            option=option,
            aliases=aliases,
            wire=wire,
            required=required,
            json=is_json_value(expr) if f else False,
            choices=[quote(c) for c in choices],
            default=quote(choices[0]) if len(choices) == 1 and required else None,
            doc=doc,
        )

    def field_doc(self, f: Field, depth: int = 0) -> list[str]:
        """Comment lines for a parameter's description, and its nested fields (JSON objects)."""
        indent = "      " + "  " * depth
        result = comment(f.description, indent)
        for sub in f.fields:
            if sub.is_method:
                continue
            label = f"{_bare(sub)} ({type_label(sub.type)}{', optional' if sub.optional else ''})"
            result.append(f"# {indent}.{one_line(label)}")
            result.extend(self.field_doc(sub, depth + 1))
        return result

    def exact(self, text: str, loc: Loc, what: str) -> str:
        """``text`` for a shell word that must mean it exactly: bash words cannot hold NUL."""
        if "\x00" in text:
            self.diags.error(
                loc,
                f"curl cannot write the {what} {text!r}: a bash word cannot hold a NUL character",
                "a docs text the request sends is written exactly or not at all",
            )
            return text.replace("\x00", "")
        return text

    def script(self, op: Operation, filename: str) -> str:
        method = (op.http_method or "GET").upper()
        path_params, params = self.params(op)
        body = any(p.place == "body" for p in params)
        places = {p.place for p in params}
        base_env, key_env = self.env_names()
        host = op.http.host if op.http is not None else None
        usage = " ".join([filename, *(f"<{p.option}>" for p in path_params), "[options]" if params else ""]).strip()
        doc = [f"# {one_line(op.key)}: {method} {one_line(op.path)}"]
        doc += comment(op.description)
        if op.url:
            doc.append(f"# See {one_line(op.url)}")
        if op.sends_email:
            doc.append("# Note: this request sends an email.")
        returns = [one_line(r.type_text or r.name) for r in op.returns if r.type_text or r.name]
        if returns:
            doc.append(f"# Returns: {', '.join(returns)}")
        base = '"${url%/}"' if host else f'"${{{base_env}%/}}"'
        url = base + "".join(
            quote(part) if i % 2 == 0 else f'"$(urlencode "${{{_find(path_params, part).var}}}")"'
            for i, part in enumerate(_PLACEHOLDER.split(self.exact(op.path or "", op.loc, "path")))
            if part
        )
        script = _Script(
            name=filename,
            method=method,
            doc=doc,
            usage=usage,
            url=url,
            path_params=path_params,
            params=params,
            body=body,
            sent=_SENT[next(iter(places))] if len(places) == 1 else "",
            host=quote(self.exact(host, op.loc, "host")) if host else "",
            host_env=self.host_env(host) if host else "",
            body_params=[p for p in params if p.place == "body"],
            query_params=[p for p in params if p.place == "query"],
            header_params=[p for p in params if p.place == "header"],
            query_in_url=body and any(p.place == "query" for p in params),
        )
        literals = [op.path or "", *(p.wire for p in params), *(c for p in params for c in p.choices)]
        return self.template(
            "script.sh.j2",
            # Docs text written literally in single quotes: tell shellcheck that is meant.
            literal_note=any("$" in t or "`" in t for t in literals),
            header=self.header(),
            s=script,
            base_env=base_env,
            key_env=key_env,
            timeout_env=safe_identifier(self.settings.timeout_env, RESERVED),
            retries_env=safe_identifier(self.settings.retries_env, RESERVED),
            retryable=method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS"),
            variables=" ".join(p.var for p in [*path_params, *params]),
            host_text=one_line(host or ""),
            jq_hint=quote("jq is required to build the JSON body: https://jqlang.github.io/jq/"),
        )


# How the usage text says where an option is sent.
_SENT = {"body": "as the JSON body", "query": "in the query string", "header": "as a header"}


def _place(f: Field, op: Operation) -> str:
    """Where a documented parameter goes: its wire place (linked from the HTTP reference, or
    followed from the API's OpenAPI), else the method's default (the body of a POST, PUT or
    PATCH, else the query)."""
    if f.place in ("query", "body", "header"):
        return f.place
    return "body" if (op.http_method or "").upper() in BODY_METHODS else "query"


def _comma_separated(f: Field, op: Operation) -> bool:
    """A list in the query that the wire reads as one comma-separated value (not repeated)."""
    wire = f.wire_name or _bare(f)
    found = next((p for p in op.http.params if p.name == wire and p.place == "query"), None) if op.http else None
    return found is not None and not found.repeated


def _is_list(expr: TypeExpr | None) -> bool:
    while isinstance(expr, Nullable):
        expr = expr.inner
    return isinstance(expr, ListOf) or (isinstance(expr, Prim) and expr.spelling.strip().lower() in ("array", "list"))


def _bare(f: Field) -> str:
    """The documented name without the ``?`` some pages append to optional parameters."""
    return f.name.rstrip("?") or f.name


def _path_alias(path: str, placeholder: str, documented: list[Field]) -> Field | None:
    """The documented parameter a bare ``:id`` stands for (``/auth/factors/:id`` + ``authentication_factor_id``).

    Only when the segment before the placeholder names it: its singular form ends the
    parameter's name, followed by ``_id``, and exactly one required parameter fits.
    """
    if placeholder != "id":
        return None
    segments = path.strip("/").split("/")
    index = segments.index(":id") if ":id" in segments else -1
    if index < 1:
        return None
    resource = re.sub(r"s$", "", segments[index - 1].replace("-", "_"))
    fits = [f for f in documented if not f.optional and _bare(f).endswith(f"{resource}_id")]
    return fits[0] if len(fits) == 1 else None


def _find(params: list[_Param], placeholder: str) -> _Param:
    return next(p for p in params if p.placeholder == placeholder)


def _path_part(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.+-]", "_", text)
    return cleaned if cleaned[:1].isalnum() or cleaned[:1] == "_" else f"_{cleaned}"
