import pytest

from identity.oidc import assurance
from identity.oidc.assurance import is_accepted
from identity.sign_in_labels import LEVEL_LABELS, MEANS_LABELS, describe_acr


def test_level_name_accepts_every_means_at_or_above_it():
    accepted = ["substantial"]
    assert is_accepted("urn:be:fedict:iam:fas:Level500", accepted)
    assert is_accepted("urn:be:vlaanderen:authmech:csamtotp", accepted)
    assert is_accepted("http://itsme.services/v2/claim/acr_advanced", accepted)
    assert not is_accepted("urn:be:fedict:iam:fas:Level200", accepted)
    assert not is_accepted("urn:be:vlaanderen:authmech:csampassword", accepted)


def test_unknown_or_missing_acr_is_refused_when_a_minimum_is_set():
    assert not is_accepted("urn:example:unknown", ["low"])
    assert not is_accepted(None, ["substantial"])
    assert not is_accepted("", ["urn:be:fedict:iam:fas:Level500"])


def test_explicit_values_are_accepted_exactly():
    accepted = ["urn:be:fedict:iam:fas:Level450", "urn:be:fedict:iam:fas:Level500"]
    assert is_accepted("urn:be:fedict:iam:fas:Level450", accepted)
    assert not is_accepted("urn:be:fedict:iam:fas:Level400", accepted)


def test_no_minimum_accepts_everything():
    assert is_accepted(None, [])


@pytest.mark.parametrize(("acr", "label"), [
    ("urn:be:fedict:iam:fas:Level500", "eID (hoog)"),
    ("http://itsme.services/v2/claim/acr_advanced", "itsme (hoog)"),
    ("urn:be:vlaanderen:authmech:csamsms", "sms-code (substantieel)"),
    ("urn:be:fedict:iam:fas:Level200", "gebruikersnaam en wachtwoord (laag)"),
    ("", "—"),
    ("urn:example:nieuw", "onbekend aanmeldmiddel (urn:example:nieuw)"),  # the only clue, so shown
])
def test_a_sign_in_reads_as_its_means_and_level(acr, label):
    assert describe_acr(acr) == label


def test_every_known_acr_has_words_for_staff():
    for level, means in assurance.KNOWN_ACRS.values():
        assert level in LEVEL_LABELS and means in MEANS_LABELS
