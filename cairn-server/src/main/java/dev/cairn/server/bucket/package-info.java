/**
 * Where Cairn's buckets live: in the data folder ({@code <data>/buckets}), or, for the buckets an operator
 * names in a bucket configuration file, on an external S3-compatible endpoint. Start at {@link
 * dev.cairn.server.bucket.ExternalBuckets}, which reads the file ({@link
 * dev.cairn.server.bucket.BucketConfigFile}) and puts a {@link dev.cairn.server.bucket.RoutedObjectStore}
 * in front of the folder store; the trail API, trail delivery and Cairn's S3 API all use that one store.
 */
@NullMarked
package dev.cairn.server.bucket;

import org.jspecify.annotations.NullMarked;
