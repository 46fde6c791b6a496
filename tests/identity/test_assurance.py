from identity.oidc.assurance import is_accepted


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
