package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3XmlTest {
    private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private static final Instant T = Instant.parse("2024-05-01T10:01:31.250Z");
    private static final String OWNER = "a".repeat(64);

    private static ObjectInfo object(String key) {
        return new ObjectInfo(key, 12, T, "\"0123456789abcdef0123456789abcdef\"", ObjectAttributes.NONE);
    }

    private static String text(byte[] xml) {
        return new String(xml, UTF_8);
    }

    @Test
    void errorNamesCodeMessageBucketKeyAndRequestId() {
        String xml = text(S3Xml.error(S3Error.NO_SUCH_KEY.forKey("logs", "a&b"), "4442587FB7D0A2F9", "host=="));

        assertThat(xml)
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message><BucketName>logs</BucketName>"
                        + "<Key>a&amp;b</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>host==</HostId></Error>");
    }

    @Test
    void listAllMyBucketsHasOwnerAndCreationDates() {
        String xml = text(S3Xml.listAllMyBuckets(List.of(new Bucket("logs", "123456789012", "eu-west-1", T)), OWNER));

        assertThat(xml)
                .contains("<ListAllMyBucketsResult " + NS + "><Owner><ID>" + OWNER + "</ID></Owner><Buckets>")
                .contains("<Bucket><Name>logs</Name><CreationDate>2024-05-01T10:01:31.250Z</CreationDate>"
                        + "<BucketRegion>eu-west-1</BucketRegion></Bucket>");
    }

    @Test
    void locationOfUsEast1IsAnEmptyElement() {
        assertThat(text(S3Xml.locationConstraint("us-east-1"))).endsWith("<LocationConstraint " + NS + "/>");
        assertThat(text(S3Xml.locationConstraint("eu-west-1")))
                .endsWith("<LocationConstraint " + NS + ">eu-west-1</LocationConstraint>");
    }

    @Test
    void listObjectsV1EncodesKeysMarkersAndPrefixesWhenAskedForUrl() {
        S3Xml.ListV1 request = new S3Xml.ListV1("logs", "a b/", "a b/0", "/", 2, true);
        ObjectListing page = new ObjectListing(List.of(object("a b/1€")), List.of("a b/c d/"), true, "a b/c d/");

        String xml = text(S3Xml.listObjects(request, page, OWNER));

        assertThat(xml)
                .contains("<ListBucketResult " + NS + "><Name>logs</Name><Prefix>a+b/</Prefix>"
                        + "<Marker>a+b/0</Marker><NextMarker>a+b/c+d/</NextMarker><MaxKeys>2</MaxKeys>"
                        + "<Delimiter>/</Delimiter><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>")
                .contains("<Contents><Key>a+b/1%E2%82%AC</Key><LastModified>2024-05-01T10:01:31.250Z</LastModified>"
                        + "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>12</Size><Owner><ID>"
                        + OWNER + "</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>")
                .contains("<CommonPrefixes><Prefix>a+b/c+d/</Prefix></CommonPrefixes>");
    }

    @Test
    void listObjectsV1WithoutEncodingEscapesXmlOnly() {
        S3Xml.ListV1 request = new S3Xml.ListV1("logs", null, null, null, 1000, false);
        ObjectListing page = new ObjectListing(List.of(object("a<b>\u0001")), List.of(), false, null);

        String xml = text(S3Xml.listObjects(request, page, OWNER));

        assertThat(xml)
                .contains("<Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>")
                .contains("<Key>a&lt;b&gt;&#x1;</Key>")
                .doesNotContain("NextMarker")
                .doesNotContain("EncodingType");
    }

    @Test
    void listObjectsV2CountsKeysAndPrefixesAndGivesTheNextToken() {
        S3Xml.ListV2 request = new S3Xml.ListV2("logs", "", "/", 2, "tok0", "s a", false, true);
        ObjectListing page = new ObjectListing(List.of(object("k")), List.of("p/"), true, "p/");

        String xml = text(S3Xml.listObjectsV2(request, page, "tok1", OWNER));

        assertThat(xml)
                .contains("<ContinuationToken>tok0</ContinuationToken><NextContinuationToken>tok1"
                        + "</NextContinuationToken><StartAfter>s+a</StartAfter><KeyCount>2</KeyCount>")
                .contains("<Contents><Key>k</Key>")
                .doesNotContain("<Owner>");
    }

    @Test
    void createBucketConfigurationGivesItsLocation() {
        byte[] body = ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")
                .getBytes(UTF_8);

        assertThat(S3Xml.locationConstraint(body)).isEqualTo("eu-west-1");
        assertThat(S3Xml.locationConstraint(new byte[0])).isNull();
    }

    @Test
    void documentThatIsNotACreateBucketConfigurationIsMalformed() {
        for (String body : List.of(
                "<Other/>",
                "<CreateBucketConfiguration>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<CreateBucketConfiguration><LocationConstraint>&e;</LocationConstraint>"
                        + "</CreateBucketConfiguration>")) {
            S3Exception e =
                    catchThrowableOfType(S3Exception.class, () -> S3Xml.locationConstraint(body.getBytes(UTF_8)));

            assertThat(e).as(body).isNotNull();
            assertThat(e.code()).as(body).isEqualTo("MalformedXML");
        }
    }
}
