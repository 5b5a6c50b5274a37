package dev.mediagc.azure;

import java.util.regex.Pattern;

/**
 * {@code azure://ACCOUNT/CONTAINER/PREFIX}, or {@code azure://CONTAINER/PREFIX} when the account
 * comes from elsewhere (a connection string or an endpoint): an account (null in the short form),
 * a container and a blob name prefix ending in {@code /} (or empty).
 */
public record AzureLocation(String account, String container, String prefix) {

    static final String SCHEME = "azure://";
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]|\\$root");

    /**
     * Parses {@code uri}; {@code accountGiven} says whether a connection string or an endpoint names
     * the account, so the URL starts with the container.
     */
    public static AzureLocation parse(String uri, boolean accountGiven) {
        String form = accountGiven ? "azure://CONTAINER/PREFIX (the account comes from the connection string or endpoint)"
                : "azure://ACCOUNT/CONTAINER/PREFIX";
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("an Azure Blob Storage store is written " + form + ", not '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        String account = null;
        if (!accountGiven) {
            int slash = rest.indexOf('/');
            account = slash < 0 ? rest : rest.substring(0, slash);
            rest = slash < 0 ? "" : rest.substring(slash + 1);
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("'" + account + "' in '" + uri + "' is not a storage account name (3 to 24 "
                        + "lower-case letters and digits); write " + form + ", or azure://CONTAINER/PREFIX with "
                        + "--" + AzureSettings.CONNECTION_STRING_ENV + " or --" + AzureSettings.ENDPOINT);
            }
        }
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (container.isEmpty()) {
            throw new IllegalArgumentException("no container in '" + uri + "'; write " + form);
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("'" + container + "' in '" + uri + "' is not a container name (3 to 63 "
                    + "lower-case letters, digits and single hyphens); write " + form);
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (!prefix.isEmpty()) {
            try {
                dev.mediagc.spi.StoreKeys.requireSafe(prefix.substring(0, prefix.length() - 1));
            } catch (dev.mediagc.spi.UnsafeKeyException e) {
                throw new IllegalArgumentException("the prefix '" + prefix + "' in '" + uri + "' " + e.getMessage());
            }
        }
        return new AzureLocation(account, container, prefix);
    }

    @Override
    public String toString() {
        return SCHEME + (account == null ? "" : account + "/") + container + "/" + prefix;
    }
}
