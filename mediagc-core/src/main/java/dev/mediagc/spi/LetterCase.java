package dev.mediagc.spi;

/**
 * Whether a store tells keys that differ only in letter case apart ({@link ObjectStore#letterCase()}).
 * It decides how mediagc matches references with listed keys: where one object answers to every
 * spelling, a row naming {@code uploads/Photo.JPG} keeps the object listed as
 * {@code uploads/photo.jpg} (the application opens it under that spelling), so matching must
 * ignore case there, as the {@code ignore-case} setting does.
 */
public enum LetterCase {
    /** {@code Photo.JPG} and {@code photo.jpg} are two keys, two objects (S3, GCS, Azure, ext4, XFS). */
    EXACT,
    /**
     * One object answers to every spelling of its key; listings show the spelling it was stored
     * under (macOS's APFS and Windows' NTFS by default, an ext4 folder with {@code chattr +F}).
     */
    FOLDED,
    /** The store could not tell (nothing to look at without writing); mediagc treats it as {@link #FOLDED}. */
    UNKNOWN
}
