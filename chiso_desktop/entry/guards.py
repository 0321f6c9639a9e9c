"""What stands in the way of a big step, listed before the step is taken.

A guard has *blocking* obstacles (the step is refused until they are fixed)
and *warnings* (the step may go ahead once a person confirmed it). The GUI
shows both and asks; the core operations keep refusing what is blocking, so
a guard is advice shown early, never the only check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiso_desktop.entry.form import FormState
from chiso_desktop.i18n import _

MAX_LISTED = 12


@dataclass(frozen=True)
class Obstacle:
    code: str
    text: str


@dataclass
class Guard:
    blocking: list[Obstacle] = field(default_factory=list)
    warnings: list[Obstacle] = field(default_factory=list)

    @property
    def clear(self) -> bool:
        return not self.blocking and not self.warnings


def _missing(form: FormState) -> list[Obstacle]:
    return [Obstacle(r.code, _("{code} {label}: no value yet").format(code=r.code,
                                                                        label=r.label))
            for r in form.missing_inputs]


def _issues(form: FormState, issues: list) -> list[Obstacle]:
    return [Obstacle(i.code, f"{i.code}: {i.message}") for i in issues]


def mark_ready_guard(form: FormState) -> Guard:
    """"Mark ready": errors and unexplained warnings block; empty items need a confirmation."""
    return Guard(blocking=_issues(form, form.errors) + [
        Obstacle(o.code, _("{text} — add a note that explains it").format(text=o.text))
        for o in _issues(form, form.unexplained_warnings)], warnings=_missing(form))


def export_guard(form: FormState) -> Guard:
    """Export: errors block; warnings without a note and empty items need a confirmation."""
    return Guard(blocking=_issues(form, form.errors),
                 warnings=[Obstacle(o.code, _("{text} — no note explains it").format(
                     text=o.text)) for o in _issues(form, form.unexplained_warnings)]
                 + _missing(form))


def listing(obstacles: list[Obstacle], limit: int = MAX_LISTED) -> list[str]:
    """The first ``limit`` lines, then how many more there are."""
    lines = [o.text for o in obstacles[:limit]]
    if len(obstacles) > limit:
        lines.append(_("… and {n} more").format(n=len(obstacles) - limit))
    return lines
