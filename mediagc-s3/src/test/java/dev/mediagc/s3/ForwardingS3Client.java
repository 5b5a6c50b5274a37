package dev.mediagc.s3;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A client that passes every call the S3 store makes to a real one (against S3Proxy), for tests
 * that alter one call: a file uploaded just before a copy, or a service without some request.
 */
class ForwardingS3Client implements S3Client {

    private final S3Client delegate;

    ForwardingS3Client(S3Client delegate) {
        this.delegate = delegate;
    }

    /** The error an interoperable service answers for a request or header it does not implement. */
    static S3Exception notImplemented(String what) {
        return (S3Exception) S3Exception.builder().statusCode(501).message(what + " is not implemented")
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("NotImplemented").errorMessage(what + " is not implemented").build())
                .build();
    }

    @Override public String serviceName() { return delegate.serviceName(); }
    @Override public void close() { delegate.close(); }
    @Override public HeadBucketResponse headBucket(HeadBucketRequest r) { return delegate.headBucket(r); }
    @Override public HeadObjectResponse headObject(HeadObjectRequest r) { return delegate.headObject(r); }
    @Override public ListObjectsV2Response listObjectsV2(ListObjectsV2Request r) { return delegate.listObjectsV2(r); }
    @Override public ListObjectsV2Iterable listObjectsV2Paginator(ListObjectsV2Request r) { return new ListObjectsV2Iterable(this, r); }
    @Override public ResponseBytes<GetObjectResponse> getObjectAsBytes(GetObjectRequest r) { return delegate.getObjectAsBytes(r); }
    @Override public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) { return delegate.putObject(r, body); }
    @Override public CopyObjectResponse copyObject(CopyObjectRequest r) { return delegate.copyObject(r); }
    @Override public DeleteObjectResponse deleteObject(DeleteObjectRequest r) { return delegate.deleteObject(r); }
    @Override public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) { return delegate.deleteObjects(r); }
}
