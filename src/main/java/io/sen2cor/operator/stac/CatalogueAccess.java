package io.sen2cor.operator.stac;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import io.sen2cor.operator.validation.TenantPolicy;

/**
 * Which URLs the operator fetches for a tenant's spec.scenes (docs/security.md, "Catalogues"), as GitLab's outbound
 * request filter does: the catalogue must be under an allowed root, and every address its host resolves to must be a
 * public one (not loopback, link-local such as instance metadata and EKS Pod Identity, private, carrier-grade NAT,
 * unique-local or otherwise reserved), unless the root is one the platform team explicitly allowed to be private.
 * Checked on the resolved address before every request; the JVM caches a lookup for 30 s, so the connection that
 * follows uses the address checked here.
 */
public final class CatalogueAccess {

    /** Resolves a host name to its addresses; the JVM's resolver in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** One message for every refusal: a tenant learns nothing about the network from which rule refused it. */
    static final String REFUSED = " is not an allowed catalogue, or resolves to an address the operator does not fetch from";

    private final List<String> allowed;
    private final List<String> privateRoots;
    private final Resolver resolver;

    public CatalogueAccess(List<String> allowed, List<String> privateRoots, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.privateRoots = privateRoots == null ? List.of() : List.copyOf(privateRoots);
        this.resolver = resolver;
    }

    public static CatalogueAccess of(List<String> allowed, List<String> privateRoots) {
        return new CatalogueAccess(allowed, privateRoots, InetAddress::getAllByName);
    }

    public List<String> allowed() {
        return allowed;
    }

    /** Throws a non-retryable {@link StacSearch.CatalogueException} unless {@code url} may be fetched now. */
    public void check(String url) {
        if (!TenantPolicy.catalogueUnder(url, allowed)) {
            throw refused(url);
        }
        if (TenantPolicy.catalogueUnder(url, privateRoots)) {
            return;
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new StacSearch.CatalogueException("catalogue " + TenantPolicy.display(url) + " could not be reached", true, null);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw refused(url);
            }
        }
    }

    private static StacSearch.CatalogueException refused(String url) {
        return new StacSearch.CatalogueException("catalogue " + TenantPolicy.display(url) + REFUSED, false, null);
    }

    /** An address on the public internet: none of the special-purpose ranges of RFC 6890 and its successors. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 // this network
                    || first == 100 && (second & 0xc0) == 64 // 100.64.0.0/10 carrier-grade NAT (and some pod networks)
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // 192.0.0.0/24 protocol assignments
                    || first == 198 && (second & 0xfe) == 18 // 198.18.0.0/15 benchmarking
                    || first >= 240); // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local (fd00:ec2::254 is the instance metadata service)
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // fec0::/10 site local
            }
            boolean mapped = true; // ::ffff:a.b.c.d and the NAT64 prefix 64:ff9b::/96 carry an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (mapped || nat64) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
