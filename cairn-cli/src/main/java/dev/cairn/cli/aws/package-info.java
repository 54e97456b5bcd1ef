/**
 * What the CLI's commands need to call a running Cairn as an AWS client does: the credentials to sign with
 * ({@link dev.cairn.cli.aws.CredentialSource}) and a SigV4-signed JSON 1.1 caller of the CloudTrail API with
 * retries ({@link dev.cairn.cli.aws.CloudTrailClient}). Each command words the failures in its own voice.
 */
@NullMarked
package dev.cairn.cli.aws;

import org.jspecify.annotations.NullMarked;
