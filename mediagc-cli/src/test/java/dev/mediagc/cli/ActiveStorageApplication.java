package dev.mediagc.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * A Rails application with Active Storage (6.1+ schema, as its migrations create it on
 * PostgreSQL): users' avatars and photos, tracked and untracked variants, PDF previews, an upload
 * not attached yet, keys the application chose itself, and what deleting or moving blobs to
 * another service leaves behind.
 */
abstract class ActiveStorageApplication extends RealApplicationPresetContract {

    private static final String[] FILE_NAMES = {"photo %d.jpg", "Straße Foto %d.jpg", "café crème %d.png",
        "日本 写真 %d.jpg", "Ærø strand %d.heic"};
    private final Random random = new Random(20240517);
    private long nextBlobId = 1;
    private long nextAttachmentId = 1;
    private long nextVariantRecordId = 1;

    /** Disk service (KE/Y./KEY) or flat keys (S3, GCS, Azure: the bucket holds KEY itself). */
    abstract boolean diskService();

    @Override
    String preset() {
        return "activestorage";
    }

    /**
     * The store shows "local" (its blobs' files are here; no blob carries the S3 test's "mirror") and
     * discover names "amazon" in a comment only, since the blobs moved there left copies here.
     */
    @Override
    java.util.Map<String, String> discoveredParams() {
        return java.util.Map.of("services", "local");
    }

    /**
     * Where the service stores the key: DiskService#path_for puts it under its first two and next
     * two characters (Ruby's key[0..1] and key[2..3]: fewer for short keys, "ab/" for two).
     */
    String stored(String key) {
        if (!diskService()) {
            return key;
        }
        String first = key.substring(0, Math.min(2, key.length()));
        String second = key.length() > 2 ? key.substring(2, Math.min(4, key.length())) : "";
        return second.isEmpty() ? first + "/" + key : first + "/" + second + "/" + key;
    }

    @Override
    void buildApplication() {
        db.execute("""
                CREATE TABLE active_storage_blobs (
                  id bigserial PRIMARY KEY,
                  key character varying NOT NULL,
                  filename character varying NOT NULL,
                  content_type character varying,
                  metadata text,
                  service_name character varying NOT NULL,
                  byte_size bigint NOT NULL,
                  checksum character varying,
                  created_at timestamp(6) without time zone NOT NULL)""",
                "CREATE UNIQUE INDEX index_active_storage_blobs_on_key ON active_storage_blobs (key)",
                """
                CREATE TABLE active_storage_attachments (
                  id bigserial PRIMARY KEY,
                  name character varying NOT NULL,
                  record_type character varying NOT NULL,
                  record_id bigint NOT NULL,
                  blob_id bigint NOT NULL REFERENCES active_storage_blobs (id),
                  created_at timestamp(6) without time zone NOT NULL)""",
                "CREATE INDEX index_active_storage_attachments_on_blob_id ON active_storage_attachments (blob_id)",
                "CREATE UNIQUE INDEX index_active_storage_attachments_uniqueness ON active_storage_attachments "
                        + "(record_type, record_id, name, blob_id)",
                """
                CREATE TABLE active_storage_variant_records (
                  id bigserial PRIMARY KEY,
                  blob_id bigint NOT NULL REFERENCES active_storage_blobs (id),
                  variation_digest character varying NOT NULL)""",
                "CREATE UNIQUE INDEX index_active_storage_variant_records_uniqueness ON active_storage_variant_records "
                        + "(blob_id, variation_digest)");

        for (int user = 1; user <= 90; user++) {
            String name = String.format(FILE_NAMES[user % FILE_NAMES.length], user);
            long blob = blob(token(), name, "image/jpeg", "local", false);
            attach("User", user, user % 2 == 0 ? "avatar" : "photos", blob);
        }
        // A key the application chose (attach(io:, filename:, key:)): folders, Unicode and spaces.
        for (String key : new String[] {"avatars/ann müller 1.jpg", "uploads/2024/日本 写真.png", "exports/report 2024 (final).pdf",
            "logo", "fav", "og", "x"}) {
            attach("User", 500 + key.length(), "avatar", blob(key, key.substring(key.lastIndexOf('/') + 1), "image/jpeg", "local", false));
        }
        // PDFs with their previews: the preview image is a blob attached to the PDF's blob.
        for (int doc = 1; doc <= 12; doc++) {
            long pdf = blob(token(), "Rechnung März " + doc + ".pdf", "application/pdf", "local", false);
            attach("Invoice", doc, "document", pdf);
            long preview = blob(token(), "Rechnung März " + doc + ".png", "image/png", "local", false);
            attach("ActiveStorage::Blob", pdf, "preview_image", preview);
        }
        // A direct upload whose record is not saved yet: the blob row alone keeps it.
        blob(token(), "direct upload.jpg", "image/jpeg", "local", false);

        // Deleted blobs whose files stayed (a purge that failed half-way): the file, its untracked
        // variants and the file of its tracked variant's blob are orphans.
        for (int gone = 0; gone < 14; gone++) {
            String key = token();
            orphan(stored(key));
            orphan(stored(variantKey(key, "resize_to_limit [300, 300]")));
            if (gone % 2 == 0) {
                orphan(stored(variantKey(key, "resize_to_limit [80, 80]")));
                orphan(stored(token()));
            }
        }
        // Blobs moved to another service (rails storage migration): their Disk copies are orphans.
        for (int moved = 0; moved < 6; moved++) {
            String key = token();
            blobRow(key, "moved " + moved + ".jpg", "image/jpeg", "amazon");
            orphan(stored(key));
            orphan(stored(variantKey(key, "resize_to_limit [300, 300]")));
        }
        // A stray file under a key no blob ever had.
        orphan(stored("zz" + token().substring(2)));
    }

    private String token() {
        // has_secure_token: 28 characters of lower-case base36.
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            token.append(Character.forDigit(random.nextInt(36), 36));
        }
        return token.toString();
    }

    private static String variantKey(String blobKey, String transformations) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(transformations.getBytes(StandardCharsets.UTF_8));
            return "variants/" + blobKey + "/" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A blob of this store's service with its file; an image gets untracked variants
     * (variants/KEY/DIGEST) or tracked ones (a variant record whose image is a blob of its own).
     */
    private long blob(String key, String filename, String contentType, String service, boolean isVariant) {
        long id = blobRow(key, filename, contentType, service);
        if (diskService()) {
            liveDerived(stored(key)); // the row names KEY; the rule for KE/Y./KEY keeps the file
        } else {
            live(stored(key));
        }
        if (!isVariant && contentType.startsWith("image/")) {
            if (id % 3 != 0) {
                liveDerived(stored(variantKey(key, "resize_to_limit [300, 300] " + id)));
                if (id % 2 == 0) {
                    liveDerived(stored(variantKey(key, "resize_to_fill [80, 80] " + id)));
                }
            } else {
                long record = nextVariantRecordId++;
                db.execute("INSERT INTO active_storage_variant_records (id, blob_id, variation_digest) VALUES ("
                        + record + ", " + id + ", '" + Base64.getEncoder().encodeToString(("v" + id).getBytes(StandardCharsets.UTF_8)) + "')");
                attach("ActiveStorage::VariantRecord", record, "image", blob(token(), filename, contentType, service, true));
            }
        }
        return id;
    }

    private long blobRow(String key, String filename, String contentType, String service) {
        long id = nextBlobId++;
        db.execute("INSERT INTO active_storage_blobs (id, key, filename, content_type, metadata, service_name, byte_size, "
                + "checksum, created_at) VALUES (" + id + ", '" + key + "', '" + filename + "', '" + contentType
                + "', '{\"identified\":true,\"analyzed\":true}', '" + service + "', 1234, 'rL0Y20zC+Fzt72VPzMSk2A==', now())");
        return id;
    }

    private void attach(String recordType, long recordId, String name, long blobId) {
        db.execute("INSERT INTO active_storage_attachments (id, name, record_type, record_id, blob_id, created_at) VALUES ("
                + nextAttachmentId++ + ", '" + name + "', '" + recordType + "', " + recordId + ", " + blobId + ", now())");
    }
}
