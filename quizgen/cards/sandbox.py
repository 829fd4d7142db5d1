"""The sandbox card templates render in: Jinja2's own, with the work of one render bounded.

Jinja2's sandbox stops a template from reaching Python's insides, but not from working for
ever: nested `range(100000)` loops, `'x' * 10**10`, `lipsum(100000)` or a macro that calls
itself would hang a build or fill its memory. Here every render has a budget of steps (loop
turns and calls), a depth of nested calls, and a size for any text or list it makes and for
its output; going past one raises `TemplateLimit`, which the caller reports with the
template's name.
"""

from __future__ import annotations

import contextvars
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum

MAX_STEPS = 10_000
"""Loop turns and calls one render may take, together."""

MAX_DEPTH = 20
"""Calls one render may nest (a macro calling itself, say)."""

MAX_SIZE = 10_000
"""Characters (or items) any text or list a render makes may hold, its output included."""

MAX_RANGE = 1_000
"""Items `range()` may give."""

_LOOP_FILTER = "quizgen:counted"
"""The filter every loop's items pass through; no template can name it, for the colon."""


class TemplateLimit(Exception):
    """A template tried to do more work than one card can need."""


class _Budget:
    """What one render has spent so far."""

    __slots__ = ("depth", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0

    def spend(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"takes more than {MAX_STEPS:,} steps (loop turns and calls)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "quizgen_template_budget", default=None
)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # rendered outside `render`: give it a budget of its own
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _checked(value: Any) -> Any:
    """Return `value`, or raise TemplateLimit if it is a text or list over MAX_SIZE."""
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SIZE:
        raise TemplateLimit(f"makes a {type(value).__name__} of more than {MAX_SIZE:,} items")
    return value


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    """Yield a loop's items, spending a step on each."""
    budget = _budget()
    for item in items:
        budget.spend()
        yield item


def _range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateLimit(f"asks range() for more than {MAX_RANGE:,} numbers")
    return result


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > 5 or max > 100:
        raise TemplateLimit("asks lipsum() for more than 5 paragraphs of 100 words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


class _BoundedNamespace(Namespace):
    """`namespace()` whose values stay within MAX_SIZE, so no loop can double a text in it."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _checked(value))


_SIZED_METHODS = frozenset(("center", "ljust", "rjust", "zfill", "expandtabs"))


def _check_format(text: Any) -> None:
    """Refuse a format string with a width or precision over MAX_SIZE ("%99999999s")."""
    if isinstance(text, str) and any(int(number) > MAX_SIZE for number in _NUMBERS.findall(text)):
        raise TemplateLimit(f"formats a text wider than {MAX_SIZE:,} characters")


_NUMBERS = re.compile(r"(?<=[%{:.<>^=+\- #0-9*])\d{5,}")


def _check_arguments(function: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a width over MAX_SIZE, or a replacement that would make a text over it."""
    _check_arguments_of(_plain_name(function), function, args, kwargs)


def _plain_name(function: Any) -> str:
    return str(getattr(function, "__name__", "")).removeprefix("do_")


_CHECKED_NAMES = _SIZED_METHODS | {
    "format",
    "format_map",
    "indent",
    "wordwrap",
    "truncate",
    "replace",
}
"""The functions whose arguments `_check_arguments_of` looks at."""


def _check_arguments_of(
    name: str, function: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    if name in ("format", "format_map"):
        # Jinja2's sandbox hands a template `str.format` wrapped: the text is the wrapped's.
        bound = getattr(function, "__wrapped__", function)
        _check_format(getattr(bound, "__self__", None))
        if args:
            _check_format(args[0])
    if name in _SIZED_METHODS or name in ("indent", "wordwrap", "truncate"):
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE:
                raise TemplateLimit(f"asks {name}() for a width over {MAX_SIZE:,}")
    if name == "replace":
        texts = [value for value in (*args, *kwargs.values()) if isinstance(value, str)]
        if len(texts) >= 3 and len(texts[-3]) * max(1, len(texts[-1])) > MAX_SIZE * 10:
            raise TemplateLimit(f"asks replace() for a text of more than {MAX_SIZE:,} characters")


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so that its arguments and its result stay within the bounds."""
    name = _plain_name(function)

    if name in _CHECKED_NAMES:

        def guarded(*args: Any, **kwargs: Any) -> Any:
            _check_arguments_of(name, function, args, kwargs)
            return _checked(function(*args, **kwargs))

    else:

        def guarded(*args: Any, **kwargs: Any) -> Any:
            return _checked(function(*args, **kwargs))

    # Jinja2 passes the context or environment to filters that ask for them by a mark.
    for mark in ("jinja_pass_arg",):
        if hasattr(function, mark):
            setattr(guarded, mark, getattr(function, mark))
    guarded.__name__ = getattr(function, "__name__", "filter")
    return guarded


class BoundedEnvironment(SandboxedEnvironment):
    """A sandboxed environment that counts every call and bounds what binary operators make."""

    intercepted_binops = frozenset(("*", "**", "+", "%"))

    def call(
        __self,
        __context: Any,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Call a function from a template, spending a step and one level of depth."""
        budget = _budget()
        budget.spend()
        _check_arguments(__obj, args, kwargs)
        budget.depth += 1
        try:
            if budget.depth > MAX_DEPTH:
                raise TemplateLimit(f"nests calls more than {MAX_DEPTH} deep")
            return _checked(super().call(__context, __obj, *args, **kwargs))
        finally:
            budget.depth -= 1

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Do `*`, `**`, `+` and `%` only where the result stays within the bounds."""
        if operator_name == "**":
            if (
                isinstance(right, int)
                and isinstance(left, int)
                and abs(left) > 1
                and right * abs(left).bit_length() > 4 * MAX_SIZE
            ):
                raise TemplateLimit("raises a number to a power too large to write")
            return left**right
        if operator_name == "%":
            _check_format(left)
            return _checked(left % right)
        if operator_name == "*":
            for sized, count in ((left, right), (right, left)):
                if (
                    isinstance(sized, str | list | tuple)
                    and isinstance(count, int)
                    and len(sized) * count > MAX_SIZE
                ):
                    raise TemplateLimit(f"repeats a {type(sized).__name__} past {MAX_SIZE:,} items")
            return _checked(left * right)
        return _checked(operator.add(left, right))


def environment(filters: Mapping[str, Callable[..., str]]) -> BoundedEnvironment:
    """Return a bounded sandbox: plain text, strict undefined variables, these filters."""
    env = BoundedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(filters)
    env.filters = {name: _guarded(function) for name, function in env.filters.items()}
    env.filters[_LOOP_FILTER] = _counted
    env.globals.update(range=_range, lipsum=_lipsum, namespace=_BoundedNamespace)
    return env


def count_loops(tree: nodes.Template) -> nodes.Template:
    """Make every loop of a parsed template spend a step on each turn (changes `tree`)."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
    return tree


def printed_text(tree: nodes.Template) -> str | None:
    """Return what a template prints as a `str.format_map` pattern, if it prints only text
    and variables ("{{ when }}" -> "{when}", "Name {{ description }}." -> "Name
    {description}."); else None.

    `render` fills such a template in itself, as Jinja2 would print it (`format` of a value
    with no format spec is its `str`): half the texts of a card base are of this kind, and
    a Jinja2 render costs more than the fill.
    """
    parts = []
    for output in tree.body:
        if not isinstance(output, nodes.Output):
            return None
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                parts.append(node.data.replace("{", "{{").replace("}", "}}"))
            elif isinstance(node, nodes.Name) and node.ctx == "load":
                parts.append(f"{{{node.name}}}")
            else:
                return None
    return "".join(parts)


def render(template: Any, variables: Mapping[str, object]) -> str:
    """Render a compiled template within the bounds; raise TemplateLimit past one.

    A template given `printed_text` as its `printed_text` attribute is filled in directly
    when every variable it prints is given; otherwise Jinja2 renders it (and says what is
    wrong).
    """
    pattern = getattr(template, "printed_text", None)
    if pattern is not None:
        try:
            text: str = pattern.format_map(variables)
        except KeyError:  # a variable is missing: Jinja2 says which
            pass
        else:
            if len(text) <= MAX_SIZE:
                return text
    token = _BUDGET.set(_Budget())
    try:
        size = 0
        parts = []
        # What `template.generate` does, without copying the variables once more.
        for part in template.root_render_func(template.new_context(variables)):
            size += len(part)
            if size > MAX_SIZE:
                raise TemplateLimit(f"writes more than {MAX_SIZE:,} characters")
            parts.append(part)
        return "".join(parts)
    except RecursionError:
        raise TemplateLimit("calls itself too deeply") from None
    except MemoryError:
        raise TemplateLimit("needs more memory than a card can") from None
    finally:
        _BUDGET.reset(token)
