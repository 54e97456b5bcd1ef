package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What Cairn knows of one AWS service's wire identity: the SigV4 signing name that routes to it, the
 * protocol it speaks, and the names its responses and events carry.
 *
 * @param signingName the SigV4 credential-scope service, for example {@code sts}
 * @param eventSource the host CloudTrail names as {@code eventSource}, for example {@code sts.amazonaws.com}
 * @param protocol the wire protocol
 * @param targetPrefix for JSON protocols, the {@code X-Amz-Target} prefix before the operation name
 * @param apiVersion the API version, the query protocol's {@code Version}
 * @param xmlNamespace for the query protocol, the namespace of response documents
 * @param global true for services whose events land in us-east-1 whatever the signing region (IAM, STS)
 */
public record ServiceModel(
        String signingName,
        String eventSource,
        Protocol protocol,
        @Nullable String targetPrefix,
        String apiVersion,
        @Nullable String xmlNamespace,
        boolean global) {

    public ServiceModel {
        requireNonNull(signingName, "signingName is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(apiVersion, "apiVersion is null");
        if (protocol == Protocol.JSON_1_1 && targetPrefix == null) {
            throw new IllegalArgumentException("JSON service " + signingName + " needs a targetPrefix");
        }
        if (protocol == Protocol.QUERY && xmlNamespace == null) {
            throw new IllegalArgumentException("query service " + signingName + " needs an xmlNamespace");
        }
    }

    /** Returns a query-protocol service whose responses use {@code https://{host}/doc/{version}/}. */
    public static ServiceModel query(String signingName, String apiVersion, boolean global) {
        String host = signingName + ".amazonaws.com";
        return new ServiceModel(
                signingName,
                host,
                Protocol.QUERY,
                null,
                apiVersion,
                "https://" + host + "/doc/" + apiVersion + "/",
                global);
    }

    /** Returns a REST-JSON service routed by method and path, among the services its signing name selects. */
    public static ServiceModel restJson(String signingName, String apiVersion) {
        return new ServiceModel(
                signingName, signingName + ".amazonaws.com", Protocol.REST_JSON, null, apiVersion, null, false);
    }

    /** Returns a JSON 1.1 service routed by {@code X-Amz-Target: {targetPrefix}.{Operation}}. */
    public static ServiceModel json11(String signingName, String apiVersion, String targetPrefix) {
        return new ServiceModel(
                signingName, signingName + ".amazonaws.com", Protocol.JSON_1_1, targetPrefix, apiVersion, null, false);
    }
}
