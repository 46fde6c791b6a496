"""The first set of topics followers choose from and staff tag posts with (migration 0002 creates them;
the demo brings them back after a flushed test database). Edit them in the admin."""

DEFAULT_TOPICS = [
    ("algemeen", "Algemeen nieuws", "Actualités générales", "General news"),
    ("werken-en-verkeer", "Werken en verkeer", "Travaux et circulation", "Roadworks and traffic"),
    ("afval-en-milieu", "Afval en milieu", "Déchets et environnement", "Waste and environment"),
    ("dienstverlening", "Dienstverlening en openingsuren", "Services et heures d'ouverture",
     "Services and opening hours"),
    ("vrije-tijd", "Vrije tijd en evenementen", "Loisirs et événements", "Leisure and events"),
]
