"""Runs the aws CLI's own `cloudtrail validate-logs` command code over objects on disk.

Only the clients are replaced: S3 GetObject and ListObjects read the manifest's files, and CloudTrail
ListPublicKeys answers with the manifest's keys whose validity overlaps the requested range. Argument
handling, listing filters, the digest walk, every check, the output and the exit code are awscli's.

Usage: python3 awscli_validate_logs.py MANIFEST

MANIFEST is JSON: {"trailArn", "region", "startTime", "endTime", "bucket", "prefix",
  "objects": [{"bucket", "key", "file" (relative to the manifest), "metadata": {name: value}}],
  "publicKeys": [{"Value" (base64 PKCS#1 DER), "Fingerprint", "ValidityStartTime", "ValidityEndTime"
  (epoch seconds)}]}
"""

import io
import json
import os
import sys
import types

from awscli.customizations.cloudtrail.validation import CloudTrailValidateLogs
from botocore.exceptions import ClientError


def main(manifest_path):
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    objects = {(o["bucket"], o["key"]): o for o in manifest["objects"]}

    class Pages:
        def __init__(self, keys):
            self._keys = keys

        def search(self, expression):
            assert expression == "Contents[*].Key", expression
            return iter(self._keys)

    class Paginator:
        def paginate(self, Bucket, Marker, Prefix):
            return Pages(sorted(k for (b, k) in objects if b == Bucket and k.startswith(Prefix) and k > Marker))

    class S3:
        def get_object(self, Bucket, Key):
            stored = objects.get((Bucket, Key))
            if stored is None:
                raise ClientError(
                    {"Error": {"Code": "NoSuchKey", "Message": "The specified key does not exist."}}, "GetObject"
                )
            with open(os.path.join(base, stored["file"]), "rb") as f:
                body = f.read()
            return {"Body": io.BytesIO(body), "Metadata": dict(stored["metadata"])}

        def get_paginator(self, name):
            assert name == "list_objects", name
            return Paginator()

    class S3Provider:
        def get_client(self, bucket_name):
            return S3()

    class CloudTrail:
        def list_public_keys(self, StartTime, EndTime):
            start, end = StartTime.timestamp(), EndTime.timestamp()
            keys = [
                k
                for k in manifest["publicKeys"]
                if k["ValidityStartTime"] <= end and k["ValidityEndTime"] >= start
            ]
            return {"PublicKeyList": keys}

    class OfflineValidateLogs(CloudTrailValidateLogs):
        def setup_services(self, parsed_globals):
            self._source_region = parsed_globals.region
            self.s3_client_provider = S3Provider()
            self.organization_client = None
            self.cloudtrail_client = CloudTrail()

    args = types.SimpleNamespace(
        trail_arn=manifest["trailArn"],
        verbose=True,
        s3_bucket=manifest["bucket"],
        s3_prefix=manifest["prefix"],
        account_id=None,
        start_time=manifest["startTime"],
        end_time=manifest["endTime"],
    )
    parsed_globals = types.SimpleNamespace(region=manifest["region"], verify_ssl=True, endpoint_url=None)
    code = OfflineValidateLogs(None)._run_main(args, parsed_globals)
    sys.stdout.flush()
    sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
