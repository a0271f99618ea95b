"""``codegen lint --openapi``: every disagreement of the docs' HTTP reference with the API's own
OpenAPI, as lint findings at the docs page's line, naming the OpenAPI operationId.

The rules are registered with :mod:`codegen.lint` (severities set per rule in
``[tool.codegen.lint] severity``, baselines by fingerprint as for every rule); those that make
the real API reject or misread a request the SDKs send today are :data:`BREAKING`, and lint lists
their findings first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ..ir import API
from . import match, reference
from .document import Spec

Level = Literal["error", "warning", "note", "off"]
# (rule id, default level, what it finds), in the order the README lists them.
RULES: tuple[tuple[str, Level, str], ...] = (
    ("openapi-path", "error", "the docs' path is not the API's, which differs only by spelling (a did-you-mean)"),
    ("openapi-host", "error", "the API serves the operation on another host than the default"),
    (
        "openapi-place",
        "error",
        "a parameter sent in one place (query, body, header, path) that the API reads from another",
    ),
    ("openapi-missing-required", "error", "a parameter the API requires that the docs' request leaves out"),
    ("openapi-required", "error", "a parameter the docs make optional that the API requires"),
    ("openapi-exclusive", "error", "parameters the docs all require of which the API takes only one"),
    ("openapi-array", "error", "a list in one, a single value in the other"),
    (
        "openapi-encoding",
        "error",
        "a list in the query the docs repeat the key for where the API reads it comma-separated",
    ),
    ("openapi-type", "warning", "a parameter typed differently than the API types it"),
    ("openapi-enum", "warning", "a closed set of values that differs from the API's"),
    ("openapi-unknown-parameter", "warning", "a parameter of the docs the API does not declare"),
    ("openapi-unmatched-operation", "warning", "a docs operation whose method and path the OpenAPI does not have"),
    ("openapi-reply-key", "warning", "a reply key the docs list that the API's reply does not have"),
    ("openapi-optional", "note", "a parameter the docs require that the API makes optional"),
    ("openapi-missing-parameter", "note", "an optional parameter of the API the docs leave out"),
    ("openapi-reply-undocumented", "note", "a key of the API's reply the docs do not list"),
    ("openapi-undocumented-operation", "note", "an operation of the OpenAPI the docs do not document"),
)
# The rules whose findings break a request the SDKs send today: ranked first.
BREAKING = frozenset(
    {
        "openapi-path",
        "openapi-host",
        "openapi-place",
        "openapi-missing-required",
        "openapi-required",
        "openapi-exclusive",
        "openapi-array",
        "openapi-encoding",
    }
)

Add = Callable[..., None]


def findings(api: API, spec: Spec, add: Add) -> None:
    """Adds (through lint's ``add``) one finding per difference of ``api``'s HTTP reference with
    ``spec``."""
    matched = match.match(reference.operations(api), list(spec.operations))
    for difference in match.differences(matched):
        # About the HTTP reference's entry (curl), but for an operation only the OpenAPI has.
        language = None if difference.rule == "openapi-undocumented-operation" else reference.HTTP
        add(difference.rule, difference.loc, difference.message, difference.subject, language, difference.detail)
