"""The staff side of identity: password + TOTP sign-in, enrolment, backup codes, roles, register lookup."""
