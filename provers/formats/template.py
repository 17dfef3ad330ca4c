"""Prompt formats as data: a TOML file per format, chosen by name or by path.

A format says how a problem (and, for tactic formats, a proof state) becomes a prompt and
how a completion becomes a candidate. Built-in formats are the ``*.toml`` files beside this
module; a user adds one by writing a file of the same shape and passing its path.

File shape::

    name = "my-format"
    domain = "lean"            # lean | smt | code | answer | any
    kind = "tactic"            # whole-proof | tactic | answer | any
    template = "{state}:::"    # placeholders below; other braces are literal
    system = "..."             # optional system message (chat formats)
    chat = false               # true: render through the model's chat template
    stop = ["\\n\\n"]          # stop strings to sample with
    [parse]
    mode = "raw"               # raw | first-line | fenced | boxed | regex
    languages = ["lean4"]      # fenced: accepted block languages (empty = any)
    pattern = "..."            # regex: group 1 (or the match) of the last match
    yields = "tactic"          # proof (follows the statement) | code | tactic | answer | ...
    allow_empty = false        # true: an empty completion is a candidate, not "nothing"

Placeholders: ``{statement}`` as given, ``{statement_open}`` without a trailing ``sorry``
(ready to be continued), ``{statement_sorry}`` ending in ``sorry``, ``{header}`` (followed
by a newline when not empty), ``{state}``, ``{name}`` (theorem name or problem id),
``{problem_json}`` (the problem and state as one JSON object).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.text.answers import last_boxed
from proofsmith.text.fences import fenced_blocks
from proofsmith.text.lean_source import theorem_name

__all__ = [
    "TemplateFormat",
    "builtin_formats",
    "get_format",
    "load_format_file",
    "parse_completion",
    "statement_open",
]

FORMATS_DIR = Path(__file__).resolve().parent
PARSE_MODES = ("raw", "first-line", "fenced", "boxed", "regex")
_PLACEHOLDER = re.compile(
    r"\{(statement|statement_open|statement_sorry|header|state|name|problem_json)\}"
)


@dataclass(frozen=True)
class TemplateFormat:
    """A named prompt shape and the way to read a completion (a :class:`PromptFormat`)."""

    name: str
    template: str
    domain: str = "any"
    kind: str = "any"
    description: str = ""
    system: str | None = None
    chat: bool = False
    stop: tuple[str, ...] = ()
    parse_mode: str = "raw"
    languages: tuple[str, ...] = ()
    pattern: str | None = None
    yields: str = "any"
    allow_empty: bool = False  # an empty completion is a candidate (e.g. SMT: "let z3 decide")
    source: str = ""  # the file it came from
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def render(
        self,
        problem: Problem | None = None,
        state: str | None = None,
        *,
        chat_template: Callable[[list[dict[str, str]]], str] | None = None,
    ) -> str:
        """The prompt for ``problem`` (and ``state`` for tactic formats).

        Chat formats go through ``chat_template(messages)`` when given (e.g. a tokenizer's
        ``apply_chat_template(..., tokenize=False, add_generation_prompt=True)``), else
        through plain ChatML markup.
        """
        values = _values(problem, state)
        needed = set(_PLACEHOLDER.findall(self.template))
        if "state" in needed and state is None:
            raise InputError(
                f"prompt format {self.name!r} needs a tactic state", hint="Pass state=..."
            )
        if needed - {"state"} and problem is None:
            raise InputError(f"prompt format {self.name!r} needs a problem")
        text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.template)
        if not self.chat:
            return text
        messages = ([{"role": "system", "content": self.system}] if self.system else []) + [
            {"role": "user", "content": text}
        ]
        if chat_template is not None:
            return chat_template(messages)
        return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + (
            "<|im_start|>assistant\n"
        )

    def parse(self, text: str) -> str | None:
        """The proof, tactic or answer in a completion; None when there is none."""
        return parse_completion(
            text,
            mode=self.parse_mode,
            stop=self.stop,
            languages=self.languages,
            pattern=self.pattern,
            allow_empty=self.allow_empty,
        )

    def assemble(self, problem: Problem, parsed: str) -> str:
        """The whole Lean theorem for a parsed whole-proof candidate (statement + proof)."""
        if self.yields == "proof":
            return statement_open(problem.statement) + parsed
        return parsed


def parse_completion(
    text: str,
    *,
    mode: str = "raw",
    stop: tuple[str, ...] | list[str] = (),
    languages: tuple[str, ...] | list[str] = (),
    pattern: str | None = None,
    allow_empty: bool = False,
) -> str | None:
    """Extract the candidate from ``text`` (cut first at any stop string)."""
    cuts = [i for i in (text.find(s) for s in stop if s) if i >= 0]
    if cuts:
        text = text[: min(cuts)]
    result: str | None
    if mode == "raw":
        result = text.strip()
    elif mode == "first-line":
        result = next((line.strip() for line in text.splitlines() if line.strip()), None)
    elif mode == "fenced":
        wanted = {lang.lower() for lang in languages}
        blocks = [b for lang, b in fenced_blocks(text) if not wanted or lang.lower() in wanted]
        result = blocks[-1].strip() if blocks else None
    elif mode == "boxed":
        result = last_boxed(text)
    elif mode == "regex":
        if not pattern:
            raise InputError("parse mode 'regex' needs a pattern")
        matches = list(re.finditer(pattern, text, re.DOTALL))
        if not matches:
            return None
        last = matches[-1]
        result = (last.group(1) if last.re.groups else last.group(0)).strip()
    else:
        raise InputError(
            f"unknown parse mode {mode!r}", hint=f"Use one of: {', '.join(PARSE_MODES)}."
        )
    if result == "" and allow_empty:
        return ""
    return result or None


def statement_open(statement: str) -> str:
    """The statement without a trailing ``sorry``, ending so a proof can follow."""
    body = statement.rstrip()
    if body.endswith("sorry"):
        body = body[: -len("sorry")].rstrip()
    if body.endswith("by"):
        return body + "\n"
    return body + " "


def _lean_name(statement: str) -> str:
    try:
        return theorem_name(statement)
    except ValueError:
        return ""


def _values(problem: Problem | None, state: str | None) -> dict[str, str]:
    if problem is None:
        return {
            "statement": "",
            "statement_open": "",
            "statement_sorry": "",
            "header": "",
            "state": state or "",
            "name": "",
            "problem_json": json.dumps({"state": state}, ensure_ascii=False),
        }
    header = problem.header
    if header and not header.endswith("\n"):
        header += "\n"
    opened = statement_open(problem.statement)
    found = _lean_name(problem.statement) if problem.domain == "lean" else ""
    payload = problem.to_dict()
    if state is not None:
        payload["state"] = state
    return {
        "statement": problem.statement,
        "statement_open": opened,
        "statement_sorry": opened.rstrip() + " sorry",
        "header": header,
        "state": state or "",
        "name": found or problem.id,
        "problem_json": json.dumps(payload, ensure_ascii=False, sort_keys=True),
    }


def builtin_formats() -> list[str]:
    """Names of the formats shipped with proofsmith."""
    return sorted(p.stem for p in FORMATS_DIR.glob("*.toml"))


def get_format(name_or_path: str | Path) -> TemplateFormat:
    """A built-in format by name, or a format file by path."""
    path = Path(name_or_path)
    if not (path.suffix == ".toml" and path.is_file()):
        builtin = FORMATS_DIR / f"{name_or_path}.toml"
        if not builtin.is_file():
            raise InputError(
                f"unknown prompt format {str(name_or_path)!r}",
                hint=f"Use one of: {', '.join(builtin_formats())}, or the path of a .toml format file.",
            )
        path = builtin
    return load_format_file(path)


def load_format_file(path: Path) -> TemplateFormat:
    """Read and validate one format file."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"cannot read prompt format {str(path)!r}: {exc}",
            hint=f"A format is a UTF-8 TOML file like those in {FORMATS_DIR}.",
        ) from exc
    parse = data.pop("parse", {}) or {}
    if not isinstance(parse, dict):
        raise InputError(f"prompt format {str(path)!r}: [parse] must be a table")
    missing = [k for k in ("name", "template") if not isinstance(data.get(k), str)]
    if missing:
        raise InputError(
            f"prompt format {str(path)!r} lacks {', '.join(missing)}",
            hint='A format file needs at least name = "..." and template = "...".',
        )
    mode = parse.get("mode", "raw")
    if mode not in PARSE_MODES:
        raise InputError(
            f"prompt format {str(path)!r}: unknown parse mode {mode!r}",
            hint=f"Use one of: {', '.join(PARSE_MODES)}.",
        )
    if mode == "regex":
        try:
            re.compile(parse.get("pattern") or "")
        except re.error as exc:
            raise InputError(f"prompt format {str(path)!r}: bad regex: {exc}") from exc
    known = {"name", "template", "domain", "kind", "description", "system", "chat", "stop"}
    return TemplateFormat(
        name=data["name"],
        template=data["template"],
        domain=str(data.get("domain", "any")),
        kind=str(data.get("kind", "any")),
        description=str(data.get("description", "")),
        system=data.get("system"),
        chat=bool(data.get("chat", False)),
        stop=tuple(str(s) for s in data.get("stop", ())),
        parse_mode=mode,
        languages=tuple(parse.get("languages", ())),
        pattern=parse.get("pattern"),
        yields=str(parse.get("yields", "any")),
        allow_empty=bool(parse.get("allow_empty", False)),
        source=str(path),
        extra={k: v for k, v in data.items() if k not in known},
    )
