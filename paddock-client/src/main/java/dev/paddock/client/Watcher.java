package dev.paddock.client;

/**
 * Receives watch events and connection-state changes. All callbacks of one client run on that client's single
 * event thread, in the order the events happened; a slow watcher delays every later event.
 */
@FunctionalInterface
public interface Watcher {
    void process(WatchedEvent event);
}
