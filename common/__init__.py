"""The ground floor: small shared tools every app may import; it imports none of our apps."""
