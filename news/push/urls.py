"""URLs (filled in by the part that owns this app)."""
app_name = "push"
urlpatterns: list = []
