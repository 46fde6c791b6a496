"""Belgian conventions on top of Django's locale formats (settings.FORMAT_MODULE_PATH = "portal.formats").

Django looks here first and falls back to django.conf.locale for whatever a module leaves out. French needs
nothing: Django's "fr" already writes "23 novembre 2026", "23/11/2026", 24 h and a decimal comma.
"""
