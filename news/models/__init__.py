"""Models of the news channel: posts with their translations, audit and reactions; e-mail followers."""
from .posts import ChannelDelivery, Post, PostEvent, PostReaction, PostTranslation, Topic
from .subscribers import Consent, EmailBatch, Subscriber

__all__ = ["ChannelDelivery", "Consent", "EmailBatch", "Post", "PostEvent", "PostReaction", "PostTranslation",
           "Subscriber", "Topic"]
