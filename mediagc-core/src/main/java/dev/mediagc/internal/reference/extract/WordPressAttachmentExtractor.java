package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files of a WordPress {@code _wp_attachment_metadata} value. The top-level {@code file} is the
 * upload's path under {@code wp-content/uploads} ({@code 2024/05/photo.jpg}); every other
 * {@code file} (the {@code sizes} entries, and their {@code sources} such as WebP copies) and the
 * top-level {@code original_image} (the unscaled original kept beside a {@code -scaled} copy) are
 * bare names in that same folder, so they are yielded joined to it
 * ({@code 2024/05/photo-150x150.jpg}). A value with sizes but no top-level {@code file} (WordPress
 * writes PDF previews so) cannot say their folder: it is unreadable, since marking the bare names
 * would leave the real previews in {@code 2024/05/} unreferenced. The {@code wordpress} preset
 * joins the folder from {@code _wp_attached_file} in SQL.
 */
public final class WordPressAttachmentExtractor implements ValueExtractor {

    @Override
    public String describe() {
        return "wp-attachment";
    }

    @Override
    public void extract(Reader value, Consumer<String> keys) throws UnreadableValueException, IOException {
        String[] topLevel = {null};
        List<String> besideIt = new ArrayList<>();
        PhpSerializedReader.read(value, (path, text) -> {
            if (path.size() == 1 && path.get(0).equals("file")) {
                topLevel[0] = text;
            } else if ((path.size() == 1 && path.get(0).equals("original_image"))
                    || (path.size() > 1 && path.get(path.size() - 1).equals("file"))) {
                besideIt.add(text); // sizes come after the file in WordPress's order, but do not rely on it
            }
        });
        if (topLevel[0] == null && !besideIt.isEmpty()) {
            throw new UnreadableValueException("attachment metadata names " + besideIt.size() + " size file(s) but no "
                    + "top-level file, so their folder is unknown (PDF previews are written so); join the folder from "
                    + "_wp_attached_file, as the wordpress preset does");
        }
        String folder = "";
        if (topLevel[0] != null) {
            keys.accept(topLevel[0]);
            int slash = topLevel[0].lastIndexOf('/');
            folder = slash < 0 ? "" : topLevel[0].substring(0, slash + 1);
        }
        for (String name : besideIt) {
            keys.accept(folder + name);
        }
    }
}
