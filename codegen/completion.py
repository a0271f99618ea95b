"""``codegen completion bash|zsh|fish``: shell completion written from the command line's own
parser, so every command, option and choice it knows is completed (and nothing it does not)."""

from __future__ import annotations

import argparse
from dataclasses import field
from pathlib import Path

from .records import dataclass


@dataclass
class _Command:
    name: str
    help: str
    options: list[str] = field(default_factory=list)
    # An option's fixed choices (``--format``: text json), or "file"/"dir" when it takes a path.
    choices: dict[str, list[str]] = field(default_factory=dict)
    # Choices of the first positional argument (``completion``: bash zsh fish).
    positional: list[str] = field(default_factory=list)
    # Whether positional arguments are paths (spec files or folders).
    paths: bool = False


def _commands(parser: argparse.ArgumentParser) -> tuple[list[str], list[_Command]]:
    top = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    found: list[_Command] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, sub in action.choices.items():
            command = _Command(name, helps.get(name, ""))
            for option in sub._actions:
                longs = [o for o in option.option_strings if o.startswith("--")] or option.option_strings
                if not option.option_strings:
                    if option.choices:
                        command.positional = [str(c) for c in option.choices]
                    else:
                        command.paths = True
                    continue
                command.options += longs
                if option.choices:
                    for flag in longs:
                        command.choices[flag] = [str(c) for c in option.choices]
                elif option.type is not None and getattr(option.type, "__name__", "") == "language":
                    from .languages import EMITTERS

                    for flag in longs:
                        command.choices[flag] = sorted(EMITTERS)
                elif option.nargs != 0 and (option.type is Path or option.metavar == "FILE"):
                    for flag in longs:
                        command.choices[flag] = ["dir" if option.dest == "out" else "file"]
            found.append(command)
    return top, found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    top, commands = _commands(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](top, commands)


def _bash(top: list[str], commands: list[_Command]) -> str:
    names = " ".join(c.name for c in commands)
    cases = []
    for command in commands:
        values = []
        for flag, choices in sorted(command.choices.items()):
            if choices == ["file"]:
                values.append(f'      {flag}) COMPREPLY=($(compgen -f -- "$cur")); return ;;')
            elif choices == ["dir"]:
                values.append(f'      {flag}) COMPREPLY=($(compgen -d -- "$cur")); return ;;')
            else:
                values.append(f'      {flag}) COMPREPLY=($(compgen -W "{" ".join(choices)}" -- "$cur")); return ;;')
        words = " ".join(command.options)
        rest = (
            f'COMPREPLY=($(compgen -W "{" ".join(command.positional)}" -- "$cur"))'
            if command.positional
            else 'COMPREPLY=($(compgen -f -- "$cur"))'
            if command.paths
            else "COMPREPLY=()"
        )
        cases.append(
            f"    {command.name})\n      case $prev in\n"
            + "".join(v + "\n" for v in values)
            + "      esac\n"
            + f'      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "{words}" -- "$cur")); else {rest}; fi\n'
            + "      ;;"
        )
    return f"""# bash completion for codegen: eval "$(codegen completion bash)"
_codegen() {{
  local cur prev command i
  cur=${{COMP_WORDS[COMP_CWORD]}}
  prev=${{COMP_WORDS[COMP_CWORD-1]}}
  command=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      --config) ((i++)) ;;
      -*) ;;
      *) command=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  if [[ -z $command ]]; then
    if [[ $prev == --config ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
    COMPREPLY=($(compgen -W "{names} {" ".join(top)}" -- "$cur"))
    return
  fi
  case $command in
{chr(10).join(cases)}
  esac
}}
complete -o filenames -F _codegen codegen
"""


def _zsh_quote(text: str) -> str:
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def _zsh(top: list[str], commands: list[_Command]) -> str:
    described = " ".join(f"'{c.name}:{_zsh_quote(c.help)}'" for c in commands)
    cases = []
    for command in commands:
        specs = []
        for flag in dict.fromkeys(command.options):
            choices = command.choices.get(flag)
            if choices == ["file"]:
                specs.append(f"'{flag}=[]:file:_files'")
            elif choices == ["dir"]:
                specs.append(f"'{flag}=[]:folder:_files -/'")
            elif choices:
                specs.append(f"'{flag}=[]:value:({' '.join(choices)})'")
            else:
                specs.append(f"'{flag}[]'")
        if command.positional:
            specs.append(f"'1:value:({' '.join(command.positional)})'")
        elif command.paths:
            specs.append("'*:spec:_files'")
        cases.append(f"    {command.name}) _arguments {' '.join(specs)} ;;")
    return f"""#compdef codegen
# zsh completion for codegen: codegen completion zsh > "${{fpath[1]}}/_codegen"
_codegen() {{
  local -a commands
  commands=({described})
  if (( CURRENT == 2 )); then
    _describe command commands
    return
  fi
  case $words[2] in
{chr(10).join(cases)}
  esac
}}
compdef _codegen codegen
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(top: list[str], commands: list[_Command]) -> str:
    names = " ".join(c.name for c in commands)
    lines = [
        "# fish completion for codegen: codegen completion fish > ~/.config/fish/completions/codegen.fish",
        "complete -c codegen -f",
    ]
    for command in commands:
        lines.append(
            f"complete -c codegen -n 'not __fish_seen_subcommand_from {names}' -a {command.name} "
            f"-d {_fish_quote(command.help)}"
        )
    for command in commands:
        when = f"-n '__fish_seen_subcommand_from {command.name}'"
        for flag in dict.fromkeys(command.options):
            choices = command.choices.get(flag)
            if choices in (["file"], ["dir"]):
                lines.append(f"complete -c codegen {when} -l {flag[2:]} -r -F")
            elif choices:
                lines.append(f"complete -c codegen {when} -l {flag[2:]} -x -a {_fish_quote(' '.join(choices))}")
            elif flag.startswith("--"):
                lines.append(f"complete -c codegen {when} -l {flag[2:]}")
        if command.positional:
            lines.append(f"complete -c codegen {when} -a {_fish_quote(' '.join(command.positional))}")
        elif command.paths:
            lines.append(f"complete -c codegen {when} -F")
    return "\n".join(lines) + "\n"
