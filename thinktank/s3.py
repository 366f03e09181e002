"""The STORAGES entries for S3-compatible object storage (django-storages).

Pure data, no Django imports: settings.py builds its storages with it, and the
tests build the same configuration against a real S3 API (moto's server).
"""

from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(
    bucket, *, endpoint_url=None, access_key=None, secret_key=None, region=None, private_bucket=None
):
    """("default", "private") storage settings: media under media/, staff files under private/.

    Objects carry no ACL (the bucket's own policy, private) and every URL is
    signed and short-lived, so nothing in the bucket is public by accident.
    """
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    media = {"BACKEND": S3_BACKEND, "OPTIONS": {**common, "location": "media"}}
    private = {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {**common, "bucket_name": private_bucket or bucket, "location": "private"},
    }
    return media, private


def bucket_origins(bucket, *, endpoint_url=None, region=None):
    """Where the signed URLs of `bucket` point: the origins the pages' img-src must allow.

    An image in an article body is a redirect to a signed URL of the bucket
    (thinktank/media.py), and a browser checks the page's img-src against
    every hop. boto3 signs path-style URLs (the endpoint itself) or
    virtual-hosted ones (the bucket's own host name); both are listed.
    """
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    hosts = ["s3.amazonaws.com", *([f"s3.{region}.amazonaws.com"] if region else [])]
    return [origin for host in hosts for origin in (f"https://{bucket}.{host}", f"https://{host}")]
