"""Prompt formats: the :class:`PromptFormat` type (:mod:`.protocol`) and formats as data,
one TOML file per format (:mod:`.template`, the ``*.toml`` files beside it)."""

from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.formats.template import (
    TemplateFormat,
    builtin_formats,
    get_format,
    load_format_file,
    parse_completion,
    statement_open,
)

__all__ = [
    "PromptFormat",
    "TemplateFormat",
    "builtin_formats",
    "get_format",
    "load_format_file",
    "parse_completion",
    "statement_open",
]
