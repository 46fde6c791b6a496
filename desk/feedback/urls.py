"""URLs (filled in by the part that owns this app)."""
app_name = "feedback"
urlpatterns: list = []
