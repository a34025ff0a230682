"""The client's address behind proxies: the entry the last trusted proxy appended, never the
leftmost (the client writes it), and never a shared bucket for everyone behind the proxy."""

import pytest
from django.test import RequestFactory

from participation import ratelimit
from participation.ratelimit import client_address, rate_limit_identity

PROXY = "10.0.0.2"  # what REMOTE_ADDR is when a proxy stands in front


def request(forwarded=None, remote=PROXY, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


@pytest.fixture
def one_proxy(settings):
    settings.OGP_TRUSTED_PROXY_COUNT = 1
    settings.OGP_CLIENT_IP_HEADER = ""
    return settings


def test_without_trusted_proxies_headers_are_ignored(settings):
    settings.OGP_TRUSTED_PROXY_COUNT = 0
    settings.OGP_CLIENT_IP_HEADER = ""
    assert client_address(request("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"
    settings.OGP_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # named, but no proxy is trusted
    assert client_address(request(remote="198.51.100.7", HTTP_X_REAL_IP="1.1.1.1")) == (
        "198.51.100.7"
    )


def test_one_proxy_takes_the_address_it_appended(one_proxy):
    # The client sent «X-Forwarded-For: 1.1.1.1»; the proxy appended the address it saw.
    assert client_address(request("1.1.1.1, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request("198.51.100.7")) == "198.51.100.7"
    # Whatever the client writes on the left is never read.
    for spoof in ("127.0.0.1", "1.1.1.1, 2.2.2.2", "unknown", "", "::1", "<script>"):
        assert client_address(request(f"{spoof}, 198.51.100.7")) == "198.51.100.7"


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    settings.OGP_TRUSTED_PROXY_COUNT = 2
    settings.OGP_CLIENT_IP_HEADER = ""
    # client wrote 1.1.1.1; the CDN appended the client's address; the inner proxy the CDN's.
    assert client_address(request("1.1.1.1, 198.51.100.7, 192.0.2.50")) == "198.51.100.7"
    assert client_address(request("9.9.9.9, 8.8.8.8, 198.51.100.7, 192.0.2.50")) == ("198.51.100.7")
    # Fewer entries than proxies: only proxies wrote them; the leftmost is the farthest seen.
    assert client_address(request("198.51.100.7")) == "198.51.100.7"


def test_named_header_follows_the_same_rule(settings):
    settings.OGP_TRUSTED_PROXY_COUNT = 1
    settings.OGP_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request("1.1.1.1", HTTP_X_REAL_IP="198.51.100.7")) == "198.51.100.7"
    # A client that adds its own X-Real-IP: nginx appends to it (or overwrites it): rightmost.
    assert client_address(request(HTTP_X_REAL_IP="1.1.1.1, 198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    "header",
    [
        "",
        " ",
        ",,,",
        "garbage",
        "1.1.1.1, not-an-ip",
        "1.1.1.1, 999.1.1.1",
        "1.1.1.1, 1.2.3.4.5",
        "1.1.1.1, 198.51.100.7\x00",
        "1.1.1.1, " + "9" * 5000,
        ", ".join(["1.1.1.1"] * 2000),  # too long to parse
        "1.1.1.1,",  # an empty last entry
    ],
)
def test_malformed_headers_fall_back_to_remote_addr(one_proxy, header):
    assert client_address(request(header)) == PROXY


def test_ports_and_ipv6_forms(one_proxy):
    assert client_address(request("1.1.1.1, 198.51.100.7:52311")) == "198.51.100.7"
    assert client_address(request("1.1.1.1, [2001:db8::1]:443")) == "2001:db8::1"
    assert client_address(request("1.1.1.1, 2001:DB8:0:0::1")) == "2001:db8::1"
    assert client_address(request("1.1.1.1, ::ffff:198.51.100.7")) == "198.51.100.7"
    assert client_address(request(None)) == PROXY  # no header at all


def test_ipv6_addresses_share_their_64_bucket():
    assert rate_limit_identity("2001:db8:1:2::1") == rate_limit_identity("2001:db8:1:2:ffff::9")
    assert rate_limit_identity("2001:db8:1:2::1") != rate_limit_identity("2001:db8:1:3::1")
    assert rate_limit_identity("198.51.100.7") == "198.51.100.7"


def test_rotating_the_spoofed_entry_does_not_escape_the_limit(one_proxy, rate_limit_cache):
    one_proxy.OGP_RATE_LIMITS = {"report_ip": (5, 3600)}
    allowed = [
        ratelimit.hit_ip("report_ip", request(f"10.9.9.{n}, 198.51.100.7")) for n in range(15)
    ]
    assert allowed == [True] * 5 + [False] * 10


def test_citizens_behind_the_proxy_do_not_share_one_bucket(one_proxy, rate_limit_cache):
    one_proxy.OGP_RATE_LIMITS = {"report_ip": (5, 3600)}
    for _ in range(5):
        assert ratelimit.hit_ip("report_ip", request("198.51.100.7"))
    assert not ratelimit.hit_ip("report_ip", request("198.51.100.7"))
    # Another citizen, through the same proxy (same REMOTE_ADDR), still gets through.
    assert ratelimit.hit_ip("report_ip", request("198.51.100.8"))


def test_views_use_the_trusted_address(client, one_proxy, rate_limit_cache, open_consultation):
    """End to end: the vote-link form's limit follows the proxy-appended address."""
    from django.urls import reverse

    one_proxy.OGP_RATE_LIMITS = {"vote_link_ip": (2, 3600)}
    url = reverse("participation:vote_request", args=[open_consultation.slug])
    codes = [
        client.post(
            url,
            {"email": f"p{n}@example.org", "consent": "on"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"7.7.7.{n}, 198.51.100.7",
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    other = client.post(
        url,
        {"email": "otra@example.org", "consent": "on"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert other.status_code == 302
