package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paperclip preset with its defaults on Mastodon's media attachments, its table as Mastodon's
 * schema has it on PostgreSQL and its folder as kt-paperclip writes it:
 * {@code [cache/]media_attachments/files/ID/PARTITION/original/NAME} with the small style beside it
 * (a PNG for videos and GIFs converted to MP4, the same name for images), ids of 4, 10 and 18
 * digits, remote media cached under {@code cache/}, and the folders of Mastodon's other attachments
 * (avatars, headers, custom emoji, preview cards) kept.
 */
class PaperclipMastodonPresetTest extends RealApplicationPresetContract {

    private static final String[] UNICODE_NAMES = {"Straße_Foto", "café_crème", "日本_写真", "Ærø_strand"};

    @Override
    String preset() {
        return "paperclip";
    }

    @Override
    java.util.Map<String, String> discoveredParams() {
        return java.util.Map.of("table", "media_attachments", "class", "media_attachments");
    }

    /**
     * kt-paperclip's :id_partition, written here from its description: at least 9 digits, at least 12
     * from 10^9 on, cut into groups of three; a last group of one or two digits is dropped.
     */
    static String idPartition(long id) {
        String digits = String.format(id < 1_000_000_000L ? "%09d" : "%012d", id);
        StringBuilder partition = new StringBuilder();
        for (int i = 0; i + 3 <= digits.length(); i += 3) {
            partition.append(partition.isEmpty() ? "" : "/").append(digits, i, i + 3);
        }
        return partition.toString();
    }

    @Test
    void idPartitionsAreKtPaperclips() {
        assertThat(idPartition(1234)).isEqualTo("000/001/234");
        assertThat(idPartition(1_234_567_890L)).isEqualTo("001/234/567/890");
        assertThat(idPartition(109_876_543_210_987_654L)).isEqualTo("109/876/543/210/987/654");
        assertThat(idPartition(1_098_765_432_109_876_543L)).isEqualTo("109/876/543/210/987/654");
    }

    @Override
    void buildApplication() {
        db.execute("""
                CREATE TABLE media_attachments (
                  id bigint NOT NULL PRIMARY KEY,
                  status_id bigint,
                  file_file_name character varying,
                  file_content_type character varying,
                  file_file_size integer,
                  file_updated_at timestamp without time zone,
                  remote_url character varying DEFAULT '' NOT NULL,
                  created_at timestamp without time zone NOT NULL,
                  updated_at timestamp without time zone NOT NULL,
                  shortcode character varying,
                  type integer DEFAULT 0 NOT NULL,
                  file_meta json,
                  account_id bigint,
                  description text,
                  scheduled_status_id bigint,
                  blurhash character varying,
                  processing integer,
                  file_storage_schema_version integer,
                  thumbnail_file_name character varying,
                  thumbnail_content_type character varying,
                  thumbnail_file_size integer,
                  thumbnail_updated_at timestamp without time zone,
                  thumbnail_remote_url character varying)""",
                "CREATE INDEX index_media_attachments_on_account_id_and_status_id ON media_attachments (account_id, status_id DESC)",
                "CREATE UNIQUE INDEX index_media_attachments_on_shortcode ON media_attachments (shortcode) "
                        + "WHERE shortcode IS NOT NULL");

        for (int i = 0; i < 110; i++) {
            // Ids from before Mastodon's snowflake ids, 10-digit ones, and 18-digit snowflakes.
            long id = i < 10 ? 1000 + i * 37 : i < 20 ? 1_234_567_890L + i * 1001 : 109_876_543_210_987_000L + i * 65_536L * 977;
            boolean remote = i % 5 == 1;
            boolean cached = remote && i % 2 == 1; // storage schema version 1: under cache/
            String stem = i % 9 == 4 ? UNICODE_NAMES[i % UNICODE_NAMES.length] + "_" + i : String.format("%016x", id * 2654435761L);
            int type = i % 7 == 3 ? 2 : i % 11 == 5 ? 1 : i % 13 == 6 ? 4 : 0; // video, gifv, audio, image
            String original = stem + switch (type) {
                case 1, 2 -> ".mp4";
                case 4 -> ".mp3";
                default -> i % 2 == 0 ? ".jpg" : ".png";
            };
            insert(id, original, type, remote ? "https://remote.example/media/" + stem : "", cached ? 1 : null);
            String folder = (cached ? "cache/" : "") + "media_attachments/files/" + idPartition(id);
            live(folder + "/original/" + original);
            if (type == 1 || type == 2) {
                liveDerived(folder + "/small/" + stem + ".png");
            } else if (type == 0) {
                liveDerived(folder + "/small/" + original);
            }
            if (i % 17 == 2) {
                // The file was replaced: the old original and its small style stayed behind.
                orphan(folder + "/original/old_" + original);
                orphan(folder + "/small/old_" + original);
            }
        }
        // Attachments deleted while their files stayed, local and cached.
        for (int i = 0; i < 12; i++) {
            long id = 109_900_000_000_000_000L + i * 131_072L;
            String folder = (i % 3 == 0 ? "cache/" : "") + "media_attachments/files/" + idPartition(id);
            String stem = i % 4 == 0 ? "日本_写真_" + i : String.format("%016x", id);
            orphan(folder + "/original/" + stem + (i % 2 == 0 ? ".mp4" : ".jpg"));
            orphan(folder + "/small/" + stem + (i % 2 == 0 ? ".png" : ".jpg"));
        }
        // Remote media whose cache was cleared (file_file_name set to NULL) but whose files remain.
        for (int i = 0; i < 3; i++) {
            long id = 109_950_000_000_000_000L + i;
            insert(id, null, 0, "https://remote.example/media/" + i, 1);
            orphan("cache/media_attachments/files/" + idPartition(id) + "/original/" + i + ".png");
            orphan("cache/media_attachments/files/" + idPartition(id) + "/small/" + i + ".png");
        }
        // Mastodon's other attachments share the folder; this preset covers media_attachments.file only.
        for (String other : List.of("accounts/avatars/109/876/543/210/987/654/original/a1b2.gif",
                "accounts/avatars/109/876/543/210/987/654/static/a1b2.png",
                "accounts/headers/000/000/001/original/header.jpg",
                "cache/accounts/avatars/109/812/000/000/000/001/original/remote.png",
                "custom_emojis/images/000/000/017/original/blobcat.png",
                "custom_emojis/images/000/000/017/static/blobcat.png",
                "preview_cards/images/000/123/456/original/card.jpg",
                "site_uploads/files/000/000/001/@1x/thumbnail.png",
                "media_attachments/thumbnails/109/876/543/210/987/654/original/cover.jpg")) {
            live(other);
        }
    }

    private void insert(long id, String fileName, int type, String remoteUrl, Integer storageSchemaVersion) {
        db.execute("INSERT INTO media_attachments (id, status_id, file_file_name, file_content_type, file_file_size, "
                + "file_updated_at, remote_url, created_at, updated_at, type, account_id, file_storage_schema_version) VALUES ("
                + id + ", " + (id + 7) + ", " + (fileName == null ? "NULL" : "'" + fileName + "'") + ", 'image/png', 4321, now(), '"
                + remoteUrl + "', now(), now(), " + type + ", 1, " + storageSchemaVersion + ")");
    }
}
