package dev.mediagc.spi;

/**
 * An object's whole content as {@link ObjectStore#read} returned it, with the version it had then:
 * the version to hand to {@link ObjectStore#replaceIfVersion} to replace exactly this content.
 */
public record StoredContent(byte[] bytes, String version) {
}
