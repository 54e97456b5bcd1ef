/**
 * The object-store port: buckets of keyed objects, where trails deliver log and digest files and from
 * which {@code validate-logs} reads them. Start at {@link dev.cairn.bucket.ObjectStore}. The embedded
 * implementation keeps a bucket as a folder; the scale-out one talks to any S3-compatible endpoint.
 */
@NullMarked
package dev.cairn.bucket;

import org.jspecify.annotations.NullMarked;
