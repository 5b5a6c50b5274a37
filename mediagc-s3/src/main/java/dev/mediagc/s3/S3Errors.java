package dev.mediagc.s3;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK exceptions into one line that says what is wrong and what to do. Never prints secrets. */
final class S3Errors {

    private S3Errors() {
    }

    static String describe(SdkException e, S3Location location, S3Settings settings) {
        String where = settings.endpoint() == null ? "AWS S3" : settings.endpoint().toString();
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) {
                return "bucket '" + location.bucket() + "' does not exist at " + where + "; check the name in --store";
            }
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return "access to bucket '" + location.bucket() + "' at " + where + " was denied (" + (code == null ? status : code)
                        + "); check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile) and the bucket policy";
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return "bucket '" + location.bucket() + "' is in another region; pass --s3-region";
            }
            return where + " answered " + status + (code == null ? "" : " " + code) + ": " + firstLine(s3.getMessage());
        }
        if (e instanceof SdkClientException) {
            String message = firstLine(e.getMessage());
            if (message.contains("Unable to load credentials") || message.contains("credentials")) {
                return "no S3 credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or an instance role";
            }
            if (message.contains("region")) {
                return "no S3 region configured; pass --s3-region (e.g. eu-west-1) or set AWS_REGION";
            }
            return "cannot reach " + where + ": " + message + "; check --s3-endpoint and the network";
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
