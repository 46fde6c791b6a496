"""E-mail to the one address: read from its mailbox (IMAP or Maildir) into conversations and cases."""
