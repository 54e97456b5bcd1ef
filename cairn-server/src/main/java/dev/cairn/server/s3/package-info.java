/**
 * The S3-compatible subset Cairn serves on its one port: buckets and objects of the {@link
 * dev.cairn.bucket.ObjectStore}, path-style, for requests whose SigV4 scope names the service {@code s3}.
 * Start at {@link dev.cairn.server.s3.S3Api}. Everything S3-specific on the wire lives here: routing by
 * path and query, S3's XML documents and errors, {@code aws-chunked} bodies with their chunk signatures
 * and trailing checksums, and the CloudTrail events of S3 calls (bucket calls as management events,
 * object calls as data events; see docs/decisions/0004-s3-data-events.md).
 */
@NullMarked
package dev.cairn.server.s3;

import org.jspecify.annotations.NullMarked;
