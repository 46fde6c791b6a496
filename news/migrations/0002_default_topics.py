"""A first set of topics (followers choose from them; staff tag posts). Edit them in the admin."""
from django.db import migrations

from news.topics import DEFAULT_TOPICS


def add_topics(apps, schema_editor):
    Topic = apps.get_model("news", "Topic")
    for position, (slug, nl, fr, en) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en,
                                                         "position": position})


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
