from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("devidp", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FullProfileClient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("client_id", models.CharField(max_length=100, unique=True)),
                ("jwks_uri", models.URLField()),
            ],
        ),
    ]
