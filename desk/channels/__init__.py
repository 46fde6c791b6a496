"""The desk's channels: the web chat, WhatsApp and e-mail. Each brings messages in as conversations or
case reactions and takes our answers out (``desk.cases.outbox``)."""
