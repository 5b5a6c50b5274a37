package dev.mediagc.example;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Upload, replace and delete. The application never deletes a file itself: mediagc does, after commit. */
@RestController
@RequestMapping("/listings")
public class ListingController {

    private final ListingRepository listings;
    private final MediaFolder media;

    public ListingController(ListingRepository listings, MediaFolder media) {
        this.listings = listings;
        this.media = media;
    }

    @PostMapping
    public ResponseEntity<Listing> create(@RequestParam String title, @RequestParam MultipartFile photo,
                                          @RequestParam(required = false) MultipartFile brochure) throws IOException {
        String brochureKey = brochure == null ? null : media.save("brochures", brochure);
        Listing listing = listings.save(new Listing(title, media.save("photos", photo), brochureKey));
        return ResponseEntity.status(HttpStatus.CREATED).body(listing);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Listing> get(@PathVariable Long id) {
        return ResponseEntity.of(listings.findById(id));
    }

    @PutMapping("/{id}/photo")
    @Transactional
    public ResponseEntity<Listing> replacePhoto(@PathVariable Long id, @RequestParam MultipartFile photo) throws IOException {
        return listings.findById(id).map(listing -> {
            try {
                listing.setPhoto(media.save("photos", photo));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ResponseEntity.ok(listing);
        }).orElse(ResponseEntity.notFound().build());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable Long id) {
        if (!listings.existsById(id)) {
            return ResponseEntity.notFound().build();
        }
        listings.deleteById(id);
        return ResponseEntity.noContent().build();
    }
}
