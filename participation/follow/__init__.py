"""«Seguir este compromiso»: e-mail notices of a commitment's approved changes.

A citizen leaves an address on ``/compromisos/<slug>/seguir/`` (consent, Ley 1581 de 2012),
confirms it from the e-mail it receives (double opt-in) and chooses a notice per approved change
or a daily digest. When a reviewer's approval (or a direct or scheduled publication) makes a
new version of the commitment live, and it changes a milestone's status, the commitment's
status or its progress, or a monitor report about it is published for the first time, one row
per confirmed subscriber is written to the outbox (``FollowNotice``) in the publication's
transaction (``outbox``); ``manage.py send_follow_mail`` sends them from cron, so an approval
never waits on SMTP. Every message carries a one-click unsubscribe (RFC 8058) and a link to
manage the address's subscriptions. Drafts, previews and submissions for moderation publish
nothing, so they write nothing.
"""
