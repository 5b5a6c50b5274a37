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
 * Whether a folder's file system folds letter case, found by reading only: one name in the folder
 * that holds an ASCII letter is looked up again with the case of its letters swapped
 * ({@code .mediagc} as {@code .MEDIAGC}). On a case-sensitive folder that name is not there, or is
 * another file; on a case-folding one it is the very same file (same device and inode, or
 * {@link Files#isSameFile} where the platform gives no file key). Nothing is created, so a dry
 * run and a read-only store can be probed alike; a folder holding no such name cannot tell.
 *
 * <p>Case folding can be set per folder (ext4's {@code chattr +F}, inherited by the folders made
 * in it); this probes the folders it is given, nothing below them.
 */
final class CaseProbe {

    /** How many entries are read looking for a name with a letter before giving up. */
    static final int ENTRIES_LOOKED_AT = 10_000;

    private CaseProbe() {
    }

    /** What {@code folder} does with letter case: {@link LetterCase#UNKNOWN} when no name in it tells. */
    static LetterCase of(Path folder) throws IOException {
        int looked = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (++looked > ENTRIES_LOOKED_AT) {
                    break;
                }
                String name = entry.getFileName().toString();
                String swapped = swapAsciiCase(name);
                if (swapped.equals(name)) {
                    continue; // no letter to swap: this name cannot tell
                }
                LetterCase answer = compare(entry, folder.resolve(swapped));
                if (answer != null) {
                    return answer;
                }
            }
        } catch (java.nio.file.AccessDeniedException | DirectoryIteratorException e) {
            return LetterCase.UNKNOWN;
        }
        return LetterCase.UNKNOWN;
    }

    /** FOLDED when {@code other} is {@code entry} under another spelling, EXACT when not, null when {@code entry} went away. */
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
            return LetterCase.EXACT;
        }
        if (stored.fileKey() != null && swapped.fileKey() != null) {
            return stored.fileKey().equals(swapped.fileKey()) ? LetterCase.FOLDED : LetterCase.EXACT;
        }
        if (stored.isSymbolicLink() || swapped.isSymbolicLink()) {
            return null; // isSameFile would compare the targets: let another name tell
        }
        return Files.isSameFile(entry, other) ? LetterCase.FOLDED : LetterCase.EXACT;
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
}
