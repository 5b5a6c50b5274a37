package dev.mediagc.spring;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store named by {@code mediagc.store.root} or {@code mediagc.store.s3}; an ObjectStore bean of the application wins. */
final class MediaGcStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaGcStoreConfiguration.class);

    private MediaGcStoreConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "mediagc.store", name = "root")
    @ConditionalOnMissingBean(ObjectStore.class)
    static class LocalStoreConfiguration {

        @Bean(destroyMethod = "close")
        ObjectStore mediaGcStore(MediaGcProperties properties) {
            properties.getStore().validate();
            Path root = properties.getStore().getRoot();
            if (root == null) {
                throw new IllegalStateException("mediagc.store.root is empty; name the media folder, or remove the property");
            }
            LocalStore local = LocalStore.at(createdIfMissing(root));
            return "true".equals(properties.getStore().storeOptions().get(ObjectStoreProvider.AGE_FROM_MTIME))
                    ? local.agingByModificationTimeOnly() : local;
        }

        /** A media folder the application has not written to yet is made, so the application can start. */
        private static Path createdIfMissing(Path root) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(root);
                    log.info("created the media folder {} (mediagc.store.root)", root);
                } catch (IOException e) {
                    throw new IllegalStateException("mediagc.store.root " + root + " does not exist and cannot be created ("
                            + e.getMessage() + "); create it or point mediagc.store.root at the media folder", e);
                }
            }
            return root;
        }
    }

    /**
     * No class condition on mediagc-s3: the store is found through {@code ObjectStoreProvider}, and
     * without mediagc-s3 an {@code s3://} location stops startup saying what is missing, rather
     * than leaving the application without its sweep and cleanup unnoticed.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "mediagc.store", name = "s3")
    @ConditionalOnMissingBean(ObjectStore.class)
    static class S3StoreConfiguration {

        @Bean(destroyMethod = "close")
        ObjectStore mediaGcStore(MediaGcProperties properties) {
            MediaGcProperties.Store store = properties.getStore();
            store.validate();
            Map<String, String> options = store.storeOptions();
            try {
                return dev.mediagc.Stores.open(store.getS3(), options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("mediagc.store.s3 " + store.getS3() + ": " + e.getMessage(), e);
            }
        }
    }
}
