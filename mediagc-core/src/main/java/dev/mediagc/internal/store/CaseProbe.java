package dev.mediagc.internal.store;

import dev.mediagc.spi.LetterCase;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whether a store's file system folds letter case, found by reading only: one name that holds an
 * ASCII letter (in the root, else in the nearest folder below that has one) is looked up again
 * with the case of its letters swapped ({@code .mediagc} as {@code .MEDIAGC}). On a
 * case-sensitive folder that name is not there, or is another file; on a case-folding one it is
 * the very same file (same device and inode, or {@link Files#isSameFile} where the platform gives
 * no file key). Nothing is created, so a dry run and a read-only store can be probed alike.
 *
 * <p>Case folding can be set per folder (ext4's {@code chattr +F}, inherited by the folders made
 * in it); this probes the one folder whose name it looks up.
 */
final class CaseProbe {

    /** How many entries are read looking for a name with a letter before giving up. */
    static final int ENTRIES_LOOKED_AT = 10_000;

    private CaseProbe() {
    }

    /** What the file system under {@code root} does with letter case; see {@link #of(Path, int)}. */
    static LetterCase of(Path root) throws IOException {
        return of(root, ENTRIES_LOOKED_AT);
    }

    /**
     * The root's answer, unless another file system mounted below the root (a Mac folder shared
     * into a Linux container, a CIFS or exFAT mount) folds letter case or cannot tell: its keys are
     * the store's too, so the whole store is then matched ignoring case. Mounts are read from
     * {@code /proc/self/mountinfo} where there is one (Linux); elsewhere the root alone is probed.
     */
    static LetterCase ofStore(Path root, Path mountInfo) throws IOException {
        LetterCase answer = of(root);
        if (answer != LetterCase.EXACT) {
            return answer;
        }
        for (Path mounted : mountsBelow(root, mountInfo)) {
            LetterCase below = of(mounted);
            if (below != LetterCase.EXACT) {
                return below;
            }
        }
        return LetterCase.EXACT;
    }

    /** The mount points strictly below {@code root} that {@code mountInfo} names; none without the file. */
    static java.util.List<Path> mountsBelow(Path root, Path mountInfo) throws IOException {
        if (!Files.isReadable(mountInfo)) {
            return java.util.List.of();
        }
        Path real = root.toRealPath();
        java.util.List<Path> below = new java.util.ArrayList<>();
        // Decoded leniently: a mount point whose name is no UTF-8 cannot be under a root spelt in UTF-8.
        String table = new String(Files.readAllBytes(mountInfo), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : table.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 5) {
                continue;
            }
            Path point = Path.of(unescapeMountPath(fields[4]));
            if (point.startsWith(real) && !point.equals(real)) {
                below.add(point);
            }
        }
        return below;
    }

    /** mountinfo writes a space, tab, newline and backslash in a path as {@code \040}, {@code \011}, {@code \012}, {@code \134}. */
    static String unescapeMountPath(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    /**
     * What the file system does with letter case, told by the first name holding an ASCII letter
     * in {@code root}, else in its folders, breadth first (never through a link), looking at no
     * more than {@code maxEntries} entries. When the whole tree holds no such name, letter case
     * cannot matter to its keys and the answer is {@link LetterCase#EXACT}, unless a name holds a
     * letter outside ASCII ({@code Фото}), which folds too on APFS, NTFS and ext4 but is not probed:
     * {@link LetterCase#UNKNOWN}, as when the look ends first (or a folder cannot be read).
     */
    static LetterCase of(Path root, int maxEntries) throws IOException {
        java.util.ArrayDeque<Path> folders = new java.util.ArrayDeque<>();
        folders.add(root);
        int looked = 0;
        boolean otherLetters = false;
        while (!folders.isEmpty()) {
            Path folder = folders.poll();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    if (++looked > maxEntries) {
                        return LetterCase.UNKNOWN;
                    }
                    String name = entry.getFileName().toString();
                    String swapped = swapAsciiCase(name);
                    if (!swapped.equals(name)) {
                        LetterCase answer = compare(entry, folder.resolve(swapped));
                        if (answer != null) {
                            return answer;
                        }
                    } else {
                        otherLetters |= !name.toUpperCase(java.util.Locale.ROOT).equals(name.toLowerCase(java.util.Locale.ROOT));
                        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                            folders.add(entry);
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                // removed while we looked: nothing in it to tell
            } catch (java.nio.file.AccessDeniedException | DirectoryIteratorException e) {
                return LetterCase.UNKNOWN;
            }
        }
        return otherLetters ? LetterCase.UNKNOWN : LetterCase.EXACT;
    }

    /** {@code name} with each ASCII letter in the other case; other characters as they are. */
    static String swapAsciiCase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'a' && c <= 'z') {
                chars[i] = (char) (c - 'a' + 'A');
            } else if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c - 'A' + 'a');
            }
        }
        return new String(chars);
    }

    /**
     * FOLDED when {@code other} is {@code entry} under another spelling, EXACT when not, null when
     * {@code entry} went away. Two spellings of one file give one file key on a local disk, but
     * not on every mount (a FUSE file system without {@code use_ino}, sshfs to a Mac, numbers each
     * name it is asked for): when the keys differ, the folder's listing decides, since a file
     * system that folds case lists one spelling and a case-sensitive one both.
     */
    private static LetterCase compare(Path entry, Path other) throws IOException {
        BasicFileAttributes stored;
        try {
            stored = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // removed while we looked: try another name
        }
        BasicFileAttributes swapped;
        try {
            swapped = Files.readAttributes(other, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // Not there under the other spelling: a case-sensitive folder, unless the entry itself
            // went away in between (a folding one would then answer no spelling either).
            return Files.exists(entry, LinkOption.NOFOLLOW_LINKS) ? LetterCase.EXACT : null;
        }
        boolean sameFile;
        if (stored.fileKey() != null && swapped.fileKey() != null) {
            sameFile = stored.fileKey().equals(swapped.fileKey());
        } else if (stored.isSymbolicLink() || swapped.isSymbolicLink()) {
            sameFile = false; // isSameFile would compare the targets: let the listing decide
        } else {
            sameFile = Files.isSameFile(entry, other);
        }
        return sameFile || !lists(entry.getParent(), other.getFileName().toString()) ? LetterCase.FOLDED : LetterCase.EXACT;
    }

    /** Whether the listing of {@code folder} holds {@code name} spelt exactly so. */
    private static boolean lists(Path folder, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
