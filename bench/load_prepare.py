"""Django side of bench/load.py, run as its own process (locust's gevent stays out of Django's way).

    python -m bench.load_prepare <agents>   (with bench/load.py's environment: bench.settings, DATABASE_URL...)

Makes the development seal, creates <agents> desk agents ``load-agent-<n>`` with a known password and a
confirmed TOTP device with a known key (the load signs them in through the real password + code views and
computes the codes with django_otp.oath.totp), and prints, as JSON, what the simulated users need: the
agents, the demo personas of the development provider (index = the provider's persona key) and the report category.
"""
from __future__ import annotations

import json
import secrets
import sys


def main(agents: int) -> dict:
    import django

    django.setup()
    from pathlib import Path

    from django.conf import settings
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from desk.models import Category
    from identity.models import User
    from portal.management.commands.init_dev_seal import generate_dev_seal
    from registry.demo import sign_in_personas

    # The development seal, as bench/pipeline.py makes it (the command refuses with DEBUG off).
    generate_dev_seal(Path(settings.SEAL_PKCS12_FILE).parent, city=settings.CITY_NAME)
    group = Group.objects.get(name="desk_agent")
    made = []
    for number in range(agents):
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=f"load-agent-{number}", defaults={"is_staff": True})
        user.set_password(password)
        user.save()
        user.groups.add(group)
        key = secrets.token_hex(20)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="load", confirmed=True, key=key)
        made.append({"username": user.username, "password": password, "key": key})
    personas = [{"key": str(index), "national_number": p["national_number"],
                 "name": f"{p['given_name']} {p['family_name']}"} for index, p in enumerate(sign_in_personas())]
    return {"agents": made, "personas": personas,
            "category": Category.objects.get(slug="straatverlichting").pk}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
