package dev.mediagc.gcs;

import com.google.cloud.storage.StorageException;

/** Turns client exceptions into one line that says what is wrong and what to do. Never prints credentials. */
final class GcsErrors {

    private GcsErrors() {
    }

    static String describe(RuntimeException e, GcsLocation location, GcsSettings settings) {
        String where = settings.endpoint() == null ? "Google Cloud Storage" : settings.endpoint().toString();
        if (e instanceof StorageException storage) {
            int code = storage.getCode();
            String reason = storage.getReason();
            if (code == 404) {
                return "bucket '" + location.bucket() + "' does not exist at " + where + "; check the name in --store";
            }
            if (code == 401) {
                return where + " did not accept the credentials (401); renew Application Default Credentials "
                        + "(gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS)";
            }
            if (code == 403) {
                return "access to bucket '" + location.bucket() + "' at " + where + " was denied (403"
                        + (reason == null ? "" : " " + reason) + "); the credentials' account needs a role such as "
                        + "Storage Object Admin on the bucket";
            }
            if (code == 0 || code == -1) {
                return "cannot reach " + where + ": " + firstLine(rootMessage(e)) + "; check --"
                        + GcsSettings.ENDPOINT + " and the network";
            }
            return where + " answered " + code + (reason == null ? "" : " " + reason) + ": " + firstLine(storage.getMessage());
        }
        return firstLine(rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
