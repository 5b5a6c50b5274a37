package dev.mediagc.example;

import dev.mediagc.hibernate.MediaFile;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A listing with two files: mediagc deletes each after commit once no row holds it. */
@Entity
public class Listing {

    @Id
    @GeneratedValue
    private Long id;

    private String title;

    @MediaFile(keep = "defaults/*")
    private String photo;

    @MediaFile
    private String brochure;

    protected Listing() {
    }

    public Listing(String title, String photo, String brochure) {
        this.title = title;
        this.photo = photo;
        this.brochure = brochure;
    }

    public Long getId() { return id; }
    public String getTitle() { return title; }
    public String getPhoto() { return photo; }
    public void setPhoto(String photo) { this.photo = photo; }
    public String getBrochure() { return brochure; }
}
