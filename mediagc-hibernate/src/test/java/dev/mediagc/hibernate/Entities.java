package dev.mediagc.hibernate;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;

/** The test application's model: a profile with two files and an embedded one, a document whose file is inherited. */
final class Entities {

    private Entities() {
    }

    @MappedSuperclass
    abstract static class Attachment {
        @MediaFile
        String file;
    }

    @Entity(name = "Document")
    @Table(name = "document")
    static class Document extends Attachment {
        @Id
        @GeneratedValue
        Long id;
        String title;

        Document() {
        }

        Document(String title, String file) {
            this.title = title;
            this.file = file;
        }
    }

    @Embeddable
    static class Address {
        String city;
        @MediaFile
        String photo;

        Address() {
        }

        Address(String city, String photo) {
            this.city = city;
            this.photo = photo;
        }
    }

    @Entity(name = "Profile")
    @Table(name = "profile")
    static class Profile {
        @Id
        @GeneratedValue
        Long id;
        String name;
        @MediaFile
        String avatar;
        @MediaFile(keep = {"defaults/*"})
        String banner;
        @Embedded
        Address address;

        Profile() {
        }

        Profile(String name, String avatar, String banner) {
            this.name = name;
            this.avatar = avatar;
            this.banner = banner;
        }
    }

    @Entity(name = "Note")
    @Table(name = "note")
    static class Note {
        @Id
        @GeneratedValue
        Long id;
        String text;
        int version;
    }

    /** A superclass holding the file, and a subclass whose own fields sort around it. */
    @MappedSuperclass
    abstract static class Paper {
        @MediaFile
        String pdf;
    }

    @Entity(name = "Invoice")
    @Table(name = "invoice")
    static class Invoice extends Paper {
        @Id
        @GeneratedValue
        Long id;
        String number;
        String attachments;

        Invoice() {
        }

        Invoice(String number, String attachments, String pdf) {
            this.number = number;
            this.attachments = attachments;
            this.pdf = pdf;
        }
    }
}
