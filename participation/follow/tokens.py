"""The links of a subscription: derived from its random nonce with the site's secret key.

The database holds only the nonce, so a copy of it does not give anyone a working link; a
subscription that is deleted (unsubscribed, purged) takes every link with it, and a new one
for the same address gets a new nonce. Each purpose has its own salt, so an unsubscribe link
cannot be used to manage, nor a confirmation link to unsubscribe.

A token is ``<pk>.<hmac>``: URL-safe, no padding, nothing about the address in it.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM, UNSUBSCRIBE, MANAGE = "confirm", "unsubscribe", "manage"
_SALT = "participation.follow."


def _mac(purpose, pk, nonce):
    return salted_hmac(_SALT + purpose, f"{pk}:{nonce}", algorithm="sha256").hexdigest()[:40]


def make_token(subscription, purpose):
    return f"{subscription.pk}.{_mac(purpose, subscription.pk, subscription.nonce)}"


def read_token(token, purpose):
    """The subscription a token names, or None (malformed, forged, or no longer there)."""
    from ..models import FollowSubscription

    pk, _, mac = (token or "").partition(".")
    if not pk.isdigit() or len(pk) > 18 or len(mac) != 40:
        return None
    subscription = (
        FollowSubscription.objects.select_related("commitment").filter(pk=int(pk)).first()
    )
    if subscription is None:
        return None
    if not constant_time_compare(mac, _mac(purpose, subscription.pk, subscription.nonce)):
        return None
    return subscription
