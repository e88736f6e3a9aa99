package dev.parley.platform.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a tenant-supplied URL may reach: public unicast only. IPv6 forms that embed an IPv4
 * address (mapped, compatible, 6to4, NAT64) are judged by the address they embed.
 */
final class AddressRules {

    /** Why {@code address} may not be reached, or empty if it is public. */
    static Optional<String> refusal(InetAddress address, boolean allowLoopback, boolean allowPrivate) {
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get(), allowLoopback, allowPrivate);
            }
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback address");
        }
        if (isMetadata(address)) {
            return Optional.of("cloud metadata address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast address");
        }
        if (address.isSiteLocalAddress() || isPrivateOrReserved(address.getAddress())) {
            return allowPrivate ? Optional.empty() : Optional.of("private or reserved address");
        }
        return Optional.empty();
    }

    private static boolean isMetadata(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254
                    || (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200;
        }
        // fd00:ec2::254 (AWS IMDS over IPv6)
        return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                && (b[14] & 0xff) == 0x02 && (b[15] & 0xff) == 0x54;
    }

    /** RFC 1918 is covered by isSiteLocalAddress; these are the other ranges no tenant endpoint lives in. */
    private static boolean isPrivateOrReserved(byte[] b) {
        if (b.length == 4) {
            int a = b[0] & 0xff;
            int c = b[1] & 0xff;
            return a == 0                                  // "this network"
                    || a == 100 && c >= 64 && c <= 127         // carrier-grade NAT 100.64/10
                    || a == 192 && c == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments 192.0.0/24
                    || a == 192 && c == 0 && (b[2] & 0xff) == 2 // TEST-NET-1
                    || a == 198 && (c == 18 || c == 19)        // benchmarking 198.18/15
                    || a == 198 && c == 51 && (b[2] & 0xff) == 100 // TEST-NET-2
                    || a == 203 && c == 0 && (b[2] & 0xff) == 113  // TEST-NET-3
                    || a >= 240;                               // reserved and broadcast
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc                          // unique local fc00::/7
                || first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8; // 2001:db8::/32
    }

    /** The IPv4 address inside ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d and 2002:aabb:ccdd::/48. */
    static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(allZero(b, 12, 15) || isOne(b));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 11);
        if (mapped || compatible || nat64) {
            return Optional.of(v4(b[12], b[13], b[14], b[15]));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(v4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOne(byte[] b) {
        return allZero(b, 12, 14) && b[15] == 1;
    }

    private static Inet4Address v4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private AddressRules() {
    }
}
