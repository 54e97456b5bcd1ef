package dev.cairn.protocol.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bounded, thread-safe cache of SigV4 signing keys, the HMAC chain {@code AWS4+secret → date → region →
 * service → aws4_request} that would otherwise cost four HMACs per request.
 *
 * <p>A hit is one {@link ConcurrentHashMap} look-up. When the cache is full, a miss evicts arbitrary
 * entries; since the date is part of the key, yesterday's keys are the ones that stop being looked up and
 * are soon gone. Entries hold secrets, so neither the cache nor its keys print their contents.
 */
final class SigningKeyCache {
    static final int DEFAULT_MAX_ENTRIES = 4096;

    private final int maxEntries;
    private final ConcurrentHashMap<Key, SecretKeySpec> keys;

    SigningKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.keys = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
    }

    /** Returns the signing key for the scope, deriving and caching it on a miss. */
    SecretKeySpec signingKey(String secretAccessKey, String date, String region, String service) {
        Key key = new Key(secretAccessKey, date, region, service);
        SecretKeySpec found = keys.get(key);
        if (found != null) {
            return found;
        }
        SecretKeySpec derived =
                new SecretKeySpec(derive(Scratch.get().hmac, secretAccessKey, date, region, service), "HmacSHA256");
        if (keys.size() >= maxEntries) {
            evict();
        }
        SecretKeySpec raced = keys.putIfAbsent(key, derived);
        return raced != null ? raced : derived;
    }

    int size() {
        return keys.size();
    }

    private void evict() {
        int excess = keys.size() - maxEntries + 1;
        Iterator<Key> it = keys.keySet().iterator();
        while (excess-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Derives {@code kSigning} with {@code mac}, which is left initialised with an unrelated key. */
    static byte[] derive(Mac mac, String secretAccessKey, String date, String region, String service) {
        byte[] k = ("AWS4" + secretAccessKey).getBytes(UTF_8);
        k = hmac(mac, k, date);
        k = hmac(mac, k, region);
        k = hmac(mac, k, service);
        return hmac(mac, k, SigV4Verifier.TERMINATOR);
    }

    private static byte[] hmac(Mac mac, byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 rejected a " + key.length + "-byte key", e);
        }
        return mac.doFinal(data.getBytes(UTF_8));
    }

    @Override
    public String toString() {
        return "SigningKeyCache[" + keys.size() + "/" + maxEntries + " entries]";
    }

    /** The cache key: the secret and the scope. Holds a secret, so it keeps Object's toString. */
    private static final class Key {
        private final String secret;
        private final String date;
        private final String region;
        private final String service;
        private final int hash;

        Key(String secret, String date, String region, String service) {
            this.secret = secret;
            this.date = date;
            this.region = region;
            this.service = service;
            this.hash = ((secret.hashCode() * 31 + date.hashCode()) * 31 + region.hashCode()) * 31 + service.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && hash == k.hash
                    && secret.equals(k.secret)
                    && date.equals(k.date)
                    && region.equals(k.region)
                    && service.equals(k.service);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
