"""The standard reasons (Signalen-like), in Dutch with French and English; editable in the admin."""
from django.db import migrations

# code, nl, fr, en, for_satisfied, reopens_when_unhappy, order
REASONS = [
    ("snel-opgelost", "Het is snel opgelost", "Cela a été résolu rapidement", "It was solved quickly",
     True, False, 10),
    ("goed-op-de-hoogte", "Ik werd goed op de hoogte gehouden", "On m'a bien tenu au courant",
     "I was kept well informed", True, False, 20),
    ("vriendelijk-duidelijk", "Vriendelijk en duidelijk antwoord", "Réponse aimable et claire",
     "Friendly and clear answer", True, False, 30),
    ("niet-opgelost", "Het probleem is niet opgelost", "Le problème n'est pas résolu", "The problem is not solved",
     False, True, 10),
    ("te-lang", "Het duurde te lang", "Cela a pris trop de temps", "It took too long", False, False, 20),
    ("geen-duidelijk-antwoord", "Ik kreeg geen duidelijk antwoord", "Je n'ai pas reçu de réponse claire",
     "I did not get a clear answer", False, False, 30),
    ("niet-op-de-hoogte", "Ik werd niet op de hoogte gehouden", "On ne m'a pas tenu au courant",
     "I was not kept informed", False, False, 40),
]


def add_reasons(apps, schema_editor):
    FeedbackReason = apps.get_model("desk_feedback", "FeedbackReason")
    for code, nl, fr, en, satisfied, reopens, order in REASONS:
        FeedbackReason.objects.update_or_create(code=code, defaults={
            "text": nl, "text_fr": fr, "text_en": en, "for_satisfied": satisfied,
            "reopens_when_unhappy": reopens, "order": order, "is_visible": True})


def remove_reasons(apps, schema_editor):
    FeedbackReason = apps.get_model("desk_feedback", "FeedbackReason")
    FeedbackReason.objects.filter(code__in=[row[0] for row in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("desk_feedback", "0001_initial")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
