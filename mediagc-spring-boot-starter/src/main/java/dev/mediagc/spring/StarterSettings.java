package dev.mediagc.spring;

import dev.mediagc.MediaGc;
import dev.mediagc.Setting;
import dev.mediagc.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

/**
 * Binds {@link MediaGcProperties} into the engine through its catalog of settings
 * ({@link Settings}): each setting is read from the property of the same name, so this is the one
 * place properties meet the builder, and a setting added to the catalog needs only its field.
 */
final class StarterSettings {

    private static final Pattern SETTING = Pattern.compile("`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`");

    private StarterSettings() {
    }

    /** The property a setting is bound from: {@code mediagc.sweep.NAME}, but the prefixes, which cleanup on change shares. */
    static String propertyOf(String setting) {
        return setting.equals("strip-prefix") ? "mediagc.cleanup.strip-prefix" : "mediagc.sweep." + setting;
    }

    /**
     * Every setting's value, checked as the engine checks it; a refused value stops startup naming
     * its property. A property left unset with no default (max-delete) is left out.
     */
    static Map<String, Object> valuesOf(MediaGcProperties properties) {
        BeanWrapper bean = new BeanWrapperImpl(properties);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Settings.all()) {
            String property = propertyOf(setting.name());
            if (!bean.isReadableProperty(beanPath(property))) {
                throw new IllegalStateException("the engine's setting `" + setting.name() + "` has no property " + property);
            }
            Object value = bean.getPropertyValue(beanPath(property));
            if (value != null) {
                try {
                    values.put(setting.name(), Settings.parse(setting.name(), value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(asProperties(e.getMessage()), e);
                }
            }
        }
        return values;
    }

    /** A builder with every setting applied; {@code apply} overrides mediagc.sweep.apply (a dry run on demand). */
    static MediaGc.Builder applyTo(MediaGc.Builder builder, MediaGcProperties properties, boolean apply) {
        Map<String, Object> values = valuesOf(properties);
        values.put("apply", apply);
        return Settings.applyTo(builder, values);
    }

    /** {@code sweep.minAge} for {@code mediagc.sweep.min-age}. */
    static String beanPath(String property) {
        Matcher dash = Pattern.compile("-([a-z0-9])").matcher(property.substring("mediagc.".length()));
        return dash.replaceAll(m -> m.group(1).toUpperCase(java.util.Locale.ROOT));
    }

    /** The engine names settings as {@code `max-delete`}; here they are properties. */
    static String asProperties(String message) {
        return SETTING.matcher(message).replaceAll(m -> propertyOf(m.group(1)));
    }
}
