"""The catalog formula language: a tokenizer, a recursive-descent parser, an evaluator.

Grammar (docs/catalog-format.md, "Formula language")::

    expr     := term (("+" | "-") term)*
    term     := factor (("*" | "/") factor)*
    factor   := number | ref | func "(" args ")" | "(" expr ")" | "-" factor
    ref      := "{" FIELD_CODE "}"
    func     := sum | min | max | previous | last_year | cumulative | plan

``sum``, ``min`` and ``max`` take one or more expressions; ``previous``,
``last_year``, ``cumulative`` and ``plan`` take exactly one field reference
(they read that field in another period or table, so an expression inside
them would have no meaning).

No ``eval``: formulas come from catalogs that provinces distribute as Excel
files. Arithmetic is :class:`~decimal.Decimal` with 28 significant digits.

A result that cannot be computed (an input missing or "not applicable", a
division by zero) is a :class:`CannotCompute` value carrying the reason; it
is never zero and never an exception.

Precision: :meth:`Formula.evaluate` returns the full 28-digit result.
:func:`evaluate_fields`, which produces what the store keeps, rounds each
computed field to :data:`STORE_PLACES` (4) decimal places, half up, with
trailing zeros removed: enough to show a percentage to one decimal
(``51,9%``) and to aggregate without visible drift, and the same text on
every machine. Rounding to what is printed (one decimal for a percentage)
happens only in :func:`chiso_desktop.values.display.format_computed`.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Protocol

from chiso_desktop.catalog.model import Field
from chiso_desktop.i18n import _
from chiso_desktop.values.state import ValueState

STORE_PLACES = 4
MAX_DEPTH = 100
MAX_TOKENS = 1000
"""Length limit, so that evaluating a long left-leaning chain never exhausts the stack."""
"""Nesting limit for parentheses, unary minus and calls, far beyond any printed formula."""
DECIMAL_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

AGGREGATES = frozenset({"sum", "min", "max"})
LOOKUPS = frozenset({"previous", "last_year", "cumulative", "plan"})
SAME_PERIOD_LOOKUPS = frozenset({"cumulative"})
"""Lookups whose value includes the current period (cycle detection counts them)."""

Lookup = Decimal | ValueState | None
"""What a context returns: a number, ``ValueState.NOT_APPLICABLE``, or None when missing."""


class FormulaError(ValueError):
    """A formula that does not follow the grammar, or computed fields that depend on each other."""


@dataclass(frozen=True)
class CannotCompute:
    """A computed item with no value, and why (shown to the user)."""

    reason: str
    code: str = ""
    """The input field at fault, when there is one."""


class FormulaContext(Protocol):
    """Where a formula reads its inputs for one organisation unit and period.

    Each method returns a Decimal, ``ValueState.NOT_APPLICABLE``, or None
    when there is no value. ``cumulative`` is the sum over the year to date,
    this period included. ``value`` may also answer ``CannotCompute`` for a computed
    field that could not be computed (:class:`OverlayContext`), which stops the formula
    with that reason.
    """

    def value(self, code: str) -> Lookup | CannotCompute: ...
    def previous(self, code: str) -> Lookup: ...
    def last_year(self, code: str) -> Lookup: ...
    def cumulative(self, code: str) -> Lookup: ...
    def plan(self, code: str) -> Lookup: ...


@dataclass
class MappingContext:
    """A :class:`FormulaContext` over plain dictionaries (tests, previews, imports)."""

    values: Mapping[str, Lookup] = field(default_factory=dict)
    previous_values: Mapping[str, Lookup] = field(default_factory=dict)
    last_year_values: Mapping[str, Lookup] = field(default_factory=dict)
    cumulative_values: Mapping[str, Lookup] = field(default_factory=dict)
    plan_values: Mapping[str, Lookup] = field(default_factory=dict)

    def value(self, code: str) -> Lookup:
        return self.values.get(code)

    def previous(self, code: str) -> Lookup:
        return self.previous_values.get(code)

    def last_year(self, code: str) -> Lookup:
        return self.last_year_values.get(code)

    def cumulative(self, code: str) -> Lookup:
        return self.cumulative_values.get(code)

    def plan(self, code: str) -> Lookup:
        return self.plan_values.get(code)


# --- syntax tree ------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Num | Ref | Neg | BinOp | Call


# --- tokenizer --------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # number | ref | name | op | ( | ) | , | end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "+-*/":
            tokens.append(_Token("op", c, i))
            i += 1
        elif c in "(),":
            tokens.append(_Token(c, c, i))
            i += 1
        elif "0" <= c <= "9" or c == ".":
            j = i
            while j < n and ("0" <= text[j] <= "9" or text[j] == "."):
                j += 1
            literal = text[i:j]
            if literal.count(".") > 1 or literal.startswith(".") or literal.endswith("."):
                raise FormulaError(
                    _("Formula: “{number}” at position {pos} is not a number.").format(
                        number=literal, pos=i + 1
                    )
                )
            tokens.append(_Token("number", literal, i))
            i = j
        elif c == "{":
            j = text.find("}", i + 1)
            if j < 0:
                raise FormulaError(
                    _("Formula: the field reference at position {pos} has no closing }}.").format(
                        pos=i + 1
                    )
                )
            code = text[i + 1 : j].strip()
            if not code or any(ch in code for ch in "{}() ,"):
                raise FormulaError(
                    _("Formula: “{ref}” at position {pos} is not a field code.").format(
                        ref=text[i : j + 1], pos=i + 1
                    )
                )
            tokens.append(_Token("ref", code, i))
            i = j + 1
        elif c.isascii() and (c.isalpha() or c == "_"):
            j = i
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(_Token("name", text[i:j], i))
            i = j
        else:
            raise FormulaError(
                _("Formula: unexpected “{char}” at position {pos}.").format(char=c, pos=i + 1)
            )
    tokens.append(_Token("end", "", n))
    return tokens


# --- parser -----------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        if len(self.tokens) > MAX_TOKENS:
            raise FormulaError(_("Formula: it is too long."))
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str) -> _Token:
        tok = self.take()
        if tok.kind != kind:
            raise self.error(tok, kind)
        return tok

    def error(self, tok: _Token, wanted: str = "") -> FormulaError:
        if tok.kind == "end":
            return FormulaError(_("Formula: it ends too early."))
        found = "{" + tok.text + "}" if tok.kind == "ref" else tok.text
        if wanted:
            return FormulaError(
                _("Formula: expected “{wanted}” at position {pos}, found “{found}”.").format(
                    wanted=wanted, pos=tok.pos + 1, found=found
                )
            )
        return FormulaError(
            _("Formula: unexpected “{found}” at position {pos}.").format(
                found=found, pos=tok.pos + 1
            )
        )

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise self.error(tok)
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.take().text
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(_("Formula: it is nested too deeply."))
        try:
            return self._factor()
        finally:
            self.depth -= 1

    def _factor(self) -> Node:
        tok = self.take()
        if tok.kind == "number":
            return Num(Decimal(tok.text))
        if tok.kind == "ref":
            return Ref(tok.text)
        if tok.kind == "op" and tok.text == "-":
            return Neg(self.factor())
        if tok.kind == "(":
            node = self.expr()
            self.expect(")")
            return node
        if tok.kind == "name":
            return self.call(tok)
        raise self.error(tok)

    def call(self, name_tok: _Token) -> Node:
        name = name_tok.text
        if name not in AGGREGATES and name not in LOOKUPS:
            raise FormulaError(
                _("Formula: unknown function “{name}” at position {pos}; known: {known}.").format(
                    name=name,
                    pos=name_tok.pos + 1,
                    known=", ".join(sorted(AGGREGATES | LOOKUPS)),
                )
            )
        self.expect("(")
        if self.peek().kind == ")":
            raise FormulaError(
                _("Formula: {name}() needs an argument.").format(name=name)
            )
        args = [self.expr()]
        while self.peek().kind == ",":
            self.take()
            args.append(self.expr())
        self.expect(")")
        if name in LOOKUPS and (len(args) != 1 or not isinstance(args[0], Ref)):
            raise FormulaError(
                _("Formula: {name}() takes exactly one field reference, such as {name}({{A.1.1}}).")
                .format(name=name)
            )
        return Call(name, tuple(args))


# --- evaluation -------------------------------------------------------------


class _Stop(Exception):
    """Internal control flow carrying a CannotCompute; never escapes :meth:`Formula.evaluate`."""

    def __init__(self, result: CannotCompute) -> None:
        self.result = result


def _missing_reason(source: str, name: str) -> str:
    # Each message spelled out so that message extraction finds it.
    if source == "previous":
        return _("{field} has no value for the previous period.").format(field=name)
    if source == "last_year":
        return _("{field} has no value for the same period last year.").format(field=name)
    if source == "cumulative":
        return _("{field} has no total for the year to date.").format(field=name)
    if source == "plan":
        return _("{field} has no plan value for the year.").format(field=name)
    return _("{field} has no value.").format(field=name)


@dataclass(frozen=True)
class Formula:
    text: str
    tree: Node

    @property
    def references(self) -> frozenset[str]:
        """Every field code the formula reads, including inside functions."""
        return frozenset(_refs(self.tree, same_period_only=False))

    @property
    def current_references(self) -> frozenset[str]:
        """Codes read in the current period (not via previous/last_year/plan)."""
        return frozenset(_refs(self.tree, same_period_only=True))

    def evaluate(
        self, ctx: FormulaContext, labels: Mapping[str, str] | None = None
    ) -> Decimal | CannotCompute:
        """The full-precision result, or why there is none."""
        names = labels or {}
        try:
            with localcontext(DECIMAL_CONTEXT):
                return +_eval(self.tree, ctx, names)
        except _Stop as stop:
            return stop.result
        except (Overflow, InvalidOperation):
            return CannotCompute(_("The result is too large to compute."))

    def ratio_parts(self) -> tuple[str, str] | None:
        """(part, whole) when the formula is a percentage ratio ``{b} / {a} * 100``."""
        t = self.tree
        hundred = Num(Decimal(100))

        def is_hundred(node: Node) -> bool:
            return isinstance(node, Num) and node.value == hundred.value

        if isinstance(t, BinOp) and t.op == "*":
            for ratio, factor in ((t.left, t.right), (t.right, t.left)):
                if (
                    is_hundred(factor)
                    and isinstance(ratio, BinOp)
                    and ratio.op == "/"
                    and isinstance(ratio.left, Ref)
                    and isinstance(ratio.right, Ref)
                ):
                    return ratio.left.code, ratio.right.code
        if isinstance(t, BinOp) and t.op == "/" and isinstance(t.right, Ref):
            top = t.left
            if isinstance(top, BinOp) and top.op == "*":
                for ref, factor in ((top.left, top.right), (top.right, top.left)):
                    if isinstance(ref, Ref) and is_hundred(factor):
                        return ref.code, t.right.code
        return None

    def sum_parts(self) -> tuple[str, ...] | None:
        """The summed codes when the formula is a plain sum of references."""
        t = self.tree
        if isinstance(t, Call) and t.name == "sum" and all(isinstance(a, Ref) for a in t.args):
            return tuple(a.code for a in t.args if isinstance(a, Ref))
        codes: list[str] = []

        def walk(node: Node) -> bool:
            if isinstance(node, Ref):
                codes.append(node.code)
                return True
            return isinstance(node, BinOp) and node.op == "+" and walk(node.left) and walk(node.right)

        return tuple(codes) if isinstance(t, BinOp) and walk(t) else None


def _refs(node: Node, same_period_only: bool) -> set[str]:
    if isinstance(node, Ref):
        return {node.code}
    if isinstance(node, Num):
        return set()
    if isinstance(node, Neg):
        return _refs(node.operand, same_period_only)
    if isinstance(node, BinOp):
        return _refs(node.left, same_period_only) | _refs(node.right, same_period_only)
    if same_period_only and node.name in LOOKUPS and node.name not in SAME_PERIOD_LOOKUPS:
        return set()
    found: set[str] = set()
    for arg in node.args:
        found |= _refs(arg, same_period_only)
    return found


def _lookup(ctx: FormulaContext, source: str, code: str, names: Mapping[str, str]) -> Decimal:
    result = getattr(ctx, source)(code)
    name = f"{code} {names[code]}" if names.get(code) else code
    if isinstance(result, CannotCompute):
        raise _Stop(
            CannotCompute(
                _("{field} cannot be computed: {reason}").format(field=name, reason=result.reason),
                result.code or code,
            )
        )
    if result == ValueState.NOT_APPLICABLE:
        raise _Stop(
            CannotCompute(_("{field} is “not applicable” in this period.").format(field=name), code)
        )
    if result is None or result == ValueState.MISSING:
        raise _Stop(CannotCompute(_missing_reason(source, name), code))
    if not isinstance(result, Decimal):
        try:
            result = Decimal(str(result))
        except InvalidOperation:
            result = Decimal("NaN")
    if not result.is_finite():
        raise _Stop(CannotCompute(_missing_reason(source, name), code))
    return result


def _eval(node: Node, ctx: FormulaContext, names: Mapping[str, str]) -> Decimal:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return _lookup(ctx, "value", node.code, names)
    if isinstance(node, Neg):
        return -_eval(node.operand, ctx, names)
    if isinstance(node, BinOp):
        left = _eval(node.left, ctx, names)
        right = _eval(node.right, ctx, names)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if right.is_zero():
            if isinstance(node.right, Ref):
                code = node.right.code
                name = f"{code} {names[code]}" if names.get(code) else code
                raise _Stop(
                    CannotCompute(_("Division by zero: {field} is 0.").format(field=name), code)
                )
            raise _Stop(CannotCompute(_("Division by zero.")))
        return left / right
    if node.name in LOOKUPS:
        ref = node.args[0]
        assert isinstance(ref, Ref)
        return _lookup(ctx, node.name, ref.code, names)
    values = [_eval(arg, ctx, names) for arg in node.args]
    if node.name == "sum":
        total = Decimal(0)
        for v in values:
            total += v
        return total
    return min(values) if node.name == "min" else max(values)


def compile_formula(text: str) -> Formula:
    """Parse ``text``; raise :class:`FormulaError` saying where it goes wrong."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(_("Formula: it is empty."))
    return Formula(text, _Parser(text).parse())


# --- all computed fields of a form --------------------------------------------


def round_for_storage(value: Decimal) -> Decimal:
    """Round to :data:`STORE_PLACES`, half up, and drop trailing zeros (12.0000 → 12)."""
    with localcontext(DECIMAL_CONTEXT):
        try:
            rounded = value.quantize(Decimal(1).scaleb(-STORE_PLACES), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more than 28 digits before the point: keep as is
            return value
        if rounded == rounded.to_integral_value():
            return rounded.quantize(Decimal(1))
        return rounded.normalize()


class OverlayContext:
    """A context whose ``value`` answers from ``values`` first, then from ``base``.

    Used for computed fields reading each other's results, and by validation
    to evaluate a form with the numbers being entered before they are saved.
    """

    def __init__(self, base: FormulaContext,
                 values: Mapping[str, Decimal | CannotCompute]) -> None:
        self.base = base
        self.values = values

    def value(self, code: str) -> Lookup | CannotCompute:
        if code in self.values:
            return self.values[code]
        return self.base.value(code)

    def previous(self, code: str) -> Lookup:
        return self.base.previous(code)

    def last_year(self, code: str) -> Lookup:
        return self.base.last_year(code)

    def cumulative(self, code: str) -> Lookup:
        return self.base.cumulative(code)

    def plan(self, code: str) -> Lookup:
        return self.base.plan(code)


def compile_fields(fields: Iterable[Field]) -> dict[str, Formula]:
    """Compile every computed field's formula; errors name the field."""
    compiled: dict[str, Formula] = {}
    for f in fields:
        if not f.computed:
            continue
        try:
            compiled[f.code] = compile_formula(f.formula)
        except FormulaError as exc:
            raise FormulaError(f"{f.code}: {exc}") from None
    return compiled


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Computed codes so that each comes after the computed fields it reads."""
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for code, formula in formulas.items():
        sorter.add(code, *(r for r in formula.current_references if r in formulas))
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as exc:
        cycle = exc.args[1] if len(exc.args) > 1 else []
        raise FormulaError(
            _("Computed fields depend on each other in a circle: {cycle}.").format(
                cycle=" → ".join(cycle)
            )
        ) from None


def evaluate_fields(
    fields: Iterable[Field], ctx: FormulaContext
) -> dict[str, Decimal | CannotCompute]:
    """Compute every computed field of a form, in dependency order, rounded for storage.

    A computed field may read another computed field of the same form; it then
    sees that field's stored (rounded) result. Raises :class:`FormulaError`
    for a bad formula or a cycle.
    """
    field_list = list(fields)
    labels = {f.code: f.label for f in field_list}
    formulas = compile_fields(field_list)
    results: dict[str, Decimal | CannotCompute] = {}
    overlay = OverlayContext(ctx, results)
    for code in evaluation_order(formulas):
        result = formulas[code].evaluate(overlay, labels)  # type: ignore[arg-type]
        results[code] = round_for_storage(result) if isinstance(result, Decimal) else result
    return results
