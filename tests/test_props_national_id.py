"""Properties of the national-ID rules, over generated input (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from desktop.core.digits import to_latin_digits, to_persian_digits
from desktop.core.national_id import (
    Invalid,
    InvalidNationalId,
    check_digit_ok,
    clean,
    is_valid,
    normalize,
    with_check_digit,
)

FAST = settings(max_examples=150, deadline=None)

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC = "٠١٢٣٤٥٦٧٨٩"
# What people and spreadsheets put around and inside IDs: spaces, no-break space,
# ZWNJ/ZWJ, bidi marks and embeddings, dashes.
NOISE = (
    " \t\u00a0\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069-\u2013"
)

nine = st.text("0123456789", min_size=9, max_size=9).filter(lambda s: len(set(s)) > 1)
valid_ids = nine.map(with_check_digit)


def remainder(first_nine: str) -> int:
    return sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11


@st.composite
def spelled(draw: st.DrawFn, national_id: str) -> str:
    """The ID with each digit in Latin, Persian or Arabic-Indic."""
    sets = ("0123456789", PERSIAN, ARABIC)
    return "".join(draw(st.sampled_from(sets))[int(d)] for d in national_id)


@FAST
@given(st.text(), st.booleans())
@example("1.23E+9", True)
@example("۱۲۳۴۵۶۷۸٫۰", True)
@example("'0012345679", False)
def test_normalize_raises_only_its_own_error_and_is_idempotent(raw: str, pad: bool) -> None:
    try:
        result = normalize(raw, pad=pad)
    except InvalidNationalId as exc:
        assert isinstance(exc.reason, Invalid)
        assert exc.raw == raw
        assert not is_valid(raw) or pad
        return
    assert len(result) == 10 and result.isascii() and result.isdigit()
    assert normalize(result) == result
    assert normalize(result, pad=True) == result
    assert check_digit_ok(result)


@FAST
@given(valid_ids.flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_persian_and_arabic_digits_equal_latin(case: tuple[str, str]) -> None:
    national_id, written = case
    assert normalize(written) == national_id
    assert normalize(to_persian_digits(national_id)) == national_id
    assert to_latin_digits(written) == national_id


@FAST
@given(
    valid_ids,
    st.text(NOISE, max_size=4),
    st.text(NOISE, max_size=4),
    st.lists(st.text(NOISE, max_size=2), min_size=9, max_size=9),
)
def test_noise_around_and_between_digits_is_ignored(
    national_id: str, before: str, after: str, between: list[str]
) -> None:
    assert normalize(before + national_id + after) == national_id
    interleaved = "".join(d + gap for d, gap in zip(national_id, [*between, ""], strict=True))
    assert normalize(interleaved) == national_id
    assert clean(interleaved) == national_id


# Nine digits starting with one or two zeros, then a nonzero digit.
zero_led = st.tuples(
    st.sampled_from(["0", "00"]), st.sampled_from("123456789"), st.text("0123456789", min_size=7)
).map(lambda t: with_check_digit((t[0] + t[1] + t[2])[:9]))


@FAST
@given(zero_led, st.sampled_from(["", ".0", ".00"]))
def test_leading_zeros_lost_by_a_number_cell_come_back(national_id: str, tail: str) -> None:
    number = national_id.lstrip("0")
    assert len(number) in (8, 9)
    assert normalize(number + tail, pad=True) == national_id
    with pytest.raises(InvalidNationalId) as caught:
        normalize(number)
    assert caught.value.reason is Invalid.LENGTH


@FAST
@given(valid_ids, st.integers(0, 9), st.integers(1, 9))
def test_one_changed_digit(national_id: str, position: int, step: int) -> None:
    """Any change of the check digit is caught. A change of one of the first nine is
    caught too, except when it moves the weighted sum's remainder between 1 and 10:
    the mod-11 rule gives both the check digit 1, a blind spot of the official scheme."""
    digits = list(national_id)
    digits[position] = str((int(digits[position]) + step) % 10)
    changed = "".join(digits)
    if position < 9 and {remainder(national_id[:9]), remainder(changed[:9])} == {1, 10}:
        assert is_valid(changed)
        return
    with pytest.raises(InvalidNationalId) as caught:
        normalize(changed)
    assert caught.value.reason in (Invalid.CHECKSUM, Invalid.REPEATED)


def test_the_blind_spot_exists() -> None:
    """The exception in test_one_changed_digit is real, not a loophole of the test."""
    # 100000000 has remainder 10 and check digit 1; a 3 in the second place (weight 9)
    # adds 27, remainder 1, and the check digit is 1 again.
    assert is_valid("1000000001") and is_valid("1030000001")


@FAST
@given(st.text("0123456789", min_size=1, max_size=20), st.booleans())
def test_wrong_lengths_are_named(digits: str, pad: bool) -> None:
    assume(len(digits) != 10 and not (pad and len(digits) in (8, 9)))
    with pytest.raises(InvalidNationalId) as caught:
        normalize(digits, pad=pad)
    assert caught.value.reason is Invalid.LENGTH


@FAST
@given(st.sampled_from("0123456789"))
def test_repeated_digits_are_refused_even_when_the_check_digit_fits(digit: str) -> None:
    with pytest.raises(InvalidNationalId) as caught:
        normalize(digit * 10)
    assert caught.value.reason is Invalid.REPEATED


@FAST
@given(nine)
def test_with_check_digit_makes_valid_ids(first_nine: str) -> None:
    national_id = with_check_digit(first_nine)
    assert is_valid(national_id) and national_id[:9] == first_nine
    others = [first_nine + d for d in "0123456789" if d != national_id[9]]
    assert not any(map(is_valid, others))
