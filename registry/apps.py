from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Bevolkingsregister")

    def ready(self):
        # Lazy: the embedded adapter imports the models, which are ready only now. Its tables may change in any
        # process (a test, a load), whichever adapter that process reads through, so it always watches them.
        from registry.adapters.embedded import watch_changes

        watch_changes()
