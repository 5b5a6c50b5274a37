package dev.mediagc.internal.config;

import dev.mediagc.spi.ObjectStoreProvider;
import dev.mediagc.spi.StoreOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The options of every store type on the class path: the local folder's, then each provider's. */
public final class StoreOptionCatalog {

    /** A local folder's: the ages it reads (the local store is built in, not found through a provider). */
    public static final List<StoreOption> LOCAL = List.of(StoreOption.flag(ObjectStoreProvider.AGE_FROM_MTIME,
            "Local stores: count a file's age from its modification time alone, not the later of it and its "
                    + "status-change time. Only for a folder whose files were all just copied in keeping their times "
                    + "(a restored backup): it gives up protecting an upload moved in with an old time."));

    private StoreOptionCatalog() {
    }

    /** Every option once, by name; the first declaration of a name wins. */
    public static List<StoreOption> all() {
        Map<String, StoreOption> byName = new LinkedHashMap<>();
        LOCAL.forEach(option -> byName.putIfAbsent(option.name(), option));
        for (ObjectStoreProvider provider : ServiceLoader.load(ObjectStoreProvider.class)) {
            provider.options().forEach(option -> byName.putIfAbsent(option.name(), option));
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Refuses a name no store on the class path takes, naming the nearest one: a misspelt endpoint
     * would otherwise send requests to AWS.
     */
    public static void requireKnown(Iterable<String> names, String spelledAs) {
        List<String> known = all().stream().map(StoreOption::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no store takes the option " + spelledAs.replace("NAME", name)
                        + NearestName.of(name, known).map(n -> "; did you mean " + spelledAs.replace("NAME", n) + "?")
                                .orElse("; known: " + known));
            }
        }
    }
}
