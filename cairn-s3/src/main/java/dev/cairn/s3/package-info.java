/** The ObjectStore on an S3-compatible endpoint. */
@NullMarked
package dev.cairn.s3;

import org.jspecify.annotations.NullMarked;
