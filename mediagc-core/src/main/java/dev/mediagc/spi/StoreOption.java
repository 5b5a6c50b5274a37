package dev.mediagc.spi;

/**
 * A setting a store type takes beyond its location, such as an S3 endpoint, declared by its
 * {@link ObjectStoreProvider} so front ends offer it without knowing the store: the command line as
 * {@code --NAME}, its config file as key {@code NAME}, the Spring Boot starter as
 * {@code mediagc.store.options.NAME}. The provider receives it in {@code open}'s options map, as text.
 *
 * @param name         kebab case, prefixed by the store type ({@code s3-endpoint}) so names never clash
 * @param paramLabel   what a value looks like in usage text ({@code URL}); empty for a flag
 * @param description  one or two sentences for usage text and documentation
 * @param defaultValue what the store uses when it is not given, as text; null when that depends (say so in the description)
 * @param secret       whether the value must never be printed or logged
 * @param flag         on or off: given without a value on the command line, {@code "true"} in the map
 */
public record StoreOption(String name, String paramLabel, String description, String defaultValue, boolean secret,
                          boolean flag) {

    /** An option taking a value. */
    public static StoreOption value(String name, String paramLabel, String description, String defaultValue) {
        return new StoreOption(name, paramLabel, description, defaultValue, false, false);
    }

    /** An on-or-off option, off unless given. */
    public static StoreOption flag(String name, String description) {
        return new StoreOption(name, "", description, "false", false, true);
    }
}
