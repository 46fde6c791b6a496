"""A message's plain text on the page: paragraphs, escaped, and our own links under their words."""
from mailbox.templatetags.mailbox_text import message_html

BODY = ("Je melding is afgehandeld.\n\n"
        "Ben je tevreden? Laat het ons weten.\n"
        "Ja, ik ben tevreden: https://thuisloket.stad.be/feedback/abc/?tevreden=ja\n"
        "Nee, ik ben niet tevreden: https://thuisloket.stad.be/feedback/abc/?tevreden=nee\n"
        "Meer info: https://elders.example/pagina\n"
        "<script>alert(1)</script>")


def test_our_own_links_read_as_their_label_and_nothing_is_left_raw(settings):
    settings.PUBLIC_BASE_URL = "https://thuisloket.stad.be"
    html = message_html(BODY)
    assert '<a href="https://thuisloket.stad.be/feedback/abc/?tevreden=ja">Ja, ik ben tevreden</a>' in html
    assert '<a href="https://thuisloket.stad.be/feedback/abc/?tevreden=nee">Nee, ik ben niet tevreden</a>' in html
    assert ">https://thuisloket.stad.be/feedback" not in html  # no raw address as link text
    # Someone else's address keeps showing where it goes (a label on it is how phishing looks).
    assert 'Meer info: <a href="https://elders.example/pagina" rel="nofollow">https://elders.example/pagina</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<p>Je melding is afgehandeld.</p>")
