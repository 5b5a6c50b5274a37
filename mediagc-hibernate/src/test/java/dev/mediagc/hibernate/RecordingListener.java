package dev.mediagc.hibernate;

import java.util.List;

/** Writes what cleanup did into a list the test reads: "deleted KEY", "failed KEY", "kept KEY: REASON". */
final class RecordingListener implements MediaFileListener {

    private final List<String> events;

    RecordingListener(List<String> events) {
        this.events = events;
    }

    @Override
    public void afterDelete(String key) {
        events.add("deleted " + key);
    }

    @Override
    public void deleteFailed(String key, Exception error) {
        events.add("failed " + key);
    }

    @Override
    public void kept(String key, String reason) {
        events.add("kept " + key + ": " + reason);
    }
}
