package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import java.io.ByteArrayInputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The XML documents of the S3 subset: the ones Cairn writes ({@code ListAllMyBucketsResult}, the two
 * {@code ListBucketResult}s, {@code LocationConstraint}, {@code Error}) and the one it reads
 * ({@code CreateBucketConfiguration}).
 *
 * <p>Element order follows what S3 sends; SDK parsers do not depend on it. Text is escaped for XML 1.0,
 * with control characters as numeric references (S3 writes keys the same way; a client that may have such
 * keys asks for {@code encoding-type=url}).
 */
final class S3Xml {
    /** The namespace of every S3 response document. */
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * The parameters of a ListObjects (v1) request, as they are echoed in its answer.
     *
     * @param urlEncoded whether {@code encoding-type=url} was asked for
     */
    record ListV1(
            String bucket,
            @Nullable String prefix,
            @Nullable String marker,
            @Nullable String delimiter,
            int maxKeys,
            boolean urlEncoded) {}

    /** The parameters of a ListObjectsV2 request, as they are echoed in its answer. */
    record ListV2(
            String bucket,
            @Nullable String prefix,
            @Nullable String delimiter,
            int maxKeys,
            @Nullable String continuationToken,
            @Nullable String startAfter,
            boolean fetchOwner,
            boolean urlEncoded) {}

    private final StringBuilder out = new StringBuilder(512);

    private S3Xml() {
        out.append(DECLARATION);
    }

    /** Returns the {@code <Error>} document of an S3 error. */
    static byte[] error(S3Exception error, String requestId, String hostId) {
        S3Xml x = new S3Xml();
        x.start("Error");
        x.element("Code", error.code());
        x.element("Message", error.getMessage());
        if (error.bucketName() != null) {
            x.element("BucketName", error.bucketName());
        }
        if (error.key() != null) {
            x.element("Key", error.key());
        }
        x.element("RequestId", requestId);
        x.element("HostId", hostId);
        x.end("Error");
        return x.bytes();
    }

    /** Returns the ListBuckets answer: the owner and its buckets, in name order. */
    static byte[] listAllMyBuckets(List<Bucket> buckets, String ownerId) {
        S3Xml x = new S3Xml();
        x.startNs("ListAllMyBucketsResult");
        x.owner(ownerId);
        x.start("Buckets");
        for (Bucket bucket : buckets) {
            x.start("Bucket");
            x.element("Name", bucket.name());
            x.element("CreationDate", ISO_MILLIS.format(bucket.created()));
            x.element("BucketRegion", bucket.region());
            x.end("Bucket");
        }
        x.end("Buckets");
        x.end("ListAllMyBucketsResult");
        return x.bytes();
    }

    /** Returns the GetBucketLocation answer: an empty element for us-east-1, as S3 answers. */
    static byte[] locationConstraint(String region) {
        S3Xml x = new S3Xml();
        if (region.equals("us-east-1")) {
            x.out.append("<LocationConstraint xmlns=\"").append(NAMESPACE).append("\"/>");
        } else {
            x.startNs("LocationConstraint");
            x.text(region);
            x.end("LocationConstraint");
        }
        return x.bytes();
    }

    /**
     * Returns the ListObjects (v1) answer. {@code NextMarker} is given whenever the page is truncated (S3
     * gives it only with a delimiter; clients take it when present and the last key otherwise).
     */
    static byte[] listObjects(ListV1 request, ObjectListing page, String ownerId) {
        S3Xml x = new S3Xml();
        boolean url = request.urlEncoded();
        x.startNs("ListBucketResult");
        x.element("Name", request.bucket());
        x.element("Prefix", encoded(request.prefix(), url));
        x.element("Marker", encoded(request.marker(), url));
        if (page.truncated() && page.nextStartAfter() != null) {
            x.element("NextMarker", encoded(page.nextStartAfter(), url));
        }
        x.element("MaxKeys", Integer.toString(request.maxKeys()));
        if (request.delimiter() != null) {
            x.element("Delimiter", encoded(request.delimiter(), url));
        }
        if (url) {
            x.element("EncodingType", "url");
        }
        x.element("IsTruncated", Boolean.toString(page.truncated()));
        x.contents(page.objects(), url, ownerId);
        x.commonPrefixes(page.commonPrefixes(), url);
        x.end("ListBucketResult");
        return x.bytes();
    }

    /** Returns the ListObjectsV2 answer; the owner is listed only when {@code fetch-owner=true}. */
    static byte[] listObjectsV2(
            ListV2 request, ObjectListing page, @Nullable String nextContinuationToken, String ownerId) {
        S3Xml x = new S3Xml();
        boolean url = request.urlEncoded();
        x.startNs("ListBucketResult");
        x.element("Name", request.bucket());
        x.element("Prefix", encoded(request.prefix(), url));
        if (request.continuationToken() != null) {
            x.element("ContinuationToken", request.continuationToken());
        }
        if (nextContinuationToken != null) {
            x.element("NextContinuationToken", nextContinuationToken);
        }
        if (request.startAfter() != null) {
            x.element("StartAfter", encoded(request.startAfter(), url));
        }
        x.element(
                "KeyCount",
                Integer.toString(page.objects().size() + page.commonPrefixes().size()));
        x.element("MaxKeys", Integer.toString(request.maxKeys()));
        if (request.delimiter() != null) {
            x.element("Delimiter", encoded(request.delimiter(), url));
        }
        if (url) {
            x.element("EncodingType", "url");
        }
        x.element("IsTruncated", Boolean.toString(page.truncated()));
        x.contents(page.objects(), url, request.fetchOwner() ? ownerId : null);
        x.commonPrefixes(page.commonPrefixes(), url);
        x.end("ListBucketResult");
        return x.bytes();
    }

    /**
     * Reads the {@code LocationConstraint} of a CreateBucket body; null when the body is empty or names
     * none. DTDs and external entities are refused.
     *
     * @throws S3Exception {@code MalformedXML} when the body is not a {@code CreateBucketConfiguration}
     */
    static @Nullable String locationConstraint(byte[] body) {
        if (isBlank(body)) {
            return null;
        }
        // The JDK's own StAX, whatever else is on the class path: Woodstox refuses ACCESS_EXTERNAL_DTD below.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                reader.nextTag();
                if (!reader.getLocalName().equals("CreateBucketConfiguration")) {
                    throw S3Error.MALFORMED_XML.exception();
                }
                String location = null;
                int depth = 1;
                while (depth > 0) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        if (depth == 2 && reader.getLocalName().equals("LocationConstraint")) {
                            location = reader.getElementText().strip();
                            depth--;
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    } else if (event == XMLStreamConstants.DTD) {
                        throw S3Error.MALFORMED_XML.exception();
                    }
                }
                return location == null || location.isEmpty() ? null : location;
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception s3) {
                throw s3;
            }
            throw S3Error.MALFORMED_XML.exception();
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String encoded(@Nullable String value, boolean url) {
        if (value == null) {
            return "";
        }
        return url ? KeyEncoding.urlEncode(value) : value;
    }

    private void contents(List<ObjectInfo> objects, boolean url, @Nullable String ownerId) {
        for (ObjectInfo object : objects) {
            start("Contents");
            element("Key", encoded(object.key(), url));
            element("LastModified", ISO_MILLIS.format(object.lastModified()));
            element("ETag", object.etag());
            element("Size", Long.toString(object.size()));
            if (ownerId != null) {
                owner(ownerId);
            }
            element("StorageClass", "STANDARD");
            end("Contents");
        }
    }

    private void commonPrefixes(List<String> prefixes, boolean url) {
        for (String prefix : prefixes) {
            start("CommonPrefixes");
            element("Prefix", encoded(prefix, url));
            end("CommonPrefixes");
        }
    }

    private void owner(String ownerId) {
        start("Owner");
        element("ID", ownerId);
        end("Owner");
    }

    private void startNs(String name) {
        out.append('<').append(name).append(" xmlns=\"").append(NAMESPACE).append("\">");
    }

    private void start(String name) {
        out.append('<').append(name).append('>');
    }

    private void end(String name) {
        out.append("</").append(name).append('>');
    }

    private void element(String name, String text) {
        start(name);
        text(text);
        end(name);
    }

    private void text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF) {
                        out.append("&#x")
                                .append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT))
                                .append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private byte[] bytes() {
        return out.toString().getBytes(UTF_8);
    }
}
