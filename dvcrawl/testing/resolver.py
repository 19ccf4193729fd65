"""A DNS resolver for tests that must see a name fail to resolve without asking a DNS server
(tests touch nothing beyond loopback): IP addresses resolve to themselves, every name fails
as a name unknown to DNS does. Use with `-s TWISTED_DNS_RESOLVER=dvcrawl.testing.resolver.OfflineResolver`
(`DNS_RESOLVER` before Scrapy 2.14)."""
import ipaddress

from twisted.internet import defer
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer


@implementer(IResolverSimple)
class OfflineResolver:
    def __init__(self, reactor):
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler, reactor):
        return cls(reactor)

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout=()):
        try:
            return defer.succeed(str(ipaddress.ip_address(name)))
        except ValueError:
            return defer.fail(DNSLookupError(f"no results for hostname lookup: {name}"))
