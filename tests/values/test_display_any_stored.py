"""Issue 12: whatever a store holds, display never raises (an older database may hold values
from before the door's digit limit)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop.catalog.model import Choice, Field, FieldType
from chiso_desktop.values.display import format_computed, format_value
from tests.support.examples import example_count

FIELDS = [Field(code=f"X.{t.value}", label="x", type=t,
                choices=(Choice("0", "Không"), Choice("1", "Có")) if t is FieldType.CHOICE
                else ()) for t in FieldType]
stored_text = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: format(d, "f")),
    st.text(max_size=40), st.sampled_from(["-0", "0007", "1" * 40, "1E+40", "NaN", "", "."]))


@settings(max_examples=example_count(300), deadline=None)
@given(st.sampled_from(FIELDS), stored_text, st.sampled_from(["value", "not-applicable",
                                                               "missing", "error"]),
       st.sampled_from(["vi", "en"]))
def test_every_stored_state_renders(field: Field, value: str, state: str, lang: str) -> None:
    shown = format_value(value, field, lang, state=state)
    assert isinstance(shown, str)
    if state == "value" and value:
        assert shown, "an accepted value is never shown as nothing"


@settings(max_examples=example_count(200), deadline=None)
@given(st.sampled_from(FIELDS[:4]), st.decimals(allow_nan=False, allow_infinity=False))
def test_every_computed_number_renders(field: Field, number: Decimal) -> None:
    assert isinstance(format_computed(number, field, "vi"), str)
