#!/usr/bin/env python3
"""Writes botocore-vectors.json: requests signed by botocore's own SigV4 signers, for SigV4VerifierTest.

Run from this directory with `python3 generate_botocore_vectors.py` and commit the JSON it writes, so the
Java tests never need Python. Every vector records the request exactly as it goes on the wire (method, raw
path, raw query, header fields, body) next to the canonical request, string to sign and signature that
botocore computed, so a failing test can show which step differs.

The clock is pinned by patching botocore.auth.get_current_datetime; the credentials are the well-known
example pair from the AWS documentation.
"""

import base64
import datetime
import json
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore
import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+odd=chars"
SIGNED_AT = datetime.datetime(2026, 1, 15, 12, 34, 56)


class Recording:
    """Wraps a botocore signer class so that the canonical request and string to sign are kept."""

    def __init__(self, signer):
        self.signer = signer
        self.canonical_request = None
        self.string_to_sign = None
        original_cr = signer.canonical_request
        original_sts = signer.string_to_sign

        def canonical_request(request):
            self.canonical_request = original_cr(request)
            return self.canonical_request

        def string_to_sign(request, canonical_request):
            self.string_to_sign = original_sts(request, canonical_request)
            return self.string_to_sign

        signer.canonical_request = canonical_request
        signer.string_to_sign = string_to_sign


def wire(request):
    """Returns (raw path, raw query, header fields, body) as an HTTP client would send the request."""
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    headers = []
    # urllib3 sends Host first; botocore signs the same value it derives from the URL.
    if "host" not in {k.lower() for k in prepared.headers.keys()}:
        headers.append(["Host", botocore.auth._host_from_url(prepared.url)])
    # The signer saw request.headers (repeated fields kept); prepared.headers is a dict that keeps only the
    # last value of a repeated field, so take the fields from the former and add what preparing added.
    for name, value in request.headers.items():
        headers.append([name, value])
    signed_names = {k.lower() for k in request.headers.keys()}
    for name, value in prepared.headers.items():
        if name.lower() not in signed_names:
            headers.append([name, value])
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return parts.path or "/", parts.query or None, headers, body


def sign(name, description, signer_cls, service, region, method, url, *, headers=(), body=b"",
         params=None, token=None, expires=None, context=None):
    credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, token)
    if expires is None:
        signer = signer_cls(credentials, service, region)
    else:
        signer = signer_cls(credentials, service, region, expires=expires)
    recording = Recording(signer)
    request = AWSRequest(method=method, url=url, data=body, params=params or {})
    for header_name, header_value in headers:
        # HTTPHeaders appends on assignment, so a repeated name gives a repeated field.
        request.headers[header_name] = header_value
    request.context.update(context or {})
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=SIGNED_AT):
        signer.add_auth(request)
    raw_path, raw_query, wire_headers, wire_body = wire(request)
    signature = recording.string_to_sign and signer.signature(recording.string_to_sign, request)
    return {
        "name": name,
        "description": description,
        "service": service,
        "region": region,
        "presigned": expires is not None,
        "expiresSeconds": expires,
        "sessionToken": token,
        "method": method,
        "rawPath": raw_path,
        "rawQuery": raw_query,
        "headers": wire_headers,
        "bodyBase64": base64.b64encode(wire_body).decode("ascii"),
        "canonicalRequest": recording.canonical_request,
        "stringToSign": recording.string_to_sign,
        "signature": signature,
    }


def vectors():
    form = "application/x-www-form-urlencoded; charset=utf-8"
    yield sign(
        "sts-get-caller-identity",
        "STS query-protocol POST, the request every SDK sends first",
        SigV4Auth, "sts", "us-east-1", "POST", "https://sts.us-east-1.amazonaws.com/",
        headers=[("Content-Type", form)],
        body=b"Action=GetCallerIdentity&Version=2011-06-15")
    yield sign(
        "sts-assume-role-with-session-token",
        "STS POST signed with temporary credentials: X-Amz-Security-Token is a signed header",
        SigV4Auth, "sts", "eu-west-1", "POST", "https://sts.eu-west-1.amazonaws.com/",
        headers=[("Content-Type", form)],
        body=b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
             b"&RoleSessionName=s%C3%A9ance",
        token=SESSION_TOKEN)
    yield sign(
        "json11-put-log-events",
        "JSON 1.1 POST with X-Amz-Target and a non-ASCII body",
        SigV4Auth, "logs", "us-west-2", "POST", "https://logs.us-west-2.amazonaws.com/",
        headers=[("X-Amz-Target", "Logs_20140328.PutLogEvents"),
                 ("Content-Type", "application/x-amz-json-1.1"),
                 ("User-Agent", "aws-cli/2.0 botocore/" + botocore.__version__)],
        body='{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"h\u00e9llo \u2603"}]}'
        .encode("utf-8"))
    yield sign(
        "get-tricky-query-in-url",
        "GET whose query is already in the URL: repeated names, empty values, a name without '=', "
        "encoded reserved characters, unicode, and names that sort differently than their pairs",
        SigV4Auth, "execute-api", "us-east-1", "GET",
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items"
        "?b=2&a=1&a=0&empty=&flag&tilde=~x&space=a%20b&plus=a%2Bb&utf=%C3%A9%E2%98%83"
        "&reserved=%21%2A%27%28%29%3A%40%2F%3F&Z=upper&a-b=x&a.c=y")
    yield sign(
        "get-query-params-with-spaces",
        "GET whose parameters botocore signs with %20 but sends form-encoded with '+'",
        SigV4Auth, "execute-api", "us-east-1", "GET",
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod/search",
        params={"q": "two words+plus", "filter": "a=b&c", "x~y": "~"})
    yield sign(
        "get-path-with-spaces-unicode-dots-and-double-slashes",
        "GET on an encoded path with spaces, unicode, '.', '..' and '//' segments: "
        "normalised, then encoded a second time",
        SigV4Auth, "execute-api", "us-east-1", "GET",
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod/a%20b/%C3%BCber/./c/../d//e%2Ff/x:y@z=1+2/")
    yield sign(
        "get-path-without-trailing-slash-after-dot",
        "GET on a path ending in '/.', which normalises to no trailing slash",
        SigV4Auth, "execute-api", "us-east-1", "GET",
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/.")
    yield sign(
        "repeated-and-padded-headers",
        "Repeated header fields are joined with ',' and sequential spaces collapse",
        SigV4Auth, "execute-api", "us-east-1", "POST",
        "https://abc123.execute-api.us-east-1.amazonaws.com/prod/",
        headers=[("X-Custom", "  first   value "), ("X-Custom", "second\tvalue"),
                 ("Content-Type", "text/plain"), ("X-Amz-Meta-Note", "a  b   c")],
        body=b"hello")
    yield sign(
        "date-header-instead-of-x-amz-date",
        "A request that carries Date rather than X-Amz-Date",
        SigV4Auth, "sts", "us-east-1", "POST", "https://sts.us-east-1.amazonaws.com/",
        headers=[("Content-Type", form), ("Date", "placeholder")],
        body=b"Action=GetCallerIdentity&Version=2011-06-15")
    yield sign(
        "host-with-port",
        "A plain-HTTP request to a non-default port, as against a local Cairn",
        SigV4Auth, "sts", "us-east-1", "POST", "http://localhost:4566/",
        headers=[("Content-Type", form)],
        body=b"Action=GetCallerIdentity&Version=2011-06-15")
    yield sign(
        "presigned-sts-get-caller-identity",
        "Presigned STS GetCallerIdentity as built for EKS tokens, with an extra signed header; botocore signs "
        "the hash of the (empty) body, not UNSIGNED-PAYLOAD",
        SigV4QueryAuth, "sts", "us-east-1", "GET",
        "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
        headers=[("x-k8s-aws-id", "my-cluster")],
        expires=60)
    yield sign(
        "presigned-with-session-token",
        "Presigned request with temporary credentials: X-Amz-Security-Token is a signed query parameter",
        SigV4QueryAuth, "sts", "us-east-1", "GET",
        "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
        token=SESSION_TOKEN, expires=900)
    yield sign(
        "presigned-s3-get-object",
        "Presigned S3 GET: single-encoded path, UNSIGNED-PAYLOAD",
        S3SigV4QueryAuth, "s3", "us-east-1", "GET",
        "https://examplebucket.s3.amazonaws.com/photos/2026/some%20file%2Bname%3D1.jpg",
        expires=3600)
    yield sign(
        "s3-put-unsigned-payload",
        "S3 PUT over HTTPS with payload signing off: x-amz-content-sha256 is UNSIGNED-PAYLOAD, and the path "
        "keeps its '//' and dot segments because S3 paths are not normalised",
        S3SigV4Auth, "s3", "us-east-1", "PUT",
        "https://examplebucket.s3.us-east-1.amazonaws.com/dir//./some%20key%2Bwith%2520odd.txt",
        headers=[("Content-Type", "text/plain"), ("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==")],
        body=b"hello world",
        context={"client_config": Config(s3={"payload_signing_enabled": False})})
    yield sign(
        "s3-put-signed-payload",
        "S3 PUT whose x-amz-content-sha256 carries the hex SHA-256 of the body",
        S3SigV4Auth, "s3", "us-east-1", "PUT",
        "https://examplebucket.s3.us-east-1.amazonaws.com/key.txt",
        headers=[("Content-Type", "text/plain")],
        body=b"hello world")
    yield sign(
        "s3-get-with-query",
        "S3 GET with a listing query string",
        S3SigV4Auth, "s3", "us-east-1", "GET",
        "https://examplebucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=photos%2F2026%2F&max-keys=10")


def main():
    out = {
        "generator": "botocore " + botocore.__version__,
        "accessKeyId": ACCESS_KEY_ID,
        "secretAccessKey": SECRET_ACCESS_KEY,
        "signedAt": SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "vectors": list(vectors()),
    }
    target = sys.argv[1] if len(sys.argv) > 1 else "botocore-vectors.json"
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
