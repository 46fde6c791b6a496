"""moto's S3 server on $S3_PORT with the buckets of $S3_BUCKETS (comma-separated) created at start."""
import os
import threading

from moto.server import ThreadedMotoServer

port = int(os.environ.get("S3_PORT", "9000"))
server = ThreadedMotoServer(ip_address=os.environ.get("S3_HOST", "0.0.0.0"), port=port)  # noqa: S104 (a server)
server.start()
import boto3  # noqa: E402  (moto installs it; only needed once the server runs)

client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                      aws_access_key_id="moto", aws_secret_access_key="moto")  # noqa: S106 (moto accepts any)
for bucket in filter(None, os.environ.get("S3_BUCKETS", "").split(",")):
    client.create_bucket(Bucket=bucket.strip())
    print(f"bucket {bucket.strip()} created", flush=True)
print(f"moto S3 server on port {port}", flush=True)
threading.Event().wait()
