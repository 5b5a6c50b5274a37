package dev.mediagc.hibernate;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;

/**
 * Entities in the shapes applications write them: attributes out of alphabetical order, files
 * declared in superclasses several levels up, in nested embeddables, and under each inheritance
 * strategy. Every String attribute that is not a file is given the name of an existing file by the
 * tests, so reading the wrong attribute deletes a file.
 */
final class MappingShapes {

    private MappingShapes() {
    }

    @MappedSuperclass
    abstract static class Media0 {
        @MediaFile
        String zFile;
    }

    @MappedSuperclass
    abstract static class Media1 extends Media0 {
        String alpha;
    }

    @Entity(name = "Poster")
    @Table(name = "poster")
    static class Poster extends Media1 {
        @Id
        @GeneratedValue
        Long id;
        String caption;
    }

    @Entity(name = "Asset")
    @Table(name = "asset")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    static class Asset {
        @Id
        @GeneratedValue
        Long id;
        String label;
        @MediaFile
        String image;
    }

    @Entity(name = "Banner")
    static class Banner extends Asset {
        @MediaFile
        String wide;
        String alt;
    }

    @Entity(name = "Shape")
    @Table(name = "shape")
    @Inheritance(strategy = InheritanceType.JOINED)
    static class Shape {
        @Id
        @GeneratedValue
        Long id;
        String name;
        @MediaFile
        String icon;
    }

    @Entity(name = "Circle")
    @Table(name = "circle")
    static class Circle extends Shape {
        String color;
        @MediaFile
        String texture;
    }

    @Entity(name = "Vehicle")
    @Table(name = "vehicle")
    @Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
    static class Vehicle {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE)
        Long id;
        String plate;
        @MediaFile
        String photo;
    }

    @Entity(name = "Truck")
    @Table(name = "truck")
    static class Truck extends Vehicle {
        String cargo;
        @MediaFile
        String manifest;
    }

    @Embeddable
    static class Postal {
        String street;
        @MediaFile
        String map;
    }

    @Embeddable
    static class Contact {
        String phone;
        @Embedded
        Postal postal;
    }

    @Entity(name = "Company")
    @Table(name = "company")
    static class Company {
        @Id
        @GeneratedValue
        Long id;
        String name;
        @Embedded
        Contact contact;
    }

    /** Quoted names with capitals and a space, in a schema of their own: the re-check must name them as the DDL did. */
    @Entity(name = "Slide")
    @Table(name = "\"Slide Deck\"", schema = "media")
    static class Slide {
        @Id
        @GeneratedValue
        Long id;
        @MediaFile
        @jakarta.persistence.Column(name = "\"Image Key\"")
        String image;

        Slide() {
        }

        Slide(String image) {
            this.image = image;
        }
    }
}
