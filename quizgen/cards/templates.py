"""Card templates: load the wording from YAML and render it with Jinja2.

The shipped wording is `quizgen/cards/default_templates.yaml`. A user's `templates.yaml` beside the
facts, and then a file given with `--templates`, override it key by key. Templates render in a
sandbox with strict undefined variables and no HTML escaping: cards are plain text, escaped
only when they are packaged.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "TEMPLATE_KEYS",
    "USER_TEMPLATES",
    "VARIABLES",
    "Templates",
    "environment",
    "load_templates",
    "render_wording",
    "template_keys",
]

import yaml
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.exceptions import TemplateError as JinjaTemplateError

from quizgen.cards import SHIPPED_TEMPLATES, sandbox
from quizgen.cards.filters import FILTERS
from quizgen.errors import TemplateError
from quizgen.factfiles.layout import TEMPLATES_FILE
from quizgen.language.suggest import did_you_mean
from quizgen.model.facts import CARD_KINDS, AnyFact, CardKind, FactType

USER_TEMPLATES = TEMPLATES_FILE
"""The name of a user's template overrides inside the facts folder."""

_COMMON_VARIABLES = ("fact", "id", "deck", "subdeck", "topic", "note", "kinds")
_DATED_VARIABLES = ("when", "date_text", "year", "precision", "interval")

VARIABLES: Mapping[FactType, tuple[str, ...]] = MappingProxyType(
    {
        FactType.DATE: (
            *_COMMON_VARIABLES,
            *_DATED_VARIABLES,
            "event",
            "hint",
            "approximate",
            "context",
        ),
        FactType.NAME: (*_COMMON_VARIABLES, "name", "description", "kind", "verb"),
        FactType.FIGURE: (
            *_COMMON_VARIABLES,
            *_DATED_VARIABLES,
            "quantity",
            "unit",
            "approximate",
            "current",
            "figure",
            "amount",
        ),
        FactType.AGREEMENT: (
            *_COMMON_VARIABLES,
            *_DATED_VARIABLES,
            "title",
            "summary",
            "summary_is_verb",
            "parties",
            "party_list",
            "signed",
            "action",
        ),
    }
)
"""The variables a template of each fact type can use."""


@functools.cache
def template_keys(fact_type: FactType, kind: CardKind) -> tuple[str, ...]:
    """Return the template keys one card kind needs: front and back, or a cloze text."""
    prefix = f"{fact_type.value}.{kind.value}"
    if kind is CardKind.CLOZE:
        return (f"{prefix}.text",)
    return (f"{prefix}.front", f"{prefix}.back")


TEMPLATE_KEYS: tuple[str, ...] = tuple(
    key
    for fact_type, kinds in CARD_KINDS.items()
    for kind in kinds
    for key in template_keys(fact_type, kind)
)
"""Every template key, in the order of the fact types and their card kinds."""


@dataclass(frozen=True)
class Templates:
    """The effective card templates: each key's text and the file it came from."""

    texts: Mapping[str, str]
    origins: Mapping[str, str]
    _compiled: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def digest(self) -> str:
        """Return a stable sha256 of the template texts, to tell when wording changed."""
        payload = json.dumps(dict(sorted(self.texts.items())), ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render(
        self, key: str, variables: Mapping[str, object], *, fact_id: str | None = None
    ) -> str:
        """Render one template to raw text; raise TemplateError naming the key on failure."""
        template = self._compiled.get(key)
        if template is None:
            template = _compile(key, self.texts[key], self.origins[key])
            self._compiled[key] = template
        try:
            return sandbox.render(template, variables)
        except _RENDER_ERRORS as error:
            raise TemplateError(self.where(key, fact_id) + _problem(error, variables)) from None

    def where(self, key: str, fact_id: str | None = None) -> str:
        """Return how an error names a template (and the fact it was rendering)."""
        return _where(key, self.origins[key], fact_id)


def render_wording(
    fact: AnyFact, kind: CardKind, part: str, text: str, variables: Mapping[str, object]
) -> str:
    """Render a fact's own wording for one part of a card ("front", "back" or a cloze "text").

    It has the variables of the templates and renders in the same sandbox; a problem raises
    TemplateError naming the fact's file and line, the fact and the kind.
    """
    where = wording_where(fact, kind, part)
    template = _compile_text(text, fact.type, part == "text", where)
    try:
        return sandbox.render(template, variables)
    except _RENDER_ERRORS as error:
        raise TemplateError(where + _problem(error, variables)) from None


def wording_where(fact: AnyFact, kind: CardKind, part: str) -> str:
    """Return how an error names a fact's own wording: file and line, fact, kind and part."""
    wording = fact.wording.get(kind)
    location = wording.location if wording and wording.location.line else fact.location
    return f"{location}: fact '{fact.id}': wording '{kind.value}' {part}: "


_RENDER_ERRORS = (
    sandbox.TemplateLimit,
    JinjaTemplateError,
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
)
"""What a template can raise while it renders; `_problem` says what went wrong."""


def load_templates(facts_dir: Path | None = None, override: Path | None = None) -> Templates:
    """Load the shipped templates, then `facts_dir/templates.yaml`, then `override`."""
    texts = _read(
        SHIPPED_TEMPLATES.read_text(encoding="utf-8"),
        "quizgen/cards/default_templates.yaml",
        loader=_SHIPPED_LOADER,
    )
    missing = [key for key in TEMPLATE_KEYS if key not in texts]
    if missing:
        raise TemplateError(f"shipped templates lack {', '.join(missing)}")
    origins = dict.fromkeys(texts, "quizgen/cards/default_templates.yaml")
    layers = []
    if facts_dir is not None and (facts_dir / USER_TEMPLATES).is_file():
        layers.append(facts_dir / USER_TEMPLATES)
    if override is not None:
        if not override.is_file():
            raise TemplateError(f"{override}: no such templates file")
        layers.append(override)
    for path in layers:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise TemplateError(f"{path}: cannot read: {error}") from None
        for key, value in _read(text, str(path)).items():
            texts[key] = value
            origins[key] = str(path)
    templates = Templates(MappingProxyType(texts), MappingProxyType(origins))
    problems = []
    for key in TEMPLATE_KEYS:
        try:
            templates._compiled[key] = _compile(key, texts[key], origins[key])
        except TemplateError as error:
            problems.append(str(error))
    if problems:
        raise TemplateError("\n".join(problems))
    return templates


def environment() -> sandbox.BoundedEnvironment:
    """Return the bounded sandbox templates render in: plain text, strict, with FILTERS."""
    return sandbox.environment(FILTERS)


@functools.cache
def _shared_environment() -> sandbox.BoundedEnvironment:
    """Return one environment for every template compiled in this process.

    Nothing changes an environment after it is made, so templates can share it; making one
    per template cost more than compiling the template.
    """
    return environment()


_SHIPPED_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
"""How the shipped templates are read: with libyaml, where PyYAML has it, ten times quicker.
A user's file is still read by the pure-Python loader: libyaml words its errors otherwise."""


def _read(
    text: str,
    origin: str,
    loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.SafeLoader,
) -> dict[str, str]:
    """Parse a templates YAML file into flat keys; reject unknown keys and non-text values."""
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise TemplateError(f"{origin}{place}: not valid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TemplateError(f"{origin}: expected a mapping of template keys to texts")
    flat: dict[str, str] = {}
    problems: list[str] = []
    for key, value in _flatten(data):
        if key not in TEMPLATE_KEYS:
            hint = did_you_mean(key, TEMPLATE_KEYS)
            problems.append(f"{origin}: unknown template key '{key}'{hint}")
        elif not isinstance(value, str):
            problems.append(f"{origin}: template '{key}': expected text, got {value!r}")
        else:
            flat[key] = value
    if problems:
        raise TemplateError("\n".join(problems))
    return flat


def _flatten(data: Mapping[object, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name not in TEMPLATE_KEYS:
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def _where(key: str, origin: str, fact_id: str | None) -> str:
    fact = f" fact '{fact_id}':" if fact_id else ""
    return f"{origin}: template '{key}':{fact} "


def _compile(key: str, text: str, origin: str) -> Any:
    """Compile one template of a templates file; its key says its fact type and kind."""
    fact_type = FactType(key.split(".", 1)[0])
    return _compile_text(text, fact_type, key.endswith(".text"), _where(key, origin, None))


@functools.lru_cache(maxsize=256)
def _compile_text(text: str, fact_type: FactType, is_cloze: bool, where: str) -> Any:
    """Parse a template, check the variables it uses, and return it compiled.

    Cached: a process that loads the templates again (a build after a check, the quiz after
    a preview) compiles each text once. A compiled template is never changed after this.
    """
    env = _shared_environment()
    try:
        tree = env.parse(text)
        used = meta.find_undeclared_variables(tree)
        compiled: Any = env.from_string(sandbox.count_loops(tree))
    except TemplateSyntaxError as error:
        message = error.message or "syntax error"
        match = re.match(r"No filter named '(\w+)'", message)
        if match:
            message = f"unknown filter '{match.group(1)}'" + did_you_mean(
                match.group(1), tuple(sorted(name for name in env.filters if ":" not in name))
            )
        raise TemplateError(f"{where}{message} (line {error.lineno} of the template)") from None
    allowed = set(VARIABLES[fact_type])
    if is_cloze:
        allowed.add("hide")
    unknown = sorted(set(used) - allowed - set(env.globals))
    if unknown:
        name = unknown[0]
        hint = did_you_mean(name, tuple(sorted(allowed)))
        if name == "hide":
            hint = "; hide() marks the answer in cloze texts only"
        raise TemplateError(f"{where}unknown variable '{name}'{hint}")
    if is_cloze and not any(
        isinstance(call.node, nodes.Name) and call.node.name == "hide"
        for call in tree.find_all(nodes.Call)
    ):
        raise TemplateError(f"{where}a cloze text must mark its answer with hide(...)")
    # Jinja2 keeps a template's globals in a ChainMap and copies it into every render's
    # context, key by key in Python; a plain dict of the same names renders twice as fast.
    compiled.globals = dict(compiled.globals)
    compiled.printed_text = sandbox.printed_text(tree)  # see `sandbox.render`
    return compiled


def _problem(error: Exception, variables: Mapping[str, object]) -> str:
    """Say why a template failed to render; the caller says which template it was."""
    if isinstance(error, sandbox.TemplateLimit):
        return f"stopped: the template {error}"
    if not isinstance(error, JinjaTemplateError):
        return str(error)
    message = error.message or type(error).__name__
    match = re.match(r"'(\w+)' is undefined", message)
    if match:
        return f"unknown variable '{match.group(1)}'" + did_you_mean(
            match.group(1), tuple(sorted(variables))
        )
    match = re.search(r"'(?:\w+\.)*(\w+) object' has no attribute '(\w+)'", message)
    if match:
        owner, name = match.groups()
        fact = variables.get("fact")
        hint = ""
        if dataclasses.is_dataclass(fact) and not isinstance(fact, type):
            hint = did_you_mean(name, tuple(sorted(f.name for f in dataclasses.fields(fact))))
        return f"{owner} has no field '{name}'{hint}"
    return message
