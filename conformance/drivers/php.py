"""PHP: one program, ``program.php``, that autoloads the rendered SDK (PSR-4 under ``src/``) and
runs every case; see conformance/README.md for the contract."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.php import PhpLanguage, wire_type
from codegen.text import php_string

from ..cases import Case

TOOLS: tuple[str, ...] = ("php",)
# Runs the runtime's cases too (docs/RUNTIME.md): the client of each case is made from its settings.
CONTRACT = 2
# The error classes (in ``<namespace>\\Http``) by family, the conformance output's ``type``.
FAMILIES = {
    "ApiException": "api_error",
    "BadRequestException": "bad_request",
    "UnauthorizedException": "unauthorized",
    "ForbiddenException": "forbidden",
    "NotFoundException": "not_found",
    "ConflictException": "conflict",
    "UnprocessableEntityException": "unprocessable_entity",
    "RateLimitExceededException": "rate_limit_exceeded",
    "ServerErrorException": "server_error",
}

PRELUDE = r"""<?php

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = %(prefix)s;
    if (str_starts_with($class, $prefix)) {
        $file = %(src)s . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require_once $file;
        }
    }
});

function conformance_emit(array $line): void
{
    echo json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
}

/**
 * The error's family (conformance/README.md) by its class.
 */
function conformance_family(\Throwable $e): string
{
    $families = %(families)s;
    return $families[get_class($e)] ?? ('unknown ' . get_class($e));
}

function conformance_run(int $case, string $kind, array $settings, callable $call, bool $paged, mixed $type): void
{
    $json = static fn ($value) => \%(wire)s::encode($type, $value);
    try {
        $settings['baseUrl'] = rtrim((string) getenv('CONFORMANCE_URL'), '/') . '/c/' . $case;
        $value = $call(new \%(client)s(...$settings));
        if ($kind === 'pages' || $paged) {
            $items = [];
            foreach ($value as $item) {
                $items[] = $json($item);
            }
            conformance_emit(['case' => $case, 'items' => $items]);
        } else {
            conformance_emit(['case' => $case, 'result' => $json($value)]);
        }
    } catch (\%(error)s $e) {
        if (in_array($kind, ['error', 'rate_limited', 'server_error', 'redirect'], true)) {
            $error = [
                'type' => conformance_family($e),
                'status' => $e->status,
                'code' => $e->errorCode,
                'message' => $e->errorMessage,
                'request_id' => $e->requestId,
                'raw' => $e->body,
            ];
            if ($e instanceof \%(rate_limited)s) {
                $error['retry_after'] = $e->retryAfter;
            }
            conformance_emit(['case' => $case, 'error' => $error]);
        } else {
            conformance_emit(['case' => $case, 'exception' => get_class($e) . ': ' . $e->getMessage()]);
        }
    } catch (\%(timeout)s $e) {
        if ($kind === 'timeout') {
            conformance_emit(['case' => $case, 'timeout' => true]);
        } else {
            conformance_emit(['case' => $case, 'exception' => get_class($e) . ': ' . $e->getMessage()]);
        }
    } catch (\InvalidArgumentException $e) {
        if ($kind === 'bad_header' || $kind === 'bad_path') {
            conformance_emit(['case' => $case, 'refused' => $e->getMessage()]);
        } else {
            conformance_emit(['case' => $case, 'exception' => get_class($e) . ': ' . $e->getMessage()]);
        }
    } catch (\Throwable $e) {
        conformance_emit(['case' => $case, 'exception' => get_class($e) . ': ' . $e->getMessage()]);
    }
}
"""

CASE = """
// case {index}: {name}
conformance_run({index}, {kind}, {settings}, static function (\\{client} $client) {{
{body}
    return $result;
}}, {paged}, {type});
"""


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, PhpLanguage)
    namespace = emitter.namespace
    parts = [
        PRELUDE
        % {
            "prefix": php_string(namespace + "\\"),
            "src": php_string(str((sdk / "src").resolve())),
            "client": f"{namespace}\\Client",
            "error": f"{namespace}\\Http\\ApiException",
            "rate_limited": f"{namespace}\\Http\\RateLimitExceededException",
            "timeout": f"{namespace}\\Http\\TimeoutException",
            "wire": f"{namespace}\\Http\\Wire",
            "families": _families(namespace),
        }
    ]
    for case in cases:
        code = emitter.example_call(case.call, api)
        if code is None:
            code = f"throw new \\LogicException({php_string(f'no method for {case.call.operation.name}')});"
        body = "\n".join(f"    {line}" if line else "" for line in code.splitlines())
        name = case.name.replace("\n", " ").replace("\r", " ").replace("?>", "? >")
        parts.append(
            CASE.format(
                index=case.index,
                kind=php_string(case.kind),
                settings=_settings(case),
                name=name,
                client=f"{namespace}\\Client",
                body=body,
                paged="true" if case.reply_kind == "page" and case.kind == "call" else "false",
                type=_result_type(emitter, case, api),
            )
        )
    program = work / "program.php"
    program.write_text("".join(parts), encoding="utf-8")
    php = shutil.which("php") or "php"
    lint = subprocess.run([php, "-l", str(program)], capture_output=True, text=True, timeout=60, check=False)
    if lint.returncode != 0:
        raise RuntimeError(lint.stdout + lint.stderr)
    return [php, str(program)]


def _result_type(emitter: PhpLanguage, case: Case, api: LanguageAPI) -> str:
    """How the program re-encodes what the call returns (an item, for a list): by the method's
    result type as the plan spells it (``Http\\Wire::encode``: a map stays ``{}``)."""
    view = emitter.call(case.call, api)
    request = view.method.request if view is not None else None
    if view is None or request is None:
        return "null"
    text = request.item_type if request.reply == "page" else view.method.result
    # The service's names are relative to its namespace (``Resource\\Sso\\Profile``); here they are global.
    qualified = re.sub(r"(?<![\\\w])Resource\\\\", lambda _: f"\\{emitter.namespace}\\Resource\\", text or "mixed")
    return wire_type(qualified)


def _settings(case: Case) -> str:
    """The named arguments of the case's client (the base URL is added by the program)."""
    settings = [f"'apiKey' => {php_string(case.api_key)}", f"'clientId' => {php_string(case.client_id)}"]
    if case.timeout is not None:
        settings.append(f"'timeout' => {float(case.timeout)!r}")
    if case.max_retries is not None:
        settings.append(f"'maxRetries' => {int(case.max_retries)}")
    return "[" + ", ".join(settings) + "]"


def _families(namespace: str) -> str:
    """The PHP array of FAMILIES by fully qualified class."""
    http = namespace + "\\Http\\"
    pairs = (f"{php_string(http + cls)} => {php_string(family)}" for cls, family in FAMILIES.items())
    return "[" + ", ".join(pairs) + "]"
