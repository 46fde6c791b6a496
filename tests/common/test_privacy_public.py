"""Public text (common.privacy.mask_public, PUBLIC_KINDS): phone numbers and e-mail addresses are masked too,
and dates, case references, house numbers, postcodes and times are not."""
import pytest

from common.privacy import CARD, DEFAULT_KINDS, EMAIL, IBAN, NATIONAL_NUMBER, PHONE, PUBLIC_KINDS, mask, mask_public


@pytest.mark.parametrize("written", [
    "+32 471 23 45 67", "+32471234567", "0471 23 45 67", "0471/23.45.67", "0471234567", "0471-23-45-67",
    "09 123 45 67", "09/123.45.67", "091234567", "+32 9 123 45 67", "+32 (0)9 123 45 67", "0032 9 123 45 67",
    "+31 6 12345678", "06-12345678", "+33 6 12 34 56 78", "+44 20 7946 0958",
])
def test_phone_numbers_are_masked_in_public_text(written):
    result = mask(f"Bel me op {written}, na 17 uur.", PUBLIC_KINDS)
    assert result.found == (PHONE,)
    assert not any(ch.isdigit() for ch in result.text.split("op ", 1)[1].split(",", 1)[0])
    assert result.text.startswith("Bel me op ")
    assert result.text.endswith(", na 17 uur.")


@pytest.mark.parametrize("text", [
    "Het gebeurde op 12.05.2026 om 14.30",
    "Op 01/02/2026 om 09:30 en op 1.2.26 om 9u30",
    "Van 12-03-2026 - 14-03-2026",
    "Mijn melding M-2026-AB12CD gaat over huisnummer 112",
    "Kerkstraat 12, 9000 Gent",
    "Kerkstraat 12 bus 3, 9999 Stad Voorbeeld",
    "al 3 weken, 25 m lang, 2 keer",
    "De paal staat op 51,0301 3,4202",
])
def test_dates_references_addresses_and_times_stay(text):
    result = mask(text, PUBLIC_KINDS)
    assert result.text == text
    assert result.found == ()


def test_a_house_number_before_a_phone_number_stays():
    assert mask_public("Kerkstraat 5 0471 23 45 67") == "Kerkstraat 5 **** ** ** **"


@pytest.mark.parametrize("written", ["jan.peeters@example.be", "J.Peeters+melding@mail.stad-voorbeeld.be"])
def test_email_addresses_are_masked_in_public_text(written):
    result = mask(f"Mail naar {written}.", PUBLIC_KINDS)
    assert result.found == (EMAIL,)
    assert written not in result.text
    assert "@" in result.text and result.text.startswith("Mail naar *") and result.text.endswith(".")


def test_every_kind_in_one_public_text():
    text = ("Rijksregister 85.07.30-033.28, rekening BE68 5390 0754 7034, kaart 4111 1111 1111 1111, "
            "gsm 0471 23 45 67, mail jan@example.be, melding M-2026-AB12CD op 12.05.2026, 9000 Gent")
    result = mask(text, PUBLIC_KINDS)
    assert result.found == (NATIONAL_NUMBER, IBAN, CARD, PHONE, EMAIL)
    for secret in ("85.07.30-033.28", "BE68", "4111", "0471", "jan@example.be"):
        assert secret not in result.text
    assert result.text.endswith("melding M-2026-AB12CD op 12.05.2026, 9000 Gent")


def test_a_national_number_is_not_taken_for_a_phone_number():
    # Born in 2005: the number starts with 0, and its first nine digits could look like a phone number.
    result = mask("nummer 05.03.12-123.60 of 05031212360", PUBLIC_KINDS)
    assert result.found == (NATIONAL_NUMBER, NATIONAL_NUMBER)
    assert result.text == "nummer **.**.**-***.** of ***********"


def test_chat_and_whatsapp_default_leaves_contact_details():
    assert DEFAULT_KINDS == (NATIONAL_NUMBER, IBAN, CARD)
    text = "Bel me op 0471 23 45 67 of mail jan@example.be"
    assert mask(text).text == text
    assert mask(text).found == ()


def test_mask_public_accepts_empty_text():
    assert mask_public("") == ""
    assert mask_public(None) == ""
