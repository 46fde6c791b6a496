"""URLs (filled in by the part that owns this app)."""
app_name = "chat"
urlpatterns: list = []
