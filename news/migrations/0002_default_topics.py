"""A first set of topics (followers choose from them; staff tag posts). Edit them in the admin."""
from django.db import migrations

TOPICS = [
    ("algemeen", "Algemeen nieuws", "Actualités générales", "General news"),
    ("werken-en-verkeer", "Werken en verkeer", "Travaux et circulation", "Roadworks and traffic"),
    ("afval-en-milieu", "Afval en milieu", "Déchets et environnement", "Waste and environment"),
    ("dienstverlening", "Dienstverlening en openingsuren", "Services et heures d'ouverture",
     "Services and opening hours"),
    ("vrije-tijd", "Vrije tijd en evenementen", "Loisirs et événements", "Leisure and events"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("news", "Topic")
    for position, (slug, nl, fr, en) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en,
                                                         "position": position})


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
