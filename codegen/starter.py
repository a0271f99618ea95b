"""``codegen init``: a commented starter configuration and .gitattributes lines."""

from __future__ import annotations

from .languages import LANGUAGES

STARTER = f"""\
# codegen configuration. Paths are relative to this file.
# Generate with `codegen generate`; fail CI on stale output with `codegen check`; see what a
# change of the reference does to each SDK with `codegen diff HEAD~1`.
# Editor completion (Taplo, Even Better TOML): `codegen config-schema > codegen.schema.json`,
# then add `#:schema ./codegen.schema.json` as this file's first line.

# Where the API reference lives: folders or files of .mdx front matter or .yaml pages.
specs = ["docs/reference"]
# Output folder; each language goes to <out>/<language> unless it sets its own `out`.
out = "generated"
# Languages to generate: {", ".join(LANGUAGES)} (or an alias such as
# typescript or csharp).
languages = ["go"]
# A folder of template overrides (<templates>/<language>/<file>.j2); see `codegen templates`.
# templates = "codegen-templates"
# Paths codegen must never write, check or prune (gitignore syntax, ! negates).
# keep_file = ".codegenignore"

[go]
# The Go module the packages live in.
module = "github.com/acme/acme-go"
# out = "."                      # write into the repo root instead of generated/go
# initialisms = ["OIDC"]         # written in capitals, like ID and URL
# renames = {{ getSSOURL = "GetSSOURL" }}

# [java]
# package = "com.acme.sdk"
# [dotnet]
# namespace = "Acme.Sdk"
# [php]
# namespace = "Acme\\\\Sdk"
# [ruby]
# module = "Acme"
# [python]
# package = "acme_sdk"
# [js]
# path = "src"
"""


def gitattributes(out_dirs: list[str]) -> str:
    """Lines that mark generated output so diffs collapse and language stats skip it."""
    return "".join(f"{d}/** linguist-generated=true\n" for d in out_dirs)
