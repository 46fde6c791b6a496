import logging

import pytest

from identity import nrn
from identity.logging import RedactNationalNumbers


@pytest.mark.parametrize(
    "number",
    [
        "85073003328",  # born in the 1900s
        "17073003384",  # born in 2017: check digits computed with the "2" prefix
        "93.05.18-223.61",  # written as on the eID card
        "98472899765",  # bis-number, sex known (month + 40)
        "01490700185",  # bis-number of someone born in 2001
        "00000100195",  # birth date completely unknown
    ],
)
def test_valid_national_and_bis_numbers_are_accepted(number):
    assert nrn.validate(number) == nrn.normalise(number)


@pytest.mark.parametrize("number", ["85073003327", "1234567890", "123456789012", "abcdefghijk", "", "93051822390"])
def test_wrong_check_digits_or_length_are_refused(number):
    with pytest.raises(nrn.InvalidNationalNumber):
        nrn.validate(number)


def test_bis_numbers_are_recognised():
    assert nrn.is_bis_number("98472899765")
    assert not nrn.is_bis_number("85073003328")


def test_keyed_hash_is_stable_and_does_not_contain_the_number(settings):
    first = nrn.keyed_hash("85073003328")
    assert first == nrn.keyed_hash("85073003328")
    assert "85073003328" not in first
    settings.NRN_HASH_KEY = "another-key"
    assert nrn.keyed_hash("85073003328") != first


def test_masked_and_formatted_forms():
    assert nrn.formatted("85073003328") == "85.07.30-033.28"
    assert nrn.masked("85073003328") == "85.07.30-***.**"


def test_log_lines_never_carry_a_national_number():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "resident %s signed in (%s)",
                               ("85073003328", "85.07.30-033.28"), None)
    RedactNationalNumbers().filter(record)
    assert "85073003328" not in record.getMessage()
    assert "033.28" not in record.getMessage()
