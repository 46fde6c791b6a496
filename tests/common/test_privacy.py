"""The privacy guard (common.privacy): national numbers, IBANs and card numbers are found and masked."""
import pytest

from common.privacy import CARD, IBAN, NATIONAL_NUMBER, guess_language, mask

NATIONAL = "85073003328"  # a valid national number (check digits) for a fictional person


@pytest.mark.parametrize("written", [
    "85073003328", "85.07.30-033.28", "85 07 30 033 28", "850730-033-28", "85.07.30 - 033.28", "850730/033/28",
])
def test_national_numbers_in_every_usual_notation_are_masked(written):
    result = mask(f"Mijn rijksregisternummer is {written}, alstublieft.")
    assert result.found == (NATIONAL_NUMBER,)
    assert "".join(ch for ch in written if ch.isdigit()) not in result.text.replace(".", "").replace(" ", "")
    assert result.text.startswith("Mijn rijksregisternummer is *")
    assert result.text.endswith(", alstublieft.")
    assert result.text.count("*") == 11


def test_a_bis_number_is_masked_too():
    assert mask("nummer 40000095579").found == (NATIONAL_NUMBER,)  # month + 40: a BIS number


@pytest.mark.parametrize("text", [
    "Bel me op 0470 12 34 56",  # a mobile number
    "Bel me op +32 470 12 34 56",
    "Het gebeurde op 12.05.2026 om 14.30",
    "Mijn melding M-2026-ABCDEF gaat over huisnummer 112",
    "85073003329",  # eleven digits with wrong check digits
    "Postcode 9000 en 9050",
])
def test_ordinary_numbers_are_left_alone(text):
    result = mask(text)
    assert result.found == ()
    assert result.text == text


@pytest.mark.parametrize("written", ["BE71 0961 2345 6769", "BE71096123456769", "be71 0961 2345 6769",
                                     "NL91 ABNA 0417 1643 00", "BE71-0961-2345-6769"])
def test_ibans_are_masked(written):
    result = mask(f"Stort op {written} graag")
    assert result.found == (IBAN,)
    assert result.text.endswith(" graag") and "0961" not in result.text and "ABNA" not in result.text


def test_an_iban_with_wrong_check_digits_is_left_alone():
    assert mask("BE72 0961 2345 6769").found == ()


@pytest.mark.parametrize("written", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
                                     "6703 4444 4444 4449"])
def test_card_numbers_are_masked(written):
    result = mask(f"kaart {written} vervalt 12/28")
    assert result.found == (CARD,)
    assert result.text.endswith("vervalt 12/28")


def test_several_numbers_in_one_message_are_all_masked():
    result = mask(f"RRN {NATIONAL} en rekening BE71 0961 2345 6769, tel 0470 12 34 56")
    assert set(result.found) == {NATIONAL_NUMBER, IBAN}
    assert result.text.endswith("tel 0470 12 34 56")
    assert NATIONAL not in result.text


def test_long_digit_runs_do_not_blow_up():
    mask("1 " * 5000 + "x")
    mask("1" * 20000)


@pytest.mark.parametrize(("text", "language"), [
    ("Goedemorgen, de lamp in mijn straat is kapot", "nl"),
    ("Bonjour, la lampe de ma rue est cassée, merci", "fr"),
    ("Hello, the street light is broken, thanks", "en"),
    ("👍", "nl"),
    ("", "nl"),
])
def test_the_language_of_a_new_conversation_is_guessed_from_its_first_message(text, language):
    assert guess_language(text) == language


# --- end to end ---------------------------------------------------------------------------------------------
