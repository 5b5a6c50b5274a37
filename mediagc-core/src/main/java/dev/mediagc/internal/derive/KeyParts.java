package dev.mediagc.internal.derive;

/**
 * A key split the way derived-file patterns look at it: {@code a/b/photo.jpg} is the folder
 * {@code a/b}, the name {@code photo.jpg}, its stem {@code photo} and extension {@code .jpg}, and
 * the folder's own parent {@code a} and name {@code b}. A leading dot ({@code .htaccess}) is part
 * of the stem, not an extension.
 */
public record KeyParts(String dir, String name, String base, String ext, String grandparent, String folder) {

    public static KeyParts of(String key) {
        int slash = key.lastIndexOf('/');
        String dir = slash < 0 ? "" : key.substring(0, slash);
        String name = key.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        int parentSlash = dir.lastIndexOf('/');
        return new KeyParts(dir, name, dot > 0 ? name.substring(0, dot) : name, dot > 0 ? name.substring(dot) : "",
                parentSlash < 0 ? "" : dir.substring(0, parentSlash), dir.substring(parentSlash + 1));
    }

    /** Whether the name has an extension after its stem. */
    public boolean hasExtension() {
        return !ext.isEmpty();
    }

    /** Whether the key sits in a folder (so {@link #grandparent()} and {@link #folder()} mean something). */
    public boolean inFolder() {
        return !dir.isEmpty();
    }

    /** {@code .{ext}} when the name has an extension, else nothing: the pattern's ending. */
    public String extPattern() {
        return hasExtension() ? ".{ext}" : "";
    }
}
