"""URLs (filled in by the part that owns this app)."""
app_name = "news_staff"
urlpatterns: list = []
