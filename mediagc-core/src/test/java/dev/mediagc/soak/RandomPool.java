package dev.mediagc.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A set that can hand out a uniformly random member in constant time (not thread-safe). */
final class RandomPool<T> {

    private final List<T> members = new ArrayList<>();
    private final Map<T, Integer> positions = new HashMap<>();

    void add(T member) {
        if (positions.putIfAbsent(member, members.size()) == null) {
            members.add(member);
        }
    }

    void remove(T member) {
        Integer position = positions.remove(member);
        if (position == null) {
            return;
        }
        T last = members.remove(members.size() - 1);
        if (position < members.size()) {
            // Fill the hole with the last member, so removal stays constant time.
            members.set(position, last);
            positions.put(last, position);
        }
    }

    /** A random member, or null when empty. */
    T pick(Random random) {
        return members.isEmpty() ? null : members.get(random.nextInt(members.size()));
    }

    int size() {
        return members.size();
    }
}
