package dev.mediagc.hibernate;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entities whose files live in {@code @ElementCollection}s: a gallery of keys (a bag), a set of
 * keys in a table named by the mapping and a quoted mixed-case column, embeddable attachments
 * whose caption is not a file, a collection inside an embedded attribute, and a map whose values
 * are files. Every String that is not a file is given the name of an existing file by the tests, so
 * reading the wrong attribute or collection deletes a file.
 */
final class Galleries {

    private Galleries() {
    }

    @Embeddable
    static class Attachment {
        @MediaFile
        String file;
        String caption;

        Attachment() {
        }

        Attachment(String file, String caption) {
            this.file = file;
            this.caption = caption;
        }
    }

    /** An embedded attribute of the listing that has a collection of its own. */
    @Embeddable
    static class Agent {
        String name;
        @ElementCollection
        @MediaFile
        List<String> portraits = new ArrayList<>();
    }

    @Entity(name = "Listing")
    @Table(name = "listing")
    static class Listing {
        @Id
        @GeneratedValue
        Long id;
        String title;
        @ElementCollection
        @MediaFile
        List<String> photos = new ArrayList<>();
        @ElementCollection
        @CollectionTable(name = "listing_floor_plan")
        @Column(name = "\"planKey\"")
        @MediaFile
        Set<String> floorPlans = new LinkedHashSet<>();
        @ElementCollection
        List<Attachment> attachments = new ArrayList<>();
        /** Not files: the same kind of value, no {@code @MediaFile}. */
        @ElementCollection
        List<String> keywords = new ArrayList<>();
        @Embedded
        Agent agent = new Agent();
        /** The values are files; the map keys (languages) are not. */
        @ElementCollection
        @MediaFile
        Map<String, String> leafletsByLanguage = new LinkedHashMap<>();
    }

    /** A plain file column elsewhere that may name a gallery's file too. */
    @Entity(name = "Cover")
    @Table(name = "cover")
    static class Cover {
        @Id
        @GeneratedValue
        Long id;
        @MediaFile
        String image;
    }
}
