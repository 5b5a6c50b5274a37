package dev.mediagc.spring.testapp;

import dev.mediagc.hibernate.MediaFile;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The smallest application using the starter: one entity with one file. In a package of its own,
 * as an application is, so its component scan does not pick up the starter's configuration classes.
 */
@SpringBootApplication
@org.springframework.data.jpa.repository.config.EnableJpaRepositories(considerNestedRepositories = true)
public class StarterTestApplication {

    @Entity
    public static class Photo {
        @Id
        @GeneratedValue
        Long id;
        @MediaFile
        String path;

        protected Photo() {
        }

        public Photo(String path) {
            this.path = path;
        }
    }

    public interface Photos extends JpaRepository<Photo, Long> {
    }
}
