package dev.mediagc.s3.inventory;

import java.util.List;

/** What every format's reader needs from an inventory, and the message when a field is missing. */
final class InventoryFields {

    private InventoryFields() {
    }

    static String missing(String where, List<String> fields) {
        return where + " lacks the field(s) " + String.join(", ", fields) + ": a sweep compares size, last-modified "
                + "date and ETag with the object before acting; add them to the inventory configuration's "
                + "optional fields and use the next inventory";
    }
}
