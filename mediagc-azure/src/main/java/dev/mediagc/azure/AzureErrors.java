package dev.mediagc.azure;

import com.azure.storage.blob.models.BlobStorageException;

/** Turns SDK exceptions into one line that says what is wrong and what to do. Never prints secrets. */
final class AzureErrors {

    private AzureErrors() {
    }

    static String describe(RuntimeException e, AzureLocation location, AzureSettings settings) {
        String where = settings.where(location);
        if (e instanceof BlobStorageException storage) {
            String code = storage.getErrorCode() == null ? null : storage.getErrorCode().toString();
            int status = storage.getStatusCode();
            if ("ContainerNotFound".equals(code)) {
                return "container '" + location.container() + "' does not exist at " + where + "; check the name in --store";
            }
            if (status == 403 || "AuthenticationFailed".equals(code) || "AuthorizationFailure".equals(code)) {
                return "access to container '" + location.container() + "' at " + where + " was denied ("
                        + (code == null ? status : code) + "); check the credentials (the connection string, or the "
                        + "identity's role such as Storage Blob Data Contributor)";
            }
            return where + " answered " + status + (code == null ? "" : " " + code);
        }
        String message = firstLine(e.getMessage());
        if (e.getClass().getName().contains("CredentialUnavailable") || message.contains("credential")) {
            return "no Azure credentials found: log in with 'az login', set AZURE_CLIENT_ID/AZURE_TENANT_ID/"
                    + "AZURE_CLIENT_SECRET, use a managed identity, or pass --" + AzureSettings.CONNECTION_STRING_ENV
                    + " (" + firstLine(message) + ")";
        }
        return "cannot reach " + where + ": " + (message.isEmpty() ? e.getClass().getSimpleName() : message)
                + "; check --" + AzureSettings.ENDPOINT + " and the network";
    }

    /** The first line, with anything that looks like a signature or key cut out. */
    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        String line = newline < 0 ? s : s.substring(0, newline);
        return line.replaceAll("(?i)(sig|AccountKey|SharedAccessSignature)=[^;&\\s]*", "$1=***");
    }
}
