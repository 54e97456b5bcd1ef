package dev.cairn.server.edge;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose {@code X-Forwarded-For} header Cairn believes: addresses and CIDR blocks, IPv4 or IPv6.
 * A request's client address (its event's {@code sourceIPAddress}) is the address of the peer that
 * connected, unless that peer is a trusted proxy: then it is the rightmost address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy, as nginx's {@code real_ip_recursive} takes it.
 * With no trusted proxies (the default) the header is ignored, so a client cannot claim another address.
 *
 * <p>Notes. Only the entries appended by trusted proxies can be believed: everything left of the first
 * untrusted address came from that client, which may write anything there. An entry that is not an IP
 * address (a name, {@code unknown}, garbage) ends the walk, and the address of the trusted proxy that
 * wrote it is taken. Entries may carry a port ({@code 192.0.2.1:5060}, {@code [2001:db8::1]:443}). No
 * entry is ever resolved through DNS.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private final List<Block> blocks;
    private final String spec;

    private TrustedProxies(List<Block> blocks, String spec) {
        this.blocks = List.copyOf(blocks);
        this.spec = spec;
    }

    /** Returns the setting that trusts no proxy: every event gets the connecting peer's address. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a comma-separated list of IP addresses and CIDR blocks, such as {@code
     * 10.0.0.0/8,192.0.2.10,2001:db8::/32}; a blank list trusts no proxy.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or block
     */
    public static TrustedProxies parse(String spec) {
        requireNonNull(spec, "spec is null");
        List<Block> blocks = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                if (spec.isBlank()) {
                    continue;
                }
                throw new IllegalArgumentException("trusted proxies '" + spec + "' has an empty entry");
            }
            blocks.add(Block.parse(entry));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks, spec.strip());
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * Returns the client address of a request that {@code peer} sent with these {@code X-Forwarded-For}
     * header values (each a comma-separated list; none if the header is absent).
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        requireNonNull(peer, "peer is null");
        if (blocks.isEmpty() || forwardedFor.isEmpty() || !trusts(literal(peer))) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.strip());
            }
        }
        String current = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i));
            byte[] address = literal(hop);
            if (address == null) {
                return current; // written by the trusted proxy at `current`, which is all we know
            }
            if (!trusts(address)) {
                return hop;
            }
            current = hop;
        }
        return current;
    }

    private boolean trusts(byte @Nullable [] address) {
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code hop} without a port: {@code [v6]:port} and {@code v4:port} lose it. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon); // one colon: IPv4 with a port
        }
        return hop;
    }

    /** Returns the bytes of an IP literal (IPv4-mapped IPv6 as IPv4), or null if {@code text} is not one. */
    private static byte @Nullable [] literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null; // never hand a name to InetAddress, which would look it up
        }
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return spec.isEmpty() ? "none" : spec;
    }

    /** One address or CIDR block. */
    private record Block(byte[] network, int prefixBits) {
        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException(
                        "trusted proxy '" + entry + "' is not an IP address or a CIDR block such as 10.0.0.0/8");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                String prefix = entry.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
                    throw new IllegalArgumentException(
                            "trusted proxy '" + entry + "' has a prefix length that is not from 0 to " + bits);
                }
                bits = Integer.parseInt(prefix);
            }
            return new Block(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
