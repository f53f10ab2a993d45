"""Every code the app can meet has its words, in Persian and in English."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import pytest

from desktop.api_client.models import AgencyKind, Gender, InquiryStatus, InsuranceKind, PensionKind
from desktop.core import wording
from desktop.core.certificates import CheckOutcome, Verdict
from desktop.core.certificates.verify import IMAGE_CHECKS, PDF_CHECKS
from desktop.core.jobs import Outcome
from desktop.core.national_id import Invalid


def codes(values: Iterable[object]) -> set[str]:
    return {str(v.value if isinstance(v, enum.Enum) else v) for v in values}


@pytest.mark.parametrize(
    ("table", "needed"),
    [
        (wording.STATUS, codes(InquiryStatus)),
        (wording.OUTCOME, codes(Outcome)),
        (wording.INSURANCE_KIND, codes(InsuranceKind)),
        (wording.PENSION_KIND, codes(PensionKind)),
        (wording.GENDER, codes(Gender)),
        (wording.AGENCY_KIND, codes(AgencyKind)),
        (wording.ID_REASON, codes(Invalid)),
        (wording.VERDICT, codes(Verdict)),
        (wording.CHECK, {name for name, _ in PDF_CHECKS + IMAGE_CHECKS}),
        (wording.CHECK_OUTCOME, codes(CheckOutcome)),
    ],
)
def test_every_code_has_both_languages(
    table: Mapping[str, wording.Words], needed: set[str]
) -> None:
    assert needed <= set(table), f"no words for {sorted(needed - set(table))}"
    for code in needed:
        fa, en = table[code]
        assert fa.strip() and en.strip(), code
        assert any("\u0600" <= ch <= "\u06ff" for ch in fa), f"{code}: not Persian: {fa!r}"
        assert en.isascii(), f"{code}: not English: {en!r}"


def test_unknown_codes_are_shown_as_they_are() -> None:
    assert wording.word(wording.STATUS, "martian", "fa") == "martian"
    assert wording.word(wording.STATUS, None, "en") == "—"
    assert wording.word(wording.STATUS, "pensioner", "en") == "Pensioner"
