"""Levels of assurance: which acr values the portal accepts.

Each identity provider names its means differently; we map them onto the three eIDAS levels (low,
substantial, high: Regulation (EU) 910/2014, art. 8). OIDC_MIN_ACR lists explicit acr values and/or a level name
("low", "substantial", "high"), which stands for every known acr of at least that level.
"""
LOW, SUBSTANTIAL, HIGH = 1, 2, 3
LEVEL_NAMES = {"low": LOW, "substantial": SUBSTANTIAL, "high": HIGH}

# Means of signing in, as staff read them next to the level ("eID (hoog)").
EID, ITSME, APP_CODE, SMS_CODE, SECURITY_CODE, PASSWORD, SELF_REGISTERED, EIDAS = (
    "eid", "itsme", "app_code", "sms_code", "security_code", "password", "self_registered", "eidas")

# One table: every acr we know, its eIDAS level and the means behind it.
KNOWN_ACRS = {
    # Federal Authentication Service (CSAM)
    "urn:be:fedict:iam:fas:Level500": (HIGH, EID),  # eID card reader
    "urn:be:fedict:iam:fas:Level450": (HIGH, ITSME),
    "urn:be:fedict:iam:fas:Level400": (SUBSTANTIAL, APP_CODE),  # mobile app / SMS code
    "urn:be:fedict:iam:fas:Level350": (SUBSTANTIAL, SECURITY_CODE),
    "urn:be:fedict:iam:fas:Level200": (LOW, PASSWORD),  # username + password
    "urn:be:fedict:iam:fas:Level100": (LOW, SELF_REGISTERED),  # unlinked self-registration
    "urn:be:fedict:iam:fas:citizen:Level100": (LOW, SELF_REGISTERED),
    # itsme
    "http://itsme.services/v2/claim/acr_advanced": (HIGH, ITSME),
    "http://itsme.services/v2/claim/acr_basic": (HIGH, ITSME),
    # Flemish government IdP (ACM/IDM)
    "urn:be:vlaanderen:authmech:eid": (HIGH, EID),
    "urn:be:vlaanderen:authmech:eidashigh": (HIGH, EIDAS),
    "urn:be:vlaanderen:authmech:itsme": (HIGH, ITSME),
    "urn:be:vlaanderen:authmech:csamtotp": (SUBSTANTIAL, APP_CODE),
    "urn:be:vlaanderen:authmech:csamsms": (SUBSTANTIAL, SMS_CODE),
    "urn:be:vlaanderen:authmech:eidassubstantial": (SUBSTANTIAL, EIDAS),
    "urn:be:vlaanderen:authmech:csampassword": (LOW, PASSWORD),
    "urn:be:vlaanderen:authmech:csamselfreg": (LOW, SELF_REGISTERED),
}
ACR_LEVELS = {acr: level for acr, (level, _means) in KNOWN_ACRS.items()}


def level_of(acr: str | None) -> int | None:
    return ACR_LEVELS.get(acr or "")


def is_accepted(acr: str | None, accepted: list[str]) -> bool:
    """True when ``acr`` is listed explicitly or reaches a level named in ``accepted``.

    An empty list accepts every sign-in (only sensible for a provider that knows no levels).
    """
    if not accepted:
        return True
    if not acr:
        return False
    if acr in accepted:
        return True
    level = level_of(acr)
    thresholds = [LEVEL_NAMES[item.lower()] for item in accepted if item.lower() in LEVEL_NAMES]
    return level is not None and any(level >= threshold for threshold in thresholds)
