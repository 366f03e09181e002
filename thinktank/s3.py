"""The STORAGES entries for S3-compatible object storage (django-storages).

Pure data, no Django imports: settings.py builds its storages with it, and the
tests build the same configuration against a real S3 API (moto's server).
"""

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
